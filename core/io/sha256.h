// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

namespace drbn::io {

/// SHA-256 of a byte buffer as lowercase hex: records exactly which weights made an image.
std::string sha256Hex(const void* data, size_t size);

}  // namespace drbn::io
