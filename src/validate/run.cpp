#include "validate/run.h"

#include "io/open_table.h"
#include "validate/contract.h"
#include "validate/html.h"
#include "validate/infer.h"
#include "validate/validator.h"

namespace mlops::validate {

CheckOutcome run_check(const CheckOptions& options, const cli::Io& io) {
  const Contract contract = load_contract(options.contract_path);
  const Result result = run_validation(contract, options.validate, io.in, io.err);
  CheckOutcome outcome{build_outcome(contract, result, options.fail_on_warning), {}};
  if (!options.out.html.empty()) outcome.html = to_html(contract, result, outcome.reports);
  return outcome;
}

std::string run_infer(const InferOptions& options, const cli::Io& io) {
  io::ReadOptions read;
  read.remote = options.remote;
  auto reader = io::open_table(options.data, read, io.in);
  return infer_contract(*reader, options.sample_rows);
}

}  // namespace mlops::validate
