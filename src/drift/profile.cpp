#include "drift/profile.h"

#include <algorithm>
#include <cmath>

namespace mlops::drift {

void NumericSummary::to_sketch(std::uint32_t k) {
  if (storage == Storage::kSketch) return;
  sketch = std::make_unique<stats::KllSketch>(k);
  for (double v : values) {
    sketch->update(v);
    small.add(v);
  }
  values = {};
  storage = Storage::kSketch;
}

Distribution NumericSummary::distribution() const {
  if (storage == Storage::kExact) {
    return {values, {}, static_cast<double>(values.size())};
  }
  if (!sketch) return {};
  if (view_values.empty() && sketch->n() > 0) {
    stats::KllSortedView view = sketch->sorted_view();
    view_values = view.values();
    view_weights.resize(view_values.size());
    std::uint64_t before = 0;
    for (std::size_t i = 0; i < view_values.size(); ++i) {
      view_weights[i] = static_cast<double>(view.cumulative_weights()[i] - before);
      before = view.cumulative_weights()[i];
    }
  }
  return {view_values, view_weights, static_cast<double>(sketch->n())};
}

double NumericSummary::rank_error() const {
  return storage == Storage::kExact || !sketch ? 0.0 : sketch->rank_error();
}

MeanStd NumericSummary::mean_std() const {
  if (storage == Storage::kExact) return drift::mean_std(distribution());
  if (count == 0) return {std::nan(""), std::nan("")};
  double n = static_cast<double>(count);
  double mean_dev = sum / n;
  double var = std::max(0.0, sum_squares / n - mean_dev * mean_dev);
  return {shift + mean_dev, std::sqrt(var)};
}

const ColumnProfile* Profile::find(std::string_view name) const {
  for (const ColumnProfile& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

bool has_values(const ColumnProfile& c) {
  return c.numeric.count + c.numeric.nan + c.numeric.inf > 0 || !c.categorical.counts.empty() ||
         c.categorical.other > 0;
}

std::vector<std::pair<std::string, std::uint64_t>> CategoricalSummary::sorted() const {
  std::vector<std::pair<std::string, std::uint64_t>> out(counts.begin(), counts.end());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<double, std::uint64_t>> SmallCounts::sorted() const {
  std::vector<std::pair<double, std::uint64_t>> out;
  for (const Slot& s : slots_) {
    if (s.count != 0) out.emplace_back(std::bit_cast<double>(s.key), s.count);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mlops::drift
