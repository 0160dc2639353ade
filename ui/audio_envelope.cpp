#include "ui/audio_envelope.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace stf2m::ui {

AudioEnvelope computeRmsEnvelope(const std::vector<float>& samples, int sampleRate, double hopSeconds,
                                 double floorDb, const CancelToken* cancel) {
  if (sampleRate <= 0 || !(hopSeconds > 0))
    throw Error(ErrorCode::InvalidArgument, "audio envelope", "sample rate and hop must be positive");

  AudioEnvelope envelope;
  envelope.hopSeconds = hopSeconds;
  envelope.floorDb = floorDb;
  const size_t hop = std::max<size_t>(1, static_cast<size_t>(std::lround(sampleRate * hopSeconds)));
  const size_t hops = (samples.size() + hop - 1) / hop;
  envelope.levelsDb.reserve(hops);

  for (size_t h = 0; h < hops; ++h) {
    if ((h & 4095) == 0) throwIfCancelled(cancel, "audio envelope");
    const size_t begin = h * hop;
    const size_t end = std::min(samples.size(), begin + hop);
    double sumSquares = 0.0;  // double: 160 squared floats lose nothing, a sum of millions would
    for (size_t i = begin; i < end; ++i) sumSquares += static_cast<double>(samples[i]) * samples[i];
    const double meanSquare = sumSquares / static_cast<double>(end - begin);
    const double db = meanSquare > 0 ? 10.0 * std::log10(meanSquare) : floorDb;
    envelope.levelsDb.push_back(static_cast<float>(std::max(db, floorDb)));
  }
  return envelope;
}

}  // namespace stf2m::ui
