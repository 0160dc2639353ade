#include "common/netpbm.h"

#include <cctype>
#include <cstdint>
#include <fstream>

#include "common/error.h"
#include "common/file_io.h"

namespace stf2m {

namespace {

// The header's whitespace-separated decimal fields; '#' starts a comment up to the line's end.
class HeaderReader {
 public:
  HeaderReader(const std::string& bytes, const std::string& path) : bytes_(bytes), path_(path) {}

  int field(const char* name, int64_t min, int64_t max) {
    skipSpaceAndComments();
    int64_t v = 0;
    size_t digits = 0;
    while (at_ < bytes_.size() && std::isdigit(static_cast<unsigned char>(bytes_[at_]))) {
      v = v * 10 + (bytes_[at_++] - '0');
      if (v > max) break;
      ++digits;
    }
    if (digits == 0 || v < min || v > max)
      throw Error(ErrorCode::CorruptData, path_,
                  std::string("Netpbm header: ") + name + " must be a number from " + std::to_string(min) + " to " + std::to_string(max));
    return static_cast<int>(v);
  }

  // Exactly one whitespace character separates the maximum value from the pixel data.
  size_t pixelStart() {
    if (at_ >= bytes_.size() || !std::isspace(static_cast<unsigned char>(bytes_[at_])))
      throw Error(ErrorCode::CorruptData, path_, "Netpbm header: no whitespace after the maximum value");
    return at_ + 1;
  }

 private:
  void skipSpaceAndComments() {
    while (at_ < bytes_.size()) {
      if (bytes_[at_] == '#') {
        while (at_ < bytes_.size() && bytes_[at_] != '\n' && bytes_[at_] != '\r') ++at_;
      } else if (std::isspace(static_cast<unsigned char>(bytes_[at_]))) {
        ++at_;
      } else {
        break;
      }
    }
  }

  const std::string& bytes_;
  const std::string& path_;
  size_t at_ = 2;  // after the magic number
};

}  // namespace

bool isNetpbmFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[3] = {};
  if (!in.read(head, 3)) return false;
  return head[0] == 'P' && (head[1] == '5' || head[1] == '6') && std::isspace(static_cast<unsigned char>(head[2]));
}

NetpbmPicture readNetpbm(const std::string& path) {
  const std::string bytes = readWholeFile(path);
  if (bytes.size() < 3 || bytes[0] != 'P' || (bytes[1] != '5' && bytes[1] != '6'))
    throw Error(ErrorCode::CorruptData, path, "not a binary Netpbm picture (expected the magic number P5 or P6)");
  const int channels = bytes[1] == '6' ? 3 : 1;
  HeaderReader header(bytes, path);
  NetpbmPicture p;
  constexpr int kMaxSide = 1 << 15;
  p.width = header.field("width", 1, kMaxSide);
  p.height = header.field("height", 1, kMaxSide);
  const int maxValue = header.field("maximum value", 1, 65535);
  const size_t start = header.pixelStart();
  const size_t bytesPerSample = maxValue > 255 ? 2 : 1;
  const size_t samples = size_t(p.width) * size_t(p.height) * size_t(channels);
  const size_t need = samples * bytesPerSample;
  if (bytes.size() - start < need)
    throw Error(ErrorCode::CorruptData, path,
                "pixel data is truncated: the header promises " + std::to_string(need) + " bytes, the file holds " +
                    std::to_string(bytes.size() - start));
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data() + start);
  p.rgb.resize(size_t(p.width) * size_t(p.height) * 3);
  for (size_t i = 0; i < samples; ++i) {
    uint32_t v = bytesPerSample == 2 ? (uint32_t(data[2 * i]) << 8 | data[2 * i + 1]) : data[i];
    if (v > uint32_t(maxValue))
      throw Error(ErrorCode::CorruptData, path, "a sample exceeds the header's maximum value " + std::to_string(maxValue));
    const auto byte = uint8_t(maxValue == 255 ? v : (v * 255 + uint32_t(maxValue) / 2) / uint32_t(maxValue));
    if (channels == 3) {
      p.rgb[i] = byte;
    } else {
      p.rgb[3 * i] = p.rgb[3 * i + 1] = p.rgb[3 * i + 2] = byte;
    }
  }
  return p;
}

}  // namespace stf2m
