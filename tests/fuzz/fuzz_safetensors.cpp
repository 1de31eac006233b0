// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the safetensors reader (our weight format: JSON header, then raw data).
#include "core/weights/safetensors.h"
#include "tests/fuzz/weightcheck.h"

#include <cstdint>
#include <cstddef>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace drbn::weights;
  auto bytes = std::make_shared<const Bytes>(reinterpret_cast<const char*>(data), size);
  try {
    drbn::fuzz::checkTensorsInBounds(parseSafetensors(bytes, "fuzz.safetensors"));
  } catch (const WeightError&) {
  }
  return 0;
}
