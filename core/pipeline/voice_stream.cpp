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
  double offset;
  voice::VoiceOptions options;
  double duration = 0;
  int64_t fileSamples = 0;      // samples the file holds (by its duration)
  std::vector<float> buffer;    // file samples [bufferStart, bufferStart + size), decoded in order
  int64_t bufferStart = 0;
  int64_t decodedEnd = 0;       // file samples decoded so far (sequential reads stay exact)

  Impl(const std::string& path, double fileOffset, voice::VoiceOptions voiceOptions)
      : reader(path, [] {
          media::AudioReaderOptions o;
          o.sampleRate = voice::kSampleRate;
          return o;
        }()),
        offset(fileOffset),
        options(voiceOptions) {
    duration = reader.duration();
    if (!(duration > 0)) throw Error(ErrorCode::CorruptData, path, "the audio stream has no known duration");
    fileSamples = static_cast<int64_t>(std::llround(duration * voice::kSampleRate));
  }

  // The file sample at which grid row `row` is centred.
  int64_t sampleOfRow(int64_t row) const {
    return static_cast<int64_t>(std::llround((double(row) / kVoiceRateHz - offset) * voice::kSampleRate));
  }

  // File samples [from, from + count): zeros before the file's start and after its end.
  std::vector<float> samples(int64_t from, int64_t count, const CancelToken* cancel) {
    const int64_t to = from + count;
    // Everything before `from` is no longer needed; decode forward up to `to`.
    if (from > bufferStart) {
      const int64_t drop = std::min<int64_t>(from - bufferStart, int64_t(buffer.size()));
      buffer.erase(buffer.begin(), buffer.begin() + drop);
      bufferStart += drop;
    }
    if (buffer.empty()) bufferStart = std::max<int64_t>(std::max<int64_t>(from, 0), decodedEnd);
    const int64_t want = std::min(to, fileSamples);
    if (decodedEnd < want) {
      const int64_t readFrom = std::max(decodedEnd, bufferStart);
      std::vector<float> more = reader.readRange(double(readFrom) / voice::kSampleRate,
                                                 double(want) / voice::kSampleRate, cancel);
      if (readFrom > bufferStart + int64_t(buffer.size())) buffer.clear(), bufferStart = readFrom;
      buffer.insert(buffer.end(), more.begin(), more.end());
      decodedEnd = want;
    }
    std::vector<float> out(size_t(count), 0.0f);
    for (int64_t s = std::max(from, bufferStart); s < std::min(to, bufferStart + int64_t(buffer.size())); ++s)
      out[size_t(s - from)] = buffer[size_t(s - bufferStart)];
    return out;
  }
};

VoiceStream::VoiceStream(const std::string& path, double offset, voice::VoiceOptions options)
    : impl_(std::make_unique<Impl>(path, offset, options)) {}

VoiceStream::~VoiceStream() = default;

double VoiceStream::duration() const { return impl_->duration; }

int64_t VoiceStream::firstRow() const {
  return std::max<int64_t>(0, static_cast<int64_t>(std::ceil(impl_->offset * kVoiceRateHz - 1e-9)));
}

int64_t VoiceStream::endRow() const {
  return static_cast<int64_t>(std::ceil((impl_->offset + impl_->duration) * kVoiceRateHz - 1e-9));
}

std::vector<float> VoiceStream::rows(int64_t from, int64_t to, int64_t* rowsOut, const CancelToken* cancel) {
  from = std::max(from, firstRow());
  to = std::min(to, endRow());
  if (rowsOut) *rowsOut = from;
  if (to <= from) return {};
  // Block rows [from - margin, to + margin); block frame k is centred at its k-th 160-sample hop.
  const int64_t blockFirst = from - kMarginRows;
  const int64_t blockRows = (to - from) + 2 * kMarginRows;
  const int64_t start = impl_->sampleOfRow(blockFirst);
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
