// Spawns the real image-tag binary: tags for git contexts, model digest tags stable across
// copies, labels with SOURCE_DATE_EPOCH, GitHub outputs, and usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/shell_run.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/image-tag";
const std::string kModel = std::string(MLOPS_TEST_DATA) + "/../../examples/model/serving";

using Result = mlops::testing::ShellResult;
using mlops::testing::slurp;

std::string temp(const std::string& name) { return mlops::testing::test_temp("it_", name); }

Result sh(const std::string& command) { return mlops::testing::run_shell(command, temp("cmd")); }

// image-tag outside GitHub, with the git context given explicitly.
Result tag(const std::string& args) {
  return sh("env -u GITHUB_ACTIONS SOURCE_DATE_EPOCH=1767225600 " + kBinary + " " + args);
}

std::vector<std::string> tags_of(const std::string& json_path) {
  std::vector<std::string> out;
  const boost::json::value doc = boost::json::parse(slurp(json_path));
  for (const auto& t : doc.at("tags").as_array()) {
    out.emplace_back(t.as_string());
  }
  return out;
}

TEST(ImageTagBinaryTest, SemverTagPushGivesVersionTagsAndLatest) {
  // metadata-action README, type=semver: a push of tag v1.2.3 with {{version}} and
  // {{major}}.{{minor}} gives 1.2.3, 1.2 and latest.
  std::string json = temp("out.json");
  Result r =
      tag("--image ghcr.io/acme/churn --git-ref refs/tags/v1.2.3 --git-sha "
          "860c1904a1ce19322e91ac35af1ab07466440c37 --event push --tags "
          "'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}' "
          "--json " +
          json);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(tags_of(json),
            (std::vector<std::string>{"ghcr.io/acme/churn:1.2.3", "ghcr.io/acme/churn:1.2",
                                      "ghcr.io/acme/churn:latest"}));
  auto doc = boost::json::parse(slurp(json));
  EXPECT_EQ(doc.at("version"), "1.2.3");
  EXPECT_EQ(doc.at("labels").at("org.opencontainers.image.revision"),
            "860c1904a1ce19322e91ac35af1ab07466440c37");
  // SOURCE_DATE_EPOCH 1767225600 is 2026-01-01T00:00:00Z.
  EXPECT_EQ(doc.at("labels").at("org.opencontainers.image.created"), "2026-01-01T00:00:00.000Z");
}

// A workflow's ghcr.io/${{ github.repository }} may hold upper-case letters: the name is
// lower-cased as docker/metadata-action does; tags keep their case, as there.
TEST(ImageTagBinaryTest, MixedCaseImageNameIsLowerCased) {
  std::string json = temp("out.json");
  Result r =
      tag("--image ghcr.io/Acme/Churn --image Registry.Example.com:5000/Team/Model --git-ref "
          "refs/tags/v1.2.3 --git-sha 860c1904a1ce19322e91ac35af1ab07466440c37 --event push --tags "
          "'type=semver,pattern={{version}}\ntype=raw,value=RC-{{sha}}' --json " +
          json);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(tags_of(json),
            (std::vector<std::string>{"ghcr.io/acme/churn:1.2.3", "ghcr.io/acme/churn:RC-860c190",
                                      "ghcr.io/acme/churn:latest",
                                      "registry.example.com:5000/team/model:1.2.3",
                                      "registry.example.com:5000/team/model:RC-860c190",
                                      "registry.example.com:5000/team/model:latest"}));
  EXPECT_THAT(r.out, HasSubstr("tags for ghcr.io/acme/churn (+1)"));
  EXPECT_EQ(boost::json::parse(slurp(json)).at("labels").at("org.opencontainers.image.title"),
            "churn");
  // Still invalid once lower-cased: refused, naming the name as given.
  Result bad = tag("--image ghcr.io/Acme/Churn_ --git-ref refs/heads/main --git-sha abc");
  EXPECT_EQ(bad.exit, 2);
  EXPECT_THAT(bad.err, HasSubstr("\"ghcr.io/Acme/Churn_\" lower-cased"));
}

TEST(ImageTagBinaryTest, HostileLabelsStartNoWorkflowCommandInGithubMode) {
  // The repository's description (from the event file) tries to end its line, add a label of
  // its own and start commands: it stays one label, and its text is shielded.
  std::string out = temp("gh_output"), event = temp("event.json"), labels = temp("labels.txt");
  std::ofstream(out).flush();
  std::ofstream(event) << "{\"repository\": {\"name\": \"churn\", \"description\": "
                          "\"ok\\nio.evil.injected=1\\n::add-mask::x\\r\\n"
                          "::set-output name=verdict::pass\"}}";
  Result r =
      sh("GITHUB_ACTIONS=true GITHUB_OUTPUT=" + out + " GITHUB_EVENT_PATH=" + event +
         " SOURCE_DATE_EPOCH=1767225600 " + kBinary +
         " --image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha "
         "860c1904a1ce19322e91ac35af1ab07466440c37 --event push --tags type=sha --labels-out " +
         labels);
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("::add-mask::x"));  // shown, inside a stop-commands block
  EXPECT_THAT(r.out, HasSubstr("::stop-commands::"));
  // Every line of --labels-out is one of the labels image-tag sets: none from the description.
  std::ifstream in(labels);
  std::string label_line;
  bool description_seen = false;
  while (std::getline(in, label_line)) {
    EXPECT_TRUE(label_line.rfind("org.opencontainers.image.", 0) == 0) << label_line;
    if (label_line.rfind("org.opencontainers.image.description=", 0) == 0) {
      description_seen = true;
      EXPECT_THAT(label_line, HasSubstr("ok io.evil.injected=1 ::add-mask::x"));
    }
  }
  EXPECT_TRUE(description_seen);
  // The runner's reading: lines end at LF, CR or CRLF; nothing outside a stop block starts
  // with "::".
  std::string line, stopped;
  int commands = 0;
  for (char c : r.out + r.err + "\n") {
    if (c != '\n' && c != '\r') {
      line += c;
      continue;
    }
    if (!stopped.empty()) {
      if (line == stopped) stopped.clear();
    } else if (line.rfind("::stop-commands::", 0) == 0) {
      stopped = "::" + line.substr(17) + "::";
    } else if (line.rfind("::", 0) == 0) {
      ++commands;
    }
    line.clear();
  }
  EXPECT_EQ(commands, 0) << r.out;
}

// A label the caller gives with a line break would be two labels in --labels-out (an injected
// model digest, say): refused before anything is written.
TEST(ImageTagBinaryTest, CallerLabelWithALineBreakIsAUsageError) {
  std::string labels = temp("labels-refused.txt");
  std::filesystem::remove(labels);
  for (const std::string& arg :
       {std::string("--label \"$(printf 'note=a\\ndev.mlops-actions.model.digest=sha256:00')\""),
        std::string("--model-name \"$(printf 'churn\\revil')\" --model-version 1")}) {
    Result r = sh(kBinary +
                  " --no-github --image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha "
                  "860c1904a1ce19322e91ac35af1ab07466440c37 --event push --tags type=sha "
                  "--labels-out " +
                  labels + " " + arg);
    EXPECT_EQ(r.exit, 2) << arg << r.err;
    EXPECT_THAT(r.err, HasSubstr("line break")) << arg;
    EXPECT_FALSE(std::filesystem::exists(labels)) << arg;
  }
}

// --labels-out (or a report) naming a file inside --model-dir would overwrite the model it
// tags: refused (exit 2) before anything is read, the file untouched.
TEST(ImageTagBinaryTest, OutputInsideTheModelDirIsRefused) {
  fs::path dir = temp("model-out");
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "sub" / "w.bin") << "weights\n";
  // --junit too: the errored report of this refusal must not land on the model either.
  for (const char* option : {"--labels-out", "--json", "--junit"}) {
    Result r = sh(kBinary +
                  " --no-github --image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha "
                  "860c1904a1ce19322e91ac35af1ab07466440c37 --event push --tags type=sha "
                  "--model-dir " +
                  dir.string() + " " + option + " " + (dir / "sub" / "w.bin").string());
    EXPECT_EQ(r.exit, 2) << option << r.err;
    std::ifstream in(dir / "sub" / "w.bin");
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content, "weights\n") << option;
  }
}

TEST(ImageTagBinaryTest, ModelTagsAreTheSameForCopiesOfTheModel) {
  fs::path copy = temp("model");
  fs::remove_all(copy);
  fs::create_directories(copy);
  // Copied in reverse order, with other timestamps.
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kModel)) files.push_back(e.path());
  std::sort(files.rbegin(), files.rend());
  for (const fs::path& f : files) fs::copy_file(f, copy / f.filename());
  std::string a = temp("a.json"), b = temp("b.json");
  std::string common =
      " --image registry.example.com/ml/churn --git-sha 0123456789abcdef0123456789abcdef01234567 "
      "--git-ref refs/heads/main --event push --model-name churn --model-version 7 --tags "
      "'type=model\ntype=digest' --json ";
  ASSERT_EQ(tag("--model-dir " + kModel + common + a).exit, 0);
  Result rb = tag("--model-dir " + copy.string() + common + b);
  ASSERT_EQ(rb.exit, 0) << rb.err;
  std::vector<std::string> ta = tags_of(a);
  EXPECT_EQ(ta, tags_of(b));
  ASSERT_EQ(ta.size(), 2u);
  EXPECT_EQ(ta[0], "registry.example.com/ml/churn:churn-v7");
  EXPECT_THAT(ta[1],
              ::testing::MatchesRegex("registry\\.example\\.com/ml/churn:model-[0-9a-f]{12}"));
  auto doc = boost::json::parse(slurp(a));
  std::string digest(doc.at("model").at("digest").as_string());
  EXPECT_EQ(ta[1].substr(ta[1].size() - 12), digest.substr(7, 12));
  EXPECT_EQ(doc.at("labels").at("dev.mlops-actions.model.digest").as_string(), digest);
  // One changed byte, another digest tag.
  std::ofstream(copy / "model.json", std::ios::app) << " ";
  ASSERT_EQ(tag("--model-dir " + copy.string() + common + b).exit, 0);
  EXPECT_NE(tags_of(b)[1], ta[1]);
}

TEST(ImageTagBinaryTest, GithubModeWritesOutputsFromTheEvent) {
  // A pull_request event: the sha tag names the PR head commit, not GitHub's merge commit.
  std::string event = temp("event.json"), output = temp("github_output");
  std::ofstream(event) << R"({"number": 42, "pull_request": {"number": 42, "head": {"sha":
    "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}, "base": {"ref": "main"}},
    "repository": {"name": "churn", "description": "Churn model", "html_url":
    "https://github.com/acme/churn", "default_branch": "main", "license": {"spdx_id": "MIT"}}})";
  std::ofstream(output) << "";
  Result r =
      sh("GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request GITHUB_REF=refs/pull/42/merge "
         "GITHUB_SHA=ffffffffffffffffffffffffffffffffffffffff GITHUB_REPOSITORY=acme/churn "
         "GITHUB_EVENT_PATH=" +
         event + " GITHUB_OUTPUT=" + output + " GITHUB_STEP_SUMMARY=/dev/null " + kBinary +
         " --image ghcr.io/acme/churn --tags 'type=ref,event=pr\ntype=sha'");
  ASSERT_EQ(r.exit, 0) << r.err;
  std::string outputs = slurp(output);
  EXPECT_THAT(outputs, HasSubstr("ghcr.io/acme/churn:pr-42\nghcr.io/acme/churn:sha-a1b2c3d\n"));
  EXPECT_THAT(outputs, HasSubstr("org.opencontainers.image.licenses=MIT"));
  EXPECT_THAT(outputs, HasSubstr("org.opencontainers.image.source=https://github.com/acme/churn"));
  EXPECT_THAT(outputs, HasSubstr("version=pr-42\n"));
  EXPECT_THAT(outputs, HasSubstr("\"schema\":\"mlops-actions/image-tag/v1\""));
}

TEST(ImageTagBinaryTest, LabelsFileAndUsageErrors) {
  std::string labels = temp("labels.txt");
  Result r =
      tag("--image ghcr.io/acme/churn --git-ref refs/heads/feature/x --git-sha "
          "0123456789abcdef0123456789abcdef01234567 --event push --label "
          "org.opencontainers.image.licenses=Apache-2.0 --labels-out " +
          labels + " -q");
  ASSERT_EQ(r.exit, 0) << r.err;
  std::string text = slurp(labels);
  EXPECT_THAT(text, HasSubstr("org.opencontainers.image.licenses=Apache-2.0\n"));
  EXPECT_THAT(text, HasSubstr("org.opencontainers.image.version=feature-x\n"));
  EXPECT_EQ(tag("").exit, 2);
  EXPECT_EQ(tag("--image ghcr.io/acme/churn:v1 --git-ref refs/heads/main --git-sha abc").exit, 2);
  Result bad =
      tag("--image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha abc --tags "
          "'type=semvr,pattern={{version}}'");
  EXPECT_EQ(bad.exit, 2);
  EXPECT_THAT(bad.err, HasSubstr("semver"));
  // A tag longer than 128 characters is an error, never truncated.
  Result lng =
      tag("--image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha abc --tags "
          "'type=raw,value=" +
          std::string(130, 'a') + "'");
  EXPECT_EQ(lng.exit, 2);
  EXPECT_EQ(tag("--image ghcr.io/acme/churn --model-dir /nonexistent --git-ref refs/heads/main "
                "--git-sha abc")
                .exit,
            2);
}

TEST(ImageTagBinaryTest, SourceDateEpochOutOfRangeIsAUsageError) {
  // strtoll's ERANGE went unchecked: 99999999999999999999 gave the label
  // created=219250468-01-00T15:30:07.000Z. A year past 9999 is no RFC 3339 either.
  const std::string args =
      " --image ghcr.io/acme/churn --git-ref refs/heads/main --git-sha abc --json " +
      temp("epoch.json");
  for (const char* bad : {"99999999999999999999", "253402300800", "-1", "1e9", " 1", "12abc"}) {
    Result r =
        sh("env -u GITHUB_ACTIONS SOURCE_DATE_EPOCH='" + std::string(bad) + "' " + kBinary + args);
    EXPECT_EQ(r.exit, 2) << bad << r.out;
    EXPECT_THAT(r.err, HasSubstr("SOURCE_DATE_EPOCH")) << bad;
  }
  // The last second of 9999 is the latest RFC 3339 can write.
  Result last = sh("env -u GITHUB_ACTIONS SOURCE_DATE_EPOCH=253402300799 " + kBinary + args);
  ASSERT_EQ(last.exit, 0) << last.err;
  EXPECT_EQ(boost::json::parse(slurp(temp("epoch.json")))
                .at("labels")
                .at("org.opencontainers.image.created"),
            "9999-12-31T23:59:59.000Z");
}

}  // namespace
