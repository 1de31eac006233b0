// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/infer/looks.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace drbn::infer {
namespace {

struct Plane {
  int width = 0, height = 0;
  std::vector<float> v;
};

/// Means of k x k blocks (a partial last row or column of blocks is dropped).
Plane blockMeans(const float* plane, int width, int height, int k) {
  Plane m{width / k, height / k, {}};
  m.v.assign(size_t(m.width) * size_t(m.height), 0.0f);
  for (int y = 0; y < m.height * k; ++y)
    for (int x = 0; x < m.width * k; ++x)
      m.v[size_t(y / k) * size_t(m.width) + size_t(x / k)] += plane[size_t(y) * size_t(width) + size_t(x)];
  for (float& v : m.v) v /= float(k * k);
  return m;
}

/// Noise that a network smooths shows as blotches a few pixels wide, which the 3 x 3 estimate
/// hardly sees at full size: the estimate is averaged over the full, 1/2 and 1/4 scale.
double multiscaleNoise(Plane p) {
  double sum = 0;
  for (int scale = 0; scale < 3; ++scale) {
    sum += noiseSigma(p.v.data(), p.width, p.height);
    if (scale < 2) p = blockMeans(p.v.data(), p.width, p.height, 2);
  }
  return sum / 3;
}

/// sRGB (0..1) to CIELAB (D65).
void toLab(float r, float g, float b, double& L, double& A, double& B) {
  auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  const double rl = linear(r), gl = linear(g), bl = linear(b);
  const double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
  const double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
  const double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
  auto f = [](double t) { return t > 216.0 / 24389 ? std::cbrt(t) : (24389.0 / 27 * t + 16) / 116; };
  L = 116 * f(y) - 16;
  A = 500 * (f(x) - f(y));
  B = 200 * (f(y) - f(z));
}

float as8Bit(float v) { return std::round(std::clamp(v, 0.0f, 1.0f) * 255); }

}  // namespace

double noiseSigma(const float* plane, int width, int height) {
  if (width < 3 || height < 3) return 0;
  double sumAbs = 0;
  for (int y = 1; y + 1 < height; ++y) {
    const float* up = plane + size_t(y - 1) * size_t(width);
    const float* mid = up + width;
    const float* down = mid + width;
    for (int x = 1; x + 1 < width; ++x)
      sumAbs += std::abs(up[x - 1] - 2 * up[x] + up[x + 1] - 2 * mid[x - 1] + 4 * mid[x] - 2 * mid[x + 1] + down[x - 1] -
                         2 * down[x] + down[x + 1]);
  }
  return std::sqrt(M_PI / 2) * sumAbs / (6.0 * (width - 2) * (height - 2));
}

double halo(const float* result, const float* input, int width, int height) {
  const Plane out = blockMeans(result, width, height, kHaloBlock), in = blockMeans(input, width, height, kHaloBlock);
  const double sumIn = std::accumulate(in.v.begin(), in.v.end(), 0.0);
  const double gain = sumIn > 0 ? std::accumulate(out.v.begin(), out.v.end(), 0.0) / sumIn : 1;
  std::vector<double> logIn(in.v.size()), logOut(in.v.size());
  for (size_t i = 0; i < in.v.size(); ++i) {
    logIn[i] = std::log(double(in.v[i]) + kHaloDark);
    logOut[i] = std::log(std::max(0.0, double(out.v[i])) + gain * kHaloDark);
  }
  double sum = 0;
  size_t count = 0;
  auto neighbours = [&](size_t a, size_t b) {
    const double contrastIn = std::abs(logIn[a] - logIn[b]);
    if (contrastIn >= kHaloFlat) return;
    sum += std::max(0.0, std::abs(logOut[a] - logOut[b]) - contrastIn);
    ++count;
  };
  for (int y = 0; y < in.height; ++y)
    for (int x = 0; x < in.width; ++x) {
      const size_t i = size_t(y) * size_t(in.width) + size_t(x);
      if (x + 1 < in.width) neighbours(i, i + 1);
      if (y + 1 < in.height) neighbours(i, i + size_t(in.width));
    }
  return count ? 100 * sum / double(count) : 0;
}

Looks measureLooks(const FloatImage& result, const FloatImage& input) {
  if (result.channels != 3 || input.channels != 3 || result.width != input.width || result.height != input.height ||
      result.empty())
    throw std::invalid_argument("looks: expects two RGB images of one size");
  const size_t n = result.planeSize();
  Plane y{result.width, result.height, std::vector<float>(n)}, cb = y, cr = y;
  double sumA = 0, sumB = 0;
  size_t midtones = 0;
  for (size_t i = 0; i < n; ++i) {
    const float r = as8Bit(result.plane(0)[i]), g = as8Bit(result.plane(1)[i]), b = as8Bit(result.plane(2)[i]);
    y.v[i] = 0.2126f * r + 0.7152f * g + 0.0722f * b;
    cb.v[i] = (b - y.v[i]) / 1.8556f;
    cr.v[i] = (r - y.v[i]) / 1.5748f;
    double L, A, B;
    toLab(r / 255, g / 255, b / 255, L, A, B);
    if (L > 5 && L < 95) {
      sumA += A;
      sumB += B;
      ++midtones;
    }
  }
  Looks l;
  l.brightness = std::accumulate(y.v.begin(), y.v.end(), 0.0) / double(n);
  {
    auto sorted = y.v;
    const auto p99 = sorted.begin() + long(std::min(n - 1, n * 99 / 100));
    std::nth_element(sorted.begin(), p99, sorted.end());
    l.highlights = *p99;
  }
  l.noise = multiscaleNoise(y);
  l.chromaNoise = (multiscaleNoise(cb) + multiscaleNoise(cr)) / 2;
  if (midtones) l.cast = std::hypot(sumA / double(midtones), sumB / double(midtones));

  // The input's darkest 1%: where a faithful enhancement keeps black black.
  std::vector<float> inputY(n);
  for (size_t i = 0; i < n; ++i)
    inputY[i] = 0.2126f * input.plane(0)[i] + 0.7152f * input.plane(1)[i] + 0.0722f * input.plane(2)[i];
  auto sorted = inputY;
  const size_t k = n / 100;
  std::nth_element(sorted.begin(), sorted.begin() + long(k), sorted.end());
  double sum = 0;
  size_t count = 0;
  for (size_t i = 0; i < n; ++i)
    if (inputY[i] <= sorted[k]) {
      sum += y.v[i];
      ++count;
    }
  l.blackLevel = sum / double(count);

  std::vector<float> resultY(n);
  for (size_t i = 0; i < n; ++i) resultY[i] = y.v[i] / 255;
  l.halo = halo(resultY.data(), inputY.data(), result.width, result.height);
  return l;
}

}  // namespace drbn::infer
