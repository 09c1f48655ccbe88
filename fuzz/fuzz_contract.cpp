// data-validate's contract loader on arbitrary YAML.
#include "fuzz_util.h"
#include "validate/contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one(
      [&] { mlops::validate::parse_contract(mlops::fuzz::text(data, size), "fuzz.yaml"); });
}
