// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The weight gradient of a 3x3 convolution (stride 1, padding 1) for training on the CPU:
// oneDNN 2.6's nhwc kernel for it ran DRBN's small layers at 71 GFLOP/s with AVX2, 43% of a
// training step. This one is a GEMM over pixels with the accumulators in registers, vectorised
// over output channels, straight from the nhwc tensors (no im2col). Plain C++, like Winograd3x3.

#include "core/onednn/winograd.h"

namespace drbn::onednn {

/// oihw[o][i][ky][kx] = the sum over images n and pixels (y, x) of
/// gradOut[n][y][x][o] * input[n][y + ky - 1][x + kx - 1][i], zeros outside the image; both
/// tensors nhwc (`ins` and `outs` floats per pixel). Splits the pixels over the calling thread's
/// OpenMP team and adds the parts in a fixed order: the same threads give the same bits.
void weightGradient3x3(const float* input, int ins, const float* gradOut, int outs, int images, int height, int width,
                       float* oihw, Winograd3x3::Isa isa);

}  // namespace drbn::onednn
