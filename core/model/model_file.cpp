// The model file (layout in weights/model_container.h, which reads and checks everything without
// LibTorch; the weights are a tensor table, weights/tensor_table.h). Here the tensors become
// LibTorch tensors and back: only checked bytes of a known length are copied into a tensor.
#include "model/model_file.h"

#include <cstring>

#include "common/error.h"
#include "common/file_io.h"
#include "weights/model_container.h"
#include "weights/tensor_table.h"

namespace stf2m::model {

namespace {

using weights::ElementType;

constexpr std::pair<ElementType, c10::ScalarType> kTypes[] = {
    {ElementType::Float32, torch::kFloat32}, {ElementType::Float64, torch::kFloat64},
    {ElementType::Float16, torch::kFloat16}, {ElementType::BFloat16, torch::kBFloat16},
    {ElementType::Int64, torch::kInt64},     {ElementType::Int32, torch::kInt32},
    {ElementType::Int16, torch::kInt16},     {ElementType::Int8, torch::kInt8},
    {ElementType::UInt8, torch::kUInt8},     {ElementType::Bool, torch::kBool},
};

weights::StoredTensor stored(const std::string& path, const std::string& name, const torch::Tensor& tensor) {
  if (!tensor.defined()) throw Error(ErrorCode::InvalidArgument, path, "tensor '" + name + "' is undefined");
  const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
  weights::StoredTensor out;
  out.name = name;
  bool known = false;
  for (const auto& [type, scalar] : kTypes)
    if (scalar == t.scalar_type()) out.type = type, known = true;
  if (!known)
    throw Error(ErrorCode::InvalidArgument, path,
                "tensor '" + name + "' has element type " + std::string(c10::toString(t.scalar_type())) +
                    ", which a model file does not store");
  out.sizes.assign(t.sizes().begin(), t.sizes().end());
  if (t.nbytes() > 0) out.data.assign(static_cast<const char*>(t.data_ptr()), t.nbytes());  // no storage when empty
  return out;
}

torch::Tensor restored(const weights::StoredTensor& s) {
  c10::ScalarType scalar = torch::kFloat32;
  for (const auto& [type, candidate] : kTypes)
    if (type == s.type) scalar = candidate;
  torch::Tensor t = torch::empty(s.sizes, torch::TensorOptions().dtype(scalar));
  if (!s.data.empty()) std::memcpy(t.data_ptr(), s.data.data(), s.data.size());
  return t;
}

}  // namespace

std::string encodeModelFile(const std::string& path, const NamedTensors& tensors,
                            const std::function<void(Json&)>& fields, std::string* cardText) {
  std::vector<weights::StoredTensor> table;
  table.reserve(tensors.size());
  for (const auto& [name, tensor] : tensors) table.push_back(stored(path, name, tensor));
  const std::string weights = weights::encodeTensorTable(path, table);

  Json card = weights::newModelCard(weights, tensors.size());
  if (fields) fields(card);
  std::string text = dumpJson(card);
  std::string bytes = weights::encodeModelContainer(text, weights);
  if (cardText) *cardText = std::move(text);
  return bytes;
}

void writeModelFile(const std::string& path, const NamedTensors& tensors, const std::function<void(Json&)>& fields) {
  std::string cardText;
  const std::string bytes = encodeModelFile(path, tensors, fields, &cardText);
  writeFileAtomically(path, bytes);
  writeFileAtomically(path + ".card.json", cardText + "\n");
}

ModelFile readModelFile(const std::string& path) {
  weights::ModelContainer container = weights::decodeModelContainer(path, readWholeFile(path));
  ModelFile file;
  for (const weights::StoredTensor& s : weights::decodeModelTensors(path, container))
    file.tensors.emplace_back(s.name, restored(s));
  file.card = std::move(container.card);
  file.cardText = std::move(container.cardText);
  return file;
}

std::string readModelCard(const std::string& path) {
  return weights::decodeModelContainer(path, readWholeFile(path)).cardText;
}

}  // namespace stf2m::model
