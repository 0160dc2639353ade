#include "media/frame_index.h"

#include <algorithm>

namespace stf2m::media::detail {

FrameIndex FrameIndex::build(AVFormatContext* fmt, int streamIndex, const std::string& path,
                             const CancelToken* cancel, const ProgressCallback& progress) {
  FrameIndex index;
  AVStream* st = fmt->streams[streamIndex];
  const bool reorders = st->codecpar->video_delay > 0;
  int64_t fileSize = fmt->pb ? avio_size(fmt->pb) : -1;
  int64_t lastDuration = 0;
  int64_t missingTimestamps = 0;
  int64_t lastProgressPos = 0;
  PacketPtr pkt = makePacket();
  // The container's frame count is only a hint: a 1.7 KB AVI claiming 1.7 billion frames (found
  // by the media fuzz harness) asked for 41 GB here. Reserve at most about 44 minutes at 25 fps;
  // the vector grows past that with the packets actually read.
  constexpr int64_t kMaxReservedPackets = 1 << 16;
  if (st->nb_frames > 0) index.packets_.reserve(static_cast<size_t>(std::min(st->nb_frames, kMaxReservedPackets)));

  for (;;) {
    throwIfCancelled(cancel, path.c_str());
    int err = av_read_frame(fmt, pkt.get());
    if (err == AVERROR_EOF) break;
    if (err < 0) {
      if (err == AVERROR_EXIT) throwIfCancelled(cancel, path.c_str());
      // A read error: what was indexed is what can be decoded; the reader reports the rest.
      index.readProblem_ = averrorText(err);
      break;
    }
    if (pkt->stream_index == streamIndex) {
      int64_t pts = pkt->pts;
      if (pts == AV_NOPTS_VALUE && !reorders) pts = pkt->dts;
      if (pts == AV_NOPTS_VALUE) {
        ++missingTimestamps;
      } else {
        index.packets_.push_back({pts, pkt->dts, (pkt->flags & AV_PKT_FLAG_KEY) != 0,
                                  (pkt->flags & AV_PKT_FLAG_DISCARD) != 0});
        if (pkt->duration > 0) lastDuration = pkt->duration;
      }
    }
    if (progress && fileSize > 0 && pkt->pos > lastProgressPos + fileSize / 200) {
      lastProgressPos = pkt->pos;
      progress(std::min(1.0, static_cast<double>(pkt->pos) / static_cast<double>(fileSize)));
    }
    av_packet_unref(pkt.get());
  }
  if (progress) progress(1.0);

  if (missingTimestamps > 0 && index.packets_.empty())
    throw Error(ErrorCode::UnsupportedCodec, path,
                "the video packets carry no timestamps, so frames cannot be located (raw elementary streams "
                "need remuxing into a container, e.g. ffmpeg -i IN -c copy OUT.mkv)");
  if (index.packets_.empty()) throw Error(ErrorCode::CorruptData, path, "the video stream contains no readable frames");

  for (int64_t ordinal = 0; ordinal < index.packetCount(); ++ordinal) {
    const Packet& p = index.packets_[static_cast<size_t>(ordinal)];
    if (!p.discard) index.frames_.push_back({p.pts, ordinal});
    if (p.key) index.keys_.emplace_back(p.pts, ordinal);
  }
  auto byPts = [](const auto& a, const auto& b) { return a.pts < b.pts; };
  std::stable_sort(index.frames_.begin(), index.frames_.end(), byPts);
  // Two frames with one timestamp cannot both be shown; like FFmpeg's VFR output, keep the first.
  index.frames_.erase(std::unique(index.frames_.begin(), index.frames_.end(),
                                  [](const Frame& a, const Frame& b) { return a.pts == b.pts; }),
                      index.frames_.end());
  std::stable_sort(index.keys_.begin(), index.keys_.end());
  if (index.frames_.empty()) throw Error(ErrorCode::CorruptData, path, "the video stream contains no displayable frames");

  if (lastDuration <= 0 && index.frames_.size() > 1)
    lastDuration = index.frames_.back().pts - index.frames_[index.frames_.size() - 2].pts;
  index.endPts_ = index.frames_.back().pts + std::max<int64_t>(lastDuration, 1);
  return index;
}

int64_t FrameIndex::frameWithPts(int64_t pts) const {
  auto it = std::lower_bound(frames_.begin(), frames_.end(), pts, [](const Frame& f, int64_t v) { return f.pts < v; });
  if (it == frames_.end() || it->pts != pts) return -1;
  return it - frames_.begin();
}

int64_t FrameIndex::frameShownAt(int64_t pts) const {
  auto it = std::upper_bound(frames_.begin(), frames_.end(), pts, [](int64_t v, const Frame& f) { return v < f.pts; });
  return (it - frames_.begin()) - 1;
}

int64_t FrameIndex::startOrdinalFor(int64_t frame) const {
  int64_t pts = ptsOf(frame);
  auto it = std::upper_bound(keys_.begin(), keys_.end(), pts,
                             [](int64_t v, const std::pair<int64_t, int64_t>& k) { return v < k.first; });
  if (it == keys_.begin()) return -1;
  int64_t ordinal = std::prev(it)->second;
  // The key packet must come no later than the frame's own packet in decode order.
  return ordinal <= ordinalOf(frame) ? ordinal : -1;
}

}  // namespace stf2m::media::detail
