#pragma once
// What a media file contains, as plain data (no FFmpeg types leak out of core/media).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel.h"

namespace stf2m::media {

struct Rational {
  int num = 0;
  int den = 1;
  double value() const { return den ? static_cast<double>(num) / den : 0.0; }
  bool valid() const { return num > 0 && den > 0; }
};

enum class StreamKind { Video, Audio, Subtitle, Data, Attachment, Unknown };
const char* streamKindName(StreamKind kind);

struct StreamInfo {
  int index = -1;               // index in the container
  StreamKind kind = StreamKind::Unknown;
  std::string codec;            // short decoder name, e.g. "h264"; "none" when FFmpeg has no id for it
  std::string codecLongName;
  bool decodable = false;       // this FFmpeg build has a decoder for the codec
  Rational timeBase;
  double startTime = 0.0;       // seconds, stream's own start relative to the container start
  double duration = -1.0;       // seconds, -1 when unknown
  int64_t frameCount = -1;      // as declared by the container, -1 when unknown
  int64_t bitRate = 0;
  std::string language;

  // video
  int width = 0;
  int height = 0;
  std::string pixelFormat;
  Rational sampleAspectRatio;   // 0/1 when unknown (treat as square)
  Rational averageFrameRate;    // FFmpeg's avg_frame_rate
  Rational realFrameRate;       // FFmpeg's r_frame_rate (lowest rate that represents all timestamps)
  bool variableFrameRate = false;
  double minFrameInterval = 0;  // seconds, over the scanned packets
  double maxFrameInterval = 0;
  int scannedFrames = 0;        // packets the frame-rate check looked at
  int rotation = 0;             // clockwise degrees to apply for display: 0, 90, 180 or 270
  bool mirrored = false;        // the display matrix also flips the picture

  // audio
  int sampleRate = 0;
  int channels = 0;
  std::string channelLayout;
  std::string sampleFormat;
};

struct MediaInfo {
  std::string path;
  std::string container;        // demuxer short name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string containerLongName;
  double startTime = 0.0;       // seconds, container start time (times we report are relative to it)
  double duration = -1.0;       // seconds, -1 when unknown
  int64_t bitRate = 0;
  int64_t sizeBytes = 0;
  std::vector<StreamInfo> streams;

  const StreamInfo* firstVideo() const;
  const StreamInfo* firstAudio() const;
};

// Media held in memory instead of a file: read through our own FFmpeg I/O context, and the path a
// reader is given only names them in messages. The media fuzz harness reads its inputs this way
// (tests/fuzz/fuzz_media.cpp); every reader below accepts them.
using MediaBytes = std::shared_ptr<const std::string>;

// The largest picture (width x height) a decoder may allocate: 8K UHD. A damaged or hostile
// header can claim 16383 x 16383 in a 2 KB file, which would cost hundreds of megabytes and
// seconds per frame; larger pictures are reported as undecodable instead.
constexpr int64_t kMaxPicturePixels = int64_t(7680) * 4320;

// Opens the file (or `bytes`), reads its headers and scans the first packets of each video stream
// to tell constant from variable frame rate. Throws stf2m::Error naming the file.
MediaInfo probeMedia(const std::string& path, const CancelToken* cancel = nullptr, const MediaBytes& bytes = {});

// The probe result as a JSON document (the `stf2m probe` output).
std::string mediaInfoToJson(const MediaInfo& info);

// "libavformat 59.27.100, libavcodec 59.37.100, ..." of the FFmpeg this program runs with.
std::string mediaLibraryVersions();

}  // namespace stf2m::media
