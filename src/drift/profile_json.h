#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "drift/profile.h"
#include "io/remote_options.h"

namespace mlops::drift {

inline constexpr std::string_view kProfileSchema = "mlops-actions/drift-check/profile/v1";

// A profile as JSON (docs/drift-check.md, "Profiles"). Numeric columns must be sketched:
// exact values are not written (a profile stays small whatever the input size).
boost::json::value to_json(const Profile& profile);

// Reads a profile back, checking every field: a malformed or hostile file is an input Error
// (exit 3) naming `name` and the field path (e.g. "columns[2].sketch.levels[1]").
Profile profile_from_json(std::string_view text, const std::string& name);

// Reads a profile file.
Profile load_profile(const std::string& path);

// True when the start of the file at `path` is a drift-check profile (so `compare` can take
// profiles and raw data alike). An object (fetched as `remote` says) that is one is an input
// Error: profiles are read from local files only.
bool is_profile_file(const std::string& path, const io::RemoteOptions& remote);

}  // namespace mlops::drift
