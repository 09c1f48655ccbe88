#include "drift/config.h"

#include <array>
#include <cmath>
#include <utility>

#include "config/node.h"
#include "core/text.h"
#include "io/date_format.h"

namespace mlops::drift {
namespace {

using config::Node;

constexpr std::array<std::pair<std::string_view, Method>, 6> kMethods = {{
    {"ks", Method::kKs},
    {"wasserstein", Method::kWasserstein},
    {"psi", Method::kPsi},
    {"chisquare", Method::kChiSquare},
    {"jensenshannon", Method::kJensenShannon},
    {"ztest", Method::kZTest},
}};

std::vector<std::string> method_names() {
  std::vector<std::string> names;
  names.reserve(kMethods.size());
  for (auto& [name, method] : kMethods) names.emplace_back(name);
  return names;
}

// One of `names` or a failure that lists them and suggests the nearest.
std::string one_of(const Node& n, const std::vector<std::string>& names) {
  std::string s = n.as_string();
  for (const std::string& name : names) {
    if (s == name) return s;
  }
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  std::string hint = "expected one of " + list;
  if (std::string near = nearest(s, names); !near.empty()) {
    hint = "did you mean '" + near + "'? (" + hint + ")";
  }
  n.fail("unknown value '" + s + "'", hint);
}

MethodChoice read_choice(const Node& n) {
  MethodChoice c;
  if (Node m = n.get("method"); m.defined()) c.method = parse_method(one_of(m, method_names()));
  if (Node t = n.get("threshold"); t.defined()) {
    double v = t.as_number();
    if (!(v > 0) || !std::isfinite(v)) t.fail("expected a positive threshold");
    if (c.method && is_test(*c.method) && v >= 1) {
      t.fail("a p-value threshold lies between 0 and 1, e.g. 0.05");
    }
    c.threshold = v;
  }
  if (Node e = n.get("min_effect"); e.defined()) {
    double v = e.as_number();
    if (!(v >= 0) || !std::isfinite(v)) e.fail("expected an effect size of 0 or more, e.g. 0.1");
    c.min_effect = v;
  }
  return c;
}

ColumnSettings read_column(const Node& n) {
  if (!n.is_map()) n.fail("expected a map of column settings, e.g. {role: ignore}");
  n.allow_keys({"role", "type", "format", "method", "threshold", "min_effect", "weight"});
  ColumnSettings s;
  s.location = n.location();
  if (Node r = n.get("role"); r.defined()) {
    std::string role = one_of(r, {"feature", "target", "prediction", "ignore"});
    s.role = role == "target"       ? Role::kTarget
             : role == "prediction" ? Role::kPrediction
             : role == "ignore"     ? Role::kIgnore
                                    : Role::kFeature;
  }
  if (Node t = n.get("type"); t.defined()) {
    const std::string type = one_of(t, {"numeric", "categorical", "text", "weekday", "hour"});
    s.kind = type == "numeric" ? Kind::kNumeric : type == "text" ? Kind::kText : Kind::kCategorical;
    s.part = type == "weekday" ? DatePart::kWeekday
             : type == "hour"  ? DatePart::kHour
                               : DatePart::kNone;
  }
  if (Node f = n.get("format"); f.defined()) {
    s.format = f.as_string();
    if (std::string problem = io::check_date_format(s.format); !problem.empty()) {
      f.fail(problem, std::string(io::date_format_hint()) + " (docs/drift-check.md)");
    }
  }
  if (!s.format.empty() && (s.kind == Kind::kCategorical || s.kind == Kind::kText) &&
      s.part == DatePart::kNone) {
    n.get("type").fail("a column with a date `format:` is read as dates, not as categories",
                       "drop `format:` to count its text as categories, or give `type: numeric`, "
                       "`weekday` or `hour`");
  }
  s.choice = read_choice(n);
  if (Node w = n.get("weight"); w.defined()) {
    s.weight = w.as_number();
    if (!(s.weight > 0) || !std::isfinite(s.weight)) w.fail("expected a positive weight");
  }
  return s;
}

}  // namespace

std::string_view to_string(Method method) {
  for (auto& [name, m] : kMethods) {
    if (m == method) return name;
  }
  return "?";
}

std::optional<Method> parse_method(std::string_view name) {
  for (auto& [n, m] : kMethods) {
    if (n == name) return m;
  }
  return std::nullopt;
}

bool is_test(Method method) {
  return method == Method::kKs || method == Method::kChiSquare || method == Method::kZTest;
}

std::string_view to_string(Preset preset) {
  switch (preset) {
    case Preset::kCalibrated:
      return "calibrated";
    case Preset::kEvidently:
      return "evidently";
    case Preset::kSignificance:
      return "significance";
  }
  return "?";
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kFeature:
      return "feature";
    case Role::kTarget:
      return "target";
    case Role::kPrediction:
      return "prediction";
    case Role::kIgnore:
      return "ignore";
  }
  return "?";
}

std::string_view to_string(SchemaPolicy policy) {
  switch (policy) {
    case SchemaPolicy::kError:
      return "error";
    case SchemaPolicy::kWarn:
      return "warn";
    case SchemaPolicy::kIgnore:
      return "ignore";
  }
  return "?";
}

std::optional<SchemaPolicy> parse_schema_policy(std::string_view name) {
  for (SchemaPolicy p : {SchemaPolicy::kError, SchemaPolicy::kWarn, SchemaPolicy::kIgnore}) {
    if (to_string(p) == name) return p;
  }
  return std::nullopt;
}

const ColumnSettings* DriftConfig::find(std::string_view column) const {
  auto it = columns.find(column);
  return it == columns.end() ? nullptr : &it->second;
}

namespace {

// A share in (0, 1] or a p-value in (0, 1) at `key`, when present.
void read_fraction(const Node& root, std::string_view key, bool p_value, double& out) {
  Node n = root.get(key);
  if (!n.defined()) return;
  out = n.as_number();
  if (p_value && !(out > 0 && out < 1)) n.fail("expected a p-value in (0, 1), e.g. 0.05");
  if (!p_value && !(out > 0 && out <= 1)) n.fail("expected a share in (0, 1], e.g. 0.01");
}

void read_quality(const Node& root, DriftConfig& c) {
  if (Node q = root.get("quality"); q.defined()) {
    c.quality = *parse_schema_policy(one_of(q, {"error", "warn", "ignore"}));
  }
  read_fraction(root, "new_category_share", false, c.new_category_share);
  read_fraction(root, "out_of_range_share", false, c.out_of_range_share);
  read_fraction(root, "quality_alpha", true, c.quality_alpha);
}

DriftConfig config_from(const Node& root, const std::string& path) {
  if (!root.is_map()) root.fail("expected a map with keys such as preset, drift_share, columns");
  root.allow_keys({"preset", "drift_share", "large_sample", "min_effect", "psi_bins",
                   "max_categories", "sketch_k", "memory_budget_mb", "numeric", "categorical",
                   "columns", "description", "schema", "null_share_change", "null_alpha",
                   "new_category_share", "out_of_range_share", "quality_alpha", "quality"});
  DriftConfig c;
  c.path = path;
  if (Node p = root.get("preset"); p.defined()) {
    std::string s = one_of(p, {"calibrated", "evidently", "significance"});
    c.preset = s == "evidently"      ? Preset::kEvidently
               : s == "significance" ? Preset::kSignificance
                                     : Preset::kCalibrated;
  }
  if (Node s = root.get("schema"); s.defined()) {
    c.schema = *parse_schema_policy(one_of(s, {"error", "warn", "ignore"}));
  }
  if (Node s = root.get("null_share_change"); s.defined()) {
    c.null_share_change = s.as_number();
    if (!(c.null_share_change > 0 && c.null_share_change <= 1)) {
      s.fail("expected an absolute change of the missing-value share in (0, 1], e.g. 0.1");
    }
  }
  if (Node s = root.get("null_alpha"); s.defined()) {
    c.null_alpha = s.as_number();
    if (!(c.null_alpha > 0 && c.null_alpha < 1)) s.fail("expected a p-value in (0, 1), e.g. 0.05");
  }
  read_quality(root, c);
  if (Node s = root.get("drift_share"); s.defined()) {
    c.drift_share = s.as_number();
    if (!(c.drift_share > 0 && c.drift_share <= 1)) {
      s.fail("expected a share in (0, 1], e.g. 0.5");
    }
  }
  if (Node e = root.get("min_effect"); e.defined()) {
    c.min_effect = e.as_number();
    if (!(c.min_effect >= 0) || !std::isfinite(c.min_effect)) {
      e.fail("expected an effect size of 0 or more, e.g. 0.1");
    }
  }
  auto positive = [&](std::string_view key, std::int64_t lo, std::int64_t hi, auto& out) {
    if (Node n = root.get(key); n.defined()) {
      std::int64_t v = n.as_integer();
      if (v < lo || v > hi) {
        n.fail("expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
      }
      out = static_cast<std::remove_reference_t<decltype(out)>>(v);
    }
  };
  positive("large_sample", 1, std::int64_t{1} << 40, c.large_sample);
  positive("psi_bins", 2, 1000, c.psi_bins);
  positive("max_categories", 2, 10000000, c.max_categories);
  positive("sketch_k", 8, 65535, c.sketch_k);
  std::uint64_t budget_mb = c.memory_budget >> 20;
  positive("memory_budget_mb", 1, 1 << 24, budget_mb);
  c.memory_budget = budget_mb << 20;
  for (auto [key, out] : {std::pair{"numeric", &c.numeric}, {"categorical", &c.categorical}}) {
    if (Node n = root.get(key); n.defined()) {
      n.allow_keys({"method", "threshold", "min_effect"});
      *out = read_choice(n);
    }
  }
  if (Node cols = root.get("columns"); cols.defined()) {
    for (auto& [name, node] : cols.entries()) c.columns[name] = read_column(node);
  }
  return c;
}

}  // namespace

DriftConfig load_config(const std::string& path) {
  return config_from(Node::load_file(path), path);
}

DriftConfig load_config_string(const std::string& text, const std::string& name) {
  return config_from(Node::load_string(text, name), name);
}

}  // namespace mlops::drift
