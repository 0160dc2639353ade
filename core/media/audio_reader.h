#pragma once
// Decodes the first (or a chosen) audio stream and resamples it to mono float32.
// Sample k of the output is the sound at time k / sampleRate seconds since the container's
// start time, so a time range maps to samples exactly: [round(t0*R), round(t1*R)).
//
// readAll() decodes from the first packet and equals `ffmpeg -i FILE -map 0:a:0
// -af aresample=first_pts=0 -ac 1 -ar R -f f32le -` sample for sample (the same libavcodec
// and libswresample defaults). readRange() continues decoding when a range begins at or shortly
// after the previous one ended (sequential reads are exact slices of readAll()); otherwise it
// seeks and decodes 0.5 s of pre-roll, placing the audio by the container's timestamps. That is
// exact where the stream's time base resolves single samples (MP4, MOV, M4A, WAV, AVI PCM) and
// within half a time-base unit where it does not: WebM/Matroska store milliseconds, so a seeked
// range there may sit up to 0.5 ms off readAll().
// A frame stamped beyond a billion seconds (or not at all finite) is damage: CorruptData.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "media/media_info.h"

namespace stf2m::media {

// The longest recording read whole (AudioReader::readAll) or analysed as one session: 24 hours.
// An 18 KB file can declare a million seconds (a stream stamped late); reading it whole would
// hold 64 GB of samples, and analysing it would run for days. Longer recordings are split first.
constexpr double kMaxRecordingSeconds = 24 * 3600.0;

struct AudioReaderOptions {
  int sampleRate = 16000;
  int streamIndex = -1;  // container stream index; -1 = first audio stream
  MediaBytes bytes;      // read these instead of the file (media_info.h); the path names them
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

  // The whole stream. InvalidArgument when it runs past kMaxRecordingSeconds; CorruptData when
  // its first frame is stamped more than a minute past the duration the file declares.
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
