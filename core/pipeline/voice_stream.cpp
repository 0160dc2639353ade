#include "pipeline/voice_stream.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "media/audio_reader.h"
#include "pipeline/session_types.h"
#include "voice/voice_schema.h"

namespace stf2m::pipeline {

namespace {
constexpr int64_t kSamplesPerRow = voice::kSampleRate / 100;  // 160
}  // namespace

struct VoiceStream::Impl {
  media::AudioReader reader;
  voice::VoiceOptions options;
  double duration = 0;
  int64_t fileSamples = 0;      // samples the file holds (by its duration)
  std::vector<float> buffer;    // file samples [bufferStart, decodedEnd), decoded in order
  int64_t bufferStart = 0;
  int64_t decodedEnd = 0;

  Impl(const std::string& path, voice::VoiceOptions voiceOptions)
      : reader(path, [] {
          media::AudioReaderOptions o;
          o.sampleRate = voice::kSampleRate;
          return o;
        }()),
        options(voiceOptions) {
    duration = reader.duration();
    if (!(duration > 0)) throw Error(ErrorCode::CorruptData, path, "the audio stream has no known duration");
    fileSamples = static_cast<int64_t>(std::llround(duration * voice::kSampleRate));
  }


  // File samples [from, from + count): zeros before the file's start and after its end. The
  // buffer keeps what a following block may still need; a block that does not continue it
  // starts the decoding afresh there (AudioReader seeks).
  std::vector<float> samples(int64_t from, int64_t count, const CancelToken* cancel) {
    const int64_t to = from + count;
    const int64_t lo = std::max<int64_t>(from, 0), hi = std::min(to, fileSamples);
    if (lo < hi) {
      if (lo < bufferStart || lo > decodedEnd) {
        buffer.clear();
        bufferStart = decodedEnd = lo;
      } else {
        buffer.erase(buffer.begin(), buffer.begin() + (lo - bufferStart));
        bufferStart = lo;
      }
      if (decodedEnd < hi) {
        const std::vector<float> more = reader.readRange(double(decodedEnd) / voice::kSampleRate,
                                                         double(hi) / voice::kSampleRate, cancel);
        buffer.insert(buffer.end(), more.begin(), more.end());
        decodedEnd = bufferStart + int64_t(buffer.size());
      }
    }
    std::vector<float> out(size_t(count), 0.0f);
    for (int64_t s = std::max(lo, bufferStart); s < std::min(hi, decodedEnd); ++s)
      out[size_t(s - from)] = buffer[size_t(s - bufferStart)];
    return out;
  }
};

VoiceStream::VoiceStream(const std::string& path, voice::VoiceOptions options)
    : impl_(std::make_unique<Impl>(path, options)) {}

VoiceStream::~VoiceStream() = default;

double VoiceStream::duration() const { return impl_->duration; }

int64_t VoiceStream::endRow() const {
  return static_cast<int64_t>(std::ceil(impl_->duration * kVoiceRateHz - 1e-9));
}

std::vector<float> VoiceStream::rows(int64_t from, int64_t to, const CancelToken* cancel) {
  from = std::max<int64_t>(from, 0);
  to = std::min(to, endRow());
  if (to <= from) return {};
  // Block rows [from - margin, to + margin); block frame k is centred at its k-th 160-sample hop.
  const int64_t blockFirst = from - kMarginRows;
  const int64_t blockRows = (to - from) + 2 * kMarginRows;
  const int64_t start = blockFirst * kSamplesPerRow;
  // computeVoiceFeatures makes samples / 160 + 1 frames; ask for exactly blockRows.
  std::vector<float> x = impl_->samples(start, (blockRows - 1) * kSamplesPerRow, cancel);
  const voice::VoiceFeatures f = voice::computeVoiceFeatures(x, impl_->options, cancel);
  if (f.frames != blockRows)
    throw Error(ErrorCode::Internal, "voice features", "expected " + std::to_string(blockRows) + " frames, got " +
                                                          std::to_string(f.frames));
  std::vector<float> out(size_t(to - from) * voice::kVoiceFeatureCount);
  for (int64_t r = from; r < to; ++r)
    voice::voiceFeatureRow(f, int(r - blockFirst), &out[size_t(r - from) * voice::kVoiceFeatureCount]);
  return out;
}

}  // namespace stf2m::pipeline
