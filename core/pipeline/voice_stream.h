#pragma once
// Voice features of one audio file on its own 100 Hz grid (row j centred at file time j / 100 s),
// a block of rows at a time, in bounded memory: each block is computed from its samples plus a margin of context on either
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
  // NoAudioStream).
  explicit VoiceStream(const std::string& path, voice::VoiceOptions options = {});
  ~VoiceStream();
  VoiceStream(const VoiceStream&) = delete;
  VoiceStream& operator=(const VoiceStream&) = delete;

  double duration() const;  // of the audio, seconds
  // One past the last row: rows are centred within [0, duration).
  int64_t endRow() const;

  // Rows [from, to) (clamped to [0, endRow())), voice::kVoiceFeatureCount floats each. Blocks
  // read fastest in increasing order (the samples then decode sequentially); any block may come.
  std::vector<float> rows(int64_t from, int64_t to, const CancelToken* cancel = nullptr);

  static constexpr int kMarginRows = 100;  // 1 s of context on either side of a block

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::pipeline
