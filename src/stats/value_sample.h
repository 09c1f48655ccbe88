#pragma once

#include <cstdint>
#include <vector>

namespace mlops::stats {

// The values of a column for quantiles and charts, in bounded memory: every value while there
// are at most `capacity`, then a uniform random sample of `capacity` of them (reservoir
// sampling, Li's Algorithm L, seeded so runs are repeatable). In sampled mode a quantile's
// rank error is at most rank_error() with 99% confidence (Dvoretzky-Kiefer-Wolfowitz).
class ValueSample {
 public:
  explicit ValueSample(std::size_t capacity = 0, std::uint64_t seed = 0x9E3779B97F4A7C15ULL);

  void add(double x) {
    ++seen_;
    if (values_.size() < capacity_) {
      values_.push_back(x);
      sorted_ = false;
      if (values_.size() == capacity_) start_skipping();
      return;
    }
    if (seen_ == next_) replace(x);
  }
  // Folds another sample of the same capacity in (as if its values had been added here).
  void merge(const ValueSample& other);

  bool exact() const { return seen_ <= capacity_; }
  std::uint64_t seen() const { return seen_; }
  std::size_t capacity() const { return capacity_; }
  // Quantile with linear interpolation between order statistics (NumPy's default, "type 7").
  // q must be in [0, 1] (std::invalid_argument otherwise); NaN when there is no value.
  double quantile(double q) const;
  // 0 when exact, else the 99%-confidence bound on the rank error as a fraction of n.
  double rank_error() const;
  const std::vector<double>& values() const { return values_; }

 private:
  double uniform();  // (0, 1)
  void start_skipping();
  void replace(double x);

  std::size_t capacity_;
  std::uint64_t state_;
  // Sorted in place on demand by quantile(): the same values, so still logically const.
  mutable std::vector<double> values_;
  std::uint64_t seen_ = 0;
  std::uint64_t next_ = 0;
  double w_ = 0;
  mutable bool sorted_ = false;
};

}  // namespace mlops::stats
