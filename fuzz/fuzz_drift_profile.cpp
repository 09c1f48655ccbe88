// drift-check's profile reader on arbitrary JSON, then what drift-check does with a profile it
// accepted: compare it (under every preset), merge it with itself, and write it back out.
#include <bit>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "drift/compare.h"
#include "drift/profile.h"
#include "drift/profile_json.h"
#include "fuzz_util.h"
#include "json/write.h"

namespace {

namespace drift = mlops::drift;
namespace json = boost::json;

constexpr std::string_view kName = "fuzz.profile.json";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

// A refusal must be an input Error (exit 3) that names the file.
drift::Profile parse(const std::string& text, std::string_view name) {
  try {
    return drift::profile_from_json(text, std::string(name));
  } catch (const mlops::Error& e) {
    if (e.code() != mlops::ExitCode::kCannotEvaluate || !e.message().starts_with(name)) {
      finding("profile refused without an input error naming the file: " + e.message());
    }
    throw;
  }
}

// Boost.JSON 1.81 reads about one double in ten of those it writes 1 ulp off (it has no
// precise-number option before 1.83), so a written profile can change when read back. While
// profile_from_json reads numbers that way, numbers a few ulps apart count as the same (that
// bug is reported, not rediscovered); once it reads them exactly, the round trip must be exact.
bool numbers_read_exactly() {
  static const bool exact = [] {
    const double x = 131158.78956600023;  // Boost 1.81 reads it as 131158.78956600025
    std::string text = json::serialize(json::value(x));
    std::string profile =
        R"({"schema":"mlops-actions/drift-check/profile/v1","sources":[],"rows":0,"bytes":0,)"
        R"("sketch_k":8,"max_categories":2,"columns":[{"name":"x","kind":"numeric",)"
        R"("type":"number","rows":0,"nulls":0,"numeric":{"count":0,"nan":0,"inf":0,"min":0,)"
        R"("max":0,"shift":0,"sum":)" +
        text +
        R"(,"sum_squares":0,"distinct":[],"sketch":{"k":8,"level0_capacity":8,"n":0,"min":0,)"
        R"("max":0,"rng_state":0,"levels":[[]]}}}]})";
    return drift::profile_from_json(profile, "probe.json").columns.at(0).numeric.sum == x;
  }();
  return exact;
}

bool close(double a, double b) {
  if (a == b) return true;
  if (numbers_read_exactly() || !std::isfinite(a) || !std::isfinite(b) || (a < 0) != (b < 0)) {
    return false;
  }
  auto bits = [](double x) { return std::bit_cast<std::int64_t>(std::abs(x)); };
  return std::abs(bits(a) - bits(b)) <= 2;
}

// The path of the first difference between two written profiles, or "" when they agree.
std::string difference(const json::value& a, const json::value& b, const std::string& path) {
  if (a.is_double() && b.is_double()) {
    if (close(a.get_double(), b.get_double())) return "";
  } else if (a.is_array() && b.is_array() && a.get_array().size() == b.get_array().size()) {
    for (std::size_t i = 0; i < a.get_array().size(); ++i) {
      std::string d =
          difference(a.get_array()[i], b.get_array()[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    return "";
  } else if (a.is_object() && b.is_object() && a.get_object().size() == b.get_object().size()) {
    for (const auto& [key, value] : a.get_object()) {
      const json::value* other = b.get_object().if_contains(key);
      if (!other) return path + "." + std::string(key);
      std::string d = difference(value, *other, path + "." + std::string(key));
      if (!d.empty()) return d;
    }
    return "";
  } else if (a == b) {
    return "";
  }
  return (path.empty() ? "(document)" : path) + ": " + json::serialize(a) + " became " +
         json::serialize(b);
}

// `profile` and `merge` write what `compare` reads: what was read must be written, read back
// and written again unchanged. `what` says which profile, for the report.
void check_round_trip(const drift::Profile& profile, std::string_view what) {
  const json::value first = drift::to_json(profile);
  json::value second;
  try {
    second =
        drift::to_json(drift::profile_from_json(mlops::json::pretty(first), "round-trip.json"));
  } catch (const mlops::Error& e) {
    finding(std::string(what) + " written by to_json is refused: " + e.message());
  }
  if (std::string d = difference(first, second, ""); !d.empty()) {
    finding(std::string(what) + " changed in a to_json round trip at " + d);
  }
}

// compare's usage Errors are for configured methods a column cannot take: a preset's own
// choices must always be testable, so without a config any Error is a finding, but one: a
// profile with no column that can be compared (none, or only ignored ones) is an input Error,
// never a pass.
void compare_by_default(const drift::Profile& reference, const drift::Profile& current,
                        drift::Preset preset) {
  drift::DriftConfig config;
  config.preset = preset;
  try {
    drift::compare(reference, current, config);
  } catch (const mlops::Error& e) {
    if (e.code() == mlops::ExitCode::kCannotEvaluate &&
        e.message().starts_with("no column was compared")) {
      return;
    }
    finding("compare refused profiles under preset " + std::string(drift::to_string(preset)) +
            " without a config: " + e.message());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = mlops::fuzz::text(data, size);
  return mlops::fuzz::run_one([&] {
    const drift::Profile profile = parse(input, kName);
    check_round_trip(profile, "a profile");
    for (drift::Preset preset :
         {drift::Preset::kCalibrated, drift::Preset::kEvidently, drift::Preset::kSignificance}) {
      compare_by_default(profile, profile, preset);
    }
    // Profiles hold sketches by unique_ptr and do not copy: parse twice to merge with itself.
    mlops::fuzz::run_one([&] {
      drift::Profile merged = parse(input, kName);
      drift::merge(merged, parse(input, kName));
      check_round_trip(merged, "a profile merged with itself");
      compare_by_default(profile, merged, drift::Preset::kCalibrated);
    });
  });
}
