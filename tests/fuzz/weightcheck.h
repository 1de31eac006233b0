// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The promise every weight reader makes to core/weights/tensorio: each tensor's view, all of its
// elements, lies inside its storage. Fuzz targets trap when a file breaks it.
#include "core/weights/weightfile.h"

namespace drbn::fuzz {

inline void checkTensorsInBounds(const weights::WeightFile& file) {
  for (const auto& t : file.tensors) {
    if (!t.storage || t.shape.size() != t.stride.size() || t.offset < 0) __builtin_trap();
    __int128 last = t.offset, count = 1;  // wide: the check itself must not overflow
    for (size_t d = 0; d < t.shape.size(); ++d) {
      if (t.shape[d] < 0 || t.stride[d] < 0) __builtin_trap();
      count *= t.shape[d];
      if (t.shape[d] > 0) last += __int128(t.shape[d] - 1) * t.stride[d];
      if (count > (__int128(1) << 62)) __builtin_trap();
    }
    if (count == 0) continue;
    const __int128 item = __int128(weights::dtypeSize(t.dtype));
    const __int128 end = __int128(t.storageByteOffset) + (last + 1) * item;
    if (end > __int128(t.storage->size())) __builtin_trap();
    // Touch the first and last bytes of the view, so that a wrong size shows under ASan too.
    volatile char first = (*t.storage)[size_t(__int128(t.storageByteOffset) + __int128(t.offset) * item)];
    volatile char lastByte = (*t.storage)[size_t(end - 1)];
    (void)first;
    (void)lastByte;
  }
}

}  // namespace drbn::fuzz
