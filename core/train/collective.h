// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The collective operations a data-parallel run needs (core/train/distributed.h). Internal to
// core/train: includes LibTorch.

#include "core/train/distributed.h"

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <vector>

namespace drbn::train {

/// One process's membership in a data-parallel run. Every call is collective: all ranks make it,
/// in the same order. A rank that died or stopped answering makes the others throw TrainingError.
class Collective {
 public:
  /// Joins the run (waits for every rank to arrive, up to `timeout`).
  Collective(const World& world, std::chrono::milliseconds timeout);
  ~Collective();
  /// The element-wise sums of `values` over the ranks (losses, flags).
  std::vector<double> sum(const std::vector<double>& values);
  /// Replaces each gradient by its mean over the ranks, in one message.
  void averageGradients(const std::vector<torch::Tensor>& gradients);
  /// Rank 0's values of `tensors`, copied into every rank's.
  void broadcastFromRankZero(const std::vector<torch::Tensor>& tensors);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace drbn::train
