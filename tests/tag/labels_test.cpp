#include "tag/labels.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../cli/fake_io.h"
#include "common/error_of.h"

// The image's OCI labels (tag/labels.h): metadata-action's set, the model's, overrides, and one
// label a line whatever the event file or the caller says.
namespace mlops::tag {
namespace {

using mlops::testing::error_of;
using ::testing::HasSubstr;
using Label = std::pair<std::string, std::string>;

LabelFacts facts() {
  LabelFacts f;
  f.repo = {"churn", "Churn model", "https://github.com/acme/churn", "MIT"};
  f.image_name = "churn-image";
  f.version = "1.2.3";
  f.created = 1767225600;
  f.revision = "860c1904a1ce19322e91ac35af1ab07466440c37";
  return f;
}

std::string value_of(const Labels& labels, const std::string& key) {
  for (const auto& [k, v] : labels) {
    if (k == key) return v;
  }
  return "<absent>";
}

TEST(ImageLabelsTest, MetadataActionSetInItsOrder) {
  Labels l = image_labels(facts(), {});
  EXPECT_EQ(
      l, (Labels{{"org.opencontainers.image.title", "churn"},
                 {"org.opencontainers.image.description", "Churn model"},
                 {"org.opencontainers.image.url", "https://github.com/acme/churn"},
                 {"org.opencontainers.image.source", "https://github.com/acme/churn"},
                 {"org.opencontainers.image.version", "1.2.3"},
                 {"org.opencontainers.image.created", "2026-01-01T00:00:00.000Z"},
                 {"org.opencontainers.image.revision", "860c1904a1ce19322e91ac35af1ab07466440c37"},
                 {"org.opencontainers.image.licenses", "MIT"}}));
}

TEST(ImageLabelsTest, EmptyValuesAreDroppedAndTheImageNameIsTheFallbackTitle) {
  LabelFacts f = facts();
  f.repo = {};
  Labels l = image_labels(f, {});
  EXPECT_EQ(value_of(l, "org.opencontainers.image.title"), "churn-image");
  EXPECT_EQ(value_of(l, "org.opencontainers.image.description"), "<absent>");
  EXPECT_EQ(value_of(l, "org.opencontainers.image.licenses"), "<absent>");
  EXPECT_EQ(l.size(), 4U);  // title, version, created, revision
}

TEST(ImageLabelsTest, ModelLabelsThenOverridesReplacingOrAdding) {
  LabelFacts f = facts();
  f.model = ModelInfo{"churn", "7", "ab12"};
  Labels l = image_labels(f, {{"org.opencontainers.image.licenses", "Apache-2.0"},
                              {"team", "ml"},
                              {"org.opencontainers.image.description", ""}});
  EXPECT_EQ(value_of(l, "org.opencontainers.image.licenses"), "Apache-2.0");
  EXPECT_EQ(value_of(l, "org.opencontainers.image.description"), "<absent>");  // emptied
  ASSERT_GE(l.size(), 4U);
  EXPECT_EQ(std::vector<Label>(l.end() - 4, l.end()),
            (std::vector<Label>{{"dev.mlops-actions.model.name", "churn"},
                                {"dev.mlops-actions.model.version", "7"},
                                {"dev.mlops-actions.model.digest", "sha256:ab12"},
                                {"team", "ml"}}));
  // A model without files has no digest label.
  f.model = ModelInfo{"churn", "", ""};
  EXPECT_EQ(value_of(image_labels(f, {}), "dev.mlops-actions.model.digest"), "<absent>");
}

TEST(ImageLabelsTest, EventTextIsKeptOnOneLineCallerTextIsRefused) {
  LabelFacts f = facts();
  f.repo.description = "ok\nio.evil=1\r\n::add-mask::x";
  EXPECT_EQ(value_of(image_labels(f, {}), "org.opencontainers.image.description"),
            "ok io.evil=1  ::add-mask::x");
  Error e = error_of([] { image_labels(facts(), {{"note", "a\nb=c"}}); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("holds a line break or another control character"));
  e = error_of([] { image_labels(facts(), {{"bad\tkey", "v"}}); });
  EXPECT_THAT(e.what(), HasSubstr("holds a control character"));
  LabelFacts m = facts();
  m.model = ModelInfo{"churn\revil", "1", ""};
  EXPECT_EQ(error_of([&] { image_labels(m, {}); }).code(), ExitCode::kUsage);
}

TEST(RepoInfoTest, FromTheEnvironmentOnlyInGithubMode) {
  cli::testing::FakeIo f;
  f.env = {{"GITHUB_REPOSITORY", "acme/churn"}, {"GITHUB_SERVER_URL", "https://ghe.example.com"}};
  RepoInfo r = repo_info(f.io, true);
  EXPECT_EQ(r.name, "churn");
  EXPECT_EQ(r.url, "https://ghe.example.com/acme/churn");
  EXPECT_EQ(repo_info(f.io, false).name, "");
  f.env["GITHUB_EVENT_PATH"] = "/nonexistent/event.json";
  EXPECT_EQ(error_of([&] { repo_info(f.io, true); }).code(), ExitCode::kUsage);
}

TEST(Rfc3339Test, UtcWithMilliseconds) {
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339(253402300799), "9999-12-31T23:59:59.000Z");
}

}  // namespace
}  // namespace mlops::tag
