#include "core/file.h"

#include <fstream>

#include "core/error.h"

namespace mlops {

void write_file(const std::string& path, std::string_view text, bool append, const char* what) {
  std::ofstream f(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  f << text;
  f.flush();
  if (!f) {
    throw input_error(std::string("cannot write the ") + what + " to " + path,
                      "check that the directory exists and is writable");
  }
}

}  // namespace mlops
