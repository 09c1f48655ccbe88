#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_hash.h"
#include "drift/category_counter.h"
#include "drift/column_kind.h"
#include "drift/distribution.h"
#include "drift/small_counts.h"
#include "io/dictionary_memo.h"
#include "io/table.h"
#include "io/type_infer.h"
#include "stats/kll_sketch.h"

namespace mlops::drift {

// What the numbers of one column are kept as. Exact keeps every finite value (needed for
// exact KS p-values and SciPy-equal statistics); sketch keeps a KLL quantile sketch (bounded
// memory, mergeable, a stated rank error).
enum class Storage { kExact, kSketch };

// Counts of the distinct finite values of a numeric column, kept while there are at most
// kMaxSmallDistinct of them: method selection needs "how many distinct values" up to 20, and
// columns with few values are compared as categories.
inline constexpr std::size_t kMaxSmallDistinct = 1000;

struct NumericSummary {
  std::uint64_t count = 0;  // finite values
  std::uint64_t nan = 0;    // NaN (dropped before any statistic, as Evidently does)
  std::uint64_t inf = 0;    // +-inf (dropped likewise)
  double min = 0, max = 0;  // of the finite values; meaningful when count > 0
  double sum = 0;           // with `shift` below: mean and std of a sketched column
  double sum_squares = 0;   // of (x - shift)
  double shift = 0;         // the first value seen: keeps the shifted sums well conditioned
  Storage storage = Storage::kExact;
  std::vector<double> values;  // exact: every finite value, sorted once finished
  std::unique_ptr<stats::KllSketch> sketch;
  SmallCounts small{kMaxSmallDistinct};  // sketch storage only; exact values count themselves

  // The values as a Distribution (valid until the summary changes).
  Distribution distribution() const;
  // Normalised rank error of distribution(): 0 when exact.
  double rank_error() const;
  // numpy.std(ddof=0) and mean of the finite values (exact when storage is exact).
  MeanStd mean_std() const;
  // Moves exact values into a KLL sketch of size k (nothing when already sketched).
  void to_sketch(std::uint32_t k);

  mutable std::vector<double> view_values, view_weights;  // a sketch's sorted view, cached
};

struct CategoricalSummary {
  StringMap<std::uint64_t> counts;
  std::uint64_t other = 0;  // values beyond max_categories distinct ones

  // (value, count) in ascending value order.
  std::vector<std::pair<std::string, std::uint64_t>> sorted() const;
};

struct ColumnProfile {
  std::string name;
  Kind kind = Kind::kNumeric;
  io::DataType type = io::DataType::kString;  // the value type it was read as, e.g. integer
  std::uint64_t rows = 0;                     // rows seen (the column's values, nulls included)
  std::uint64_t nulls = 0;                    // nulls, missing keys and empty fields
  NumericSummary numeric;
  CategoricalSummary categorical;
};

struct Profile {
  std::vector<std::string> sources;  // the files profiled (several after a merge)
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;  // input bytes read
  std::uint32_t sketch_k = 0;
  std::size_t max_categories = 0;
  std::vector<ColumnProfile> columns;

  const ColumnProfile* find(std::string_view name) const;
};

// True when the column holds at least one value (nulls aside) on this side.
bool has_values(const ColumnProfile& c);

// The default sketch size: normalised rank error under 0.1% (99% confidence) in about 330 KB
// per column (stats/kll_sketch.h).
inline constexpr std::uint32_t kDefaultSketchK = stats::KllSketch::kDefaultK;

// How one column of an input is read.
struct ColumnPlan {
  std::string name;
  Kind kind = Kind::kCategorical;
  io::DataType type = io::DataType::kString;  // how numeric values are parsed
  bool typed = true;     // the type came from values (false: the sample held only nulls)
  std::string format{};  // dates and times written this way (io/date_format.h); "": ISO 8601
  DatePart part = DatePart::kNone;  // categorical dates: counted by weekday or hour
};

// Memory for exact values, shared by the builders of one comparison. When a builder's values
// would exceed the limit it moves its columns to sketches (and says so in the report).
struct MemoryBudget {
  std::uint64_t limit = 1ull << 30;
  std::atomic<std::uint64_t> used{0};  // two builders may run on two threads
};

struct BuildOptions {
  Storage storage = Storage::kExact;
  std::uint32_t sketch_k = kDefaultSketchK;
  std::size_t max_categories = 10000;
  // Exact values, sketches and category counts are charged to it; a builder refuses (an input
  // Error, exit 3) what cannot fit. Required for exact storage; not owned.
  MemoryBudget* budget = nullptr;
  // A piece of an input read in parallel: a categorical column reaching max_categories throws
  // CategoriesOverflow instead of counting the rest as "(other values)", since which values a
  // piece counts by name would then depend on where the pieces start (build() reads the input
  // again in one piece).
  bool piece = false;
};

// Thrown by a piece's builder (BuildOptions::piece) at a column's max_categories.
struct CategoriesOverflow : std::exception {
  const char* what() const noexcept override { return "categories past max_categories"; }
};

// Streams rows into column summaries. Memory: the exact values (within the budget), else one
// sketch and at most max_categories categories per column. With a budget, the worst case of
// the sketches and the categories counted so far must fit in it too, or the builder refuses
// with an input Error (exit 3) naming the budget.
class ProfileBuilder {
 public:
  ProfileBuilder(std::vector<ColumnPlan> plan, BuildOptions options);

  // Adds one row of `reader`. Throws an input Error naming the file, line and column when a
  // numeric column holds a value that is not a number.
  void add(const io::Row& row, const io::TableReader& reader);
  // Adds the rows of `batch` (io::TableReader::next_batch), as add() would one by one, column
  // by column: a dictionary's values are parsed and looked up once per entry.
  void add_batch(const io::Batch& batch, const io::TableReader& reader);
  // Sorts exact values and returns the profile. `bytes` is the input size read.
  Profile finish(std::string source, std::uint64_t bytes);
  // True once the budget forced sketches.
  bool spilled() const { return spilled_; }
  // Bytes this builder holds charged to the budget (given back when it is abandoned).
  std::uint64_t charged() const { return charged_; }

 private:
  void spill();
  bool charge(std::uint64_t bytes);
  void charge_sketches();
  void charge_category(std::size_t text_bytes);
  void add_numeric(ColumnProfile& column, double value);
  // add_numeric's counts, bounds and sums of one value: false for NaN or an infinity (counted
  // as such, and no more).
  [[gnu::always_inline]] static bool add_moments(NumericSummary& s, double value);
  // One non-null value of column `i`, of the row on `line`.
  // Inline (as add()'s loop was before there was a batch path): CSV profiles call it per value.
  [[gnu::always_inline]] void add_value(std::size_t i, const io::Field& f, std::uint64_t line,
                                        const io::TableReader& reader);
  // add_batch's values of column `i`, all codes of one dictionary.
  void add_codes(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                 const io::TableReader& reader);
  [[gnu::always_inline]] std::size_t add_category(std::size_t i, const io::Field& f,
                                                  std::uint64_t line,
                                                  const io::TableReader& reader);
  std::size_t count_category(std::size_t i, std::string_view text) {
    return count_category(i, text, CategoryCounter::hash(text));
  }
  // `h`: CategoryCounter::hash(text). Inline: it runs once per categorical value.
  [[gnu::always_inline]] std::size_t count_category(std::size_t i, std::string_view text,
                                                    std::uint64_t h);
  // add_batch's values of categorical column `i` as fields: hashed ahead of their lookups.
  void add_categories(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                      const io::TableReader& reader);
  double numeric_value(std::size_t i, const io::Field& f, std::uint64_t line,
                       const io::TableReader& reader);
  static void add_numeric_to_sketch(NumericSummary& s, double value);

  std::vector<ColumnPlan> plan_;
  BuildOptions options_;
  std::vector<ColumnProfile> columns_;
  std::vector<CategoryCounter> categories_;  // per column, into columns_' counts at finish()
  // Per column, what a dictionary value gives: a categorical column's CategoryCounter entry
  // (add_entry's), a numeric column's number.
  struct Memo {
    std::size_t entry = 0;
    double value = 0;
  };
  std::vector<io::DictionaryMemo<Memo>> memos_;
  // add_codes's per column, per entry of the dictionary met last: a categorical column's
  // CategoryCounter entry and the rows still to count for it; a numeric column's number and
  // its rows still to count in the sketch's small counts.
  struct Code {
    static constexpr std::size_t kUnknown = ~std::size_t{0} - 1;  // not met yet
    std::size_t entry = kUnknown;
    std::uint64_t rows = 0;
    double value = 0;
    std::uint64_t small = 0;  // a numeric entry's rows still to count in the small counts
  };
  std::vector<io::EntryCounts<Code>> codes_;
  std::vector<std::uint64_t> hashes_;  // add_categories's, of a batch
  std::vector<double> sketch_values_;  // add_codes's, of a batch, for the sketch at once
  // Counts the rows of a categorical entry met by add_codes into categories_[i].
  void fold_code(std::size_t i, const Code& code);
  std::uint64_t rows_ = 0;
  std::uint64_t reserved_ = 0;  // bytes of exact values charged to the budget
  std::uint64_t charged_ = 0;   // every byte charged to the budget, exact values included
  bool spilled_ = false;
};

// Folds `other` into `into`: counts add, sketches and category counts merge. Columns match by
// name; a column whose kinds differ is an Error (exit 3) unless one side never had a value.
void merge(Profile& into, Profile other);

}  // namespace mlops::drift
