#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/io.h"
#include "drift/config.h"
#include "drift/profile.h"
#include "io/progress.h"
#include "io/sampled_reader.h"
#include "io/scan.h"
#include "io/type_infer.h"

// Reading one side of a comparison into a profile: a profile file as it is, a data file
// through a column plan and a ProfileBuilder.
namespace mlops::drift {

struct Input {
  std::string path;
  bool is_profile = false;
  std::unique_ptr<io::Scan> scan;          // data files: read in pieces at once when large
  std::unique_ptr<io::Progress> progress;  // a data file read with a progress line
  Profile profile;                         // read, or built by build()
  bool spilled = false;                    // the memory budget forced sketches
  std::vector<std::string> skipped;        // columns whose values are not read (role: ignore)
  io::RemoteOptions remote;                // how an object is fetched, also when read again
  // Columns whose values cannot be read (a Parquet list or map): left out of the profile, with
  // why (io::TableReader::unreadable).
  std::vector<std::pair<std::string, std::string>> left_out;
};

// Opens `path` (a profile is read whole; a data file is opened and its first rows sampled for
// their types), with a progress line on io.err when `progress` and the path is a file. A large
// plain CSV file is read by up to `threads` threads (io::Scan). With `skip_ignored`, the
// values of that config's `role: ignore` columns are not read (a comparison never looks at
// them; a profile records their nulls and type, so it reads them).
// An object (s3://, gs://, https://) is fetched as `remote` says.
Input open_input(const std::string& path, const cli::Io& io, bool progress,
                 const io::RemoteOptions& remote, int threads = 1,
                 std::uint64_t min_piece_bytes = 16u << 20,
                 const DriftConfig* skip_ignored = nullptr);

// The sample of a data input's first rows: its column names and their inferred types, for
// planning. Valid until build().
const io::SampledReader& sample_of(const Input& in);

// Column plans for a raw input: the config's roles and types first, then `like` (the other
// side's columns, so both sides read a column the same way), then the sample's types. A column
// whose values are numbers on one side and text on the other keeps its own kind, so that the
// comparison sees the schema change instead of failing on the first word in a numeric column.
std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& names,
                                     const io::TypeInferrer& inferred, const DriftConfig& config,
                                     const std::vector<ColumnPlan>* like);

// Marks the columns of `in` whose values cannot be read (a Parquet list or map) to be left
// out of its profile (Input::left_out; build() drops them), unless `config` names such a
// column with anything but `role: ignore`: then an input Error (exit 3) naming it.
std::vector<ColumnPlan> leave_out_unreadable(Input& in, std::vector<ColumnPlan> plan,
                                             const DriftConfig& config);

// The notes saying which columns of these inputs were left out and why, each name once.
std::vector<std::string> left_out_notes(const std::vector<const Input*>& inputs);

// How a profile's columns were read, for planning the other side like it.
std::vector<ColumnPlan> plan_of(const Profile& profile);

// Reads the data file of `in` to its end into in.profile: one ProfileBuilder per piece of the
// input, merged in input order (exact values merge exactly; sketches within their error).
void build(Input& in, const std::vector<ColumnPlan>& plan, const BuildOptions& options);

}  // namespace mlops::drift
