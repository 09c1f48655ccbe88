// mlops-attest: verifies the attestations and audit logs the gates write (docs/attestations.md).
#include <iostream>

#include "attest/command.h"
#include "cli/app.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto io = mlops::cli::Io::process();
  return mlops::cli::run_tool("mlops-attest", {argv, static_cast<std::size_t>(argc)}, io,
                              mlops::attest::mlops_attest);
}
