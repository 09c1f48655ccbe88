#pragma once

// A Parquet schema (a tree: groups and primitive leaves, one column chunk per leaf) as the
// columns of a table with one value per row (io/parquet/schema.h's Column):
//   - a leaf under structs only (groups that are required or optional) is a column named by
//     its dotted path ("a.b.c"); its definition levels count the optional fields on the path,
//     and any level below the maximum is a null (a null struct makes its fields null);
//   - a list, a map or any other repeated field can hold several values per row: it is ONE
//     column (named by the LIST/MAP-annotated group, or by the repeated field when nothing
//     annotates it), not readable, covering all its leaves;
//   - a leaf of a type the reader does not render is a column that is not readable;
//   - a name that another column already has is not readable (a top-level "a.b" and a
//     struct a's field b).
// Damage (children counts that do not add up, a primitive without a type) throws Corrupt;
// schemas nested too deep or with too long names throw Unsupported.

#include <cstddef>
#include <vector>

#include "io/parquet/schema.h"
#include "parquet_types.h"

namespace mlops::io::parquet {

struct Schema {
  std::vector<Column> columns;  // in the schema's order
  std::size_t leaves = 0;       // column chunks per row group
};

// The table columns of a file's schema (FileMetaData::schema: the root, then depth first).
Schema flatten_schema(const std::vector<format::SchemaElement>& elements);

}  // namespace mlops::io::parquet
