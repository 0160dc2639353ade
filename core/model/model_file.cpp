// The model file (layout in weights/model_container.h, which reads and checks everything but the
// weights themselves). The weights section is a LibTorch archive
// (torch::serialize::OutputArchive, a zip) holding every tensor as a buffer under its own name
// plus the list of names, in the written order, under kNamesKey: archive keys are not promised to
// keep their order, the list is. The card's "weights_sha256" covers the weights bytes exactly, so
// a damaged archive is reported as a checksum mismatch before LibTorch ever parses it.
#include "model/model_file.h"

#include <set>
#include <sstream>

#include "common/error.h"
#include "common/file_io.h"
#include "weights/model_container.h"

namespace stf2m::model {

namespace {

constexpr const char* kNamesKey = "__tensor_names__";

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

}  // namespace

void writeModelFile(const std::string& path, const NamedTensors& tensors, const std::function<void(Json&)>& fields) {
  std::string weights;
  try {
    weights = serializeWeights(path, tensors);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::Internal, path, "the weights cannot be serialized: " + firstLine(e.what_without_backtrace()));
  }

  Json card = weights::newModelCard(weights, tensors.size());
  if (fields) fields(card);
  const std::string cardText = dumpJson(card);
  writeFileAtomically(path, weights::encodeModelContainer(cardText, weights));
  writeFileAtomically(path + ".card.json", cardText + "\n");
}

ModelFile readModelFile(const std::string& path) {
  weights::ModelContainer container = weights::decodeModelContainer(path, readWholeFile(path));
  ModelFile file;
  file.card = std::move(container.card);
  file.cardText = std::move(container.cardText);
  file.tensors = deserializeWeights(path, container.weights);
  return file;
}

}  // namespace stf2m::model
