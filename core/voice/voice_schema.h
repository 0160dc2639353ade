#pragma once
// Per-frame voice feature vector, schema version 1: what the session pipeline stores and the
// real-session model reads, one row per 10 ms frame, in the column order of `stf2m voice --csv`
// without its time column (docs/voice-features.md defines each column):
//   [energy: rms_db][pitch: f0_hz voicing][activity: vad][spectrum: centroid_hz flux]
//   [mfcc: mfcc_0..12][mel: mel_0..63]  -> 83 columns.
// The named groups are the encoder's spatial groups for the voice modality.
#include <string>
#include <vector>

#include "voice/voice_features.h"

namespace stf2m::voice {

inline constexpr int kVoiceFeatureSchemaVersion = 1;
inline constexpr int kVoiceFeatureCount = 6 + kMfccCount + kMelBands;  // 83

struct VoiceFeatureGroup {
  const char* name;
  int begin;  // first column
  int end;    // one past the last column
};

// In column order; contiguous and covering all kVoiceFeatureCount columns.
const std::vector<VoiceFeatureGroup>& voiceFeatureGroups();
// Column names ("rms_db", ..., "mel_63"), kVoiceFeatureCount entries.
const std::vector<std::string>& voiceFeatureNames();

// Row `frame` of `features` as kVoiceFeatureCount floats written to `out`.
void voiceFeatureRow(const VoiceFeatures& features, int frame, float* out);

}  // namespace stf2m::voice
