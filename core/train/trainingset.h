// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The data a training run learns from, held in memory as 8-bit RGB (a quarter of float32).
// Torch- and OpenCV-free: core/data fills it from folders, core/train consumes it.

#include <cstdint>
#include <string>
#include <vector>

namespace drbn::train {

/// An 8-bit RGB image, interleaved row by row (HWC).
struct ByteImage {
  std::string name;  // file name, for reports
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
};

struct ImagePair {
  ByteImage low, normal;
};

struct TrainingSet {
  std::vector<ImagePair> paired;      // stage 1 and 2: low/normal-light pairs
  std::vector<ImagePair> validation;  // held out: PSNR/SSIM per interval
  std::vector<ByteImage> unpaired;    // stage 2: real low-light photos
  std::vector<ByteImage> quality;     // stage 2: high-quality photos the discriminator calls real
};

}  // namespace drbn::train
