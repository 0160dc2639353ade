#include "media/audio_reader.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "media/ffmpeg_util.h"

namespace stf2m::media {

using namespace detail;

namespace {
// Seconds decoded before a requested range so that decoder overlap (AAC, Opus) and the
// resampler's filter have settled when the range begins.
constexpr double kPrerollSeconds = 0.5;
}  // namespace

struct AudioReader::Impl {
  std::string path;
  int sampleRate = 16000;
  int streamIndex = -1;
  MediaInfo info;
  StreamInfo stream;
  FormatPtr fmt;
  CodecPtr codec;
  std::vector<std::string> diagnostics;
  int64_t decodeErrors = 0;

  void open();
  void restartAt(double seconds);
  // Decodes from the current position and appends resampled audio to `out`, whose element 0 is
  // output sample `outStart`, until `endSample` (exclusive; -1 = end of stream) is covered.
  void decodeInto(std::vector<float>& out, int64_t outStart, int64_t endSample, const CancelToken* cancel,
                  const ProgressCallback& progress);
  void noteDecodeError(int err);
};

void AudioReader::Impl::open() {
  info = probeMedia(path, nullptr);
  fmt = openInput(path, nullptr);
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

void AudioReader::Impl::restartAt(double seconds) {
  avcodec_flush_buffers(codec.get());
  AVStream* st = fmt->streams[streamIndex];
  int64_t ts = static_cast<int64_t>(std::floor((seconds + containerStartSeconds(fmt.get())) / av_q2d(st->time_base)));
  if (seconds <= 0 && st->start_time != AV_NOPTS_VALUE) ts = std::min(ts, st->start_time);
  if (av_seek_frame(fmt.get(), streamIndex, ts, AVSEEK_FLAG_BACKWARD) < 0) {
    // Some inputs cannot seek; reopening starts at the beginning, which is always correct.
    FormatPtr reopened = openInput(path, nullptr);
    for (unsigned i = 0; i < reopened->nb_streams; ++i)
      if (static_cast<int>(i) != streamIndex) reopened->streams[i]->discard = AVDISCARD_ALL;
    fmt = std::move(reopened);
  }
}

void AudioReader::Impl::decodeInto(std::vector<float>& out, int64_t outStart, int64_t endSample,
                                   const CancelToken* cancel, const ProgressCallback& progress) {
  AVStream* st = fmt->streams[streamIndex];
  PacketPtr pkt = makePacket();
  FramePtr frame = makeFrame();
  SwrPtr swr;
  AVChannelLayout swrInLayout{};
  int swrInFormat = -1, swrInRate = 0;
  int64_t position = -1;  // output sample index of the next sample the resampler emits
  std::vector<float> chunk;
  const double totalDuration = info.duration > 0 ? info.duration : 0;
  bool draining = false;

  auto append = [&](const float* data, int count) {
    for (int i = 0; i < count; ++i, ++position) {
      int64_t k = position - outStart;
      if (k < 0) continue;
      if (endSample >= 0 && position >= endSample) break;
      if (static_cast<size_t>(k) >= out.size()) out.resize(static_cast<size_t>(k) + 1, 0.0f);
      out[static_cast<size_t>(k)] = data[i];
    }
  };
  auto convert = [&](const uint8_t** input, int inSamples) {
    int capacity = swr_get_out_samples(swr.get(), inSamples);
    if (capacity <= 0) return;
    chunk.resize(static_cast<size_t>(capacity));
    uint8_t* outPlanes[1] = {reinterpret_cast<uint8_t*>(chunk.data())};
    int produced = swr_convert(swr.get(), outPlanes, capacity, input, inSamples);
    if (produced > 0) append(chunk.data(), produced);
  };
  auto ensureResampler = [&](const AVFrame* f) {
    if (swr && swrInFormat == f->format && swrInRate == f->sample_rate &&
        av_channel_layout_compare(&swrInLayout, &f->ch_layout) == 0)
      return;
    if (swr) convert(nullptr, 0);  // the input format changed mid-stream: flush the old one
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
  };

  for (;;) {
    int err = avcodec_receive_frame(codec.get(), frame.get());
    if (err == 0) {
      if (position < 0) {
        int64_t pts = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
        double t = pts == AV_NOPTS_VALUE ? 0.0 : secondsSinceStart(pts, st->time_base, fmt.get());
        position = static_cast<int64_t>(std::llround(t * sampleRate));
      }
      ensureResampler(frame.get());
      convert(const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
      if (progress && totalDuration > 0) progress(std::min(1.0, static_cast<double>(position) / sampleRate / totalDuration));
      av_frame_unref(frame.get());
      if (endSample >= 0 && position >= endSample) break;
      continue;
    }
    if (err == AVERROR_EOF) break;
    if (err != AVERROR(EAGAIN)) {
      noteDecodeError(err);
      continue;
    }
    if (draining) break;
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
  if (swr && (endSample < 0 || position < endSample)) convert(nullptr, 0);  // the resampler's tail
  av_channel_layout_uninit(&swrInLayout);
  if (progress) progress(1.0);
}

AudioReader::AudioReader(const std::string& path, AudioReaderOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.sampleRate < 1000 || options.sampleRate > 384000)
    throw Error(ErrorCode::InvalidArgument, path, "sample rate " + std::to_string(options.sampleRate) + " Hz is not supported");
  impl_->path = path;
  impl_->sampleRate = options.sampleRate;
  impl_->streamIndex = options.streamIndex;
  impl_->open();
}

AudioReader::~AudioReader() = default;

const MediaInfo& AudioReader::mediaInfo() const { return impl_->info; }
const StreamInfo& AudioReader::stream() const { return impl_->stream; }
int AudioReader::sampleRate() const { return impl_->sampleRate; }
double AudioReader::duration() const { return impl_->stream.duration > 0 ? impl_->stream.duration : impl_->info.duration; }
const std::vector<std::string>& AudioReader::diagnostics() const { return impl_->diagnostics; }

std::vector<float> AudioReader::readAll(const CancelToken* cancel, const ProgressCallback& progress) {
  impl_->restartAt(0.0);
  std::vector<float> out;
  if (duration() > 0) out.reserve(static_cast<size_t>(duration() * impl_->sampleRate) + 1024);
  impl_->decodeInto(out, 0, -1, cancel, progress);
  return out;
}

std::vector<float> AudioReader::readRange(double t0, double t1, const CancelToken* cancel) {
  if (!std::isfinite(t0) || !std::isfinite(t1) || t0 < 0 || t1 < t0) {
    char buf[120];
    std::snprintf(buf, sizeof buf, "invalid time range %.6f to %.6f s", t0, t1);
    throw Error(ErrorCode::InvalidArgument, impl_->path, buf);
  }
  const int64_t first = std::llround(t0 * impl_->sampleRate);
  const int64_t end = std::llround(t1 * impl_->sampleRate);
  std::vector<float> out(static_cast<size_t>(end - first), 0.0f);
  if (out.empty()) return out;
  impl_->restartAt(std::max(0.0, t0 - kPrerollSeconds));
  std::vector<float> decoded;
  impl_->decodeInto(decoded, first, end, cancel, {});
  std::copy_n(decoded.begin(), std::min(decoded.size(), out.size()), out.begin());
  return out;
}

}  // namespace stf2m::media
