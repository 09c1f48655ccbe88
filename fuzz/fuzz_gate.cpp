// metric-gate's rules loader and metrics-file parser on arbitrary text, then the evaluation of
// whatever both accept.
#include "fuzz_util.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "gate/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input = mlops::fuzz::text(data, size);
  // One input feeds both parsers: the part before the first NUL is the rules, the rest metrics.
  std::size_t split = input.find('\0');
  std::string rules_text = input.substr(0, split);
  std::string metrics_text = split == std::string::npos ? input : input.substr(split + 1);
  return mlops::fuzz::run_one([&] {
    mlops::gate::MetricSet metrics = mlops::gate::parse_metrics(metrics_text, "m.json");
    mlops::gate::Rules rules = mlops::gate::parse_rules(rules_text, "gate.yaml");
    mlops::gate::evaluate(rules, metrics, &metrics);
  });
}
