#include "attest/verify.h"

#include <boost/json.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "core/text.h"

namespace mlops::attest {
namespace {

namespace json = boost::json;

// Reports are embedded, so envelopes can be large; beyond this the file is not one of ours.
constexpr std::size_t kMaxEnvelopeBytes = std::size_t{256} * 1024 * 1024;

std::string read_envelope(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw input_error("cannot read the attestation " + path + ": " + std::strerror(errno),
                      "check the path");
  }
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxEnvelopeBytes) {
      throw input_error("the attestation " + path + " is larger than 256 MiB",
                        "check that it is an envelope written by --attest-out");
    }
  }
  if (in.bad()) throw input_error("cannot read the attestation " + path, "check the file");
  return text;
}

std::string decision_of(const Statement& st) {
  const json::object* p = st.predicate.if_object();
  const json::value* d = p != nullptr ? p->if_contains("decision") : nullptr;
  return d != nullptr && d->is_string() ? std::string(d->get_string()) : std::string("?");
}

}  // namespace

AttestationCheck check_attestation(const std::string& envelope_path, const Verifier& verifier,
                                   const std::optional<std::string>& base_dir,
                                   std::string_view expected_predicate_type) {
  AttestationCheck check;
  check.envelope = verify_envelope(read_envelope(envelope_path), verifier, kInTotoPayloadType);
  check.statement = parse_statement(check.envelope.payload);
  if (!expected_predicate_type.empty() &&
      check.statement.predicate_type != expected_predicate_type) {
    throw Error(ExitCode::kFail,
                "the attestation's predicateType is " +
                    mlops::quoted(check.statement.predicate_type, 200) + ", expected " +
                    mlops::quoted(expected_predicate_type, 200),
                "it attests another tool's decision");
  }
  if (base_dir) check.subjects = verify_subjects(check.statement, *base_dir);
  return check;
}

std::optional<audit::Anchor> audit_anchor(const Statement& statement) {
  const json::object* p = statement.predicate.if_object();
  const json::value* a = p != nullptr ? p->if_contains("audit") : nullptr;
  if (a == nullptr || !a->is_object()) return std::nullopt;
  const json::value* seq = a->get_object().if_contains("seq");
  const json::value* hash = a->get_object().if_contains("line_sha256");
  if (seq == nullptr || hash == nullptr || !hash->is_string()) return std::nullopt;
  audit::Anchor anchor;
  if (seq->is_uint64()) {
    anchor.seq = seq->get_uint64();
  } else if (seq->is_int64() && seq->get_int64() > 0) {
    anchor.seq = static_cast<std::uint64_t>(seq->get_int64());
  } else {
    return std::nullopt;
  }
  anchor.line_sha256 = hash->get_string();
  return anchor;
}

audit::Anchor parse_anchor(std::string_view text) {
  audit::Anchor a;
  std::size_t colon = text.find(':');
  std::string_view seq = text.substr(0, colon);
  std::string_view hash = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), a.seq);
  bool hex = hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (ec != std::errc() || end != seq.data() + seq.size() || a.seq == 0 || !hex) {
    throw usage_error("bad anchor " + mlops::quoted(text),
                      "write SEQ:SHA256 as audit-verify prints it, e.g. 12:<64 hex digits>");
  }
  a.line_sha256 = hash;
  return a;
}

ExitCode verify_command(const std::string& envelope_path, const std::string& public_key_path,
                        const std::optional<std::string>& base_dir, std::ostream& out) {
  Verifier verifier = Verifier::load(public_key_path);
  AttestationCheck check;
  try {
    check = check_attestation(envelope_path, verifier, base_dir);
  } catch (const Error& e) {
    if (e.code() != ExitCode::kFail) throw;
    out << "FAILED: " << e.message() << "\n";
    return ExitCode::kFail;
  }
  out << "signature: verified (" << algorithm_name(verifier.algorithm()) << ", keyid "
      << verifier.keyid() << ")\n";
  out << "statement: " << check.statement.predicate_type << ", decision "
      << mlops::quoted(decision_of(check.statement)) << "\n";
  std::size_t bad = 0, images = 0;
  if (check.subjects) {
    for (const SubjectCheck& c : check.subjects->checks) {
      bool failed = c.status == SubjectStatus::kMismatch || c.status == SubjectStatus::kMissing;
      bad += failed ? 1 : 0;
      images += c.status == SubjectStatus::kSkipped ? 1 : 0;
      out << "subject " << mlops::quoted(c.subject.name, 200) << ": " << status_name(c.status);
      if (!c.detail.empty()) out << " (" << c.detail << ")";
      out << "\n";
    }
  } else {
    out << "subjects: not checked (--signature-only)\n";
  }
  if (bad > 0) {
    out << "FAILED: " << bad << (bad == 1 ? " subject does" : " subjects do")
        << " not match the files on disk\n";
    return ExitCode::kFail;
  }
  // Every subject an image: the subject check asked for found nothing it could check.
  if (check.subjects && images == check.subjects->checks.size()) {
    throw input_error(
        "the attestation " + envelope_path + " names no file, only " + std::to_string(images) +
            (images == 1 ? " image" : " images") +
            ": nothing was verified beyond the signature (an image's digest is the registry's "
            "to check, e.g. by cosign)",
        "pass --signature-only to accept a verified signature alone");
  }
  out << "OK: " << envelope_path << " verifies\n";
  return ExitCode::kPass;
}

ExitCode audit_verify_command(const std::string& log_path,
                              const std::optional<audit::Anchor>& anchor, std::ostream& out) {
  audit::Verification v = audit::verify(log_path, anchor);
  if (!v.ok()) {
    out << "FAILED: audit log " << log_path << ": " << v.problem << "\n";
    return ExitCode::kFail;
  }
  if (v.records == 0) {
    // No chain to check; with an anchor, verify() already reported the missing lines.
    throw input_error(
        "the audit log " + log_path +
            " is empty: there is no record to verify (if records were written to "
            "it, it was truncated, which erases the history without breaking a chain)",
        "check it against a head kept elsewhere with --anchor SEQ:SHA256");
  }
  out << "OK: audit log " << log_path << ": " << v.records << " records, chain intact";
  if (anchor) out << ", anchor seq " << anchor->seq << " matches";
  out << "\n";
  out << "head: " << v.head.seq << ":" << v.head.line_sha256
      << " (keep it outside the log to detect a rewritten tail)\n";
  return ExitCode::kPass;
}

}  // namespace mlops::attest
