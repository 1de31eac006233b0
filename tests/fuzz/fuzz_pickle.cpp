// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the pickle reader on its own (the data.pkl of a zip checkpoint, the streams of a
// legacy one), then the state_dict found in what it built.
#include "core/weights/pickle.h"

#include <cstdint>
#include <cstddef>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace drbn::weights;
  try {
    size_t consumed = 0;
    const pickle::ValuePtr root = pickle::unpickle(data, size, consumed, "fuzz.pkl", "data.pkl");
    if (consumed > size) __builtin_trap();
    (void)pickle::stateDictEntries(root, "fuzz.pkl");
  } catch (const WeightError&) {
  }
  return 0;
}
