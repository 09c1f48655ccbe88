#include "gate/slices.h"

#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/error.h"
#include "gate/requested_metrics.h"

namespace mlops::gate {
namespace {

using Key = std::vector<std::optional<std::string>>;
using Groups = std::map<Key, std::vector<std::size_t>>;

// The rows of `p` grouped by their values of `columns` (read by read_predictions).
Groups group_rows(const Predictions& p, const std::vector<std::string>& columns) {
  std::vector<const SliceColumn*> cols;
  for (const std::string& name : columns) {
    for (const SliceColumn& c : p.slices) {
      if (c.name == name) cols.push_back(&c);
    }
  }
  if (cols.size() != columns.size()) throw std::logic_error("slice column not read");
  // Grouped by level numbers first, so that no row copies a string.
  std::map<std::vector<std::uint32_t>, std::vector<std::size_t>> by_level;
  std::vector<std::uint32_t> levels(cols.size());
  for (std::size_t i = 0; i < cols.front()->level.size(); ++i) {
    for (std::size_t k = 0; k < cols.size(); ++k) levels[k] = cols[k]->level[i];
    by_level[levels].push_back(i);
  }
  Groups groups;
  for (auto& [numbers, rows] : by_level) {
    Key key;
    for (std::size_t k = 0; k < cols.size(); ++k) key.push_back(cols[k]->levels[numbers[k]]);
    groups[std::move(key)] = std::move(rows);
  }
  return groups;
}

std::string slice_name(const std::vector<std::string>& columns, const Key& key) {
  std::string name;
  for (std::size_t k = 0; k < columns.size(); ++k) {
    name += (k ? ", " : "") + columns[k] + "=" + key[k].value_or("null");
  }
  return name;
}

// The rule as a skipped check of the slice, saying why.
RuleCheck skipped(const MetricRule& r, const SliceOutcome& s, const char* check,
                  std::string expected, std::string why) {
  RuleCheck c;
  c.metric = r.metric;
  c.check = check;
  c.location = r.location;
  c.skipped = c.passed = true;
  c.expected = std::move(expected);
  c.slice = s.name;
  c.note = std::move(why);
  return c;
}

bool undefined(const MetricSet& m, const std::string& metric) {
  const std::optional<double> v = m.find(metric);
  return v && std::isnan(*v);
}

struct SliceRows {
  const Predictions* predictions = nullptr;
  const std::vector<std::size_t>* rows = nullptr;  // null: no row of the slice
  std::string prefix;
};

MetricSet slice_metrics(const Rules& rules, const SliceRows& side) {
  // evaluate_one skips a slice with no rows on either side before it gets here.
  if (side.predictions == nullptr || side.rows == nullptr) throw std::logic_error("empty slice");
  return strip_prefix(gate_metrics(subset(*side.predictions, *side.rows), rules), side.prefix);
}

void evaluate_one(const Rules& rules, const SliceRows& cand, const SliceRows& base,
                  SliceOutcome& s) {
  s.rows = cand.rows ? cand.rows->size() : 0;
  if (base.predictions) s.baseline_rows = base.rows ? base.rows->size() : 0;
  const auto min = static_cast<std::size_t>(rules.min_slice_size);
  const std::string fewer = ", fewer than min_slice_size " + std::to_string(min);
  if (cand.rows == nullptr || s.rows < min) {
    s.skipped = std::to_string(s.rows) + " rows in the candidate" + fewer;
  } else if (base.predictions && (base.rows == nullptr || *s.baseline_rows < min)) {
    s.skipped = std::to_string(*s.baseline_rows) + " rows in the baseline" + fewer;
  }
  if (!s.skipped.empty()) {
    for (const MetricRule& r : rules.metrics) {
      s.checks.push_back(skipped(r, s, "slice", ">= " + std::to_string(min) + " rows", s.skipped));
    }
    return;
  }
  const MetricSet c = slice_metrics(rules, cand);
  std::optional<MetricSet> b;
  if (base.predictions) b = slice_metrics(rules, base);
  for (const MetricRule& r : rules.metrics) {
    const std::size_t first = s.checks.size();
    if (undefined(c, r.metric) || (b && r.needs_baseline() && undefined(*b, r.metric))) {
      s.checks.push_back(
          skipped(r, s, "defined", "a defined value",
                  r.metric + " is undefined in this slice (e.g. ROC AUC of one class)"));
      continue;
    }
    evaluate_rule(r, c, b ? &*b : nullptr, s.checks);
    for (std::size_t i = first; i < s.checks.size(); ++i) s.checks[i].slice = s.name;
  }
}

// A rule that no slice of `spec` evaluated, for a reason other than an absent optional metric.
void require_evaluated(const Rules& rules, const SliceSpec& spec,
                       const std::vector<SliceOutcome>& slices, std::size_t from) {
  for (const MetricRule& r : rules.metrics) {
    bool evaluated = false, refused = false;
    for (std::size_t i = from; i < slices.size(); ++i) {
      for (const RuleCheck& c : slices[i].checks) {
        if (c.metric != r.metric) continue;
        evaluated |= !c.skipped;
        refused |= c.skipped && !c.note.empty();
      }
    }
    if (evaluated || !refused) continue;
    std::string by;
    for (const std::string& col : spec.columns) by += (by.empty() ? "" : ", ") + col;
    throw input_error("no slice by " + by + " (" + spec.location + ") evaluated the rule on '" +
                          r.metric + "' (" + r.location + "): every slice has fewer than " +
                          "min_slice_size " + std::to_string(rules.min_slice_size) +
                          " rows or leaves the metric undefined",
                      "lower min_slice_size, or slice by a coarser column");
  }
}

}  // namespace

std::vector<SliceOutcome> evaluate_slices(const Rules& rules, const Predictions& candidate,
                                          const Predictions* baseline,
                                          const std::string& candidate_prefix,
                                          const std::string& baseline_prefix) {
  std::vector<SliceOutcome> out;
  for (const SliceSpec& spec : rules.slices) {
    const Groups cand = group_rows(candidate, spec.columns);
    Groups base;
    if (baseline) base = group_rows(*baseline, spec.columns);
    // Every slice of either side: one the candidate lacks is reported, not passed over.
    std::map<Key, int> keys;
    for (const auto& [key, rows] : cand) keys[key];
    for (const auto& [key, rows] : base) keys[key];
    const std::size_t from = out.size();
    for (const auto& [key, unused] : keys) {
      SliceOutcome s;
      s.name = slice_name(spec.columns, key);
      s.columns = spec.columns;
      s.values = key;
      auto c = cand.find(key);
      auto b = base.find(key);
      evaluate_one(rules, {&candidate, c == cand.end() ? nullptr : &c->second, candidate_prefix},
                   {baseline, b == base.end() ? nullptr : &b->second, baseline_prefix}, s);
      out.push_back(std::move(s));
    }
    require_evaluated(rules, spec, out, from);
  }
  return out;
}

}  // namespace mlops::gate
