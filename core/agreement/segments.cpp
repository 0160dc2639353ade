// Labelled time segments to frame-sampled codes. Each segment paints the index range of the
// samples it covers, in vector order, so a later segment overwrites an earlier one. The range
// ends are found from an estimate and then corrected with the very comparison the contract
// states (start <= (i + 0.5) / rate < end), so boundaries are exact in floating point.
#include <cmath>
#include <cstdint>

#include "agreement/agreement.h"
#include "agreement/agreement_internal.h"

namespace stf2m::agreement {

using detail::fail;
using detail::num;

namespace {

constexpr double kMaxSamples = 1e9;  // ~ 9 hours at 30000 Hz; more is a caller bug

}  // namespace

std::vector<int> sampleSegments(const std::vector<Segment>& segs, double duration, double rate) {
  constexpr const char* fn = "sampleSegments";
  if (!std::isfinite(rate) || !(rate > 0)) fail(fn, "rate must be a finite number > 0, got " + std::to_string(rate));
  if (!std::isfinite(duration) || duration < 0)
    fail(fn, "duration must be a finite number >= 0, got " + std::to_string(duration));
  const double count = std::floor(duration * rate);
  if (count > kMaxSamples) fail(fn, "duration * rate asks for more than 1e9 samples");
  for (std::size_t s = 0; s < segs.size(); ++s) {
    const Segment& g = segs[s];
    if (!std::isfinite(g.start) || !std::isfinite(g.end))
      fail(fn, "segment " + num(s) + " has a NaN or infinite start or end");
    if (g.end < g.start) fail(fn, "segment " + num(s) + " ends before it starts");
    if (g.code < 0 && g.code != kMissing)
      fail(fn, "segment " + num(s) + " has invalid code " + std::to_string(g.code));
  }

  const auto samples = static_cast<std::int64_t>(count);
  auto timeOf = [rate](std::int64_t i) { return (static_cast<double>(i) + 0.5) / rate; };
  // Smallest i in [0, samples] with timeOf(i) >= x (samples when none).
  auto firstAtOrAfter = [&](double x) {
    double guess = std::ceil(x * rate - 0.5);
    if (guess < 0) guess = 0;
    if (guess > count) guess = count;
    auto i = static_cast<std::int64_t>(guess);
    while (i > 0 && timeOf(i - 1) >= x) --i;
    while (i < samples && timeOf(i) < x) ++i;
    return i;
  };

  std::vector<int> out(static_cast<std::size_t>(samples), kMissing);
  for (const Segment& g : segs) {
    const std::int64_t begin = firstAtOrAfter(g.start);
    const std::int64_t end = firstAtOrAfter(g.end);
    for (std::int64_t i = begin; i < end; ++i) out[static_cast<std::size_t>(i)] = g.code;
  }
  return out;
}

}  // namespace stf2m::agreement
