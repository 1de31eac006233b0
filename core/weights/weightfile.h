// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Weight files in every format the project reads: safetensors (native), PyTorch zip-format
// state_dicts, and the legacy (pre-1.6) torch.save stream of the authors' checkpoints.
// Torch-free: tensors are described and carried as raw bytes; core/weights/tensorio.h turns them
// into torch tensors.

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace drbn::weights {

/// A weight file that cannot be used, with a message naming the file and, where known, the tensor.
/// It also says what kind of problem it is, for front ends that word it in the user's language
/// (the message itself is English, as the command line prints it).
class WeightError : public std::runtime_error {
 public:
  enum class Kind {
    Damaged,       // corrupt or truncated: the file's own structure does not hold together
    CannotRead,    // missing, or the system refused to read it
    NotWeights,    // no weight file at all (or a PyTorch file without a state_dict)
    Unsupported,   // a weight file of a variant this program does not read
    WrongNetwork,  // sound weights, but not of the network they are loaded into
    BadValues,     // NaN or infinite weights
  };
  explicit WeightError(const std::string& message, Kind kind = Kind::Damaged)
      : std::runtime_error(message), m_kind(kind) {}
  Kind kind() const { return m_kind; }

 private:
  Kind m_kind;
};

enum class DType { F32, F64, F16, BF16, I64, I32, I16, I8, U8, Bool };
const char* dtypeName(DType dtype);  // safetensors spelling: "F32", "I64", ...
size_t dtypeSize(DType dtype);

using Bytes = std::string;  // raw file contents

/// One tensor of a weight file: a strided view into a shared byte buffer.
struct RawTensor {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::vector<int64_t> stride;       // in elements
  int64_t offset = 0;                // in elements, from element 0
  std::shared_ptr<const Bytes> storage;
  size_t storageByteOffset = 0;      // where element 0 is in `storage`

  int64_t numel() const;
};

enum class WeightFormat { Safetensors, TorchZip, TorchLegacy };
const char* formatName(WeightFormat format);

/// Everything read from a weight file.
struct WeightFile {
  std::string path;
  WeightFormat format = WeightFormat::Safetensors;
  std::vector<RawTensor> tensors;              // in file order
  std::map<std::string, std::string> metadata; // safetensors `__metadata__`; empty for PyTorch files

  int64_t parameterCount() const;
};

/// Reads any supported weight file; the format is detected from its content, not its name.
/// Throws WeightError naming the file and the reason.
WeightFile readWeightFile(const std::string& path);
/// The same for a file's bytes already in memory; `path` names them in messages.
WeightFile readWeightBytes(std::shared_ptr<const Bytes> bytes, const std::string& path);

/// The tensors of `file` whose names start with `prefix`, with the prefix removed (one network
/// out of a training checkpoint, e.g. "disc.").
WeightFile selectPrefix(const WeightFile& file, const std::string& prefix);

/// SHA-256 of a file's bytes as lowercase hex (records which model made an image).
std::string fileSha256(const std::string& path);

}  // namespace drbn::weights

namespace drbn::weights {

/// Which network a file's tensor names belong to.
enum class ModelKind { Unknown, BandNetwork, Recomposer, QualityDiscriminator, Vgg16, TrainingCheckpoint };
ModelKind guessModelKind(const WeightFile& file);
const char* modelKindName(ModelKind kind);  // "band network", "recomposer", ...

}  // namespace drbn::weights
