// The MLflow client's response parsing: every endpoint answers the fuzz input as its body
// (with the status taken from the first byte).
#include "canned_client.h"
#include "fuzz_util.h"
#include "gate/mlflow.h"

using mlops::fuzz::Canned;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const long kStatus[] = {200, 200, 200, 400, 401, 404, 500};
  Canned transport(kStatus[data[0] % 7], mlops::fuzz::text(data + 1, size - 1));
  mlops::gate::MlflowClient client("http://127.0.0.1:5000", {}, transport);
  mlops::fuzz::run_one([&] { client.run("run"); });
  mlops::fuzz::run_one([&] { client.version_by_alias("m", "champion"); });
  mlops::fuzz::run_one([&] { client.latest_version("m", "Production"); });
  mlops::fuzz::run_one([&] { client.version_for_run("m", "run"); });
  mlops::fuzz::run_one([&] { client.set_alias("m", "a", "1"); });
  mlops::fuzz::run_one([&] { client.delete_run_tag("run", "metric_gate_reason"); });
  return 0;
}
