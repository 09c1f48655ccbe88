#include "attest/command.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "attest/recorder.h"
#include "attest_test_support.h"
#include "cli/app.h"
#include "crypto/sha256.h"

// mlops-attest in-process, with a whole argv: verify, audit-verify, usage errors, exit codes.
namespace mlops::attest {
namespace {

using testing::generate_private_pem;
using testing::TempDir;

struct AttestRun {
  int exit;
  std::string out, err;
};

AttestRun run(std::vector<std::string> args) {
  cli::testing::FakeIo f;
  args.insert(args.begin(), "mlops-attest");
  cli::testing::Argv argv(args);
  const int code = cli::run_tool("mlops-attest", argv.span(), f.io, mlops_attest);
  return {code, f.out.str(), f.err.str()};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A signed decision about data/train.csv (att.json), the signer's public key (pub.pem) and an
// audit log of two decisions (audit.jsonl), all in a fresh directory.
class MlopsAttestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string pem = generate_private_pem(KeyAlgorithm::kEd25519);
    dir_.write("pub.pem", Signer::from_pem(pem, "k").public_key_pem());
    dir_.write("data/train.csv", "a,b\n1,2\n");
    Decision d;
    d.tool = "data-validate";
    d.tool_version = "0.9.0";
    d.decision = "pass";
    d.subjects = {{"data/train.csv", crypto::sha256_hex("a,b\n1,2\n"), false}};
    d.report = boost::json::object{{"passed", true}};
    auto getenv = [pem](const std::string& name) -> std::optional<std::string> {
      if (name == "KEY") return pem;
      return std::nullopt;
    };
    DecisionRecorder({"env:KEY", att(), log()}, getenv).record(d);
    DecisionRecorder({"", "", log()}).record(d);
  }

  std::string att() const { return dir_.path("att.json"); }
  std::string pub() const { return dir_.path("pub.pem"); }
  std::string log() const { return dir_.path("audit.jsonl"); }
  std::string base() const { return dir_.root().string(); }

  TempDir dir_;
};

TEST_F(MlopsAttestTest, NoArgumentsPrintsTheUsageAndExitsTwo) {
  AttestRun r = run({});
  EXPECT_EQ(r.exit, 2);
  EXPECT_TRUE(contains(r.out, "usage: mlops-attest verify ENVELOPE")) << r.out;
  r = run({"--help"});
  EXPECT_EQ(r.exit, 0);
  EXPECT_TRUE(contains(r.out, "usage: mlops-attest verify ENVELOPE")) << r.out;
  r = run({"audit-verify", "--help"});
  EXPECT_EQ(r.exit, 0);
  EXPECT_TRUE(contains(r.out, "--anchor SEQ:SHA256")) << r.out;
}

TEST_F(MlopsAttestTest, VerifyChecksTheSignatureAndTheSubjects) {
  AttestRun r = run({"verify", att(), "--pub", pub(), "--base-dir", base()});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "subject \"data/train.csv\": match")) << r.out;
  EXPECT_TRUE(contains(r.out, "OK: " + att() + " verifies")) << r.out;

  dir_.write("data/train.csv", "a,b\n1,9\n");
  r = run({"verify", att(), "--pub", pub(), "--base-dir", base()});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.out, "FAILED: 1 subject does not match the files on disk")) << r.out;

  r = run({"verify", att(), "--pub", pub(), "--signature-only"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "subjects: not checked (--signature-only)")) << r.out;
}

TEST_F(MlopsAttestTest, AnotherKeyFailsAndAMalformedEnvelopeIsExitThree) {
  dir_.write("other.pem", testing::make_signer(KeyAlgorithm::kEcdsaP256Sha256).public_key_pem());
  AttestRun r = run({"verify", att(), "--pub", dir_.path("other.pem"), "--signature-only"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.out, "FAILED: no signature")) << r.out;

  r = run({"verify", dir_.write("bad.json", "{\"payload\": 1}"), "--pub", pub()});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "mlops-attest: error: ")) << r.err;
}

TEST_F(MlopsAttestTest, AuditVerifyPrintsTheHeadAndChecksTheAnchor) {
  AttestRun r = run({"audit-verify", log()});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 records, chain intact")) << r.out;
  const std::string head = audit::verify(log()).head.line_sha256;
  EXPECT_TRUE(contains(r.out, "head: 2:" + head)) << r.out;

  r = run({"audit-verify", log(), "--anchor", "2:" + head});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "anchor seq 2 matches")) << r.out;
  r = run({"audit-verify", log(), "--anchor", "2:" + std::string(64, 'f')});
  EXPECT_EQ(r.exit, 1);
  EXPECT_TRUE(contains(r.out, "FAILED: audit log " + log())) << r.out;

  r = run({"audit-verify", dir_.write("empty.jsonl", "")});
  EXPECT_EQ(r.exit, 3);
  EXPECT_TRUE(contains(r.err, "is empty: there is no record to verify")) << r.err;
}

TEST_F(MlopsAttestTest, UsageErrorsAreExitTwoAndSayWhatToDo) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"verify"}, "mlops-attest: error: no input file given, see mlops-attest --help"},
      {{"verify", att()}, "verify needs --pub PUB.pem"},
      {{"verify", att(), "--pub", pub(), "--signature-only", "--base-dir", "."},
       "give --base-dir or --signature-only, not both"},
      {{"audit-verify", log(), "--anchor", "2"}, "mlops-attest: error: "},
      {{"bogus", att()}, "unknown command 'bogus', use verify or audit-verify"},
      {{"verify", att(), "--pubkey", pub()}, "--pubkey"},
      // The input is checked before the command: "help" is no command and names no file.
      {{"help"}, "no input file given"},
  };
  for (const auto& [args, message] : cases) {
    AttestRun r = run(args);
    EXPECT_EQ(r.exit, 2) << args[0] << " " << r.err;
    EXPECT_TRUE(contains(r.err, message)) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace mlops::attest
