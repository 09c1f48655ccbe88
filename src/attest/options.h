#pragma once

#include <boost/program_options/options_description.hpp>

#include "attest/recorder.h"

namespace mlops::attest {

// Adds --attest-key, --attest-out and --audit-log (docs/attestations.md) to a tool's options.
void add_record_options(boost::program_options::options_description& desc, RecordOptions& out);

// A subject for each input path that is a regular file ("-" and missing paths are skipped).
// The digest is the one taken while the tool read the file (crypto/read_ledger.h), so what is
// signed is what was judged; a file whose size, modification time or inode moved since it was
// read is an input Error (exit 3). A file no recorded reader read (none today of the data
// files; configs read by other loaders) is hashed from disk here.
std::vector<Subject> file_subjects(const std::vector<std::string>& paths);
Subject read_subject(const std::string& path);

// The SHA-256 of a config file, or "" when `path` is empty.
std::string config_digest(const std::string& path);

}  // namespace mlops::attest
