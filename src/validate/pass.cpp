#include "validate/pass.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "validate/typed_value.h"
#include "validate/value_verdict.h"

namespace mlops::validate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A piece notes where every this-many-th row starts, so that the merge can read any row again
// by reading at most this many rows.
constexpr std::uint64_t kCheckpointRows = 1024;

}  // namespace

Pass::Pass(const Contract& c, std::size_t max_examples, bool charts, bool piece)
    : contract_(c), max_examples_(max_examples), charts_(charts), piece_(piece) {
  for (const auto& spec : c.columns) {
    columns_.emplace_back(spec);
    if (piece && spec.unique) columns_.back().distinct.record_positions();
  }
  dataset_.keys.resize(c.unique_keys.size());
  if (piece) {
    for (auto& k : dataset_.keys) k.record_positions();
  }
  dataset_.key_duplicates.resize(c.unique_keys.size());
  for (Violations& v : dataset_.key_duplicates) v.counts_values = false;
  dataset_.rules.resize(c.rules.size());
  dataset_.rule_rows.assign(c.rules.size(), 0);
  dataset_.key_rows.assign(c.unique_keys.size(), 0);
  for (const UniqueKey& k : c.unique_keys) {
    std::vector<std::size_t> idx;
    for (const auto& name : k.columns) idx.push_back(contract_.index_of(name));
    keys_.push_back(std::move(idx));
  }
  values_.resize(c.columns.size());
  texts_.resize(c.columns.size());
  hashes_.resize(c.columns.size());
  memos_.resize(c.columns.size());
  batch_values_.resize(c.columns.size());
  batch_texts_.resize(c.columns.size());
  entry_counts_.resize(c.columns.size());
}

void Pass::map_columns(const std::vector<std::string>& data_columns) {
  map_.assign(contract_.columns.size(), kAbsent);
  for (std::size_t j = 0; j < data_columns.size(); ++j) {
    std::size_t i = contract_.index_of(data_columns[j]);
    if (i != kAbsent) map_[i] = j;
  }
}

void Pass::process(const io::Row& row, std::size_t file) {
  ++dataset_.rows;
  row_offset_ = row.offset;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    values_[i] = kNaN;
    texts_[i] = {};
    if (map_[i] == kAbsent || map_[i] >= row.fields.size()) continue;
    const io::Field& f = row.fields[map_[i]];
    check_value(contract_.columns[i], columns_[i], f, file, row.line, i);
  }
  for (std::size_t i : unique_pending_) {
    if (columns_[i].distinct.insert_hash(hashes_[i], row_offset_)) {
      columns_[i].unique.add(max_examples_, file, row.line, texts_[i]);
    }
  }
  unique_pending_.clear();
  for (std::size_t r = 0; r < contract_.rules.size(); ++r) check_rule(r, file, row.line);
  for (std::size_t k = 0; k < keys_.size(); ++k) check_key(k, file, row.line);
}

void Pass::check_value(const ColumnSpec& spec, ColumnState& st, const io::Field& f,
                       std::size_t file, std::uint64_t line, std::size_t i) {
  ++st.rows;
  if (f.null) {
    ++st.nulls;
    if (spec.not_null) st.not_null.add(max_examples_, file, line, "null");
    return;
  }
  // A local: the usual CSV value is judged straight into it, kept in registers.
  ValueVerdict v;  // NOLINT(cppcoreguidelines-pro-type-member-init): judge_value sets it
  if (f.dictionary != 0) {
    v = memos_[i].judge(spec, st, f);
  } else {
    judge_value(spec, st, f.text, v);
  }
  if (v.kind == ValueVerdict::Kind::kNull) {  // NaN
    ++st.nulls;
    if (spec.not_null) st.not_null.add(max_examples_, file, line, f.text);
    return;
  }
  if (v.kind == ValueVerdict::Kind::kBadType) {
    st.type.add(max_examples_, file, line, f.text);
    return;
  }
  ++st.values;
  values_[i] = v.value;
  texts_[i] = f.text;
  if (is_ordered(spec.type)) {
    st.extend(v.value);
    if (v.below_min) st.min.add(max_examples_, file, line, f.text);
    if (v.above_max) st.max.add(max_examples_, file, line, f.text);
    if (spec.mean || spec.stddev) st.moments.add(v.value);
    if (spec.needs_values()) st.quantile_values.add(v.value);
    if (charts_ && v.finite) st.chart.add(v.value);
  }
  if (spec.allowed) {
    if (v.allowed_at == ValueIndex::kNone) {
      st.allowed.add(max_examples_, file, line, f.text);
    } else {
      ++st.allowed_counts[v.allowed_at];
    }
  } else if (charts_ && !is_ordered(spec.type)) {
    st.top.add(f.text);  // strings too: their most frequent values (bounded memory)
  }
  if (!v.pattern_ok) st.pattern.add(max_examples_, file, line, f.text);
  if (v.too_short) st.min_length.add(max_examples_, file, line, f.text);
  if (v.too_long) st.max_length.add(max_examples_, file, line, f.text);
  if (spec.unique) {
    // Inserted at the end of the row, once the slot's cache line has arrived.
    hashes_[i] = v.hash;
    st.distinct.prefetch(hashes_[i]);
    unique_pending_.push_back(i);
  }
}

void Pass::check_rule(std::size_t r, std::size_t file, std::uint64_t line) {
  const Rule& rule = contract_.rules[r];
  const RowValues row{values_.data(), texts_.data()};
  // A row the condition does not select, or whose rule is null (a null operand: the column
  // checks' business), is not judged; an error (division by zero) fails it.
  Truth t{Truth::kTrue, ""};
  if (rule.when) {
    t = rule.when->eval(row);
    if (t.kind == Truth::kFalse || t.kind == Truth::kNull) return;
  }
  if (t.kind != Truth::kError) t = rule.expr.eval(row);
  if (t.kind == Truth::kNull) return;
  ++dataset_.rule_rows[r];
  if (t.kind == Truth::kTrue) return;
  dataset_.rules[r].add(max_examples_, file, line, shown_rule(rule, t.reason));
}

std::string Pass::shown_rule(const Rule& rule, std::string_view reason) const {
  std::string shown;
  auto show = [&](const std::vector<std::size_t>& columns, const std::vector<std::size_t>* skip) {
    for (std::size_t i : columns) {
      if (skip != nullptr && std::find(skip->begin(), skip->end(), i) != skip->end()) continue;
      shown += (shown.empty() ? "" : ", ") + contract_.columns[i].name + "=" +
               (std::isnan(values_[i]) ? std::string("null") : std::string(texts_[i]));
    }
  };
  if (rule.when) show(rule.when->columns(), nullptr);
  show(rule.expr.columns(), rule.when ? &rule.when->columns() : nullptr);
  if (!reason.empty()) shown += " (" + std::string(reason) + ")";
  return shown;
}

void Pass::check_key(std::size_t k, std::size_t file, std::uint64_t line) {
  key_text_.clear();
  for (std::size_t i : keys_[k]) {
    if (std::isnan(values_[i])) return;  // a key with a null part identifies nothing
    key_text_ += std::to_string(texts_[i].size());
    key_text_ += ':';
    key_text_ += texts_[i];
  }
  ++dataset_.key_rows[k];
  if (dataset_.keys[k].insert(key_text_, row_offset_)) {
    dataset_.key_duplicates[k].add(max_examples_, file, line, shown_key(k, texts_));
  }
}

std::string Pass::shown_key(std::size_t k, const std::vector<std::string_view>& texts) const {
  std::string shown;
  for (std::size_t n = 0; n < keys_[k].size(); ++n) {
    shown += (n ? ", " : "") + contract_.columns[keys_[k][n]].name + "=" +
             std::string(texts[keys_[k][n]]);
  }
  return shown;
}

void Pass::follow_columns(const io::TableReader& reader, std::size_t& known) {
  if (reader.columns().size() == known) return;
  known = reader.columns().size();
  map_columns(reader.columns());
  for (std::size_t j : map_) {
    if (j != kAbsent) io::require_values(reader, j);
  }
}

void Pass::read_rows(io::TableReader& reader, std::size_t file, FileInfo& info) {
  file_ = file;
  if (reader.reads_batches()) {
    read_batches(reader, file, info);
    return;
  }
  std::size_t known = kAbsent;
  io::Row row;
  std::uint64_t rows = 0;
  while (reader.next(row)) {
    follow_columns(reader, known);
    if (piece_ && rows++ % kCheckpointRows == 0) checkpoints_.emplace_back(row.offset, row.line);
    ++info.rows;
    process(row, file);
  }
}

void Pass::read_batches(io::TableReader& reader, std::size_t file, FileInfo& info) {
  // Rows of a batch: enough to spread the per-batch work thin, few enough that a column's
  // fields stay in the cache between the reader writing them and the pass reading them.
  constexpr std::size_t kBatchRows = 1024;
  std::size_t known = kAbsent;
  std::uint64_t rows = 0;
  while (reader.next_batch(batch_, kBatchRows)) {
    follow_columns(reader, known);
    for (std::size_t r = 0; r < batch_.rows; ++r) {
      if (piece_ && rows++ % kCheckpointRows == 0) {
        checkpoints_.emplace_back(batch_.offsets[r], batch_.lines[r]);
      }
    }
    info.rows += batch_.rows;
    process_batch(batch_, file);
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    entry_counts_[i].fold_met([&](const Entry& e) { fold_entry(i, e); });
  }
}

void Pass::process_batch(const io::Batch& batch, std::size_t file) {
  dataset_.rows += batch.rows;
  const bool per_row = !contract_.rules.empty() || !keys_.empty();
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (map_[i] == kAbsent || map_[i] >= batch.columns.size()) {
      if (per_row) {
        batch_values_[i].assign(batch.rows, kNaN);
        batch_texts_[i].assign(batch.rows, {});
      }
      continue;
    }
    check_column(i, batch, file, per_row);
  }
  if (per_row) check_rows(batch, file);
}

void Pass::check_column(std::size_t i, const io::Batch& batch, std::size_t file, bool keep_values) {
  const ColumnSpec& spec = contract_.columns[i];
  ColumnState& st = columns_[i];
  const io::BatchColumn& column = batch.columns[map_[i]];
  // A column whose every check is of one value at a time, all of whose batch values are
  // entries of one dictionary: judged once per entry met, its rows counted per entry.
  if (column.dictionary != 0 && column.entry_count <= kMaxEntries && !keep_values && !spec.unique &&
      !spec.mean && !spec.stddev && !spec.needs_values() && !charts_) {
    check_by_entry(i, column, batch, file);
    return;
  }
  unique_rows_.clear();
  batch_hashes_.clear();
  if (column.dictionary == 0 && !keep_values &&
      (spec.type == ColumnType::kString || spec.type == ColumnType::kCategory)) {
    check_texts(i, column, batch, file);
    insert_unique(i, column, batch, file);
    return;
  }
  if (keep_values) {
    batch_values_[i].resize(batch.rows);
    batch_texts_[i].resize(batch.rows);
  }
  for (std::size_t r = 0; r < batch.rows; ++r) {
    values_[i] = kNaN;
    texts_[i] = {};
    check_value(spec, st, column.at(r), file, batch.lines[r], i);
    if (!unique_pending_.empty()) {
      unique_pending_.clear();
      unique_rows_.push_back(r);
      batch_hashes_.push_back(hashes_[i]);
    }
    if (keep_values) {
      batch_values_[i][r] = values_[i];
      batch_texts_[i][r] = texts_[i];
    }
  }
  insert_unique(i, column, batch, file);
}

void Pass::check_texts(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                       std::size_t file) {
  // check_value's steps for a text, whose type nothing can break.
  const ColumnSpec& spec = contract_.columns[i];
  ColumnState& st = columns_[i];
  for (std::size_t r = 0; r < batch.rows; ++r) {
    const io::Field& f = column.fields[r];
    const std::uint64_t line = batch.lines[r];
    ++st.rows;
    if (f.null) {
      ++st.nulls;
      if (spec.not_null) st.not_null.add(max_examples_, file, line, "null");
      continue;
    }
    ++st.values;
    if (spec.allowed) {
      const std::size_t at = spec.allowed->index.find(f.text);
      if (at == ValueIndex::kNone) {
        st.allowed.add(max_examples_, file, line, f.text);
      } else {
        ++st.allowed_counts[at];
      }
    } else if (charts_) {
      st.top.add(f.text);
    }
    if (spec.pattern && !pattern_matches(*spec.pattern, st, f.text)) {
      st.pattern.add(max_examples_, file, line, f.text);
    }
    if (spec.min_length || spec.max_length) {
      ValueVerdict v;  // NOLINT(cppcoreguidelines-pro-type-member-init): judge_length sets both
      judge_length(spec, f.text, v);
      if (v.too_short) st.min_length.add(max_examples_, file, line, f.text);
      if (v.too_long) st.max_length.add(max_examples_, file, line, f.text);
    }
    if (spec.unique) {
      unique_rows_.push_back(r);
      batch_hashes_.push_back(stats::DistinctCounter::hash(f.text));
    }
  }
}

void Pass::insert_unique(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                         std::size_t file) {
  ColumnState& st = columns_[i];
  // Each value's slot is asked for a few rows ahead of its insertion, as process() does.
  constexpr std::size_t kAhead = 8;
  for (std::size_t k = 0; k < unique_rows_.size(); ++k) {
    if (k + kAhead < unique_rows_.size()) st.distinct.prefetch(batch_hashes_[k + kAhead]);
    const std::size_t r = unique_rows_[k];
    if (st.distinct.insert_hash(batch_hashes_[k], batch.offsets[r])) {
      st.unique.add(max_examples_, file, batch.lines[r], column.at(r).text);
    }
  }
}

void Pass::check_by_entry(std::size_t i, const io::BatchColumn& column, const io::Batch& batch,
                          std::size_t file) {
  io::EntryCounts<Entry>& counts = entry_counts_[i];
  counts.follow(column, Entry{}, [&](const Entry& e) { fold_entry(i, e); });
  const ColumnSpec& spec = contract_.columns[i];
  ColumnState& st = columns_[i];
  const std::uint32_t* codes = column.codes.data();
  Entry* entries = counts.entries();
  bool flawed = false;
  for (std::size_t r = 0; r < batch.rows; ++r) {
    Entry& e = entries[codes[r]];
    if (e.state == Entry::kUnknown) {
      // The first time the dictionary's entry is met: judged once.
      ValueVerdict& v = e.verdict;
      judge_value(spec, st, column.entries[codes[r]], v);
      const bool allowed = !spec.allowed || v.allowed_at != ValueIndex::kNone;
      e.state = v.kind == ValueVerdict::Kind::kValue && !v.below_min && !v.above_max && allowed &&
                        v.pattern_ok && !v.too_short && !v.too_long
                    ? Entry::kClean
                    : Entry::kFlawed;
      counts.note_met(codes[r]);
    }
    e.rows += e.state == Entry::kClean ? 1 : 0;
    flawed |= e.state == Entry::kFlawed;
  }
  if (!flawed) return;
  // Rows of entries that break a check, one by one and in order: their examples name their
  // lines.
  for (std::size_t r = 0; r < batch.rows; ++r) {
    if (entries[codes[r]].state == Entry::kFlawed) {
      check_value(spec, st, column.at(r), file, batch.lines[r], i);
    }
  }
}

void Pass::fold_entry(std::size_t i, const Entry& e) {
  if (e.state != Entry::kClean || e.rows == 0) return;
  const ColumnSpec& spec = contract_.columns[i];
  ColumnState& st = columns_[i];
  st.rows += e.rows;
  st.values += e.rows;
  if (is_ordered(spec.type)) st.extend(e.verdict.value);
  if (spec.allowed) st.allowed_counts[e.verdict.allowed_at] += e.rows;
}

void Pass::check_rows(const io::Batch& batch, std::size_t file) {
  for (std::size_t r = 0; r < batch.rows; ++r) {
    row_offset_ = batch.offsets[r];
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      values_[i] = batch_values_[i][r];
      texts_[i] = batch_texts_[i][r];
    }
    for (std::size_t k = 0; k < contract_.rules.size(); ++k) check_rule(k, file, batch.lines[r]);
    for (std::size_t k = 0; k < keys_.size(); ++k) check_key(k, file, batch.lines[r]);
  }
}

void Pass::finish_file(const std::vector<std::string>& columns, std::size_t file, FileInfo& info) {
  map_columns(columns);
  for (std::size_t i = 0; i < map_.size(); ++i) {
    if (map_[i] == kAbsent) columns_[i].missing_in.push_back(file);
  }
  for (const auto& name : columns) {
    if (contract_.find(name) == nullptr) info.extra_columns.push_back(name);
  }
}

void Pass::merge(Pass&& later, std::uint64_t line_base, const Reopen& reopen, int threads) {
  auto shift = [line_base](Violations& v) {
    for (auto& e : v.examples) e.line += line_base;
  };
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    ColumnState& o = later.columns_[i];
    for (Violations* v : {&o.type, &o.not_null, &o.min, &o.max, &o.allowed, &o.pattern,
                          &o.min_length, &o.max_length, &o.unique}) {
      shift(*v);
    }
  }
  DatasetState& d = later.dataset_;
  for (auto& v : d.key_duplicates) shift(v);
  merge_uniqueness(later, line_base, reopen, threads);
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    columns_[i].merge(std::move(later.columns_[i]), max_examples_);
  }
  dataset_.rows += d.rows;
  for (std::size_t k = 0; k < d.key_rows.size(); ++k) dataset_.key_rows[k] += d.key_rows[k];
  for (std::size_t r = 0; r < d.rules.size(); ++r) {
    dataset_.rule_rows[r] += d.rule_rows[r];
    shift(d.rules[r]);
    dataset_.rules[r].merge(std::move(d.rules[r]), max_examples_);
  }
}

void Pass::merge_uniqueness(Pass& later, std::uint64_t line_base, const Reopen& reopen,
                            int threads) {
  std::vector<RepeatSite> sites;
  auto merge_one = [&](stats::DistinctCounter& mine, stats::DistinctCounter& theirs,
                       Violations& into, Violations& local, std::size_t column, std::size_t key) {
    // Only the first examples of the whole input are kept: this Pass's come first.
    const std::size_t keep = max_examples_ - std::min(max_examples_, into.examples.size());
    stats::DistinctCounter::Repeats r = mine.merge(std::move(theirs), keep, threads);
    into.count += local.count + r.count;
    sites.push_back({&into, std::move(local.examples), std::move(r.first), column, key});
  };
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (!contract_.columns[i].unique) continue;
    ColumnState& o = later.columns_[i];
    merge_one(columns_[i].distinct, o.distinct, columns_[i].unique, o.unique, i, kAbsent);
    o.unique = {};
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    merge_one(dataset_.keys[k], later.dataset_.keys[k], dataset_.key_duplicates[k],
              later.dataset_.key_duplicates[k], kAbsent, k);
    later.dataset_.key_duplicates[k] = {};
  }
  std::map<std::uint64_t, RereadRow> rows = later.reread(sites, reopen);
  for (RepeatSite& site : sites) {
    // Both lists are in file order: interleave them by line.
    std::vector<Example> across;
    for (std::uint64_t offset : site.offsets) {
      auto it = rows.find(offset);
      if (it == rows.end()) continue;
      const RereadRow& row = it->second;
      std::vector<std::string_view> texts(row.texts.begin(), row.texts.end());
      across.push_back(
          {later.file_, row.line + line_base,
           site.column != kAbsent ? row.texts[site.column] : shown_key(site.key, texts)});
    }
    std::vector<Example> merged(site.local.size() + across.size());
    std::merge(std::make_move_iterator(site.local.begin()),
               std::make_move_iterator(site.local.end()), std::make_move_iterator(across.begin()),
               std::make_move_iterator(across.end()), merged.begin(),
               [](const Example& a, const Example& b) { return a.line < b.line; });
    for (Example& e : merged) {
      if (site.into->examples.size() >= max_examples_) break;
      site.into->examples.push_back(std::move(e));
    }
  }
}

std::map<std::uint64_t, Pass::RereadRow> Pass::reread(const std::vector<RepeatSite>& sites,
                                                      const Reopen& reopen) const {
  std::vector<std::uint64_t> offsets;
  for (const RepeatSite& site : sites) {
    offsets.insert(offsets.end(), site.offsets.begin(), site.offsets.end());
  }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  std::map<std::uint64_t, RereadRow> found;
  if (offsets.empty() || !reopen || checkpoints_.empty()) return found;
  std::unique_ptr<io::TableReader> reader;
  std::size_t at = checkpoints_.size();  // the checkpoint `reader` started from
  io::Row row;
  row.offset = 0;
  for (std::uint64_t offset : offsets) {
    // The last checkpoint at or before the row; keep reading from where we are when it is
    // the same one and we have not passed the row yet.
    auto cp = std::upper_bound(checkpoints_.begin(), checkpoints_.end(),
                               std::pair{offset, ~std::uint64_t{0}});
    if (cp == checkpoints_.begin()) continue;
    const auto k = static_cast<std::size_t>(cp - checkpoints_.begin() - 1);
    if (reader == nullptr || k != at || row.offset >= offset) {
      reader = reopen(checkpoints_[k].first);
      at = k;
    }
    bool got = false;
    while ((got = reader->next(row)) && row.offset < offset) {
    }
    if (!got || row.offset != offset) {
      reader = nullptr;
      continue;
    }
    RereadRow& r = found[offset];
    r.line = checkpoints_[at].second + row.line - 1;
    r.texts.resize(contract_.columns.size());
    // By the reader's own column names: a JSON Lines reader opened mid-piece may have met the
    // keys in another order than the piece's reader.
    const std::vector<std::string>& names = reader->columns();
    for (std::size_t j = 0; j < names.size() && j < row.fields.size(); ++j) {
      const std::size_t i = contract_.index_of(names[j]);
      if (i != kAbsent) r.texts[i] = std::string(row.fields[j].text);
    }
  }
  return found;
}

}  // namespace mlops::validate
