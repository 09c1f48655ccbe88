#include "drift/profile_json.h"

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "core/error.h"
#include "core/text.h"
#include "crypto/read_ledger.h"
#include "io/remote.h"
#include "json/parse.h"

namespace mlops::drift {
namespace {

namespace json = boost::json;

// Reads fields of a profile, failing with the file name and the field's path.
class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw input_error(name_ + ": " + path + ": " + what,
                      "profiles are written by `drift-check profile` and `merge`; recreate it");
  }

  const json::object& object(const json::value& v, const std::string& path) const {
    if (!v.is_object()) fail(path, "expected an object");
    return v.get_object();
  }
  const json::array& array(const json::value& v, const std::string& path) const {
    if (!v.is_array()) fail(path, "expected an array");
    return v.get_array();
  }
  const json::value& field(const json::object& o, const std::string& path,
                           std::string_view key) const {
    const json::value* v = o.if_contains(key);
    if (!v) fail(path, "missing field '" + std::string(key) + "'");
    return *v;
  }
  std::uint64_t count(const json::value& v, const std::string& path) const {
    if (v.is_uint64()) return v.get_uint64();
    if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::uint64_t>(v.get_int64());
    fail(path, "expected a non-negative integer");
  }
  double number(const json::value& v, const std::string& path) const {
    const std::optional<double> d = mlops::json::to_double(v);
    if (!d) fail(path, "expected a number");
    if (!std::isfinite(*d)) fail(path, "expected a finite number");
    return *d;
  }
  std::string string(const json::value& v, const std::string& path) const {
    if (!v.is_string()) fail(path, "expected a string");
    return std::string(v.get_string());
  }

 private:
  std::string name_;
};

json::value sketch_json(const stats::KllSketch& s) {
  json::array levels;
  for (const auto& level : s.levels()) {
    json::array items;
    items.reserve(level.size());
    for (double x : level) items.emplace_back(x);
    levels.push_back(std::move(items));
  }
  return json::object{{"k", s.k()},
                      {"level0_capacity", s.level0_capacity()},
                      {"n", s.n()},
                      {"min", s.n() > 0 ? json::value(s.min()) : json::value(0.0)},
                      {"max", s.n() > 0 ? json::value(s.max()) : json::value(0.0)},
                      {"rng_state", s.rng_state()},
                      {"levels", std::move(levels)}};
}

std::unique_ptr<stats::KllSketch> read_sketch(const Reader& r, const json::value& v,
                                              const std::string& path) {
  const json::object& o = r.object(v, path);
  stats::KllParts parts;
  std::uint64_t k = r.count(r.field(o, path, "k"), path + ".k");
  std::uint64_t cap = r.count(r.field(o, path, "level0_capacity"), path + ".level0_capacity");
  if (k > stats::KllSketch::kMaxK || cap > stats::KllSketch::kMaxLevel0Capacity) {
    r.fail(path, "sketch size out of range");
  }
  parts.k = static_cast<std::uint32_t>(k);
  parts.level0_capacity = static_cast<std::uint32_t>(cap);
  parts.n = r.count(r.field(o, path, "n"), path + ".n");
  parts.min = r.number(r.field(o, path, "min"), path + ".min");
  parts.max = r.number(r.field(o, path, "max"), path + ".max");
  parts.rng_state = r.count(r.field(o, path, "rng_state"), path + ".rng_state");
  const json::array& levels = r.array(r.field(o, path, "levels"), path + ".levels");
  if (levels.size() > 64) r.fail(path + ".levels", "more levels than any sketch has");
  for (std::size_t h = 0; h < levels.size(); ++h) {
    std::string lp = path + ".levels[" + std::to_string(h) + "]";
    auto& level = parts.levels.emplace_back();
    const json::array& items = r.array(levels[h], lp);
    level.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      level.push_back(r.number(items[i], lp + "[" + std::to_string(i) + "]"));
    }
  }
  try {
    return std::make_unique<stats::KllSketch>(stats::KllSketch::from_parts(std::move(parts)));
  } catch (const std::invalid_argument& e) {
    r.fail(path, e.what());
  }
}

}  // namespace

json::value to_json(const Profile& p) {
  json::array columns;
  for (const ColumnProfile& c : p.columns) {
    if (c.kind == Kind::kText) {
      throw usage_error(
          "column " + quoted(c.name) + " is `type: text`, which a profile cannot hold yet",
          "compare the data files directly, or profile the column with another type");
    }
    json::object j{{"name", c.name},
                   {"kind", std::string(to_string(c.kind))},
                   {"type", std::string(io::to_string(c.type))},
                   {"rows", c.rows},
                   {"nulls", c.nulls}};
    if (c.kind == Kind::kNumeric) {
      const NumericSummary& n = c.numeric;
      if (n.storage != Storage::kSketch || !n.sketch) {
        throw std::logic_error("profiles keep numeric columns as sketches");
      }
      // Values near ±1e154 and beyond overflow the sum of squares; JSON cannot hold the
      // infinity, and a profile that kept it could not be compared.
      if (!std::isfinite(n.sum) || !std::isfinite(n.sum_squares)) {
        throw input_error("column " + quoted(c.name) +
                              ": its values are too large to profile (their sum of squares "
                              "overflows a double)",
                          "compare the data files directly (drift-check compare without "
                          "profiles), or rescale the column");
      }
      json::value distinct = nullptr;
      if (!n.small.overflowed()) {
        json::array pairs;
        for (auto& [value, count] : n.small.sorted()) pairs.push_back(json::array{value, count});
        distinct = std::move(pairs);
      }
      j["numeric"] = json::object{{"count", n.count},
                                  {"nan", n.nan},
                                  {"inf", n.inf},
                                  {"min", n.count > 0 ? n.min : 0.0},
                                  {"max", n.count > 0 ? n.max : 0.0},
                                  {"shift", n.shift},
                                  {"sum", n.sum},
                                  {"sum_squares", n.sum_squares},
                                  {"distinct", std::move(distinct)},
                                  {"sketch", sketch_json(*n.sketch)}};
    } else if (c.kind == Kind::kCategorical) {
      json::array values;
      for (auto& [value, count] : c.categorical.sorted()) {
        values.push_back(json::array{json::string(value), count});
      }
      j["categories"] = json::object{{"counts", std::move(values)}, {"other", c.categorical.other}};
    }
    columns.push_back(std::move(j));
  }
  json::array sources;
  for (const std::string& s : p.sources) sources.emplace_back(s);
  return json::object{{"schema", kProfileSchema},
                      {"sources", std::move(sources)},
                      {"rows", p.rows},
                      {"bytes", p.bytes},
                      {"sketch_k", p.sketch_k},
                      {"max_categories", p.max_categories},
                      {"columns", std::move(columns)}};
}

Profile profile_from_json(std::string_view text, const std::string& name) {
  Reader r(name);
  json::value root = mlops::json::parse_json_exact(text, name);
  const json::object& o = r.object(root, "(document)");
  if (r.string(r.field(o, "(document)", "schema"), "schema") != kProfileSchema) {
    r.fail("schema", "expected \"" + std::string(kProfileSchema) + "\"");
  }
  Profile p;
  for (const json::value& s : r.array(r.field(o, "(document)", "sources"), "sources")) {
    p.sources.push_back(r.string(s, "sources[]"));
  }
  p.rows = r.count(r.field(o, "(document)", "rows"), "rows");
  p.bytes = r.count(r.field(o, "(document)", "bytes"), "bytes");
  std::uint64_t k = r.count(r.field(o, "(document)", "sketch_k"), "sketch_k");
  if (k < stats::KllSketch::kMinK || k > stats::KllSketch::kMaxK)
    r.fail("sketch_k", "out of range");
  p.sketch_k = static_cast<std::uint32_t>(k);
  p.max_categories = r.count(r.field(o, "(document)", "max_categories"), "max_categories");
  const json::array& columns = r.array(r.field(o, "(document)", "columns"), "columns");
  std::unordered_set<std::string> names;  // a hash, not a search per column: wide tables
  for (std::size_t i = 0; i < columns.size(); ++i) {
    std::string path = "columns[" + std::to_string(i) + "]";
    const json::object& co = r.object(columns[i], path);
    ColumnProfile& c = p.columns.emplace_back();
    c.name = r.string(r.field(co, path, "name"), path + ".name");
    if (!names.insert(c.name).second)
      r.fail(path + ".name", "column '" + c.name + "' appears twice");
    std::string kind = r.string(r.field(co, path, "kind"), path + ".kind");
    std::string type = r.string(r.field(co, path, "type"), path + ".type");
    if (auto parsed = io::parse_data_type(type)) {
      c.type = *parsed;
    } else {
      r.fail(path + ".type", "unknown type " + quoted(type) +
                                 ", expected boolean, integer, number, date, datetime or string");
    }
    c.rows = r.count(r.field(co, path, "rows"), path + ".rows");
    c.nulls = r.count(r.field(co, path, "nulls"), path + ".nulls");
    if (c.rows != p.rows || c.nulls > c.rows) {
      r.fail(path,
             "rows and nulls disagree with the profile's " + std::to_string(p.rows) + " rows");
    }
    if (kind == "numeric") {
      c.kind = Kind::kNumeric;
      std::string np = path + ".numeric";
      const json::object& no = r.object(r.field(co, path, "numeric"), np);
      NumericSummary& n = c.numeric;
      n.storage = Storage::kSketch;
      n.count = r.count(r.field(no, np, "count"), np + ".count");
      n.nan = r.count(r.field(no, np, "nan"), np + ".nan");
      n.inf = r.count(r.field(no, np, "inf"), np + ".inf");
      n.min = r.number(r.field(no, np, "min"), np + ".min");
      n.max = r.number(r.field(no, np, "max"), np + ".max");
      n.shift = r.number(r.field(no, np, "shift"), np + ".shift");
      n.sum = r.number(r.field(no, np, "sum"), np + ".sum");
      n.sum_squares = r.number(r.field(no, np, "sum_squares"), np + ".sum_squares");
      if (n.count + n.nan + n.inf + c.nulls != c.rows) {
        r.fail(np, "count + nan + inf + nulls must equal the rows");
      }
      n.sketch = read_sketch(r, r.field(no, np, "sketch"), np + ".sketch");
      if (n.sketch->n() != n.count ||
          (n.count > 0 && (n.sketch->min() != n.min || n.sketch->max() != n.max))) {
        r.fail(np + ".sketch", "n, min or max disagree with the column's");
      }
      const json::value& distinct = r.field(no, np, "distinct");
      if (distinct.is_null()) {
        n.small.set_overflowed();
      } else {
        std::uint64_t total = 0;
        const json::array& pairs = r.array(distinct, np + ".distinct");
        if (pairs.size() > kMaxSmallDistinct) r.fail(np + ".distinct", "too many values");
        for (std::size_t j = 0; j < pairs.size(); ++j) {
          std::string pp = np + ".distinct[" + std::to_string(j) + "]";
          const json::array& pair = r.array(pairs[j], pp);
          if (pair.size() != 2) r.fail(pp, "expected [value, count]");
          double v = r.number(pair[0], pp);
          std::uint64_t cnt = r.count(pair[1], pp);
          if (cnt == 0 || v < n.min || v > n.max) r.fail(pp, "value or count out of range");
          n.small.add(v, cnt);
          total += cnt;
        }
        if (total != n.count) r.fail(np + ".distinct", "counts do not add up to the count");
      }
    } else if (kind == "categorical") {
      c.kind = Kind::kCategorical;
      std::string cp = path + ".categories";
      const json::object& cat = r.object(r.field(co, path, "categories"), cp);
      c.categorical.other = r.count(r.field(cat, cp, "other"), cp + ".other");
      std::uint64_t total = c.categorical.other;
      const json::array& counts = r.array(r.field(cat, cp, "counts"), cp + ".counts");
      for (std::size_t j = 0; j < counts.size(); ++j) {
        std::string pp = cp + ".counts[" + std::to_string(j) + "]";
        const json::array& pair = r.array(counts[j], pp);
        if (pair.size() != 2) r.fail(pp, "expected [value, count]");
        std::uint64_t cnt = r.count(pair[1], pp);
        if (cnt == 0) r.fail(pp, "count must be positive");
        if (!c.categorical.counts.emplace(r.string(pair[0], pp), cnt).second) {
          r.fail(pp, "value appears twice");
        }
        total += cnt;
      }
      if (total + c.nulls != c.rows) r.fail(cp, "counts + nulls must equal the rows");
    } else if (kind == "ignored") {
      c.kind = Kind::kIgnored;
    } else {
      r.fail(path + ".kind", "expected numeric, categorical or ignored");
    }
  }
  return p;
}

Profile load_profile(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) {
    throw input_error("cannot read profile " + path, "check the path");
  }
  // Hashed as it is read: an attestation signs the digest of the profile that was compared.
  return profile_from_json(crypto::read_whole_file(path), path);
}

bool is_profile_file(const std::string& path, const io::RemoteOptions& remote) {
  if (path == "-") return false;
  if (io::is_remote(path)) {
    // Read as data, a profile would be a one-row JSON table: refused instead.
    const io::RemoteObject object(io::expand_one(path, remote), remote);
    if (object.head().find(kProfileSchema) != std::string::npos) {
      throw input_error(object.name() +
                            " is a drift-check profile, which is read from a local "
                            "file only",
                        "download it first (e.g. aws s3 cp)");
    }
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  char buf[256] = {};
  in.read(buf, sizeof buf);
  std::string_view head(buf, static_cast<std::size_t>(in.gcount()));
  return head.find(kProfileSchema) != std::string_view::npos;
}

}  // namespace mlops::drift
