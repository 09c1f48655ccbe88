#include "io/table.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace mlops::io {

std::function<bool(const std::string& name)> only_columns(std::vector<std::string> names) {
  return [names = std::move(names)](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
}

void require_values(const TableReader& reader, std::size_t column) {
  if (column < reader.columns().size() && !reader.has_values(column)) {
    throw std::logic_error(reader.name() + ": column \"" + reader.columns()[column] +
                           "\" is read but was not among the wanted columns");
  }
}

}  // namespace mlops::io
