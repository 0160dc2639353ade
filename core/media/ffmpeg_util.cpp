#include "media/ffmpeg_util.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/mem.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "common/log.h"

namespace stf2m::media::detail {

namespace fs = std::filesystem;

FramePtr makeFrame() {
  FramePtr f(av_frame_alloc());
  if (!f) throw Error(ErrorCode::Internal, "ffmpeg", "out of memory allocating a frame");
  return f;
}

PacketPtr makePacket() {
  PacketPtr p(av_packet_alloc());
  if (!p) throw Error(ErrorCode::Internal, "ffmpeg", "out of memory allocating a packet");
  return p;
}

namespace {
thread_local std::string t_lastLogLine;

void ffmpegLogCallback(void* avcl, int level, const char* fmt, va_list vl) {
  if (level > AV_LOG_WARNING) return;  // info/verbose/debug chatter is never useful to users
  char line[1024];
  int printPrefix = 1;
  av_log_format_line2(avcl, level, fmt, vl, line, sizeof line, &printPrefix);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  if (level <= AV_LOG_ERROR) t_lastLogLine = text;
  logDebug("ffmpeg: " + text);
}
}  // namespace

void configureFfmpeg() {
  static std::once_flag once;
  std::call_once(once, [] {
    av_log_set_callback(ffmpegLogCallback);
    av_max_alloc(kMaxFfmpegAllocation);
  });
}

std::string lastFfmpegLogLine() { return t_lastLogLine; }
void clearFfmpegLogLine() { t_lastLogLine.clear(); }

std::string averrorText(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

namespace {
int interruptCallback(void* opaque) {
  auto* token = static_cast<const CancelToken*>(opaque);
  return token && token->isCancelled() ? 1 : 0;
}

void checkFileBeforeOpening(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory)
      throw Error(ErrorCode::FileUnreadable, path, "cannot access the file: " + ec.message());
    throw Error(ErrorCode::FileNotFound, path, "no such file");
  }
  if (fs::is_directory(status)) throw Error(ErrorCode::FileUnreadable, path, "is a directory, not a media file");
  // Random access and the frame index need a seekable file. Opening a named pipe would also
  // block until a writer appears, so it is refused before anything opens it.
  if (fs::is_fifo(status)) throw Error(ErrorCode::FileUnreadable, path, "is a named pipe, not a media file (save the stream to a file first)");
  if (!fs::is_regular_file(status)) throw Error(ErrorCode::FileUnreadable, path, "is not a regular file (a device or socket?)");
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw Error(ErrorCode::FileUnreadable, path, "cannot be opened for reading (permission denied?)");
  if (fs::file_size(path, ec) == 0)
    throw Error(ErrorCode::EmptyFile, path, "the file is empty (0 bytes)");
}

// When FFmpeg cannot open a file, tell "some format we know, but damaged" from "not media", by
// the first megabyte (`head`).
std::string recognisedFormatName(const std::string& path, std::vector<unsigned char> head) {
  const size_t got = head.size();
  head.resize(got + AVPROBE_PADDING_SIZE, 0);
  AVProbeData pd{};
  pd.filename = path.c_str();
  pd.buf = head.data();
  pd.buf_size = static_cast<int>(got);
  int score = 0;
  const AVInputFormat* format = av_probe_input_format3(&pd, 1, &score);
  if (format && score >= AVPROBE_SCORE_RETRY) return format->long_name ? format->long_name : format->name;
  return {};
}

constexpr size_t kRecogniseBytes = 1 << 20;

std::vector<unsigned char> headOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> head(kRecogniseBytes);
  in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// Media in memory, read through an AVIOContext of ours (opaque: this struct).
struct MemoryInput {
  MediaBytes bytes;
  int64_t position = 0;
};

int readMemory(void* opaque, uint8_t* buffer, int size) {
  auto* in = static_cast<MemoryInput*>(opaque);
  const int64_t left = static_cast<int64_t>(in->bytes->size()) - in->position;
  if (left <= 0) return AVERROR_EOF;
  const int n = static_cast<int>(std::min<int64_t>(left, size));
  std::memcpy(buffer, in->bytes->data() + in->position, static_cast<size_t>(n));
  in->position += n;
  return n;
}

int64_t seekMemory(void* opaque, int64_t offset, int whence) {
  auto* in = static_cast<MemoryInput*>(opaque);
  const auto size = static_cast<int64_t>(in->bytes->size());
  whence &= ~AVSEEK_FORCE;
  if (whence == AVSEEK_SIZE) return size;
  int64_t base = 0;
  if (whence == SEEK_CUR) {
    base = in->position;
  } else if (whence == SEEK_END) {
    base = size;
  } else if (whence != SEEK_SET) {
    return AVERROR(EINVAL);
  }
  int64_t target = 0;  // offsets come from the media's own fields: any value, overflow included
  if (__builtin_add_overflow(base, offset, &target) || target < 0 || target > size) return AVERROR(EINVAL);
  in->position = target;
  return target;
}

void freeMemoryIo(AVIOContext* io) {
  if (!io) return;
  delete static_cast<MemoryInput*>(io->opaque);
  av_freep(&io->buffer);
  avio_context_free(&io);
}

AVIOContext* makeMemoryIo(const MediaBytes& bytes, const std::string& path) {
  constexpr int kBufferSize = 1 << 15;
  auto* buffer = static_cast<unsigned char*>(av_malloc(kBufferSize));
  if (!buffer) throw Error(ErrorCode::Internal, path, "out of memory");
  auto* input = new MemoryInput{bytes, 0};
  AVIOContext* io = avio_alloc_context(buffer, kBufferSize, 0, input, readMemory, nullptr, seekMemory);
  if (!io) {
    av_free(buffer);
    delete input;
    throw Error(ErrorCode::Internal, path, "out of memory");
  }
  return io;
}

// Media in memory name no other file: a demuxer asking to open one (a playlist's entry, an
// image sequence's next picture) is refused.
int refuseNestedOpen(AVFormatContext*, AVIOContext**, const char*, int, AVDictionary**) { return AVERROR(EPERM); }

}  // namespace

void FormatCloser::operator()(AVFormatContext* c) const {
  AVIOContext* memory = c && (c->flags & AVFMT_FLAG_CUSTOM_IO) ? c->pb : nullptr;
  avformat_close_input(&c);
  freeMemoryIo(memory);
}

FormatPtr openInput(const std::string& path, const CancelToken* cancel, const MediaBytes& bytes) {
  configureFfmpeg();
  if (bytes) {
    if (bytes->empty()) throw Error(ErrorCode::EmptyFile, path, "the media are empty (0 bytes)");
  } else {
    checkFileBeforeOpening(path);
  }
  throwIfCancelled(cancel, path.c_str());

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) throw Error(ErrorCode::Internal, path, "out of memory");
  raw->interrupt_callback.callback = interruptCallback;
  raw->interrupt_callback.opaque = const_cast<CancelToken*>(cancel);
  AVIOContext* memory = nullptr;
  if (bytes) {
    try {
      memory = makeMemoryIo(bytes, path);
    } catch (...) {
      avformat_free_context(raw);
      throw;
    }
    raw->pb = memory;
    raw->flags |= AVFMT_FLAG_CUSTOM_IO;
    raw->io_open = refuseNestedOpen;
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  clearFfmpegLogLine();
  int err = avformat_open_input(&raw, bytes ? "" : path.c_str(), nullptr, &options);  // frees raw on failure
  av_dict_free(&options);
  if (err < 0) {
    freeMemoryIo(memory);
    throwIfCancelled(cancel, path.c_str());
    std::string reason = lastFfmpegLogLine();
    if (reason.empty()) reason = averrorText(err);
    if (err == AVERROR(EACCES)) throw Error(ErrorCode::FileUnreadable, path, "permission denied");
    std::vector<unsigned char> head =
        bytes ? std::vector<unsigned char>(bytes->begin(), bytes->begin() + std::min(bytes->size(), kRecogniseBytes))
              : headOfFile(path);
    std::string known = recognisedFormatName(path, std::move(head));
    if (!known.empty())
      throw Error(ErrorCode::CorruptData, path,
                  "looks like " + known + " but cannot be read (" + reason + "); the file may be truncated or damaged");
    throw Error(ErrorCode::NotMedia, path, "not a media file FFmpeg recognises (" + reason + ")");
  }
  FormatPtr fmt(raw);
  // A format guessed with low confidence (random bytes, text) is not media for our purposes.
  const char* demuxer = fmt->iformat ? fmt->iformat->name : "";
  if (fmt->probe_score < AVPROBE_SCORE_RETRY || std::string_view(demuxer) == "tty") {
    throw Error(ErrorCode::NotMedia, path,
                std::string("not a media file (FFmpeg's best guess, '") + demuxer + "', has confidence " +
                    std::to_string(fmt->probe_score) + "/100)");
  }
  clearFfmpegLogLine();
  // The decoders that read stream information obey the same picture limit as ours.
  std::vector<AVDictionary*> streamOptions(fmt->nb_streams, nullptr);
  for (AVDictionary*& o : streamOptions) av_dict_set_int(&o, "max_pixels", kMaxPicturePixels, 0);
  err = avformat_find_stream_info(fmt.get(), streamOptions.empty() ? nullptr : streamOptions.data());
  for (AVDictionary*& o : streamOptions) av_dict_free(&o);
  if (err < 0) {
    throwIfCancelled(cancel, path.c_str());
    std::string reason = lastFfmpegLogLine();
    throw Error(ErrorCode::CorruptData, path,
                "cannot read stream information (" + (reason.empty() ? averrorText(err) : reason) + ")");
  }
  if (fmt->nb_streams == 0) throw Error(ErrorCode::NotMedia, path, "contains no audio or video streams");
  return fmt;
}

int findStream(AVFormatContext* fmt, AVMediaType type, int requested, const std::string& path) {
  const char* what = type == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
  ErrorCode missing = type == AVMEDIA_TYPE_VIDEO ? ErrorCode::NoVideoStream : ErrorCode::NoAudioStream;
  if (requested >= 0) {
    if (requested >= static_cast<int>(fmt->nb_streams) || fmt->streams[requested]->codecpar->codec_type != type)
      throw Error(missing, path, "stream " + std::to_string(requested) + " is not a " + what + " stream");
    return requested;
  }
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream* st = fmt->streams[i];
    // Cover art is a one-picture "video" stream; it is not the recording.
    if (st->codecpar->codec_type == type && !(st->disposition & AV_DISPOSITION_ATTACHED_PIC))
      return static_cast<int>(i);
  }
  throw Error(missing, path, std::string("contains no ") + what + " stream");
}

CodecPtr openDecoder(AVFormatContext* fmt, int streamIndex, int threads, const std::string& path, int64_t maxPixels) {
  AVStream* st = fmt->streams[streamIndex];
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec) {
    const char* name = avcodec_get_name(st->codecpar->codec_id);
    char tag[AV_FOURCC_MAX_STRING_SIZE] = {0};
    av_fourcc_make_string(tag, st->codecpar->codec_tag);
    throw Error(ErrorCode::UnsupportedCodec, path,
                "stream " + std::to_string(streamIndex) + " uses codec '" + name + "' (tag " + tag +
                    ") for which this FFmpeg build has no decoder");
  }
  CodecPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) throw Error(ErrorCode::Internal, path, "out of memory");
  int err = avcodec_parameters_to_context(ctx.get(), st->codecpar);
  if (err < 0) throw Error(ErrorCode::CorruptData, path, "bad codec parameters: " + averrorText(err));
  ctx->pkt_timebase = st->time_base;
  ctx->max_pixels = std::clamp<int64_t>(maxPixels, 1, kMaxPicturePixels);
  ctx->thread_count = threads;
  ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  clearFfmpegLogLine();
  err = avcodec_open2(ctx.get(), codec, nullptr);
  if (err < 0) {
    std::string reason = lastFfmpegLogLine();
    throw Error(ErrorCode::UnsupportedCodec, path,
                std::string("cannot open the ") + codec->name + " decoder (" +
                    (reason.empty() ? averrorText(err) : reason) + ")");
  }
  return ctx;
}

double containerStartSeconds(const AVFormatContext* fmt) {
  return fmt->start_time == AV_NOPTS_VALUE ? 0.0 : static_cast<double>(fmt->start_time) / AV_TIME_BASE;
}

double secondsSinceStart(int64_t ts, AVRational tb, const AVFormatContext* fmt) {
  return static_cast<double>(ts) * av_q2d(tb) - containerStartSeconds(fmt);
}

int displayRotation(const AVStream* stream, bool* mirrored) {
  if (mirrored) *mirrored = false;
  const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (!matrix) return 0;
  const auto* m = reinterpret_cast<const int32_t*>(matrix);
  // av_display_rotation_get gives counter-clockwise degrees; displays turn the picture clockwise.
  double ccw = av_display_rotation_get(m);
  if (std::isnan(ccw)) return 0;
  if (mirrored) {
    // A negative determinant of the 2x2 part means the matrix also mirrors.
    double det = static_cast<double>(m[0]) * m[4] - static_cast<double>(m[1]) * m[3];
    *mirrored = det < 0;
  }
  int cw = static_cast<int>(std::lround(-ccw));
  cw = ((cw % 360) + 360) % 360;
  return static_cast<int>(std::lround(cw / 90.0)) * 90 % 360;
}

int resolveThreadCount(int requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw ? static_cast<int>(hw) : 1;
}

}  // namespace stf2m::media::detail
