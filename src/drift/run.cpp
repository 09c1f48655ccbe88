#include "drift/run.h"

#include <chrono>
#include <exception>
#include <thread>

#include "core/error.h"
#include "drift/inputs.h"
#include "drift/profile_json.h"
#include "drift/report.h"

namespace mlops::drift {
namespace {

BuildOptions build_options(const DriftConfig& config, Storage storage, MemoryBudget& budget) {
  BuildOptions options;
  options.storage = storage;
  options.sketch_k = config.sketch_k;
  options.max_categories = config.max_categories;
  options.budget = &budget;
  return options;
}

// Builds the profiles of the sides that are data files; `at_once`: both sides at once (each
// side's Scan was opened with its share of the threads).
void build_sides(Input& ref, Input& cur, const DriftConfig& config, BuildOptions options,
                 bool at_once) {
  if (ref.is_profile) options.sketch_k = ref.profile.sketch_k;
  if (cur.is_profile) options.sketch_k = cur.profile.sketch_k;
  std::vector<ColumnPlan> ref_plan, cur_plan;
  if (!ref.is_profile) {
    const std::vector<ColumnPlan> other =
        cur.is_profile ? plan_of(cur.profile) : std::vector<ColumnPlan>{};
    const io::SampledReader& sample = sample_of(ref);
    ref_plan = leave_out_unreadable(ref,
                                    plan_columns(sample.columns(), sample.inferred(), config,
                                                 cur.is_profile ? &other : nullptr),
                                    config);
  }
  if (!cur.is_profile) {
    const std::vector<ColumnPlan> like = ref.is_profile ? plan_of(ref.profile) : ref_plan;
    const io::SampledReader& sample = sample_of(cur);
    cur_plan = leave_out_unreadable(
        cur, plan_columns(sample.columns(), sample.inferred(), config, &like), config);
  }
  if (at_once && !ref.is_profile && !cur.is_profile) {
    std::exception_ptr failure;
    std::thread second([&] {
      try {
        build(cur, cur_plan, options);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      build(ref, ref_plan, options);
    } catch (...) {
      second.join();
      throw;
    }
    second.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    if (!ref.is_profile) build(ref, ref_plan, options);
    if (!cur.is_profile) build(cur, cur_plan, options);
  }
}

}  // namespace

CompareOutcome run_compare(const CompareOptions& options, const cli::Io& io) {
  const DriftConfig& config = options.config;
  auto start = std::chrono::steady_clock::now();
  const bool progress = io.stderr_is_tty && !options.out.quiet;
  // Two data files are read at once, each by half the threads (in pieces when large): no side
  // waits for the other's merge. One data file gets every thread. A progress line (a TTY) reads
  // one side after the other: two meters would garble it.
  const bool at_once = options.threads >= 2 && !progress &&
                       !is_profile_file(options.reference, options.remote) &&
                       !is_profile_file(options.current, options.remote);
  const int per_side = at_once ? (options.threads + 1) / 2 : options.threads;
  Input ref = open_input(options.reference, io, progress, options.remote, per_side,
                         options.min_piece_bytes, &config);
  Input cur = open_input(options.current, io, progress, options.remote, per_side,
                         options.min_piece_bytes, &config);
  MemoryBudget budget;
  budget.limit = config.memory_budget;
  build_sides(ref, cur, config,
              build_options(config, options.sketch ? Storage::kSketch : Storage::kExact, budget),
              at_once);
  for (const Input* in : {&ref, &cur}) {
    if (in->profile.rows == 0) {
      throw input_error(in->path + " has no rows", "there is nothing to compare; check the input");
    }
  }
  CompareOutcome out;
  // A column left out is in neither profile: the config's `role: ignore` for it is spent.
  DriftConfig compared = config;
  for (const Input* in : {&ref, &cur}) {
    for (const auto& left : in->left_out) compared.columns.erase(left.first);
  }
  out.result = compare(ref.profile, cur.profile, compared, options.threads);
  for (std::string& note : left_out_notes({&ref, &cur}))
    out.result.notes.push_back(std::move(note));
  if (ref.spilled || cur.spilled) {
    out.result.notes.push_back("exact values would exceed the memory budget of " +
                               std::to_string(config.memory_budget >> 20) +
                               " MB: numbers were summarised in sketches");
  }
  out.report = to_report(out.result, config.path);
  out.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

Profile run_profile(const ProfileOptions& options, const cli::Io& io) {
  Input in = open_input(options.data, io, io.stderr_is_tty && !options.quiet, options.remote,
                        options.threads, options.min_piece_bytes);
  if (in.is_profile) {
    throw usage_error(options.data + " is already a profile", "use merge to combine profiles");
  }
  MemoryBudget budget;
  budget.limit = options.config.memory_budget;
  const io::SampledReader& sample = sample_of(in);
  build(in,
        leave_out_unreadable(
            in, plan_columns(sample.columns(), sample.inferred(), options.config, nullptr),
            options.config),
        build_options(options.config, Storage::kSketch, budget));
  if (!options.quiet) {
    for (const std::string& note : left_out_notes({&in})) {
      io.err << "drift-check: note: " << note << " (not in the profile)\n";
    }
  }
  return std::move(in.profile);
}

Profile run_merge(const MergeOptions& options) {
  Profile merged = load_profile(options.inputs[0]);
  for (std::size_t i = 1; i < options.inputs.size(); ++i) {
    merge(merged, load_profile(options.inputs[i]));
  }
  return merged;
}

}  // namespace mlops::drift
