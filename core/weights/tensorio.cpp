// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/weights/tensorio.h"

#include "core/weights/safetensors.h"

#include <torch/torch.h>

#include <cstring>
#include <set>
#include <sstream>

namespace drbn::weights {
namespace {

torch::ScalarType scalarType(DType dtype) {
  switch (dtype) {
    case DType::F32: return torch::kFloat32;
    case DType::F64: return torch::kFloat64;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
  }
  return torch::kFloat32;
}

DType dtypeOf(torch::ScalarType type) {
  switch (type) {
    case torch::kFloat64: return DType::F64;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    case torch::kInt16: return DType::I16;
    case torch::kInt8: return DType::I8;
    case torch::kUInt8: return DType::U8;
    case torch::kBool: return DType::Bool;
    default: return DType::F32;
  }
}

std::string shapeText(c10::IntArrayRef shape) {
  std::ostringstream s;
  s << '[';
  for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
  s << ']';
  return s.str();
}

// Checkpoints saved from nn.DataParallel prefix every name with "module.".
std::string withoutDataParallelPrefix(const std::string& name, bool strip) {
  return strip ? name.substr(7) : name;
}

}  // namespace

torch::Tensor toTensor(const RawTensor& raw) {
  const auto type = scalarType(raw.dtype);
  if (raw.numel() == 0) return torch::empty(raw.shape, torch::TensorOptions().dtype(type));
  // Elements the strided view spans; the readers have checked that they lie inside the file.
  int64_t extent = raw.offset + 1;
  for (size_t d = 0; d < raw.shape.size(); ++d) extent += (raw.shape[d] - 1) * raw.stride[d];
  // Copy first: storages in legacy files need not be aligned for their element type.
  auto flat = torch::empty({extent}, torch::TensorOptions().dtype(type));
  std::memcpy(flat.data_ptr(), raw.storage->data() + raw.storageByteOffset, size_t(extent) * dtypeSize(raw.dtype));
  return flat.as_strided(raw.shape, raw.stride, raw.offset).contiguous();
}

void loadInto(torch::nn::Module& module, const WeightFile& file, LoadMode mode) {
  bool strip = !file.tensors.empty();
  for (const auto& t : file.tensors) strip = strip && t.name.rfind("module.", 0) == 0;
  std::map<std::string, const RawTensor*> byName;
  for (const auto& t : file.tensors) byName[withoutDataParallelPrefix(t.name, strip)] = &t;

  const ModelKind guessed = guessModelKind(file);
  const std::string kind = guessed == ModelKind::Unknown ? "no network this program knows" : std::string("a ") + modelKindName(guessed);
  std::vector<std::pair<torch::Tensor, torch::Tensor>> assignments;
  std::set<std::string> used;
  auto plan = [&](const std::string& name, const torch::Tensor& target) {
    const auto it = byName.find(name);
    if (it == byName.end())
      throw WeightError(file.path + ": missing tensor '" + name + "' (the file holds " +
                        std::to_string(file.tensors.size()) + " tensors of " + kind + ")",
                        WeightError::Kind::WrongNetwork);
    const RawTensor& raw = *it->second;
    if (c10::IntArrayRef(raw.shape) != target.sizes())
      throw WeightError(file.path + ": tensor '" + name + "' has shape " + shapeText(raw.shape) +
                        " but the model expects " + shapeText(target.sizes()),
                        WeightError::Kind::WrongNetwork);
    const bool floating = raw.dtype == DType::F32 || raw.dtype == DType::F64 || raw.dtype == DType::F16 ||
                          raw.dtype == DType::BF16;
    if (target.is_floating_point() && !floating)
      throw WeightError(file.path + ": tensor '" + name + "' holds " + dtypeName(raw.dtype) +
                        " numbers where the model's weights are floating point",
                        WeightError::Kind::WrongNetwork);
    auto value = toTensor(raw);
    if (target.is_floating_point() && !torch::isfinite(value).all().item<bool>())
      throw WeightError(file.path + ": tensor '" + name + "' holds NaN or infinite values", WeightError::Kind::BadValues);
    assignments.emplace_back(target, std::move(value));
    used.insert(name);
  };
  for (const auto& p : module.named_parameters()) plan(p.key(), p.value());
  for (const auto& b : module.named_buffers()) plan(b.key(), b.value());
  for (const auto& [name, raw] : byName)
    if (mode == LoadMode::Exact && !used.count(name))
      throw WeightError(file.path + ": unexpected tensor '" + name + "' (the file holds " + kind + ")",
                        WeightError::Kind::WrongNetwork);

  torch::NoGradGuard noGrad;
  for (auto& [target, value] : assignments) target.copy_(value.to(target.dtype()));
}

void saveTensors(const std::vector<std::pair<std::string, torch::Tensor>>& tensors, const std::string& path,
                 const std::map<std::string, std::string>& metadata) {
  auto bytes = std::make_shared<Bytes>();
  std::vector<RawTensor> raws;
  std::vector<torch::Tensor> cpu;
  for (const auto& [name, tensor] : tensors) cpu.push_back(tensor.detach().to(torch::kCPU).contiguous());
  size_t total = 0;
  for (const auto& t : cpu) total += size_t(t.nbytes());
  bytes->reserve(total);
  for (size_t i = 0; i < cpu.size(); ++i) {
    RawTensor raw;
    raw.name = tensors[i].first;
    raw.dtype = dtypeOf(cpu[i].scalar_type());
    raw.shape = cpu[i].sizes().vec();
    raw.stride = cpu[i].strides().vec();
    raw.storageByteOffset = bytes->size();
    bytes->append(static_cast<const char*>(cpu[i].data_ptr()), size_t(cpu[i].nbytes()));
    raws.push_back(std::move(raw));
  }
  for (auto& raw : raws) raw.storage = bytes;
  writeSafetensors(path, raws, metadata);
}

void saveModule(const torch::nn::Module& module, const std::string& path,
                const std::map<std::string, std::string>& metadata) {
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& p : module.named_parameters()) tensors.emplace_back(p.key(), p.value());
  for (const auto& b : module.named_buffers()) tensors.emplace_back(b.key(), b.value());
  saveTensors(tensors, path, metadata);
}

}  // namespace drbn::weights
