#pragma once
// Painting a continuous trace (valence, arousal) with the mouse: a stroke is the path the pointer
// drew over a trace tier, as (session seconds, value) points in drawing order. Laid onto the
// trace's samples, every sample time the stroke passes over takes the stroke's value there
// (linear between its points; a stroke drawn backwards or back and forth keeps its last pass).
// A trace is one run of samples: a stroke beyond either end grows it, and the samples between
// the old end and the stroke are bridged linearly, so no sample is ever unset.
#include <vector>

namespace stf2m::ui {

// The rate of a trace painted anew: that of the continuous annotations of RECOLA and AVEC (40 ms).
constexpr double kPaintedTraceRate = 25.0;

struct TraceSamples {
  double start = 0;  // session seconds of the first sample
  double rate = 0;   // Hz
  std::vector<float> values;
  bool empty() const { return values.empty(); }
};

struct StrokePoint {
  double seconds = 0;
  double value = 0;
};

// The samples with the stroke laid on; a new trace (no values) gets `rate` and a start on that
// rate's grid from session time 0. Values are clamped to [lo, hi]; a stroke with no point on a
// sample time inside it still sets the nearest sample. An empty stroke changes nothing.
TraceSamples paintStroke(TraceSamples samples, const std::vector<StrokePoint>& stroke, double lo, double hi,
                         double rate);

}  // namespace stf2m::ui
