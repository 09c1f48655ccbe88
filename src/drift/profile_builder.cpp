#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.h"
#include "core/text.h"
#include "drift/date_parts.h"
#include "drift/profile.h"
#include "drift/text_words.h"
#include "io/value_parse.h"
#include "stats/radix_sort.h"

namespace mlops::drift {

namespace {

// Worst-case bytes of one numeric column's sketch: a full level 0, the compacted levels (under
// 3k items) and the table of small counts.
std::uint64_t sketch_bytes(std::uint32_t k) {
  std::uint64_t items =
      std::max<std::uint64_t>(stats::KllSketch::kDefaultLevel0Capacity, k) + 3ull * k;
  return items * sizeof(double) + SmallCounts::table_bytes(kMaxSmallDistinct);
}

// What one distinct category costs in its hash map besides its text: node, hash, count.
constexpr std::uint64_t kCategoryOverhead = 64;

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20); }

// A field of a column compared by weekday or hour that holds no date or time of its type.
Error not_a_date(const io::TableReader& reader, std::uint64_t line, const ColumnPlan& plan,
                 std::string_view text) {
  return input_error(reader.name() + ":" + std::to_string(line) + ": column '" + plan.name +
                         "' is compared by " +
                         (plan.part == DatePart::kWeekday ? "weekday" : "hour") + " but holds " +
                         quoted(text) + ", not a " + std::string(io::to_string(plan.type)) +
                         (plan.format.empty() ? "" : " in the format " + quoted(plan.format)),
                     "give the column the `format:` its values are written in, or fix the data");
}

}  // namespace

ProfileBuilder::ProfileBuilder(std::vector<ColumnPlan> plan, BuildOptions options)
    : plan_(std::move(plan)), options_(options) {
  if (options_.storage == Storage::kExact && options_.budget == nullptr) {
    throw std::invalid_argument("exact storage needs a memory budget");
  }
  for (const ColumnPlan& p : plan_) {
    ColumnProfile& c = columns_.emplace_back();
    c.name = p.name;
    c.kind = p.kind;
    c.type = p.type;
    c.numeric.storage = options_.storage;
    if (options_.storage == Storage::kSketch && keeps_numbers(p.kind)) {
      c.numeric.sketch = std::make_unique<stats::KllSketch>(options_.sketch_k);
    }
  }
  categories_.resize(columns_.size());
  memos_.resize(columns_.size());
  codes_.resize(columns_.size());
  if (options_.storage == Storage::kSketch) charge_sketches();
}

bool ProfileBuilder::charge(std::uint64_t bytes) {
  if (!options_.budget) return true;
  if (options_.budget->used + bytes > options_.budget->limit) return false;
  options_.budget->used += bytes;
  charged_ += bytes;
  return true;
}

void ProfileBuilder::charge_sketches() {
  std::uint64_t numeric = 0;
  for (const ColumnProfile& c : columns_) numeric += keeps_numbers(c.kind) ? 1 : 0;
  const std::uint64_t each = sketch_bytes(options_.sketch_k), need = numeric * each;
  if (charge(need)) return;
  throw input_error(std::to_string(numeric) + " numeric columns need up to " + megabytes(need) +
                        " MB of quantile sketches (" + std::to_string(each >> 10) +
                        " KB each at sketch_k " + std::to_string(options_.sketch_k) +
                        "), more than the memory budget of " + megabytes(options_.budget->limit) +
                        " MB leaves",
                    "raise memory_budget_mb (or --memory-budget-mb), lower sketch_k, or compare "
                    "fewer columns at a time");
}

void ProfileBuilder::charge_category(std::size_t text_bytes) {
  const std::uint64_t bytes = text_bytes + kCategoryOverhead;
  if (charge(bytes)) return;
  if (options_.storage == Storage::kExact && reserved_ > 0) {
    spill();  // exact numbers give way to sketches before categories are refused
    if (charge(bytes)) return;
  }
  throw input_error(
      "the distinct values of the categorical columns need more than the memory "
      "budget of " +
          megabytes(options_.budget->limit) + " MB",
      "raise memory_budget_mb (or --memory-budget-mb) or lower max_categories "
      "(values past it are counted in total, with a stated error bound)");
}

void ProfileBuilder::add_numeric_to_sketch(NumericSummary& s, double value) {
  s.sketch->update(value);
  s.small.add(value);
}

inline bool ProfileBuilder::add_moments(NumericSummary& s, double value) {
  if (std::isnan(value)) {
    ++s.nan;
    return false;
  }
  if (std::isinf(value)) {
    ++s.inf;
    return false;
  }
  if (s.count == 0) {
    s.min = s.max = s.shift = value;
  } else {
    s.min = std::min(s.min, value);
    s.max = std::max(s.max, value);
  }
  ++s.count;
  double dev = value - s.shift;
  s.sum += dev;
  s.sum_squares += dev * dev;
  return true;
}

void ProfileBuilder::add_numeric(ColumnProfile& column, double value) {
  NumericSummary& s = column.numeric;
  if (!add_moments(s, value)) return;
  if (s.storage == Storage::kSketch) {
    add_numeric_to_sketch(s, value);
    return;
  }
  if (s.values.size() == s.values.capacity()) {
    // Growing copies the values into a buffer twice the size: for a moment both exist, and
    // the budget must cover that peak, not just the final size.
    std::uint64_t before = s.values.capacity() * sizeof(double);
    std::uint64_t after = std::max<std::uint64_t>(2 * before, 16 * sizeof(double));
    if (options_.budget->used + after > options_.budget->limit) {
      spill();
      add_numeric_to_sketch(s, value);
      return;
    }
    s.values.reserve(after / sizeof(double));
    options_.budget->used += after - before;
    reserved_ += after - before;
    charged_ += after - before;
  }
  s.values.push_back(value);
}

void ProfileBuilder::spill() {
  // The sketches must fit where the exact values were: else the budget cannot be kept.
  options_.budget->used -= reserved_;
  charged_ -= reserved_;
  reserved_ = 0;
  charge_sketches();
  for (ColumnProfile& c : columns_) {
    NumericSummary& s = c.numeric;
    if (keeps_numbers(c.kind)) s.to_sketch(options_.sketch_k);
  }
  options_.storage = Storage::kSketch;
  spilled_ = true;
}

void ProfileBuilder::add(const io::Row& row, const io::TableReader& reader) {
  // JSON records may bring keys that earlier ones lacked: such columns start here, as
  // categories (their type was not in the sample), with the earlier rows counted as nulls.
  while (columns_.size() < row.fields.size()) {
    ColumnProfile& c = columns_.emplace_back();
    c.name = reader.columns()[columns_.size() - 1];
    c.kind = Kind::kCategorical;
    c.type = io::DataType::kString;
    c.rows = c.nulls = rows_;
    c.numeric.storage = options_.storage;
    plan_.push_back({c.name, Kind::kCategorical, io::DataType::kString});
    categories_.emplace_back();
    memos_.emplace_back();
    codes_.emplace_back();
  }
  ++rows_;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    ColumnProfile& c = columns_[i];
    ++c.rows;
    const io::Field& f = row.fields[i];
    if (f.null) {
      ++c.nulls;
      continue;
    }
    add_value(i, f, row.line, reader);
  }
  // Records shorter than the column list (JSON) leave the rest null.
  for (std::size_t i = row.fields.size(); i < columns_.size(); ++i) {
    ++columns_[i].rows;
    ++columns_[i].nulls;
  }
}

inline void ProfileBuilder::add_value(std::size_t i, const io::Field& f, std::uint64_t line,
                                      const io::TableReader& reader) {
  ColumnProfile& c = columns_[i];
  switch (c.kind) {
    case Kind::kIgnored:
      return;
    case Kind::kCategorical:
      add_category(i, f, line, reader);
      return;
    case Kind::kText:
      // Text: the length in the numbers, each word as a category (docs/drift-check.md "Text").
      add_numeric(c, static_cast<double>(text_length(f.text)));
      for_each_word(f.text, [&](std::string_view word) { count_category(i, word); });
      return;
    default:
      add_numeric(c, numeric_value(i, f, line, reader));
  }
}

void ProfileBuilder::add_batch(const io::Batch& batch, const io::TableReader& reader) {
  // A reader of batches (Parquet) has its columns from the start: none appears later.
  if (batch.columns.size() < columns_.size()) {
    throw std::logic_error("a batch of fewer columns than the profile's");
  }
  rows_ += batch.rows;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    ColumnProfile& c = columns_[i];
    const io::BatchColumn& column = batch.columns[i];
    c.rows += batch.rows;
    if (column.dictionary != 0 && column.entry_count <= io::DictionaryMemo<Memo>::kMaxCodes &&
        (c.kind == Kind::kCategorical || c.kind == Kind::kNumeric)) {
      add_codes(i, column, batch, reader);
      continue;
    }
    if (c.kind == Kind::kCategorical && column.dictionary == 0 &&
        plan_[i].part == DatePart::kNone && plan_[i].type != io::DataType::kBoolean) {
      add_categories(i, column, batch, reader);
      continue;
    }
    for (std::size_t r = 0; r < batch.rows; ++r) {
      const io::Field f = column.at(r);
      if (f.null) {
        ++c.nulls;
        continue;
      }
      add_value(i, f, batch.lines[r], reader);
    }
  }
}

void ProfileBuilder::add_codes(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                               const io::TableReader& reader) {
  io::EntryCounts<Code>& counts = codes_[i];
  counts.follow(column, Code{}, [&](const Code& c) { fold_code(i, c); });
  const std::uint32_t* code = column.codes.data();
  Code* codes = counts.entries();
  if (columns_[i].kind == Kind::kCategorical) {
    // Each entry counted by name the first time it is met (as add() would: the same entries,
    // refused at max_categories alike), its later rows counted at fold_code.
    for (std::size_t r = 0; r < batch.rows; ++r) {
      Code& c = codes[code[r]];
      if (c.entry != Code::kUnknown) {
        ++c.rows;
        continue;
      }
      c.entry = add_category(i, column.at(r), batch.lines[r], reader);
      counts.note_met(code[r]);
    }
    return;
  }
  // A numeric entry is parsed the first time it is met.
  auto entry_of = [&](std::size_t r) -> Code& {
    Code& c = codes[code[r]];
    if (c.entry == Code::kUnknown) {
      c.value = numeric_value(i, column.at(r), batch.lines[r], reader);
      c.entry = 0;
      counts.note_met(code[r]);
    }
    return c;
  };
  ColumnProfile& column_profile = columns_[i];
  NumericSummary& s = column_profile.numeric;
  if (s.storage != Storage::kSketch) {
    for (std::size_t r = 0; r < batch.rows; ++r) add_numeric(column_profile, entry_of(r).value);
    return;
  }
  // add_numeric's steps for a sketch, the values in order (the sums and the sketch depend on
  // it) and into the sketch at once; the small counts take each entry's rows at fold_code.
  sketch_values_.clear();
  for (std::size_t r = 0; r < batch.rows; ++r) {
    Code& c = entry_of(r);
    if (!add_moments(s, c.value)) continue;
    sketch_values_.push_back(c.value);
    ++c.small;
  }
  s.sketch->update_batch(sketch_values_);
}

void ProfileBuilder::add_categories(std::size_t i, const io::BatchColumn& column,
                                    const io::Batch& batch, const io::TableReader& reader) {
  // Each text hashed first, its slot asked for a few rows ahead of its lookup: a column of
  // many categories has a table larger than the cache.
  const io::Field* fields = column.fields.data();
  hashes_.resize(batch.rows);
  for (std::size_t r = 0; r < batch.rows; ++r) {
    const io::Field& f = fields[r];
    hashes_[r] = f.null || f.dictionary != 0 ? 0 : CategoryCounter::hash(f.text);
  }
  constexpr std::size_t kAhead = 8;
  ColumnProfile& c = columns_[i];
  for (std::size_t r = 0; r < batch.rows; ++r) {
    if (r + kAhead < batch.rows) categories_[i].prefetch(hashes_[r + kAhead]);
    const io::Field& f = fields[r];
    if (f.null) {
      ++c.nulls;
    } else if (f.dictionary != 0) {
      add_category(i, f, batch.lines[r], reader);  // through the column's memo
    } else {
      count_category(i, f.text, hashes_[r]);
    }
  }
}

void ProfileBuilder::fold_code(std::size_t i, const Code& code) {
  if (code.small > 0) columns_[i].numeric.small.add(code.value, code.small);
  if (code.rows == 0) return;
  if (code.entry == CategoryCounter::kNotCounted) {
    columns_[i].categorical.other += code.rows;  // the counter was full then, and stays full
  } else {
    categories_[i].count_again(code.entry, code.rows);
  }
}

inline std::size_t ProfileBuilder::add_category(std::size_t i, const io::Field& f,
                                                std::uint64_t line, const io::TableReader& reader) {
  auto* slot = memos_[i].find(f);
  if (slot != nullptr && slot->known) {
    if (slot->value.entry == CategoryCounter::kNotCounted) {
      ++columns_[i].categorical.other;  // the counter was full then, and stays full
    } else {
      categories_[i].count_again(slot->value.entry);
    }
    return slot->value.entry;
  }
  std::string_view text = f.text;
  if (plan_[i].type == io::DataType::kBoolean) {
    if (auto b = io::parse_boolean(text)) text = *b ? "true" : "false";
  }
  std::optional<std::string> part;
  if (plan_[i].part != DatePart::kNone) {
    part = date_part(plan_[i], text);
    if (!part) throw not_a_date(reader, line, plan_[i], f.text);
    text = *part;
  }
  const std::size_t entry = count_category(i, text);
  if (slot != nullptr) *slot = {true, {entry, 0}};
  return entry;
}

inline std::size_t ProfileBuilder::count_category(std::size_t i, std::string_view text,
                                                  std::uint64_t h) {
  CategoryCounter& counts = categories_[i];
  const std::size_t entry = counts.add_entry(text, h, [&] {
    if (counts.size() >= options_.max_categories) {
      if (options_.piece) throw CategoriesOverflow{};
      return false;
    }
    charge_category(text.size());
    return true;
  });
  if (entry == CategoryCounter::kNotCounted) ++columns_[i].categorical.other;
  return entry;
}

double ProfileBuilder::numeric_value(std::size_t i, const io::Field& f, std::uint64_t line,
                                     const io::TableReader& reader) {
  auto* slot = memos_[i].find(f);
  if (slot != nullptr && slot->known) return slot->value.value;
  const std::optional<double> value = read_value(plan_[i], f.text);
  if (!value) {
    const ColumnProfile& c = columns_[i];
    const std::string& format = plan_[i].format;
    throw input_error(reader.name() + ":" + std::to_string(line) + ": column '" + c.name +
                          "' is compared as numeric (" + std::string(io::to_string(c.type)) +
                          (format.empty() ? "" : ", format " + quoted(format)) + ") but holds " +
                          quoted(f.text),
                      "give the column `type: categorical` (or `role: ignore`) in the drift "
                      "config, or fix the data");
  }
  if (slot != nullptr) *slot = {true, {0, *value}};
  return *value;
}

Profile ProfileBuilder::finish(std::string source, std::uint64_t bytes) {
  Profile p;
  p.sources.push_back(std::move(source));
  p.rows = rows_;
  p.bytes = bytes;
  p.sketch_k = options_.sketch_k;
  p.max_categories = options_.max_categories;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    codes_[i].fold_met([&](const Code& c) { fold_code(i, c); });
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    categories_[i].move_into(columns_[i].categorical.counts);
  }
  std::vector<std::uint64_t> scratch;
  for (ColumnProfile& c : columns_) {
    if (c.numeric.storage == Storage::kExact && !c.numeric.values.empty()) {
      stats::radix_sort(c.numeric.values, scratch);
    }
  }
  p.columns = std::move(columns_);
  columns_.clear();
  return p;
}

}  // namespace mlops::drift
