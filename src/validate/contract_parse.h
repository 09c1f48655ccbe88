#pragma once

// Internal to the contract loader: shared pieces of contract.cpp, contract_columns.cpp and
// contract_rules.cpp.

#include "config/node.h"
#include "validate/contract.h"

namespace mlops::validate::detail {

Severity read_severity(const config::Node& n);
Policy read_policy(const config::Node& n);
Range read_range(const config::Node& n, Severity fallback);
void read_column(const std::string& name, const config::Node& n, ColumnSpec& col);
Rule read_rule(const config::Node& n, const Contract& c, Severity fallback);

}  // namespace mlops::validate::detail
