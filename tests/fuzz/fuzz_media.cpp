// Fuzz harness: media probing and the first frames of decoding, through our FFmpeg wrapper with
// the input held in memory (our own I/O context; nothing else can be opened). Probing either
// describes the media or fails naming them; a video stream's first frames decode, rewind and
// convert to RGB for display, and the first half second of audio resamples, or each fails naming
// the media. Only core/media is instrumented: FFmpeg's own code (Debian's libraries) gives no
// coverage feedback, but its crashes and hangs are caught all the same.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "media/audio_reader.h"
#include "media/media_info.h"
#include "media/video_reader.h"

namespace {

constexpr const char* kName = "fuzz-media-input";

void firstFrames(const stf2m::media::MediaBytes& bytes) {
  using namespace stf2m::media;
  VideoReaderOptions options;
  options.threads = 1;
  options.bytes = bytes;
  // Full HD: a picture of the product's limit (8K UHD, 50 MB a frame with its references) would
  // pass the harness's 256 MB memory limit, not a fault of the input.
  options.maxPixels = int64_t(1920) * 1080;
  VideoReader reader(kName, options);
  const Size size = reader.displaySizeWithin(64, 64);
  std::vector<uint8_t> rgb(static_cast<size_t>(size.width) * size.height * 3);
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < 3; ++i) {
      const DecodedFrame* frame = reader.nextFrame();
      if (!frame) break;
      if (i == 0 && !rgb.empty()) reader.convertToRgb(*frame, RgbBuffer{rgb.data(), size.width, size.height, size.width * 3});
    }
    reader.rewind();
  }
  if (reader.frameCount() > 1) (void)reader.frameAtIndex(reader.frameCount() - 1);
}

void firstAudio(const stf2m::media::MediaBytes& bytes) {
  using namespace stf2m::media;
  AudioReaderOptions options;
  options.bytes = bytes;
  AudioReader reader(kName, options);
  (void)reader.readRange(0, 0.5);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stf2m;
  const auto bytes = std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size);
  media::MediaInfo info;
  if (!fuzz::readsOrNamesSource(kName, [&] { info = media::probeMedia(kName, nullptr, bytes); })) return 0;
  (void)media::mediaInfoToJson(info);
  if (info.firstVideo()) fuzz::readsOrNamesSource(kName, [&] { firstFrames(bytes); });
  if (info.firstAudio()) fuzz::readsOrNamesSource(kName, [&] { firstAudio(bytes); });
  return 0;
}
