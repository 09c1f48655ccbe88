#pragma once

#include <string>

#include "core/read_ledger.h"

namespace mlops::crypto {

// Reads a whole file as text, hashing it and recording the read (core/read_ledger.h) whether
// or not the ledger is enabled; the file's stat before and after the read must agree, else an
// input Error (exit 3) says it changed while it was read. A file that cannot be opened or read
// is an input Error too.
std::string read_whole_file(const std::string& path);

}  // namespace mlops::crypto
