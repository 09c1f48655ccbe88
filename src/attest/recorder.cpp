#include "attest/recorder.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "core/file.h"
#include "core/read_ledger.h"

namespace mlops::attest {
namespace {

namespace json = boost::json;

json::array descriptors(const std::vector<Subject>& subjects) {
  json::array out;
  for (const Subject& s : subjects) out.emplace_back(subject_json(s));
  return out;
}

}  // namespace

json::object make_predicate(const Decision& d, const std::string& time,
                            const std::optional<audit::Anchor>& audit_line,
                            const std::string& audit_log) {
  json::object p;
  p["tool"] = d.tool;
  p["tool_version"] = d.tool_version;
  p["decision"] = d.decision;
  p["exit_code"] = d.exit_code;
  p["time"] = time;
  if (d.config_sha256.empty()) {
    p["config_sha256"] = nullptr;
  } else {
    p["config_sha256"] = d.config_sha256;
  }
  p["inputs"] = descriptors(d.inputs);
  if (audit_line) {
    p["audit"] = json::object{
        {"log", audit_log}, {"seq", audit_line->seq}, {"line_sha256", audit_line->line_sha256}};
  }
  p["report"] = d.report;
  return p;
}

json::object make_audit_entry(const Decision& d, const std::string& attest_out) {
  json::object e;
  e["tool"] = d.tool;
  e["tool_version"] = d.tool_version;
  e["decision"] = d.decision;
  e["exit_code"] = d.exit_code;
  e["subjects"] = descriptors(d.subjects);
  e["inputs"] = descriptors(d.inputs);
  if (d.config_sha256.empty()) {
    e["config_sha256"] = nullptr;
  } else {
    e["config_sha256"] = d.config_sha256;
  }
  if (!attest_out.empty()) e["attestation"] = attest_out;
  return e;
}

DecisionRecorder::DecisionRecorder(RecordOptions options, const Getenv& getenv, audit::Clock clock)
    : options_(std::move(options)), clock_(std::move(clock)) {
  if (!options_.attest_key.empty() && options_.attest_out.empty()) {
    throw usage_error("--attest-key needs --attest-out FILE", "say where to write the attestation");
  }
  if (options_.attest_key.empty() && !options_.attest_out.empty()) {
    throw usage_error("--attest-out needs --attest-key KEY.pem|env:VAR",
                      "an attestation must be signed");
  }
  if (!options_.attest_key.empty()) signer_ = Signer::load(options_.attest_key, getenv);
  // From here on, files are hashed as they are read: the record signs those digests.
  if (active()) enable_read_ledger();
}

void DecisionRecorder::record(const Decision& decision) const {
  if (signer_ && decision.subjects.empty()) {
    // Checked before the audit line is written, so that the log records no decision whose
    // attestation then failed.
    throw input_error(
        "nothing to attest: the decision of " + decision.tool + " judged no file or image",
        "an attestation needs at least one subject");
  }
  auto now = clock_ ? clock_() : std::chrono::system_clock::now();
  // The attestation is written while the audit log is locked: when it fails, the audit line
  // is cut off again, so neither claims a decision whose record was not written.
  auto attest = [&](const std::optional<audit::Anchor>& anchor) {
    if (!signer_) return;
    json::object predicate =
        make_predicate(decision, audit::rfc3339_utc(now), anchor, options_.audit_log);
    write_file(
        options_.attest_out,
        attest_decision(decision.tool, decision.subjects, std::move(predicate), *signer_) + "\n",
        false, "attestation");
  };
  if (options_.audit_log.empty()) {
    attest(std::nullopt);
    return;
  }
  audit::append(
      options_.audit_log, make_audit_entry(decision, options_.attest_out), [now] { return now; },
      [&](const audit::Anchor& anchor) { attest(anchor); });
}

}  // namespace mlops::attest
