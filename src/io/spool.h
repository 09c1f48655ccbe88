#pragma once

#include <memory>
#include <string>

#include "io/chunk_buffer.h"
#include "io/parquet/parquet_reader.h"

namespace mlops::io {

// A Parquet file is read from its end, so one that arrives as a stream (standard input, a
// pipe, a compressed file) is first copied to a temporary file: in $TMPDIR (else /tmp),
// unlinked as soon as it is made, so that it is gone when the process ends however it ends.
// Memory stays at the buffer's chunk; the disk takes the whole file. Copies what `buffer`
// holds and the rest of its source; an input Error (exit 3) naming `name` and the directory
// when the file cannot be made or written (no space, not writable).
std::unique_ptr<RandomAccess> spool_to_temp_file(ChunkBuffer& buffer, const std::string& name);

}  // namespace mlops::io
