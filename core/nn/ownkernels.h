// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// 3x3 convolutions (stride 1, padding 1) in training on the CPU, through our own kernels where
// the CPU has them (core/onednn/winograd.h, weightgradient.h): Winograd F(4x4, 3x3) for the
// output and the input's gradient (a convolution with the weights flipped and transposed), and a
// register-blocked GEMM for the weights' gradient. LibTorch 1.13's oneDNN kernels ran DRBN's
// small layers at 71-211 GFLOP/s with AVX2 (backward weights 43% of a training step).
// Internal to core: include only from .cpp files.

#include <torch/nn/modules/conv.h>

namespace drbn::nn {

/// The 3x3 convolution of x padded by 1 (weight: outs x ins x 3 x 3, bias: outs), computed by our
/// kernels when gradients are recorded (GradMode) and x is a float CPU tensor, else by LibTorch.
/// Equal within float rounding (~1e-5 of the outputs' scale); deterministic for a thread count.
torch::Tensor convolve3x3(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

/// conv->forward(x), by convolve3x3() when conv is a 3x3 stride-1 convolution padded by 1 with a bias.
torch::Tensor convolve(torch::nn::Conv2dImpl& conv, const torch::Tensor& x);

}  // namespace drbn::nn
