#include "attest/recorder.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "attest/dsse.h"
#include "attest/options.h"
#include "attest/verify.h"
#include "attest_test_support.h"
#include "core/base64.h"
#include "crypto/read_ledger.h"
#include "crypto/sha256.h"

namespace mlops::attest {
namespace {

namespace json = boost::json;
using mlops::testing::error_of;
using testing::generate_private_pem;
using testing::read_file;
using testing::TempDir;

const auto kFixedTime = std::chrono::system_clock::from_time_t(1704164645);

class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pem = generate_private_pem(KeyAlgorithm::kEcdsaP256Sha256);
    getenv_ = [pem](const std::string& name) -> std::optional<std::string> {
      if (name == "MLOPS_ATTEST_KEY") return pem;
      return std::nullopt;
    };
    dir_.write("pub.pem", Signer::from_pem(pem, "k").public_key_pem());
    dir_.write("data/train.csv", "a,b\n1,2\n");
    decision_.tool = "data-validate";
    decision_.tool_version = "0.9.0";
    decision_.decision = "pass";
    decision_.exit_code = 0;
    decision_.subjects = {{"data/train.csv", crypto::sha256_hex("a,b\n1,2\n"), false}};
    decision_.inputs = {{"contract.yaml", crypto::sha256_hex("contract"), false}};
    decision_.config_sha256 = crypto::sha256_hex("contract");
    decision_.report = json::object{{"schema", "mlops-actions/data-validate/v1"}, {"passed", true}};
  }

  RecordOptions options(bool attest, bool audit) const {
    return {attest ? "env:MLOPS_ATTEST_KEY" : "", attest ? dir_.path("att.json") : "",
            audit ? dir_.path("audit.jsonl") : ""};
  }

  TempDir dir_;
  Getenv getenv_;
  Decision decision_;
};

TEST_F(RecorderTest, OptionsComeInPairs) {
  EXPECT_FALSE(DecisionRecorder({}, getenv_).active());
  EXPECT_EQ(error_of([&] {
              DecisionRecorder({"env:MLOPS_ATTEST_KEY", "", ""}, getenv_);
            }).code(),
            ExitCode::kUsage);
  EXPECT_EQ(error_of([&] {
              DecisionRecorder({"", "out.json", ""}, getenv_);
            }).code(),
            ExitCode::kUsage);
  // The key is loaded up front, so a bad one stops the tool before it does any work.
  EXPECT_EQ(error_of([&] {
              DecisionRecorder({"env:NOT_SET", "out.json", ""}, getenv_);
            }).code(),
            ExitCode::kUsage);
}

TEST_F(RecorderTest, WritesAttestationAnchoringTheAuditLine) {
  DecisionRecorder recorder(options(true, true), getenv_, [] { return kFixedTime; });
  EXPECT_TRUE(recorder.active());
  recorder.record(decision_);

  std::string envelope = read_file(dir_.path("att.json"));
  EXPECT_EQ(envelope.back(), '\n');
  VerifiedEnvelope v = verify_envelope(envelope, Verifier::load(dir_.path("pub.pem")));
  Statement st = parse_statement(v.payload);
  EXPECT_EQ(st.predicate_type, "https://mlops-actions.dev/attestations/data-validate/v1");
  EXPECT_EQ(st.subjects, decision_.subjects);
  const json::object& p = st.predicate.as_object();
  EXPECT_EQ(p.at("tool").as_string(), "data-validate");
  EXPECT_EQ(p.at("tool_version").as_string(), "0.9.0");
  EXPECT_EQ(p.at("decision").as_string(), "pass");
  EXPECT_EQ(p.at("exit_code").as_int64(), 0);
  EXPECT_EQ(p.at("time").as_string(), "2024-01-02T03:04:05Z");
  EXPECT_EQ(p.at("config_sha256").as_string(), crypto::sha256_hex("contract"));
  EXPECT_EQ(p.at("inputs").at(0).at("name").as_string(), "contract.yaml");
  EXPECT_EQ(p.at("report").at("schema").as_string(), "mlops-actions/data-validate/v1");

  std::optional<audit::Anchor> anchor = audit_anchor(st);
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->seq, 1u);
  audit::Verification log = audit::verify(dir_.path("audit.jsonl"), anchor);
  EXPECT_TRUE(log.ok()) << log.problem;
  EXPECT_EQ(log.head.line_sha256, anchor->line_sha256);
  json::object line = json::parse(read_file(dir_.path("audit.jsonl"))).as_object();
  EXPECT_EQ(line.at("entry").at("attestation").as_string(), dir_.path("att.json"));
  EXPECT_EQ(line.at("entry").at("subjects").at(0).at("name").as_string(), "data/train.csv");
  EXPECT_FALSE(line.at("entry").as_object().contains("report"));
}

TEST_F(RecorderTest, AuditOnlyNeedsNoKey) {
  DecisionRecorder recorder(options(false, true));
  decision_.subjects.clear();  // nothing to attest is fine for the log alone
  recorder.record(decision_);
  recorder.record(decision_);
  EXPECT_EQ(audit::verify(dir_.path("audit.jsonl")).records, 2u);
  EXPECT_FALSE(std::filesystem::exists(dir_.path("att.json")));
}

TEST_F(RecorderTest, AttestationThatCannotBeWrittenLeavesNoAuditLine) {
  DecisionRecorder(options(false, true)).record(decision_);  // a line to keep
  RecordOptions o = options(true, true);
  o.attest_out = dir_.path("missing-dir/att.json");
  DecisionRecorder recorder(o, getenv_);
  EXPECT_EQ(audit::verify(dir_.path("audit.jsonl")).records, 1u);
  EXPECT_EQ(error_of([&] { recorder.record(decision_); }).code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(audit::verify(dir_.path("audit.jsonl")).records, 1u);  // no "pass" line left
}

// The seam: the subject is read (and so hashed) by the tool, then changed before the record.
TEST_F(RecorderTest, SubjectChangedAfterItWasReadGetsTheDigestOfWhatWasRead) {
  const std::string path = dir_.path("data/train.csv");
  clear_reads();
  crypto::read_whole_file(path);
  struct stat read_stat {};
  ASSERT_EQ(::stat(path.c_str(), &read_stat), 0);
  // Same size, same inode, and the modification time put back: undetectable from the disk.
  std::ofstream(path, std::ios::binary | std::ios::in | std::ios::out) << "x,y\n3,4\n";
  struct timespec times[2] = {read_stat.st_atim, read_stat.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  std::vector<Subject> subjects = file_subjects({path});
  ASSERT_EQ(subjects.size(), 1u);
  EXPECT_EQ(subjects[0].sha256, crypto::sha256_hex("a,b\n1,2\n"));  // what was judged
  EXPECT_NE(subjects[0].sha256, crypto::sha256_hex("x,y\n3,4\n"));
  clear_reads();
}

TEST_F(RecorderTest, SubjectSwappedAfterItWasReadIsExitThree) {
  const std::string path = dir_.path("data/train.csv");
  clear_reads();
  crypto::read_whole_file(path);
  dir_.write("data/swapped.csv", "a,b\n9,9\n");
  std::filesystem::rename(dir_.path("data/swapped.csv"), path);  // another inode
  EXPECT_EQ(error_of([&] { file_subjects({path}); }).code(), ExitCode::kCannotEvaluate);
  clear_reads();
  crypto::read_whole_file(path);
  std::ofstream(path, std::ios::app) << "7,7\n";  // grown
  EXPECT_EQ(error_of([&] { config_digest(path); }).code(), ExitCode::kCannotEvaluate);
  clear_reads();
}

TEST_F(RecorderTest, NothingToAttestLeavesNoAuditLine) {
  DecisionRecorder recorder(options(true, true), getenv_);
  decision_.subjects.clear();
  EXPECT_EQ(error_of([&] { recorder.record(decision_); }).code(), ExitCode::kCannotEvaluate);
  EXPECT_FALSE(std::filesystem::exists(dir_.path("audit.jsonl")));
}

TEST_F(RecorderTest, VerifyCommandChecksSignatureAndSubjects) {
  DecisionRecorder(options(true, false), getenv_).record(decision_);
  std::ostringstream out;
  EXPECT_EQ(verify_command(dir_.path("att.json"), dir_.path("pub.pem"), dir_.root().string(), out),
            ExitCode::kPass);
  EXPECT_NE(out.str().find("subject \"data/train.csv\": match"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("OK: "), std::string::npos);

  dir_.write("data/train.csv", "a,b\n1,9\n");
  out.str("");
  EXPECT_EQ(verify_command(dir_.path("att.json"), dir_.path("pub.pem"), dir_.root().string(), out),
            ExitCode::kFail);
  EXPECT_NE(out.str().find("mismatch"), std::string::npos) << out.str();

  // Signature only: subjects not checked.
  out.str("");
  EXPECT_EQ(verify_command(dir_.path("att.json"), dir_.path("pub.pem"), std::nullopt, out),
            ExitCode::kPass);

  std::string envelope = read_file(dir_.path("att.json"));
  json::object o = json::parse(envelope).as_object();
  o["payload"] = base64_encode(std::string(o["payload"].as_string()) + "x").substr(0, 8) + "====";
  dir_.write("bad.json", json::serialize(o));
  EXPECT_EQ(error_of([&] {
              verify_command(dir_.path("bad.json"), dir_.path("pub.pem"), std::nullopt, out);
            }).code(),
            ExitCode::kCannotEvaluate);

  Signer other = testing::make_signer(KeyAlgorithm::kEd25519);
  dir_.write("other.pem", other.public_key_pem());
  out.str("");
  EXPECT_EQ(verify_command(dir_.path("att.json"), dir_.path("other.pem"), std::nullopt, out),
            ExitCode::kFail);
  EXPECT_NE(out.str().find("FAILED: no signature"), std::string::npos) << out.str();
}

TEST_F(RecorderTest, ImagesOnlyEnvelopeVerifiesNoFile) {
  // A statement whose subjects are all images: the subject check finds nothing to check, so
  // only the signature was verified; that is no "OK" unless --signature-only asked for it.
  decision_.subjects = {image_subject("ghcr.io/acme/churn@sha256:" + std::string(64, 'a'))};
  DecisionRecorder(options(true, false), getenv_).record(decision_);
  std::ostringstream out;
  const Error e = error_of([&] {
    verify_command(dir_.path("att.json"), dir_.path("pub.pem"), dir_.root().string(), out);
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("names no file, only 1 image"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("--signature-only"), std::string::npos) << e.message();
  EXPECT_NE(out.str().find("signature: verified"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"ghcr.io/acme/churn\": skipped"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("OK: "), std::string::npos) << out.str();
  out.str("");
  EXPECT_EQ(verify_command(dir_.path("att.json"), dir_.path("pub.pem"), std::nullopt, out),
            ExitCode::kPass);
  EXPECT_NE(out.str().find("subjects: not checked (--signature-only)"), std::string::npos);
}

TEST_F(RecorderTest, AuditVerifyOfAnEmptyLogVerifiesNothing) {
  // An empty log has no chain to check: "0 records, chain intact" would bless a log emptied to
  // erase its history.
  dir_.write("audit.jsonl", "");
  std::ostringstream out;
  const Error e =
      error_of([&] { audit_verify_command(dir_.path("audit.jsonl"), std::nullopt, out); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("is empty"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("truncated"), std::string::npos) << e.message();
  EXPECT_EQ(out.str().find("OK"), std::string::npos) << out.str();
  // With an anchor, the empty log lost the anchored line: a tamper verdict.
  EXPECT_EQ(audit_verify_command(dir_.path("audit.jsonl"),
                                 parse_anchor("1:" + std::string(64, 'a')), out),
            ExitCode::kFail);
}

TEST_F(RecorderTest, AuditVerifyCommandPrintsTheHead) {
  DecisionRecorder recorder(options(false, true));
  recorder.record(decision_);
  recorder.record(decision_);
  std::ostringstream out;
  EXPECT_EQ(audit_verify_command(dir_.path("audit.jsonl"), std::nullopt, out), ExitCode::kPass);
  audit::Anchor head = audit::verify(dir_.path("audit.jsonl")).head;
  EXPECT_NE(out.str().find("head: 2:" + head.line_sha256), std::string::npos) << out.str();
  EXPECT_EQ(parse_anchor("2:" + head.line_sha256).line_sha256, head.line_sha256);
  EXPECT_EQ(audit_verify_command(dir_.path("audit.jsonl"),
                                 parse_anchor("2:" + std::string(64, 'f')), out),
            ExitCode::kFail);
  EXPECT_EQ(error_of([] { parse_anchor("2"); }).code(), ExitCode::kUsage);
  EXPECT_EQ(error_of([] { parse_anchor("0:" + std::string(64, 'a')); }).code(), ExitCode::kUsage);
  EXPECT_EQ(error_of([] { parse_anchor("x:" + std::string(64, 'a')); }).code(), ExitCode::kUsage);
}

}  // namespace
}  // namespace mlops::attest
