#include "io/parquet/parquet_reader.h"

// The ParquetReader itself: the footer, the schema's columns, and rows read one row group at a
// time through a ColumnCursor per column. The pieces: random_access.cpp, thrift_decode.h,
// schema.h, render.h, column_cursor.h, codec.h, levels.h.

#include <algorithm>
#include <array>
#include <utility>

#include "core/error.h"
#include "io/parquet/codec.h"
#include "io/parquet/column_cursor.h"
#include "io/parquet/nested.h"
#include "io/parquet/pieces.h"
#include "io/parquet/render.h"
#include "io/parquet/schema.h"
#include "io/parquet/thrift_decode.h"
#include "parquet_types.h"

namespace mlops::io {
namespace {

namespace pf = parquet::format;
using parquet::Column;
using parquet::ColumnCursor;
using parquet::Corrupt;
using parquet::decode_thrift;
using parquet::load_le;
using parquet::Unsupported;

constexpr std::string_view kMagic = "PAR1";
constexpr std::string_view kEncryptedMagic = "PARE";  // a Parquet file with an encrypted footer

const char* const kDamagedHint = "the file is damaged or was cut short: write it again";
const char* const kUnreadableHint =
    "the tools read columns of one value per row: leave this column out of what the tool reads "
    "(a contract's columns, `role: ignore` in a drift config, the gate's columns) or write the "
    "file without it; a struct's fields are read as columns of their own (\"struct.field\")";
const char* const kUnsupportedHint =
    "write the column with a type and encoding this reader reads (docs/conventions.md, "
    "Parquet), or convert the file to CSV";

// The table columns of the footer's schema (io/parquet/nested.h), checked against its row
// groups; `fail(what, offset, hint)` throws.
template <typename Fail>
std::vector<Column> resolve_schema(const pf::FileMetaData& meta, std::uint64_t footer_offset,
                                   const Fail& fail) {
  parquet::Schema schema;
  try {
    schema = parquet::flatten_schema(meta.schema);
  } catch (const Unsupported& u) {
    fail(u.what(), footer_offset, kUnsupportedHint);
  } catch (const Corrupt& c) {
    fail(c.what(), footer_offset, kDamagedHint);
  }
  for (std::size_t g = 0; g < meta.row_groups.size(); ++g) {
    const pf::RowGroup& rg = meta.row_groups[g];
    if (rg.columns.size() != schema.leaves || rg.num_rows < 0) {
      fail("row group " + std::to_string(g) + " has " + std::to_string(rg.columns.size()) +
               " column chunks and " + std::to_string(rg.num_rows) + " rows for " +
               std::to_string(schema.leaves) + " columns",
           footer_offset, kDamagedHint);
    }
  }
  return std::move(schema.columns);
}

// Where a column chunk's first data page is (file_offset is deprecated: DuckDB writes 0).
std::uint64_t first_page_offset(const pf::ColumnChunk& chunk) {
  const std::int64_t at = chunk.__isset.meta_data && chunk.meta_data.data_page_offset > 0
                              ? chunk.meta_data.data_page_offset
                              : chunk.file_offset;
  return static_cast<std::uint64_t>(std::max<std::int64_t>(at, 0));
}

}  // namespace

bool is_parquet_magic(std::string_view head) {
  return head.substr(0, 4) == kMagic || head.substr(0, 4) == kEncryptedMagic;
}

bool is_parquet_start(std::string_view head) {
  if (head.size() < 5 || !is_parquet_magic(head)) return false;
  const auto next = static_cast<unsigned char>(head[4]);
  return next < 0x20 && next != '\t' && next != '\n' && next != '\r';
}

struct ParquetReader::Impl {
  pf::FileMetaData meta;
  std::vector<Column> columns;
  std::vector<ColumnCursor> cursors;
  std::vector<bool> wanted;  // the columns whose values are read
  std::size_t next_group = 0;
  std::size_t end_group = 0;   // one past the last row group read
  std::size_t group = 0;       // the row group being read
  std::int64_t rows_left = 0;  // in it
  std::uint64_t skip = 0;      // rows of it still to drop (limit_to)
  std::uint64_t row_number = 0;
  std::uint64_t file_row = 0;  // the next row's index in the file
  parquet::TextArena arena;    // rendered texts of the last batch
};

ParquetReader::ParquetReader(std::shared_ptr<RandomAccess> file, std::string name,
                             const ReadOptions& options)
    : file_(std::move(file)),
      name_(std::move(name)),
      wanted_(options.wanted_columns),
      impl_(std::make_unique<Impl>()) {
  auto fail = [&](const std::string& what, std::uint64_t offset, const char* hint) {
    throw input_error(name_ + ": " + what + " (byte offset " + std::to_string(offset) + ")", hint);
  };
  const std::uint64_t size = file_->size();
  if (size < 12) {
    fail("is too short to be a Parquet file (" + std::to_string(size) +
             " bytes; the magic and footer alone take 12)",
         0, kDamagedHint);
  }
  std::array<std::uint8_t, 8> tail{};
  std::array<std::uint8_t, 4> head{};
  file_->read(0, head.size(), head.data());
  file_->read(size - tail.size(), tail.size(), tail.data());
  bytes_read_ += head.size() + tail.size();
  const std::string_view head_magic(reinterpret_cast<const char*>(head.data()), 4);
  const std::string_view tail_magic(reinterpret_cast<const char*>(tail.data() + 4), 4);
  if (head_magic == kEncryptedMagic || tail_magic == kEncryptedMagic) {
    fail("is an encrypted Parquet file (encrypted footer), which is not read", 0,
         "decrypt it first, or give the toolkit an unencrypted copy");
  }
  if (head_magic != kMagic) fail("does not start with the Parquet magic PAR1", 0, kDamagedHint);
  if (tail_magic != kMagic) {
    fail("does not end with the Parquet magic PAR1 (a file cut short?)", size - 4, kDamagedHint);
  }
  const std::uint32_t footer_size = load_le<std::uint32_t>(tail.data());
  if (footer_size > size - 12) {
    fail("declares a footer of " + std::to_string(footer_size) + " bytes in a file of " +
             std::to_string(size),
         size - 8, kDamagedHint);
  }
  const std::uint64_t footer_offset = size - 8 - footer_size;
  std::vector<std::uint8_t> footer(footer_size);
  file_->read(footer_offset, footer.size(), footer.data());
  bytes_read_ += footer.size();
  pf::FileMetaData& meta = impl_->meta;
  try {
    decode_thrift(footer.data(), footer.size(), meta);
  } catch (const apache::thrift::TException& e) {
    fail(std::string("has a corrupt footer (FileMetaData: ") + e.what() + ")", footer_offset,
         kDamagedHint);
  }
  if (meta.__isset.encryption_algorithm) {
    fail("is an encrypted Parquet file (plaintext footer, encrypted columns), which is not read",
         footer_offset, "decrypt it first, or give the toolkit an unencrypted copy");
  }
  impl_->columns = resolve_schema(meta, footer_offset, fail);
  for (const Column& c : impl_->columns) columns_.push_back(c.name);
  impl_->cursors.reserve(impl_->columns.size());
  for (const Column& c : impl_->columns) impl_->cursors.emplace_back(c);
  impl_->wanted = parquet::wanted_columns(columns_, wanted_);
  for (std::size_t i = 0; i < columns_.size() && options.leave_out_unreadable; ++i) {
    if (!parquet::readable(impl_->columns[i])) impl_->wanted[i] = false;
  }
  impl_->end_group = meta.row_groups.size();
}

ParquetReader::~ParquetReader() = default;

std::uint64_t ParquetReader::num_rows() const {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(impl_->meta.num_rows, 0));
}

std::size_t ParquetReader::num_row_groups() const { return impl_->meta.row_groups.size(); }

std::uint64_t ParquetReader::group_rows(std::size_t group) const {
  return static_cast<std::uint64_t>(impl_->meta.row_groups.at(group).num_rows);
}

std::uint64_t ParquetReader::group_bytes(std::size_t group) const {
  return static_cast<std::uint64_t>(
      std::max<std::int64_t>(impl_->meta.row_groups.at(group).total_byte_size, 0));
}

std::uint64_t ParquetReader::chunk_bytes() const {
  std::uint64_t total = 0;
  for (const pf::RowGroup& rg : impl_->meta.row_groups) {
    for (std::size_t i = 0; i < impl_->columns.size(); ++i) {
      const Column& column = impl_->columns[i];
      if (!impl_->wanted[i] || !parquet::readable(column) || column.chunk >= rg.columns.size()) {
        continue;
      }
      const pf::ColumnChunk& chunk = rg.columns[column.chunk];
      if (chunk.__isset.meta_data) {
        total += static_cast<std::uint64_t>(
            std::max<std::int64_t>(chunk.meta_data.total_compressed_size, 0));
      }
    }
  }
  return total;
}

bool ParquetReader::has_values(std::size_t column) const {
  return column < impl_->wanted.size() && impl_->wanted[column];
}

ParquetReader::ParquetReader(const ParquetReader& from, ReopenTag /*unused*/)
    : file_(from.file_),
      name_(from.name_),
      wanted_(from.wanted_),
      columns_(from.columns_),
      impl_(std::make_unique<Impl>()) {
  impl_->meta = from.impl_->meta;
  impl_->columns = from.impl_->columns;
  impl_->cursors.reserve(impl_->columns.size());
  for (const Column& c : impl_->columns) impl_->cursors.emplace_back(c);
  impl_->wanted = from.impl_->wanted;
  impl_->end_group = impl_->meta.row_groups.size();
}

std::unique_ptr<ParquetReader> ParquetReader::reopen() const {
  return std::unique_ptr<ParquetReader>(new ParquetReader(*this, ReopenTag{}));
}

void ParquetReader::limit_to(std::size_t begin, std::size_t end, std::uint64_t first_row) {
  const std::size_t groups = impl_->meta.row_groups.size();
  impl_->end_group = std::min(end, groups);
  impl_->next_group = std::min(begin, impl_->end_group);
  std::uint64_t row = 0;
  for (std::size_t g = 0; g < impl_->next_group; ++g) row += group_rows(g);
  impl_->file_row = row;
  impl_->skip = first_row > row ? first_row - row : 0;
}

std::optional<DataType> ParquetReader::declared_type(std::size_t column) const {
  using parquet::Render;
  const Column& c = impl_->columns.at(column);
  if (!parquet::readable(c)) return std::nullopt;
  switch (c.render) {
    case Render::kBoolean:
      return DataType::kBoolean;
    case Render::kInt32:
    case Render::kUInt32:
    case Render::kInt64:
      return DataType::kInteger;
    case Render::kDecimal:
      return c.scale == 0 && c.precision <= 18 ? DataType::kInteger : DataType::kNumber;
    case Render::kUInt64:  // above 2^63 - 1, not an int64
    case Render::kFloat:
    case Render::kDouble:
    case Render::kFloat16:
      return DataType::kNumber;
    case Render::kDate:
      return DataType::kDate;
    case Render::kTimestamp:
    case Render::kInt96:
      return DataType::kDatetime;
    case Render::kTime:
    case Render::kUuid:
    case Render::kBytes:
      return DataType::kString;
  }
  return std::nullopt;
}

std::string_view ParquetReader::unreadable(std::size_t column) const {
  return impl_->columns.at(column).unreadable;
}

void ParquetReader::open_row_group(std::size_t index) {
  const pf::RowGroup& rg = impl_->meta.row_groups[index];
  impl_->group = index;
  impl_->rows_left = rg.num_rows;
  // A row group without rows has nothing to read, and its chunks' offsets may be anything
  // (parquet-testing's column_chunk_key_value_metadata.parquet has a data_page_offset of 0).
  if (rg.num_rows == 0) return;
  const std::uint64_t size = file_->size();
  for (std::size_t i = 0; i < impl_->columns.size(); ++i) {
    if (!impl_->wanted[i]) continue;
    const Column& column = impl_->columns[i];
    const pf::ColumnChunk& chunk = rg.columns[column.chunk];
    auto fail = [&](const std::string& what, std::uint64_t offset, const char* hint) {
      throw input_error(name_ + ": row group " + std::to_string(index) + ", column \"" +
                            column.name + "\": " + what + " (byte offset " +
                            std::to_string(offset) + ")",
                        hint);
    };
    if (!parquet::readable(column)) {
      // Refused where its values are first needed (a file without rows needs none).
      if (rg.num_rows > 0) fail(column.unreadable, first_page_offset(chunk), kUnreadableHint);
      continue;
    }
    if (chunk.__isset.crypto_metadata || chunk.__isset.encrypted_column_metadata) {
      fail("the column is encrypted, which is not read", chunk.file_offset,
           "decrypt the file first, or give the toolkit an unencrypted copy");
    }
    if (chunk.__isset.file_path) {
      fail("the column chunk is in another file (" + chunk.file_path + "), which is not read",
           chunk.file_offset, kUnsupportedHint);
    }
    if (!chunk.__isset.meta_data) {
      fail("the column chunk has no metadata", chunk.file_offset, kDamagedHint);
    }
    const pf::ColumnMetaData& md = chunk.meta_data;
    if (md.type != column.physical) {
      fail("the column chunk's type (" + std::to_string(md.type) + ") is not the schema's (" +
               std::to_string(column.physical) + ")",
           chunk.file_offset, kDamagedHint);
    }
    if (!parquet::codec_supported(md.codec)) {
      fail("the column is compressed with " + parquet::codec_name(md.codec) + ", which is not read",
           chunk.file_offset,
           "write the file with SNAPPY, GZIP, ZSTD, LZ4_RAW, BROTLI or no compression");
    }
    // The chunk starts at its dictionary page when it has one (a dictionary_page_offset of 0,
    // as some writers put there, means none).
    std::int64_t start = md.data_page_offset;
    if (md.__isset.dictionary_page_offset && md.dictionary_page_offset > 0 &&
        md.dictionary_page_offset < start) {
      start = md.dictionary_page_offset;
    }
    if (start < 4 || md.total_compressed_size < 0 || static_cast<std::uint64_t>(start) > size ||
        static_cast<std::uint64_t>(md.total_compressed_size) >
            size - static_cast<std::uint64_t>(start)) {
      fail("the column chunk (" + std::to_string(md.total_compressed_size) +
               " bytes at byte offset " + std::to_string(start) + ") is not inside the file of " +
               std::to_string(size) + " bytes",
           start < 0 ? 0 : static_cast<std::uint64_t>(start), kDamagedHint);
    }
    impl_->cursors[i].start_chunk(file_, static_cast<std::uint64_t>(start),
                                  static_cast<std::uint64_t>(md.total_compressed_size), md.codec,
                                  &bytes_read_);
  }
}

bool ParquetReader::in_a_row_group() {
  while (impl_->rows_left == 0) {
    if (impl_->next_group >= impl_->end_group) return false;
    open_row_group(impl_->next_group++);
  }
  return true;
}

bool ParquetReader::next(Row& row) {
  for (;;) {
    if (!in_a_row_group()) return false;
    read_row(row);
    --impl_->rows_left;
    const std::uint64_t index = impl_->file_row++;
    if (impl_->skip == 0) {
      row.line = ++impl_->row_number;
      row.offset = index;
      return true;
    }
    --impl_->skip;  // before the first row asked for (limit_to)
  }
}

template <typename Read>
[[gnu::always_inline]] inline void ParquetReader::in_context(std::size_t i,
                                                             std::uint64_t row_number, Read read) {
  ColumnCursor& cursor = impl_->cursors[i];
  auto fail = [&](const std::string& what, const char* hint) {
    throw input_error(name_ + ": row group " + std::to_string(impl_->group) + ", column \"" +
                          impl_->columns[i].name + "\": " + what + " (page at byte offset " +
                          std::to_string(cursor.page_offset()) + ")",
                      hint);
  };
  std::size_t done = 0;
  try {
    read(cursor, done);
  } catch (const parquet::InvalidUtf8& e) {
    fail("row " + std::to_string(row_number + done) + ": " + e.what(),
         "write text columns as UTF-8, or the column without a STRING annotation");
  } catch (const Corrupt& e) {
    fail(std::string("corrupt data: ") + e.what(), kDamagedHint);
  } catch (const Unsupported& e) {
    fail(e.what(), kUnsupportedHint);
  } catch (const apache::thrift::TException& e) {
    fail(std::string("a corrupt page header: ") + e.what(), kDamagedHint);
  }
}

void ParquetReader::read_row(Row& row) {
  row.fields.resize(impl_->columns.size());
  for (std::size_t i = 0; i < impl_->cursors.size(); ++i) {
    if (!impl_->wanted[i]) {
      row.fields[i] = Field{{}, true};
      continue;
    }
    in_context(i, impl_->row_number + 1,
               [&](ColumnCursor& cursor, std::size_t&) { cursor.next(row.fields[i]); });
  }
}

bool ParquetReader::next_batch(Batch& batch, std::size_t max_rows) {
  batch.rows = 0;
  Row skipped;
  for (;;) {
    if (!in_a_row_group()) return false;
    if (impl_->skip == 0) break;
    read_row(skipped);  // before the first row asked for (limit_to)
    --impl_->rows_left;
    ++impl_->file_row;
    --impl_->skip;
  }
  // At most the rows every column read has left in its current page: their texts then stay
  // where the page holds them until the next batch.
  auto n = static_cast<std::size_t>(
      std::min<std::uint64_t>(max_rows, static_cast<std::uint64_t>(impl_->rows_left)));
  for (std::size_t i = 0; i < impl_->cursors.size(); ++i) {
    if (!impl_->wanted[i]) continue;
    in_context(i, impl_->row_number + 1, [&](ColumnCursor& cursor, std::size_t&) {
      n = std::min(n, static_cast<std::size_t>(cursor.ready()));
    });
  }
  impl_->arena.clear();
  batch.columns.resize(impl_->columns.size());
  for (std::size_t i = 0; i < impl_->cursors.size(); ++i) {
    BatchColumn& column = batch.columns[i];
    if (!impl_->wanted[i]) {
      column.dictionary = 0;
      if (column.fields.size() < n) column.fields.resize(n);
      std::fill_n(column.fields.begin(), n, Field{{}, true});
      continue;
    }
    in_context(i, impl_->row_number + 1, [&](ColumnCursor& cursor, std::size_t& done) {
      cursor.next_batch(column, n, impl_->arena, done);
    });
  }
  batch.lines.resize(n);
  batch.offsets.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    batch.lines[r] = impl_->row_number + 1 + r;
    batch.offsets[r] = impl_->file_row + r;
  }
  impl_->row_number += n;
  impl_->file_row += n;
  impl_->rows_left -= static_cast<std::int64_t>(n);
  batch.rows = n;
  return true;
}

}  // namespace mlops::io
