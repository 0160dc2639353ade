#pragma once
// Inter-rater agreement statistics for emotion annotations (no Qt).
//
// Conventions shared by every function (docs/agreement.md has the formulas):
// - Nominal codes are non-negative ints; kMissing (-1) means "this rater did not code this unit".
//   Any other negative code is an error.
// - Continuous ratings are doubles; where missing data is allowed (krippendorffAlpha only) it is
//   NaN. Infinite values are always an error, and so is NaN where missing data is not allowed.
// - Bad input (empty, sizes that disagree, fewer than 2 usable units, invalid codes) throws
//   stf2m::Error(ErrorCode::InvalidArgument) whose subject is the function name; unit and rater
//   indices in messages are 0-based.
// - A statistic that is undefined for valid input (0/0: expected agreement 1 because every rating
//   fell in one category, or zero variance) is returned as NaN, never thrown.
#include <vector>

namespace stf2m::agreement {

inline constexpr int kMissing = -1;

// ---- Categorical ------------------------------------------------------------------------------

// Cohen's kappa for two raters over the same units. Units where either rater is kMissing are
// dropped; at least 2 units must remain. Codes are arbitrary non-negative labels.
// kappa = (p_o - p_e) / (1 - p_e); NaN when p_e == 1 (both raters used one single category).
double cohensKappa(const std::vector<int>& a, const std::vector<int>& b);

enum class Weighting { Linear, Quadratic };

// Weighted Cohen's kappa for ordinal codes 0..numCategories-1 (numCategories >= 2), disagreement
// weights |i-j|/(k-1) (Linear) or ((i-j)/(k-1))^2 (Quadratic). Missing units are dropped as above.
double weightedCohensKappa(const std::vector<int>& a, const std::vector<int>& b, int numCategories,
                           Weighting weighting);

// Fleiss' kappa from a units x categories matrix of counts (how many raters put unit i in
// category j). At least 2 units; every unit must have the same number of ratings n >= 2.
// NaN when all ratings fall in one category.
double fleissKappa(const std::vector<std::vector<int>>& counts);

// Units x raters matrix of codes, for the fleissKappa overload below (a distinct type because a
// count matrix has the same C++ type). Categories are the distinct codes observed. Every rater
// must code every unit (kMissing is refused: Fleiss' kappa needs the same n for every unit).
struct CodeMatrix {
  std::vector<std::vector<int>> unitsByRaters;
};
double fleissKappa(const CodeMatrix& codes);

// Counts matrix (units x distinct codes in ascending order) built from a units x raters code
// matrix; kMissing entries are skipped. Exposed for callers that want to show the table.
std::vector<std::vector<int>> countsFromCodes(const std::vector<std::vector<int>>& unitsByRaters);

// ---- Krippendorff's alpha ---------------------------------------------------------------------

enum class Metric { Nominal, Ordinal, Interval, Ratio };

// Krippendorff's alpha over a raters x units matrix (NaN = missing), coincidence-matrix
// formulation over the distinct observed values. Units with fewer than 2 values are not
// pairable and are ignored; at least one pairable unit is required. Ratio needs values >= 0.
// alpha = 1 - (n-1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck; NaN when all pairable values are
// equal (expected disagreement 0).
double krippendorffAlpha(const std::vector<std::vector<double>>& data, Metric metric);

// ---- Continuous -------------------------------------------------------------------------------

// Lin's concordance correlation coefficient, population (1/n) moments:
// rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2). NaN when the denominator is 0
// (both series constant and equal).
double concordanceCorrelation(const std::vector<double>& x, const std::vector<double>& y);

// Shrout & Fleiss (1979) forms. ICC1_k / ICC2_k / ICC3_k are the average-measures forms
// ICC(1,k), ICC(2,k), ICC(3,k) with k = number of raters in the data.
enum class IccForm {
  ICC1_1,  // one-way random, single rater
  ICC2_1,  // two-way random, absolute agreement, single rater
  ICC3_1,  // two-way mixed, consistency, single rater
  ICC1_k,  // one-way random, mean of k raters
  ICC2_k,  // two-way random, absolute agreement, mean of k raters
  ICC3_k,  // two-way mixed, consistency, mean of k raters
};

// ANOVA mean squares of a units x raters table, Shrout & Fleiss names.
struct IccMeanSquares {
  double bms = 0;  // between targets (units), df n-1
  double wms = 0;  // within targets, df n(k-1)
  double jms = 0;  // between judges (raters), df k-1
  double ems = 0;  // residual, df (n-1)(k-1)
  int units = 0;   // n
  int raters = 0;  // k
};

// data: units x raters, complete (no NaN), at least 2 units and 2 raters.
IccMeanSquares iccMeanSquares(const std::vector<std::vector<double>>& data);
// NaN when the form's denominator is 0 (e.g. all values equal).
double icc(const std::vector<std::vector<double>>& data, IccForm form);

// ---- Segments to frame codes ------------------------------------------------------------------

struct Segment {
  double start = 0;  // seconds, inclusive
  double end = 0;    // seconds, exclusive
  int code = 0;      // >= 0, or kMissing to blank out earlier segments
};

// Samples the segments at t_i = (i + 0.5) / rate for i in [0, floor(duration * rate)): the code
// of the segment with start <= t_i < end (on overlaps the later segment in the vector wins),
// kMissing where none covers t_i. duration >= 0 and rate > 0, both finite; segments need finite
// start <= end.
std::vector<int> sampleSegments(const std::vector<Segment>& segs, double duration, double rate);

}  // namespace stf2m::agreement
