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

/// Where noise was amplified beyond the brightening: log2 of the change in relative local
/// high-frequency energy (local std of a high-pass over local mean). 0 = as noisy as the light
/// gain explains, 1 = twice the relative noise. Both images RGB of the same size.
infer::FloatImage noiseAmplification(const infer::FloatImage& original, const infer::FloatImage& enhanced);

}  // namespace drbn::image
