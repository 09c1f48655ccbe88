#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace mlops::io {

std::string_view to_string(DataType type);
// The type to_string names `name` ("boolean", "integer", "number", "date", "datetime",
// "string"); nullopt for any other name, which the caller reports where it read it.
std::optional<DataType> parse_data_type(std::string_view name);

// Learns each column's type from the values it is shown: the most specific type every
// non-null value parses as (integer widens to number, date to datetime, anything to string).
// A column with only nulls is reported as string. A type the file states (Parquet) is taken
// as given, whatever the values look like.
class TypeInferrer {
 public:
  // Takes each type `reader` states for its columns (TableReader::declared_type) as given.
  void declare_from(const TableReader& reader);
  void observe(const Row& row);
  DataType type(std::size_t column) const;
  std::vector<DataType> types() const;
  std::uint64_t nulls(std::size_t column) const;
  std::uint64_t values(std::size_t column) const;

 private:
  struct Candidates {
    bool boolean = true, integer = true, number = true, date = true, datetime = true;
    std::optional<DataType> declared;
    std::uint64_t values = 0;
    std::uint64_t nulls = 0;
  };
  std::vector<Candidates> columns_;
};

}  // namespace mlops::io
