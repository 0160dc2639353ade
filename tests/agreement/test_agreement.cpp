// Inter-rater agreement statistics against published worked examples (reference values and where
// they come from are in docs/agreement.md), against second, independent formulas written here
// (brute-force pairwise Krippendorff alpha, Scott's pi, Lin's CCC), and on every error path.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "agreement/agreement.h"
#include "common/error.h"
#include "support/thrown.h"

using namespace stf2m;
using namespace stf2m::agreement;
using stf2m::test::capture;
using stf2m::test::Thrown;

namespace {

using Counts = std::vector<std::vector<int>>;  // units x categories (not a CodeMatrix)

constexpr double kExact = 1e-12;  // for values derived here as exact fractions
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Fails the test when |actual - expected| > tol (NaN never passes).
#define CHECK_CLOSE(actual, expected, tol)                                                          \
  do {                                                                                              \
    const double a_ = (actual);                                                                     \
    const double e_ = (expected);                                                                   \
    if (!(std::abs(a_ - e_) <= (tol)))                                                              \
      QFAIL(qPrintable(QString::fromLatin1(#actual " = %1, expected %2 (tolerance %3)")             \
                           .arg(a_, 0, 'g', 17)                                                     \
                           .arg(e_, 0, 'g', 17)                                                     \
                           .arg(tol)));                                                             \
  } while (0)

#define CHECK_NAN(actual)                                                                           \
  do {                                                                                              \
    const double a_ = (actual);                                                                     \
    QVERIFY2(std::isnan(a_), qPrintable(QString::fromLatin1(#actual " = %1, expected NaN").arg(a_))); \
  } while (0)

// Two rating vectors from a contingency table: table[i][j] units coded i by rater a and j by b.
void expandTable(const std::vector<std::vector<int>>& table, std::vector<int>& a, std::vector<int>& b,
                 const std::vector<int>& label = {}) {
  a.clear();
  b.clear();
  auto code = [&label](std::size_t c) { return label.empty() ? static_cast<int>(c) : label[c]; };
  for (std::size_t i = 0; i < table.size(); ++i)
    for (std::size_t j = 0; j < table[i].size(); ++j)
      for (int t = 0; t < table[i][j]; ++t) {
        a.push_back(code(i));
        b.push_back(code(j));
      }
}

// Wikipedia "Cohen's kappa" 50-unit example (rows: rater A yes/no, columns: rater B yes/no).
const std::vector<std::vector<int>> kYesNo = {{20, 5}, {10, 15}};

// Hand-computed 3x3 ordinal table (rows: rater a, columns: rater b), N = 50.
//   row totals r = (20, 15, 15), column totals c = (20, 17, 13)
//   p_o = (15 + 10 + 10) / 50 = 0.7
//   p_e = (20*20 + 15*17 + 15*13) / 50^2 = 850 / 2500 = 0.34
//   kappa = (0.7 - 0.34) / (1 - 0.34) = 0.36 / 0.66 = 6/11
// Weighted, k = 3, disagreement weights w = |i-j|/2 (linear) or (|i-j|/2)^2 (quadratic):
//   off by one: observed 3+4+1+4 = 12 units, expected sum r_i c_j = 340+300+195+255 = 1090
//   off by two: observed 2+1 = 3 units,      expected sum r_i c_j = 260+300 = 560
//   linear:    D_o = (12/2 + 3) / 50 = 9/50,  D_e = (1090/2 + 560) / 2500 = 1105/2500
//              kappa_w = 1 - 450/1105 = 131/221
//   quadratic: D_o = (12/4 + 3) / 50 = 6/50,  D_e = (1090/4 + 560) / 2500 = 832.5/2500
//              kappa_w = 1 - 300/832.5 = 71/111
const std::vector<std::vector<int>> kTable3 = {{15, 3, 2}, {4, 10, 1}, {1, 4, 10}};

// Fleiss (1971) example as given by Wikipedia "Fleiss' kappa": 10 units, 5 categories, 14 raters.
// P-bar = 172/455 = 0.378, P-bar_e = 417/1960 = 0.213, kappa = 4211/20059 = 0.20993 (published 0.210).
const std::vector<std::vector<int>> kFleiss = {
    {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
    {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};

// Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", reliability data with missing
// values: 4 observers x 12 units. Unit 12 has one value only (not pairable).
std::vector<std::vector<double>> krippendorffExample() {
  const double m = kNaN;
  return {{1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m},
          {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3},
          {m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m},
          {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m}};
}

// Shrout & Fleiss (1979), Table 1: 6 targets x 4 judges.
const std::vector<std::vector<double>> kShroutFleiss = {
    {9, 2, 5, 8}, {6, 1, 3, 2}, {8, 4, 6, 8}, {7, 1, 2, 6}, {10, 5, 6, 9}, {6, 2, 4, 7}};

// Second, independent alpha: Krippendorff's pairwise definition written out literally,
//   D_o = (1/n) sum_u 1/(m_u - 1) sum_{i != j in u} d2(v_i, v_j)
//   D_e = 1/(n(n-1)) sum_{i != j over all pairable values} d2(v_i, v_j)
// with the ordinal d computed by its defining sum over the frequencies n_g (no mid-ranks).
double bruteForceAlpha(const std::vector<std::vector<double>>& data, Metric metric) {
  std::vector<std::vector<double>> units;
  std::vector<double> all;
  for (std::size_t u = 0; u < data.front().size(); ++u) {
    std::vector<double> vals;
    for (const auto& r : data)
      if (!std::isnan(r[u])) vals.push_back(r[u]);
    if (vals.size() >= 2) {
      units.push_back(vals);
      all.insert(all.end(), vals.begin(), vals.end());
    }
  }
  std::map<double, double> frequency;  // n_g
  for (double x : all) frequency[x] += 1;
  auto freq = [&frequency](double v) { return frequency.at(v); };
  auto d2 = [&](double c, double k) -> double {
    switch (metric) {
      case Metric::Nominal: return c == k ? 0.0 : 1.0;
      case Metric::Interval: return (c - k) * (c - k);
      case Metric::Ratio: return c == k ? 0.0 : ((c - k) / (c + k)) * ((c - k) / (c + k));
      case Metric::Ordinal: {
        if (c == k) return 0.0;
        const double lo = std::min(c, k), hi = std::max(c, k);
        double between = 0;
        for (double x : all) between += (x >= lo && x <= hi) ? 1 : 0;
        const double d = between - (freq(c) + freq(k)) / 2.0;
        return d * d;
      }
    }
    return 0.0;
  };
  const double n = static_cast<double>(all.size());
  double dObserved = 0;
  for (const auto& vals : units)
    for (std::size_t i = 0; i < vals.size(); ++i)
      for (std::size_t j = 0; j < vals.size(); ++j)
        if (i != j) dObserved += d2(vals[i], vals[j]) / static_cast<double>(vals.size() - 1);
  dObserved /= n;
  double dExpected = 0;
  for (std::size_t i = 0; i < all.size(); ++i)
    for (std::size_t j = 0; j < all.size(); ++j)
      if (i != j) dExpected += d2(all[i], all[j]);
  dExpected /= n * (n - 1);
  return 1.0 - dObserved / dExpected;
}

// Deterministic pseudo-random numbers (no dependence on the standard library's engines).
struct Lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint32_t>(n)); }
  double uniform() { return next() / 2147483648.0; }  // [0, 1)
};

// Scott's pi for two raters, by its own definition: pooled marginals for p_e.
double scottsPi(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<double> pooled(64, 0.0);
  double agree = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    pooled[static_cast<std::size_t>(a[i])] += 1;
    pooled[static_cast<std::size_t>(b[i])] += 1;
    agree += a[i] == b[i] ? 1 : 0;
  }
  const double n = static_cast<double>(a.size());
  double pe = 0;
  for (double p : pooled) pe += (p / (2 * n)) * (p / (2 * n));
  return (agree / n - pe) / (1 - pe);
}

struct ErrorCase {
  const char* label;
  const char* subject;
  const char* fragment;  // must appear in the message
  std::function<void()> call;
};

}  // namespace

class TestAgreement : public QObject {
  Q_OBJECT

  void expectErrors(const std::vector<ErrorCase>& cases) {
    for (const ErrorCase& c : cases) {
      const Thrown t = capture(c.call);
      const QString label = QString::fromLatin1(c.label);
      QVERIFY2(t.is(ErrorCode::InvalidArgument), qPrintable(label + QStringLiteral(": ") + t.describe()));
      QVERIFY2(t.subject == c.subject,
               qPrintable(label + QStringLiteral(": subject '") + QString::fromStdString(t.subject) +
                          QStringLiteral("', expected '") + QString::fromLatin1(c.subject) + QStringLiteral("'")));
      QVERIFY2(t.what.find(c.fragment) != std::string::npos,
               qPrintable(label + QStringLiteral(": message '") + QString::fromStdString(t.what) +
                          QStringLiteral("' lacks '") + QString::fromLatin1(c.fragment) + QStringLiteral("'")));
    }
  }

 private Q_SLOTS:
  // ---- Cohen's kappa --------------------------------------------------------------------------

  void cohenWikipediaYesNo() {
    // p_o = (20 + 15) / 50 = 0.7; A says yes 25/50, B says yes 30/50;
    // p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    std::vector<int> a, b;
    expandTable(kYesNo, a, b);
    QCOMPARE(a.size(), std::size_t(50));
    CHECK_CLOSE(cohensKappa(a, b), 0.4, kExact);
  }

  void cohenHandComputed3x3() {
    std::vector<int> a, b;
    expandTable(kTable3, a, b);
    CHECK_CLOSE(cohensKappa(a, b), 6.0 / 11.0, kExact);
    CHECK_CLOSE(cohensKappa(b, a), 6.0 / 11.0, kExact);  // symmetric
  }

  void cohenDropsMissingUnits() {
    std::vector<int> a, b;
    expandTable(kTable3, a, b);
    a.insert(a.begin() + 7, kMissing);
    b.insert(b.begin() + 7, 2);
    a.push_back(1);
    b.push_back(kMissing);
    a.push_back(kMissing);
    b.push_back(kMissing);
    CHECK_CLOSE(cohensKappa(a, b), 6.0 / 11.0, kExact);
  }

  void cohenRelabellingInvariance() {
    // Arbitrary, non-monotone labels: kappa only depends on the partition.
    std::vector<int> a, b;
    expandTable(kTable3, a, b, {7, 42, 3});
    CHECK_CLOSE(cohensKappa(a, b), 6.0 / 11.0, kExact);
  }

  void cohenIdenticalRatersIsOne() {
    const std::vector<int> a = {0, 1, 2, 2, 1, 0, 3, 5, 5};
    QCOMPARE(cohensKappa(a, a), 1.0);
    QCOMPARE(weightedCohensKappa(a, a, 6, Weighting::Linear), 1.0);
    QCOMPARE(weightedCohensKappa(a, a, 6, Weighting::Quadratic), 1.0);
  }

  void cohenDegenerateCases() {
    // Both raters used one single category: p_e = 1, kappa = 0/0 -> NaN (documented).
    CHECK_NAN(cohensKappa({4, 4, 4, 4}, {4, 4, 4, 4}));
    CHECK_NAN(cohensKappa({4, 4, kMissing, 4}, {4, 4, 1, 4}));  // the 1 is dropped with its unit
    CHECK_NAN(weightedCohensKappa({2, 2, 2}, {2, 2, 2}, 3, Weighting::Quadratic));
    // Only one rater constant: p_o = 0.5, p_e = 1 * 0.5 = 0.5 -> kappa = 0, defined.
    CHECK_CLOSE(cohensKappa({1, 1, 1, 1}, {1, 0, 1, 0}), 0.0, kExact);
  }

  void weightedKappaHandComputed3x3() {
    std::vector<int> a, b;
    expandTable(kTable3, a, b);
    CHECK_CLOSE(weightedCohensKappa(a, b, 3, Weighting::Linear), 131.0 / 221.0, kExact);
    CHECK_CLOSE(weightedCohensKappa(a, b, 3, Weighting::Quadratic), 71.0 / 111.0, kExact);
    // An unused top category changes the weights' scale (k - 1) but not the ratio.
    CHECK_CLOSE(weightedCohensKappa(a, b, 5, Weighting::Linear), 131.0 / 221.0, kExact);
  }

  void weightedKappaTwoCategoriesIsCohen() {
    // With k = 2 every disagreement weighs 1, so both weightings reduce to Cohen's kappa.
    std::vector<int> a, b;
    expandTable(kYesNo, a, b);
    CHECK_CLOSE(weightedCohensKappa(a, b, 2, Weighting::Linear), 0.4, kExact);
    CHECK_CLOSE(weightedCohensKappa(a, b, 2, Weighting::Quadratic), 0.4, kExact);
  }

  void quadraticKappaEqualsConcordanceOnCodes() {
    // Identity: with w = (i-j)^2, sum w o / N = mean((x-y)^2) = (mx-my)^2 + sx^2 + sy^2 - 2 sxy and
    // sum w e / N = (mx-my)^2 + sx^2 + sy^2 (independent marginals), so quadratic kappa =
    // 2 sxy / (sx^2 + sy^2 + (mx-my)^2) = Lin's CCC of the codes (population moments), exactly.
    Lcg rng{12345};
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<int> a, b;
      std::vector<double> x, y;
      for (int i = 0; i < 60; ++i) {
        const int ca = rng.below(5);
        const int cb = std::clamp(ca + rng.below(3) - 1 + (trial % 3 == 0 ? 1 : 0), 0, 4);
        a.push_back(ca);
        b.push_back(cb);
        x.push_back(ca);
        y.push_back(cb);
      }
      CHECK_CLOSE(weightedCohensKappa(a, b, 5, Weighting::Quadratic), concordanceCorrelation(x, y), 1e-12);
    }
  }

  // ---- Fleiss' kappa --------------------------------------------------------------------------

  void fleissWikipediaExample() {
    const double kappa = fleissKappa(kFleiss);
    CHECK_CLOSE(kappa, 0.210, 5e-4);             // published, 3 decimals
    CHECK_CLOSE(kappa, 4211.0 / 20059.0, kExact);  // exact: (P - Pe)/(1 - Pe), P = 172/455, Pe = 417/1960
  }

  void fleissFromCodesMatchesCounts() {
    // Rebuild a units x 14 raters code matrix from the Wikipedia counts, with labels 10..50.
    std::vector<std::vector<int>> codes;
    for (const auto& row : kFleiss) {
      std::vector<int> unit;
      for (std::size_t j = 0; j < row.size(); ++j)
        for (int t = 0; t < row[j]; ++t) unit.push_back(static_cast<int>(10 * (j + 1)));
      codes.push_back(unit);
    }
    CHECK_CLOSE(fleissKappa(CodeMatrix{codes}), 4211.0 / 20059.0, kExact);
    QCOMPARE(countsFromCodes(codes), kFleiss);
    // Relabelling (a permutation of the labels) leaves kappa unchanged.
    for (auto& unit : codes)
      for (int& c : unit) c = (c == 10 ? 50 : c == 50 ? 10 : c == 20 ? 7 : c);
    CHECK_CLOSE(fleissKappa(CodeMatrix{codes}), 4211.0 / 20059.0, kExact);
  }

  void fleissTwoRatersIsScottsPi() {
    // Wikipedia yes/no data: pooled yes = (25 + 30)/100 = 0.55, no = 0.45;
    // p_e = 0.55^2 + 0.45^2 = 0.505; pi = (0.7 - 0.505)/(1 - 0.505) = 0.195/0.495 = 13/33.
    std::vector<int> a, b;
    expandTable(kYesNo, a, b);
    std::vector<std::vector<int>> codes;
    for (std::size_t i = 0; i < a.size(); ++i) codes.push_back({a[i], b[i]});
    CHECK_CLOSE(scottsPi(a, b), 13.0 / 33.0, kExact);
    CHECK_CLOSE(fleissKappa(CodeMatrix{codes}), 13.0 / 33.0, kExact);
  }

  void fleissDegenerate() {
    CHECK_NAN(fleissKappa(Counts{{3, 0}, {3, 0}, {3, 0}}));
    CHECK_NAN(fleissKappa(CodeMatrix{{{5, 5}, {5, 5}}}));
  }

  // ---- Krippendorff's alpha -------------------------------------------------------------------

  void alphaKrippendorffExample() {
    const auto data = krippendorffExample();
    // Published (Krippendorff 2011): nominal .743, ordinal .815, interval .849, ratio .797.
    // Exact fractions were derived independently (rational arithmetic over the pairwise definition).
    const double nominal = krippendorffAlpha(data, Metric::Nominal);
    const double ordinal = krippendorffAlpha(data, Metric::Ordinal);
    const double interval = krippendorffAlpha(data, Metric::Interval);
    const double ratio = krippendorffAlpha(data, Metric::Ratio);
    CHECK_CLOSE(nominal, 0.743, 5e-4);
    CHECK_CLOSE(ordinal, 0.815, 5e-4);
    CHECK_CLOSE(interval, 0.849, 5e-4);
    CHECK_CLOSE(ratio, 0.797, 5e-4);
    CHECK_CLOSE(nominal, 113.0 / 152.0, kExact);
    CHECK_CLOSE(ordinal, 108577.0 / 133160.0, kExact);
    CHECK_CLOSE(interval, 951.0 / 1120.0, kExact);
    CHECK_CLOSE(ratio, 18222619.0 / 22852465.0, kExact);
    // And the brute-force pairwise formula agrees.
    for (Metric m : {Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio})
      CHECK_CLOSE(krippendorffAlpha(data, m), bruteForceAlpha(data, m), kExact);
  }

  void alphaIgnoresUnpairableUnits() {
    auto data = krippendorffExample();
    const double before = krippendorffAlpha(data, Metric::Interval);
    // A unit coded by one observer only, with a value seen nowhere else: no effect.
    for (std::size_t r = 0; r < data.size(); ++r) data[r].push_back(r == 2 ? 9.0 : kNaN);
    // A unit nobody coded: no effect.
    for (auto& row : data) row.push_back(kNaN);
    CHECK_CLOSE(krippendorffAlpha(data, Metric::Interval), before, kExact);
    CHECK_CLOSE(krippendorffAlpha(data, Metric::Nominal), 113.0 / 152.0, kExact);
  }

  void alphaMatchesBruteForceOnRandomData() {
    Lcg rng{2024};
    for (int trial = 0; trial < 12; ++trial) {
      const int raters = 2 + trial % 4;
      const int units = 10 + 7 * trial;
      const bool continuous = trial % 2 == 1;
      std::vector<std::vector<double>> data(static_cast<std::size_t>(raters));
      for (int u = 0; u < units; ++u) {
        const double truth = continuous ? 1.0 + 4.0 * rng.uniform() : 1.0 + rng.below(5);
        for (auto& row : data) {
          double v = continuous ? truth + rng.uniform() - 0.5 : (rng.below(3) == 0 ? 1.0 + rng.below(5) : truth);
          if (continuous) v = std::max(v, 0.0);
          row.push_back(rng.below(4) == 0 ? kNaN : v);
        }
      }
      for (Metric m : {Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio}) {
        const double got = krippendorffAlpha(data, m);
        const double want = bruteForceAlpha(data, m);
        QVERIFY2(std::abs(got - want) <= 1e-10,
                 qPrintable(QStringLiteral("trial %1 metric %2: %3 vs brute force %4")
                                .arg(trial)
                                .arg(static_cast<int>(m))
                                .arg(got, 0, 'g', 17)
                                .arg(want, 0, 'g', 17)));
      }
    }
  }

  void alphaNominalTwoRatersVersusScottsPi() {
    // Asserted exact relation (2 raters, no missing data, N units, n = 2N pairable values):
    // D_o = (disagreeing units)/N = 1 - p_o and D_e = n/(n-1) * (1 - p_e(Scott)), hence
    //   alpha = 1 - (1 - pi) * (n - 1) / n.
    // Wikipedia yes/no data: pi = 13/33, n = 100 -> alpha = 1 - (20/33)(99/100) = 0.4.
    std::vector<int> a, b;
    expandTable(kYesNo, a, b);
    std::vector<std::vector<double>> data(2);
    for (std::size_t i = 0; i < a.size(); ++i) {
      data[0].push_back(a[i]);
      data[1].push_back(b[i]);
    }
    CHECK_CLOSE(krippendorffAlpha(data, Metric::Nominal), 0.4, kExact);

    Lcg rng{77};
    for (int trial = 0; trial < 10; ++trial) {
      std::vector<int> x, y;
      std::vector<std::vector<double>> d(2);
      const int units = 8 + 9 * trial;
      for (int u = 0; u < units; ++u) {
        const int c = rng.below(4);
        x.push_back(c);
        y.push_back(rng.below(3) == 0 ? rng.below(4) : c);
        d[0].push_back(x.back());
        d[1].push_back(y.back());
      }
      const double n = 2.0 * units;
      const double pi = scottsPi(x, y);
      CHECK_CLOSE(krippendorffAlpha(d, Metric::Nominal), 1.0 - (1.0 - pi) * (n - 1.0) / n, 1e-12);
    }
  }

  void alphaIdenticalAndDegenerate() {
    const std::vector<std::vector<double>> same = {{1, 2, 3, kNaN, 5}, {1, 2, 3, 4, 5}, {kNaN, 2, 3, 4, 5}};
    for (Metric m : {Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio})
      CHECK_CLOSE(krippendorffAlpha(same, m), 1.0, kExact);
    // Every pairable value equal: expected disagreement 0 -> NaN (documented). The lone 9 is in
    // an unpairable unit and does not count.
    const std::vector<std::vector<double>> flat = {{2, 2, kNaN, 9}, {2, 2, 2, kNaN}, {kNaN, 2, 2, kNaN}};
    for (Metric m : {Metric::Nominal, Metric::Ordinal, Metric::Interval, Metric::Ratio})
      CHECK_NAN(krippendorffAlpha(flat, m));
  }

  // ---- Lin's concordance correlation ----------------------------------------------------------

  void concordanceValues() {
    const std::vector<double> x = {1, 2, 3, 4, 5};  // mean 3, population variance 2
    QCOMPARE(concordanceCorrelation(x, x), 1.0);
    // Shift y = x + c: s_xy = s^2, so rho_c = 2 s^2 / (2 s^2 + c^2) (Lin 1989, location shift).
    for (double c : {0.5, 1.0, -3.0}) {
      std::vector<double> y;
      for (double v : x) y.push_back(v + c);
      CHECK_CLOSE(concordanceCorrelation(x, y), 4.0 / (4.0 + c * c), kExact);
    }
    // Hand computed: y = (2, 3, 3, 5, 6): mean 3.8, s_y^2 = 10.8/5 = 2.16,
    // s_xy = (3.6 + 0.8 + 0 + 1.2 + 4.4)/5 = 2, rho_c = 4 / (2 + 2.16 + 0.8^2) = 4/4.8 = 5/6.
    CHECK_CLOSE(concordanceCorrelation(x, {2, 3, 3, 5, 6}), 5.0 / 6.0, kExact);
    // y = -x: s_xy = -2, means 3 and -3: rho_c = -4 / (2 + 2 + 36) = -0.1.
    CHECK_CLOSE(concordanceCorrelation(x, {-1, -2, -3, -4, -5}), -0.1, kExact);
    // Both constant and equal: 0/0 -> NaN. Both constant, different: 0.
    CHECK_NAN(concordanceCorrelation({2, 2, 2}, {2, 2, 2}));
    CHECK_CLOSE(concordanceCorrelation({2, 2, 2}, {3, 3, 3}), 0.0, kExact);
  }

  // ---- ICC ------------------------------------------------------------------------------------

  void iccShroutFleiss() {
    // Mean squares, Shrout & Fleiss (1979) Table 2: BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02.
    const IccMeanSquares ms = iccMeanSquares(kShroutFleiss);
    QCOMPARE(ms.units, 6);
    QCOMPARE(ms.raters, 4);
    CHECK_CLOSE(ms.bms, 11.24, 0.005);
    CHECK_CLOSE(ms.wms, 6.26, 0.005);
    CHECK_CLOSE(ms.jms, 32.49, 0.005);
    CHECK_CLOSE(ms.ems, 1.02, 0.005);
    CHECK_CLOSE(ms.bms, 1349.0 / 120.0, kExact);
    CHECK_CLOSE(ms.wms, 451.0 / 72.0, kExact);
    CHECK_CLOSE(ms.jms, 2339.0 / 72.0, kExact);
    CHECK_CLOSE(ms.ems, 367.0 / 360.0, kExact);
    // Published ICCs (Table 4), 2 decimals, then the exact fractions from the mean squares above.
    const struct {
      IccForm form;
      double published, exact;
    } rows[] = {
        {IccForm::ICC1_1, 0.17, 448.0 / 2703.0},   {IccForm::ICC2_1, 0.29, 184.0 / 635.0},
        {IccForm::ICC3_1, 0.71, 920.0 / 1287.0},   {IccForm::ICC1_k, 0.44, 1792.0 / 4047.0},
        {IccForm::ICC2_k, 0.62, 736.0 / 1187.0},   {IccForm::ICC3_k, 0.91, 3680.0 / 4047.0},
    };
    for (const auto& r : rows) {
      const double v = icc(kShroutFleiss, r.form);
      CHECK_CLOSE(v, r.published, 0.005);
      CHECK_CLOSE(v, r.exact, kExact);
    }
  }

  void iccProperties() {
    // Identical raters, different targets: every form is 1.
    const std::vector<std::vector<double>> same = {{1, 1, 1}, {4, 4, 4}, {2, 2, 2}, {7, 7, 7}};
    for (IccForm f : {IccForm::ICC1_1, IccForm::ICC2_1, IccForm::ICC3_1, IccForm::ICC1_k, IccForm::ICC2_k,
                      IccForm::ICC3_k})
      CHECK_CLOSE(icc(same, f), 1.0, kExact);
    // A constant offset on one judge leaves consistency (ICC3) unchanged and lowers absolute
    // agreement (ICC2).
    auto shifted = kShroutFleiss;
    for (auto& row : shifted) row[0] += 3.0;  // judge 1 already rates highest
    CHECK_CLOSE(icc(shifted, IccForm::ICC3_1), 920.0 / 1287.0, 1e-12);
    CHECK_CLOSE(icc(shifted, IccForm::ICC3_k), 3680.0 / 4047.0, 1e-12);
    QVERIFY(icc(shifted, IccForm::ICC2_1) < 184.0 / 635.0);
    // All values equal: every denominator is 0 -> NaN.
    const std::vector<std::vector<double>> flat = {{3, 3}, {3, 3}, {3, 3}};
    for (IccForm f : {IccForm::ICC1_1, IccForm::ICC2_1, IccForm::ICC3_1, IccForm::ICC1_k, IccForm::ICC2_k,
                      IccForm::ICC3_k})
      CHECK_NAN(icc(flat, f));
  }

  // ---- sampleSegments -------------------------------------------------------------------------

  void segmentsBoundariesAreExact() {
    // rate 4: samples at 0.125, 0.375, ..., 1.875 (8 of them for 2 s).
    const auto s = sampleSegments({{0.375, 0.875, 1}}, 2.0, 4.0);
    QCOMPARE(s, (std::vector<int>{kMissing, 1, 1, kMissing, kMissing, kMissing, kMissing, kMissing}));
    // rate 10: sample 1 is at t = 0.15 (start, included), sample 2 at 0.25 (end, excluded).
    const auto d = sampleSegments({{0.15, 0.25, 3}}, 0.5, 10.0);
    QCOMPARE(d, (std::vector<int>{kMissing, 3, kMissing, kMissing, kMissing}));
    // 30 fps, [1 s, 2 s): samples 30..59.
    const auto f = sampleSegments({{1.0, 2.0, 6}}, 10.0, 30.0);
    QCOMPARE(f.size(), std::size_t(300));
    for (std::size_t i = 0; i < f.size(); ++i) QCOMPARE(f[i], (i >= 30 && i < 60) ? 6 : kMissing);
  }

  void segmentsOverlapsAndGaps() {
    // rate 2: samples at 0.25, 0.75, 1.25, 1.75, 2.25, 2.75.
    const std::vector<Segment> ab = {{0.0, 1.5, 1}, {1.0, 2.0, 2}};
    QCOMPARE(sampleSegments(ab, 3.0, 2.0), (std::vector<int>{1, 1, 2, 2, kMissing, kMissing}));
    const std::vector<Segment> ba = {{1.0, 2.0, 2}, {0.0, 1.5, 1}};
    QCOMPARE(sampleSegments(ba, 3.0, 2.0), (std::vector<int>{1, 1, 1, 2, kMissing, kMissing}));
    // Gap between segments, a later kMissing segment blanks, an empty segment covers nothing,
    // parts outside [0, duration) are ignored.
    const std::vector<Segment> gaps = {{-5.0, 0.5, 4}, {2.0, 9.0, 5}, {2.5, 3.0, kMissing}, {1.25, 1.25, 7}};
    QCOMPARE(sampleSegments(gaps, 3.0, 2.0), (std::vector<int>{4, kMissing, kMissing, kMissing, 5, kMissing}));
    // Sample count is floor(duration * rate).
    QCOMPARE(sampleSegments({}, 1.99, 4.0).size(), std::size_t(7));
    QVERIFY(sampleSegments({{0, 1, 1}}, 0.0, 25.0).empty());
  }

  void segmentsMatchBruteForce() {
    Lcg rng{99};
    for (int trial = 0; trial < 30; ++trial) {
      const double rate = (trial % 3 == 0) ? 25.0 : (trial % 3 == 1) ? 29.97 : 30.0;
      const double duration = 4.0 + rng.uniform() * 6.0;
      std::vector<Segment> segs;
      for (int s = 0; s < 12; ++s) {
        // Half the boundaries sit exactly on sample times, the rest anywhere.
        auto boundary = [&] {
          return rng.below(2) == 0 ? (rng.below(int(duration * rate)) + 0.5) / rate : rng.uniform() * duration;
        };
        double a = boundary(), b = boundary();
        if (b < a) std::swap(a, b);
        segs.push_back({a, b, rng.below(6)});
      }
      const auto got = sampleSegments(segs, duration, rate);
      const auto n = static_cast<std::size_t>(std::floor(duration * rate));
      QCOMPARE(got.size(), n);
      for (std::size_t i = 0; i < n; ++i) {
        const double t = (static_cast<double>(i) + 0.5) / rate;
        int want = kMissing;
        for (auto it = segs.rbegin(); it != segs.rend(); ++it)
          if (it->start <= t && t < it->end) {
            want = it->code;
            break;
          }
        QVERIFY2(got[i] == want, qPrintable(QStringLiteral("trial %1 sample %2").arg(trial).arg(i)));
      }
    }
  }

  // ---- Error paths ----------------------------------------------------------------------------

  void errorsCategorical() {
    const std::vector<int> ok = {0, 1, 0, 1};
    expectErrors({
        {"cohen empty", "cohensKappa", "empty", [] { cohensKappa({}, {}); }},
        {"cohen size mismatch", "cohensKappa", "4 units", [&] { cohensKappa(ok, {0, 1, 0}); }},
        {"cohen invalid code", "cohensKappa", "invalid code -2", [&] { cohensKappa(ok, {0, -2, 0, 1}); }},
        {"cohen one unit", "cohensKappa", "fewer than 2 units", [] { cohensKappa({1}, {1}); }},
        {"cohen all missing", "cohensKappa", "fewer than 2 units",
         [] { cohensKappa({kMissing, 1, kMissing}, {0, kMissing, 1}); }},
        {"weighted k < 2", "weightedCohensKappa", "numCategories",
         [&] { weightedCohensKappa(ok, ok, 1, Weighting::Linear); }},
        {"weighted code out of range", "weightedCohensKappa", "outside 0..1",
         [] { weightedCohensKappa({0, 1, 2}, {0, 1, 1}, 2, Weighting::Linear); }},
        {"weighted size mismatch", "weightedCohensKappa", "units",
         [&] { weightedCohensKappa(ok, {0}, 2, Weighting::Quadratic); }},
        {"fleiss empty", "fleissKappa", "empty", [] { fleissKappa(Counts{}); }},
        {"fleiss one unit", "fleissKappa", "at least 2 units", [] { fleissKappa(Counts{{1, 2}}); }},
        {"fleiss ragged", "fleissKappa", "unit 1 has 3 categories", [] { fleissKappa(Counts{{1, 2}, {1, 1, 1}}); }},
        {"fleiss negative", "fleissKappa", "negative", [] { fleissKappa(Counts{{1, 2}, {4, -1}}); }},
        {"fleiss unequal n", "fleissKappa", "unit 3 has 13 ratings",
         [] {
           auto c = kFleiss;
           c[3][2] = 8;
           fleissKappa(c);
         }},
        {"fleiss n < 2", "fleissKappa", "unit 0 has 1 ratings", [] { fleissKappa(Counts{{1, 0}, {0, 1}}); }},
        {"fleiss codes missing", "fleissKappa", "unit 1 is missing a code from rater 2",
         [] { fleissKappa(CodeMatrix{{{1, 2, 1}, {1, 1, kMissing}}}); }},
        {"fleiss codes ragged", "fleissKappa", "unit 1 has 2 raters",
         [] { fleissKappa(CodeMatrix{{{1, 2, 1}, {1, 1}}}); }},
        {"fleiss codes invalid", "fleissKappa", "invalid code -7",
         [] { fleissKappa(CodeMatrix{{{1, 2}, {-7, 1}}}); }},
        {"fleiss codes one rater", "fleissKappa", "at least 2 raters", [] { fleissKappa(CodeMatrix{{{1}, {2}}}); }},
        {"fleiss codes one unit", "fleissKappa", "at least 2 units", [] { fleissKappa(CodeMatrix{{{1, 2}}}); }},
    });
  }

  void errorsAlpha() {
    expectErrors({
        {"alpha empty", "krippendorffAlpha", "empty", [] { krippendorffAlpha({}, Metric::Nominal); }},
        {"alpha ragged", "krippendorffAlpha", "rater 1 has 2 units",
         [] { krippendorffAlpha({{1, 2, 3}, {1, 2}}, Metric::Nominal); }},
        {"alpha one unit", "krippendorffAlpha", "at least 2 units",
         [] { krippendorffAlpha({{1}, {1}}, Metric::Interval); }},
        {"alpha infinite", "krippendorffAlpha", "infinite",
         [] { krippendorffAlpha({{1, 2}, {1, std::numeric_limits<double>::infinity()}}, Metric::Interval); }},
        {"alpha nothing pairable", "krippendorffAlpha", "pairable",
         [] { krippendorffAlpha({{1, kNaN}, {kNaN, 2}}, Metric::Nominal); }},
        {"alpha ratio negative", "krippendorffAlpha", "ratio metric",
         [] { krippendorffAlpha({{1, 2}, {1, -2}}, Metric::Ratio); }},
    });
  }

  void errorsContinuous() {
    const std::vector<double> x = {1, 2, 3};
    expectErrors({
        {"ccc empty", "concordanceCorrelation", "empty", [] { concordanceCorrelation({}, {}); }},
        {"ccc mismatch", "concordanceCorrelation", "y has 2", [&] { concordanceCorrelation(x, {1, 2}); }},
        {"ccc one unit", "concordanceCorrelation", "at least 2 units", [] { concordanceCorrelation({1}, {1}); }},
        {"ccc NaN", "concordanceCorrelation", "unit 1", [&] { concordanceCorrelation(x, {1, kNaN, 3}); }},
        {"icc empty", "icc", "empty", [] { icc({}, IccForm::ICC2_1); }},
        {"icc ragged", "icc", "unit 1 has 1 raters", [] { icc({{1, 2}, {3}}, IccForm::ICC2_1); }},
        {"icc one unit", "icc", "at least 2 units", [] { icc({{1, 2}}, IccForm::ICC3_1); }},
        {"icc one rater", "icc", "at least 2 raters", [] { icc({{1}, {2}}, IccForm::ICC1_1); }},
        {"icc NaN", "icc", "unit 1, rater 0", [] { icc({{1, 2}, {kNaN, 3}}, IccForm::ICC1_k); }},
        {"mean squares", "iccMeanSquares", "at least 2 units", [] { iccMeanSquares({{1, 2}}); }},
    });
  }

  void errorsSegments() {
    const std::vector<Segment> ok = {{0, 1, 0}};
    expectErrors({
        {"rate zero", "sampleSegments", "rate", [&] { sampleSegments(ok, 1.0, 0.0); }},
        {"rate NaN", "sampleSegments", "rate", [&] { sampleSegments(ok, 1.0, kNaN); }},
        {"duration negative", "sampleSegments", "duration", [&] { sampleSegments(ok, -1.0, 25.0); }},
        {"duration infinite", "sampleSegments", "duration",
         [&] { sampleSegments(ok, std::numeric_limits<double>::infinity(), 25.0); }},
        {"too many samples", "sampleSegments", "1e9", [&] { sampleSegments(ok, 1e6, 1e4); }},
        {"segment reversed", "sampleSegments", "segment 1 ends before it starts",
         [] { sampleSegments({{0, 1, 0}, {2, 1, 0}}, 3.0, 25.0); }},
        {"segment NaN", "sampleSegments", "segment 0", [] { sampleSegments({{kNaN, 1, 0}}, 3.0, 25.0); }},
        {"segment code", "sampleSegments", "invalid code -3", [] { sampleSegments({{0, 1, -3}}, 3.0, 25.0); }},
    });
  }
};

QTEST_GUILESS_MAIN(TestAgreement)
#include "test_agreement.moc"
