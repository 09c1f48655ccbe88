#pragma once

#include <string_view>

namespace mlops {

// The project version and the git commit the binary was built from ("unknown" outside a
// checkout, suffixed "-dirty" when tracked files had changes).
std::string_view version();
std::string_view git_commit();

}  // namespace mlops
