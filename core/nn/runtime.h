#pragma once
// Process-wide settings for running the networks on the CPU. Torch-free.

namespace drbn::nn {

/// Sets LibTorch's intra-op threads (0 = all cores; LibTorch starts with half on x86-64) and
/// tunes the heap for the large, short-lived activations of these networks. Idempotent.
void configureCpuRuntime(int threads);

}  // namespace drbn::nn
