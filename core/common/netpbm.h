#pragma once
// Netpbm pictures (binary PPM "P6" and PGM "P5", as netpbm's ppm(5) and pgm(5) pages define them):
// the picture format every build of the CLI reads, including the GPU build of core and the CLI,
// which has no FFmpeg. `ffmpeg -i photo.jpg photo.ppm` makes one.
#include <cstdint>
#include <string>
#include <vector>

namespace stf2m {

struct NetpbmPicture {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;  // packed RGB24, rows top to bottom; grey pictures repeat each sample
};

// True when the file starts with "P5" or "P6" followed by whitespace (unreadable files: false).
bool isNetpbmFile(const std::string& path);

// Reads the first picture of a P5 or P6 file. A maximum value below 255 is rescaled to 0..255; a
// 16-bit one (maximum value 256..65535) too, rounding to nearest. Throws FileNotFound /
// FileUnreadable / EmptyFile, and CorruptData naming the file and the problem (bad magic, bad
// header field, pixel data shorter than the header promises).
NetpbmPicture readNetpbm(const std::string& path);

}  // namespace stf2m
