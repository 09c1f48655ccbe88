// Page and column-chunk decoding: page headers and their CRC-32, dictionary pages, data pages
// v1 and v2 (their definition levels), PLAIN, dictionary and RLE-boolean values
// (io/parquet/column_cursor.h).
#include "io/parquet/column_cursor.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "io/parquet/render.h"
#include "io/parquet/thrift_decode.h"
#include "io/utf8.h"

namespace mlops::io::parquet {
namespace {

namespace pf = format;

// A page larger than this, decompressed, is taken for damage rather than allocated.
constexpr std::int64_t kMaxPageBytes = std::int64_t{1} << 30;

// Whether `text` is ASCII (then valid UTF-8, the usual text): eight bytes at a time.
bool is_ascii(std::string_view text) {
  std::size_t i = 0;
  std::uint64_t high = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
  return (high & 0x8080808080808080u) == 0;
}

}  // namespace

std::string_view TextArena::keep(std::string_view text) {
  if (text.empty()) return {};
  while (block_ < blocks_.size() && blocks_[block_].size() - used_ < text.size()) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    blocks_.emplace_back(std::max(kBlockBytes, text.size()), '\0');
    used_ = 0;
  }
  char* at = blocks_[block_].data() + used_;
  std::memcpy(at, text.data(), text.size());
  used_ += text.size();
  return {at, text.size()};
}

bool ColumnCursor::stays(std::string_view text) const {
  auto inside = [&](const char* begin, std::size_t size) {
    const auto p = reinterpret_cast<std::uintptr_t>(text.data());
    const auto b = reinterpret_cast<std::uintptr_t>(begin);
    return p >= b && p + text.size() <= b + size;
  };
  return text.empty() || inside(reinterpret_cast<const char*>(page_.data()), page_.size()) ||
         inside(dictionary_text_.data(), dictionary_text_.size());
}

void ColumnCursor::next_batch(BatchColumn& out, std::size_t n, TextArena& arena,
                              std::size_t& done) {
  done = 0;
  const std::uint32_t* levels = nullptr;
  bool nulls = false;
  const auto max = static_cast<std::uint32_t>(column_->max_def);
  if (column_->optional && !def_.take_repeats(max, n)) {
    levels_.resize(n);
    def_.next_n(levels_.data(), n);
    levels = levels_.data();
    for (std::size_t r = 0; r < n; ++r) nulls |= levels[r] != max;
  }
  if (dictionary_encoded_ && !nulls) {
    // The usual dictionary column: its codes, checked at once.
    if (out.codes.size() < n) out.codes.resize(n);
    std::uint32_t* codes = out.codes.data();
    indices_.next_n(codes, n);
    std::uint32_t highest = 0;
    for (std::size_t r = 0; r < n; ++r) highest = std::max(highest, codes[r]);
    if (highest >= dictionary_.size() || !dictionary_valid_) {
      for (; done < n; ++done) {
        if (!entry_ok(codes[done])) bad_dictionary_value(codes[done]);
      }
    }
    out.dictionary = dictionary_id_;
    out.entries = dictionary_.data();
    out.entry_count = dictionary_.size();
    page_left_ -= static_cast<std::int64_t>(n);
    done = n;
    return;
  }
  out.dictionary = 0;
  if (out.fields.size() < n) out.fields.resize(n);
  next_fields(out.fields.data(), n, levels, arena, done);
}

void ColumnCursor::next_fields(Field* out, std::size_t n, const std::uint32_t* levels,
                               TextArena& arena, std::size_t& done) {
  const auto max = static_cast<std::uint32_t>(column_->max_def);
  // PLAIN text (STRING and the like), the usual column that is not dictionary-encoded: views of
  // the page, without the rendering step.
  const bool plain_text = !dictionary_encoded_ && !page_values_encoded_ &&
                          encoding_ == pf::Encoding::PLAIN &&
                          column_->physical == pf::Type::BYTE_ARRAY &&
                          column_->render == Render::kBytes && column_->utf8;
  for (; done < n; ++done) {
    Field& f = out[done];
    --page_left_;
    f.dictionary = 0;
    if (levels != nullptr && levels[done] != max) {
      if (levels[done] > max)
        throw Corrupt("a definition level of " + std::to_string(levels[done]));
      f.text = {};
      f.null = true;
      continue;
    }
    f.null = false;
    if (plain_text) {
      f.text = next_text();
    } else if (dictionary_encoded_) {
      const std::uint32_t index = indices_.next();
      if (!entry_ok(index)) bad_dictionary_value(index);
      f.dictionary = dictionary_id_;
      f.code = index;
      f.text = dictionary_[index];
    } else {
      f.text = next_value();
      if (!stays(f.text)) f.text = arena.keep(f.text);
    }
  }
}

std::string_view ColumnCursor::next_text() {
  if (values_end_ - values_ < 4) throw Corrupt("the page's values end early");
  const std::uint32_t size = load_le<std::uint32_t>(values_);
  values_ += 4;
  if (static_cast<std::size_t>(values_end_ - values_) < size) {
    throw Corrupt("the page's values end early");
  }
  const std::string_view text(reinterpret_cast<const char*>(values_), size);
  values_ += size;
  if (!is_ascii(text)) check_utf8(text);
  return text;
}

std::string_view ColumnCursor::bad_dictionary_value(std::uint32_t index) const {
  if (index >= dictionary_.size()) {
    throw Corrupt("dictionary index " + std::to_string(index) + " of a dictionary of " +
                  std::to_string(dictionary_.size()));
  }
  check_utf8(dictionary_[index]);
  throw std::logic_error("a dictionary entry judged not UTF-8 is UTF-8");
}

std::string_view ColumnCursor::next_value() {
  if (page_values_encoded_) {
    const std::string_view v = page_values_.next();
    if (column_->utf8) check_utf8(v);
    return render(*column_, reinterpret_cast<const std::uint8_t*>(v.data()), v.size(), scratch_);
  }
  if (column_->physical == pf::Type::BOOLEAN) {
    std::uint8_t bit = 0;
    if (encoding_ == pf::Encoding::RLE) {
      const std::uint32_t v = indices_.next();
      if (v > 1) throw Corrupt("a boolean of value " + std::to_string(v));
      bit = static_cast<std::uint8_t>(v);
    } else {
      if (bool_bit_ / 8 >= static_cast<std::uint64_t>(values_end_ - values_)) {
        throw Corrupt("the page's values end early");
      }
      bit = (values_[bool_bit_ / 8] >> (bool_bit_ % 8)) & 1u;
      ++bool_bit_;
    }
    return render(*column_, &bit, 1, scratch_);
  }
  const std::string_view v = plain_value(values_, values_end_, scratch_);
  if (column_->utf8) check_utf8(v);
  return v;
}

void ColumnCursor::check_utf8(std::string_view value) const {
  if (is_ascii(value)) return;
  Utf8Validator validator;
  std::size_t at = validator.feed(value.data(), value.size());
  if (at == value.size() && !validator.incomplete()) return;
  at -= static_cast<std::size_t>(validator.sequence_bytes());
  static constexpr std::string_view kHex = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(value[at]);
  throw InvalidUtf8(std::string("the value is not valid UTF-8 (byte 0x") + kHex[byte >> 4] +
                    kHex[byte & 0xF] + " at offset " + std::to_string(at) + " of its " +
                    std::to_string(value.size()) + " bytes), in a column annotated as text");
}

std::string_view ColumnCursor::plain_value(const std::uint8_t*& p, const std::uint8_t* end,
                                           std::string& scratch) const {
  std::size_t size = fixed_size(*column_);
  if (column_->physical == pf::Type::BYTE_ARRAY) {
    if (end - p < 4) throw Corrupt("the page's values end early");
    size = load_le<std::uint32_t>(p);
    p += 4;
  }
  if (static_cast<std::size_t>(end - p) < size) throw Corrupt("the page's values end early");
  const std::uint8_t* value = p;
  p += size;
  return render(*column_, value, size, scratch);
}

void ColumnCursor::load_page() {
  for (;;) {
    page_offset_ = stream_.offset();
    if (stream_.remaining() == 0) {
      throw Corrupt("the column chunk ends before its row group's last row");
    }
    pf::PageHeader header;
    stream_.read_struct(header, [](const std::uint8_t* p, std::size_t n, pf::PageHeader& h) {
      return decode_thrift(p, n, h);
    });
    if (header.compressed_page_size < 0 ||
        static_cast<std::uint64_t>(header.compressed_page_size) > stream_.remaining()) {
      throw Corrupt("a page of " + std::to_string(header.compressed_page_size) +
                    " bytes runs past the end of its column chunk");
    }
    if (header.uncompressed_page_size < 0 || header.uncompressed_page_size > kMaxPageBytes) {
      throw Corrupt("a page of " + std::to_string(header.uncompressed_page_size) +
                    " bytes decompressed");
    }
    // The page's bytes stay valid until the next page is read from the stream.
    const auto body_size = static_cast<std::size_t>(header.compressed_page_size);
    std::size_t available = 0;
    const std::uint8_t* body = stream_.peek(body_size, available);
    stream_.skip(body_size);
    // The page's CRC-32 (zlib's), when the writer gave one, is of its bytes as stored.
    if (header.__isset.crc && static_cast<std::uint32_t>(header.crc) !=
                                  crc32(crc32(0, nullptr, 0), body, static_cast<uInt>(body_size))) {
      throw Corrupt("the page's checksum (CRC-32) does not match its bytes");
    }
    const auto page_size = static_cast<std::size_t>(header.uncompressed_page_size);
    switch (header.type) {
      case pf::PageType::DICTIONARY_PAGE:
        if (!header.__isset.dictionary_page_header) {
          throw Corrupt("a dictionary page without its header");
        }
        decompress_page(body, body_size, page_size);
        read_dictionary(header.dictionary_page_header);
        continue;
      case pf::PageType::DATA_PAGE:
        if (!header.__isset.data_page_header) throw Corrupt("a data page without its header");
        // A page without values holds nothing to read, whatever its bytes (some writers leave
        // out even the definition levels' length).
        if (header.data_page_header.num_values == 0) continue;
        decompress_page(body, body_size, page_size);
        start_v1(header.data_page_header);
        break;
      case pf::PageType::DATA_PAGE_V2:
        if (!header.__isset.data_page_header_v2) {
          throw Corrupt("a version 2 data page without its header");
        }
        if (header.data_page_header_v2.num_values == 0) continue;
        start_v2(header.data_page_header_v2, body, body_size, page_size);
        break;
      default:
        continue;  // index pages and pages of types not yet defined: skipped
    }
    if (page_left_ > 0) return;
  }
}

void ColumnCursor::decompress_page(const std::uint8_t* body, std::size_t body_size,
                                   std::size_t page_size) {
  parquet::check_decompressed_size(codec_, body, body_size, page_size);
  page_.resize(page_size);
  parquet::decompress(codec_, body, body_size, page_.data(), page_size);
}

void ColumnCursor::read_dictionary(const pf::DictionaryPageHeader& header) {
  if (header.encoding != pf::Encoding::PLAIN && header.encoding != pf::Encoding::PLAIN_DICTIONARY) {
    throw Unsupported("a dictionary page in " + encoding_name(header.encoding) + " encoding");
  }
  if (column_->physical == pf::Type::BOOLEAN) throw Corrupt("a dictionary for booleans");
  if (header.num_values < 0) throw Corrupt("a dictionary of a negative number of values");
  dictionary_text_.clear();
  dictionary_.clear();
  dictionary_utf8_.clear();
  std::vector<std::size_t> ends;
  const std::uint8_t* p = page_.data();
  const std::uint8_t* end = p + page_.size();
  for (std::int32_t i = 0; i < header.num_values; ++i) {
    const std::string_view v = plain_value(p, end, scratch_);
    dictionary_text_ += v;
    ends.push_back(dictionary_text_.size());
    if (column_->utf8) {
      Utf8Validator validator;
      dictionary_utf8_.push_back(validator.feed(v.data(), v.size()) == v.size() &&
                                 !validator.incomplete());
    }
  }
  dictionary_.reserve(ends.size());
  std::size_t begin = 0;
  for (std::size_t e : ends) {
    dictionary_.emplace_back(dictionary_text_.data() + begin, e - begin);
    begin = e;
  }
  dictionary_valid_ =
      std::find(dictionary_utf8_.begin(), dictionary_utf8_.end(), false) == dictionary_utf8_.end();
  has_dictionary_ = true;
  dictionary_id_ = new_dictionary_id();
}

void ColumnCursor::start_v1(const pf::DataPageHeader& header) {
  if (header.num_values < 0) throw Corrupt("a page of a negative number of values");
  const std::uint8_t* p = page_.data();
  const std::uint8_t* end = p + page_.size();
  if (column_->optional) {
    if (header.definition_level_encoding != pf::Encoding::RLE) {
      throw Unsupported("definition levels in " + encoding_name(header.definition_level_encoding) +
                        " encoding");
    }
    if (end - p < 4) throw Corrupt("a data page ends in its definition levels");
    const std::uint32_t size = load_le<std::uint32_t>(p);
    p += 4;
    if (size > static_cast<std::size_t>(end - p)) {
      throw Corrupt("definition levels of " + std::to_string(size) + " bytes run past the page");
    }
    def_ = RleDecoder(p, size, bit_width_of(static_cast<std::uint32_t>(column_->max_def)));
    p += size;
  }
  start_values(p, end, header.encoding);
  page_left_ = header.num_values;
}

void ColumnCursor::start_v2(const pf::DataPageHeaderV2& header, const std::uint8_t* body,
                            std::size_t body_size, std::size_t page_size) {
  if (header.num_values < 0) throw Corrupt("a page of a negative number of values");
  const std::int64_t levels =
      std::int64_t{header.definition_levels_byte_length} + header.repetition_levels_byte_length;
  if (header.definition_levels_byte_length < 0 || header.repetition_levels_byte_length < 0 ||
      levels > static_cast<std::int64_t>(body_size) ||
      levels > static_cast<std::int64_t>(page_size)) {
    throw Corrupt("levels of " + std::to_string(levels) + " bytes in a page of " +
                  std::to_string(body_size));
  }
  const auto level_bytes = static_cast<std::size_t>(levels);
  // Levels are never compressed; the values after them are unless is_compressed is false.
  const std::int32_t codec = header.is_compressed ? codec_ : pf::CompressionCodec::UNCOMPRESSED;
  parquet::check_decompressed_size(codec, body + level_bytes, body_size - level_bytes,
                                   page_size - level_bytes);
  page_.resize(page_size);
  std::memcpy(page_.data(), body, level_bytes);
  parquet::decompress(codec, body + level_bytes, body_size - level_bytes,
                      page_.data() + level_bytes, page_size - level_bytes);
  const std::uint8_t* def = page_.data() + header.repetition_levels_byte_length;
  if (column_->optional) {
    def_ = RleDecoder(def, static_cast<std::size_t>(header.definition_levels_byte_length),
                      bit_width_of(static_cast<std::uint32_t>(column_->max_def)));
  }
  start_values(page_.data() + level_bytes, page_.data() + page_.size(), header.encoding);
  page_left_ = header.num_values;
}

void ColumnCursor::start_values(const std::uint8_t* p, const std::uint8_t* end,
                                std::int32_t encoding) {
  values_ = p;
  values_end_ = end;
  bool_bit_ = 0;
  encoding_ = encoding;
  dictionary_encoded_ = false;
  page_values_encoded_ = false;
  switch (encoding) {
    case pf::Encoding::PLAIN:
      return;
    case pf::Encoding::PLAIN_DICTIONARY:
    case pf::Encoding::RLE_DICTIONARY:
      if (!has_dictionary_) throw Corrupt("a dictionary-encoded page without a dictionary");
      dictionary_encoded_ = true;
      // A page of nulls only may have no bit width byte.
      indices_ = p == end ? RleDecoder(p, 0, 0) : RleDecoder(p + 1, end - p - 1, *p);
      return;
    case pf::Encoding::RLE:
      if (column_->physical == pf::Type::BOOLEAN) {
        if (end - p < 4) throw Corrupt("RLE booleans without their length");
        const std::uint32_t size = load_le<std::uint32_t>(p);
        indices_ = RleDecoder(p + 4, std::min<std::size_t>(size, end - p - 4), 1);
        return;
      }
      break;
    default:
      break;
  }
  page_values_.start(encoding, *column_, p, end);
  page_values_encoded_ = true;
}
}  // namespace mlops::io::parquet
