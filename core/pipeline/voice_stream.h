#pragma once
// Voice features of one audio file on the session's 100 Hz grid, a block of rows at a time, in
// bounded memory: each block is computed from its samples plus a margin of context on either
// side, and only the samples still needed are kept between blocks.
//
// Frame-local features (level, spectrum, MFCC, mel) equal those of the whole file computed at
// once; pitch (a Viterbi path) and voice activity (relative to the loudest frame) see the block
// and its margins instead of the whole file (docs/pipeline.md gives the measured agreement).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "voice/voice_features.h"

namespace stf2m::pipeline {

class VoiceStream {
 public:
  // Opens the file's first audio stream at 16 kHz (media::AudioReader's errors, e.g.
  // NoAudioStream). `offset`: session time of the file's time 0.
  VoiceStream(const std::string& path, double offset, voice::VoiceOptions options = {});
  ~VoiceStream();
  VoiceStream(const VoiceStream&) = delete;
  VoiceStream& operator=(const VoiceStream&) = delete;

  double duration() const;  // of the audio, seconds
  // Grid rows [first, last) where the audio plays: centred within [offset, offset + duration).
  int64_t firstRow() const;
  int64_t endRow() const;

  // Rows [from, to) (clamped to where the audio plays; blocks must come in increasing order),
  // voice::kVoiceFeatureCount floats each. `rowsOut` receives the first row actually returned.
  std::vector<float> rows(int64_t from, int64_t to, int64_t* rowsOut, const CancelToken* cancel = nullptr);

  static constexpr int kMarginRows = 100;  // 1 s of context on either side of a block

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
