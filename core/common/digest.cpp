#include "common/digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/error.h"

namespace stf2m {

namespace {

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
      throw Error(ErrorCode::Internal, "SHA-256", "libcrypto cannot start a digest");
  }
  void update(const void* data, size_t n) {
    if (EVP_DigestUpdate(ctx_.get(), data, n) != 1) throw Error(ErrorCode::Internal, "SHA-256", "libcrypto digest update failed");
  }
  std::string hexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1)
      throw Error(ErrorCode::Internal, "SHA-256", "libcrypto digest final failed");
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
      out += hex[digest[i] >> 4];
      out += hex[digest[i] & 15];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx_;
};

}  // namespace

std::string sha256OfFile(const std::string& path, int64_t* size, const CancelToken* cancel,
                         const ProgressCallback& progress) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(ErrorCode::FileNotFound, path, "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) throw Error(ErrorCode::FileUnreadable, path, "is not a regular file");
  const auto expected = std::filesystem::file_size(path, ec);
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw Error(ErrorCode::FileUnreadable, path, std::string("cannot be read: ") + std::strerror(errno));
  std::setvbuf(f.get(), nullptr, _IONBF, 0);  // blocks go straight into our buffer
  Sha256 sha;
  std::vector<unsigned char> buf(size_t(4) << 20);
  int64_t total = 0;
  for (;;) {
    throwIfCancelled(cancel, path.c_str());
    const size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    sha.update(buf.data(), n);
    total += static_cast<int64_t>(n);
    if (progress && !ec && expected > 0) progress(std::min(1.0, double(total) / double(expected)));
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
  sha.update(bytes.data(), bytes.size());
  return sha.hexDigest();
}

}  // namespace stf2m
