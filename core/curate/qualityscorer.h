// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The learned quality signal: the stage-2 quality discriminator's score for a photo.

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

namespace drbn::curate {

/// A quality discriminator loaded from a weight file: a stage-2 training checkpoint
/// (`checkpoint.safetensors`, tensors under "disc.") or a file holding the discriminator alone.
/// Not thread-safe; one per worker thread.
class QualityScorer {
 public:
  /// Throws weights::WeightError naming the file when it holds no discriminator.
  explicit QualityScorer(const std::string& path);
  ~QualityScorer();
  /// Score in (0, 1), higher = more like the high-quality photos it was trained against; the
  /// photo (8-bit BGR) is scaled to the training crop size first.
  double score(const cv::Mat& bgr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace drbn::curate
