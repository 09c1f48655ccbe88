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

namespace {

// How every command line is read: GNU-style long and short options, no abbreviations.
constexpr int kStyle = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;

// After `args` failed to parse against `desc`, arms the errored JUnit report at the --junit
// path the same parser reads in them: the options of `desc` take their values exactly as in
// the failed parse, unknown options are kept aside rather than fatal, and no value is
// converted. A reading that fails even so (an option without its value at the end), or none
// or two --junit, arm nothing.
void arm_report_of_unparsed(const std::vector<std::string>& args,
                            const po::options_description& desc) {
  if (desc.find_nothrow("junit", false) == nullptr) return;
  std::vector<po::option> read;
  try {
    read = po::command_line_parser(args)
               .options(desc)
               .style(kStyle)
               .allow_unregistered()
               .run()
               .options;
  } catch (const po::error&) {
    return;
  }
  std::vector<std::string> junit, others;
  for (const po::option& o : read) {
    std::vector<std::string>& to = !o.unregistered && o.string_key == "junit" ? junit : others;
    to.insert(to.end(), o.value.begin(), o.value.end());
  }
  if (junit.size() == 1) arm_error_report_unparsed(junit.front(), others);
}

Error usage_error_of(const po::error& e, const po::options_description& desc) {
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&e)) {
    std::string opt = unknown->get_option_name();
    std::vector<std::string> known;
    for (const auto& o : desc.options()) known.push_back("--" + o->long_name());
    std::string suggestion = nearest(opt, known);
    return usage_error("unknown option " + opt,
                       suggestion.empty() ? "see --help" : "did you mean " + suggestion + "?");
  }
  if (dynamic_cast<const po::too_many_positional_options_error*>(&e) != nullptr) {
    return usage_error("too many arguments", "see --help");
  }
  return usage_error(e.what(), "see --help");
}

}  // namespace

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    auto parsed =
        po::command_line_parser(args).options(desc).positional(positional).style(kStyle).run();
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    arm_report_of_unparsed(args, desc);
    throw usage_error_of(e, desc);
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
  // --junit report, so a CI's JUnit view shows why; a report an earlier run left at another
  // output path is taken away, so that none passes for this run's. The exit code stays the
  // error's.
  auto fail = [&](ExitCode code, const std::string& message) {
    say(message);
    try {
      write_error_report(tool, code, message, io);
    } catch (const Error& e) {
      say("the JUnit report of this error was not written either: " + e.message());
    } catch (const std::exception& e) {
      say(std::string("the JUnit report of this error was not written either: ") + e.what());
    }
    for (const std::string& problem : remove_stale_outputs()) say(problem);
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
