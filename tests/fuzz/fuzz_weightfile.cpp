// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: any weight file (format detected from the content as `drbn enhance --model` does:
// safetensors, PyTorch zip, legacy torch.save). A file is either refused with WeightError or every
// tensor it yields lies inside its storage, which is what turning it into a torch tensor relies on.
#include "tests/fuzz/weightcheck.h"

#include <cstdint>
#include <cstddef>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace drbn::weights;
  auto bytes = std::make_shared<const Bytes>(reinterpret_cast<const char*>(data), size);
  try {
    const WeightFile file = readWeightBytes(bytes, "fuzz.pt");
    drbn::fuzz::checkTensorsInBounds(file);
    (void)guessModelKind(file);
    (void)selectPrefix(file, "disc.");
  } catch (const WeightError&) {
  }
  return 0;
}
