#include "validate/infer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <string_view>

#include "core/text.h"
#include "io/type_infer.h"
#include "io/value_parse.h"
#include "validate/contract.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

constexpr std::size_t kMaxCategories = 20;

struct MinMax {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

// What one column showed, for every type it might turn out to be.
struct Observed {
  MinMax number, date, datetime;
  std::set<std::string> distinct;  // up to kMaxCategories + 1
  std::uint64_t nulls = 0;
  std::uint64_t nans = 0;  // NaN texts: missing values if the column turns out numeric
};

ColumnType column_type(io::DataType t, const Observed& o, std::uint64_t values) {
  switch (t) {
    case io::DataType::kBoolean:
      return ColumnType::kBoolean;
    case io::DataType::kInteger:
      return ColumnType::kInteger;
    case io::DataType::kNumber:
      return ColumnType::kNumber;
    case io::DataType::kDate:
      return ColumnType::kDate;
    case io::DataType::kDatetime:
      return ColumnType::kDatetime;
    case io::DataType::kString:
      break;
  }
  bool few =
      !o.distinct.empty() && o.distinct.size() <= kMaxCategories && values >= 2 * o.distinct.size();
  return few ? ColumnType::kCategory : ColumnType::kString;
}

std::string yaml_number(ColumnType type, double v, bool upper) {
  // Datetimes print whole seconds: round the upper bound up so it still covers the maximum.
  if (type == ColumnType::kDatetime && upper) v = std::ceil(v);
  std::string s = format_typed(type, v);
  return type == ColumnType::kDate || type == ColumnType::kDatetime ? "\"" + s + "\"" : s;
}

// Text for a YAML comment: one line, without "##" (a CI log may show the contract).
std::string yaml_comment(std::string_view text) {
  std::string s = one_line(text);
  for (std::size_t at = s.find("##"); at != std::string::npos; at = s.find("##", at)) {
    s[at + 1] = '_';
  }
  return s;
}

}  // namespace

std::vector<std::size_t> unreadable_columns(const io::TableReader& reader) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < reader.columns().size(); ++i) {
    if (!reader.unreadable(i).empty()) out.push_back(i);
  }
  return out;
}

std::string yaml_scalar(const std::string& s) {
  static const std::set<std::string> kReserved = {"true", "false", "yes", "no", "on",
                                                  "off",  "null",  "~",   "y",  "n"};
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  bool plain = !s.empty() && !kReserved.count(lower) &&
               (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                      c == '.' || c == ' ' || c == '(' || c == ')' || c == '/');
  }
  if (plain && s.back() != ' ') return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '#') {
      // Control bytes (a CR ends a line for the Actions runner) and '#' (GitHub's legacy
      // "##[command]" form starts anywhere in a line) as YAML escapes, the same value.
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string infer_contract(io::TableReader& reader, std::size_t sample_rows) {
  io::TypeInferrer inferrer;
  inferrer.declare_from(reader);
  std::vector<Observed> observed;
  std::uint64_t rows = 0;
  io::Row row;
  while ((sample_rows == 0 || rows < sample_rows) && reader.next(row)) {
    ++rows;
    inferrer.observe(row);
    if (observed.size() < row.fields.size()) observed.resize(row.fields.size());
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      const io::Field& f = row.fields[i];
      Observed& o = observed[i];
      if (f.null) {
        ++o.nulls;
        continue;
      }
      if (auto n = io::parse_number(f.text)) {
        if (std::isnan(*n)) {
          ++o.nans;
        } else {
          o.number.add(*n);
        }
      }
      if (auto d = io::parse_date(f.text)) o.date.add(static_cast<double>(*d));
      if (auto dt = io::parse_datetime(f.text)) {
        o.datetime.add(*dt);
      } else if (auto d = io::parse_date(f.text)) {
        o.datetime.add(static_cast<double>(*d) * 86400.0);
      }
      if (o.distinct.size() <= kMaxCategories) o.distinct.emplace(f.text);
    }
  }
  observed.resize(reader.columns().size());
  const std::vector<std::size_t> left_out = unreadable_columns(reader);

  std::string y;
  // The input's name on one line without '#' runs: the comment must stay a comment, and the
  // contract may be printed to a CI log.
  const std::string source = yaml_comment(reader.name());
  y += "# Starter contract written by `data-validate infer` from " + source + " (" +
       std::to_string(rows) + (sample_rows && rows == sample_rows ? " sampled" : "") + " rows).\n";
  y += "# Every bound below is what this one sample showed, not what the data must be:\n";
  y += "# review it (widen ranges real data may exceed, drop checks that do not matter, add\n";
  y += "# unique keys and rules you know) before a pipeline relies on it.\n";
  y += "dataset:\n";
  // A column left out (below) is still in the data: the contract must pass the file it came
  // from, so its extra columns warn.
  y += left_out.empty() ? "  extra_columns: error\n"
                        : "  extra_columns: warn  # not error: the data has columns whose values "
                          "are not read (below)\n";
  y += "  missing_columns: error\n";
  if (sample_rows == 0 || rows < sample_rows) {
    y += "  # observed " + std::to_string(rows) + " rows; this range is a guess around it\n";
    y += "  row_count: {min: " + std::to_string(rows / 2) + ", max: " + std::to_string(rows * 2) +
         "}\n";
  }
  // Every column left out: an empty mapping, as `columns:` alone would be null.
  y += left_out.size() == reader.columns().size() && !left_out.empty()
           ? "columns: {}  # every column is left out (below)\n"
           : "columns:\n";
  for (std::size_t i : left_out) {
    y += "  # " + yaml_scalar(reader.columns()[i]) +
         " left out: " + yaml_comment(reader.unreadable(i)) +
         "; a contract naming it makes data-validate check exit 3\n";
  }
  for (std::size_t i = 0; i < reader.columns().size(); ++i) {
    if (!reader.unreadable(i).empty()) continue;
    const Observed& o = observed[i];
    std::uint64_t values = inferrer.values(i);
    std::uint64_t nulls = inferrer.nulls(i);
    ColumnType type = column_type(inferrer.type(i), o, values);
    // data-validate reads NaN in a numeric column as a null (typed_value.h): so does infer.
    if (type == ColumnType::kInteger || type == ColumnType::kNumber) {
      values -= o.nans;
      nulls += o.nans;
    }
    y += "  " + yaml_scalar(reader.columns()[i]) + ":\n";
    y += "    type: " + std::string(to_string(type)) + "\n";
    if (values == 0) {
      y += "    # every sampled value was null\n";
      continue;
    }
    std::uint64_t seen = values + nulls;
    if (nulls == 0) {
      y += "    nullable: false\n";
    } else {
      double frac = static_cast<double>(nulls) / static_cast<double>(seen);
      double rounded = std::ceil(frac * 1000.0) / 1000.0;
      char buf[64];
      std::snprintf(buf, sizeof buf, "    max_null_fraction: %.3f  # observed %.5f\n", rounded,
                    frac);
      y += buf;
    }
    const MinMax* mm = type == ColumnType::kInteger || type == ColumnType::kNumber ? &o.number
                       : type == ColumnType::kDate                                 ? &o.date
                       : type == ColumnType::kDatetime                             ? &o.datetime
                                                                                   : nullptr;
    // Infinity fails every bound (pass.cpp): a sample holding it gets none, so that the
    // contract still validates the file it came from.
    if (mm != nullptr && std::isfinite(mm->lo) && std::isfinite(mm->hi)) {
      y += "    min: " + yaml_number(type, mm->lo, false) + "  # observed minimum\n";
      y += "    max: " + yaml_number(type, mm->hi, true) + "  # observed maximum\n";
    } else if (mm != nullptr) {
      y += "    # no min/max: the sample holds infinite values\n";
    }
    if (type == ColumnType::kCategory) {
      y += "    allowed: [";
      bool first = true;
      for (const auto& v : o.distinct) {
        y += (first ? "" : ", ") + yaml_scalar(v);
        first = false;
      }
      y += "]  # every value seen\n";
    }
  }
  return y;
}

}  // namespace mlops::validate
