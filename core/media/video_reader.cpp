#include "media/video_reader.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <cstdio>

#include "media/ffmpeg_util.h"
#include "media/frame_index.h"
#include "media/rgb_converter.h"

namespace stf2m::media {

using namespace detail;

// ---------------------------------------------------------------------------------------------
// DecodedFrame

struct DecodedFrame::Impl {
  FramePtr frame = makeFrame();
};

DecodedFrame::DecodedFrame() : impl_(std::make_unique<Impl>()) {}
DecodedFrame::~DecodedFrame() = default;

int DecodedFrame::width() const { return impl_->frame->width; }
int DecodedFrame::height() const { return impl_->frame->height; }
bool DecodedFrame::isKeyFrame() const { return impl_->frame->key_frame != 0; }

std::string DecodedFrame::pixelFormat() const {
  const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(impl_->frame->format));
  return name ? name : "unknown";
}

std::string DecodedFrame::md5() const {
  const AVFrame* f = impl_->frame.get();
  auto format = static_cast<AVPixelFormat>(f->format);
  // Exactly what the rawvideo encoder puts in a packet: planes one after another, rows unpadded.
  int size = av_image_get_buffer_size(format, f->width, f->height, 1);
  if (size < 0) throw Error(ErrorCode::Internal, "md5", "cannot size a " + pixelFormat() + " picture");
  std::vector<uint8_t> packed(static_cast<size_t>(size));
  av_image_copy_to_buffer(packed.data(), size, f->data, f->linesize, format, f->width, f->height, 1);
  uint8_t digest[16];
  av_md5_sum(digest, packed.data(), size);
  char hex[33];
  for (int i = 0; i < 16; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return std::string(hex, 32);
}

// ---------------------------------------------------------------------------------------------
// VideoReader

struct VideoReader::Impl {
  std::string path;
  MediaBytes bytes;  // the media in memory (options.bytes), or null for the file
  int64_t maxPixels = kMaxPicturePixels;
  MediaInfo info;
  StreamInfo stream;
  int threads = 1;
  FormatPtr fmt;
  int streamIndex = -1;
  AVRational timeBase{1, 1};
  CodecPtr codec;
  FrameIndex index;
  bool canSkipNonReference = false;  // decoder honours AVDISCARD_NONREF reliably

  PacketPtr packet = makePacket();
  FramePtr scratch = makeFrame();
  DecodedFrame current;
  RgbConverter rgb;
  std::vector<std::string> diagnostics;

  // Decoder position.
  int64_t nextOrdinal = 0;        // decode ordinal of the next packet of our stream to be read
  int64_t skippedUpTo = -1;       // highest ordinal sent with non-reference frames skipped
  int64_t lastOutput = -1;        // presentation index of the last frame the decoder produced
  bool pendingPacket = false;     // `packet` holds our stream's next packet, already demuxed
  bool draining = false;
  bool atEnd = false;
  int64_t decodeErrors = 0;
  bool reportedEnd = false;

  void open(const CancelToken* cancel, const ProgressCallback& progress);
  void seekToStart();
  void seekToKey(int64_t keyOrdinal);
  bool locateKey(int64_t keyOrdinal);
  bool receive(AVFrame* out, const CancelToken* cancel, int64_t skipBefore);
  int64_t presentationIndexOf(const AVFrame* frame) const;
  void noteDecodeError(int err, int64_t ordinal);
  void noteEndOfStream();
  const DecodedFrame& decodeTo(int64_t target, const CancelToken* cancel, bool allowSkip);
  void adopt(int64_t frameIndex);
};

void VideoReader::Impl::open(const CancelToken* cancel, const ProgressCallback& progress) {
  fmt = openInput(path, cancel, bytes);
  info = probeMedia(path, cancel, bytes);
  streamIndex = findStream(fmt.get(), AVMEDIA_TYPE_VIDEO, streamIndex, path);
  for (const auto& s : info.streams)
    if (s.index == streamIndex) stream = s;
  timeBase = fmt->streams[streamIndex]->time_base;
  // Only our stream's packets matter; the demuxer can skip the rest cheaply.
  for (unsigned i = 0; i < fmt->nb_streams; ++i)
    if (static_cast<int>(i) != streamIndex) fmt->streams[i]->discard = AVDISCARD_ALL;
  codec = openDecoder(fmt.get(), streamIndex, threads, path, maxPixels);
  canSkipNonReference = codec->codec_id == AV_CODEC_ID_H264 || codec->codec_id == AV_CODEC_ID_HEVC;
  index = FrameIndex::build(fmt.get(), streamIndex, path, cancel, progress);
  if (!index.readProblem().empty())
    diagnostics.push_back("reading stopped at a damaged part (" + index.readProblem() + "); frames after " +
                          std::to_string(secondsSinceStart(index.ptsOf(index.frameCount() - 1), timeBase, fmt.get())) +
                          " s are unavailable");
  double indexedEnd = secondsSinceStart(index.endPts(), timeBase, fmt.get());
  if (info.duration > 0 && indexedEnd < 0.9 * info.duration - 0.5) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "the video data ends at %.3f s but the file declares %.3f s: it is probably truncated",
                  indexedEnd, info.duration);
    diagnostics.emplace_back(buf);
  }
  seekToStart();
}

void VideoReader::Impl::noteDecodeError(int err, int64_t ordinal) {
  ++decodeErrors;
  if (decodeErrors <= 20) {
    std::string where = ordinal >= 0 && ordinal < index.packetCount()
                            ? " at " + std::to_string(secondsSinceStart(index.packet(ordinal).pts, timeBase, fmt.get())) + " s"
                            : std::string();
    std::string reason = lastFfmpegLogLine();
    diagnostics.push_back("a video packet" + where + " could not be decoded (" + (reason.empty() ? averrorText(err) : reason) + ")");
  } else if (decodeErrors == 21) {
    diagnostics.emplace_back("more undecodable packets follow; further reports suppressed");
  }
}

void VideoReader::Impl::seekToStart() {
  avcodec_flush_buffers(codec.get());
  av_packet_unref(packet.get());
  pendingPacket = false;
  draining = false;
  atEnd = false;
  lastOutput = -1;
  skippedUpTo = -1;
  nextOrdinal = 0;
  if (locateKey(0)) return;
  // The demuxer could not seek back to the first packet; reopening always can.
  FormatPtr reopened = openInput(path, nullptr, bytes);
  for (unsigned i = 0; i < reopened->nb_streams; ++i)
    if (static_cast<int>(i) != streamIndex) reopened->streams[i]->discard = AVDISCARD_ALL;
  fmt = std::move(reopened);
  nextOrdinal = 0;
}

// Positions the demuxer so that the next packet of our stream read is `keyOrdinal` (whose
// packet is sent by the caller's decode loop). Returns false when the demuxer cannot get there.
bool VideoReader::Impl::locateKey(int64_t keyOrdinal) {
  const FrameIndex::Packet& key = index.packet(keyOrdinal);
  int64_t target = key.dts != AV_NOPTS_VALUE ? key.dts : key.pts;
  if (keyOrdinal == 0) target = std::min(target, key.pts);
  if (av_seek_frame(fmt.get(), streamIndex, target, AVSEEK_FLAG_BACKWARD) < 0) return false;
  // The demuxer lands on a key frame at or before the one we want; demux forward to it.
  for (int64_t scanned = 0; scanned <= index.packetCount(); ++scanned) {
    int err = av_read_frame(fmt.get(), packet.get());
    if (err < 0) return false;
    if (packet->stream_index != streamIndex) {
      av_packet_unref(packet.get());
      continue;
    }
    int64_t pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    bool isTarget = pts == key.pts && (packet->dts == key.dts || key.dts == AV_NOPTS_VALUE);
    bool overshot = (key.dts != AV_NOPTS_VALUE && packet->dts != AV_NOPTS_VALUE && packet->dts > key.dts) ||
                    ((packet->flags & AV_PKT_FLAG_KEY) && pts > key.pts);
    if (isTarget) {
      // Keep this packet: it is the first one the decode loop sends.
      nextOrdinal = keyOrdinal;
      pendingPacket = true;
      return true;
    }
    av_packet_unref(packet.get());
    if (overshot) return false;
  }
  return false;
}

void VideoReader::Impl::seekToKey(int64_t keyOrdinal) {
  if (keyOrdinal <= 0) {
    seekToStart();
    return;
  }
  avcodec_flush_buffers(codec.get());
  av_packet_unref(packet.get());
  pendingPacket = false;
  draining = false;
  atEnd = false;
  lastOutput = -1;
  skippedUpTo = -1;
  if (locateKey(keyOrdinal)) return;
  seekToStart();  // slower (decodes from the beginning) but always correct
}

int64_t VideoReader::Impl::presentationIndexOf(const AVFrame* frame) const {
  int64_t pts = frame->best_effort_timestamp;
  if (pts == AV_NOPTS_VALUE) pts = frame->pts;
  // Without a timestamp, the frame after the last one shown; a decoder that gives more such
  // frames than the index holds (found by the media fuzz harness) gives frames of no index.
  if (pts == AV_NOPTS_VALUE) return lastOutput + 1 < index.frameCount() ? lastOutput + 1 : -1;
  return index.frameWithPts(pts);
}

// Next frame out of the decoder, feeding it packets as needed. Packets with ordinal below
// `skipBefore` are decoded as references only (non-reference pictures are dropped).
bool VideoReader::Impl::receive(AVFrame* out, const CancelToken* cancel, int64_t skipBefore) {
  for (;;) {
    int err = avcodec_receive_frame(codec.get(), out);
    if (err == 0) return true;
    if (err == AVERROR_EOF) {
      atEnd = true;
      return false;
    }
    if (err != AVERROR(EAGAIN)) {
      noteDecodeError(err, -1);
      continue;
    }
    if (draining) {  // a drained decoder that still wants input has nothing more to give
      atEnd = true;
      return false;
    }
    throwIfCancelled(cancel, path.c_str());
    if (!pendingPacket) {
      err = av_read_frame(fmt.get(), packet.get());
      if (err < 0) {
        if (err == AVERROR_EXIT) throwIfCancelled(cancel, path.c_str());
        avcodec_send_packet(codec.get(), nullptr);
        draining = true;
        continue;
      }
      if (packet->stream_index != streamIndex) {
        av_packet_unref(packet.get());
        continue;
      }
    }
    pendingPacket = false;
    int64_t ordinal = nextOrdinal++;
    bool skip = canSkipNonReference && ordinal < skipBefore;
    codec->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
    if (skip) skippedUpTo = ordinal;
    clearFfmpegLogLine();
    err = avcodec_send_packet(codec.get(), packet.get());
    av_packet_unref(packet.get());
    if (err < 0 && err != AVERROR(EAGAIN)) noteDecodeError(err, ordinal);
  }
}

void VideoReader::Impl::adopt(int64_t frameIndex) {
  av_frame_unref(current.impl().frame.get());
  av_frame_move_ref(current.impl().frame.get(), scratch.get());
  lastOutput = frameIndex;
  current.index_ = frameIndex;
  current.pts_ = index.ptsOf(frameIndex);
  current.time_ = secondsSinceStart(current.pts_, timeBase, fmt.get());
}

void VideoReader::Impl::noteEndOfStream() {
  if (reportedEnd) return;
  reportedEnd = true;
  if (lastOutput < index.frameCount() - 1) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "frames %lld to %lld (from %.3f s) could not be decoded",
                  static_cast<long long>(lastOutput + 1), static_cast<long long>(index.frameCount() - 1),
                  secondsSinceStart(index.ptsOf(lastOutput + 1), timeBase, fmt.get()));
    diagnostics.emplace_back(buf);
  }
}

const DecodedFrame& VideoReader::Impl::decodeTo(int64_t target, const CancelToken* cancel, bool allowSkip) {
  if (target == lastOutput && current.index_ == target) return current;
  const int64_t targetOrdinal = index.ordinalOf(target);
  const int64_t startOrdinal = index.startOrdinalFor(target);
  // Keep decoding forward when the target lies ahead inside a group of pictures whose key frame
  // the decoder has already seen and its packet was not dropped; otherwise seek.
  const bool continueForward = lastOutput >= 0 && target > lastOutput && !draining && !atEnd &&
                               startOrdinal < nextOrdinal && targetOrdinal > skippedUpTo;
  if (!continueForward) seekToKey(startOrdinal);
  const int64_t skipBefore = allowSkip ? targetOrdinal : -1;
  while (receive(scratch.get(), cancel, skipBefore)) {
    int64_t got = presentationIndexOf(scratch.get());
    if (got < 0 || got < target) {
      if (got > lastOutput) lastOutput = got;
      continue;
    }
    if (got == target) {
      adopt(target);
      return current;
    }
    break;  // the decoder went past the target without producing it
  }
  if (allowSkip && canSkipNonReference) return decodeTo(target, cancel, false);
  char buf[160];
  std::snprintf(buf, sizeof buf, "frame %lld (at %.3f s) could not be decoded; the data may be damaged",
                static_cast<long long>(target), secondsSinceStart(index.ptsOf(target), timeBase, fmt.get()));
  lastOutput = -1;  // force a clean seek next time
  throw Error(ErrorCode::CorruptData, path, buf);
}

VideoReader::VideoReader(const std::string& path, VideoReaderOptions options, const CancelToken* cancel,
                         const ProgressCallback& progress)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->threads = resolveThreadCount(options.threads);
  impl_->streamIndex = options.streamIndex;
  impl_->bytes = std::move(options.bytes);
  impl_->maxPixels = options.maxPixels;
  impl_->open(cancel, progress);
}

VideoReader::~VideoReader() = default;

const std::string& VideoReader::path() const { return impl_->path; }
const MediaInfo& VideoReader::mediaInfo() const { return impl_->info; }
const StreamInfo& VideoReader::stream() const { return impl_->stream; }
int VideoReader::threads() const { return impl_->threads; }
int64_t VideoReader::frameCount() const { return impl_->index.frameCount(); }
const std::vector<std::string>& VideoReader::diagnostics() const { return impl_->diagnostics; }

double VideoReader::frameTime(int64_t index) const {
  if (index < 0 || index >= frameCount())
    throw Error(ErrorCode::OutOfRange, impl_->path,
                "frame " + std::to_string(index) + " does not exist (the video has " + std::to_string(frameCount()) + " frames)");
  return secondsSinceStart(impl_->index.ptsOf(index), impl_->timeBase, impl_->fmt.get());
}

double VideoReader::duration() const {
  return secondsSinceStart(impl_->index.endPts(), impl_->timeBase, impl_->fmt.get());
}

int64_t VideoReader::indexAtTime(double t) const {
  const double end = duration();
  char buf[160];
  if (!std::isfinite(t) || t < 0 || t > end) {
    std::snprintf(buf, sizeof buf, "time %.6f s is outside the video (0 to %.6f s)", t, end);
    throw Error(ErrorCode::OutOfRange, impl_->path, buf);
  }
  const AVRational tb = impl_->timeBase;
  double ticks = (t + containerStartSeconds(impl_->fmt.get())) * tb.den / tb.num;
  // A time computed from a frame's own timestamp must find that frame despite rounding.
  auto pts = static_cast<int64_t>(std::floor(ticks + 1e-6));
  // Between the container start and a video stream that begins later (audio priming, offsets)
  // the first frame is the one to show.
  return std::max<int64_t>(0, impl_->index.frameShownAt(pts));
}

const DecodedFrame* VideoReader::nextFrame(const CancelToken* cancel) {
  Impl& d = *impl_;
  while (d.receive(d.scratch.get(), cancel, -1)) {
    int64_t got = d.presentationIndexOf(d.scratch.get());
    if (got < 0 || got <= d.lastOutput) continue;  // leading pictures after a seek, or unknown timestamps
    if (got != d.lastOutput + 1 && d.skippedUpTo >= 0) {
      // Frames between were dropped by a skipping seek; fetch the next one properly.
      return &d.decodeTo(d.lastOutput + 1, cancel, false);
    }
    if (got != d.lastOutput + 1) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "frames %lld to %lld could not be decoded", static_cast<long long>(d.lastOutput + 1),
                    static_cast<long long>(got - 1));
      d.diagnostics.emplace_back(buf);
    }
    d.adopt(got);
    return &d.current;
  }
  d.noteEndOfStream();
  return nullptr;
}

void VideoReader::rewind() { impl_->seekToStart(); }

const DecodedFrame& VideoReader::frameAtIndex(int64_t index, const CancelToken* cancel) {
  frameTime(index);  // range check with a clear message
  return impl_->decodeTo(index, cancel, true);
}

const DecodedFrame& VideoReader::frameAt(double t, const CancelToken* cancel) {
  return impl_->decodeTo(indexAtTime(t), cancel, true);
}

Size VideoReader::displaySizeWithin(int maxWidth, int maxHeight) const {
  const StreamInfo& s = impl_->stream;
  return fitDisplaySize(s.width, s.height, s.sampleAspectRatio, s.rotation, maxWidth, maxHeight);
}

void VideoReader::convertToRgb(const DecodedFrame& frame, const RgbBuffer& out) {
  impl_->rgb.convert(frame.impl().frame.get(), impl_->stream.rotation, out);
}

}  // namespace stf2m::media
