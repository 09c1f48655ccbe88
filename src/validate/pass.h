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
  void process(const io::Row& row, std::size_t file);
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
  std::string key_text_;
};

}  // namespace mlops::validate
