// read-bench: the reader's throughput figure. Streams a table once, infers column types from
// the first rows, parses every field to its type and counts nulls (and values that do not
// parse), then prints bytes, rows, MB/s and peak RSS. bench/run.sh compares it with awk.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/app.h"
#include "io/open_table.h"
#include "io/sampled_reader.h"
#include "io/source.h"
#include "io/value_parse.h"

namespace {

using mlops::ExitCode;
namespace io = mlops::io;
namespace po = mlops::cli::po;

ExitCode run(const std::vector<std::string>& args, mlops::cli::Io& cio) {
  std::string path;
  std::size_t sample = 1000;
  po::options_description desc("read-bench FILE [--sample-rows N]");
  desc.add_options()("file", po::value(&path)->required(), "table to read (- for stdin)")(
      "sample-rows", po::value(&sample), "rows used to infer types");
  po::positional_options_description pos;
  pos.add("file", 1);
  mlops::cli::parse(args, desc, pos);

  auto start = std::chrono::steady_clock::now();
  io::SampledReader reader(io::open_table(path, io::ReadOptions{}, cio.in), sample);
  const std::vector<io::DataType> types = reader.inferred().types();
  std::vector<std::uint64_t> nulls(types.size()), bad(types.size());
  double checksum = 0;  // keeps the parses from being optimised away
  std::uint64_t rows = 0;
  io::Row row;
  while (reader.next(row)) {
    ++rows;
    for (std::size_t i = 0; i < types.size() && i < row.fields.size(); ++i) {
      const io::Field& f = row.fields[i];
      if (f.null) {
        ++nulls[i];
        continue;
      }
      switch (types[i]) {
        case io::DataType::kInteger:
          if (auto v = io::parse_integer(f.text))
            checksum += static_cast<double>(*v);
          else
            ++bad[i];
          break;
        case io::DataType::kNumber:
          if (auto v = io::parse_number(f.text))
            checksum += *v;
          else
            ++bad[i];
          break;
        case io::DataType::kBoolean:
          if (auto v = io::parse_boolean(f.text))
            checksum += *v ? 1 : 0;
          else
            ++bad[i];
          break;
        case io::DataType::kDate:
          if (auto v = io::parse_date(f.text))
            checksum += static_cast<double>(*v);
          else
            ++bad[i];
          break;
        case io::DataType::kDatetime:
          if (auto v = io::parse_datetime(f.text))
            checksum += *v;
          else
            ++bad[i];
          break;
        case io::DataType::kString:
          checksum += static_cast<double>(f.text.size());
          break;
      }
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(reader.bytes_read()) / 1e6;
  char line[256];
  std::snprintf(line, sizeof line,
                "read-bench: %s: %.1f MB, %llu rows, %.3f s, %.0f MB/s, peak RSS %.1f MB\n",
                reader.name().c_str(), mb, static_cast<unsigned long long>(rows), secs, mb / secs,
                static_cast<double>(ru.ru_maxrss) / 1024.0);
  cio.out << line;
  for (std::size_t i = 0; i < types.size(); ++i) {
    cio.out << "  " << reader.columns()[i] << " " << io::to_string(types[i])
            << " nulls=" << nulls[i] << " unparsed=" << bad[i] << "\n";
  }
  cio.out << "  checksum " << checksum << "\n";
  return ExitCode::kPass;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto cio = mlops::cli::Io::process();
  return mlops::cli::run_tool("read-bench", {argv, static_cast<std::size_t>(argc)}, cio, run);
}
