#include "io/table.h"

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <utility>

namespace mlops::io {

std::function<bool(const std::string& name)> only_columns(std::vector<std::string> names) {
  return [names = std::move(names)](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
}

std::uint32_t new_dictionary_id() {
  // 2^32 dictionaries in one process would wrap around; 0 stays "no dictionary".
  static std::atomic<std::uint32_t> last{0};
  std::uint32_t id = ++last;
  while (id == 0) id = ++last;
  return id;
}

bool TableReader::next_batch(Batch& batch, std::size_t max_rows) {
  (void)batch;
  (void)max_rows;
  throw std::logic_error(name() + ": this reader reads rows one at a time (next_batch)");
}

void require_values(const TableReader& reader, std::size_t column) {
  if (column < reader.columns().size() && !reader.has_values(column)) {
    throw std::logic_error(reader.name() + ": column \"" + reader.columns()[column] +
                           "\" is read but was not among the wanted columns");
  }
}

}  // namespace mlops::io
