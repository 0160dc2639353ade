#include "weights/tensor_table.h"

#include <algorithm>
#include <bit>
#include <set>

#include "common/error.h"
#include "weights/byte_reader.h"

namespace stf2m::weights {

// The elements are copied as they lie in memory, which is the file's byte order only here.
static_assert(std::endian::native == std::endian::little, "the tensor table is written on little-endian hosts only");

namespace {

constexpr std::string_view kMagic = "STF2M-TENSORS\n";
constexpr uint64_t kMaxSize = (uint64_t(1) << 31) - 1;
constexpr uint64_t kMaxDataBytes = uint64_t(1) << 62;

bool knownType(uint8_t code) { return code >= uint8_t(ElementType::Float32) && code <= uint8_t(ElementType::Bool); }

// "" when the name can be stored, else what is wrong with it.
std::string nameProblem(std::string_view name) {
  if (name.empty()) return "an empty name";
  if (name.size() > kMaxNameBytes)
    return "a name of " + std::to_string(name.size()) + " bytes (at most " + std::to_string(kMaxNameBytes) + ")";
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "a control character in its name";
  return "";
}

// The byte count of `sizes` elements of `type`, or 0 with `problem` set. Sizes are bounded first,
// and the count saturates, so the product of at most kMaxRank of them cannot overflow.
uint64_t dataBytes(ElementType type, const std::vector<int64_t>& sizes, std::string& problem) {
  if (sizes.size() > kMaxRank) {
    problem = "rank " + std::to_string(sizes.size()) + " (at most " + std::to_string(kMaxRank) + ")";
    return 0;
  }
  uint64_t count = 1;
  for (const int64_t size : sizes) {
    if (size < 0 || uint64_t(size) > kMaxSize) {
      problem = "a size of " + std::to_string(size) + " (0 to " + std::to_string(kMaxSize) + ")";
      return 0;
    }
    if (size == 0) count = 0;
    else if (count > kMaxDataBytes / uint64_t(size)) count = kMaxDataBytes + 1;
    else count *= uint64_t(size);
  }
  if (count > kMaxDataBytes / elementSize(type)) {
    problem = "sizes whose elements take more than 2^62 bytes";
    return 0;
  }
  return count * elementSize(type);
}

std::string boolProblem(const StoredTensor& t) {
  if (t.type != ElementType::Bool) return "";
  for (const char c : t.data)
    if (c != 0 && c != 1) return "a bool element that is neither 0 nor 1";
  return "";
}

std::string which(size_t index, const std::string& name) {
  return "tensor " + std::to_string(index) + (name.empty() ? std::string() : " ('" + name + "')");
}

}  // namespace

size_t elementSize(ElementType type) {
  switch (type) {
    case ElementType::Float64:
    case ElementType::Int64: return 8;
    case ElementType::Float32:
    case ElementType::Int32: return 4;
    case ElementType::Float16:
    case ElementType::BFloat16:
    case ElementType::Int16: return 2;
    case ElementType::Int8:
    case ElementType::UInt8:
    case ElementType::Bool: return 1;
  }
  return 1;
}

const char* elementTypeName(ElementType type) {
  switch (type) {
    case ElementType::Float32: return "float32";
    case ElementType::Float64: return "float64";
    case ElementType::Float16: return "float16";
    case ElementType::BFloat16: return "bfloat16";
    case ElementType::Int64: return "int64";
    case ElementType::Int32: return "int32";
    case ElementType::Int16: return "int16";
    case ElementType::Int8: return "int8";
    case ElementType::UInt8: return "uint8";
    case ElementType::Bool: return "bool";
  }
  return "unknown";
}

std::string encodeTensorTable(const std::string& path, const std::vector<StoredTensor>& tensors) {
  auto refuse = [&](size_t index, const std::string& name, const std::string& what) {
    throw Error(ErrorCode::InvalidArgument, path, "cannot store " + which(index, name) + ": " + what);
  };
  if (tensors.size() > kMaxTensors)
    throw Error(ErrorCode::InvalidArgument, path,
                "cannot store " + std::to_string(tensors.size()) + " tensors (at most " + std::to_string(kMaxTensors) + ")");
  std::string out(kMagic);
  appendLittleEndian(out, tensors.size(), 4);
  std::set<std::string_view> names;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const StoredTensor& t = tensors[i];
    if (const std::string problem = nameProblem(t.name); !problem.empty()) refuse(i, "", problem);
    if (!names.insert(t.name).second) refuse(i, t.name, "a second tensor of that name");
    if (!knownType(uint8_t(t.type))) refuse(i, t.name, "an unknown element type");
    std::string problem;
    const uint64_t bytes = dataBytes(t.type, t.sizes, problem);
    if (!problem.empty()) refuse(i, t.name, problem);
    if (bytes != t.data.size())
      refuse(i, t.name, std::to_string(t.data.size()) + " data bytes for " + std::to_string(bytes) + " bytes of elements");
    if (const std::string b = boolProblem(t); !b.empty()) refuse(i, t.name, b);
    appendLittleEndian(out, t.name.size(), 2);
    out += t.name;
    out.push_back(static_cast<char>(t.type));
    out.push_back(static_cast<char>(t.sizes.size()));
    for (const int64_t size : t.sizes) appendLittleEndian(out, uint64_t(size), 8);
    out += t.data;
  }
  return out;
}

std::vector<StoredTensor> decodeTensorTable(const std::string& path, std::string_view bytes) {
  ByteReader in(path, bytes, 0, "weights: ");
  if (in.take(std::min(bytes.size(), kMagic.size()), "magic") != kMagic)
    in.fail("not a tensor table (it does not start with the STF2M-TENSORS header)");
  const uint64_t count = in.integer(4, "tensor count");
  if (count > kMaxTensors)
    in.fail(std::to_string(count) + " tensors (at most " + std::to_string(kMaxTensors) + ")");
  std::vector<StoredTensor> tensors;
  std::set<std::string, std::less<>> names;
  for (size_t i = 0; i < count; ++i) {
    StoredTensor t;
    const uint64_t nameLength = in.integer(2, which(i, "") + " name length");
    t.name = std::string(in.take(nameLength, which(i, "") + " name"));
    if (const std::string problem = nameProblem(t.name); !problem.empty()) in.fail(which(i, "") + " has " + problem);
    if (!names.insert(t.name).second) in.fail(which(i, t.name) + " repeats the name of an earlier tensor");
    const uint64_t type = in.integer(1, which(i, t.name) + " element type");
    if (!knownType(uint8_t(type))) in.fail(which(i, t.name) + " has an unknown element type " + std::to_string(type));
    t.type = ElementType(type);
    const uint64_t rank = in.integer(1, which(i, t.name) + " rank");
    if (rank > kMaxRank)
      in.fail(which(i, t.name) + " has rank " + std::to_string(rank) + " (at most " + std::to_string(kMaxRank) + ")");
    for (uint64_t d = 0; d < rank; ++d) {
      const uint64_t size = in.integer(8, which(i, t.name) + " sizes");
      if (size > kMaxSize)
        in.fail(which(i, t.name) + " has a size of " + std::to_string(size) + " (at most " + std::to_string(kMaxSize) + ")");
      t.sizes.push_back(int64_t(size));
    }
    std::string problem;
    const uint64_t length = dataBytes(t.type, t.sizes, problem);
    if (!problem.empty()) in.fail(which(i, t.name) + " has " + problem);
    t.data = std::string(in.take(length, which(i, t.name) + " elements"));
    if (const std::string b = boolProblem(t); !b.empty()) in.fail(which(i, t.name) + " has " + b);
    tensors.push_back(std::move(t));
  }
  if (in.remaining() != 0)
    in.fail(std::to_string(in.remaining()) + " unexpected bytes after the last tensor (at offset " +
            std::to_string(in.offset()) + ")");
  return tensors;
}

}  // namespace stf2m::weights
