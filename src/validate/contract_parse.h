#pragma once

// Internal to the contract loader: shared pieces of contract.cpp, contract_columns.cpp and
// contract_rules.cpp.

#include "config/node.h"
#include "validate/contract.h"

namespace mlops::validate::detail {

Severity read_severity(const config::Node& n);
Policy read_policy(const config::Node& n);
Range read_range(const config::Node& n, Severity fallback);
// `mostly:` (absent: nullopt), a fraction above 0 and at most 1.
std::optional<double> read_mostly(const config::Node& n);
void read_column(const std::string& name, const config::Node& n, ColumnSpec& col);
Rule read_rule(const config::Node& n, const Contract& c, Severity fallback);

}  // namespace mlops::validate::detail
