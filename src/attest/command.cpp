#include "attest/command.h"

#include "attest/verify.h"
#include "cli/app.h"
#include "core/error.h"

namespace mlops::attest {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: mlops-attest verify ENVELOPE --pub PUB.pem [--base-dir DIR | --signature-only]\n"
    "       mlops-attest audit-verify LOG [--anchor SEQ:SHA256]\n"
    "\n"
    "Exit 0 verified, 1 a signature, payload type, subject digest or audit chain check failed,\n"
    "2 bad usage or key, 3 an input unreadable or malformed.\n";

}  // namespace

std::optional<AttestOptions> parse_attest_options(const std::vector<std::string>& args,
                                                  cli::Io& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    io.out << kUsage;
    return std::nullopt;
  }
  AttestOptions o;
  std::string base_dir, anchor;
  bool signature_only = false;
  po::options_description desc("mlops-attest options");
  desc.add_options()("help,h", "show this help")("file", po::value(&o.file), "the input")(
      "pub", po::value(&o.pub)->value_name("PUB.pem"), "verify: the signer's public key")(
      "base-dir", po::value(&base_dir)->value_name("DIR"),
      "verify: re-hash the subjects' files under DIR (default: the working directory)")(
      "signature-only", po::bool_switch(&signature_only),
      "verify: check the signature and the statement, not the subjects' files")(
      "anchor", po::value(&anchor)->value_name("SEQ:SHA256"),
      "audit-verify: the last line must be this one (from an attestation or a CI log)");
  po::positional_options_description positional;
  positional.add("file", 1);
  auto vm = cli::parse(std::vector<std::string>(args.begin() + 1, args.end()), desc, positional);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  if (o.file.empty()) throw usage_error("no input file given", "see mlops-attest --help");
  if (args[0] == "verify") {
    if (o.pub.empty()) throw usage_error("verify needs --pub PUB.pem");
    if (signature_only && vm.count("base-dir")) {
      throw usage_error("give --base-dir or --signature-only, not both");
    }
    // The subjects are checked unless that is explicitly declined: a verification that
    // skipped them silently would pass an attestation about files that have since changed.
    if (!signature_only) o.subjects_under = vm.count("base-dir") ? base_dir : std::string(".");
    return o;
  }
  if (args[0] == "audit-verify") {
    o.command = AttestOptions::Command::kAuditVerify;
    if (!anchor.empty()) o.anchor = parse_anchor(anchor);
    return o;
  }
  throw usage_error("unknown command '" + args[0] + "'", "use verify or audit-verify");
}

ExitCode run_attest(const AttestOptions& options, std::ostream& out) {
  if (options.command == AttestOptions::Command::kAuditVerify) {
    return audit_verify_command(options.file, options.anchor, out);
  }
  return verify_command(options.file, options.pub, options.subjects_under, out);
}

ExitCode mlops_attest(const std::vector<std::string>& args, cli::Io& io) {
  const std::optional<AttestOptions> options = parse_attest_options(args, io);
  if (!options) return args.empty() ? ExitCode::kUsage : ExitCode::kPass;  // the usage, printed
  return run_attest(*options, io.out);
}

}  // namespace mlops::attest
