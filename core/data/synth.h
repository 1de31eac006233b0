// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Realistic low-light versions of normal photos, for users without paired data: the image is
// linearised, its exposure scaled down, Poisson-Gaussian sensor noise added, the result
// re-encoded as the camera would, and quantised to 8 bit — the way synthetic LOL pairs were made.

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace drbn::data {

struct SynthOptions {
  uint64_t seed = 1;
  double minExposure = 0.04, maxExposure = 0.25;  // linear scale, log-uniform between (LOL-like 2-5 stops)
  double minPhotons = 150, maxPhotons = 1500;     // photons at full scale: sets the shot noise
  double minReadNoise = 0.0005, maxReadNoise = 0.004;  // Gaussian read noise, linear units
  int minJpegQuality = 85, maxJpegQuality = 97;   // re-encoding; 0 for both keeps it lossless
  int maxSide = 0;  // scale normal photos down to this longer side first; 0 keeps their size
  bool overwrite = false;  // replace pairs already in the output folder (never a normal photo)
};

/// A low-light version of an 8-bit BGR image, drawing its parameters from `rng`.
cv::Mat synthesizeLowLight(const cv::Mat& bgr, std::mt19937_64& rng, const SynthOptions& options);

struct SynthReport {
  int written = 0;
  std::vector<std::string> errors;  // one line per file that could not be read or written
};

/// For every photo in `normalDir`, writes `outDir/high/<stem>.png` (the photo, scaled down if asked)
/// and `outDir/low/<stem>.png`, atomically; the same seed and file give the same pair. Writes
/// nothing when an output would be one of the photos, when two photos share a name (x.jpg, x.png),
/// when OUTDIR holds images this run would not write, or (without `overwrite`) when an output is
/// already there: a set is never a mix of two runs.
SynthReport synthesizeFolder(const std::string& normalDir, const std::string& outDir, const SynthOptions& options);

}  // namespace drbn::data
