// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Automatic signals for curating photos: exposure, sharpness, noise, size, and a perceptual hash
// that finds the same scene resized or recompressed.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace drbn::curate {

/// Measured on the photo scaled to kAnalysisSide so that numbers compare across resolutions.
struct ImageSignals {
  int width = 0, height = 0;     // of the file, upright
  double brightness = 0;         // mean Rec. 709 luminance of the sRGB values, 0..1
  double clippedShadows = 0;     // fraction of pixels with luminance <= 2/255
  double clippedHighlights = 0;  // fraction with luminance >= 253/255
  double sharpness = 0;          // variance of the Laplacian of the 8-bit luminance
  double noise = 0;              // estimated noise sigma in 8-bit units (Immerkaer 1996)
  uint64_t phash = 0;            // 64-bit DCT perceptual hash
  double quality = std::numeric_limits<double>::quiet_NaN();  // discriminator score, when one is loaded
};

/// Longer side photos are scaled to before measuring: large enough for sharpness and noise to mean
/// something, small enough to analyse thousands of photos quickly.
constexpr int kAnalysisSide = 512;

/// Measures a decoded BGR or gray 8-bit image (any size; `width`/`height` are set from it).
ImageSignals measure(const cv::Mat& image);
/// Reads a photo (EXIF orientation applied) and measures it. Throws image::ImageError.
ImageSignals measureFile(const std::string& path);

/// The pHash of an image: 32x32 grayscale, 2-D DCT, the 8x8 lowest frequencies (without DC)
/// compared with their median.
uint64_t perceptualHash(const cv::Mat& image);
int hammingDistance(uint64_t a, uint64_t b);

/// Differing hash bits up to which two photos count as the same scene; resizing and JPEG
/// recompression change a few bits, different scenes differ in about half of the 64.
constexpr int kNearDuplicateBits = 10;

/// Groups hashes that are within `maxDistance` of each other (transitively). Returns, per hash,
/// a group id: the index of the group's first member. Uses a BK-tree, so it scales to large sets.
std::vector<int> nearDuplicateGroups(const std::vector<uint64_t>& hashes, int maxDistance = kNearDuplicateBits);

}  // namespace drbn::curate
