// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/weights/weightfile.h"

#include "core/io/atomicfile.h"
#include "core/io/sha256.h"
#include "core/weights/pickle.h"
#include "core/weights/safetensors.h"

#include <map>

namespace drbn::weights {
namespace {

uint64_t readLe(const Bytes& b, size_t pos, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint64_t(uint8_t(b[pos + i])) << (8 * i);
  return v;
}

/// Where each storage's first element lies in the file, and how many elements it holds.
struct StorageSpan {
  size_t byteOffset = 0;
  int64_t numel = 0;  // of `dtype`, the one type its tensors may read it as
  DType dtype = DType::F32;
};

/// Each storage's element type; one storage read as two types would be read past its end.
std::map<std::string, DType> storageTypes(const std::vector<std::pair<std::string, pickle::TensorRef>>& entries,
                                          const std::string& path) {
  std::map<std::string, DType> types;
  for (const auto& [name, ref] : entries) {
    const auto [it, added] = types.emplace(ref.storage.key, ref.storage.dtype);
    if (!added && it->second != ref.storage.dtype)
      throw WeightError(path + ": storage " + ref.storage.key + " is read as both " + dtypeName(it->second) + " and " +
                        dtypeName(ref.storage.dtype) + " (tensor '" + name + "')");
  }
  return types;
}

std::vector<RawTensor> tensorsFromPickle(const std::vector<std::pair<std::string, pickle::TensorRef>>& entries,
                                         const std::map<std::string, StorageSpan>& spans,
                                         const std::shared_ptr<const Bytes>& bytes, const std::string& path) {
  std::vector<RawTensor> tensors;
  for (const auto& [name, ref] : entries) {
    const std::string where = path + ": tensor '" + name + "'";
    const auto span = spans.find(ref.storage.key);
    if (span == spans.end()) throw WeightError(where + " refers to storage " + ref.storage.key + ", which the file lacks");
    if (span->second.dtype != ref.storage.dtype) throw WeightError(where + " reads its storage as another type");
    RawTensor t;
    t.name = name;
    t.dtype = ref.storage.dtype;
    t.shape = ref.shape;
    t.stride = ref.stride;
    t.offset = ref.offset + ref.storage.viewOffset;
    t.storage = bytes;
    t.storageByteOffset = span->second.byteOffset;
    // The furthest element the view touches must lie inside the storage.
    int64_t last = t.offset;
    bool empty = false;
    for (size_t d = 0; d < t.shape.size(); ++d) {
      if (t.shape[d] < 0 || t.stride[d] < 0) throw WeightError(where + " has a negative size or stride");
      if (t.shape[d] == 0) empty = true;
      else if (t.stride[d] > 0 && t.shape[d] - 1 > (INT64_MAX / 2) / t.stride[d]) throw WeightError(where + " is impossibly large");
      else last += (t.shape[d] - 1) * t.stride[d];
      if (last > INT64_MAX / 4) throw WeightError(where + " is impossibly large");
    }
    if (t.offset < 0 || (!empty && last >= span->second.numel))
      throw WeightError(where + " reaches past the end of its storage (corrupt or truncated file)");
    // Real checkpoints never view more elements than their storage holds; stride-0 views that
    // do would turn a small file into an allocation of any size.
    int64_t count = 1;
    for (int64_t d : t.shape)
      if (d > 0 && count > span->second.numel / d + 1) throw WeightError(where + " views more elements than its storage holds");
      else count *= d;
    if (!empty && count > span->second.numel) throw WeightError(where + " views more elements than its storage holds");
    tensors.push_back(std::move(t));
  }
  return tensors;
}

// The legacy torch.save stream: magic, protocol, system info, the object, the storage keys, then
// each storage as an 8-byte element count and its raw data.
WeightFile readLegacy(const std::shared_ptr<const Bytes>& bytes, const std::string& path) {
  const Bytes& b = *bytes;
  const auto* data = reinterpret_cast<const uint8_t*>(b.data());
  size_t pos = 0, used = 0;
  auto next = [&](const char* what) {
    auto v = pickle::unpickle(data + pos, b.size() - pos, used, path, what);
    pos += used;
    return v;
  };
  const auto magic = next("magic number");
  // torch.save's magic number 0x1950a86a20f9469cfc6c, as LONG1's little-endian bytes.
  static const std::string kMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
  if (magic->kind != pickle::Value::Kind::Bytes || magic->s != kMagic)
    throw WeightError(path + ": not a PyTorch file (wrong magic number)", WeightError::Kind::NotWeights);
  const auto protocol = next("protocol version");
  if (protocol->kind != pickle::Value::Kind::Int || protocol->i != 1001)
    throw WeightError(path + ": unsupported legacy PyTorch protocol version", WeightError::Kind::Unsupported);
  const auto sysInfo = next("system info");
  for (const auto& [key, value] : sysInfo->dict)
    if (key->s == "little_endian" && value->kind == pickle::Value::Kind::Bool && !value->i)
      throw WeightError(path + ": written on a big-endian machine, which is not supported", WeightError::Kind::Unsupported);
  const auto root = next("state_dict");
  const auto entries = pickle::stateDictEntries(root, path);
  const auto keys = next("storage keys");
  if (keys->kind != pickle::Value::Kind::List) throw WeightError(path + ": malformed storage key list");

  const auto dtypes = storageTypes(entries, path);
  std::map<std::string, StorageSpan> spans;
  for (const auto& key : keys->items) {
    if (key->kind != pickle::Value::Kind::String) throw WeightError(path + ": malformed storage key list");
    const auto dtype = dtypes.find(key->s);
    if (dtype == dtypes.end()) throw WeightError(path + ": storage " + key->s + " is used by no tensor");
    if (b.size() - pos < 8) throw WeightError(path + ": truncated file (storage " + key->s + " is missing)");
    const uint64_t numel = readLe(b, pos, 8);
    pos += 8;
    const uint64_t size = dtypeSize(dtype->second);
    if (numel > (b.size() - pos) / size)
      throw WeightError(path + ": truncated file (storage " + key->s + " needs " + std::to_string(numel * size) +
                        " bytes, " + std::to_string(b.size() - pos) + " remain)");
    spans[key->s] = {pos, int64_t(numel), dtype->second};
    pos += size_t(numel * size);
  }
  WeightFile file;
  file.path = path;
  file.format = WeightFormat::TorchLegacy;
  file.tensors = tensorsFromPickle(entries, spans, bytes, path);
  return file;
}

/// The stored (uncompressed) members of a zip archive, as torch.save writes them.
std::map<std::string, std::pair<size_t, size_t>> zipMembers(const Bytes& b, const std::string& path) {
  const size_t kEocd = 22;
  if (b.size() < kEocd) throw WeightError(path + ": truncated zip archive");
  size_t eocd = std::string::npos;
  const size_t lowest = b.size() > kEocd + 65535 ? b.size() - kEocd - 65535 : 0;
  for (size_t p = b.size() - kEocd + 1; p-- > lowest;)
    if (readLe(b, p, 4) == 0x06054b50) { eocd = p; break; }
  if (eocd == std::string::npos) throw WeightError(path + ": truncated zip archive (no end of central directory)");
  const uint64_t count = readLe(b, eocd + 10, 2);
  size_t pos = size_t(readLe(b, eocd + 16, 4));
  if (count == 0xFFFF || pos == 0xFFFFFFFF) throw WeightError(path + ": ZIP64 archives over 4 GiB are not supported", WeightError::Kind::Unsupported);
  std::map<std::string, std::pair<size_t, size_t>> members;
  for (uint64_t i = 0; i < count; ++i) {
    if (pos > b.size() || b.size() - pos < 46 || readLe(b, pos, 4) != 0x02014b50)
      throw WeightError(path + ": corrupt zip central directory");
    const uint64_t method = readLe(b, pos + 10, 2), size = readLe(b, pos + 20, 4);
    const size_t nameLen = size_t(readLe(b, pos + 28, 2)), extraLen = size_t(readLe(b, pos + 30, 2)),
                 commentLen = size_t(readLe(b, pos + 32, 2)), local = size_t(readLe(b, pos + 42, 4));
    if (b.size() - pos - 46 < nameLen) throw WeightError(path + ": corrupt zip central directory");
    const std::string name = b.substr(pos + 46, nameLen);
    pos += 46 + nameLen + extraLen + commentLen;
    if (local > b.size() || b.size() - local < 30 || readLe(b, local, 4) != 0x04034b50)
      throw WeightError(path + ": corrupt zip entry '" + name + "'");
    if (method != 0) throw WeightError(path + ": zip entry '" + name + "' is compressed, which torch.save never does", WeightError::Kind::Unsupported);
    const size_t dataPos = local + 30 + size_t(readLe(b, local + 26, 2)) + size_t(readLe(b, local + 28, 2));
    if (dataPos > b.size() || b.size() - dataPos < size)
      throw WeightError(path + ": truncated zip archive (entry '" + name + "')");
    members[name] = {dataPos, size_t(size)};
  }
  return members;
}

WeightFile readTorchZip(const std::shared_ptr<const Bytes>& bytes, const std::string& path) {
  const auto members = zipMembers(*bytes, path);
  std::string prefix;
  for (const auto& [name, span] : members)
    if (name.size() >= 9 && name.compare(name.size() - 9, 9, "/data.pkl") == 0) prefix = name.substr(0, name.size() - 8);
  if (prefix.empty()) throw WeightError(path + ": zip archive without data.pkl is not a PyTorch file", WeightError::Kind::NotWeights);
  const auto byteorder = members.find(prefix + "byteorder");
  if (byteorder != members.end() && bytes->compare(byteorder->second.first, byteorder->second.second, "little") != 0)
    throw WeightError(path + ": written in big-endian byte order, which is not supported", WeightError::Kind::Unsupported);

  const auto [pklPos, pklSize] = members.at(prefix + "data.pkl");
  size_t used = 0;
  const auto root = pickle::unpickle(reinterpret_cast<const uint8_t*>(bytes->data()) + pklPos, pklSize, used, path, "data.pkl");
  const auto entries = pickle::stateDictEntries(root, path);
  std::map<std::string, StorageSpan> spans;
  for (const auto& [key, dtype] : storageTypes(entries, path)) {
    const auto member = members.find(prefix + "data/" + key);
    if (member == members.end()) continue;  // reported by tensorsFromPickle, naming the tensor
    spans[key] = {member->second.first, int64_t(member->second.second / dtypeSize(dtype)), dtype};
  }
  WeightFile file;
  file.path = path;
  file.format = WeightFormat::TorchZip;
  file.tensors = tensorsFromPickle(entries, spans, bytes, path);
  return file;
}

}  // namespace

const char* dtypeName(DType dtype) {
  switch (dtype) {
    case DType::F32: return "F32";
    case DType::F64: return "F64";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::Bool: return "BOOL";
  }
  return "?";
}

size_t dtypeSize(DType dtype) {
  switch (dtype) {
    case DType::F64: case DType::I64: return 8;
    case DType::F32: case DType::I32: return 4;
    case DType::F16: case DType::BF16: case DType::I16: return 2;
    default: return 1;
  }
}

const char* formatName(WeightFormat format) {
  switch (format) {
    case WeightFormat::Safetensors: return "safetensors";
    case WeightFormat::TorchZip: return "PyTorch zip";
    case WeightFormat::TorchLegacy: return "PyTorch legacy (pre-1.6)";
  }
  return "?";
}

int64_t RawTensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int64_t WeightFile::parameterCount() const {
  int64_t n = 0;
  for (const auto& t : tensors)
    if (t.dtype == DType::F32 || t.dtype == DType::F64 || t.dtype == DType::F16 || t.dtype == DType::BF16) n += t.numel();
  return n;
}

WeightFile readWeightFile(const std::string& path) {
  std::shared_ptr<const Bytes> bytes;
  try {
    bytes = std::make_shared<const Bytes>(io::readFile(path));
  } catch (const io::FileError& e) {
    throw WeightError(e.what(), WeightError::Kind::CannotRead);
  }
  return readWeightBytes(std::move(bytes), path);
}

WeightFile readWeightBytes(std::shared_ptr<const Bytes> bytes, const std::string& path) {
  const Bytes& b = *bytes;
  if (b.size() >= 4 && b.compare(0, 4, "PK\x03\x04", 4) == 0) return readTorchZip(bytes, path);
  if (b.size() >= 3 && uint8_t(b[0]) == 0x80 && uint8_t(b[1]) == 0x02 && uint8_t(b[2]) == 0x8a) return readLegacy(bytes, path);
  if (b.size() >= 9 && b[8] == '{') return parseSafetensors(bytes, path);
  if (b.empty()) throw WeightError(path + ": empty file", WeightError::Kind::NotWeights);
  // Worded without "not a weight file": the studio puts that, in its user's language, around it.
  throw WeightError(path + ": neither safetensors nor a PyTorch .pt/.pth state_dict", WeightError::Kind::NotWeights);
}

std::string fileSha256(const std::string& path) {
  const std::string data = io::readFile(path);
  return io::sha256Hex(data.data(), data.size());
}

}  // namespace drbn::weights

namespace drbn::weights {

ModelKind guessModelKind(const WeightFile& file) {
  auto has = [&](const std::string& name) {
    for (const auto& t : file.tensors)
      if (t.name == name || t.name == "module." + name) return true;
    return false;
  };
  if (has("recur1.SFENet1.weight")) return ModelKind::BandNetwork;
  if (has("GFF.0.weight") && has("UPNet2.weight")) return ModelKind::Recomposer;
  if (has("conv9.weight") && has("bn2.weight")) return ModelKind::QualityDiscriminator;
  if (has("features.0.weight") && has("classifier.0.weight")) return ModelKind::Vgg16;
  if (has("band.recur1.SFENet1.weight") && file.metadata.count("step")) return ModelKind::TrainingCheckpoint;
  return ModelKind::Unknown;
}

const char* modelKindName(ModelKind kind) {
  switch (kind) {
    case ModelKind::BandNetwork: return "band network (DRBN stage 1)";
    case ModelKind::Recomposer: return "band recomposition (DRBN stage 2)";
    case ModelKind::QualityDiscriminator: return "quality discriminator";
    case ModelKind::Vgg16: return "VGG-16";
    case ModelKind::TrainingCheckpoint: return "training checkpoint (its run folder's bands.safetensors is the model)";
    case ModelKind::Unknown: break;
  }
  return "unknown";
}

WeightFile selectPrefix(const WeightFile& file, const std::string& prefix) {
  WeightFile part;
  part.path = file.path;
  part.format = file.format;
  part.metadata = file.metadata;
  for (const auto& t : file.tensors)
    if (t.name.rfind(prefix, 0) == 0) {
      part.tensors.push_back(t);
      part.tensors.back().name = t.name.substr(prefix.size());
    }
  return part;
}

}  // namespace drbn::weights
