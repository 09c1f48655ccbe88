#include "io/type_infer.h"

#include "io/value_parse.h"

namespace mlops::io {

std::string_view to_string(DataType type) {
  switch (type) {
    case DataType::kBoolean:
      return "boolean";
    case DataType::kInteger:
      return "integer";
    case DataType::kNumber:
      return "number";
    case DataType::kDate:
      return "date";
    case DataType::kDatetime:
      return "datetime";
    case DataType::kString:
      return "string";
  }
  return "string";
}

std::optional<DataType> parse_data_type(std::string_view name) {
  for (DataType t : {DataType::kBoolean, DataType::kInteger, DataType::kNumber, DataType::kDate,
                     DataType::kDatetime, DataType::kString}) {
    if (to_string(t) == name) return t;
  }
  return std::nullopt;
}

void TypeInferrer::declare_from(const TableReader& reader) {
  const std::size_t n = reader.columns().size();
  if (columns_.size() < n) columns_.resize(n);
  for (std::size_t i = 0; i < n; ++i) columns_[i].declared = reader.declared_type(i);
}

void TypeInferrer::observe(const Row& row) {
  if (columns_.size() < row.fields.size()) columns_.resize(row.fields.size());
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    const Field& f = row.fields[i];
    Candidates& c = columns_[i];
    if (f.null) {
      ++c.nulls;
      continue;
    }
    ++c.values;
    if (c.declared) continue;
    if (c.boolean && !parse_boolean(f.text)) c.boolean = false;
    if (c.integer && !parse_integer(f.text)) c.integer = false;
    if (c.number && !c.integer && !parse_number(f.text)) c.number = false;
    bool is_date = (c.date || c.datetime) && parse_date(f.text).has_value();
    if (c.date && !is_date) c.date = false;
    if (c.datetime && !is_date && !parse_datetime(f.text)) c.datetime = false;
  }
}

DataType TypeInferrer::type(std::size_t column) const {
  if (column < columns_.size() && columns_[column].declared) return *columns_[column].declared;
  if (column >= columns_.size() || columns_[column].values == 0) return DataType::kString;
  const Candidates& c = columns_[column];
  if (c.boolean) return DataType::kBoolean;
  if (c.integer) return DataType::kInteger;
  if (c.number) return DataType::kNumber;
  if (c.date) return DataType::kDate;
  if (c.datetime) return DataType::kDatetime;
  return DataType::kString;
}

std::vector<DataType> TypeInferrer::types() const {
  std::vector<DataType> out;
  for (std::size_t i = 0; i < columns_.size(); ++i) out.push_back(type(i));
  return out;
}

std::uint64_t TypeInferrer::nulls(std::size_t column) const {
  return column < columns_.size() ? columns_[column].nulls : 0;
}

std::uint64_t TypeInferrer::values(std::size_t column) const {
  return column < columns_.size() ? columns_[column].values : 0;
}

}  // namespace mlops::io
