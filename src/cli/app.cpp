#include "cli/app.h"

#include <exception>
#include <new>

#include "cli/publish.h"
#include "core/error.h"
#include "core/read_ledger.h"
#include "core/text.h"
#include "core/version.h"

namespace mlops::cli {

void add_output_options(po::options_description& desc, OutputOptions& out, bool with_html) {
  desc.add_options()("json", po::value(&out.json)->value_name("PATH|-"),
                     "write the JSON report (- for stdout)")(
      "junit", po::value(&out.junit)->value_name("PATH"), "write a JUnit XML report")(
      "markdown", po::value(&out.markdown)->value_name("PATH"), "write a Markdown summary");
  if (with_html) {
    desc.add_options()("html", po::value(&out.html)->value_name("PATH"),
                       "write a self-contained HTML report");
  }
  desc.add_options()(
      "no-github", po::bool_switch(&out.no_github),
      "do not write GitHub outputs, summary or annotations even when GITHUB_ACTIONS=true")(
      "quiet,q", po::bool_switch(&out.quiet), "no progress meter and no text report")(
      "verbose,v", po::bool_switch(&out.verbose), "list passing checks too");
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    auto parsed =
        po::command_line_parser(args)
            .options(desc)
            .positional(positional)
            .style(po::command_line_style::unix_style ^ po::command_line_style::allow_guessing)
            .run();
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::string opt = e.get_option_name();
    std::vector<std::string> known;
    for (const auto& o : desc.options()) known.push_back("--" + o->long_name());
    std::string suggestion = nearest(opt, known);
    throw usage_error("unknown option " + opt,
                      suggestion.empty() ? "see --help" : "did you mean " + suggestion + "?");
  } catch (const po::too_many_positional_options_error&) {
    throw usage_error("too many arguments", "see --help");
  } catch (const po::error& e) {
    throw usage_error(e.what(), "see --help");
  }
  return vm;
}

std::optional<ExitCode> top_level_help(const std::vector<std::string>& args, Io& io,
                                       std::string_view usage) {
  if (!args.empty() && args[0] != "--help" && args[0] != "-h" && args[0] != "help") {
    return std::nullopt;
  }
  io.out << usage;
  return args.empty() ? ExitCode::kUsage : ExitCode::kPass;
}

std::string version_line(std::string_view tool) {
  return std::string(tool) + " " + std::string(version()) + " (commit " +
         std::string(git_commit()) + ")";
}

int run_tool(std::string_view tool, std::span<const char* const> argv, Io& io,
             const std::function<ExitCode(const std::vector<std::string>& args, Io& io)>& body) {
  std::vector<std::string> args;
  for (std::size_t i = 1; i < argv.size(); ++i) args.emplace_back(argv[i]);
  if (args.size() == 1 && args[0] == "--version") {
    io.out << version_line(tool) << "\n";
    io.out.flush();
    return io.out ? 0 : to_int(ExitCode::kCannotEvaluate);
  }
  clear_reads();  // what this run reads is what its record signs
  disarm_error_report();
  // Messages quote data (file names, values, server answers): shielded in GitHub mode.
  const bool github = io.github_actions();
  auto say = [&](const std::string& line) {
    io.err << shield_untrusted(std::string(tool) + ": error: " + line + "\n", github);
    io.err.flush();
  };
  // An error ends the run: its message on stderr and, once the command armed it, in the
  // --junit report, so a CI's JUnit view shows why. The exit code stays the error's.
  auto fail = [&](ExitCode code, const std::string& message) {
    say(message);
    try {
      write_error_report(tool, code, message, io);
    } catch (const Error& e) {
      say("the JUnit report of this error was not written either: " + e.message());
    } catch (const std::exception& e) {
      say(std::string("the JUnit report of this error was not written either: ") + e.what());
    }
    return to_int(code);
  };
  try {
    ExitCode code = body(args, io);
    // Whatever the tool wrote to stdout must have arrived: a report lost to a full disk or
    // a closed pipe is not a pass.
    io.out.flush();
    if (!io.out) {
      return fail(ExitCode::kCannotEvaluate,
                  "cannot write to the standard output, check that it is open (not a closed "
                  "pipe) and that the disk has room");
    }
    return to_int(code);
  } catch (const Error& e) {
    return fail(e.code(), e.message());
  } catch (const std::bad_alloc&) {
    return fail(ExitCode::kCannotEvaluate, "out of memory, the gate could not be evaluated");
  } catch (const std::exception& e) {
    return fail(ExitCode::kCannotEvaluate,
                std::string(e.what()) + ", the gate could not be evaluated");
  }
}

}  // namespace mlops::cli
