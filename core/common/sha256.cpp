#include "common/sha256.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/error.h"

namespace stf2m {

namespace {

// SHA-256 as FIPS 180-4 specifies it (section 6.2), written here so that core/common needs no
// FFmpeg: the GPU build of core and the CLI runs where FFmpeg is not installed.
class Sha256 {
 public:
  void update(const uint8_t* data, size_t n) {
    total_ += n;
    if (used_ > 0) {
      const size_t take = std::min(n, block_.size() - used_);
      std::memcpy(block_.data() + used_, data, take);
      used_ += take, data += take, n -= take;
      if (used_ < block_.size()) return;
      compress(block_.data());
      used_ = 0;
    }
    for (; n >= block_.size(); data += block_.size(), n -= block_.size()) compress(data);
    std::memcpy(block_.data(), data, n);
    used_ = n;
  }

  std::string hexDigest() {
    const uint64_t bits = total_ * 8;
    const uint8_t one = 0x80;
    update(&one, 1);
    const uint8_t zero = 0;
    while (used_ != 56) update(&zero, 1);
    uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = uint8_t(bits >> (56 - 8 * i));
    update(length, 8);
    static const char* kHex = "0123456789abcdef";
    std::string hex(64, '0');
    for (int i = 0; i < 8; ++i)
      for (int b = 0; b < 4; ++b) {
        const uint8_t byte = uint8_t(h_[size_t(i)] >> (24 - 8 * b));
        hex[size_t(8 * i + 2 * b)] = kHex[byte >> 4];
        hex[size_t(8 * i + 2 * b + 1)] = kHex[byte & 15];
      }
    return hex;
  }

 private:
  static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

  void compress(const uint8_t* p) {
    static constexpr uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    uint32_t w[64];
    for (int t = 0; t < 16; ++t)
      w[t] = uint32_t(p[4 * t]) << 24 | uint32_t(p[4 * t + 1]) << 16 | uint32_t(p[4 * t + 2]) << 8 | uint32_t(p[4 * t + 3]);
    for (int t = 16; t < 64; ++t) {
      const uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      const uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
    for (int t = 0; t < 64; ++t) {
      const uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t];
      const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
  }

  std::array<uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<uint8_t, 64> block_{};
  size_t used_ = 0;
  uint64_t total_ = 0;
};

}  // namespace

std::string sha256OfFile(const std::string& path, int64_t* size, const CancelToken* cancel) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is not a regular file");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot be read: ") + std::strerror(errno));
  Sha256 sha;
  std::vector<uint8_t> buf(1 << 20);
  int64_t total = 0;
  for (;;) {
    throwIfCancelled(cancel, path.c_str());
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    sha.update(buf.data(), n);
    total += static_cast<int64_t>(n);
    if (n < buf.size()) {
      if (std::ferror(f.get())) throw Error(ErrorCode::FileUnreadable, path, "read error while hashing");
      break;
    }
  }
  if (size) *size = total;
  return sha.hexDigest();
}

std::string sha256OfBytes(std::string_view bytes) {
  Sha256 sha;
  sha.update(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return sha.hexDigest();
}

}  // namespace stf2m
