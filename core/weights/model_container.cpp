#include "weights/model_container.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/digest.h"
#include "common/error.h"
#include "weights/byte_reader.h"

namespace stf2m::weights {

namespace {

constexpr std::string_view kMagic = "STF2M-MODEL\n";
constexpr const char* kCardFormat = "stf2m-model";

}  // namespace

Json newModelCard(const std::string& weights, size_t tensorCount) {
  Json card = Json::object();
  card["format"] = kCardFormat;
  card["format_version"] = static_cast<int64_t>(kModelFormatVersion);
  card["weights_sha256"] = sha256OfBytes(weights);
  card["weights_bytes"] = static_cast<int64_t>(weights.size());
  card["tensor_count"] = static_cast<int64_t>(tensorCount);
  return card;
}

std::string encodeModelContainer(const std::string& cardText, const std::string& weights, uint32_t version) {
  std::string bytes;
  bytes.reserve(kMagic.size() + 4 + 8 + cardText.size() + 8 + weights.size());
  bytes += kMagic;
  appendLittleEndian(bytes, version, 4);
  appendLittleEndian(bytes, cardText.size(), 8);
  bytes += cardText;
  appendLittleEndian(bytes, weights.size(), 8);
  bytes += weights;
  return bytes;
}

ModelContainer decodeModelContainer(const std::string& path, const std::string& bytes) {
  if (bytes.size() < kMagic.size() && kMagic.substr(0, bytes.size()) == bytes)
    throw Error(ErrorCode::CorruptData, path,
                "truncated header: expected at least " + std::to_string(kMagic.size() + 4) + " bytes, found " +
                    std::to_string(bytes.size()));
  if (bytes.size() < kMagic.size() || std::string_view(bytes).substr(0, kMagic.size()) != kMagic)
    throw Error(ErrorCode::CorruptData, path, "not an ST-F2M model file (it does not start with the STF2M-MODEL header)");
  ByteReader in(path, bytes, kMagic.size());
  const uint64_t version = in.integer(4, "header (format version)");
  if (version == 0) throw Error(ErrorCode::CorruptData, path, "invalid model format version 0");
  if (version > kModelFormatVersion)
    throw Error(ErrorCode::CorruptData, path,
                "written by a newer ST-F2M Studio (model format version " + std::to_string(version) +
                    ", this build reads up to " + std::to_string(kModelFormatVersion) + ")");
  const uint64_t cardLength = in.integer(8, "header (card length)");
  ModelContainer file;
  file.version = static_cast<uint32_t>(version);
  file.cardText = std::string(in.take(cardLength, "card section"));
  const uint64_t weightsLength = in.integer(8, "header (weights length)");
  file.weights = std::string(in.take(weightsLength, "weights section"));
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
  if (const std::string actual = sha256OfBytes(file.weights); actual != sha->asString())
    throw Error(ErrorCode::CorruptData, path,
                "weights checksum mismatch (the file is damaged): the card says " + sha->asString() +
                    ", the weights hash to " + actual);
  return file;
}

std::vector<StoredTensor> decodeModelTensors(const std::string& path, const ModelContainer& container) {
  if (container.version == 1)
    throw Error(ErrorCode::InvalidArgument, path,
                "model format version 1 keeps its weights in a LibTorch archive, which is read only on request: "
                "convert a model you trust with `stf2m model upgrade " + path + " NEW.stf2m`");
  std::vector<StoredTensor> tensors = decodeTensorTable(path, container.weights);
  if (const std::optional<JsonNode> count = container.card.find("tensor_count");
      count && (!count->isNumber() || count->asNumber() != static_cast<double>(tensors.size())))
    throw Error(ErrorCode::CorruptData, path,
                "the card's \"tensor_count\" does not match the " + std::to_string(tensors.size()) + " tensors of the weights");
  return tensors;
}

}  // namespace stf2m::weights
