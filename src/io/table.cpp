#include "io/table.h"

#include <stdexcept>

namespace mlops::io {

void require_values(const TableReader& reader, std::size_t column) {
  if (column < reader.columns().size() && !reader.has_values(column)) {
    throw std::logic_error(reader.name() + ": column \"" + reader.columns()[column] +
                           "\" is read but was not among the wanted columns");
  }
}

}  // namespace mlops::io
