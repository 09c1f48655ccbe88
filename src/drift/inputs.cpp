#include "drift/inputs.h"

#include <string_view>
#include <unordered_map>

#include "drift/column_kind.h"
#include "drift/profile_json.h"
#include "io/open_table.h"
#include "io/source.h"

namespace mlops::drift {

std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& names,
                                     const io::TypeInferrer& inferred, const DriftConfig& config,
                                     const std::vector<ColumnPlan>* like) {
  std::unordered_map<std::string_view, const ColumnPlan*> others;
  if (like) {
    for (const ColumnPlan& o : *like) others.emplace(o.name, &o);
  }
  std::vector<ColumnPlan> plan;
  plan.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    ColumnPlan p{names[i], default_kind(inferred.type(i)), inferred.type(i),
                 inferred.values(i) > 0};
    const ColumnSettings* s = config.find(names[i]);
    if (like) {
      auto found = others.find(names[i]);
      if (found == others.end()) {
        p.kind = Kind::kIgnored;  // new in this input: reported, not compared
      } else {
        const ColumnPlan& other = *found->second;
        if (!kinds_conflict(p.kind, p.typed, other.kind, other.typed) || (s && s->kind)) {
          p = {names[i], other.kind, other.type, other.typed};
        }
      }
    }
    p.kind = planned_kind(p.kind, s);
    plan.push_back(p);
  }
  return plan;
}

std::vector<ColumnPlan> plan_of(const Profile& profile) {
  std::vector<ColumnPlan> plan;
  for (const ColumnProfile& c : profile.columns) {
    plan.push_back({c.name, c.kind, c.type, has_values(c)});
  }
  return plan;
}

Input open_input(const std::string& path, const cli::Io& io, bool progress, int threads,
                 std::uint64_t min_piece_bytes) {
  Input in;
  in.path = path;
  if (is_profile_file(path)) {
    in.is_profile = true;
    in.profile = load_profile(path);
    return in;
  }
  io::ReadOptions options;
  if (progress && path != "-") {
    in.progress = std::make_unique<io::Progress>(io.err, true, path, io::file_size(path));
    options.progress = in.progress.get();
  }
  io::ScanOptions scan;
  scan.threads = threads;
  scan.min_piece_bytes = min_piece_bytes;
  scan.wrap_first = [](std::unique_ptr<io::TableReader> first) -> std::unique_ptr<io::TableReader> {
    return std::make_unique<io::SampledReader>(std::move(first), 10000);
  };
  in.scan = std::make_unique<io::Scan>(path, options, std::move(scan), io.in);
  return in;
}

const io::SampledReader& sample_of(const Input& in) {
  // wrap_first above made the first piece's reader a SampledReader.
  return static_cast<const io::SampledReader&>(in.scan->first());
}

void build(Input& in, const std::vector<ColumnPlan>& plan, const BuildOptions& options) {
  std::vector<ProfileBuilder> parts;
  std::vector<Profile> profiles;
  auto fresh = [&](std::size_t n) {
    parts.clear();
    for (std::size_t k = 0; k < n; ++k) parts.emplace_back(plan, options);
    profiles.clear();
    profiles.resize(n);
  };
  fresh(in.scan->pieces());
  const std::string name = in.scan->name();
  in.scan->run(
      [&](std::size_t k, io::TableReader& reader) {
        io::Row row;
        while (reader.next(row)) parts[k].add(row, reader);
        profiles[k] = parts[k].finish(name, 0);  // sorts the piece's values on its thread
      },
      [&] {
        // Gives back what the abandoned pieces charged (the other side may be charging too).
        for (const ProfileBuilder& part : parts) {
          if (options.budget) options.budget->used -= part.charged();
        }
        fresh(1);
      });
  in.spilled = false;
  for (const ProfileBuilder& part : parts) in.spilled = in.spilled || part.spilled();
  in.profile = std::move(profiles[0]);
  for (std::size_t k = 1; k < profiles.size(); ++k) merge(in.profile, std::move(profiles[k]));
  in.profile.sources = {name};
  in.profile.bytes = in.scan->bytes();
  if (in.progress) in.progress->finish();
}

}  // namespace mlops::drift
