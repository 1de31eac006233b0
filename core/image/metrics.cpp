// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/image/metrics.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace drbn::image {
namespace {

double ssimChannel(const cv::Mat& a, const cv::Mat& b) {
  constexpr double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;  // data range 1
  const cv::Mat kernel1d = cv::getGaussianKernel(11, 1.5, CV_64F);
  auto blur = [&](const cv::Mat& m) {
    cv::Mat out;
    cv::sepFilter2D(m, out, CV_64F, kernel1d, kernel1d, cv::Point(-1, -1), 0, cv::BORDER_CONSTANT);
    return out;
  };
  const cv::Mat muA = blur(a), muB = blur(b);
  const cv::Mat muAA = muA.mul(muA), muBB = muB.mul(muB), muAB = muA.mul(muB);
  const cv::Mat sAA = blur(a.mul(a)) - muAA, sBB = blur(b.mul(b)) - muBB, sAB = blur(a.mul(b)) - muAB;
  cv::Mat num = (2 * muAB + c1).mul(2 * sAB + c2);
  cv::Mat den = (muAA + muBB + c1).mul(sAA + sBB + c2);
  cv::Mat map;
  cv::divide(num, den, map);
  return cv::mean(map)[0];
}

}  // namespace

Score score(const cv::Mat& result, const cv::Mat& reference, int shave) {
  if (result.size() != reference.size() || result.type() != CV_8UC3 || reference.type() != CV_8UC3)
    throw std::invalid_argument("images differ in size or are not 8-bit RGB");
  if (shave < 0 || 2 * shave >= result.cols || 2 * shave >= result.rows)
    throw std::invalid_argument("border to shave is larger than the image");
  const cv::Rect inner(shave, shave, result.cols - 2 * shave, result.rows - 2 * shave);
  cv::Mat a, b;
  result(inner).convertTo(a, CV_64F, 1.0 / 255);
  reference(inner).convertTo(b, CV_64F, 1.0 / 255);

  Score s;
  cv::Mat diff = a - b;
  const double mse = cv::mean(diff.mul(diff)).dot(cv::Scalar(1, 1, 1)) / 3;
  s.psnr = mse > 0 ? 10 * std::log10(1.0 / mse) : std::numeric_limits<double>::infinity();
  std::vector<cv::Mat> pa, pb;
  cv::split(a, pa);
  cv::split(b, pb);
  for (int c = 0; c < 3; ++c) s.ssim += ssimChannel(pa[size_t(c)], pb[size_t(c)]) / 3;
  return s;
}

namespace {

cv::Mat luma(const infer::FloatImage& rgb) {
  cv::Mat y(rgb.height, rgb.width, CV_32F);
  const float *r = rgb.plane(0), *g = rgb.plane(1), *b = rgb.plane(2);
  auto* out = y.ptr<float>();
  for (size_t i = 0; i < rgb.planeSize(); ++i) out[i] = 0.2126f * r[i] + 0.7152f * g[i] + 0.0722f * b[i];
  return y;
}

infer::FloatImage grey(const cv::Mat& m) {
  infer::FloatImage out(m.cols, m.rows, 3);
  for (int c = 0; c < 3; ++c) std::copy_n(m.ptr<float>(), out.planeSize(), out.plane(c));
  return out;
}

void checkSameSize(const infer::FloatImage& a, const infer::FloatImage& b) {
  if (a.width != b.width || a.height != b.height || a.channels < 3 || b.channels < 3)
    throw std::invalid_argument("images to compare must be RGB of the same size");
}

}  // namespace

infer::FloatImage luminanceDifference(const infer::FloatImage& original, const infer::FloatImage& enhanced) {
  checkSameSize(original, enhanced);
  return grey(luma(enhanced) - luma(original));
}

infer::FloatImage localNoise(const infer::FloatImage& image) {
  const cv::Mat y = luma(image);
  cv::Mat smooth, energy, sigma;
  cv::GaussianBlur(y, smooth, cv::Size(0, 0), 1.0);
  const cv::Mat hp = y - smooth;
  cv::GaussianBlur(hp.mul(hp), energy, cv::Size(0, 0), 4.0);
  cv::sqrt(energy, sigma);
  return grey(sigma * 255.0f);
}

}  // namespace drbn::image
