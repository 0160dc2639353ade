#pragma once
// The loudness outline drawn under the video: RMS level in dB per short hop. Plain computation,
// no Qt widgets, so it is tested on its own and runs on any thread.
#include <QMetaType>

#include <vector>

#include "common/cancel.h"

namespace stf2m::ui {

struct AudioEnvelope {
  double hopSeconds = 0.010;   // level i covers [i * hop, (i + 1) * hop) seconds since the container start
  double floorDb = -90.0;      // silence is clamped here instead of -inf
  std::vector<float> levelsDb; // RMS level, dB relative to full scale (a full-scale sine is about -3 dB)

  bool isEmpty() const { return levelsDb.empty(); }
  double duration() const { return hopSeconds * static_cast<double>(levelsDb.size()); }
};

// One level per `hopSeconds` of mono `samples` at `sampleRate`; a last partial hop counts over the
// samples it has. Throws stf2m::Error(Cancelled) when `cancel` is set (checked every few thousand hops).
AudioEnvelope computeRmsEnvelope(const std::vector<float>& samples, int sampleRate, double hopSeconds = 0.010,
                                 double floorDb = -90.0, const CancelToken* cancel = nullptr);

}  // namespace stf2m::ui

Q_DECLARE_METATYPE(stf2m::ui::AudioEnvelope)
