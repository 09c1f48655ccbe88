// metric-gate: is this trained model good enough to ship? (docs/metric-gate.md)
#include <iostream>

#include "cli/app.h"
#include "gate/command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto io = mlops::cli::Io::process();
  return mlops::cli::run_tool("metric-gate", {argv, static_cast<std::size_t>(argc)}, io,
                              mlops::gate::metric_gate);
}
