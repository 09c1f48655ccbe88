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

Input open_input(const std::string& path, const cli::Io& io, bool progress) {
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
  in.reader = std::make_unique<io::SampledReader>(io::open_table(path, options, io.in), 10000);
  return in;
}

void build(Input& in, std::vector<ColumnPlan> plan, const BuildOptions& options) {
  ProfileBuilder builder(std::move(plan), options);
  io::Row row;
  while (in.reader->next(row)) builder.add(row, *in.reader);
  in.spilled = builder.spilled();
  in.profile = builder.finish(in.reader->name(), in.reader->bytes_read());
  if (in.progress) in.progress->finish();
}

}  // namespace mlops::drift
