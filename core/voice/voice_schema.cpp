#include "voice/voice_schema.h"

#include <algorithm>

namespace stf2m::voice {

const std::vector<VoiceFeatureGroup>& voiceFeatureGroups() {
  static const std::vector<VoiceFeatureGroup> groups = {{"energy", 0, 1},
                                                        {"pitch", 1, 3},
                                                        {"activity", 3, 4},
                                                        {"spectrum", 4, 6},
                                                        {"mfcc", 6, 6 + kMfccCount},
                                                        {"mel", 6 + kMfccCount, kVoiceFeatureCount}};
  return groups;
}

const std::vector<std::string>& voiceFeatureNames() {
  // The CSV's columns after time_s: the same names in the same order.
  static const std::vector<std::string> names(voiceCsvColumns().begin() + 1, voiceCsvColumns().end());
  return names;
}

void voiceFeatureRow(const VoiceFeatures& f, int frame, float* out) {
  const size_t i = size_t(frame);
  out[0] = f.rmsDb[i];
  out[1] = f.f0[i];
  out[2] = f.voicing[i];
  out[3] = f.vad[i];
  out[4] = f.centroid[i];
  out[5] = f.flux[i];
  std::copy_n(f.mfcc.begin() + std::ptrdiff_t(i * kMfccCount), kMfccCount, out + 6);
  std::copy_n(f.logMel.begin() + std::ptrdiff_t(i * kMelBands), kMelBands, out + 6 + kMfccCount);
}

}  // namespace stf2m::voice
