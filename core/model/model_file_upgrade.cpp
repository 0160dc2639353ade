// Upgrading a model file of format version 1, whose weights section is a LibTorch archive
// (torch::serialize::OutputArchive, a zip) holding every tensor as a buffer under its own name and
// the list of names, in the written order, under "__tensor_names__". The only reader of that
// archive left in the product: model files are read without LibTorch (model_file.cpp).
#include <filesystem>
#include <set>

#include "common/error.h"
#include "common/file_io.h"
#include "model/engine.h"
#include "model/model_file.h"
#include "weights/model_container.h"

namespace stf2m::model {

namespace {

// The first line of a LibTorch message (they carry C++ backtraces after it).
std::string firstLine(const char* what) {
  std::string text(what ? what : "");
  if (const size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

NamedTensors readArchiveTensors(const std::string& path, const std::string& weights) {
  torch::serialize::InputArchive archive;
  c10::IValue namesValue;
  try {
    archive.load_from(weights.data(), weights.size(), torch::kCPU);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::CorruptData, path, "the weights archive cannot be read: " + firstLine(e.what_without_backtrace()));
  }
  if (!archive.try_read("__tensor_names__", namesValue) || !namesValue.isList())
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

}  // namespace

void upgradeModelFile(const std::string& from, const std::string& to) {
  const weights::ModelContainer old = weights::decodeModelContainer(from, readWholeFile(from));
  if (old.version != 1)
    throw Error(ErrorCode::InvalidArgument, from,
                "is already model format version " + std::to_string(old.version) + "; there is nothing to upgrade");
  std::error_code ec;
  if (std::filesystem::equivalent(from, to, ec))
    throw Error(ErrorCode::InvalidArgument, to,
                "is the file being upgraded; write the upgrade to a new file (projects know a model by its file's SHA-256)");
  const NamedTensors tensors = readArchiveTensors(from, old.weights);
  const std::set<std::string> containerKeys = {"format", "format_version", "weights_sha256", "weights_bytes", "tensor_count"};
  writeModelFile(to, tensors, [&](Json& card) {
    for (const auto& [key, value] : old.card.members())
      if (!containerKeys.count(key)) card[key] = value.value();
    card["upgraded_from"] = {{"format_version", 1}, {"weights_sha256", old.card.at("weights_sha256").asString()}};
  });
}

}  // namespace stf2m::model
