// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Between weight files and LibTorch modules. Internal to core: include only from .cpp files.

#include "core/weights/weightfile.h"

#include <torch/nn/module.h>
#include <torch/types.h>

namespace drbn::weights {

/// A contiguous CPU copy of a file tensor in its own dtype.
torch::Tensor toTensor(const RawTensor& raw);

enum class LoadMode {
  Exact,   // the file holds exactly the module's tensors
  Subset,  // the module is the first part of a larger network (VGG-16 features for a loss)
};
/// Copies every parameter and buffer of `module` from `file`, by name; all or nothing.
/// Throws WeightError naming the file and the first missing, unexpected or mis-shaped tensor.
void loadInto(torch::nn::Module& module, const WeightFile& file, LoadMode mode = LoadMode::Exact);

/// Saves a module's parameters and buffers as safetensors with metadata, atomically.
void saveModule(const torch::nn::Module& module, const std::string& path,
                const std::map<std::string, std::string>& metadata);

/// Saves named tensors (any device, any layout) as safetensors, atomically.
void saveTensors(const std::vector<std::pair<std::string, torch::Tensor>>& tensors, const std::string& path,
                 const std::map<std::string, std::string>& metadata);

}  // namespace drbn::weights
