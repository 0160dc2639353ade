// The model file (layout in model_file.h). The weights section is a LibTorch archive
// (torch::serialize::OutputArchive, a zip) holding every tensor as a buffer under its own name
// plus the list of names, in the written order, under kNamesKey: archive keys are not promised to
// keep their order, the list is. The card's "weights_sha256" covers the weights bytes exactly, so
// a damaged archive is reported as a checksum mismatch before LibTorch ever parses it.
#include "model/model_file.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <sstream>
#include <string_view>

#include "common/error.h"
#include "common/file_io.h"
#include "common/digest.h"

namespace stf2m::model {

namespace {

constexpr std::string_view kMagic = "STF2M-MODEL\n";
constexpr uint32_t kFormatVersion = 1;
constexpr const char* kCardFormat = "stf2m-model";
constexpr const char* kNamesKey = "__tensor_names__";

void appendLittleEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t readLittleEndian(std::string_view bytes, size_t offset, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  return value;
}

// The first line of a LibTorch message (they carry C++ backtraces after it).
std::string firstLine(const char* what) {
  std::string text(what ? what : "");
  if (const size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

// A copy that owns exactly its own elements on the CPU: a view would drag its whole storage into
// the archive.
torch::Tensor standalone(const torch::Tensor& tensor) {
  torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
  const bool ownsStorage = t.storage_offset() == 0 &&
                           t.storage().nbytes() == static_cast<size_t>(t.numel()) * t.element_size();
  return ownsStorage ? t : t.clone();
}

std::string serializeWeights(const std::string& path, const NamedTensors& tensors) {
  torch::serialize::OutputArchive archive;
  c10::List<std::string> names;
  std::set<std::string> seen;
  for (const auto& [name, tensor] : tensors) {
    if (name.empty() || name == kNamesKey)
      throw Error(ErrorCode::InvalidArgument, path, "a tensor cannot be named '" + name + "'");
    if (!seen.insert(name).second) throw Error(ErrorCode::InvalidArgument, path, "two tensors are named '" + name + "'");
    if (!tensor.defined()) throw Error(ErrorCode::InvalidArgument, path, "tensor '" + name + "' is undefined");
    archive.write(name, standalone(tensor), /*is_buffer=*/true);
    names.push_back(name);
  }
  archive.write(kNamesKey, c10::IValue(names));
  std::ostringstream out;
  archive.save_to(out);
  return std::move(out).str();
}

NamedTensors deserializeWeights(const std::string& path, const std::string& weights) {
  torch::serialize::InputArchive archive;
  c10::IValue namesValue;
  try {
    archive.load_from(weights.data(), weights.size(), torch::kCPU);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::CorruptData, path, "the weights archive cannot be read: " + firstLine(e.what_without_backtrace()));
  }
  if (!archive.try_read(kNamesKey, namesValue) || !namesValue.isList())
    throw Error(ErrorCode::CorruptData, path, "the weights archive has no tensor name list");
  NamedTensors tensors;
  for (const c10::IValue& name : namesValue.toListRef()) {
    if (!name.isString()) throw Error(ErrorCode::CorruptData, path, "the weights archive's tensor name list is malformed");
    torch::Tensor tensor;
    bool found = false;
    try {
      found = archive.try_read(name.toStringRef(), tensor, /*is_buffer=*/true);
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::CorruptData, path,
                  "tensor '" + name.toStringRef() + "' cannot be read: " + firstLine(e.what_without_backtrace()));
    }
    if (!found || !tensor.defined())
      throw Error(ErrorCode::CorruptData, path, "the weights archive is missing tensor '" + name.toStringRef() + "'");
    tensors.emplace_back(name.toStringRef(), tensor);
  }
  return tensors;
}

// Bounds-checked reading of the sections, so a truncated file says which section is short.
class SectionReader {
 public:
  SectionReader(const std::string& path, std::string_view bytes, size_t offset)
      : path_(path), bytes_(bytes), offset_(offset) {}

  size_t remaining() const { return bytes_.size() - offset_; }

  uint64_t integer(int size, const char* what) {
    need(size, what);
    const uint64_t v = readLittleEndian(bytes_, offset_, size);
    offset_ += size;
    return v;
  }

  std::string_view section(uint64_t length, const char* what) {
    need(length, what);
    std::string_view s = bytes_.substr(offset_, length);
    offset_ += length;
    return s;
  }

 private:
  void need(uint64_t length, const char* what) const {
    if (length > remaining())
      throw Error(ErrorCode::CorruptData, path_,
                  std::string("truncated ") + what + ": expected " + std::to_string(length) + " bytes at offset " +
                      std::to_string(offset_) + ", found " + std::to_string(remaining()));
  }

  const std::string& path_;
  std::string_view bytes_;
  size_t offset_ = 0;
};

}  // namespace

void writeModelFile(const std::string& path, const NamedTensors& tensors, const std::function<void(Json&)>& fields) {
  std::string weights;
  try {
    weights = serializeWeights(path, tensors);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::Internal, path, "the weights cannot be serialized: " + firstLine(e.what_without_backtrace()));
  }

  Json card = Json::object();
  card["format"] = kCardFormat;
  card["format_version"] = static_cast<int64_t>(kFormatVersion);
  card["weights_sha256"] = sha256OfBytes(weights);
  card["weights_bytes"] = static_cast<int64_t>(weights.size());
  card["tensor_count"] = static_cast<int64_t>(tensors.size());
  if (fields) fields(card);
  const std::string cardText = dumpJson(card);

  std::string bytes;
  bytes.reserve(kMagic.size() + 4 + 8 + cardText.size() + 8 + weights.size());
  bytes += kMagic;
  appendLittleEndian(bytes, kFormatVersion, 4);
  appendLittleEndian(bytes, cardText.size(), 8);
  bytes += cardText;
  appendLittleEndian(bytes, weights.size(), 8);
  bytes += weights;
  writeFileAtomically(path, bytes);
  writeFileAtomically(path + ".card.json", cardText + "\n");
}

ModelFile readModelFile(const std::string& path) {
  const std::string bytes = readWholeFile(path);
  if (bytes.size() < kMagic.size() && kMagic.substr(0, bytes.size()) == bytes)
    throw Error(ErrorCode::CorruptData, path,
                "truncated header: expected at least " + std::to_string(kMagic.size() + 4) + " bytes, found " +
                    std::to_string(bytes.size()));
  if (bytes.size() < kMagic.size() || std::string_view(bytes).substr(0, kMagic.size()) != kMagic)
    throw Error(ErrorCode::CorruptData, path, "not an ST-F2M model file (it does not start with the STF2M-MODEL header)");
  SectionReader in(path, bytes, kMagic.size());
  const uint64_t version = in.integer(4, "header (format version)");
  if (version == 0) throw Error(ErrorCode::CorruptData, path, "invalid model format version 0");
  if (version > kFormatVersion)
    throw Error(ErrorCode::CorruptData, path,
                "written by a newer ST-F2M Studio (model format version " + std::to_string(version) +
                    ", this build reads up to " + std::to_string(kFormatVersion) + ")");
  const uint64_t cardLength = in.integer(8, "header (card length)");
  ModelFile file;
  file.cardText = std::string(in.section(cardLength, "card section"));
  const uint64_t weightsLength = in.integer(8, "header (weights length)");
  const std::string weights(in.section(weightsLength, "weights section"));
  if (in.remaining() != 0)
    throw Error(ErrorCode::CorruptData, path,
                std::to_string(in.remaining()) + " unexpected bytes after the weights section (expected " +
                    std::to_string(bytes.size() - in.remaining()) + " bytes in all, found " +
                    std::to_string(bytes.size()) + ")");

  try {
    file.card = parseJson(file.cardText, path + " (card)");
  } catch (const Error& e) {
    throw Error(ErrorCode::CorruptData, path, "malformed card: " + e.detail());
  }
  if (!file.card.isObject()) throw Error(ErrorCode::CorruptData, path, "malformed card: not a JSON object");
  const std::optional<JsonNode> format = file.card.find("format");
  if (!format || !format->isString() || format->asString() != kCardFormat)
    throw Error(ErrorCode::CorruptData, path, std::string("malformed card: \"format\" is not \"") + kCardFormat + "\"");
  const std::optional<JsonNode> sha = file.card.find("weights_sha256");
  if (!sha || !sha->isString()) throw Error(ErrorCode::CorruptData, path, "malformed card: no \"weights_sha256\"");
  if (const std::string actual = sha256OfBytes(weights); actual != sha->asString())
    throw Error(ErrorCode::CorruptData, path,
                "weights checksum mismatch (the file is damaged): the card says " + sha->asString() +
                    ", the weights hash to " + actual);
  file.tensors = deserializeWeights(path, weights);
  return file;
}

}  // namespace stf2m::model
