#include "drift/inputs.h"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "drift/column_kind.h"
#include "drift/profile_json.h"
#include "io/date_format.h"
#include "io/open_table.h"
#include "io/source.h"

namespace mlops::drift {

namespace {

// A column compared by weekday or hour must hold dates (hours: times), by ISO 8601 or its
// `format:`.
void check_part(ColumnPlan& p, const ColumnSettings& s) {
  const bool hour = s.part == DatePart::kHour;
  if (p.type == io::DataType::kDatetime || (p.type == io::DataType::kDate && !hour)) {
    p.part = s.part;
    return;
  }
  const std::string type(io::to_string(p.type));
  throw usage_error(
      "column '" + p.name + "' has `type: " + (hour ? "hour" : "weekday") + "` but holds " +
          (p.type == io::DataType::kDate ? "dates without a time" : type + " values") + " (" +
          s.location + ")",
      hour && p.type == io::DataType::kDate
          ? "compare it by weekday, or give a `format:` with %H if it has times"
          : "give it the `format:` its dates are written in");
}

}  // namespace

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
    if (s && !s->format.empty()) {
      // The config's format, whatever the sample or the other side made of the text: a
      // profile does not record formats, its values are already instants.
      p.format = s->format;
      p.type = io::format_has_time(p.format) ? io::DataType::kDatetime : io::DataType::kDate;
      p.kind = default_kind(p.type);
    }
    p.kind = planned_kind(p.kind, s);
    if (s && s->part != DatePart::kNone && p.kind == Kind::kCategorical) check_part(p, *s);
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

namespace {

// A data input's scan: the first piece's first rows sampled for their types (sample_of);
// the values of the columns in `skipped` are not read.
std::unique_ptr<io::Scan> scan_of(const std::string& path, io::Progress* progress,
                                  const io::RemoteOptions& remote, int threads,
                                  std::uint64_t min_piece_bytes, std::istream& stdin_stream,
                                  const std::vector<std::string>& skipped) {
  io::ReadOptions read;
  read.progress = progress;
  read.remote = remote;
  read.leave_out_unreadable = true;  // leave_out_unreadable() says which and why
  if (!skipped.empty()) {
    read.wanted_columns = [skipped](const std::string& name) {
      return std::find(skipped.begin(), skipped.end(), name) == skipped.end();
    };
  }
  io::ScanOptions scan;
  scan.threads = threads;
  scan.min_piece_bytes = min_piece_bytes;
  scan.wrap_first = [](std::unique_ptr<io::TableReader> first) -> std::unique_ptr<io::TableReader> {
    return std::make_unique<io::SampledReader>(std::move(first), 10000);
  };
  return std::make_unique<io::Scan>(path, read, std::move(scan), stdin_stream);
}

}  // namespace

Input open_input(const std::string& path, const cli::Io& io, bool progress,
                 const io::RemoteOptions& remote, int threads, std::uint64_t min_piece_bytes,
                 const DriftConfig* skip_ignored) {
  Input in;
  in.path = path;
  in.remote = remote;
  if (skip_ignored) {
    for (const auto& [name, settings] : skip_ignored->columns) {
      if (settings.role == Role::kIgnore) in.skipped.push_back(name);
    }
  }
  if (is_profile_file(path, remote)) {
    in.is_profile = true;
    in.profile = load_profile(path);
    return in;
  }
  if (progress && path != "-") {
    in.progress = std::make_unique<io::Progress>(io.err, true, path, io::file_size(path));
  }
  in.scan = scan_of(path, in.progress.get(), remote, threads, min_piece_bytes, io.in, in.skipped);
  return in;
}

std::vector<ColumnPlan> leave_out_unreadable(Input& in, std::vector<ColumnPlan> plan,
                                             const DriftConfig& config) {
  const io::SampledReader& sample = sample_of(in);
  for (std::size_t i = 0; i < plan.size() && i < sample.columns().size(); ++i) {
    const std::string_view why = sample.unreadable(i);
    if (why.empty()) continue;
    const ColumnSettings* s = config.find(plan[i].name);
    if (s && s->role != Role::kIgnore) {
      throw input_error(sample.name() + ": column \"" + plan[i].name + "\": " + std::string(why),
                        "drift-check compares columns of one value per row: give it `role: "
                        "ignore` (" +
                            s->location + ") or write the file without it");
    }
    plan[i].kind = Kind::kIgnored;
    in.left_out.emplace_back(plan[i].name, why);
  }
  return plan;
}

std::vector<std::string> left_out_notes(const std::vector<const Input*>& inputs) {
  std::vector<std::string> notes, seen;
  for (const Input* in : inputs) {
    for (const auto& [name, why] : in->left_out) {
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
      seen.push_back(name);
      notes.push_back("column '" + name + "' left out: " + why);
    }
  }
  return notes;
}

const io::SampledReader& sample_of(const Input& in) {
  // scan_of made the first piece's reader a SampledReader.
  return static_cast<const io::SampledReader&>(in.scan->first());
}

namespace {

// Reads the rest of `reader` into `builder`: rows one by one (a sample replayed first), then
// in batches once the reader has them (asked every so many rows: a CSV file has none).
void read_into(io::TableReader& reader, ProfileBuilder& builder) {
  constexpr std::size_t kBatchRows = 1024;
  io::Row row;
  for (;;) {
    if (reader.reads_batches()) {
      io::Batch batch;
      while (reader.next_batch(batch, kBatchRows)) builder.add_batch(batch, reader);
      return;
    }
    for (std::size_t n = 0; n < kBatchRows; ++n) {
      if (!reader.next(row)) return;
      builder.add(row, reader);
    }
  }
}

// Reads `scan` into `out`: a builder per piece, merged in file order. False (nothing kept,
// nothing charged) when a categorical column has more than max_categories distinct values in
// a file read in pieces: which values one read counts by name depends on their order, which
// the pieces' counts no longer know.
bool build_pieces(io::Scan& scan, const std::vector<ColumnPlan>& plan, const BuildOptions& options,
                  Profile& out, bool& spilled) {
  std::vector<ProfileBuilder> parts;
  std::vector<Profile> profiles;
  auto give_back = [&] {  // what the pieces charged (the other side may be charging too)
    for (const ProfileBuilder& part : parts) {
      if (options.budget) options.budget->used -= part.charged();
    }
  };
  auto fresh = [&](std::size_t n) {
    parts.clear();
    BuildOptions piece = options;
    piece.piece = n > 1;
    for (std::size_t k = 0; k < n; ++k) parts.emplace_back(plan, piece);
    profiles.clear();
    profiles.resize(n);
  };
  fresh(scan.pieces());
  const std::string name = scan.name();
  scan.run(
      [&](std::size_t k, io::TableReader& reader) {
        for (std::size_t i = 0; i < plan.size() && i < reader.columns().size(); ++i) {
          if (plan[i].kind != Kind::kIgnored) io::require_values(reader, i);
        }
        read_into(reader, parts[k]);
        profiles[k] = parts[k].finish(name, 0);  // sorts the piece's values on its thread
      },
      [&] {
        give_back();
        fresh(1);
      });
  out = std::move(profiles[0]);
  for (std::size_t k = 1; k < profiles.size(); ++k) merge(out, std::move(profiles[k]));
  if (profiles.size() > 1) {
    for (const ColumnProfile& c : out.columns) {
      if (c.categorical.other > 0) {
        give_back();
        return false;
      }
    }
  }
  spilled = false;
  for (const ProfileBuilder& part : parts) spilled = spilled || part.spilled();
  out.sources = {name};
  out.bytes = scan.bytes();
  return true;
}

}  // namespace

void build(Input& in, const std::vector<ColumnPlan>& plan, const BuildOptions& options) {
  if (!build_pieces(*in.scan, plan, options, in.profile, in.spilled)) {
    // Read again as one piece (a file: stdin is never split).
    std::istringstream no_stdin;
    in.scan = scan_of(in.path, in.progress.get(), in.remote, 1, 0, no_stdin, in.skipped);
    build_pieces(*in.scan, plan, options, in.profile, in.spilled);
  }
  // A left-out column's fields are all null: not the data's nulls, so not in the profile.
  std::erase_if(in.profile.columns, [&](const ColumnProfile& c) {
    return std::any_of(in.left_out.begin(), in.left_out.end(),
                       [&](const auto& left) { return left.first == c.name; });
  });
  if (in.progress) in.progress->finish();
}

}  // namespace mlops::drift
