// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/onednn/winograd.h"

#include "core/onednn/vectors.h"

#include <algorithm>
#include <stdexcept>

namespace drbn::onednn {
namespace {

using namespace vectors;

/// Tiles of a row transformed, multiplied and transformed back together (their buffers stay in
/// L2: positions x tiles x (ins + outs) floats); a multiple of every tile group R below.
constexpr int kTiles = 24;
constexpr int kChunk = kF8;  // the transforms' vector width (channels)
constexpr int kM = 4;  // outputs per tile side: F(4x4, 3x3)

// F(m x m, 3x3): y = A^T [(G g G^T) . (B^T d B)] A for an input tile d of (m + 2)^2 pixels and a
// 3x3 filter g (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016), the
// 1-D transforms written out with their common terms. F(2x2, 3x3) (points 0, 1, -1) rounds
// about ten times less, but F(4x4, 3x3) ran 1.3-1.8x faster on every shape of DRBN's and keeps
// the networks within 1e-5 of the authors' outputs.
template <int M>
struct Tile;
template <>
struct Tile<4> {  // interpolation points 0, 1, -1, 2, -2
  static constexpr int kSide = 6;
  static constexpr double G[kSide][3] = {{1.0 / 4, 0, 0},           {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                         {-1.0 / 6, 1.0 / 6, -1.0 / 6}, {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                         {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}};
  [[gnu::always_inline]] static void input(const F8* d, F8* r) {
    const F8 a = d[3] + d[4] - 4.0f * (d[1] + d[2]), b = d[4] - d[3] + 4.0f * (d[1] - d[2]);
    const F8 c = d[4] - d[2], e = 2.0f * (d[3] - d[1]);
    r[0] = 4.0f * d[0] - 5.0f * d[2] + d[4];
    r[1] = a;
    r[2] = b;
    r[3] = c + e;
    r[4] = c - e;
    r[5] = 4.0f * d[1] - 5.0f * d[3] + d[5];
  }
  [[gnu::always_inline]] static void output(const F8* m, F8* y) {
    const F8 sum12 = m[1] + m[2], diff12 = m[1] - m[2], sum34 = m[3] + m[4], diff34 = m[3] - m[4];
    y[0] = m[0] + sum12 + sum34;
    y[1] = diff12 + 2.0f * diff34;
    y[2] = sum12 + 4.0f * sum34;
    y[3] = diff12 + 8.0f * diff34 + m[5];
  }
};

struct Job {
  const Winograd3x3::Source* sources;
  int sourceCount;
  int sourceRows, firstRow, width;
  int insPadded, outs, outsPadded;
  const float* weights;  // [16][insPadded][outsPadded]
  const float* bias;
  Winograd3x3::PostOps post;
  float* dst;
  int outRows;
};

/// V[p][tile][k] = (B^T d B)[p] for `tiles` tiles of tile row ty from tile t0 on.
template <int M>
[[gnu::always_inline]] inline void transformInput(const Job& j, int ty, int t0, int tiles, float* v) {
  constexpr int T = Tile<M>::kSide;
  const size_t position = size_t(kTiles) * size_t(j.insPadded);
  int k0 = 0;
  for (int s = 0; s < j.sourceCount; ++s) {
    const int ch = j.sources[s].channels;
    const float* rows[T];
    bool allRows = true;
    for (int i = 0; i < T; ++i) {
      const int r = j.firstRow + M * ty - 1 + i;
      rows[i] = r >= 0 && r < j.sourceRows ? j.sources[s].data + size_t(r) * size_t(j.width) * size_t(ch) : nullptr;
      allRows = allRows && rows[i];
    }
    for (int tt = 0; tt < tiles; ++tt) {
      const int x0 = M * (t0 + tt) - 1;
      const bool inside = allRows && x0 >= 0 && x0 + T <= j.width;
      for (int c = 0; c < ch; c += kChunk) {
        const int n = std::min(kChunk, ch - c);
        F8 t[T][T];  // t[x] = B^T (column x of d), kept transposed: t[x][i]
#pragma GCC unroll 8
        for (int x = 0; x < T; ++x) {
          F8 d[T];
#pragma GCC unroll 8
          for (int i = 0; i < T; ++i) {
            // (The address only where a row is there: padding rows are null, and x0 + x may be -1.)
            const size_t at = size_t(x0 + x) * size_t(ch) + size_t(c);
            if (inside && n == kChunk) load(d[i], rows[i] + at);
            else if (rows[i] && x0 + x >= 0 && x0 + x < j.width) loadPartial(d[i], rows[i] + at, n);
            else d[i] = F8{};
          }
          Tile<M>::input(d, t[x]);
        }
        float* out = v + size_t(tt) * size_t(j.insPadded) + size_t(k0 + c);
#pragma GCC unroll 8
        for (int i = 0; i < T; ++i) {  // (B^T d) B: row i of B^T d, transformed
          F8 row[T], r[T];
#pragma GCC unroll 8
          for (int x = 0; x < T; ++x) row[x] = t[x][i];
          Tile<M>::input(row, r);
#pragma GCC unroll 8
          for (int x = 0; x < T; ++x) store(out + size_t(T * i + x) * position, r[x]);
        }
      }
    }
    k0 += paddedTo(ch, kChunk);
  }
}

/// M[tile][o0 ...] = V[tile][:] U[:][o0 ...] for one position, OB vectors of outputs for R tiles
/// at a time held in registers.
template <typename V, int OB, int R>
[[gnu::always_inline]] inline void multiply(const float* v, const float* u, float* m, int tiles, int ins, int outs,
                                            int o0) {
  constexpr int L = sizeof(V) / sizeof(float);
  for (int tt = 0; tt < tiles; tt += R) {
    V acc[R][OB] = {};
    for (int k = 0; k < ins; ++k) {
      V w[OB];
#pragma GCC unroll 4
      for (int b = 0; b < OB; ++b) load(w[b], u + size_t(k) * size_t(outs) + size_t(o0 + b * L));
#pragma GCC unroll 8
      for (int r = 0; r < R; ++r) {
        const float a = v[size_t(tt + r) * size_t(ins) + size_t(k)];
#pragma GCC unroll 4
        for (int b = 0; b < OB; ++b) acc[r][b] += a * w[b];
      }
    }
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
      for (int b = 0; b < OB; ++b) store(m + size_t(tt + r) * size_t(outs) + size_t(o0 + b * L), acc[r][b]);
  }
}

/// y = A^T M A + bias, then the post-ops, into the outputs of the block's tiles.
template <int M>
[[gnu::always_inline]] inline void transformOutput(const Job& j, int ty, int t0, int tiles, const float* m) {
  constexpr int T = Tile<M>::kSide;
  const size_t position = size_t(kTiles) * size_t(j.outsPadded);
  for (int tt = 0; tt < tiles; ++tt)
    for (int o = 0; o < j.outs; o += kChunk) {
      const int n = std::min(kChunk, j.outs - o);
      const float* from = m + size_t(tt) * size_t(j.outsPadded) + size_t(o);
      F8 s[T][M];  // s[x] = A^T (column x of M), kept transposed: s[x][i]
#pragma GCC unroll 8
      for (int x = 0; x < T; ++x) {
        F8 column[T];
#pragma GCC unroll 8
        for (int i = 0; i < T; ++i) load(column[i], from + size_t(T * i + x) * position);
        Tile<M>::output(column, s[x]);
      }
      F8 bias;
      load(bias, j.bias + o);
      for (int i = 0; i < M; ++i) {
        const int y = M * ty + i;
        if (y >= j.outRows) break;
        F8 row[T], out[M];
#pragma GCC unroll 8
        for (int x = 0; x < T; ++x) row[x] = s[x][i];
        Tile<M>::output(row, out);
        for (int x = 0; x < M; ++x) {
          const int col = M * (t0 + tt) + x;
          if (col >= j.width) break;
          F8 value = out[x] + bias;
          float* at = j.dst + (size_t(y) * size_t(j.width) + size_t(col)) * size_t(j.outs) + size_t(o);
          if (j.post.accumulate) {
            F8 before;
            loadPartial(before, at, n);
            value += before;
          }
          if (j.post.relu) value = value > 0.0f ? value : F8{};
          if (j.post.affine) value = value * j.post.scale + j.post.shift;
          storePartial(at, value, n);
        }
      }
    }
}

/// One block of tiles: tiles [t0, t0 + tiles) of tile row ty, with L-wide vectors of outputs.
/// AVX2 has 16 vector registers: R x OB accumulators, OB weights and a broadcast must fit, so at
/// most 3 vectors of outputs at a time; AVX-512 has 32.
template <int M, int L, int MaxOB>
[[gnu::always_inline]] inline void block(const Job& j, int ty, int t0, int tiles, float* v, float* m) {
  using V = typename VectorOf<L>::type;
  const int vectors = j.outsPadded / L;
  const int ob = vectors % 4 == 0 && MaxOB >= 4 ? 4 : vectors % 3 == 0 ? 3 : vectors % 2 == 0 ? 2 : 1;
  const int r = ob == 4 ? 3 : ob == 3 ? 4 : ob == 2 ? 6 : 8;
  const int padded = (tiles + r - 1) / r * r;  // the extra tiles are computed and dropped
  transformInput<M>(j, ty, t0, padded, v);
  for (int p = 0; p < Tile<M>::kSide * Tile<M>::kSide; ++p) {
    const float* vp = v + size_t(p) * size_t(kTiles) * size_t(j.insPadded);
    const float* up = j.weights + size_t(p) * size_t(j.insPadded) * size_t(j.outsPadded);
    float* mp = m + size_t(p) * size_t(kTiles) * size_t(j.outsPadded);
    for (int o0 = 0; o0 < j.outsPadded; o0 += ob * L) {
      switch (ob) {
        case 4: multiply<V, 4, 3>(vp, up, mp, padded, j.insPadded, j.outsPadded, o0); break;
        case 3: multiply<V, 3, 4>(vp, up, mp, padded, j.insPadded, j.outsPadded, o0); break;
        case 2: multiply<V, 2, 6>(vp, up, mp, padded, j.insPadded, j.outsPadded, o0); break;
        default: multiply<V, 1, 8>(vp, up, mp, padded, j.insPadded, j.outsPadded, o0); break;
      }
    }
  }
  transformOutput<M>(j, ty, t0, tiles, m);
}

[[gnu::target("avx2,fma")]] void blockAvx2(const Job& j, int ty, int t0, int tiles, float* v, float* m) {
  block<kM, 8, 3>(j, ty, t0, tiles, v, m);
}

[[gnu::target("avx512f,avx512vl,fma")]] void blockAvx512(const Job& j, int ty, int t0, int tiles, float* v,
                                                           float* m) {
  if (j.outsPadded % 16 == 0) block<kM, 16, 4>(j, ty, t0, tiles, v, m);
  else block<kM, 8, 4>(j, ty, t0, tiles, v, m);  // 8-wide, with AVX-512's 32 registers
}

}  // namespace

Winograd3x3::Winograd3x3(const float* oihw, const float* bias, int outs, std::vector<int> sourceChannels, Isa isa,
                         PostOps post)
    : m_outs(outs), m_sourceChannels(std::move(sourceChannels)), m_insPadded(0), m_isa(isa), m_post(post) {
  if (outs <= 0 || m_sourceChannels.empty()) throw std::invalid_argument("Winograd3x3: no channels");
  int ins = 0;
  for (int c : m_sourceChannels) {
    if (c <= 0) throw std::invalid_argument("Winograd3x3: no channels");
    ins += c;
    m_insPadded += paddedTo(c, kChunk);
  }
  m_outsPadded = paddedTo(outs, isa == Isa::Avx512 && outs % 16 == 0 ? 16 : kChunk);
  m_bias.assign(size_t(m_outsPadded), 0.0f);
  std::copy_n(bias, outs, m_bias.begin());
  // U = G g G^T per output and input channel, in double; the padding channels stay zero.
  constexpr int T = Tile<kM>::kSide;
  const auto& G = Tile<kM>::G;
  m_weights.assign(size_t(T * T) * size_t(m_insPadded) * size_t(m_outsPadded), 0.0f);
  int in = 0, k = 0;
  for (int c : m_sourceChannels) {
    for (int ci = 0; ci < c; ++ci, ++in, ++k)
      for (int o = 0; o < outs; ++o) {
        const float* g = oihw + (size_t(o) * size_t(ins) + size_t(in)) * 9;
        double gg[T][3];  // G g
        for (int a = 0; a < T; ++a)
          for (int x = 0; x < 3; ++x) gg[a][x] = G[a][0] * g[x] + G[a][1] * g[3 + x] + G[a][2] * g[6 + x];
        for (int a = 0; a < T; ++a)
          for (int b = 0; b < T; ++b) {
            const double u = gg[a][0] * G[b][0] + gg[a][1] * G[b][1] + gg[a][2] * G[b][2];
            m_weights[(size_t(T * a + b) * size_t(m_insPadded) + size_t(k)) * size_t(m_outsPadded) + size_t(o)] = float(u);
          }
      }
    k += paddedTo(c, kChunk) - c;
  }
}

void Winograd3x3::run(const std::vector<Source>& sources, int sourceRows, int firstRow, float* dst, int outRows,
                      int width) const {
  if (sources.size() != m_sourceChannels.size())
    throw std::invalid_argument("Winograd3x3: sources do not match the weights");
  for (size_t s = 0; s < sources.size(); ++s)
    if (sources[s].channels != m_sourceChannels[s])
      throw std::invalid_argument("Winograd3x3: sources do not match the weights");
  if (outRows <= 0 || width <= 0) return;
  const Job job{sources.data(), int(sources.size()), sourceRows, firstRow, width, m_insPadded, m_outs,
                m_outsPadded,   m_weights.data(),    m_bias.data(), m_post,  dst,   outRows};
  const int tileRows = (outRows + kM - 1) / kM, tileColumns = (width + kM - 1) / kM;
  const int blocks = (tileColumns + kTiles - 1) / kTiles;
  const size_t positions = size_t(Tile<kM>::kSide * Tile<kM>::kSide);
  const size_t scratch = positions * size_t(kTiles) * size_t(m_insPadded + m_outsPadded);
#pragma omp parallel
  {
    thread_local std::vector<float> buffer;  // kept: a fresh one per call would be page faults
    if (buffer.size() < scratch) buffer.resize(scratch);
    float* v = buffer.data();
    float* m = v + positions * size_t(kTiles) * size_t(m_insPadded);
#pragma omp for schedule(static)
    for (int item = 0; item < tileRows * blocks; ++item) {
      const int ty = item / blocks, t0 = item % blocks * kTiles;
      const int tiles = std::min(kTiles, tileColumns - t0);
      if (m_isa == Isa::Avx512) blockAvx512(job, ty, t0, tiles, v, m);
      else blockAvx2(job, ty, t0, tiles, v, m);
    }
  }
}

}  // namespace drbn::onednn
