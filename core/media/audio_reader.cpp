#include "media/audio_reader.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "media/ffmpeg_util.h"

namespace stf2m::media {

using namespace detail;

namespace {
// Seconds decoded before a requested range after a seek, so that decoder overlap (AAC, Opus)
// and the resampler's filter have settled when the range begins.
constexpr double kPrerollSeconds = 0.5;
// A range starting at most this far after what was decoded last is reached by decoding on
// rather than seeking (exact, and cheaper than a seek plus pre-roll).
constexpr double kContinueSeconds = 5.0;
}  // namespace

struct AudioReader::Impl {
  std::string path;
  MediaBytes bytes;  // the media in memory (options.bytes), or null for the file
  int sampleRate = 16000;
  int streamIndex = -1;
  MediaInfo info;
  StreamInfo stream;
  FormatPtr fmt;
  CodecPtr codec;
  std::vector<std::string> diagnostics;
  int64_t decodeErrors = 0;
  bool reportedShortData = false;

  // Decoding state. `buffered` holds resampled output not yet handed out; buffered[0] is output
  // sample `bufferedStart`.
  PacketPtr pkt = makePacket();
  FramePtr frame = makeFrame();
  SwrPtr swr;
  AVChannelLayout swrInLayout{};
  int swrInFormat = -1, swrInRate = 0;
  bool positioned = false;      // the state below describes a decode in progress
  bool started = false;         // the first frame since the restart has been placed
  bool discardFirstFrame = false;
  bool draining = false, ended = false;
  std::vector<float> buffered;
  int64_t bufferedStart = 0;
  std::vector<float> chunk;

  ~Impl() { av_channel_layout_uninit(&swrInLayout); }
  void open();
  FormatPtr openDemuxer();
  void restartAt(double seconds);
  bool decodeMore(const CancelToken* cancel);  // false at the end of the stream
  void place(const AVFrame* f);
  void resample(const uint8_t** input, int inSamples);
  void ensureResampler(const AVFrame* f);
  void noteDecodeError(int err);
  void noteEnd();
  int64_t bufferedEnd() const { return bufferedStart + static_cast<int64_t>(buffered.size()); }
  void dropBefore(int64_t sample);
};

FormatPtr AudioReader::Impl::openDemuxer() {
  FormatPtr f = openInput(path, nullptr, bytes);
  for (unsigned i = 0; i < f->nb_streams; ++i)
    if (static_cast<int>(i) != streamIndex) f->streams[i]->discard = AVDISCARD_ALL;
  return f;
}

void AudioReader::Impl::open() {
  info = probeMedia(path, nullptr, bytes);
  fmt = openInput(path, nullptr, bytes);
  streamIndex = findStream(fmt.get(), AVMEDIA_TYPE_AUDIO, streamIndex, path);
  for (const auto& s : info.streams)
    if (s.index == streamIndex) stream = s;
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (static_cast<int>(i) != streamIndex) fmt->streams[i]->discard = AVDISCARD_ALL;
  codec = openDecoder(fmt.get(), streamIndex, 1, path);
}

void AudioReader::Impl::noteDecodeError(int err) {
  ++decodeErrors;
  if (decodeErrors <= 20) {
    std::string reason = lastFfmpegLogLine();
    diagnostics.push_back("an audio packet could not be decoded (" + (reason.empty() ? averrorText(err) : reason) + ")");
  }
}

// Restarts decoding so that the next frames cover `seconds` onwards. At the start the file is
// reopened: a fresh demuxer and decoder give exactly the first read's samples, which no seek
// does for every format (MP4 keeps AAC's priming packet before time 0; WebM's Opus pre-skip is
// applied only on the first pass). Elsewhere the demuxer seeks to a packet at or before
// `seconds` and the first decoded frame, which lacks its predecessor's overlap, is dropped.
void AudioReader::Impl::restartAt(double seconds) {
  avcodec_flush_buffers(codec.get());
  av_packet_unref(pkt.get());
  swr.reset();
  swrInFormat = -1;
  buffered.clear();
  started = false;
  draining = ended = false;
  discardFirstFrame = false;
  positioned = true;
  if (seconds > 0) {
    AVStream* st = fmt->streams[streamIndex];
    auto ts = static_cast<int64_t>(std::floor((seconds + containerStartSeconds(fmt.get())) / av_q2d(st->time_base)));
    if (av_seek_frame(fmt.get(), streamIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0) {
      discardFirstFrame = true;
      return;
    }
    // The input cannot seek: decoding from the beginning is slower but always correct.
  }
  fmt = openDemuxer();
  // A new demuxer needs a decoder that has not seen the old one's stream-start side data.
  codec = openDecoder(fmt.get(), streamIndex, 1, path);
}

void AudioReader::Impl::dropBefore(int64_t sample) {
  if (sample <= bufferedStart) return;
  const auto n = static_cast<size_t>(std::min<int64_t>(sample - bufferedStart, static_cast<int64_t>(buffered.size())));
  buffered.erase(buffered.begin(), buffered.begin() + static_cast<std::ptrdiff_t>(n));
  bufferedStart = sample;
}

void AudioReader::Impl::resample(const uint8_t** input, int inSamples) {
  int capacity = swr_get_out_samples(swr.get(), inSamples);
  if (capacity <= 0) return;
  chunk.resize(static_cast<size_t>(capacity));
  uint8_t* outPlanes[1] = {reinterpret_cast<uint8_t*>(chunk.data())};
  int produced = swr_convert(swr.get(), outPlanes, capacity, input, inSamples);
  if (produced > 0) buffered.insert(buffered.end(), chunk.begin(), chunk.begin() + produced);
}

void AudioReader::Impl::ensureResampler(const AVFrame* f) {
  if (swr && swrInFormat == f->format && swrInRate == f->sample_rate &&
      av_channel_layout_compare(&swrInLayout, &f->ch_layout) == 0)
    return;
  if (swr) resample(nullptr, 0);  // the input format changed mid-stream: flush the old one
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  int err = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, sampleRate, const_cast<AVChannelLayout*>(&f->ch_layout),
                                static_cast<AVSampleFormat>(f->format), f->sample_rate, 0, nullptr);
  swr.reset(raw);
  if (err < 0 || swr_init(swr.get()) < 0)
    throw Error(ErrorCode::UnsupportedCodec, path, "cannot resample this audio (" + averrorText(err) + ")");
  av_channel_layout_uninit(&swrInLayout);
  av_channel_layout_copy(&swrInLayout, &f->ch_layout);
  swrInFormat = f->format;
  swrInRate = f->sample_rate;
}

// Output sample k is the sound at k / sampleRate. The first frame after a restart rarely starts
// exactly on an output sample, so the resampler starts at an output sample before it and is fed
// silence (at the input rate) up to the frame: no sub-sample shift. This is what ffmpeg's
// `aresample=first_pts=0` does for audio that starts after the container.
void AudioReader::Impl::place(const AVFrame* f) {
  AVStream* st = fmt->streams[streamIndex];
  int64_t pts = f->best_effort_timestamp != AV_NOPTS_VALUE ? f->best_effort_timestamp : f->pts;
  double t = pts == AV_NOPTS_VALUE ? 0.0 : secondsSinceStart(pts, st->time_base, fmt.get());
  // Beyond this, t * sampleRate would not fit the sample counter; no recording gets near it.
  if (!std::isfinite(t) || std::abs(t) > 1e9) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "an audio frame is stamped at %g s, which no recording reaches: the file is damaged", t);
    throw Error(ErrorCode::CorruptData, path, buf);
  }
  started = true;  // only now: after the throw above, the next frame is placed (and refused) again
  // Output samples that are multiples of `step` fall exactly on input samples too, so starting
  // there leaves no fractional input offset.
  const int64_t step = sampleRate / std::gcd(sampleRate, f->sample_rate);
  bufferedStart = static_cast<int64_t>(std::floor(t * sampleRate / static_cast<double>(step) + 1e-9)) * step;
  buffered.clear();
  auto lead = static_cast<int>(std::llround((t - static_cast<double>(bufferedStart) / sampleRate) * f->sample_rate));
  if (lead <= 0) return;
  const int channels = f->ch_layout.nb_channels;
  const auto format = static_cast<AVSampleFormat>(f->format);
  const bool planar = av_sample_fmt_is_planar(format);
  std::vector<uint8_t> silence(static_cast<size_t>(lead) * av_get_bytes_per_sample(format) * (planar ? 1 : channels), 0);
  std::vector<const uint8_t*> planes(planar ? channels : 1, silence.data());
  resample(planes.data(), lead);
}

bool AudioReader::Impl::decodeMore(const CancelToken* cancel) {
  if (ended) return false;
  for (;;) {
    int err = avcodec_receive_frame(codec.get(), frame.get());
    if (err == 0) {
      if (discardFirstFrame) {
        discardFirstFrame = false;
        av_frame_unref(frame.get());
        continue;
      }
      ensureResampler(frame.get());
      if (!started) place(frame.get());
      resample(const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
      av_frame_unref(frame.get());
      return true;
    }
    if (err == AVERROR_EOF || (err == AVERROR(EAGAIN) && draining)) break;
    if (err != AVERROR(EAGAIN)) {
      noteDecodeError(err);
      continue;
    }
    throwIfCancelled(cancel, path.c_str());
    err = av_read_frame(fmt.get(), pkt.get());
    if (err < 0) {
      if (err == AVERROR_EXIT) throwIfCancelled(cancel, path.c_str());
      if (err != AVERROR_EOF) diagnostics.push_back("reading stopped early (" + averrorText(err) + "); the file may be truncated");
      avcodec_send_packet(codec.get(), nullptr);
      draining = true;
      continue;
    }
    if (pkt->stream_index == streamIndex) {
      clearFfmpegLogLine();
      err = avcodec_send_packet(codec.get(), pkt.get());
      if (err < 0 && err != AVERROR(EAGAIN)) noteDecodeError(err);
    }
    av_packet_unref(pkt.get());
  }
  ended = true;
  if (swr) resample(nullptr, 0);  // the resampler's tail
  noteEnd();
  return !buffered.empty();
}

void AudioReader::Impl::noteEnd() {
  const double declared = stream.duration > 0 ? stream.duration : info.duration;
  const double decoded = static_cast<double>(bufferedEnd()) / sampleRate;
  if (reportedShortData || declared <= 0 || decoded >= 0.9 * declared - 0.5) return;
  reportedShortData = true;
  char buf[200];
  std::snprintf(buf, sizeof buf, "the audio data ends at %.3f s but the file declares %.3f s: it is probably truncated",
                decoded, declared);
  diagnostics.emplace_back(buf);
}

AudioReader::AudioReader(const std::string& path, AudioReaderOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.sampleRate < 1000 || options.sampleRate > 384000)
    throw Error(ErrorCode::InvalidArgument, path, "sample rate " + std::to_string(options.sampleRate) + " Hz is not supported");
  impl_->path = path;
  impl_->sampleRate = options.sampleRate;
  impl_->streamIndex = options.streamIndex;
  impl_->bytes = std::move(options.bytes);
  impl_->open();
}

AudioReader::~AudioReader() = default;

const MediaInfo& AudioReader::mediaInfo() const { return impl_->info; }
const StreamInfo& AudioReader::stream() const { return impl_->stream; }
int AudioReader::sampleRate() const { return impl_->sampleRate; }
double AudioReader::duration() const { return impl_->stream.duration > 0 ? impl_->stream.duration : impl_->info.duration; }
const std::vector<std::string>& AudioReader::diagnostics() const { return impl_->diagnostics; }

std::vector<float> AudioReader::readAll(const CancelToken* cancel, const ProgressCallback& progress) {
  Impl& d = *impl_;
  d.positioned = false;  // a cancelled or failed read leaves no state to continue from
  d.restartAt(0.0);
  std::vector<float> out;
  const double declared = duration();
  // The declared duration is only a hint (a damaged header may claim days): reserve for at most
  // an hour; the vector grows past that with the samples actually decoded.
  if (declared > 0) out.reserve(static_cast<size_t>(std::min(declared, 3600.0) * d.sampleRate) + 1024);
  // Where the first frame is stamped is checked against the declared duration: a late start past
  // the file's end is damage. How far the audio then runs is not (a VBR MP3's declared duration
  // is an estimate), except against the 24 h of kMaxRecordingSeconds.
  bool first = true;
  while (d.decodeMore(cancel)) {
    d.dropBefore(0);  // a frame stamped before the container's start
    char buf[240];
    const double start = static_cast<double>(d.bufferedStart) / d.sampleRate;
    if (first && declared > 0 && start > declared + 60.0) {
      d.positioned = false;
      std::snprintf(buf, sizeof buf, "the audio starts at %.3f s, past the end of the %.3f s the file declares: "
                    "its timestamps are damaged", start, declared);
      throw Error(ErrorCode::CorruptData, d.path, buf);
    }
    first = false;
    if (const double end = static_cast<double>(d.bufferedEnd()) / d.sampleRate; end > kMaxRecordingSeconds) {
      d.positioned = false;
      std::snprintf(buf, sizeof buf, "the audio runs past %.0f s (%.1f h); recordings of at most %.0f h are read whole "
                    "(split a longer one; a damaged timestamp can also make a short file claim this)",
                    end, end / 3600, kMaxRecordingSeconds / 3600);
      throw Error(ErrorCode::InvalidArgument, d.path, buf);
    }
    if (d.bufferedEnd() > static_cast<int64_t>(out.size())) out.resize(static_cast<size_t>(d.bufferedEnd()), 0.0f);
    std::copy(d.buffered.begin(), d.buffered.end(), out.begin() + d.bufferedStart);
    d.dropBefore(d.bufferedEnd());
    if (progress && declared > 0) progress(std::min(1.0, static_cast<double>(out.size()) / d.sampleRate / declared));
  }
  d.positioned = false;
  if (progress) progress(1.0);
  return out;
}

std::vector<float> AudioReader::readRange(double t0, double t1, const CancelToken* cancel) {
  Impl& d = *impl_;
  if (!std::isfinite(t0) || !std::isfinite(t1) || t0 < 0 || t1 < t0) {
    char buf[120];
    std::snprintf(buf, sizeof buf, "invalid time range %.6f to %.6f s", t0, t1);
    throw Error(ErrorCode::InvalidArgument, d.path, buf);
  }
  const int64_t first = std::llround(t0 * d.sampleRate);
  const int64_t end = std::llround(t1 * d.sampleRate);
  std::vector<float> out(static_cast<size_t>(end - first), 0.0f);
  if (out.empty()) return out;
  // Decode on from where the last read stopped when the range begins at or a little after it;
  // otherwise restart with pre-roll.
  const bool canContinue = d.positioned && first >= d.bufferedStart &&
                           first <= d.bufferedEnd() + static_cast<int64_t>(kContinueSeconds * d.sampleRate);
  if (!canContinue) {
    d.positioned = false;
    d.restartAt(std::max(0.0, t0 - kPrerollSeconds));
  }
  d.positioned = false;  // until this read completes
  while ((!d.started || d.bufferedEnd() < end) && d.decodeMore(cancel)) d.dropBefore(std::min(first, d.bufferedEnd()));
  for (int64_t k = std::max(first, d.bufferedStart); k < std::min(end, d.bufferedEnd()); ++k)
    out[static_cast<size_t>(k - first)] = d.buffered[static_cast<size_t>(k - d.bufferedStart)];
  d.dropBefore(std::min(end, d.bufferedEnd()));
  d.positioned = true;
  return out;
}

}  // namespace stf2m::media
