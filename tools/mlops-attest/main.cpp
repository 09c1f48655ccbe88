// mlops-attest: verifies the attestations and audit logs the gates write (docs/attestations.md).
//   mlops-attest verify ENVELOPE --pub PUB.pem [--base-dir DIR | --signature-only]
//   mlops-attest audit-verify LOG [--anchor SEQ:SHA256]
#include <iostream>
#include <optional>

#include "attest/verify.h"
#include "cli/app.h"
#include "core/error.h"

namespace {

namespace po = mlops::cli::po;
using mlops::ExitCode;

constexpr const char* kUsage =
    "usage: mlops-attest verify ENVELOPE --pub PUB.pem [--base-dir DIR | --signature-only]\n"
    "       mlops-attest audit-verify LOG [--anchor SEQ:SHA256]\n"
    "\n"
    "Exit 0 verified, 1 a signature, payload type, subject digest or audit chain check failed,\n"
    "2 bad usage or key, 3 an input unreadable or malformed.\n";

ExitCode run(const std::vector<std::string>& args, mlops::cli::Io& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    io.out << kUsage;
    return args.empty() ? ExitCode::kUsage : ExitCode::kPass;
  }
  std::string file, pub, base_dir, anchor;
  bool signature_only = false;
  po::options_description desc("mlops-attest options");
  desc.add_options()("help,h", "show this help")("file", po::value(&file), "the input")(
      "pub", po::value(&pub)->value_name("PUB.pem"), "verify: the signer's public key")(
      "base-dir", po::value(&base_dir)->value_name("DIR"),
      "verify: re-hash the subjects' files under DIR (default: the working directory)")(
      "signature-only", po::bool_switch(&signature_only),
      "verify: check the signature and the statement, not the subjects' files")(
      "anchor", po::value(&anchor)->value_name("SEQ:SHA256"),
      "audit-verify: the last line must be this one (from an attestation or a CI log)");
  po::positional_options_description positional;
  positional.add("file", 1);
  std::vector<std::string> rest(args.begin() + 1, args.end());
  auto vm = mlops::cli::parse(rest, desc, positional);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  if (file.empty()) throw mlops::usage_error("no input file given", "see mlops-attest --help");
  if (args[0] == "verify") {
    if (pub.empty()) throw mlops::usage_error("verify needs --pub PUB.pem");
    if (signature_only && vm.count("base-dir")) {
      throw mlops::usage_error("give --base-dir or --signature-only, not both");
    }
    // The subjects are checked unless that is explicitly declined: a verification that
    // skipped them silently would pass an attestation about files that have since changed.
    std::optional<std::string> subjects_under;
    if (!signature_only) subjects_under = vm.count("base-dir") ? base_dir : std::string(".");
    return mlops::attest::verify_command(file, pub, subjects_under, io.out);
  }
  if (args[0] == "audit-verify") {
    std::optional<mlops::attest::audit::Anchor> a;
    if (!anchor.empty()) a = mlops::attest::parse_anchor(anchor);
    return mlops::attest::audit_verify_command(file, a, io.out);
  }
  throw mlops::usage_error("unknown command '" + args[0] + "'", "use verify or audit-verify");
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto io = mlops::cli::Io::process();
  return mlops::cli::run_tool("mlops-attest", {argv, static_cast<std::size_t>(argc)}, io, run);
}
