#include "attest/statement.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "attest/dsse.h"
#include "core/error.h"
#include "core/text.h"
#include "crypto/sha256.h"
#include "json/write.h"

namespace mlops::attest {
namespace {

namespace json = boost::json;

constexpr std::string_view kKindAnnotation = "mlops-actions.dev/kind";
constexpr std::string_view kImageKind = "oci-image";

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The SHA-256 of a regular file, or why there is none.
struct FileDigest {
  std::string sha256;
  std::string error;  // empty on success
  bool missing = false;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

FileDigest hash_file(const std::string& path) {
  FileDigest out;
  // O_NONBLOCK: opening a FIFO named by a statement must not hang the verifier.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    out.missing = true;
    out.error = std::strerror(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    out.error = "not a regular file";
    return out;
  }
  crypto::Sha256 h;
  std::string buf(1 << 20, '\0');
  for (;;) {
    ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.missing = true;
      out.error = std::strerror(errno);
      return out;
    }
    if (n == 0) break;
    h.update(buf.data(), static_cast<std::size_t>(n));
  }
  out.sha256 = h.hex_digest();
  return out;
}

Error bad_statement(const std::string& what) {
  return input_error("the attested payload is not an in-toto Statement v1: " + what,
                     "it was not written by an mlops-actions binary");
}

}  // namespace

Subject file_subject(const std::string& path, const std::string& name) {
  FileDigest d = hash_file(path);
  if (!d.error.empty()) {
    throw input_error("cannot hash " + path + " for the attestation: " + d.error,
                      "attest a regular file that exists");
  }
  if (!name.empty()) return {name, d.sha256, false};
  return {std::filesystem::path(path).lexically_normal().string(), d.sha256, false};
}

Subject image_subject(std::string_view reference) {
  std::size_t at = reference.rfind('@');
  std::string_view digest = at == std::string_view::npos ? "" : reference.substr(at + 1);
  if (digest.substr(0, 7) != "sha256:" || !is_sha256_hex(digest.substr(7))) {
    throw usage_error("image " + mlops::quoted(reference) + " has no sha256 digest",
                      "attest an image by digest: REPOSITORY@sha256:<64 hex digits>");
  }
  std::string_view name = reference.substr(0, at);
  // Drop a tag ("repo:1.0"), not a registry port ("localhost:5000/repo").
  std::size_t colon = name.rfind(':');
  std::size_t slash = name.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    name = name.substr(0, colon);
  }
  if (name.empty())
    throw usage_error("image " + mlops::quoted(reference) + " has no repository name");
  return {std::string(name), std::string(digest.substr(7)), true};
}

std::string predicate_type(std::string_view tool) {
  bool valid = !tool.empty();
  for (char c : tool)
    valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!valid) throw std::invalid_argument("predicate_type: bad tool name " + mlops::quoted(tool));
  return "https://mlops-actions.dev/attestations/" + std::string(tool) + "/v1";
}

json::object subject_json(const Subject& subject) {
  json::object o;
  o["name"] = subject.name;
  o["digest"] = json::object{{"sha256", subject.sha256}};
  if (subject.is_image) o["annotations"] = json::object{{kKindAnnotation, kImageKind}};
  return o;
}

std::string make_statement(const std::vector<Subject>& subjects, std::string_view type,
                           const json::value& predicate) {
  if (subjects.empty()) {
    throw input_error("nothing to attest: the decision judged no file or image",
                      "an attestation needs at least one subject");
  }
  json::array subject_list;
  for (const Subject& s : subjects) {
    if (!is_sha256_hex(s.sha256)) {
      throw std::invalid_argument("make_statement: subject " + mlops::quoted(s.name) +
                                  " has no SHA-256 hex digest");
    }
    subject_list.emplace_back(subject_json(s));
  }
  json::object statement;
  statement["_type"] = kStatementType;
  statement["subject"] = std::move(subject_list);
  statement["predicateType"] = type;
  statement["predicate"] = predicate;
  return mlops::json::serialize(statement);
}

Statement parse_statement(std::string_view text) {
  json::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) throw bad_statement("not JSON (" + ec.message() + ")");
  const json::object* o = doc.if_object();
  if (o == nullptr) throw bad_statement("not a JSON object");
  const json::value* type = o->if_contains("_type");
  if (type == nullptr || !type->is_string() || type->get_string() != kStatementType) {
    throw bad_statement("\"_type\" is not \"" + std::string(kStatementType) + "\"");
  }
  Statement st;
  const json::value* pt = o->if_contains("predicateType");
  if (pt == nullptr || !pt->is_string()) throw bad_statement("no \"predicateType\" string");
  st.predicate_type = pt->get_string();
  if (const json::value* p = o->if_contains("predicate"); p != nullptr) st.predicate = *p;

  const json::value* subjects = o->if_contains("subject");
  if (subjects == nullptr || !subjects->is_array() || subjects->get_array().empty()) {
    throw bad_statement("\"subject\" is missing, not a list, or empty");
  }
  std::size_t index = 0;
  for (const json::value& v : subjects->get_array()) {
    std::string where = "subject " + std::to_string(++index);
    const json::object* s = v.if_object();
    if (s == nullptr) throw bad_statement(where + " is not an object");
    Subject subject;
    const json::value* name = s->if_contains("name");
    if (name == nullptr || !name->is_string() || name->get_string().empty()) {
      throw bad_statement(where + " has no name");
    }
    subject.name = name->get_string();
    const json::value* digest = s->if_contains("digest");
    const json::value* sha = digest != nullptr && digest->is_object()
                                 ? digest->get_object().if_contains("sha256")
                                 : nullptr;
    if (sha == nullptr || !sha->is_string() || !is_sha256_hex(sha->get_string())) {
      throw bad_statement(where + " (" + mlops::quoted(subject.name) +
                          ") has no sha256 digest of 64 lower-case hex digits");
    }
    subject.sha256 = sha->get_string();
    if (const json::value* a = s->if_contains("annotations"); a != nullptr && a->is_object()) {
      const json::value* kind = a->get_object().if_contains(kKindAnnotation);
      subject.is_image = kind != nullptr && kind->is_string() && kind->get_string() == kImageKind;
    }
    st.subjects.push_back(std::move(subject));
  }
  return st;
}

std::string attest_decision(std::string_view tool, const std::vector<Subject>& subjects,
                            json::object predicate, const Signer& signer) {
  const json::value* decision = predicate.if_contains("decision");
  if (decision == nullptr || !decision->is_string()) {
    throw std::invalid_argument("attest_decision: the predicate has no \"decision\" string");
  }
  if (!predicate.contains("tool")) predicate["tool"] = tool;
  std::string statement = make_statement(subjects, predicate_type(tool), predicate);
  return sign_envelope(kInTotoPayloadType, statement, signer);
}

std::string_view status_name(SubjectStatus status) {
  switch (status) {
    case SubjectStatus::kMatch:
      return "match";
    case SubjectStatus::kMismatch:
      return "mismatch";
    case SubjectStatus::kMissing:
      return "missing";
    case SubjectStatus::kSkipped:
      return "skipped";
  }
  return "unknown";
}

bool SubjectReport::ok() const {
  for (const SubjectCheck& c : checks) {
    if (c.status == SubjectStatus::kMismatch || c.status == SubjectStatus::kMissing) return false;
  }
  return true;
}

SubjectReport verify_subjects(const Statement& statement, const std::string& base_dir) {
  SubjectReport report;
  for (const Subject& s : statement.subjects) {
    SubjectCheck check;
    check.subject = s;
    if (s.is_image) {
      check.status = SubjectStatus::kSkipped;
      check.detail = "an image: its digest is checked in the registry, e.g. by cosign";
      report.checks.push_back(std::move(check));
      continue;
    }
    std::filesystem::path p(s.name);
    if (p.is_relative() && !base_dir.empty()) p = std::filesystem::path(base_dir) / p;
    check.path = p.string();
    if (s.name.find('\0') != std::string::npos) {
      check.status = SubjectStatus::kMissing;
      check.detail = "the name holds a NUL byte";
      report.checks.push_back(std::move(check));
      continue;
    }
    FileDigest d = hash_file(check.path);
    check.actual_sha256 = d.sha256;
    if (!d.error.empty()) {
      check.status = d.missing ? SubjectStatus::kMissing : SubjectStatus::kMismatch;
      check.detail = d.error;
    } else if (d.sha256 != s.sha256) {
      check.status = SubjectStatus::kMismatch;
      check.detail = "the file's SHA-256 is " + d.sha256 + ", the attestation says " + s.sha256;
    } else {
      check.status = SubjectStatus::kMatch;
    }
    report.checks.push_back(std::move(check));
  }
  return report;
}

SubjectReport verify_subjects(std::string_view statement_json, const std::string& base_dir) {
  return verify_subjects(parse_statement(statement_json), base_dir);
}

}  // namespace mlops::attest
