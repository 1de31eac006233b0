// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Process-wide settings for running the networks on the CPU. Torch-free.

#include <string>

namespace drbn::nn {

/// Sets LibTorch's intra-op threads (0 = all cores; LibTorch starts with half on x86-64) and
/// tunes the heap for the large, short-lived activations of these networks. Idempotent.
void configureCpuRuntime(int threads);

/// Gives the heap memory freed by the networks back to the system. The heap keeps it for speed
/// while tiles run; after a photo it would otherwise sit on top of the next whole-photo buffers
/// (result conversion, encoding) and set the peak.
void releaseFreedMemory();

/// Where the networks of an engine or a training run compute: a CUDA GPU or the CPU's threads.
struct ComputeDevice {
  bool cuda = false;
  int index = 0;    // the GPU's, when cuda
  int threads = 1;  // LibTorch's intra-op threads, on the CPU
  /// "cuda:0" or "cpu (2 threads)": how the command-line tools print it (the studio words its own).
  std::string name() const;
};

/// The CPU's model name as the kernel reports it (e.g. "AMD EPYC"), for figures and model cards.
std::string cpuModel();

}  // namespace drbn::nn
