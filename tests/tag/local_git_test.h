#pragma once

#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char** environ;

namespace mlops::tag {

// A real repository made with the git command; fixed names and dates make its commit SHA fixed.
class LocalGitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "mlops-tag-XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    root_ = templ;
    // A name a shell would mangle: the directory reaches git as one argument.
    repo_ = (root_ / "repo with 'quotes' $(and) ;semicolons").string();
    git({"init", "-q", "-b", "main", repo_});
    std::ofstream(std::filesystem::path(repo_) / "model.txt") << "weights v1\n";
    git({"-C", repo_, "add", "model.txt"});
    git({"-C", repo_, "commit", "-q", "-m", "Train model v1"});
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Runs git with a fixed identity and clock, and no user or system configuration.
  static void git(const std::vector<std::string>& args) {
    std::vector<std::string> env_strings = {"GIT_CONFIG_GLOBAL=/dev/null",
                                            "GIT_CONFIG_NOSYSTEM=1",
                                            "GIT_AUTHOR_NAME=Model Bot",
                                            "GIT_AUTHOR_EMAIL=bot@example.com",
                                            "GIT_COMMITTER_NAME=Model Bot",
                                            "GIT_COMMITTER_EMAIL=bot@example.com",
                                            "GIT_AUTHOR_DATE=2020-01-10T00:30:00Z",
                                            "GIT_COMMITTER_DATE=2020-01-10T00:30:00Z"};
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string(*e).rfind("GIT_", 0) != 0) env_strings.emplace_back(*e);
    }
    std::vector<char*> envp, argv;
    for (std::string& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> all = {"git"};
    all.insert(all.end(), args.begin(), args.end());
    for (std::string& s : all) argv.push_back(s.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawnp(&pid, "git", nullptr, nullptr, argv.data(), envp.data()), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "git " << args.back();
  }

  std::filesystem::path root_;
  std::string repo_;
};

// The commit LocalGitTest makes.
inline constexpr const char* kCommit1 = "bcfa9848cd7098faf5bab84422c80e6ebba2bcd3";

}  // namespace mlops::tag
