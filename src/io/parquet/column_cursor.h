#pragma once

// One column chunk of a row group, read page by page: the reader's ColumnCursor decompresses
// one page at a time and yields the column's values, rendered, with nulls from its definition
// levels. Damage throws Corrupt, what is not read throws Unsupported (io/parquet/codec.h), a
// bad page header a Thrift exception; the reader adds where.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/parquet/codec.h"
#include "io/parquet/encodings.h"
#include "io/parquet/levels.h"
#include "io/parquet/page_stream.h"
#include "io/parquet/schema.h"
#include "io/table.h"
#include "parquet_types.h"

namespace mlops::io::parquet {

// A value of a column annotated as text (STRING, ENUM, JSON) that is not UTF-8: the reader
// names the row as well.
class InvalidUtf8 : public Corrupt {
 public:
  using Corrupt::Corrupt;
};

// Texts kept for a batch of rows (ColumnCursor::next_batch): blocks that never move while the
// batch lives, reused by the next one.
class TextArena {
 public:
  void clear() {
    block_ = 0;
    used_ = 0;
  }
  // A copy of `text` that stays valid until clear().
  std::string_view keep(std::string_view text);

 private:
  static constexpr std::size_t kBlockBytes = std::size_t{64} << 10;
  std::vector<std::string> blocks_;  // each sized once; only the first used_ bytes of block_
  std::size_t block_ = 0;
  std::size_t used_ = 0;
};

class ColumnCursor {
 public:
  explicit ColumnCursor(const Column& column) : column_(&column) {}

  // Starts the chunk of `size` bytes at file offset `offset` of `file`, read page by page
  // (bytes read from the file are added to *bytes_read).
  void start_chunk(std::shared_ptr<RandomAccess> file, std::uint64_t offset, std::uint64_t size,
                   std::int32_t codec, std::uint64_t* bytes_read) {
    stream_.start(std::move(file), offset, size, bytes_read);
    page_offset_ = offset;
    codec_ = codec;
    page_left_ = 0;
    dictionary_text_.clear();
    dictionary_.clear();
    dictionary_utf8_.clear();
    has_dictionary_ = false;
    page_values_.start_chunk();
  }

  // The file offset of the page being read (for messages).
  std::uint64_t page_offset() const { return page_offset_; }

  // The values left in the current page, after loading the next page with values when none are
  // left: next_batch() reads at most this many.
  std::int64_t ready() {
    while (page_left_ == 0) load_page();
    return page_left_;
  }

  // The next `n` (at most ready()) values into `out`: as codes when they are all entries of
  // the dictionary, else as fields. Their texts stay valid until the page changes, or `arena`
  // is cleared for those the cursor renders (numbers, dates...). `done` counts the values
  // read, for the row an error names.
  void next_batch(BatchColumn& out, std::size_t n, TextArena& arena, std::size_t& done);

  void next(Field& field) {
    while (page_left_ == 0) load_page();
    --page_left_;
    if (column_->optional) {
      // Below the maximum: the value or a struct above it is null.
      const std::uint32_t level = def_.next();
      if (level < static_cast<std::uint32_t>(column_->max_def)) {
        field.text = {};
        field.null = true;
        field.dictionary = 0;
        return;
      }
      if (level != static_cast<std::uint32_t>(column_->max_def)) {
        throw Corrupt("a definition level of " + std::to_string(level));
      }
    }
    field.null = false;
    if (dictionary_encoded_) {
      // The usual case, inline: an index into the page's dictionary.
      const std::uint32_t index = indices_.next();
      if (entry_ok(index)) {
        field.dictionary = dictionary_id_;
        field.code = index;
        field.text = dictionary_[index];
        return;
      }
      field.dictionary = 0;
      field.text = bad_dictionary_value(index);
      return;
    }
    field.dictionary = 0;
    field.text = next_value();
  }

 private:
  // The next value of a page that is not dictionary-encoded.
  std::string_view next_value();
  // Throws for a dictionary index past the dictionary, or an entry of a text column that is
  // not UTF-8 (checked only when used).
  [[noreturn]] std::string_view bad_dictionary_value(std::uint32_t index) const;
  // next_batch's values as fields; `levels` are their definition levels (optional columns).
  void next_fields(Field* out, std::size_t n, const std::uint32_t* levels, TextArena& arena,
                   std::size_t& done);
  // The next PLAIN text value (BYTE_ARRAY, no rendering): a view of the page, checked to be UTF-8.
  std::string_view next_text();
  // Whether dictionary index `index` names an entry that may be read (a text column's entry
  // must be UTF-8).
  bool entry_ok(std::uint32_t index) const {
    return index < dictionary_.size() && (!column_->utf8 || dictionary_utf8_[index]);
  }
  // Whether `text` lies in the current page or the dictionary (then it needs no copy while the
  // page is read).
  bool stays(std::string_view text) const;
  // Throws InvalidUtf8 when a STRING column's value is not UTF-8.
  void check_utf8(std::string_view value) const;
  // Reads one PLAIN value at p (advancing it) and renders it into `scratch`.
  std::string_view plain_value(const std::uint8_t*& p, const std::uint8_t* end,
                               std::string& scratch) const;
  // Reads page headers until a data page with values, which becomes the current page.
  void load_page();
  // Decompresses a whole page's `body` into page_.
  void decompress_page(const std::uint8_t* body, std::size_t body_size, std::size_t page_size);
  void read_dictionary(const format::DictionaryPageHeader& header);
  void start_v1(const format::DataPageHeader& header);
  void start_v2(const format::DataPageHeaderV2& header, const std::uint8_t* body,
                std::size_t body_size, std::size_t page_size);
  void start_values(const std::uint8_t* p, const std::uint8_t* end, std::int32_t encoding);

  const Column* column_;
  std::uint64_t page_offset_ = 0;  // file offset of the current page's header
  std::int64_t page_left_ = 0;     // values (nulls included) left in it
  const std::uint8_t* values_ = nullptr;
  const std::uint8_t* values_end_ = nullptr;
  std::uint64_t bool_bit_ = 0;
  std::vector<std::uint8_t> page_;  // the current page, decompressed
  std::vector<std::string_view> dictionary_;
  std::vector<std::uint32_t> levels_;  // next_batch's definition levels
  std::string dictionary_text_;        // the dictionary's values, rendered, one after another
  std::string scratch_;
  std::vector<bool> dictionary_utf8_;  // STRING columns: whether each entry is valid UTF-8
  PageStream stream_;                  // the column chunk's pages, as in the file
  RleDecoder def_;
  RleDecoder indices_;  // dictionary indices, or RLE booleans
  PageValues page_values_;
  std::int32_t codec_ = 0;
  std::int32_t encoding_ = 0;
  std::uint32_t dictionary_id_ = 0;  // Field::dictionary of its values
  bool dictionary_encoded_ = false;
  bool has_dictionary_ = false;
  bool dictionary_valid_ = true;  // whether every entry is valid UTF-8 (or the column is not text)
  bool page_values_encoded_ = false;  // the page's values are read by page_values_
};

}  // namespace mlops::io::parquet
