#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "validate/column_state.h"
#include "validate/contract.h"
#include "validate/validator.h"

namespace mlops::validate {

// The row-by-row evaluation of a contract. One Pass per shard of the input; shards merge in
// input order. Internal to the validator.
class Pass {
 public:
  // `charts`: keep a sample of each ordered column's values for the HTML report.
  Pass(const Contract& contract, std::size_t max_examples, bool charts);

  // How a shard's read ended.
  struct RangeEnd {
    bool at_end_offset =
        true;                 // the next record started exactly at end_offset (or the input ended)
    std::uint64_t lines = 0;  // lines before the stopping point, counted from the shard's start
  };
  // Processes the records that start before byte `end_offset` of the file.
  RangeEnd read_rows(io::TableReader& reader, std::size_t file, FileInfo& info,
                     std::uint64_t end_offset = ~std::uint64_t{0});
  // Records which contract columns the file lacks and which of its columns are extra, from
  // every column the file's pieces met.
  void finish_file(const std::vector<std::string>& columns, std::size_t file, FileInfo& info);
  // Folds a later shard in; its example line numbers are shifted by `line_base`.
  void merge(Pass&& later, std::uint64_t line_base);

  std::vector<ColumnState> take_columns() { return std::move(columns_); }
  DatasetState take_dataset() { return std::move(dataset_); }

 private:
  // A rule resolved against the contract: column indexes and a parsed literal.
  struct BoundRule {
    const Rule* rule;
    std::size_t left;
    std::size_t right;  // kAbsent: literal
    bool numeric;       // compare parsed values, else text
    double literal_value = 0;
    // Dates are days and datetimes seconds: a date compared with a datetime is scaled.
    double left_scale = 1;
    double right_scale = 1;
  };
  // A contract column the data lacks; the same value as Contract::index_of's "not found".
  static constexpr std::size_t kAbsent = std::string::npos;

  void map_columns(const std::vector<std::string>& data_columns);
  void process(const io::Row& row, std::size_t file);
  void check_value(const ColumnSpec& spec, ColumnState& st, const io::Field& f, std::size_t file,
                   std::uint64_t line, std::size_t i);
  static bool matches(const ColumnSpec::Pattern& p, ColumnState& st, std::string_view text);
  void check_rule(const BoundRule& b, std::size_t r, std::size_t file, std::uint64_t line);
  void check_key(std::size_t k, std::size_t file, std::uint64_t line);

  const Contract& contract_;
  std::size_t max_examples_;  // examples kept per failed check
  bool charts_;
  std::vector<ColumnState> columns_;
  DatasetState dataset_;
  std::vector<BoundRule> rules_;
  std::vector<std::vector<std::size_t>> keys_;
  std::vector<std::size_t> map_;
  std::vector<double> values_;           // this row's parsed values (NaN: null/bad/absent)
  std::vector<std::string_view> texts_;  // this row's texts
  std::string key_text_;
};

}  // namespace mlops::validate
