#include "common/sha256.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <algorithm>
#include <memory>
#include <vector>

#include "common/error.h"

namespace stf2m {

namespace {

using ShaContext = std::unique_ptr<AVSHA, void (*)(void*)>;

ShaContext newSha256(const std::string& subject) {
  ShaContext sha(av_sha_alloc(), &av_free);
  if (!sha) throw Error(ErrorCode::Internal, subject, "out of memory");
  av_sha_init(sha.get(), 256);
  return sha;
}

std::string finishHex(AVSHA* sha) {
  uint8_t digest[32];
  av_sha_final(sha, digest);
  static const char* kHex = "0123456789abcdef";
  std::string hex(64, '0');
  for (int i = 0; i < 32; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace

std::string sha256OfFile(const std::string& path, int64_t* size, const CancelToken* cancel) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is not a regular file");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot be read: ") + std::strerror(errno));
  ShaContext sha = newSha256(path);
  std::vector<uint8_t> buf(1 << 20);
  int64_t total = 0;
  for (;;) {
    throwIfCancelled(cancel, path.c_str());
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) av_sha_update(sha.get(), buf.data(), static_cast<unsigned>(n));
    total += static_cast<int64_t>(n);
    if (n < buf.size()) {
      if (std::ferror(f.get())) throw Error(ErrorCode::FileUnreadable, path, "read error while hashing");
      break;
    }
  }
  if (size) *size = total;
  return finishHex(sha.get());
}

std::string sha256OfBytes(std::string_view bytes) {
  ShaContext sha = newSha256("sha256");
  // av_sha_update takes an unsigned length: feed large buffers in chunks.
  constexpr size_t kChunk = size_t(1) << 30;
  for (size_t done = 0; done < bytes.size(); done += kChunk) {
    const size_t n = std::min(kChunk, bytes.size() - done);
    av_sha_update(sha.get(), reinterpret_cast<const uint8_t*>(bytes.data() + done), static_cast<unsigned>(n));
  }
  return finishHex(sha.get());
}

}  // namespace stf2m
