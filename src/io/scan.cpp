#include "io/scan.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <thread>
#include <utility>

#include "io/csv_reader.h"
#include "io/open_table.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/pieces.h"
#include "io/remote.h"
#include "io/source.h"

namespace mlops::io {
namespace {

// The records of a piece: those of `inner` that start before byte `end`. Remembers how the
// piece ended: at a record that starts exactly at `end` (the next piece's first record), or
// at the end of the input.
class RangeReader : public TableReader {
 public:
  RangeReader(TableReader& inner, std::uint64_t end) : inner_(inner), end_(end) {}

  const std::vector<std::string>& columns() const override { return inner_.columns(); }
  bool next(Row& row) override {
    if (stopped_) return false;
    if (!inner_.next(row)) {
      stopped_ = true;
      at_eof_ = true;
      return false;
    }
    if (row.offset < end_) return true;
    stopped_ = true;
    aligned_ = row.offset == end_;
    lines_ = row.line - 1;
    return false;
  }
  bool reads_batches() const override { return inner_.reads_batches(); }
  bool next_batch(Batch& batch, std::size_t max_rows) override {
    if (stopped_) return false;
    if (!inner_.next_batch(batch, max_rows)) {
      stopped_ = true;
      at_eof_ = true;
      return false;
    }
    std::size_t keep = 0;
    while (keep < batch.rows && batch.offsets[keep] < end_) ++keep;
    if (keep < batch.rows) {
      stopped_ = true;
      aligned_ = batch.offsets[keep] == end_;
      lines_ = batch.lines[keep] - 1;
      batch.rows = keep;
    }
    return keep > 0;
  }
  const std::string& name() const override { return inner_.name(); }
  Format format() const override { return inner_.format(); }
  std::uint64_t bytes_read() const override { return inner_.bytes_read(); }
  bool has_values(std::size_t column) const override { return inner_.has_values(column); }
  std::optional<DataType> declared_type(std::size_t column) const override {
    return inner_.declared_type(column);
  }
  std::string_view unreadable(std::size_t column) const override {
    return inner_.unreadable(column);
  }

  // True when the piece was read to a record starting exactly at `end`.
  bool aligned() const { return aligned_; }
  // True when the piece was read to the end of the input.
  bool at_eof() const { return at_eof_; }
  // Lines of the piece (before the record at `end`).
  std::uint64_t lines() const { return lines_; }

 private:
  TableReader& inner_;
  std::uint64_t end_;
  bool stopped_ = false;
  bool aligned_ = false;
  bool at_eof_ = false;
  std::uint64_t lines_ = 0;
};

// Reads a plain file from its start through `observer`.
void observe_file(const std::string& path, const RawObserver& observer) {
  auto src = open_file_at(path, 0);
  std::vector<char> buf(1 << 20);
  while (std::size_t got = src->read(buf.data(), buf.size())) observer(buf.data(), got);
}

// Reads an object from its start through `observer`, in ranges of the object's version.
void observe_object(const RemoteObject& object, const RawObserver& observer) {
  std::vector<std::uint8_t> block(
      std::min<std::uint64_t>(object.size(), object.options().range_bytes));
  for (std::uint64_t offset = 0; offset < object.size(); offset += block.size()) {
    const auto n =
        static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), object.size() - offset));
    object.read(offset, n, block.data());
    observer(reinterpret_cast<const char*>(block.data()), n);
  }
}

}  // namespace

std::vector<std::uint64_t> piece_starts(const std::string& path, std::uint64_t from,
                                        std::uint64_t size, int pieces) {
  std::vector<std::uint64_t> starts;
  if (pieces < 2 || from >= size) return starts;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return starts;
  char buf[4096];
  const std::uint64_t span = size - from;
  for (int k = 1; k < pieces; ++k) {
    std::uint64_t pos =
        from + span * static_cast<std::uint64_t>(k) / static_cast<std::uint64_t>(pieces);
    if (!starts.empty()) pos = std::max(pos, starts.back());
    for (;;) {
      ssize_t got = ::pread(fd, buf, sizeof buf, static_cast<off_t>(pos));
      if (got <= 0) break;
      const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(got));
      if (nl != nullptr) {
        std::uint64_t start =
            pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf) + 1;
        if (start > from && start < size && (starts.empty() || start > starts.back())) {
          starts.push_back(start);
        }
        break;
      }
      pos += static_cast<std::uint64_t>(got);
    }
  }
  ::close(fd);
  return starts;
}

Scan::Scan(std::string path, ReadOptions read, ScanOptions options, std::istream& stdin_stream)
    : path_(std::move(path)),
      read_(std::move(read)),
      options_(std::move(options)),
      stdin_(stdin_stream) {
  const bool remote = is_remote(path_);
  if (path_ != "-" && !remote) size_ = file_size(path_);
  const std::uint64_t min_piece = std::max<std::uint64_t>(options_.min_piece_bytes, 1);
  if (options_.threads < 2 || path_ == "-" ||
      (!remote && (size_ == 0 || !compression_of(path_, read_.remote).empty()))) {
    first_ = open_whole(true);
    return;
  }
  // Opened without the raw observer and the progress line: run() shows the file to the
  // observer on its own, and a meter of one piece would stop at its end.
  ReadOptions first = read_;
  first.on_raw_bytes = nullptr;
  first.progress = nullptr;
  std::unique_ptr<TableReader> reader;
  if (remote) {
    // Every piece, and a read again after an abandoned split, reads this one version of it.
    remote_ = std::make_shared<const RemoteObject>(expand_one(path_, read_.remote), read_.remote);
    if (!is_parquet_magic(remote_->head())) {
      first_ = open_whole(true);  // CSV or JSON: a stream, one piece, its head read once
      return;
    }
    reader = open_object(remote_, path_, first);
  } else {
    reader = open_table(path_, first, stdin_);
  }
  rest_ = first;
  if (auto* parquet = dynamic_cast<ParquetReader*>(reader.get())) {
    plan_row_groups(*parquet);
  } else if (remote || size_ < 2 * min_piece) {
    first_ = open_whole(true);
    return;
  } else {
    split_text(*reader, min_piece);
  }
  raw_pending_ = static_cast<bool>(read_.on_raw_bytes);
  first_ = options_.wrap_first ? options_.wrap_first(std::move(reader)) : std::move(reader);
  // The columns the first piece knows (after a sample, if wrap_first read one) come first in
  // every piece, so that a column has one index in all of them.
  if (json_lines_) rest_.columns = first_->columns();
}

void Scan::split_text(const TableReader& reader, std::uint64_t min_piece) {
  const auto wanted = static_cast<int>(
      std::min<std::uint64_t>(static_cast<std::uint64_t>(options_.threads), size_ / min_piece));
  if (const auto* csv = dynamic_cast<const CsvReader*>(&reader)) {
    starts_ = piece_starts(path_, csv->bytes_read(), size_, wanted);
    rest_.columns = csv->columns();
    rest_.delimiter = csv->delimiter();
    rest_.header = false;
  } else if (reader.format() == Format::kJsonLines) {
    // A line break never lies inside a JSON Lines record: every record starts a line.
    json_lines_ = true;
    starts_ = piece_starts(path_, reader.bytes_read(), size_, wanted);
  }
}

void Scan::observe_raw() {
  if (remote_) {
    observe_object(*remote_, read_.on_raw_bytes);
  } else {
    observe_file(path_, read_.on_raw_bytes);
  }
  raw_pending_ = false;
}

void Scan::plan_row_groups(ParquetReader& first) {
  std::vector<std::uint64_t> sizes(first.num_row_groups());
  std::uint64_t total = 0;
  for (std::size_t g = 0; g < sizes.size(); ++g) total += sizes[g] = first.group_bytes(g);
  const auto wanted = static_cast<int>(
      std::min<std::uint64_t>(static_cast<std::uint64_t>(options_.threads),
                              total / std::max<std::uint64_t>(options_.min_piece_bytes, 1)));
  const std::vector<std::size_t> groups = parquet::split_row_groups(sizes, wanted);
  if (groups.empty()) return;
  starts_.assign(groups.begin(), groups.end());
  parquet_ = first.reopen();
  // What one read of the file counts (the footer, then every chunk read once): the pieces
  // together read more (piece 0 reads into piece 1's first row group).
  parquet_bytes_ = first.bytes_read() + first.chunk_bytes();
  // Piece 0's reader is not limited to its row groups: wrap_first may sample rows past them
  // (the types a one-piece read infers); run() stops the piece at the next one's first row.
}

std::uint64_t Scan::group_first_row(std::size_t group) const {
  std::uint64_t row = 0;
  for (std::size_t g = 0; g < group; ++g) row += parquet_->group_rows(g);
  return row;
}

std::uint64_t Scan::piece_end(std::size_t k) const {
  constexpr std::uint64_t kNone = ~std::uint64_t{0};
  if (k >= starts_.size()) return kNone;  // the last piece reads to the end
  if (!parquet_) return starts_[k];
  // Parquet: the readers of pieces 1.. end at their last row group; piece 0's at the row
  // (index) where piece 1 starts.
  return k == 0 ? group_first_row(starts_[0]) : kNone;
}

std::unique_ptr<TableReader> Scan::open_piece(std::size_t k) const {
  if (!parquet_) return open_at(starts_[k - 1]);
  const std::size_t begin = starts_[k - 1];
  const std::size_t end = k < starts_.size() ? starts_[k] : parquet_->num_row_groups();
  std::unique_ptr<ParquetReader> reader = parquet_->reopen();
  reader->limit_to(begin, end, group_first_row(begin));
  return reader;
}

Scan::~Scan() = default;

std::unique_ptr<TableReader> Scan::open_whole(bool observe_raw) {
  ReadOptions whole = read_;
  if (!observe_raw) whole.on_raw_bytes = nullptr;
  std::unique_ptr<TableReader> reader =
      remote_ ? open_object(remote_, path_, whole) : open_table(path_, whole, stdin_);
  return options_.wrap_first ? options_.wrap_first(std::move(reader)) : std::move(reader);
}

std::unique_ptr<TableReader> Scan::open_at(std::uint64_t offset) const {
  if (parquet_) {
    // The row group holding row `offset`, read from that row.
    std::size_t group = 0;
    std::uint64_t first = 0;
    while (group + 1 < parquet_->num_row_groups() &&
           first + parquet_->group_rows(group) <= offset) {
      first += parquet_->group_rows(group++);
    }
    std::unique_ptr<ParquetReader> reader = parquet_->reopen();
    reader->limit_to(group, parquet_->num_row_groups(), offset);
    return reader;
  }
  return json_lines_ ? open_json_lines_at(path_, rest_, offset) : open_csv_at(path_, rest_, offset);
}

std::vector<std::uint64_t> Scan::run_whole(
    const std::function<void(std::size_t, TableReader&)>& work) {
  if (raw_pending_) observe_raw();
  work(0, *first_);
  bytes_ = first_->bytes_read();
  columns_ = first_->columns();
  return {0};
}

std::vector<std::uint64_t> Scan::run(const std::function<void(std::size_t, TableReader&)>& work,
                                     const std::function<void()>& restart) {
  if (starts_.empty()) return run_whole(work);
  const std::size_t n = pieces();
  std::vector<std::unique_ptr<TableReader>> readers(n);
  std::vector<std::unique_ptr<RangeReader>> ranges(n);
  std::vector<std::exception_ptr> errors(n);
  auto read_piece = [&](std::size_t k) {
    try {
      const std::uint64_t end = piece_end(k);
      if (k > 0) readers[k] = open_piece(k);
      ranges[k] = std::make_unique<RangeReader>(k == 0 ? *first_ : *readers[k], end);
      work(k, *ranges[k]);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (std::size_t k = 1; k < n; ++k) threads.emplace_back(read_piece, k);
  std::exception_ptr unreadable;
  if (raw_pending_) {
    // Shows the observer the file on this thread while the other pieces are read.
    try {
      observe_raw();
    } catch (...) {
      unreadable = std::current_exception();
    }
  }
  if (!unreadable) read_piece(0);
  for (auto& t : threads) t.join();
  if (unreadable) std::rethrow_exception(unreadable);

  bool whole = true;
  for (std::size_t k = 0; k < n && whole; ++k) {
    whole = !errors[k] && ranges[k] &&
            (piece_end(k) != ~std::uint64_t{0} ? ranges[k]->aligned() : ranges[k]->at_eof());
  }
  if (!whole) {
    // A boundary inside a quoted field, or bad input somewhere: read the input again as one
    // piece, which reports an error with its line in the file.
    readers.clear();
    ranges.clear();
    starts_.clear();
    restart();
    first_ = open_whole(false);
    return run_whole(work);
  }
  std::vector<std::uint64_t> lines(n, 0);
  for (std::size_t k = 1; k < n; ++k) {
    lines[k] = parquet_ ? group_first_row(starts_[k - 1]) : lines[k - 1] + ranges[k - 1]->lines();
  }
  bytes_ = size_;
  if (parquet_) bytes_ = parquet_bytes_;  // compressed bytes, as one read counts them
  columns_ = first_->columns();
  for (std::size_t k = 1; k < n; ++k) {
    for (const std::string& name : readers[k]->columns()) {
      if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) {
        columns_.push_back(name);
      }
    }
  }
  return lines;
}

}  // namespace mlops::io
