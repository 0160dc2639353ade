#pragma once
// Internal to core/media: RAII owners for FFmpeg objects and the one path from an FFmpeg
// failure to a stf2m::Error that names the file.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

#include "common/cancel.h"
#include "common/error.h"
#include "media/media_info.h"

namespace stf2m::media::detail {

// Also frees our memory I/O context (openInput with bytes), which FFmpeg leaves to its owner.
struct FormatCloser {
  void operator()(AVFormatContext* c) const;
};
struct CodecCloser {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsFreer {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
struct SwrFreer {
  void operator()(SwrContext* s) const { swr_free(&s); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

FramePtr makeFrame();
PacketPtr makePacket();

// Text of an AVERROR code, plus FFmpeg's last logged error on this thread when it adds detail.
[[nodiscard]] std::string averrorText(int err);

// The largest single block FFmpeg may allocate (av_max_alloc; its default is INT_MAX). A 2.3 KB
// MOV whose sync-sample table claimed 67 million entries asked for 256 MiB + 4 bytes (found by the
// media fuzz harness); with the cap such a table is FFmpeg's out-of-memory error, a file that
// cannot be read. Legitimate blocks stay far below it: an 8K 16-bit plane is 66 MB.
constexpr size_t kMaxFfmpegAllocation = size_t(256) << 20;

// Process-wide FFmpeg settings, once: routes FFmpeg's log into ours (debug level) and remembers
// the last error line per thread, so FFmpeg never prints on its own and its reasons reach our
// messages; caps single allocations at kMaxFfmpegAllocation. Idempotent.
void configureFfmpeg();
std::string lastFfmpegLogLine();
void clearFfmpegLogLine();

// Opens `path` for demuxing and reads stream information. Checks existence, type, size and
// readability first so each failure gets its own ErrorCode. Cancellable while opening. Only the
// file protocol is allowed, so a playlist-like file cannot make FFmpeg open network addresses.
// With `bytes`, the media are read from memory through our own I/O context instead, `path` only
// names them in messages, and nothing else can be opened (a playlist's entries are refused).
FormatPtr openInput(const std::string& path, const CancelToken* cancel, const MediaBytes& bytes = {});

// First stream of `type` (or the requested container index, which must be of that type).
int findStream(AVFormatContext* fmt, AVMediaType type, int requested, const std::string& path);

// A decoder for the stream, refusing pictures over `maxPixels` (at most kMaxPicturePixels);
// throws UnsupportedCodec when this FFmpeg build has none.
CodecPtr openDecoder(AVFormatContext* fmt, int streamIndex, int threads, const std::string& path,
                     int64_t maxPixels = kMaxPicturePixels);

// Seconds since the container start of a timestamp in `tb`.
double secondsSinceStart(int64_t ts, AVRational tb, const AVFormatContext* fmt);
double containerStartSeconds(const AVFormatContext* fmt);

// Clockwise display rotation in {0, 90, 180, 270} from the stream's display matrix.
int displayRotation(const AVStream* stream, bool* mirrored = nullptr);

int resolveThreadCount(int requested);

}  // namespace stf2m::media::detail
