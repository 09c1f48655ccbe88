#include "stats/value_sample.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "stats/quantile.h"

namespace mlops::stats {

ValueSample::ValueSample(std::size_t capacity, std::uint64_t seed)
    : capacity_(capacity), state_(seed) {}

double ValueSample::uniform() {
  // splitmix64: small, fast and good enough to pick sample positions.
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (static_cast<double>(z >> 11) + 0.5) * 0x1.0p-53;
}

void ValueSample::start_skipping() {
  w_ = std::exp(std::log(uniform()) / static_cast<double>(capacity_));
  next_ = seen_ + static_cast<std::uint64_t>(std::floor(std::log(uniform()) / std::log1p(-w_))) + 1;
}

void ValueSample::replace(double x) {
  values_[static_cast<std::size_t>(uniform() * static_cast<double>(capacity_))] = x;
  sorted_ = false;
  w_ *= std::exp(std::log(uniform()) / static_cast<double>(capacity_));
  next_ += static_cast<std::uint64_t>(std::floor(std::log(uniform()) / std::log1p(-w_))) + 1;
}

void ValueSample::merge(const ValueSample& other) {
  if (other.seen_ == 0) return;
  if (seen_ + other.seen_ <= capacity_ || capacity_ == 0) {
    values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    seen_ += other.seen_;
    sorted_ = false;
    if (capacity_ != 0 && values_.size() == capacity_) start_skipping();
    return;
  }
  // Draw the merged sample from both sides in proportion to how many values each has seen.
  std::vector<double> a = values_, b = other.values_;
  const double pa = static_cast<double>(seen_) / static_cast<double>(seen_ + other.seen_);
  std::vector<double> merged;
  merged.reserve(capacity_);
  while (merged.size() < capacity_ && (!a.empty() || !b.empty())) {
    std::vector<double>& from = (b.empty() || (!a.empty() && uniform() < pa)) ? a : b;
    std::size_t i = static_cast<std::size_t>(uniform() * static_cast<double>(from.size()));
    merged.push_back(from[i]);
    from[i] = from.back();
    from.pop_back();
  }
  values_ = std::move(merged);
  seen_ += other.seen_;
  sorted_ = false;
  start_skipping();
}

double ValueSample::quantile(double q) const {
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("ValueSample::quantile: q not in [0, 1]");
  if (!sorted_) {
    std::sort(values_.begin(), values_.end());
    sorted_ = true;
  }
  return linear_quantile(values_, q);
}

double ValueSample::rank_error() const {
  if (exact()) return 0;
  // DKW: P(sup|F_k - F| > e) <= 2 exp(-2 k e^2); e for 1% risk.
  return std::sqrt(std::log(2.0 / 0.01) / (2.0 * static_cast<double>(capacity_)));
}

}  // namespace mlops::stats
