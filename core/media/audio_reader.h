#pragma once
// Decodes the first (or a chosen) audio stream and resamples it to mono float32.
// Sample k of the output is the sound at time k / sampleRate seconds since the container's
// start time, so a time range maps to samples exactly: [round(t0*R), round(t1*R)).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "media/media_info.h"

namespace stf2m::media {

struct AudioReaderOptions {
  int sampleRate = 16000;
  int streamIndex = -1;  // container stream index; -1 = first audio stream
};

class AudioReader {
 public:
  // Throws stf2m::Error naming the file: FileNotFound, FileUnreadable, EmptyFile, NotMedia,
  // NoAudioStream, UnsupportedCodec.
  explicit AudioReader(const std::string& path, AudioReaderOptions options = {});
  ~AudioReader();
  AudioReader(const AudioReader&) = delete;
  AudioReader& operator=(const AudioReader&) = delete;

  const MediaInfo& mediaInfo() const;
  const StreamInfo& stream() const;
  int sampleRate() const;
  double duration() const;  // seconds, as declared; -1 when unknown

  // The whole stream.
  std::vector<float> readAll(const CancelToken* cancel = nullptr, const ProgressCallback& progress = {});
  // Samples round(t0*R) .. round(t1*R)-1; parts outside the decoded audio are zeros.
  // Throws InvalidArgument when t1 < t0 or t0 < 0.
  std::vector<float> readRange(double t0, double t1, const CancelToken* cancel = nullptr);

  const std::vector<std::string>& diagnostics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stf2m::media
