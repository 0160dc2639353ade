#pragma once
// The tensor table: named tensors as bytes, read and written without LibTorch, so that the weights
// of a model file from elsewhere are checked by code of ours (and the fuzz harnesses) before any
// tensor is made of them. It replaced a LibTorch archive (a zip holding a pickle) in model format
// version 2 (docs/learning-engine.md, "Model files"). Layout, all integers little-endian:
//   "STF2M-TENSORS\n"                      14-byte magic
//   uint32 tensor count                    at most kMaxTensors
//   per tensor, in the written order:
//     uint16 name length, the name         1..kMaxNameBytes bytes, no control characters
//     uint8 element type                   ElementType below
//     uint8 rank, rank x uint64 sizes      rank at most kMaxRank, each size at most 2^31 - 1
//     the elements, row-major, little-endian, element size x product of the sizes bytes
// Nothing follows the last tensor. Encoding is canonical: decoding a table and encoding the result
// gives back the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stf2m::weights {

enum class ElementType : uint8_t {
  Float32 = 1,
  Float64 = 2,
  Float16 = 3,
  BFloat16 = 4,
  Int64 = 5,
  Int32 = 6,
  Int16 = 7,
  Int8 = 8,
  UInt8 = 9,
  Bool = 10,  // one byte, 0 or 1
};

constexpr size_t kMaxTensors = 1u << 16;
constexpr size_t kMaxNameBytes = 1024;
constexpr size_t kMaxRank = 8;

size_t elementSize(ElementType type);
const char* elementTypeName(ElementType type);  // "float32", ...

struct StoredTensor {
  std::string name;
  ElementType type = ElementType::Float32;
  std::vector<int64_t> sizes;  // empty for a scalar
  std::string data;            // element size x product of sizes bytes, little-endian
};

// InvalidArgument naming `path` for what the layout cannot hold: an empty, over-long, duplicate
// or control-character name, a rank or size out of range, data of the wrong length, a bool byte
// other than 0 or 1, more than kMaxTensors tensors.
std::string encodeTensorTable(const std::string& path, const std::vector<StoredTensor>& tensors);

// CorruptData naming `path` and the tensor (by position and, once read, name) for everything the
// encoder refuses, and for a wrong magic, truncation (which part, expected and found bytes), an
// unknown element type and bytes after the last tensor.
std::vector<StoredTensor> decodeTensorTable(const std::string& path, std::string_view bytes);

}  // namespace stf2m::weights
