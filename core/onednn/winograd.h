// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// 3x3 convolutions (stride 1, padding 1) by Winograd's minimal filtering F(4x4, 3x3): each 4x4
// block of outputs costs 36 multiply-adds per input and output channel instead of 144, 4x fewer
// than any direct kernel can do; the transforms are a few adds per value. DRBN's convolutions
// are small (8-64 channels), where direct kernels also run far below the machine's peak; these
// run vectorised over output channels with the tiles of a row in cache.
// Plain C++ (no oneDNN): the caller owns the memory, nhwc.

#include <cstddef>
#include <vector>

namespace drbn::onednn {

class Winograd3x3 {
 public:
  /// Vector widths the kernels are built for; pick one the CPU has (see forCpu()).
  enum class Isa { Avx2, Avx512 };
  /// What happens to each output after the bias, in this order (oneDNN's post-ops as the
  /// direct path uses them): add what dst held, ReLU, then scale * y + shift.
  struct PostOps {
    bool accumulate = false, relu = false, affine = false;
    float scale = 1.0f, shift = 0.0f;
  };
  /// One input tensor of a concatenation: nhwc rows of the run's width with `channels` floats
  /// per pixel, from `data` on.
  struct Source {
    const float* data;
    int channels;
  };

  /// `oihw` holds outs x ins x 3 x 3 weights, ins being the channels of the sources run() will
  /// get (`sourceChannels`) together.
  Winograd3x3(const float* oihw, const float* bias, int outs, std::vector<int> sourceChannels, Isa isa,
              PostOps post);

  /// Output rows [0, outRows) of `dst` (nhwc, `width` pixels of `outs` floats per row): row y
  /// convolves source rows firstRow + y - 1 .. firstRow + y + 1, where rows outside
  /// [0, sourceRows) and columns outside [0, width) are zeros. Splits the work over the calling
  /// thread's OpenMP team.
  void run(const std::vector<Source>& sources, int sourceRows, int firstRow, float* dst, int outRows,
           int width) const;

 private:
  int m_outs;
  std::vector<int> m_sourceChannels;
  int m_insPadded, m_outsPadded;  // each source's channels and the outputs padded to whole vectors
  Isa m_isa;
  PostOps m_post;
  std::vector<float> m_weights;  // 16 positions x insPadded x outsPadded
  std::vector<float> m_bias;     // outsPadded
};

}  // namespace drbn::onednn
