// The Prometheus client's response parsing: query_range over a transport answering the fuzz
// input as its body (with the status taken from the first byte), then every aggregation.
#include "canary/prometheus.h"
#include "canned_client.h"
#include "fuzz_util.h"

using mlops::fuzz::Canned;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const long kStatus[] = {200, 200, 200, 200, 400, 401, 422, 503};
  Canned transport(kStatus[data[0] % 8], mlops::fuzz::text(data + 1, size - 1));
  mlops::canary::PromOptions options{"http://127.0.0.1:9090", {}, {}};
  using mlops::canary::Aggregate;
  mlops::fuzz::run_one([&] {
    std::vector<std::string> warnings;
    auto series = mlops::canary::query_range(transport, options, "up", 0, 60, 15, &warnings);
    for (Aggregate how : {Aggregate::kReject, Aggregate::kConcat, Aggregate::kSumByTimestamp,
                          Aggregate::kMeanByTimestamp}) {
      mlops::fuzz::run_one([&] { mlops::canary::aggregate_values(series, how, "m"); });
    }
  });
  return 0;
}
