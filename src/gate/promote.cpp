#include "gate/promote.h"

#include <cctype>
#include <functional>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace mlops::gate {
namespace {

bool finished(const Run& run) { return run.status == "FINISHED"; }

// The status as a message shows it: server text, kept to one line so that it cannot start a
// workflow command in a CI log.
std::string status_of(const Run& run) {
  return run.status.empty() ? std::string("no status") : "status " + one_line(run.status, 40);
}

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// One write of the transaction: what it records (for messages) and how.
struct Write {
  std::string what;
  std::function<void()> send;
};

// Sends the writes in order. When one fails, the error keeps MLflow's answer and adds what
// MLflow now holds: the writes before it happened, the rest did not.
void send_all(const std::vector<Write>& writes) {
  for (std::size_t i = 0; i < writes.size(); ++i) {
    try {
      writes[i].send();
    } catch (const Error& e) {
      std::vector<std::string> done, missing;
      for (std::size_t k = 0; k < writes.size(); ++k) {
        (k < i ? done : missing).push_back(writes[k].what);
      }
      std::string what = std::string(e.what()) + "; " +
                         (done.empty() ? std::string("nothing was written to MLflow")
                                       : "already written to MLflow: " + listed(done)) +
                         "; not written: " + listed(missing);
      std::string hint = e.hint().empty() ? std::string() : e.hint() + "; ";
      hint += "every write is idempotent: run the gate again to complete them";
      throw input_error(what, hint);
    }
  }
}

// MLflow refuses a tag value longer than 5000 characters (MAX_TAG_VAL_LENGTH up to 2.x; later
// versions allow 8000): a long list of failed rules is cut at a rule boundary and marked, so
// that a failed gate is recorded instead of ending in a refused write.
std::string reason_tag(const std::string& failed_rules) {
  constexpr std::size_t kMax = 5000;
  if (failed_rules.size() <= kMax) return failed_rules;
  const std::string more = ",...";
  std::size_t cut = failed_rules.rfind(',', kMax - more.size());
  if (cut == std::string::npos) cut = kMax - more.size();
  return failed_rules.substr(0, cut) + more;
}

}  // namespace

void check_alias_name(const std::string& alias) {
  std::string low;
  for (char c : alias) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool version_alias = low.size() > 1 && low[0] == 'v' &&
                       low.find_first_not_of("0123456789", 1) == std::string::npos;
  if (low == "latest" || version_alias) {
    throw usage_error("--promote-alias " + quoted(alias) + " is reserved by MLflow",
                      "MLflow reserves 'latest' and v<number> (version aliases); pick another "
                      "name, e.g. champion");
  }
}

std::string check_candidate_run(const Run& run, const std::string& run_id) {
  if (run.lifecycle_stage == "deleted") {
    throw input_error("MLflow run " + run_id + " is deleted",
                      "a deleted run is never gated or promoted; restore it, or gate another run");
  }
  if (run.status == "FAILED" || run.status == "KILLED") {
    throw input_error("MLflow run " + run_id + " ended " + run.status,
                      "a run that did not finish is never gated or promoted; gate a run that "
                      "finished");
  }
  if (finished(run)) return "";
  return "MLflow run " + run_id + " has " + status_of(run) +
         ": its metrics may still change, and it is promoted only with --allow-running-run";
}

std::optional<std::string> record_verdict(MlflowClient& client, const Promotion& p, const Run& run,
                                          bool passed, const std::string& failed_rules) {
  const std::string run_tag = "run " + p.run_id + " tag ";
  if (!passed) {
    const std::string reason = reason_tag(failed_rules);
    send_all({{run_tag + "metric_gate=failed",
               [&] { client.set_run_tag(p.run_id, "metric_gate", "failed"); }},
              {run_tag + "metric_gate_reason",
               [&] { client.set_run_tag(p.run_id, "metric_gate_reason", reason); }}});
    return std::nullopt;
  }
  if (!finished(run) && !p.allow_running) {
    throw input_error("the gate passed, but MLflow run " + p.run_id + " has " + status_of(run) +
                          ", so it was not promoted; nothing was written to MLflow",
                      "promote it once it has finished, or pass --allow-running-run");
  }
  // The last read: which version to tag and alias. Before any write, so that a run without a
  // registered version changes nothing.
  const ModelVersion v = client.version_for_run(p.model, p.run_id);
  const std::string target = p.model + " version " + v.version;
  std::vector<Write> writes = {{run_tag + "metric_gate=passed",
                                [&] { client.set_run_tag(p.run_id, "metric_gate", "passed"); }}};
  // An earlier failed gate left its reason; a pass makes it stale.
  if (run.tags.count("metric_gate_reason")) {
    writes.push_back({"deletion of " + run_tag + "metric_gate_reason",
                      [&] { client.delete_run_tag(p.run_id, "metric_gate_reason"); }});
  }
  writes.push_back({target + " tag metric_gate=passed", [&] {
                      client.set_model_version_tag(p.model, v.version, "metric_gate", "passed");
                    }});
  writes.push_back({"alias " + p.model + "@" + p.alias + " -> version " + v.version +
                        " (the alias still points where it did)",
                    [&] { client.set_alias(p.model, p.alias, v.version); }});
  send_all(writes);
  return v.version;
}

}  // namespace mlops::gate
