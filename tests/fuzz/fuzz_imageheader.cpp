// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the check every photo passes before a decoder sees it (JPEG markers to the
// end-of-image, PNG chunks and CRCs to IEND, the size a header claims).
#include "core/image/containercheck.h"
#include "core/image/imagefile.h"

#include <cstdint>
#include <cstddef>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    drbn::image::checkContainer("fuzz.jpg", std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const drbn::image::ImageError&) {
  }
  return 0;
}
