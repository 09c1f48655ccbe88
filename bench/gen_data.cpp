// mlops-gen: deterministic, seeded tabular data generator for benchmarks and tests.
//
// Emits CSV or JSONL with a fixed 10-column schema, optional distribution drift and injected
// rule violations whose exact counts go to a manifest, so the quality gates can be benchmarked
// and their findings checked against ground truth. The PRNG, normal sampling and number
// formatting live here instead of <random>, whose distributions differ between standard
// libraries and would make the same seed give different bytes on different platforms.

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

constexpr char kUsage[] =
    "usage: mlops-gen --rows N [--seed S] [--format csv|jsonl|predictions] [--drift X]\n"
    "                 [--violations RATE] [--manifest PATH] [-o PATH|-]\n"
    "Writes N rows of deterministic synthetic tabular data (10 columns).\n"
    "  --rows N            number of rows (required, 0..1000000000000)\n"
    "  --seed S            unsigned 64-bit seed (default 42)\n"
    "  --format F          csv (default), jsonl, or predictions (CSV label,score only)\n"
    "  --drift X           shift the distributions, X in [0,1] (default 0)\n"
    "  --violations RATE   per-row probability of one injected violation (default 0)\n"
    "  --manifest PATH     write exact violation and null counts as JSON\n"
    "  -o PATH|-           output file (default - for stdout)\n"
    "  --help              show this help\n";

constexpr uint64_t kMaxRows = 1000000000000ULL;  // keeps (i-1) * kSpanSeconds inside uint64
constexpr int64_t kSpanSeconds = 181LL * 86400;  // 2026-01-01T00:00:00Z .. 2026-06-30T23:59:59Z
constexpr int64_t kJitterSeconds = 3600;
constexpr double kAmountNullRate = 0.01;
constexpr double kQuoteRate = 0.005;  // comments with a doubled quote once CSV-escaped
constexpr double kCommaRate = 0.02;   // comments with a comma, so the field gets quoted
constexpr double kTwoPi = 6.283185307179586;

constexpr std::array<std::string_view, 8> kCategories = {"alpha",   "beta", "gamma", "delta",
                                                         "epsilon", "zeta", "eta",   "theta"};
constexpr std::array<double, 8> kCategoryWeights = {0.30, 0.22, 0.15, 0.11, 0.09, 0.06, 0.04, 0.03};
constexpr std::array<std::string_view, 16> kWords = {
    "late",   "fast", "okay",  "noted", "refund",  "repeat", "urgent", "manual",
    "review", "spam", "promo", "retry", "timeout", "ship",   "hold",   "valid"};
constexpr std::array<std::string_view, 5> kViolationNames = {
    "age_out_of_range", "category_not_allowed", "score_out_of_range", "id_null", "age_not_integer"};

[[noreturn]] void Fail(const std::string& what, const std::string& todo) {
  std::fprintf(stderr, "mlops-gen: error: %s, %s\n", what.c_str(), todo.c_str());
  std::exit(2);
}

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman & Vigna), seeded from a shared splitmix64 state so several
// independent streams can be derived from one user seed.
class Xoshiro256 {
 public:
  explicit Xoshiro256(uint64_t& splitmix_state) {
    for (uint64_t& word : s_) word = SplitMix64(splitmix_state);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // The top 53 bits convert to a double exactly, so [0,1) values are platform independent.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> s_{};
};

struct Options {
  uint64_t rows = 0;
  bool has_rows = false;
  uint64_t seed = 42;
  bool jsonl = false;
  bool predictions = false;  // only the label and score columns, as a classifier's output
  double drift = 0.0;
  double violation_rate = 0.0;
  std::string manifest_path;
  std::string output_path = "-";
};

// Accepts only plain non-negative decimals up to max; nan fails the range test too.
template <typename T>
T ParseNumber(std::string_view flag, std::string_view text, T max, const char* expected) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || text[0] == '-' || ec != std::errc() || ptr != end || !(value <= max)) {
    Fail("invalid value '" + std::string(text) + "' for " + std::string(flag),
         std::string("pass ") + expected);
  }
  return value;
}

void ApplyOption(Options& opt, std::string_view flag, std::string_view value) {
  if (flag == "--rows") {
    opt.rows = ParseNumber(flag, value, kMaxRows, "a row count from 0 to 1000000000000");
    opt.has_rows = true;
  } else if (flag == "--seed") {
    opt.seed = ParseNumber(flag, value, UINT64_MAX, "an unsigned 64-bit integer");
  } else if (flag == "--format") {
    if (value != "csv" && value != "jsonl" && value != "predictions") {
      Fail("unknown format '" + std::string(value) + "'",
           "pass --format csv, --format jsonl or --format predictions");
    }
    opt.jsonl = value == "jsonl";
    opt.predictions = value == "predictions";
  } else if (flag == "--drift") {
    opt.drift = ParseNumber(flag, value, 1.0, "a number from 0 to 1");
  } else if (flag == "--violations") {
    opt.violation_rate = ParseNumber(flag, value, 1.0, "a rate from 0 to 1");
  } else if (flag == "--manifest") {
    opt.manifest_path = std::string(value);
  } else {  // -o
    opt.output_path = std::string(value);
  }
}

Options ParseArgs(int argc, char** argv) {
  constexpr std::array<std::string_view, 7> kFlags = {
      "--rows", "--seed", "--format", "--drift", "--violations", "--manifest", "-o"};
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (std::find(kFlags.begin(), kFlags.end(), flag) == kFlags.end()) {
      Fail("unknown option '" + std::string(flag) + "'", "run mlops-gen --help for usage");
    }
    if (i + 1 >= argc) Fail("missing value for " + std::string(flag), "see mlops-gen --help");
    const std::string_view value = argv[++i];
    ApplyOption(opt, flag, value);
  }
  if (!opt.has_rows) Fail("--rows is required", "pass --rows N");
  return opt;
}

constexpr std::array<std::string_view, 10> kColumns = {
    "id",        "amount",     "score",      "age",     "category",
    "is_active", "event_time", "event_date", "comment", "label"};
enum Column { kId, kAmount, kScore, kAge, kCategory, kActive, kTime, kDate, kComment, kLabel };

// One value already formatted; JSON still has to tell raw literals from strings and nulls.
struct Cell {
  std::string_view text;
  enum Kind { kRaw, kString, kNull } kind = kRaw;
};

struct Record {
  std::array<Cell, kColumns.size()> cells;
  std::array<char, 256> scratch;  // backs the formatted numbers, timestamp and comment
};

char* Put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* PutUint(char* p, uint64_t v) { return std::to_chars(p, p + 24, v).ptr; }

char* PutFixed(char* p, double v, int precision) {
  return std::to_chars(p, p + 64, v, std::chars_format::fixed, precision).ptr;
}

// Turns [p, end) into a cell and moves p past it, so the next value is formatted behind it.
Cell Take(char*& p, char* end, Cell::Kind kind = Cell::kRaw) {
  const Cell cell{{p, static_cast<size_t>(end - p)}, kind};
  p = end;
  return cell;
}

char* PutTimestamp(char* p, int64_t secs) {
  constexpr std::array<int64_t, 6> kMonthDays = {31, 28, 31, 30, 31, 30};  // 2026, Jan-Jun
  int64_t day = secs / 86400;
  const int64_t sod = secs % 86400;
  int month = 0;
  while (month < 5 && day >= kMonthDays[month]) day -= kMonthDays[month++];
  const std::array<int64_t, 5> fields = {month + 1, day + 1, sod / 3600, sod / 60 % 60, sod % 60};
  p = Put(p, "2026");
  for (size_t i = 0; i < fields.size(); ++i) {
    *p++ = "--T::"[i];
    *p++ = static_cast<char>('0' + fields[i] / 10);
    *p++ = static_cast<char>('0' + fields[i] % 10);
  }
  return Put(p, "Z");
}

char* PutComment(char* p, uint64_t bits, double kind) {
  p = Put(p, kWords[bits >> 60]);
  const std::string_view second = kWords[(bits >> 56) & 15];
  if (kind < kQuoteRate) return Put(Put(Put(p, " \""), second), "\"");
  return Put(Put(p, kind < kQuoteRate + kCommaRate ? ", " : " "), second);
}

struct Counts {
  std::array<uint64_t, 5> violations{};
  uint64_t amount_nulls = 0;
};

// Every row consumes a fixed number of draws from the main stream whatever the options, and
// violations come from their own stream, so a row's natural values depend only on seed and id.
class Generator {
 public:
  explicit Generator(const Options& opt) : opt_(opt), main_(seed_state_), violations_(seed_state_) {
    double cumulative = 0.0;
    for (size_t i = 0; i < category_cdf_.size(); ++i) {
      cumulative += (1.0 - opt.drift) * kCategoryWeights[i] + opt.drift / 8.0;
      category_cdf_[i] = cumulative;
    }
  }

  // log/exp/sin/cos are the only libm calls; they need not be correctly rounded, so a libm
  // that differs in the last ulp could, very rarely, change a printed digit on another platform.
  void Make(uint64_t id, Record& rec) {
    const bool amount_null = main_.Uniform() < kAmountNullRate;
    const double radius = std::sqrt(-2.0 * std::log(1.0 - main_.Uniform()));
    const double theta = kTwoPi * main_.Uniform();  // Box-Muller: cos and sin give two normals
    const double amount = std::exp(3.6 + 0.9 * radius * std::cos(theta)) * (1.0 + opt_.drift);
    // Mean 45, sd 14; +0.5 then floor rounds to nearest without depending on the rounding mode.
    const double age = std::floor(45.5 + 10.0 * opt_.drift + 14.0 * radius * std::sin(theta));
    const double triangular = (main_.Uniform() + main_.Uniform()) / 2.0;
    const double score = std::min(triangular + 0.2 * opt_.drift, 1.0);
    const std::string_view category = PickCategory(main_.Uniform());
    const bool active = main_.Uniform() < 0.7 - 0.3 * opt_.drift;
    const int64_t secs = EventSeconds(id, main_.Uniform());
    const double comment_kind = main_.Uniform();
    const uint64_t comment_bits = main_.Next();
    const bool label = main_.Uniform() < score;

    char* p = rec.scratch.data();
    auto& c = rec.cells;
    c[kId] = Take(p, PutUint(p, id));
    c[kAmount] = amount_null ? Cell{"", Cell::kNull} : Take(p, PutFixed(p, amount, 2));
    c[kScore] = Take(p, PutFixed(p, score, 6));
    c[kAge] = Take(p, PutUint(p, static_cast<uint64_t>(std::clamp(age, 18.0, 90.0))));
    c[kCategory] = {category, Cell::kString};
    c[kActive] = {active ? "true" : "false"};
    c[kTime] = Take(p, PutTimestamp(p, secs), Cell::kString);
    c[kDate] = {c[kTime].text.substr(0, 10), Cell::kString};
    c[kComment] = Take(p, PutComment(p, comment_bits, comment_kind), Cell::kString);
    c[kLabel] = {label ? "1" : "0"};
    if (amount_null) ++counts_.amount_nulls;
    if (violations_.Uniform() < opt_.violation_rate) InjectViolation(c);
  }

  const Counts& counts() const { return counts_; }

 private:
  std::string_view PickCategory(double u) const {
    for (size_t i = 0; i + 1 < category_cdf_.size(); ++i) {
      if (u < category_cdf_[i]) return kCategories[i];
    }
    return kCategories.back();
  }

  // Evenly spread over the half year in id order, plus up to an hour of jitter either way.
  int64_t EventSeconds(uint64_t id, double u) const {
    const auto base =
        static_cast<int64_t>((id - 1) * static_cast<uint64_t>(kSpanSeconds) / opt_.rows);
    const auto jitter = static_cast<int64_t>(u * 2 * kJitterSeconds) - kJitterSeconds;
    return std::clamp<int64_t>(base + jitter, 0, kSpanSeconds - 1);
  }

  // Only the target cell changes, so label and event_time stay consistent with the rest.
  void InjectViolation(std::array<Cell, kColumns.size()>& c) {
    const size_t kind = next_violation_++ % kViolationNames.size();
    ++counts_.violations[kind];
    if (kind == 0) c[kAge] = {"150"};
    if (kind == 1) c[kCategory] = {"INVALID", Cell::kString};
    if (kind == 2) c[kScore] = {"1.500000"};
    if (kind == 3) c[kId] = {"", Cell::kNull};
    if (kind == 4) c[kAge] = {"abc", Cell::kString};
  }

  const Options& opt_;
  uint64_t seed_state_ = opt_.seed;  // declared before the streams: they consume it in order
  Xoshiro256 main_;
  Xoshiro256 violations_;
  std::array<double, 8> category_cdf_{};
  uint64_t next_violation_ = 0;
  Counts counts_;
};

char* PutCsvField(char* p, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return Put(p, s);
  *p++ = '"';
  for (char c : s) {
    if (c == '"') *p++ = '"';
    *p++ = c;
  }
  return Put(p, "\"");
}

char* PutJsonString(char* p, std::string_view s) {
  *p++ = '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') *p++ = '\\';
    if (u < 0x20) {
      p += std::snprintf(p, 7, "\\u%04x", static_cast<unsigned>(u));
    } else {
      *p++ = c;
    }
  }
  return Put(p, "\"");
}

char* WriteCsvRow(char* p, const Record& rec) {
  for (size_t i = 0; i < rec.cells.size(); ++i) {
    if (i != 0) *p++ = ',';
    p = PutCsvField(p, rec.cells[i].text);  // a null is an empty field
  }
  return Put(p, "\n");
}

char* WriteJsonRow(char* p, const Record& rec) {
  for (size_t i = 0; i < rec.cells.size(); ++i) {
    p = Put(Put(Put(p, i == 0 ? "{\"" : ",\""), kColumns[i]), "\":");
    const Cell& cell = rec.cells[i];
    if (cell.kind == Cell::kNull) {
      p = Put(p, "null");
    } else {
      p = cell.kind == Cell::kString ? PutJsonString(p, cell.text) : Put(p, cell.text);
    }
  }
  return Put(p, "}\n");
}

// Rows are formatted straight into the buffer (the slack covers the longest row) and the OS
// gets exact 1 MiB chunks, so even hundreds of MB cost only a few hundred writes.
class ChunkWriter {
 public:
  static constexpr size_t kChunk = size_t{1} << 20;

  ChunkWriter(FILE* file, std::string name)
      : file_(file), name_(std::move(name)), buf_(kChunk + 4096) {}

  char* cursor() { return buf_.data() + used_; }

  void Commit(char* end) {
    used_ = static_cast<size_t>(end - buf_.data());
    if (used_ >= kChunk) Drain(kChunk);
  }

  void Finish() {
    Drain(used_);
    if (file_ == stdout ? std::fflush(file_) != 0 : std::fclose(file_) != 0) FailWrite();
  }

 private:
  [[noreturn]] void FailWrite() const {
    Fail("cannot write to " + name_, "check free disk space and permissions");
  }

  void Drain(size_t n) {
    if (std::fwrite(buf_.data(), 1, n, file_) != n) FailWrite();
    std::memmove(buf_.data(), buf_.data() + n, used_ - n);
    used_ -= n;
  }

  FILE* file_;
  std::string name_;
  std::vector<char> buf_;
  size_t used_ = 0;
};

FILE* OpenForWrite(const std::string& path, const char* flag) {
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    Fail("cannot open '" + path + "' for " + flag + ": " + std::strerror(errno),
         "check that the directory exists and is writable");
  }
  return file;
}

void WriteManifest(FILE* file, const std::string& path, const Options& opt, const Counts& c) {
  std::fprintf(file, "{\"rows\": %" PRIu64 ", \"seed\": %" PRIu64 ", \"violations\": {", opt.rows,
               opt.seed);
  for (size_t i = 0; i < kViolationNames.size(); ++i) {
    std::fprintf(file, "%s\"%s\": %" PRIu64, i == 0 ? "" : ", ", kViolationNames[i].data(),
                 c.violations[i]);
  }
  std::fprintf(file, "}, \"amount_nulls\": %" PRIu64 "}\n", c.amount_nulls);
  if (std::fclose(file) != 0) {
    Fail("cannot write manifest '" + path + "'", "check free disk space and permissions");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = ParseArgs(argc, argv);
  // Open everything up front so a bad path fails before minutes of generation, not after.
  const bool to_stdout = opt.output_path == "-";
  FILE* out = to_stdout ? stdout : OpenForWrite(opt.output_path, "-o");
  FILE* manifest =
      opt.manifest_path.empty() ? nullptr : OpenForWrite(opt.manifest_path, "--manifest");
  ChunkWriter writer(out, to_stdout ? "stdout" : "'" + opt.output_path + "'");
  if (opt.predictions) {
    writer.Commit(Put(writer.cursor(), "label,score\n"));
  } else if (!opt.jsonl) {
    char* p = writer.cursor();
    for (size_t i = 0; i < kColumns.size(); ++i) p = Put(Put(p, i == 0 ? "" : ","), kColumns[i]);
    writer.Commit(Put(p, "\n"));
  }
  Generator generator(opt);
  Record rec;
  for (uint64_t id = 1; id <= opt.rows; ++id) {
    generator.Make(id, rec);
    char* cursor = writer.cursor();
    if (opt.predictions) {
      // label (column 10) and score (column 3): label is 1 with probability score.
      writer.Commit(Put(Put(Put(Put(cursor, rec.cells[9].text), ","), rec.cells[2].text), "\n"));
    } else {
      writer.Commit(opt.jsonl ? WriteJsonRow(cursor, rec) : WriteCsvRow(cursor, rec));
    }
  }
  writer.Finish();
  if (manifest != nullptr) WriteManifest(manifest, opt.manifest_path, opt, generator.counts());
  return 0;
}
