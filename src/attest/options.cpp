#include "attest/options.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/read_ledger.h"

namespace mlops::attest {

void add_record_options(boost::program_options::options_description& desc, RecordOptions& out) {
  namespace po = boost::program_options;
  desc.add_options()("attest-key", po::value(&out.attest_key)->value_name("KEY.pem|env:VAR"),
                     "sign an in-toto attestation of the decision with this Ed25519 or P-256 key")(
      "attest-out", po::value(&out.attest_out)->value_name("FILE"),
      "where to write the attestation (a DSSE envelope)")(
      "audit-log", po::value(&out.audit_log)->value_name("FILE"),
      "append the decision to this hash-chained audit log");
}

std::vector<Subject> file_subjects(const std::vector<std::string>& paths) {
  std::vector<Subject> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p.empty() || p == "-" || !std::filesystem::is_regular_file(p, ec)) continue;
    out.push_back(read_subject(p));
  }
  return out;
}

Subject read_subject(const std::string& path) {
  std::optional<FileRead> read = find_read(path);
  if (!read) return file_subject(path);  // not read through a recorded reader (see header)
  FileRead now;
  if (!stat_path(path, now) || !unchanged(*read, now)) {
    throw input_error(path + " changed after it was read (its size or modification time moved)",
                      "do not modify the inputs while a gate runs; the decision is not recorded");
  }
  // What was judged, not what the disk holds now.
  return {std::filesystem::path(path).lexically_normal().string(), read->sha256, false};
}

std::string config_digest(const std::string& path) {
  return path.empty() ? std::string() : read_subject(path).sha256;
}

}  // namespace mlops::attest
