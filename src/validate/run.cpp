#include "validate/run.h"

#include "core/text.h"
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
  read.leave_out_unreadable = true;
  auto reader = io::open_table(options.data, read, io.in);
  std::string contract = infer_contract(*reader, options.sample_rows);
  for (std::size_t i : unreadable_columns(*reader)) {
    io.err << "data-validate: warning: column \"" << one_line(reader->columns()[i])
           << "\" left out of the contract: " << one_line(reader->unreadable(i))
           << "; a contract naming it makes check exit 3\n";
  }
  return contract;
}

}  // namespace mlops::validate
