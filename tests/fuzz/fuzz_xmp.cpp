// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: XMP sidecars (ratings and pick/reject flags that darktable and Lightroom write).
// A decision read from any packet is a valid one.
#include "core/curate/sidecar.h"

#include <exiv2/exiv2.hpp>

#include <cstdint>
#include <cstddef>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool initialised = Exiv2::XmpParser::initialize();
  (void)initialised;
  const auto decision = drbn::curate::decisionInXmp(std::string(reinterpret_cast<const char*>(data), size));
  if (decision && (decision->rating < 0 || decision->rating > 5)) __builtin_trap();
  return 0;
}
