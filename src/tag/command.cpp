#include "tag/command.h"

#include "attest/options.h"
#include "cli/publish.h"
#include "core/version.h"
#include "tag/options.h"
#include "tag/run.h"

namespace mlops::tag {
namespace {

// The text report: the tags, the labels, the model digest and what the registry said.
std::string text_report(const ImageTagOutcome& r) {
  std::string text =
      "image-tag: " + std::to_string(r.tags.size()) + " tags for " + r.report.title + "\n";
  for (const std::string& t : r.tags) text += "  " + t + "\n";
  text += "labels:\n";
  for (const auto& [k, v] : r.labels) text += "  " + k + "=" + v + "\n";
  if (r.digest) {
    text += "model digest: sha256:" + r.digest->sha256 + " (" +
            std::to_string(r.digest->files.size()) + " files)\n";
  }
  for (const RegistryTag& t : r.registry) {
    text += "registry: " + t.tag + " " + (t.exists ? "exists (" + t.digest + ")" : "absent") + "\n";
  }
  return text;
}

// The judged artifacts: the model (its content digest) and, when the registry has it, the
// image by digest.
std::vector<attest::Subject> subjects(const ImageTagOptions& o, const ImageTagOutcome& r) {
  std::vector<attest::Subject> out;
  if (r.digest && o.model_dirs.size() == 1 && o.model_files.empty()) {
    for (const ModelFile& f : r.digest->files) {
      out.push_back({o.model_dirs[0] + "/" + f.path, f.sha256, false});
    }
  } else {
    out = attest::file_subjects(o.model_files);
  }
  if (!r.registry.empty() && !r.registry[0].digest.empty()) {
    out.push_back(attest::image_subject(r.tags[0] + "@" + r.registry[0].digest));
  }
  return out;
}

void finish(const ImageTagOptions& o, const ImageTagOutcome& r, cli::Io& io) {
  cli::Finish finish(o.out, io);
  std::string label_lines;
  for (const auto& [k, v] : r.labels) label_lines += k + "=" + v + "\n";
  finish.add_file(o.labels_out, label_lines, "labels");
  finish.set_text(text_report(r));
  if (!o.out.quiet && o.out.json != "-") {
    std::string warnings;
    for (const std::string& w : r.result.warnings) warnings += "image-tag: warning: " + w + "\n";
    finish.add_warnings(warnings);
  }
  if (o.recorder && o.recorder->active()) {
    finish.set_record([&] {
      o.recorder->record({"image-tag", std::string(version()), r.report.verdict(),
                          static_cast<int>(r.report.exit), subjects(o, r),
                          attest::file_subjects({o.tags_file}), attest::config_digest(o.tags_file),
                          r.json});
    });
  }
  finish.publish(r.report, r.json);
}

}  // namespace

ExitCode image_tag(const std::vector<std::string>& args, cli::Io& io) {
  const std::optional<ImageTagOptions> options = parse_image_tag_options(args, io);
  if (!options) return args.empty() ? ExitCode::kUsage : ExitCode::kPass;  // the usage, printed
  const ImageTagOutcome outcome = run_image_tag(*options, io);
  finish(*options, outcome, io);
  return outcome.report.exit;
}

}  // namespace mlops::tag
