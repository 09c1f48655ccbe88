#include "tag/model_digest.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/read_ledger.h"
#include "crypto/sha256.h"

namespace mlops::tag {
namespace {

namespace fs = std::filesystem;

// Hashes while reading and, when the decision is recorded, records the read
// (core/read_ledger.h), so an attestation signs the digest of these bytes, not of whatever the disk
// holds after the decision.
std::string hash_file(const fs::path& path, std::uint64_t& size) {
  FileRead before;
  std::ifstream in(path, std::ios::binary);
  if (!in || !stat_path(path.string(), before)) {
    throw input_error("cannot read model file " + path.string(), "check its permissions");
  }
  crypto::Sha256 h;
  std::vector<char> buf(1 << 20);
  size = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto got = static_cast<std::size_t>(in.gcount());
    h.update(buf.data(), got);
    size += got;
  }
  if (in.bad()) throw input_error("error reading model file " + path.string());
  FileRead after;
  if (!stat_path(path.string(), after) || !unchanged(before, after) || after.size != size) {
    throw input_error("model file " + path.string() + " changed while it was read",
                      "do not modify the model while its tag is computed");
  }
  after.sha256 = h.hex_digest();
  if (read_ledger_enabled()) record_read(path.string(), after);
  return after.sha256;
}

// The path as the digest names it: relative, '/'-separated, without "./" segments.
std::string canonical_name(const fs::path& p) {
  std::string out;
  for (const fs::path& part : p.lexically_normal()) {
    std::string s = part.generic_string();
    if (s.empty() || s == ".") continue;
    if (s == "..") {
      throw usage_error("model file path " + p.string() + " leaves its directory",
                        "give paths inside the model directory");
    }
    out += (out.empty() ? "" : "/") + s;
  }
  return out;
}

void refuse_symlink(const fs::path& p) {
  if (fs::is_symlink(fs::symlink_status(p))) {
    throw usage_error("model path " + p.string() + " is a symbolic link",
                      "a link's target differs between machines; copy the file instead");
  }
}

}  // namespace

ModelDigest model_digest(const std::vector<std::string>& dirs,
                         const std::vector<std::string>& files, const std::string& git) {
  ModelDigest d;
  std::vector<std::pair<std::string, fs::path>> found;  // digest name, where to read it
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      throw usage_error("--model-dir " + dir + " is not a directory", "check the path");
    }
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      refuse_symlink(it->path());
      if (!it->is_regular_file()) continue;
      std::string name = canonical_name(fs::relative(it->path(), dir));
      if (dirs.size() > 1) name = canonical_name(fs::path(dir).filename()) + "/" + name;
      found.emplace_back(name, it->path());
    }
    if (ec) throw input_error("cannot list " + dir + ": " + ec.message());
  }
  for (const std::string& file : files) {
    refuse_symlink(file);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      throw usage_error("--model-file " + file + " is not a regular file", "check the path");
    }
    found.emplace_back(
        canonical_name(fs::path(file).is_absolute() ? fs::path(file).filename() : fs::path(file)),
        file);
  }
  if (found.empty()) {
    throw usage_error("the model has no files", "give --model-dir with files or --model-file");
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < found.size(); ++i) {
    if (found[i].first == found[i - 1].first) {
      throw usage_error("two model files are both named " + found[i].first + " in the digest",
                        "give them distinct relative paths");
    }
  }
  crypto::Sha256 h;
  h.update("mlops-actions model digest v1\n");
  if (!git.empty()) {
    d.git = git;
    h.update("git " + git + "\n");
  }
  for (const auto& [name, path] : found) {
    ModelFile f;
    f.path = name;
    f.sha256 = hash_file(path, f.size);
    h.update(f.path);
    h.update(std::string_view("\0", 1));
    h.update(std::to_string(f.size));
    h.update(std::string_view("\0", 1));
    h.update(f.sha256 + "\n");
    d.files.push_back(std::move(f));
  }
  d.sha256 = h.hex_digest();
  return d;
}

}  // namespace mlops::tag
