#pragma once

#include <istream>
#include <memory>
#include <string>

#include "io/table.h"

namespace mlops::io {

class RemoteObject;

// Opens a table for streaming. The format comes from options.format, else from the file name
// (.csv, .tsv/.tab, .jsonl/.ndjson, .json; after stripping .gz/.zst), else from the content:
// '[' starts a JSON array, '{' JSON Lines, anything else CSV (TSV when the first line has a
// tab and no comma). "-" reads `stdin_stream`. Parquet is chosen by its magic whatever the
// name or format: read in place from a regular file, and from a stream (stdin, a pipe, a
// compressed file) through a temporary copy (io/spool.h). Throws an input Error (exit 3) when
// the file cannot be read or its header is malformed.
std::unique_ptr<TableReader> open_table(const std::string& path, const ReadOptions& options,
                                        std::istream& stdin_stream);

// open_table of an object (io/remote.h) whose head has been fetched, named `path` as given
// (its name counts for the format as a file's does). Scan keeps the object to read it again.
std::unique_ptr<TableReader> open_object(const std::shared_ptr<const RemoteObject>& object,
                                         const std::string& path, const ReadOptions& options);

// Opens the CSV records of a plain file from byte `offset` (which must start a record), with
// options.columns as the names and options.delimiter set. Byte offsets in rows and errors
// count from the file's start; line numbers count from 1 at `offset`.
std::unique_ptr<TableReader> open_csv_at(const std::string& path, const ReadOptions& options,
                                         std::uint64_t offset);

// Opens the JSON Lines records of a plain file from byte `offset` (which must start a line),
// with options.columns as the first columns; offsets and lines count as in open_csv_at.
std::unique_ptr<TableReader> open_json_lines_at(const std::string& path, const ReadOptions& options,
                                                std::uint64_t offset);

}  // namespace mlops::io
