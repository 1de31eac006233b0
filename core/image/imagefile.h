// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Photo files in and out: decoding with OpenCV (8/16-bit, grayscale, alpha), EXIF orientation,
// conversion to the engine's float RGB, and encoding with the source's metadata carried over.

#include "core/image/imageerror.h"
#include "core/infer/floatimage.h"

#include <opencv2/core/mat.hpp>

#include <map>
#include <string>

namespace drbn::image {

/// A decoded photo, upright, as the engine wants it, plus what is needed to write it back alike.
struct Photo {
  infer::FloatImage rgb;  // 3 channels, [0, 1]
  cv::Mat alpha;          // CV_32F in [0, 1], or empty
  bool grayscale = false;
  int bitDepth = 8;       // 8 or 16 (32-bit float sources report 16)
  int orientation = 1;    // the EXIF orientation that was applied to the pixels
};

/// Reads a photo file and applies its EXIF orientation. Throws ImageError.
Photo readPhoto(const std::string& path);

/// The EXIF orientation (1-8) of a file, 1 when it has none or cannot be read.
int readOrientation(const std::string& path);

/// The drbn provenance writePhoto() recorded in a file's XMP ("ModelSha256" -> "…"), empty when
/// it has none or cannot be read.
std::map<std::string, std::string> readProvenance(const std::string& path);

/// Whether a file is a result this program wrote (its XMP has the drbn provenance writePhoto()
/// records): a folder of photos with earlier results among them should not enhance those again.
bool isDrbnResult(const std::string& path);

/// Turns a float image (3 channels, any range) into an OpenCV BGR(A) or gray matrix of the given
/// depth (CV_8U or CV_16U), clamped to [0, 1] and rounded. `alpha` may be empty.
cv::Mat toMat(const infer::FloatImage& rgb, int depth, bool grayscale = false, const cv::Mat& alpha = cv::Mat());

/// Converts an OpenCV image (gray, BGR or BGRA; 8U, 16U or 32F) into float RGB; alpha is dropped.
infer::FloatImage fromMat(const cv::Mat& mat);

/// How to write an output file.
struct WriteOptions {
  std::string format = "png";  // png, jpg, tif
  int quality = 95;            // JPEG quality
  int bitDepth = 8;            // 8 or 16 (16 only for png and tif)
};

/// Encodes `pixels` and writes them atomically to `path`. When `metadataSource` names a file,
/// its EXIF, XMP, IPTC and ICC profile are copied (orientation reset to 1, since the pixels are
/// upright); `provenance` entries are recorded as XMP in the drbn namespace. Throws ImageError.
void writePhoto(const std::string& path, const cv::Mat& pixels, const WriteOptions& options,
                const std::string& metadataSource = {}, const std::map<std::string, std::string>& provenance = {});

/// An image scaled down (area averaging) so that its longer side is at most `maxSide`; unchanged
/// if smaller or if `maxSide` is 0.
infer::FloatImage scaledToFit(const infer::FloatImage& rgb, int maxSide);
cv::Mat scaledToFit(const cv::Mat& image, int maxSide);

/// File extension for a format name ("jpg" -> "jpg", "tiff" -> "tif"); throws ImageError for
/// formats that cannot be written.
std::string extensionFor(const std::string& format);

/// True for file names the readers understand (by extension).
bool isImageFileName(const std::string& path);

/// Prepares exiv2 (XMP parser, the drbn namespace) once; thread-safe. Call before using exiv2
/// directly elsewhere in core.
void initExiv2();

/// Library versions, e.g. "OpenCV 4.6.0, exiv2 0.27.6".
std::string imageLibraryVersions();

}  // namespace drbn::image
