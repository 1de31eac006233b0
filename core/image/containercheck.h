// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Photo files checked before they are decoded: decoders only warn about a truncated JPEG ("Premature
// end of JPEG file") or a damaged PNG and hand back grey or garbage pixels, and they allocate
// whatever a header claims.

#include "core/image/imageerror.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace drbn::image {

/// The most pixels a photo may have: 200 MP (beyond any camera), or DRBN_MAX_MEGAPIXELS.
int64_t maxPixels();

/// Checks the bytes of a JPEG or PNG file (other formats pass unchecked): a JPEG must reach its
/// end-of-image marker, a PNG its IEND chunk with every chunk's CRC intact, and the size its
/// header claims must be within maxPixels(). Throws ImageError naming `path` and the reason.
void checkContainer(const std::string& path, std::string_view bytes);

/// Whether a file's first bytes (12 suffice) are the signature of a format read here: JPEG, PNG,
/// TIFF, WebP, BMP or PNM. A cheap look for files that are no image at all, whatever their name.
bool hasImageSignature(std::string_view head);

/// The error for a file without such a signature (Kind::NotAnImage).
ImageError notAnImage(const std::string& path);

}  // namespace drbn::image
