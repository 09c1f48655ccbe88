#pragma once

#include <optional>
#include <string>

#include "tag/expression.h"

// type=semver: versions as node-semver's strict `valid` accepts them, and the expressions of a
// semver pattern ({{raw}} {{version}} {{major}} {{minor}} {{patch}}).
namespace mlops::tag {

struct Semver {
  std::string raw, major, minor, patch, prerelease;
  // "major.minor.patch[-prerelease]": the build metadata and a leading "v" dropped.
  std::string version() const {
    return major + "." + minor + "." + patch + (prerelease.empty() ? "" : "-" + prerelease);
  }
};

// `text` (an optional leading "v") as a semver version, or nullopt: numeric parts without
// leading zeros that fit a JavaScript number, dot-separated identifiers of [0-9A-Za-z-] in the
// prerelease and build metadata, at most 256 characters.
std::optional<Semver> parse_semver(const std::string& text);

// Evaluates one semver pattern expression of `v`; with `v` null only checks the call. Unknown
// names and arguments are usage Errors naming `where`.
std::string eval_semver(const Call& c, const std::string& where, const Semver* v);

// Whether `pattern` is exactly one {{raw}} (or {{{raw}}}): a prerelease then keeps it rather
// than {{version}}.
bool is_raw_statement(const std::string& pattern, const std::string& where);

}  // namespace mlops::tag
