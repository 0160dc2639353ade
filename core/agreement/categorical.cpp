// Cohen's kappa (plain and weighted) and Fleiss' kappa. Counts are kept as integers so the
// degenerate case "every rating in one category" is detected exactly, not by a float compare.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "agreement/agreement.h"
#include "agreement/agreement_internal.h"

namespace stf2m::agreement {

using detail::fail;
using detail::kNaN;
using detail::num;

namespace {

void checkCode(const char* fn, int code, const char* who, std::size_t unit) {
  if (code < 0 && code != kMissing)
    fail(fn, std::string(who) + " has invalid code " + std::to_string(code) + " at unit " + num(unit) +
                 " (codes are >= 0, or kMissing = -1)");
}

// Pairs of codes for the units both raters coded.
struct Pairs {
  std::vector<int> a, b;
};

Pairs codedPairs(const char* fn, const std::vector<int>& a, const std::vector<int>& b) {
  if (a.empty() || b.empty()) fail(fn, "no units (empty rating vector)");
  if (a.size() != b.size())
    fail(fn, "rater a has " + num(a.size()) + " units but rater b has " + num(b.size()));
  Pairs p;
  for (std::size_t i = 0; i < a.size(); ++i) {
    checkCode(fn, a[i], "rater a", i);
    checkCode(fn, b[i], "rater b", i);
    if (a[i] == kMissing || b[i] == kMissing) continue;
    p.a.push_back(a[i]);
    p.b.push_back(b[i]);
  }
  if (p.a.size() < 2)
    fail(fn, "fewer than 2 units coded by both raters (" + num(p.a.size()) + " of " + num(a.size()) + ")");
  return p;
}

// Maps arbitrary codes to 0..k-1 in ascending order.
std::map<int, int> denseIndex(const std::vector<int>& a, const std::vector<int>& b) {
  std::map<int, int> index;
  for (int c : a) index.emplace(c, 0);
  for (int c : b) index.emplace(c, 0);
  int next = 0;
  for (auto& [code, idx] : index) idx = next++;
  return index;
}

}  // namespace

double cohensKappa(const std::vector<int>& a, const std::vector<int>& b) {
  constexpr const char* fn = "cohensKappa";
  const Pairs p = codedPairs(fn, a, b);
  const std::map<int, int> index = denseIndex(p.a, p.b);
  const std::size_t k = index.size();
  std::vector<std::int64_t> margA(k, 0), margB(k, 0);
  std::int64_t agree = 0;
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    const int ia = index.at(p.a[i]);
    const int ib = index.at(p.b[i]);
    ++margA[static_cast<std::size_t>(ia)];
    ++margB[static_cast<std::size_t>(ib)];
    if (ia == ib) ++agree;
  }
  const auto n = static_cast<std::int64_t>(p.a.size());
  std::int64_t chance = 0;  // n^2 * p_e
  for (std::size_t c = 0; c < k; ++c) chance += margA[c] * margB[c];
  if (chance == n * n) return kNaN;  // one single category for both raters: p_e = 1
  const double nd = static_cast<double>(n);
  const double po = static_cast<double>(agree) / nd;
  const double pe = static_cast<double>(chance) / (nd * nd);
  return (po - pe) / (1.0 - pe);
}

double weightedCohensKappa(const std::vector<int>& a, const std::vector<int>& b, int numCategories,
                           Weighting weighting) {
  constexpr const char* fn = "weightedCohensKappa";
  if (numCategories < 2) fail(fn, "numCategories must be >= 2, got " + std::to_string(numCategories));
  const Pairs p = codedPairs(fn, a, b);
  const auto k = static_cast<std::size_t>(numCategories);
  for (std::size_t i = 0; i < p.a.size(); ++i)
    if (p.a[i] >= numCategories || p.b[i] >= numCategories)
      fail(fn, "code " + std::to_string(std::max(p.a[i], p.b[i])) + " is outside 0.." +
                   std::to_string(numCategories - 1));
  std::vector<std::int64_t> observed(k * k, 0), margA(k, 0), margB(k, 0);
  for (std::size_t i = 0; i < p.a.size(); ++i) {
    const auto ia = static_cast<std::size_t>(p.a[i]);
    const auto ib = static_cast<std::size_t>(p.b[i]);
    ++observed[ia * k + ib];
    ++margA[ia];
    ++margB[ib];
  }
  const auto n = static_cast<std::int64_t>(p.a.size());
  std::int64_t chance = 0;
  for (std::size_t c = 0; c < k; ++c) chance += margA[c] * margB[c];
  if (chance == n * n) return kNaN;  // same as cohensKappa: expected disagreement is 0

  const double span = static_cast<double>(k - 1);
  double obs = 0, exp = 0;  // sum w_ij o_ij * n and sum w_ij (r_i c_j), both scaled by n
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      if (i == j) continue;
      const double d = std::abs(static_cast<double>(i) - static_cast<double>(j)) / span;
      const double w = weighting == Weighting::Linear ? d : d * d;
      obs += w * static_cast<double>(observed[i * k + j]) * static_cast<double>(n);
      exp += w * static_cast<double>(margA[i] * margB[j]);
    }
  }
  return 1.0 - obs / exp;
}

double fleissKappa(const std::vector<std::vector<int>>& counts) {
  constexpr const char* fn = "fleissKappa";
  if (counts.empty()) fail(fn, "no units (empty count matrix)");
  if (counts.size() < 2) fail(fn, "needs at least 2 units, got " + num(counts.size()));
  const std::size_t k = counts.front().size();
  if (k == 0) fail(fn, "unit 0 has no categories (empty row)");
  std::int64_t n = -1;  // ratings per unit
  std::vector<std::int64_t> column(k, 0);
  std::int64_t agreeingPairs = 0;  // sum_i sum_j n_ij (n_ij - 1)
  for (std::size_t u = 0; u < counts.size(); ++u) {
    const auto& row = counts[u];
    if (row.size() != k)
      fail(fn, "unit " + num(u) + " has " + num(row.size()) + " categories, unit 0 has " + num(k));
    std::int64_t sum = 0;
    for (std::size_t j = 0; j < k; ++j) {
      if (row[j] < 0) fail(fn, "unit " + num(u) + " has a negative count in category " + num(j));
      sum += row[j];
      column[j] += row[j];
      agreeingPairs += static_cast<std::int64_t>(row[j]) * (row[j] - 1);
    }
    if (sum < 2) fail(fn, "unit " + num(u) + " has " + std::to_string(sum) + " ratings; at least 2 are needed");
    if (n < 0) n = sum;
    if (sum != n)
      fail(fn, "unit " + num(u) + " has " + std::to_string(sum) + " ratings but unit 0 has " + std::to_string(n) +
                   " (every unit needs the same number of ratings)");
  }
  const auto units = static_cast<std::int64_t>(counts.size());
  const std::int64_t total = units * n;
  std::size_t used = 0;
  for (std::int64_t c : column) used += c > 0 ? 1 : 0;
  if (used <= 1) return kNaN;  // every rating in one category: P_e = 1

  const double td = static_cast<double>(total);
  const double pBar = static_cast<double>(agreeingPairs) / (td * static_cast<double>(n - 1));
  double pe = 0;
  for (std::int64_t c : column) {
    const double pj = static_cast<double>(c) / td;
    pe += pj * pj;
  }
  return (pBar - pe) / (1.0 - pe);
}

std::vector<std::vector<int>> countsFromCodes(const std::vector<std::vector<int>>& unitsByRaters) {
  constexpr const char* fn = "countsFromCodes";
  std::map<int, std::size_t> index;
  for (std::size_t u = 0; u < unitsByRaters.size(); ++u)
    for (int c : unitsByRaters[u]) {
      checkCode(fn, c, "a rater", u);
      if (c != kMissing) index.emplace(c, 0);
    }
  std::size_t next = 0;
  for (auto& [code, idx] : index) idx = next++;
  std::vector<std::vector<int>> counts(unitsByRaters.size(), std::vector<int>(index.size(), 0));
  for (std::size_t u = 0; u < unitsByRaters.size(); ++u)
    for (int c : unitsByRaters[u])
      if (c != kMissing) ++counts[u][index.at(c)];
  return counts;
}

double fleissKappa(const CodeMatrix& codes) {
  constexpr const char* fn = "fleissKappa";
  const auto& m = codes.unitsByRaters;
  if (m.empty()) fail(fn, "no units (empty code matrix)");
  if (m.size() < 2) fail(fn, "needs at least 2 units, got " + num(m.size()));
  const std::size_t raters = m.front().size();
  for (std::size_t u = 0; u < m.size(); ++u) {
    if (m[u].size() != raters)
      fail(fn, "unit " + num(u) + " has " + num(m[u].size()) + " raters, unit 0 has " + num(raters));
    for (std::size_t r = 0; r < m[u].size(); ++r) {
      if (m[u][r] == kMissing)
        fail(fn, "unit " + num(u) + " is missing a code from rater " + num(r) +
                     " (Fleiss' kappa needs every rater on every unit; use krippendorffAlpha for missing data)");
      checkCode(fn, m[u][r], "a rater", u);
    }
  }
  if (raters < 2) fail(fn, "needs at least 2 raters, got " + num(raters));
  return fleissKappa(countsFromCodes(m));
}

}  // namespace stf2m::agreement
