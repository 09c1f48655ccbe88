// read-bench: the reader's throughput figure. Streams a table once, infers column types from
// the first rows, parses every field to its type and counts nulls (and values that do not
// parse), then prints bytes, rows, MB/s and peak RSS. --threads N reads a large plain CSV file
// in N pieces at once (io::Scan). bench/run.sh compares it with awk.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/app.h"
#include "cli/option_groups.h"
#include "io/open_table.h"
#include "io/sampled_reader.h"
#include "io/scan.h"
#include "io/source.h"
#include "io/value_parse.h"

namespace {

using mlops::ExitCode;
namespace io = mlops::io;
namespace po = mlops::cli::po;

// What one piece's parse found: per column, nulls and values that did not parse.
struct Counts {
  std::vector<std::uint64_t> nulls, bad;
  double checksum = 0;  // keeps the parses from being optimised away
  std::uint64_t rows = 0;

  explicit Counts(std::size_t columns) : nulls(columns), bad(columns) {}
  void read(io::TableReader& reader, const std::vector<io::DataType>& types);
  void merge(const Counts& other) {
    for (std::size_t i = 0; i < nulls.size(); ++i) {
      nulls[i] += other.nulls[i];
      bad[i] += other.bad[i];
    }
    checksum += other.checksum;
    rows += other.rows;
  }
};

void Counts::read(io::TableReader& reader, const std::vector<io::DataType>& types) {
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
}

ExitCode run(const std::vector<std::string>& args, mlops::cli::Io& cio) {
  std::string path;
  std::size_t sample = 1000;
  int threads = 1;
  po::options_description desc("read-bench FILE [--sample-rows N] [--threads N]");
  desc.add_options()("file", po::value(&path)->required(), "table to read (- for stdin)")(
      "sample-rows", po::value(&sample), "rows used to infer types")(
      "threads", po::value(&threads), "pieces read at once (io::Scan; default 1)");
  po::positional_options_description pos;
  pos.add("file", 1);
  mlops::cli::parse(args, desc, pos);
  mlops::cli::check_threads(threads);

  auto start = std::chrono::steady_clock::now();
  io::ScanOptions options;
  options.threads = threads;
  options.wrap_first =
      [sample](std::unique_ptr<io::TableReader> r) -> std::unique_ptr<io::TableReader> {
    return std::make_unique<io::SampledReader>(std::move(r), sample);
  };
  io::Scan scan(path, io::ReadOptions{}, options, cio.in);
  const auto& sampled = static_cast<const io::SampledReader&>(scan.first());
  const std::vector<io::DataType> types = sampled.inferred().types();
  const std::vector<std::string> columns = sampled.columns();
  std::vector<Counts> parts(scan.pieces(), Counts(types.size()));
  const auto lines = scan.run([&](std::size_t k, io::TableReader& r) { parts[k].read(r, types); },
                              [&] { parts.assign(1, Counts(types.size())); });
  for (std::size_t k = 1; k < parts.size(); ++k) parts[0].merge(parts[k]);
  const Counts& total = parts[0];
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(scan.bytes()) / 1e6;
  char line[320];
  std::snprintf(
      line, sizeof line,
      "read-bench: %s: %.1f MB, %llu rows, %zu pieces, %.3f s, %.0f MB/s, peak RSS %.1f MB\n",
      scan.name().c_str(), mb, static_cast<unsigned long long>(total.rows), lines.size(), secs,
      mb / secs, static_cast<double>(ru.ru_maxrss) / 1024.0);
  cio.out << line;
  for (std::size_t i = 0; i < types.size(); ++i) {
    cio.out << "  " << columns[i] << " " << io::to_string(types[i]) << " nulls=" << total.nulls[i]
            << " unparsed=" << total.bad[i] << "\n";
  }
  cio.out << "  checksum " << total.checksum << "\n";
  return ExitCode::kPass;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  auto cio = mlops::cli::Io::process();
  return mlops::cli::run_tool("read-bench", {argv, static_cast<std::size_t>(argc)}, cio, run);
}
