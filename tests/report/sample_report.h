#pragma once

#include "report/report.h"

namespace mlops::report::testing {

// A report with one check of every status, messages holding characters each format escapes.
inline Report sample_report() {
  Report r;
  r.tool = "data-validate";
  r.title = "data.csv against contract.yaml";
  r.exit = ExitCode::kFail;
  r.seconds = 1.25;
  r.checks = {
      {"age.type", "age", Status::kPass, "all values are integers", "0 bad", std::nullopt, 0.5},
      {"age.max", "age", Status::kFail, "3 values > 120, e.g. 150 & <200>", "150",
       Location{"data.csv", 17, 0}, 0},
      {"city.nulls", "city", Status::kWarn, "null fraction 0.031 > 0.01 | \"high\"", "0.031",
       std::nullopt, 0},
      {"freshness", "", Status::kSkip, "no timestamp column", "", std::nullopt, 0},
      {"id.unique", "id", Status::kError, "could not evaluate", "", std::nullopt, 0},
  };
  r.facts = {{"rows", "1000"}, {"fingerprint", "sha256:abc"}};
  return r;
}

}  // namespace mlops::report::testing
