#pragma once
// Internal to core/media: the per-stream index that makes random access frame-accurate.
// Built by demuxing the stream once (no decoding). Frames are listed in presentation order;
// packets in decode order ("ordinals"), with the key frames to start decoding from.
#include <cstdint>
#include <string>
#include <vector>

#include "common/cancel.h"
#include "media/ffmpeg_util.h"

namespace stf2m::media::detail {

class FrameIndex {
 public:
  struct Packet {
    int64_t pts;  // presentation timestamp (dts when the container gives none and order is trivial)
    int64_t dts;
    bool key;
    bool discard;  // decoded for reference but never shown (edit lists)
  };

  // Demuxes the whole stream. Leaves the demuxer at the end; callers seek afterwards.
  static FrameIndex build(AVFormatContext* fmt, int streamIndex, const std::string& path,
                          const CancelToken* cancel, const ProgressCallback& progress);

  int64_t frameCount() const { return static_cast<int64_t>(frames_.size()); }
  int64_t ptsOf(int64_t frame) const { return frames_[static_cast<size_t>(frame)].pts; }
  int64_t ordinalOf(int64_t frame) const { return frames_[static_cast<size_t>(frame)].ordinal; }
  // Exact lookup; -1 when no frame has this timestamp.
  int64_t frameWithPts(int64_t pts) const;
  // The frame shown at `pts`: greatest presentation timestamp <= pts; -1 before the first frame.
  int64_t frameShownAt(int64_t pts) const;
  // Decode ordinal of the key packet from which decoding reaches `frame`; -1 = start of stream.
  int64_t startOrdinalFor(int64_t frame) const;
  const Packet& packet(int64_t ordinal) const { return packets_[static_cast<size_t>(ordinal)]; }
  int64_t packetCount() const { return static_cast<int64_t>(packets_.size()); }
  int64_t endPts() const { return endPts_; }  // end of the last frame's display
  // Why indexing stopped before the end of the file (read error), empty when it reached the end.
  const std::string& readProblem() const { return readProblem_; }

 private:
  struct Frame {
    int64_t pts;
    int64_t ordinal;
  };
  std::vector<Packet> packets_;                      // decode order
  std::vector<Frame> frames_;                        // presentation order
  std::vector<std::pair<int64_t, int64_t>> keys_;    // (pts, ordinal) of key packets, by pts
  int64_t endPts_ = 0;
  std::string readProblem_;
};

}  // namespace stf2m::media::detail
