#include "media/media_info.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "common/json.h"
#include "media/ffmpeg_util.h"

namespace stf2m::media {

using namespace detail;

const char* streamKindName(StreamKind kind) {
  switch (kind) {
    case StreamKind::Video: return "video";
    case StreamKind::Audio: return "audio";
    case StreamKind::Subtitle: return "subtitle";
    case StreamKind::Data: return "data";
    case StreamKind::Attachment: return "attachment";
    case StreamKind::Unknown: return "unknown";
  }
  return "unknown";
}

const StreamInfo* MediaInfo::firstVideo() const {
  for (const auto& s : streams)
    if (s.kind == StreamKind::Video) return &s;
  return nullptr;
}

const StreamInfo* MediaInfo::firstAudio() const {
  for (const auto& s : streams)
    if (s.kind == StreamKind::Audio) return &s;
  return nullptr;
}

namespace {

StreamKind kindOf(AVMediaType type) {
  switch (type) {
    case AVMEDIA_TYPE_VIDEO: return StreamKind::Video;
    case AVMEDIA_TYPE_AUDIO: return StreamKind::Audio;
    case AVMEDIA_TYPE_SUBTITLE: return StreamKind::Subtitle;
    case AVMEDIA_TYPE_DATA: return StreamKind::Data;
    case AVMEDIA_TYPE_ATTACHMENT: return StreamKind::Attachment;
    default: return StreamKind::Unknown;
  }
}

Rational toRational(AVRational r) { return {r.num, r.den}; }

StreamInfo describeStream(const AVFormatContext* fmt, const AVStream* st) {
  const AVCodecParameters* par = st->codecpar;
  StreamInfo s;
  s.index = st->index;
  s.kind = kindOf(par->codec_type);
  s.codec = avcodec_get_name(par->codec_id);
  if (const AVCodecDescriptor* d = avcodec_descriptor_get(par->codec_id)) s.codecLongName = d->long_name ? d->long_name : "";
  s.decodable = avcodec_find_decoder(par->codec_id) != nullptr;
  s.timeBase = toRational(st->time_base);
  if (st->start_time != AV_NOPTS_VALUE) s.startTime = secondsSinceStart(st->start_time, st->time_base, fmt);
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0) s.duration = static_cast<double>(st->duration) * av_q2d(st->time_base);
  s.frameCount = st->nb_frames > 0 ? st->nb_frames : -1;
  s.bitRate = par->bit_rate;
  if (const AVDictionaryEntry* lang = av_dict_get(st->metadata, "language", nullptr, 0)) s.language = lang->value;

  if (s.kind == StreamKind::Video) {
    s.width = par->width;
    s.height = par->height;
    if (const char* pf = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format))) s.pixelFormat = pf;
    s.sampleAspectRatio = toRational(par->sample_aspect_ratio.num ? par->sample_aspect_ratio : st->sample_aspect_ratio);
    s.averageFrameRate = toRational(st->avg_frame_rate);
    s.realFrameRate = toRational(st->r_frame_rate);
    s.rotation = displayRotation(st, &s.mirrored);
  } else if (s.kind == StreamKind::Audio) {
    s.sampleRate = par->sample_rate;
    s.channels = par->ch_layout.nb_channels;
    char layout[128] = {0};
    if (av_channel_layout_describe(&par->ch_layout, layout, sizeof layout) > 0) s.channelLayout = layout;
    if (const char* sf = av_get_sample_fmt_name(static_cast<AVSampleFormat>(par->format))) s.sampleFormat = sf;
  }
  return s;
}

// Reads the first packets (no decoding) and measures the spread of frame intervals per video
// stream. Timestamps quantised to the time base (33/34 ms at 30 fps in a 1 ms base) are not VFR.
void scanFrameIntervals(AVFormatContext* fmt, MediaInfo& info, const CancelToken* cancel) {
  constexpr int kPacketsPerStream = 600;
  constexpr int kMaxPacketsRead = 20000;
  std::map<int, std::vector<int64_t>> pts;
  for (const auto& s : info.streams)
    if (s.kind == StreamKind::Video && !(fmt->streams[s.index]->disposition & AV_DISPOSITION_ATTACHED_PIC)) pts[s.index];
  if (pts.empty()) return;

  PacketPtr pkt = makePacket();
  int read = 0;
  auto allFull = [&] {
    return std::all_of(pts.begin(), pts.end(), [](const auto& kv) { return kv.second.size() >= kPacketsPerStream; });
  };
  while (read++ < kMaxPacketsRead && !allFull()) {
    throwIfCancelled(cancel, info.path.c_str());
    if (av_read_frame(fmt, pkt.get()) < 0) break;
    auto it = pts.find(pkt->stream_index);
    if (it != pts.end() && it->second.size() < kPacketsPerStream && !(pkt->flags & AV_PKT_FLAG_DISCARD)) {
      int64_t t = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
      if (t != AV_NOPTS_VALUE) it->second.push_back(t);
    }
    av_packet_unref(pkt.get());
  }

  for (auto& [index, times] : pts) {
    const auto stream = index;  // a lambda cannot capture a structured binding before clang 16
    StreamInfo& s = *std::find_if(info.streams.begin(), info.streams.end(), [&](const StreamInfo& x) { return x.index == stream; });
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    s.scannedFrames = static_cast<int>(times.size());
    if (times.size() < 3) continue;
    std::vector<int64_t> deltas;
    for (size_t i = 1; i < times.size(); ++i) deltas.push_back(times[i] - times[i - 1]);
    auto [mn, mx] = std::minmax_element(deltas.begin(), deltas.end());
    std::vector<int64_t> sorted = deltas;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    int64_t median = sorted[sorted.size() / 2];
    double tb = av_q2d(fmt->streams[index]->time_base);
    s.minFrameInterval = static_cast<double>(*mn) * tb;
    s.maxFrameInterval = static_cast<double>(*mx) * tb;
    int64_t tolerance = std::max<int64_t>(2, median / 10);
    s.variableFrameRate = (*mx - *mn) > tolerance;
  }
}

}  // namespace

MediaInfo probeMedia(const std::string& path, const CancelToken* cancel, const MediaBytes& bytes) {
  FormatPtr fmt = openInput(path, cancel, bytes);
  MediaInfo info;
  info.path = path;
  info.container = fmt->iformat->name;
  info.containerLongName = fmt->iformat->long_name ? fmt->iformat->long_name : "";
  info.startTime = containerStartSeconds(fmt.get());
  if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) info.duration = static_cast<double>(fmt->duration) / AV_TIME_BASE;
  info.bitRate = fmt->bit_rate;
  std::error_code ec;
  const auto size = bytes ? bytes->size() : std::filesystem::file_size(path, ec);
  info.sizeBytes = ec ? -1 : static_cast<int64_t>(size);
  for (unsigned i = 0; i < fmt->nb_streams; ++i) info.streams.push_back(describeStream(fmt.get(), fmt->streams[i]));
  scanFrameIntervals(fmt.get(), info, cancel);
  return info;
}

namespace {

Json rationalJson(Rational r) { return {{"num", r.num}, {"den", r.den}, {"value", r.value()}}; }

template <typename T>
Json knownOrNull(T value) {
  return value >= 0 ? Json(value) : Json(nullptr);
}

Json streamJson(const StreamInfo& s) {
  Json w = {{"index", s.index},
            {"type", streamKindName(s.kind)},
            {"codec", s.codec},
            {"codec_long_name", s.codecLongName},
            {"decodable", s.decodable},
            {"time_base", rationalJson(s.timeBase)},
            {"start_time", s.startTime},
            {"duration", knownOrNull(s.duration)},
            {"frame_count", knownOrNull(s.frameCount)},
            {"bit_rate", s.bitRate}};
  if (!s.language.empty()) w["language"] = s.language;
  if (s.kind == StreamKind::Video) {
    w["width"] = s.width;
    w["height"] = s.height;
    w["pixel_format"] = s.pixelFormat;
    w["sample_aspect_ratio"] = rationalJson(s.sampleAspectRatio);
    w["avg_frame_rate"] = rationalJson(s.averageFrameRate);
    w["r_frame_rate"] = rationalJson(s.realFrameRate);
    w["variable_frame_rate"] = s.variableFrameRate;
    w["frame_interval"] = {{"min", s.minFrameInterval}, {"max", s.maxFrameInterval}, {"scanned_frames", s.scannedFrames}};
    w["rotation"] = s.rotation;
    w["mirrored"] = s.mirrored;
  } else if (s.kind == StreamKind::Audio) {
    w["sample_rate"] = s.sampleRate;
    w["channels"] = s.channels;
    w["channel_layout"] = s.channelLayout;
    w["sample_format"] = s.sampleFormat;
  }
  return w;
}

}  // namespace

std::string mediaInfoToJson(const MediaInfo& info) {
  Json w = {{"path", info.path},
            {"container", info.container},
            {"container_long_name", info.containerLongName},
            {"size_bytes", info.sizeBytes},
            {"start_time", info.startTime},
            {"duration", knownOrNull(info.duration)},
            {"bit_rate", info.bitRate}};
  Json streams = Json::array();
  for (const auto& s : info.streams) streams.push_back(streamJson(s));
  w["streams"] = std::move(streams);
  return dumpJson(w);
}

std::string mediaLibraryVersions() {
  auto version = [](const char* name, unsigned v) {
    return std::string(name) + " " + std::to_string(AV_VERSION_MAJOR(v)) + "." + std::to_string(AV_VERSION_MINOR(v)) + "." +
           std::to_string(AV_VERSION_MICRO(v));
  };
  return version("libavformat", avformat_version()) + ", " + version("libavcodec", avcodec_version()) + ", " +
         version("libavutil", avutil_version()) + ", " + version("libswscale", swscale_version()) + ", " +
         version("libswresample", swresample_version());
}

}  // namespace stf2m::media
