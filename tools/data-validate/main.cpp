// data-validate: is this dataset what its contract says it is? (docs/data-validate.md)
#include <iostream>

#include "cli/app.h"
#include "validate/command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto io = mlops::cli::Io::process();
  return mlops::cli::run_tool("data-validate", {argv, static_cast<std::size_t>(argc)}, io,
                              mlops::validate::data_validate);
}
