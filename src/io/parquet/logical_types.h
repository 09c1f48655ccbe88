#pragma once

// A column's logical type (or, in files without one, its legacy converted type) applied to how
// its values are rendered, as LogicalTypes.md defines them: the physical type each annotation
// may have, DECIMAL's precision and scale, INT's bit width and sign, the units and UTC
// adjustment of TIME and TIMESTAMP, and which columns hold UTF-8 text.

#include "io/parquet/schema.h"
#include "parquet_types.h"

namespace mlops::io::parquet {

// Sets c.render (from c.physical's) and the fields its annotation needs. Throws Corrupt for an
// annotation on a physical type it cannot have or with parameters the specification forbids,
// Unsupported for a type the reader does not render (INTERVAL, VARIANT, GEOMETRY, a logical
// type newer than the reader's specification...).
void annotate(const format::SchemaElement& e, Column& c);

}  // namespace mlops::io::parquet
