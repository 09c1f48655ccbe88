#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "attest/audit_log.h"
#include "cli/io.h"
#include "core/exit_code.h"

namespace mlops::attest {

// `mlops-attest verify|audit-verify ...`'s command line (docs/attestations.md), read and checked.
struct AttestOptions {
  enum class Command { kVerify, kAuditVerify };
  Command command = Command::kVerify;
  std::string file;  // the envelope (verify) or the audit log (audit-verify)
  std::string pub;   // verify: the signer's public key
  // verify: where the subjects' files are re-hashed; nullopt with --signature-only.
  std::optional<std::string> subjects_under;
  std::optional<audit::Anchor> anchor;  // audit-verify --anchor
};

// Reads `args` (the arguments after the program name, the command first) into options, with
// every usage check (exit 2): the options, the input file, --pub, --base-dir against
// --signature-only, the anchor and the command. Prints the usage and returns nullopt for no
// arguments (mlops-attest then exits 2) and for --help (exit 0).
std::optional<AttestOptions> parse_attest_options(const std::vector<std::string>& args,
                                                  cli::Io& io);

// Runs the verification (attest/verify.h), its human report streamed to `out` line by line
// (what was checked stays shown when a later check ends the run in an Error): kPass when
// everything verifies, kFail when a signature, type, subject or chain check fails.
ExitCode run_attest(const AttestOptions& options, std::ostream& out);

// `mlops-attest ...`, callable in-process with the arguments after the program name.
ExitCode mlops_attest(const std::vector<std::string>& args, cli::Io& io);

}  // namespace mlops::attest
