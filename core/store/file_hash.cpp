#include "store/file_hash.h"

extern "C" {
#include <libavutil/mem.h>
#include <libavutil/sha.h>
}

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/error.h"

namespace stf2m::store {

std::string sha256OfFile(const std::string& path, int64_t* size, const CancelToken* cancel) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is not a regular file");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot be read: ") + std::strerror(errno));
  std::unique_ptr<AVSHA, void (*)(void*)> sha(av_sha_alloc(), &av_free);
  if (!sha) throw Error(ErrorCode::Internal, path, "out of memory");
  av_sha_init(sha.get(), 256);
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
  uint8_t digest[32];
  av_sha_final(sha.get(), digest);
  char hex[65];
  for (int i = 0; i < 32; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  if (size) *size = total;
  return std::string(hex, 64);
}

}  // namespace stf2m::store
