#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "validate/column_state.h"
#include "validate/contract.h"
#include "validate/validator.h"
#include "validate/value_verdict.h"

namespace mlops::validate {

// The row-by-row evaluation of a contract. One Pass per shard of the input; shards merge in
// input order. Internal to the validator.
class Pass {
 public:
  // `charts`: keep a sample of each ordered column's values and the most frequent values of
  // the others for the HTML report. `piece`: this
  // Pass reads one piece of a file that merges into an earlier Pass; it then keeps what the
  // merge needs to name the rows of this piece that repeat a value of an earlier piece.
  Pass(const Contract& contract, std::size_t max_examples, bool charts, bool piece = false);

  // Processes every record of `reader` (a piece's reader stops at the piece's end: io::Scan).
  void read_rows(io::TableReader& reader, std::size_t file, FileInfo& info);
  // Records which contract columns the file lacks and which of its columns are extra, from
  // every column the file's pieces met.
  void finish_file(const std::vector<std::string>& columns, std::size_t file, FileInfo& info);
  // Opens the file `later` read at the byte offset of one of its records (io::Scan::open_at).
  using Reopen = std::function<std::unique_ptr<io::TableReader>(std::uint64_t offset)>;
  // Folds a later shard in; its example line numbers are shifted by `line_base`. A value of a
  // unique column or key that `later` repeats from this Pass is found here: when it is among
  // the first examples, its row is read again through `reopen` (needed only when `later` was
  // made as a piece). Uniqueness merges on up to `threads` threads.
  void merge(Pass&& later, std::uint64_t line_base, const Reopen& reopen = {}, int threads = 1);

  std::vector<ColumnState> take_columns() { return std::move(columns_); }
  DatasetState take_dataset() { return std::move(dataset_); }

 private:
  // A contract column the data lacks; the same value as Contract::index_of's "not found".
  static constexpr std::size_t kAbsent = std::string::npos;

  void map_columns(const std::vector<std::string>& data_columns);
  // Whether the columns of a reader that met `known` columns so far changed (then mapped again).
  void follow_columns(const io::TableReader& reader, std::size_t& known);
  void process(const io::Row& row, std::size_t file);
  // The batch path (readers that read column by column, io::TableReader::next_batch): each
  // contract column's values of the batch are judged in a row, then the rules and keys row by
  // row. What it finds, and the order of examples, is what process() finds row by row.
  void read_batches(io::TableReader& reader, std::size_t file, FileInfo& info);
  void process_batch(const io::Batch& batch, std::size_t file);
  void check_column(std::size_t i, const io::Batch& batch, std::size_t file, bool keep_values);
  // check_column's path for a column whose batch values are all codes of one dictionary.
  void check_by_entry(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                      std::size_t file);
  // check_column's path for texts (string and category columns) not read as codes.
  void check_texts(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                   std::size_t file);
  // Inserts the batch's values of unique column `i` noted in unique_rows_ and batch_hashes_.
  void insert_unique(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                     std::size_t file);
  void check_rows(const io::Batch& batch, std::size_t file);
  [[gnu::flatten]] void check_value(const ColumnSpec& spec, ColumnState& st, const io::Field& f,
                                    std::size_t file, std::uint64_t line, std::size_t i);
  void check_rule(std::size_t r, std::size_t file, std::uint64_t line);
  // "a=1, b=null (division by zero)": the columns a rule names, with this row's texts.
  std::string shown_rule(const Rule& rule, std::string_view reason) const;
  void check_key(std::size_t k, std::size_t file, std::uint64_t line);
  // "a=1, b=x": how a key's value is shown, from the texts of the contract's columns.
  std::string shown_key(std::size_t k, const std::vector<std::string_view>& texts) const;

  // One uniqueness check being merged: the later Pass's own examples, and the offsets of its
  // rows that repeat a value of this Pass (the first ones, ascending).
  struct RepeatSite {
    Violations* into;
    std::vector<Example> local;  // lines already shifted
    std::vector<std::uint64_t> offsets;
    std::size_t column;  // kAbsent for a key
    std::size_t key;
  };
  // A row read again: its line (counted like this piece's rows) and its contract columns' texts.
  struct RereadRow {
    std::uint64_t line = 0;
    std::vector<std::string> texts;
  };
  void merge_uniqueness(Pass& later, std::uint64_t line_base, const Reopen& reopen, int threads);
  std::map<std::uint64_t, RereadRow> reread(const std::vector<RepeatSite>& sites,
                                            const Reopen& reopen) const;

  const Contract& contract_;
  std::size_t max_examples_;  // examples kept per failed check
  bool charts_;
  std::vector<ColumnState> columns_;
  DatasetState dataset_;
  std::vector<std::vector<std::size_t>> keys_;
  std::vector<std::size_t> map_;
  // Pieces only: a row every kCheckpointRows, (byte offset, line), to find a row again.
  bool piece_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> checkpoints_;
  std::size_t file_ = 0;                     // the file a piece read
  std::uint64_t row_offset_ = 0;             // byte offset of the row being processed
  std::vector<double> values_;               // this row's parsed values (NaN: null/bad/absent)
  std::vector<std::string_view> texts_;      // this row's texts
  std::vector<std::uint64_t> hashes_;        // this row's hashes of unique columns' values
  std::vector<std::size_t> unique_pending_;  // unique columns whose value awaits insertion
  std::vector<VerdictMemo> memos_;           // per contract column
  io::Batch batch_;
  // The batch path, for rules and keys: per contract column, each row's value and text.
  std::vector<std::vector<double>> batch_values_;
  std::vector<std::vector<std::string_view>> batch_texts_;
  std::vector<std::size_t> unique_rows_;     // a unique column's rows with a value, in the batch
  std::vector<std::uint64_t> batch_hashes_;  // and their values' hashes
  // check_by_entry's per column, per entry of the dictionary met last: its verdict, and the
  // rows of a clean entry (breaking no check), folded into the column's state when the
  // dictionary changes or the read ends (fold_entries).
  struct Entry {
    enum State : std::uint8_t { kUnknown, kClean, kFlawed };
    State state = kUnknown;
    std::uint64_t rows = 0;
    ValueVerdict verdict{};
  };
  // Dictionaries of more entries are read row by row (the counts stay small).
  static constexpr std::size_t kMaxEntries = std::size_t{1} << 16;
  std::vector<io::EntryCounts<Entry>> entry_counts_;
  // Counts a clean entry's rows into column `i`'s state.
  void fold_entry(std::size_t i, const Entry& e);
  std::string key_text_;
};

}  // namespace mlops::validate
