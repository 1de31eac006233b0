// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// safetensors, the native weight format: an 8-byte little-endian header length, a JSON header
// ({name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}), then raw data.

#include "core/weights/weightfile.h"

namespace drbn::weights {

/// Parses a safetensors file held in `bytes`; throws WeightError naming `path` and the tensor.
WeightFile parseSafetensors(std::shared_ptr<const Bytes> bytes, const std::string& path);

/// Writes tensors (any strides) with metadata, atomically. Throws io::FileError or WeightError.
void writeSafetensors(const std::string& path, const std::vector<RawTensor>& tensors,
                      const std::map<std::string, std::string>& metadata);

}  // namespace drbn::weights
