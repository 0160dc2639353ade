#pragma once
// Little-endian integers for the model file's container and its tensor table: writing them, and
// reading them with bounds checks that name the short part, so a truncated or crafted file is a
// CorruptData error naming the file, never a read past the end.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"

namespace stf2m::weights {

inline void appendLittleEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

class ByteReader {
 public:
  // Errors read "PREFIXwhat", prefix as given (say "weights: "), naming `path`. `path` and the
  // bytes must outlive the reader.
  ByteReader(const std::string& path, std::string_view bytes, size_t offset = 0, std::string prefix = "")
      : path_(path), bytes_(bytes), offset_(offset), prefix_(std::move(prefix)) {}

  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }

  uint64_t integer(int size, const std::string& what) {
    need(size, what);
    uint64_t v = 0;
    for (int i = 0; i < size; ++i) v |= uint64_t(static_cast<unsigned char>(bytes_[offset_ + i])) << (8 * i);
    offset_ += size;
    return v;
  }

  std::string_view take(uint64_t length, const std::string& what) {
    need(length, what);
    const std::string_view s = bytes_.substr(offset_, length);
    offset_ += length;
    return s;
  }

  [[noreturn]] void fail(const std::string& what) const { throw Error(ErrorCode::CorruptData, path_, prefix_ + what); }

 private:
  void need(uint64_t length, const std::string& what) const {
    if (length > remaining())
      fail("truncated " + what + ": expected " + std::to_string(length) + " bytes at offset " + std::to_string(offset_) +
           ", found " + std::to_string(remaining()));
  }

  const std::string& path_;
  std::string_view bytes_;
  size_t offset_ = 0;
  std::string prefix_;
};

}  // namespace stf2m::weights
