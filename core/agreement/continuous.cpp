// Continuous agreement: Lin's concordance correlation and Shrout & Fleiss (1979) ICCs.
// Moments are computed in two passes (mean first, then centred sums) for accuracy.
#include <cmath>

#include "agreement/agreement.h"
#include "agreement/agreement_internal.h"

namespace stf2m::agreement {

using detail::fail;
using detail::kNaN;
using detail::num;

double concordanceCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
  constexpr const char* fn = "concordanceCorrelation";
  if (x.empty() || y.empty()) fail(fn, "no units (empty vector)");
  if (x.size() != y.size()) fail(fn, "x has " + num(x.size()) + " values but y has " + num(y.size()));
  if (x.size() < 2) fail(fn, "needs at least 2 units, got " + num(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      fail(fn, "unit " + num(i) + " has a NaN or infinite value (missing data is not allowed)");

  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mx;
    const double dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx /= n;
  syy /= n;
  sxy /= n;
  const double denominator = sxx + syy + (mx - my) * (mx - my);
  if (denominator == 0) return kNaN;
  return 2.0 * sxy / denominator;
}

namespace {

IccMeanSquares meanSquares(const char* fn, const std::vector<std::vector<double>>& data) {
  if (data.empty()) fail(fn, "no units (empty matrix)");
  const std::size_t k = data.front().size();
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i].size() != k) fail(fn, "unit " + num(i) + " has " + num(data[i].size()) + " raters, unit 0 has " + num(k));
    for (std::size_t j = 0; j < k; ++j)
      if (!std::isfinite(data[i][j]))
        fail(fn, "unit " + num(i) + ", rater " + num(j) + " is NaN or infinite (missing data is not allowed)");
  }
  if (data.size() < 2) fail(fn, "needs at least 2 units, got " + num(data.size()));
  if (k < 2) fail(fn, "needs at least 2 raters, got " + num(k));

  const std::size_t n = data.size();
  const double nd = static_cast<double>(n), kd = static_cast<double>(k);
  std::vector<double> rowMean(n, 0.0), colMean(k, 0.0);
  double grand = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      rowMean[i] += data[i][j];
      colMean[j] += data[i][j];
      grand += data[i][j];
    }
  for (double& m : rowMean) m /= kd;
  for (double& m : colMean) m /= nd;
  grand /= nd * kd;

  double ssRows = 0, ssCols = 0, ssWithin = 0, ssError = 0;
  for (std::size_t i = 0; i < n; ++i) ssRows += (rowMean[i] - grand) * (rowMean[i] - grand);
  for (std::size_t j = 0; j < k; ++j) ssCols += (colMean[j] - grand) * (colMean[j] - grand);
  ssRows *= kd;
  ssCols *= nd;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) {
      const double w = data[i][j] - rowMean[i];
      const double e = w - colMean[j] + grand;
      ssWithin += w * w;
      ssError += e * e;
    }

  IccMeanSquares ms;
  ms.units = static_cast<int>(n);
  ms.raters = static_cast<int>(k);
  ms.bms = ssRows / (nd - 1.0);
  ms.wms = ssWithin / (nd * (kd - 1.0));
  ms.jms = ssCols / (kd - 1.0);
  ms.ems = ssError / ((nd - 1.0) * (kd - 1.0));
  return ms;
}

}  // namespace

IccMeanSquares iccMeanSquares(const std::vector<std::vector<double>>& data) {
  return meanSquares("iccMeanSquares", data);
}

double icc(const std::vector<std::vector<double>>& data, IccForm form) {
  const IccMeanSquares ms = meanSquares("icc", data);
  const double n = ms.units, k = ms.raters;
  double numerator = 0, den = 0;
  switch (form) {
    case IccForm::ICC1_1:
      numerator = ms.bms - ms.wms;
      den = ms.bms + (k - 1.0) * ms.wms;
      break;
    case IccForm::ICC2_1:
      numerator = ms.bms - ms.ems;
      den = ms.bms + (k - 1.0) * ms.ems + k * (ms.jms - ms.ems) / n;
      break;
    case IccForm::ICC3_1:
      numerator = ms.bms - ms.ems;
      den = ms.bms + (k - 1.0) * ms.ems;
      break;
    case IccForm::ICC1_k:
      numerator = ms.bms - ms.wms;
      den = ms.bms;
      break;
    case IccForm::ICC2_k:
      numerator = ms.bms - ms.ems;
      den = ms.bms + (ms.jms - ms.ems) / n;
      break;
    case IccForm::ICC3_k:
      numerator = ms.bms - ms.ems;
      den = ms.bms;
      break;
  }
  if (den == 0) return kNaN;
  return numerator / den;
}

}  // namespace stf2m::agreement
