#include "ui/trace_stroke.h"

#include <algorithm>
#include <cmath>

namespace stf2m::ui {

namespace {

// The sample index nearest to `seconds` on the trace's grid (may lie outside the trace).
long long indexAt(const TraceSamples& s, double seconds) { return std::llround((seconds - s.start) * s.rate); }

// Grows the trace so that indices [first, last] exist; returns how far the old samples moved.
long long cover(TraceSamples& s, long long first, long long last) {
  const long long before = std::max(0LL, -first);
  const long long n = static_cast<long long>(s.values.size());
  const long long after = std::max(0LL, last - (n - 1));
  if (before > 0) {
    s.values.insert(s.values.begin(), static_cast<size_t>(before), 0.0f);
    s.start -= static_cast<double>(before) / s.rate;
  }
  if (after > 0) s.values.insert(s.values.end(), static_cast<size_t>(after), 0.0f);
  return before;
}

// Samples (from, to) exclusive become the straight line between the two known ends.
void bridge(std::vector<float>& v, long long from, long long to) {
  for (long long i = from + 1; i < to; ++i) {
    const double f = static_cast<double>(i - from) / static_cast<double>(to - from);
    v[static_cast<size_t>(i)] = static_cast<float>(v[static_cast<size_t>(from)] * (1 - f) + v[static_cast<size_t>(to)] * f);
  }
}

}  // namespace

TraceSamples paintStroke(TraceSamples s, const std::vector<StrokePoint>& stroke, double lo, double hi, double rate) {
  if (stroke.empty()) return s;
  const bool fresh = s.values.empty() || !(s.rate > 0);
  if (fresh) {
    s.rate = rate;
    double first = stroke.front().seconds;
    for (const StrokePoint& p : stroke) first = std::min(first, p.seconds);
    s.start = std::max(0.0, std::round(first * rate) / rate);
    s.values.clear();
  }
  long long lowest = indexAt(s, stroke.front().seconds), highest = lowest;
  for (const StrokePoint& p : stroke) {
    lowest = std::min(lowest, indexAt(s, p.seconds));
    highest = std::max(highest, indexAt(s, p.seconds));
  }
  lowest = std::max(lowest, -static_cast<long long>(std::floor(s.start * s.rate + 1e-9)));  // not before 0 s
  const long long oldCount = static_cast<long long>(s.values.size());
  const long long shift = cover(s, lowest, highest);
  const long long oldFirst = shift, oldLast = shift + oldCount - 1;  // the samples there were
  lowest += shift, highest += shift;

  auto value = [&](double v) { return static_cast<float>(std::clamp(v, lo, hi)); };
  auto set = [&](long long i, double v) {
    if (i >= 0 && i < static_cast<long long>(s.values.size())) s.values[static_cast<size_t>(i)] = value(v);
  };
  set(indexAt(s, stroke.front().seconds), stroke.front().value);
  for (size_t k = 1; k < stroke.size(); ++k) {
    const StrokePoint& a = stroke[k - 1];
    const StrokePoint& b = stroke[k];
    const double t0 = std::min(a.seconds, b.seconds), t1 = std::max(a.seconds, b.seconds);
    const long long i0 = static_cast<long long>(std::ceil((t0 - s.start) * s.rate - 1e-9));
    const long long i1 = static_cast<long long>(std::floor((t1 - s.start) * s.rate + 1e-9));
    for (long long i = i0; i <= i1; ++i) {
      const double t = s.start + static_cast<double>(i) / s.rate;
      const double f = t1 > t0 ? (t - a.seconds) / (b.seconds - a.seconds) : 1.0;
      set(i, a.value + (b.value - a.value) * std::clamp(f, 0.0, 1.0));
    }
    set(indexAt(s, b.seconds), b.value);
  }
  // Samples between the old trace and the stroke are bridged; with no old trace there is no gap.
  if (oldCount > 0) {
    if (highest < oldFirst) bridge(s.values, highest, oldFirst);
    if (lowest > oldLast) bridge(s.values, oldLast, lowest);
  }
  return s;
}

}  // namespace stf2m::ui
