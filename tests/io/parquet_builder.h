#pragma once

// Hand-built Parquet files for tests: one row group of one column whose pages are given byte by
// byte, so that a test can state exactly what a writer put there (an empty page, a dictionary
// page offset of 0, a page in any encoding). The footer and page headers are the project's own
// Thrift structs, serialised with Thrift's compact protocol.

#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parquet_types.h"

namespace mlops::io::testing {

namespace pf = parquet::format;

template <typename T>
std::string thrift_bytes(const T& value) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  apache::thrift::protocol::TCompactProtocolT<apache::thrift::transport::TMemoryBuffer> protocol(
      buffer);
  value.write(&protocol);
  return buffer->getBufferAsString();
}

// One uncompressed page: its header and body.
struct BuiltPage {
  pf::PageHeader header;
  std::string body;
};

inline BuiltPage page_of(std::int32_t type, std::string body) {
  BuiltPage p;
  p.header.type = type;
  p.header.uncompressed_page_size = static_cast<std::int32_t>(body.size());
  p.header.compressed_page_size = static_cast<std::int32_t>(body.size());
  p.body = std::move(body);
  return p;
}

inline BuiltPage data_page_v1(std::int32_t values, std::int32_t encoding, std::string body) {
  BuiltPage p = page_of(pf::PageType::DATA_PAGE, std::move(body));
  pf::DataPageHeader h;
  h.num_values = values;
  h.encoding = encoding;
  h.definition_level_encoding = pf::Encoding::RLE;
  h.repetition_level_encoding = pf::Encoding::RLE;
  p.header.__set_data_page_header(h);
  return p;
}

inline BuiltPage data_page_v2(std::int32_t values, std::int32_t nulls, std::int32_t encoding,
                              const std::string& levels, const std::string& data) {
  BuiltPage p = page_of(pf::PageType::DATA_PAGE_V2, levels + data);
  pf::DataPageHeaderV2 h;
  h.num_values = values;
  h.num_nulls = nulls;
  h.num_rows = values;
  h.encoding = encoding;
  h.definition_levels_byte_length = static_cast<std::int32_t>(levels.size());
  h.repetition_levels_byte_length = 0;
  p.header.__set_data_page_header_v2(h);
  return p;
}

inline BuiltPage dictionary_page(std::int32_t values, std::string body) {
  BuiltPage p = page_of(pf::PageType::DICTIONARY_PAGE, std::move(body));
  pf::DictionaryPageHeader h;
  h.num_values = values;
  h.encoding = pf::Encoding::PLAIN;
  p.header.__set_dictionary_page_header(h);
  return p;
}

// One row group of build_parquet_groups(): its rows, its pages, and the decompressed size its
// footer entry states (io::Scan deals row groups to pieces by it; -1: the pages' size).
struct BuiltGroup {
  std::int64_t rows = 0;
  std::vector<BuiltPage> pages;
  std::int64_t stated_bytes = -1;
};

// A file of one column `column` (a SchemaElement with its name, type, repetition and
// annotations) in these row groups, uncompressed. With `dictionary_offset_zero`, each chunk's
// dictionary_page_offset is 0 and its data_page_offset the first page (as some writers put it
// when the chunk starts with its dictionary).
inline std::string build_parquet_groups(const pf::SchemaElement& column,
                                        const std::vector<BuiltGroup>& groups,
                                        bool dictionary_offset_zero = false) {
  std::string file = "PAR1";
  pf::FileMetaData meta;
  meta.version = 1;
  meta.num_rows = 0;
  for (const BuiltGroup& g : groups) {
    const auto start = static_cast<std::int64_t>(file.size());
    for (const BuiltPage& p : g.pages) file += thrift_bytes(p.header) + p.body;
    pf::ColumnMetaData md;
    md.type = column.type;
    md.encodings = {pf::Encoding::PLAIN};
    md.path_in_schema = {column.name};
    md.codec = pf::CompressionCodec::UNCOMPRESSED;
    md.num_values = g.rows;
    md.total_uncompressed_size = static_cast<std::int64_t>(file.size()) - start;
    md.total_compressed_size = md.total_uncompressed_size;
    md.data_page_offset = start;
    if (dictionary_offset_zero) md.__set_dictionary_page_offset(0);
    pf::ColumnChunk chunk;
    chunk.file_offset = start;
    chunk.__set_meta_data(md);
    pf::RowGroup group;
    group.columns = {chunk};
    group.total_byte_size = g.stated_bytes >= 0 ? g.stated_bytes : md.total_compressed_size;
    group.num_rows = g.rows;
    meta.row_groups.push_back(group);
    meta.num_rows += g.rows;
  }
  pf::SchemaElement root;
  root.name = "schema";
  root.__set_num_children(1);
  meta.schema = {root, column};
  const std::string footer = thrift_bytes(meta);
  file += footer;
  const auto size = static_cast<std::uint32_t>(footer.size());
  for (int i = 0; i < 4; ++i) file += static_cast<char>((size >> (8 * i)) & 0xFF);
  return file + "PAR1";
}

// A file of `rows` rows in one row group of one column made of `pages` (build_parquet_groups).
inline std::string build_parquet(const pf::SchemaElement& column, std::int64_t rows,
                                 const std::vector<BuiltPage>& pages,
                                 bool dictionary_offset_zero = false) {
  return build_parquet_groups(column, {{rows, pages, -1}}, dictionary_offset_zero);
}

}  // namespace mlops::io::testing
