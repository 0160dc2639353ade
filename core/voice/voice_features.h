#pragma once
// Frame-level voice features of a 16 kHz mono track at 100 frames per second (docs/voice-features.md).
// Frame k is centred at k * 0.01 s (sample k * 160); a file of N samples has N / 160 + 1 frames
// (floor(duration * 100) + 1), none when N == 0. Samples outside the track count as zeros.
// Qt-free and Torch-free; the FFTs are FFmpeg's av_tx.
#include <string>
#include <vector>

#include "common/cancel.h"

namespace stf2m::voice {

constexpr int kSampleRate = 16000;
constexpr int kMelBands = 64;
constexpr int kMfccCount = 13;

// Parameters of the autocorrelation pitch tracker (Boersma 1993; Praat "To Pitch (ac)" defaults).
struct PitchOptions {
  double floorHz = 75.0;
  double ceilingHz = 600.0;
  int maxCandidates = 15;
  double silenceThreshold = 0.03;
  double voicingThreshold = 0.45;
  double octaveCost = 0.01;
  double octaveJumpCost = 0.35;
  double voicedUnvoicedCost = 0.14;
  double periodsPerWindow = 3.0;
};

struct VoiceOptions {
  PitchOptions pitch;
  // Voice activity: a frame is active when it is voiced (f0 > 0) or its RMS level is above
  // max(vadFloorDb, loudest frame's rmsDb - vadRangeDb); then gaps shorter than vadHangFrames are filled.
  double vadFloorDb = -50.0;
  double vadRangeDb = 35.0;
  int vadHangFrames = 10;
};

struct VoiceFeatures {
  double rate = 100;  // frames per second
  int frames = 0;
  std::vector<float> logMel;  // frames x 64, row-major
  std::vector<float> mfcc;    // frames x 13, row-major
  std::vector<float> rmsDb, f0, voicing, centroid, flux, vad;
  double timeOf(int frame) const { return frame / rate; }
};

// Throws Error(Cancelled) when the token is set.
VoiceFeatures computeVoiceFeatures(const std::vector<float>& samples16k, const VoiceOptions& options = {},
                                   const CancelToken* cancel = nullptr);
// Decodes the first audio stream at 16 kHz mono (media::AudioReader; its errors, e.g. NoAudioStream).
VoiceFeatures voiceFeaturesOfFile(const std::string& path, const VoiceOptions& options = {},
                                  const CancelToken* cancel = nullptr);

// Pitch alone: f0 (0 = unvoiced) and voicing strength per frame at times k * timeStep.
struct PitchTrack {
  std::vector<float> f0, voicing;
};
PitchTrack trackPitch(const std::vector<float>& samples, int sampleRate, int frames, double timeStep,
                      const PitchOptions& options, const CancelToken* cancel = nullptr);

// CSV column names in order: time_s, rms_db, f0_hz, voicing, vad, centroid_hz, flux,
// mfcc_0..mfcc_12, mel_0..mel_63.
const std::vector<std::string>& voiceCsvColumns();

}  // namespace stf2m::voice
