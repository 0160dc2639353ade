#include "rgb_frames.h"

#include <cstdint>
#include <filesystem>
#include <vector>

#include "common/error.h"
#include "common/netpbm.h"
#ifdef STF2M_WITH_MEDIA
#include "media/video_reader.h"
#endif

namespace stf2m::cli {

struct RgbFrames::Impl {
  std::string path;
  int width = 0, height = 0;
  bool picture = false;
  std::vector<uint8_t> rgb;
  int64_t delivered = 0;
  bool netpbm = false;
#ifdef STF2M_WITH_MEDIA
  std::unique_ptr<media::VideoReader> reader;
#endif
};

RgbFrames::RgbFrames(const std::string& path) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.path = path;
  if (isNetpbmFile(path)) {
    NetpbmPicture p = readNetpbm(path);
    m.width = p.width, m.height = p.height, m.rgb = std::move(p.rgb);
    m.picture = m.netpbm = true;
    return;
  }
#ifdef STF2M_WITH_MEDIA
  m.reader = std::make_unique<media::VideoReader>(path);
  const media::Size size = m.reader->displaySizeWithin(0, 0);
  m.width = size.width, m.height = size.height;
  m.picture = m.reader->frameCount() <= 1;
  m.rgb.resize(size_t(m.width) * size_t(m.height) * 3);
#else
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  throw Error(ErrorCode::InvalidArgument, path,
              "not a Netpbm picture (P5/P6), and this build has no FFmpeg to decode anything else (STF2M_WITH_MEDIA=OFF); "
              "convert it with: ffmpeg -i FILE picture.ppm");
#endif
}

RgbFrames::~RgbFrames() = default;

int RgbFrames::width() const { return impl_->width; }
int RgbFrames::height() const { return impl_->height; }
bool RgbFrames::isPicture() const { return impl_->picture; }

double RgbFrames::fps() const {
#ifdef STF2M_WITH_MEDIA
  if (impl_->reader && !impl_->picture) {
    const media::Rational r = impl_->reader->stream().averageFrameRate;
    return r.valid() ? r.value() : 0.0;
  }
#endif
  return 0.0;
}

bool RgbFrames::next(Frame& frame) {
  Impl& m = *impl_;
  if (m.netpbm) {
    if (m.delivered > 0) return false;
    frame = {0, 0.0, m.rgb.data()};
    ++m.delivered;
    return true;
  }
#ifdef STF2M_WITH_MEDIA
  const media::DecodedFrame* decoded = m.reader->nextFrame();
  if (!decoded) return false;
  m.reader->convertToRgb(*decoded, {m.rgb.data(), m.width, m.height, m.width * 3});
  frame = {decoded->index(), decoded->time(), m.rgb.data()};
  ++m.delivered;
  return true;
#else
  return false;
#endif
}

std::vector<std::string> RgbFrames::diagnostics() const {
#ifdef STF2M_WITH_MEDIA
  if (impl_->reader) return impl_->reader->diagnostics();
#endif
  return {};
}

void RgbFrames::throwIfNothingDecoded() const {
#ifdef STF2M_WITH_MEDIA
  const Impl& m = *impl_;
  // A file FFmpeg opens (e.g. by its .jpg name) but where not one picture decodes is an error.
  if (m.delivered == 0 && m.reader && !m.reader->diagnostics().empty())
    throw Error(ErrorCode::CorruptData, m.path, "no picture could be decoded (" + m.reader->diagnostics().front() + ")");
#endif
}

}  // namespace stf2m::cli
