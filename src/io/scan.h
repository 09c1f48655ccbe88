#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "io/table.h"

namespace mlops::io {

class ParquetReader;
class RemoteObject;

// How an input is scanned in parallel.
struct ScanOptions {
  // Pieces read at once. A plain (uncompressed) CSV/TSV or JSON Lines file of at least
  // 2 x min_piece_bytes is split into up to `threads` byte ranges that start at record
  // boundaries; a Parquet file or object (s3://, gs://, https://) of several row groups
  // holding at least 2 x min_piece_bytes (decompressed, as its footer says) into up to
  // `threads` runs of whole row groups; anything else (stdin, compressed files, a JSON array,
  // an object's CSV or JSON, small files) is one piece.
  int threads = 1;
  std::uint64_t min_piece_bytes = 16u << 20;
  // Wraps the first piece's reader (e.g. in a SampledReader, to infer types from its first
  // rows before any accumulator is made). Called again for a fresh reader when a split is
  // abandoned (see Scan::run).
  std::function<std::unique_ptr<TableReader>(std::unique_ptr<TableReader>)> wrap_first;
};

// One input read in pieces, each by its own reader on its own thread, by a tool's
// accumulators (one per piece) that the tool then merges in input order:
//
//   io::Scan scan(path, read, {.threads = 2}, stdin);
//   plan from scan.first() (its columns, a sample's types)
//   std::vector<Acc> parts(scan.pieces(), Acc(plan));
//   auto lines = scan.run([&](std::size_t k, io::TableReader& r) { parts[k].read_all(r); },
//                         [&] { parts.assign(1, Acc(plan)); });
//   merge parts[1..] into parts[0]; shift piece k's line numbers by lines[k]
//
// A piece's reader yields the records that start in its range, with line numbers counted
// from 1 at the range's start and byte offsets counted from the file's start (for Parquet:
// its row groups' rows, with lines from 1 at its first row and Row::offset the row's index in
// the file). JSON Lines
// pieces know the first piece's columns (and its sample's) in the same order, and add the keys
// they meet after them. A boundary that falls inside a quoted CSV field (a line break within
// quotes) or before a line that does not start a record at once, or any error in any piece,
// abandons the split: the whole input is then read again as one piece, so that every error
// names the line it has in the file.
//
// ReadOptions::on_raw_bytes sees every byte of the file once, whichever way it is read (the
// calling thread reads the file for it while the pieces are read). ReadOptions::progress is
// updated only when the input is read as one piece.
class Scan {
 public:
  Scan(std::string path, ReadOptions read, ScanOptions options, std::istream& stdin_stream);
  ~Scan();
  Scan(const Scan&) = delete;
  Scan& operator=(const Scan&) = delete;

  // The reader of the first piece (after wrap_first), for planning; read it only through run().
  TableReader& first() { return *first_; }
  // How many pieces run() will read: 1 when the input cannot be split.
  std::size_t pieces() const { return starts_.size() + 1; }

  // Calls work(k, reader) for every piece k at once (piece 0 on this thread); `work` reads
  // `reader` to its end. When the split must be abandoned, calls restart() (make one fresh
  // accumulator) and then work(0, reader) with a reader of the whole input. Returns, for
  // every piece actually read, the number of lines before its start (add it to the piece's
  // line numbers); one element after a restart. Rethrows the first error of a one-piece read.
  std::vector<std::uint64_t> run(const std::function<void(std::size_t, TableReader&)>& work,
                                 const std::function<void()>& restart);

  // A reader of the records from byte `offset` (a record's start; for Parquet a row's index)
  // of a file planned in pieces (pieces() > 1 at construction), as piece readers read (line
  // numbers from 1 there): to read a record again by its offset.
  std::unique_ptr<TableReader> open_at(std::uint64_t offset) const;

  // Decompressed bytes read (after run()).
  std::uint64_t bytes() const { return bytes_; }
  // After run(): every column any piece met, in the order they were first met (piece by
  // piece). For CSV the header; for JSON the keys, which pieces may meet in another order.
  const std::vector<std::string>& columns() const { return columns_; }
  // The file's name as messages show it ("<stdin>" for "-").
  const std::string& name() const { return first_->name(); }

 private:
  std::unique_ptr<TableReader> open_whole(bool observe_raw);
  // Plans the pieces of a Parquet file (its row groups); `first` becomes piece 0's reader.
  void plan_row_groups(ParquetReader& first);
  // Plans the byte ranges of a plain CSV or JSON Lines file of which `reader` read the start.
  void split_text(const TableReader& reader, std::uint64_t min_piece);
  // Shows read_.on_raw_bytes the whole file (or object), once.
  void observe_raw();
  // Where piece k's reader is stopped (Row::offset; none: ~0, read to its end).
  std::uint64_t piece_end(std::size_t k) const;
  // The reader of piece k >= 1.
  std::unique_ptr<TableReader> open_piece(std::size_t k) const;
  // The index of the first row of row group `group` (Parquet).
  std::uint64_t group_first_row(std::size_t group) const;
  std::vector<std::uint64_t> run_whole(const std::function<void(std::size_t, TableReader&)>& work);

  std::string path_;
  ReadOptions read_;
  ScanOptions options_;
  std::istream& stdin_;
  std::shared_ptr<const RemoteObject> remote_;  // an object's one version, read by every piece
  std::unique_ptr<TableReader> first_;
  std::vector<std::uint64_t> starts_;       // byte offsets (Parquet: row groups) of pieces 1..n-1
  std::unique_ptr<ParquetReader> parquet_;  // Parquet in pieces: the file, reopened per piece
  std::uint64_t parquet_bytes_ = 0;         // and the bytes one read of it counts
  ReadOptions rest_;         // how pieces 1..n-1 are read (names, delimiter, no header)
  bool json_lines_ = false;  // the pieces are JSON Lines, else CSV
  std::vector<std::string> columns_;
  std::uint64_t size_ = 0;
  std::uint64_t bytes_ = 0;
  bool raw_pending_ = false;  // on_raw_bytes has not seen the file yet and no reader shows it
};

// Byte offsets where pieces 1..n-1 of a file of `size` bytes start: just after the first line
// break at or after each even split point, past `from` (the first record), strictly
// increasing; fewer when the file is too short. Lines within quoted fields are not
// recognised here: Scan::run detects such a boundary and abandons the split.
std::vector<std::uint64_t> piece_starts(const std::string& path, std::uint64_t from,
                                        std::uint64_t size, int pieces);

}  // namespace mlops::io
