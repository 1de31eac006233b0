#pragma once
// Full-reference quality scores the way low-light papers report them.

#include <opencv2/core/mat.hpp>

namespace drbn::image {

struct Score {
  double psnr = 0;  // dB over the whole 8-bit RGB image
  double ssim = 0;  // mean SSIM map, averaged over R, G, B
};

/// Scores `result` against `reference` (same size, 8-bit, 3 channels) after cropping `shave`
/// border pixels. SSIM: Gaussian window 11, sigma 1.5, zero padding 5, C1 = (0.01 L)^2,
/// C2 = (0.03 L)^2 — the authors' formulation. Throws std::invalid_argument on mismatched input.
Score score(const cv::Mat& result, const cv::Mat& reference, int shave = 0);

}  // namespace drbn::image
