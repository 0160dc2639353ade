// Krippendorff's alpha, coincidence-matrix formulation (Krippendorff 2011, "Computing
// Krippendorff's Alpha-Reliability"):
//   o_ck = sum over pairable units u of (number of ordered pairs (c, k) of values in u) / (m_u - 1)
//   n_c  = sum_k o_ck (= how often c occurs among pairable values), n = sum_c n_c
//   alpha = 1 - (n - 1) * sum_ck o_ck d2_ck / sum_ck n_c n_k d2_ck
// over the distinct observed values. The coincidence matrix is stored sparsely (only cells that
// occur), so continuous ratings with many distinct values stay cheap. The expected term uses
// closed forms where the metric allows (nominal; interval and ordinal are squared differences of
// values resp. of mid-ranks), and the plain double sum for ratio.
#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "agreement/agreement.h"
#include "agreement/agreement_internal.h"

namespace stf2m::agreement {

using detail::fail;
using detail::kNaN;
using detail::num;

namespace {

// Sum over all ordered (c, k) of n_c n_k (x_c - x_k)^2 = 2 n sum_c n_c (x_c - mean)^2.
double squaredDifferenceSum(const std::vector<double>& x, const std::vector<double>& counts) {
  double n = 0, mean = 0;
  for (std::size_t c = 0; c < x.size(); ++c) n += counts[c];
  for (std::size_t c = 0; c < x.size(); ++c) mean += counts[c] * x[c];
  mean /= n;
  double ss = 0;
  for (std::size_t c = 0; c < x.size(); ++c) ss += counts[c] * (x[c] - mean) * (x[c] - mean);
  return 2.0 * n * ss;
}

}  // namespace

double krippendorffAlpha(const std::vector<std::vector<double>>& data, Metric metric) {
  constexpr const char* fn = "krippendorffAlpha";
  if (data.empty()) fail(fn, "no raters (empty matrix)");
  const std::size_t units = data.front().size();
  for (std::size_t r = 0; r < data.size(); ++r) {
    if (data[r].size() != units)
      fail(fn, "rater " + num(r) + " has " + num(data[r].size()) + " units, rater 0 has " + num(units));
    for (std::size_t u = 0; u < units; ++u) {
      const double v = data[r][u];
      if (std::isinf(v)) fail(fn, "rater " + num(r) + " has an infinite value at unit " + num(u));
      if (metric == Metric::Ratio && v < 0)
        fail(fn, "rater " + num(r) + " has negative value " + std::to_string(v) + " at unit " + num(u) +
                     " (the ratio metric needs values >= 0)");
    }
  }
  if (units < 2) fail(fn, "needs at least 2 units, got " + num(units));

  // Distinct values among pairable units (those with >= 2 values).
  std::vector<std::vector<double>> pairable;
  std::vector<double> values;
  for (std::size_t u = 0; u < units; ++u) {
    std::vector<double> unit;
    for (const auto& rater : data)
      if (!std::isnan(rater[u])) unit.push_back(rater[u]);
    if (unit.size() < 2) continue;
    values.insert(values.end(), unit.begin(), unit.end());
    pairable.push_back(std::move(unit));
  }
  if (pairable.empty()) fail(fn, "no unit has values from 2 or more raters (nothing is pairable)");
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() == 1) return kNaN;  // every pairable value equal: expected disagreement 0
  const std::size_t V = values.size();
  auto indexOf = [&values](double v) {
    return static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), v) - values.begin());
  };

  // Coincidence matrix (sparse) and the marginals n_c.
  std::map<std::pair<std::size_t, std::size_t>, double> coincidence;
  std::vector<double> nc(V, 0.0);
  for (const auto& unit : pairable) {
    const double weight = 1.0 / static_cast<double>(unit.size() - 1);
    std::map<std::size_t, double> here;  // value index -> count in this unit
    for (double v : unit) here[indexOf(v)] += 1.0;
    for (const auto& [c, mc] : here)
      for (const auto& [k, mk] : here) coincidence[{c, k}] += (c == k ? mc * (mc - 1) : mc * mk) * weight;
  }
  for (const auto& [ck, o] : coincidence) nc[ck.first] += o;
  double n = 0;
  for (double x : nc) n += x;

  // Mid-ranks for the ordinal metric: d_ck = r_k - r_c with r_c = (sum_{g <= c} n_g) - n_c / 2,
  // which is Krippendorff's (sum_{g=c..k} n_g - (n_c + n_k) / 2).
  std::vector<double> position(V);
  if (metric == Metric::Ordinal) {
    double cumulative = 0;
    for (std::size_t c = 0; c < V; ++c) {
      cumulative += nc[c];
      position[c] = cumulative - nc[c] / 2.0;
    }
  } else {
    position = values;
  }
  auto delta2 = [&](std::size_t c, std::size_t k) -> double {
    if (c == k) return 0.0;
    switch (metric) {
      case Metric::Nominal: return 1.0;
      case Metric::Ordinal:
      case Metric::Interval: {
        const double d = position[c] - position[k];
        return d * d;
      }
      case Metric::Ratio: {
        const double d = (values[c] - values[k]) / (values[c] + values[k]);  // c != k: sum > 0
        return d * d;
      }
    }
    return 0.0;
  };

  double observed = 0;  // sum_ck o_ck d2_ck
  for (const auto& [ck, o] : coincidence) observed += o * delta2(ck.first, ck.second);

  double expected = 0;  // sum_ck n_c n_k d2_ck
  switch (metric) {
    case Metric::Nominal: {
      double squares = 0;
      for (double x : nc) squares += x * x;
      expected = n * n - squares;
      break;
    }
    case Metric::Ordinal:
    case Metric::Interval: expected = squaredDifferenceSum(position, nc); break;
    case Metric::Ratio:
      for (std::size_t c = 0; c < V; ++c)
        for (std::size_t k = c + 1; k < V; ++k) expected += 2.0 * nc[c] * nc[k] * delta2(c, k);
      break;
  }
  if (!(expected > 0)) return kNaN;
  return 1.0 - (n - 1.0) * observed / expected;
}

}  // namespace stf2m::agreement
