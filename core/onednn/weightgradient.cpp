// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/onednn/weightgradient.h"

#include "core/onednn/vectors.h"

#include <omp.h>

#include <algorithm>
#include <cstddef>
#include <vector>

namespace drbn::onednn {
namespace {

using namespace vectors;

struct Job {
  const float* input;
  int ins;
  const float* gradOut;  // outsPadded floats per pixel
  int outs, outsPadded;
  int height, width;
  bool byInputs;  // vectors over input channels (acc[k][o][i]), else over outputs (acc[k][i][o])
  int vector;     // floats per vector: 8 or 16
};

/// acc[r * accStride + b * L] += the sum over `count` pixels of scalars[pixel][r] *
/// vectors[pixel][b * L ...]: R channels of one operand against OB vectors of the other, all in
/// registers over the pixels.
template <typename V, int OB, int R>
[[gnu::always_inline]] inline void pass(const float* vectors, int vectorStride, const float* scalars, int scalarStride,
                                        int count, float* acc, int accStride) {
  constexpr int L = sizeof(V) / sizeof(float);
  V sum[R][OB] = {};
  for (int x = 0; x < count; ++x) {
    V v[OB];
#pragma GCC unroll 4
    for (int b = 0; b < OB; ++b) load(v[b], vectors + size_t(x) * size_t(vectorStride) + size_t(b * L));
#pragma GCC unroll 12
    for (int r = 0; r < R; ++r) {
      const float a = scalars[size_t(x) * size_t(scalarStride) + size_t(r)];
#pragma GCC unroll 4
      for (int b = 0; b < OB; ++b) sum[r][b] += a * v[b];
    }
  }
#pragma GCC unroll 12
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (int b = 0; b < OB; ++b) {
      V before;
      float* at = acc + size_t(r) * size_t(accStride) + size_t(b * L);
      load(before, at);
      store(at, before + sum[r][b]);
    }
}

/// OB vectors against `scalarCount` scalar channels from `r` on, R at a time, then the rest in
/// smaller groups (R of 12 / OB: 12 accumulators, which with the vectors and a broadcast fit
/// AVX2's 16 registers).
template <typename V, int OB, int R>
[[gnu::always_inline]] inline void passes(const float* vectors, int vectorStride, const float* scalars,
                                          int scalarStride, int scalarCount, int count, float* acc, int accStride,
                                          int r = 0) {
  for (; r + R <= scalarCount; r += R)
    pass<V, OB, R>(vectors, vectorStride, scalars + r, scalarStride, count, acc + size_t(r) * size_t(accStride), accStride);
  if constexpr (R > 1) {
    constexpr int smaller = R > 8 ? 8 : R > 4 ? 4 : R / 2;
    passes<V, OB, smaller>(vectors, vectorStride, scalars, scalarStride, scalarCount, count, acc, accStride, r);
  }
}

/// Adds output row y of image n to acc. Each tap is one product over the row's pixels whose
/// neighbour is inside the image.
template <int L, int MaxOB>
[[gnu::always_inline]] inline void row(const Job& j, int n, int y, float* acc) {
  using V = typename VectorOf<L>::type;
  const size_t rowPixels = size_t(j.width);
  const float* g = j.gradOut + (size_t(n) * size_t(j.height) + size_t(y)) * rowPixels * size_t(j.outsPadded);
  const int vectorCount = (j.byInputs ? j.ins : j.outsPadded) / L;
  const int scalarCount = j.byInputs ? j.outs : j.ins;
  const int accStride = j.byInputs ? j.ins : j.outsPadded;
  for (int ky = 0; ky < 3; ++ky) {
    const int sy = y + ky - 1;
    if (sy < 0 || sy >= j.height) continue;
    const float* inRow = j.input + (size_t(n) * size_t(j.height) + size_t(sy)) * rowPixels * size_t(j.ins);
    for (int kx = 0; kx < 3; ++kx) {
      const int x0 = kx == 0 ? 1 : 0, x1 = kx == 2 ? j.width - 1 : j.width;  // taps inside the image
      if (x1 <= x0) continue;
      const float* in = inRow + size_t(x0 + kx - 1) * size_t(j.ins);
      const float* gp = g + size_t(x0) * size_t(j.outsPadded);
      const float* vectors = j.byInputs ? in : gp;
      const float* scalars = j.byInputs ? gp : in;
      const int vectorStride = j.byInputs ? j.ins : j.outsPadded, scalarStride = j.byInputs ? j.outsPadded : j.ins;
      float* a = acc + size_t(ky * 3 + kx) * size_t(scalarCount) * size_t(accStride);
      for (int v0 = 0; v0 < vectorCount;) {
        const int ob = std::min(MaxOB, vectorCount - v0);
        const float* from = vectors + size_t(v0 * L);
        float* to = a + size_t(v0 * L);
        switch (ob) {
          case 4: passes<V, 4, 12 / 4>(from, vectorStride, scalars, scalarStride, scalarCount, x1 - x0, to, accStride); break;
          case 3: passes<V, 3, 12 / 3>(from, vectorStride, scalars, scalarStride, scalarCount, x1 - x0, to, accStride); break;
          case 2: passes<V, 2, 12 / 2>(from, vectorStride, scalars, scalarStride, scalarCount, x1 - x0, to, accStride); break;
          default: passes<V, 1, 12 / 1>(from, vectorStride, scalars, scalarStride, scalarCount, x1 - x0, to, accStride); break;
        }
        v0 += ob;
      }
    }
  }
}

[[gnu::target("avx2,fma")]] void rowAvx2(const Job& j, int n, int y, float* acc) { row<8, 3>(j, n, y, acc); }

[[gnu::target("avx512f,avx512vl,fma")]] void rowAvx512(const Job& j, int n, int y, float* acc) {
  if (j.vector == 16) row<16, 4>(j, n, y, acc);
  else row<8, 4>(j, n, y, acc);
}

}  // namespace

void weightGradient3x3(const float* input, int ins, const float* gradOut, int outs, int images, int height, int width,
                       float* oihw, Winograd3x3::Isa isa) {
  const bool avx512 = isa == Winograd3x3::Isa::Avx512;
  // Vectors over whichever has more channels: with few outputs (dense layers' 8), vectors over
  // them would need a broadcast per multiply-add. Input channels need whole vectors (no padding).
  const bool byInputs = ins % kF8 == 0 && ins > outs;
  const int vectorOver = byInputs ? ins : outs;
  const int vector = avx512 && vectorOver % 16 == 0 ? 16 : kF8;
  const int outsPadded = byInputs ? outs : paddedTo(outs, vector);
  const size_t pixels = size_t(images) * size_t(height) * size_t(width);
  std::vector<float> padded;  // gradOut with whole vectors per pixel, when it has not
  const float* g = gradOut;
  if (outsPadded != outs) {
    padded.assign(pixels * size_t(outsPadded), 0.0f);
    for (size_t p = 0; p < pixels; ++p)
      for (int o = 0; o < outs; ++o) padded[p * size_t(outsPadded) + size_t(o)] = gradOut[p * size_t(outs) + size_t(o)];
    g = padded.data();
  }
  const Job job{input, ins, g, outs, outsPadded, height, width, byInputs, vector};
  const size_t accSize = size_t(9) * size_t(ins) * size_t(outsPadded);
  std::vector<std::vector<float>> parts;  // each thread's sums, added in thread order below
#pragma omp parallel
  {
#pragma omp single
    parts.resize(size_t(omp_get_num_threads()));
    std::vector<float>& acc = parts[size_t(omp_get_thread_num())];
    acc.assign(accSize, 0.0f);
#pragma omp for schedule(static)
    for (int r = 0; r < images * height; ++r) {
      if (avx512) rowAvx512(job, r / height, r % height, acc.data());
      else rowAvx2(job, r / height, r % height, acc.data());
    }
  }
  for (int o = 0; o < outs; ++o)
    for (int i = 0; i < ins; ++i)
      for (int k = 0; k < 9; ++k) {
        const size_t at = byInputs ? (size_t(k) * size_t(outs) + size_t(o)) * size_t(ins) + size_t(i)
                                   : (size_t(k) * size_t(ins) + size_t(i)) * size_t(outsPadded) + size_t(o);
        float sum = 0.0f;
        for (const auto& part : parts) sum += part[at];
        oihw[(size_t(o) * size_t(ins) + size_t(i)) * 9 + size_t(k)] = sum;
      }
}

}  // namespace drbn::onednn
