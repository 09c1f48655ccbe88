#include "tag/git_context.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"

extern char** environ;

namespace mlops::tag {
namespace {

namespace json = boost::json;

// The string at a dotted path of objects ("pull_request.head.sha"); "" when any step is
// missing or the leaf is not a string.
std::string string_at(const json::value& root, std::initializer_list<const char*> path) {
  const json::value* v = &root;
  for (const char* key : path) {
    const json::object* o = v->if_object();
    if (o == nullptr) return {};
    v = o->if_contains(key);
    if (v == nullptr) return {};
  }
  const json::string* s = v->if_string();
  return s ? std::string(*s) : std::string();
}

std::optional<int> int_at(const json::value& root, std::initializer_list<const char*> path) {
  const json::value* v = &root;
  for (const char* key : path) {
    const json::object* o = v->if_object();
    if (o == nullptr) return std::nullopt;
    v = o->if_contains(key);
    if (v == nullptr) return std::nullopt;
  }
  if (const std::int64_t* i = v->if_int64(); i && *i >= 0 && *i <= INT32_MAX) {
    return static_cast<int>(*i);
  }
  return std::nullopt;
}

json::value read_event(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw input_error("cannot read the GitHub event file " + path +
                          " (GITHUB_EVENT_PATH): " + std::strerror(errno),
                      "run inside GitHub Actions or unset GITHUB_EVENT_PATH");
  }
  std::ostringstream text;
  text << in.rdbuf();
  // The exact parser, as labels.cpp reads the same file: a key given twice is refused rather
  // than read as whichever copy Boost.JSON keeps (json/parse.h).
  json::value v = mlops::json::parse_json_exact(text.str(), "the GitHub event file " + path);
  if (!v.is_object()) {
    throw input_error("the GitHub event file " + path + " is not a JSON object");
  }
  return v;
}

std::string strip_prefix(std::string s, std::string_view prefix) {
  if (s.compare(0, prefix.size(), prefix) == 0) s.erase(0, prefix.size());
  return s;
}

// The pushed commit's time: from the commits list of a branch push, else head_commit (tags).
std::int64_t commit_time_of(const json::value& event, const std::string& sha) {
  if (const json::object* o = event.if_object()) {
    if (const json::value* commits = o->if_contains("commits"); commits && commits->is_array()) {
      for (const json::value& c : commits->get_array()) {
        if (string_at(c, {"id"}) == sha) {
          if (auto t = parse_timestamp(string_at(c, {"timestamp"}))) return *t;
        }
      }
    }
  }
  if (string_at(event, {"head_commit", "id"}) == sha) {
    if (auto t = parse_timestamp(string_at(event, {"head_commit", "timestamp"}))) return *t;
  }
  return 0;
}

struct Run {
  int status = -1;  // exit status, or -1 when killed by a signal
  std::string out, err;
};

// Runs git with `args` (no shell: every argument reaches git as is) and collects its output.
Run run_git(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string git = "git";
  argv.push_back(git.data());
  std::vector<std::string> copies = args;
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0) throw usage_error(std::string("cannot run git: ") + strerror(errno));
  if (pipe(err_pipe) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw usage_error(std::string("cannot run git: ") + strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw usage_error(std::string("cannot run git: ") + strerror(rc),
                      "install git or pass --git-ref and --git-sha");
  }

  Run run;
  std::array<pollfd, 2> fds = {{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks = {&run.out, &run.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!run.out.empty() && (run.out.back() == '\n' || run.out.back() == '\r')) {
    run.out.pop_back();
  }
  return run;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

std::optional<std::int64_t> parse_timestamp(const std::string& text) {
  int y, mo, d, h, mi, s;
  char sep;
  int used = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s,
                  &used) != 7 ||
      (sep != 'T' && sep != 't' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
      mi > 59 || s > 60) {
    return std::nullopt;
  }
  std::string_view rest = std::string_view(text).substr(static_cast<std::size_t>(used));
  if (!rest.empty() && rest[0] == '.') {  // fractional seconds: ignored
    rest.remove_prefix(1);
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') rest.remove_prefix(1);
  }
  std::int64_t offset = 0;
  if (rest == "Z" || rest == "z") {
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2) {
      return std::nullopt;
    }
    offset = (rest[0] == '-' ? -1 : 1) * (std::int64_t{oh} * 3600 + std::int64_t{om} * 60);
  } else {
    return std::nullopt;
  }
  // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian.
  y -= mo <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + std::int64_t{h} * 3600 + std::int64_t{mi} * 60 + s - offset;
}

GitContext from_github_env(const EnvLookup& env) {
  GitContext ctx;
  ctx.event = env("GITHUB_EVENT_NAME");
  ctx.ref = env("GITHUB_REF");
  ctx.sha = env("GITHUB_SHA");
  ctx.base_ref = env("GITHUB_BASE_REF");
  const std::string path = env("GITHUB_EVENT_PATH");
  if (path.empty()) return ctx;

  const json::value event = read_event(path);
  ctx.default_branch = string_at(event, {"repository", "default_branch"});
  const bool pull_request = ctx.event.find("pull_request") != std::string::npos;
  if (pull_request) {
    ctx.pr_head_sha = string_at(event, {"pull_request", "head", "sha"});
    ctx.pr_number = int_at(event, {"pull_request", "number"});
    if (!ctx.pr_number) ctx.pr_number = int_at(event, {"number"});
    if (ctx.base_ref.empty()) ctx.base_ref = string_at(event, {"pull_request", "base", "ref"});
  }
  // pull_request_target runs on the base branch's ref; the rules want the PR's.
  if (ctx.event == "pull_request_target" && ctx.pr_number) {
    ctx.ref = "refs/pull/" + std::to_string(*ctx.pr_number) + "/merge";
  }
  if (ctx.ref.rfind("refs/tags/", 0) == 0) {
    ctx.base_ref = strip_prefix(string_at(event, {"base_ref"}), "refs/heads/");
  }
  ctx.commit_time = commit_time_of(event, ctx.tag_sha());
  return ctx;
}

GitContext from_local_git(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw usage_error(mlops::quoted(dir) + " is not a directory",
                      "pass the repository's directory");
  }
  Run top = run_git({"-C", dir, "rev-parse", "--git-dir"});
  if (top.status != 0) {
    throw usage_error(mlops::quoted(dir) + " is not a git repository (" + first_line(top.err) + ")",
                      "run inside a git checkout, or pass --git-ref and --git-sha");
  }
  GitContext ctx;
  Run head = run_git({"-C", dir, "rev-parse", "--verify", "-q", "HEAD^{commit}"});
  if (head.status != 0 || head.out.empty()) {
    throw usage_error("the git repository at " + mlops::quoted(dir) + " has no commits yet",
                      "commit first, or pass --git-sha");
  }
  ctx.sha = head.out;

  if (Run branch = run_git({"-C", dir, "symbolic-ref", "-q", "HEAD"}); branch.status == 0) {
    ctx.ref = branch.out;
  } else if (Run tag = run_git({"-C", dir, "describe", "--exact-match", "--tags", "HEAD"});
             tag.status == 0 && !tag.out.empty()) {
    ctx.ref = "refs/tags/" + tag.out;
  }

  Run when = run_git({"-C", dir, "log", "-1", "--format=%ct", "HEAD"});
  if (when.status == 0) {
    try {
      ctx.commit_time = std::stoll(when.out);
    } catch (const std::exception&) {
      ctx.commit_time = 0;
    }
  }
  Run origin = run_git({"-C", dir, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"});
  if (origin.status == 0) ctx.default_branch = strip_prefix(origin.out, "origin/");
  return ctx;
}

}  // namespace mlops::tag
