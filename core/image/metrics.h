// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Full-reference quality scores the way low-light papers report them (no-reference ones:
// core/infer/looks.h).

#include "core/infer/floatimage.h"

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

/// Luminance (Rec. 709) of `enhanced` minus that of `original`: where and how much light was added.
infer::FloatImage luminanceDifference(const infer::FloatImage& original, const infer::FloatImage& enhanced);

/// Where an image is noisy: the local standard deviation of a 1-pixel high-pass (fine grain and
/// chroma speckle, not edges alone) within ~9 px, of the Rec. 709 luminance, in 8-bit units.
infer::FloatImage localNoise(const infer::FloatImage& image);

}  // namespace drbn::image
