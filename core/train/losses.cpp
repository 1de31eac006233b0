// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/losses.h"

#include "core/infer/looks.h"
#include "core/train/trainer.h"

#include <cmath>

#include <torch/torch.h>

#include <array>

namespace drbn::train {
namespace {

/// The authors' 11 x 11 Gaussian window (sigma 1.5) as its 1-D factor, shaped to blur `channels`
/// channels along dimension `dim` (2: rows, 3: columns).
torch::Tensor gaussianFactor(int64_t channels, int dim, const torch::TensorOptions& options) {
  constexpr int kSize = 11;
  constexpr double kSigma = 1.5;
  auto x = torch::arange(kSize, torch::TensorOptions().dtype(torch::kFloat64)) - kSize / 2;
  auto g = torch::exp(-(x * x) / (2 * kSigma * kSigma));
  g = (g / g.sum()).to(options);
  return (dim == 2 ? g.view({1, 1, kSize, 1}) : g.view({1, 1, 1, kSize})).expand({channels, 1, -1, -1}).contiguous();
}

/// x blurred by the window, channel by channel, zeros outside: the 2-D window is the outer product
/// of its 1-D factor, so two passes of 11 taps give the same sums as one of 121 (within
/// rounding), 5.5x fewer multiply-adds.
torch::Tensor blur(const torch::Tensor& x) {
  namespace F = torch::nn::functional;
  const int64_t channels = x.size(1);
  const auto rows = F::conv2d(x, gaussianFactor(channels, 2, x.options()),
                              F::Conv2dFuncOptions().padding({5, 0}).groups(channels));
  return F::conv2d(rows, gaussianFactor(channels, 3, x.options()), F::Conv2dFuncOptions().padding({0, 5}).groups(channels));
}

}  // namespace

torch::Tensor ssim(const torch::Tensor& a, const torch::Tensor& b) {
  constexpr double kC1 = 0.01 * 0.01, kC2 = 0.03 * 0.03;
  // The five local means in one pass over a stack of their inputs.
  const auto means = blur(torch::cat({a, b, a * a, b * b, a * b}, 1)).chunk(5, 1);
  const auto &muA = means[0], &muB = means[1];
  const auto muA2 = muA * muA, muB2 = muB * muB, muAB = muA * muB;
  const auto varA = means[2] - muA2;
  const auto varB = means[3] - muB2;
  const auto cov = means[4] - muAB;
  const auto map = ((2 * muAB + kC1) * (2 * cov + kC2)) / ((muA2 + muB2 + kC1) * (varA + varB + kC2));
  return map.mean();
}

namespace {

/// The target at the band network's three output scales (every 2nd / 4th pixel).
std::array<torch::Tensor, 3> targetScales(const torch::Tensor& target) {
  using torch::indexing::None;
  using torch::indexing::Slice;
  return {target, target.index({Slice(), Slice(), Slice(None, None, 2), Slice(None, None, 2)}),
          target.index({Slice(), Slice(), Slice(None, None, 4), Slice(None, None, 4)})};
}

}  // namespace

torch::Tensor bandLoss(const nn::BandOutputs& outputs, const torch::Tensor& target) {
  const auto t = targetScales(target);
  return -ssim(outputs.out1, t[0]) - ssim(outputs.out2, t[1]) - ssim(outputs.out4, t[2]);
}

torch::Tensor charbonnier(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).square() + 1e-6).sqrt().mean();
}

torch::Tensor bandCharbonnier(const nn::BandOutputs& outputs, const torch::Tensor& target) {
  const auto t = targetScales(target);
  return charbonnier(outputs.out1, t[0]) + charbonnier(outputs.out2, t[1]) + charbonnier(outputs.out4, t[2]);
}

Vgg16FeaturesImpl::Vgg16FeaturesImpl() {
  using namespace torch::nn;
  auto conv = [](int64_t in, int64_t out) { return Conv2d(Conv2dOptions(in, out, 3).padding(1)); };
  // Indices 0..8 as in torchvision: conv, relu, conv, relu, pool, conv, relu, conv, relu.
  features = register_module("features", Sequential(conv(3, 64), ReLU(), conv(64, 64), ReLU(),
                                                     MaxPool2d(MaxPool2dOptions(2).stride(2)), conv(64, 128),
                                                     ReLU(), conv(128, 128), ReLU()));
  for (auto& p : parameters()) p.set_requires_grad(false);
}

std::array<torch::Tensor, 4> Vgg16FeaturesImpl::forward(const torch::Tensor& x) {
  std::array<torch::Tensor, 4> taps;
  const std::array<size_t, 4> tapAfter{1, 3, 6, 8};
  auto h = x;
  size_t next = 0, index = 0;
  for (auto& layer : *features) {
    h = layer.forward(h);
    if (index++ == tapAfter[next]) {
      taps[next++] = h;
      if (next == taps.size()) break;
    }
  }
  return taps;
}

torch::Tensor perceptualLoss(Vgg16Features& vgg, const torch::Tensor& result, const torch::Tensor& target) {
  constexpr std::array<double, 4> kWeights{1.0, 0.6, 0.4, 0.2};
  const auto a = vgg->forward(result);
  torch::Tensor loss = torch::zeros({}, result.options());
  std::array<torch::Tensor, 4> b;
  {
    torch::NoGradGuard noGrad;  // the target's features are constants
    b = vgg->forward(target);
  }
  for (size_t i = 0; i < a.size(); ++i) loss = loss + kWeights[i] * torch::mse_loss(a[i], b[i]);
  return loss;
}

namespace {

torch::Tensor luminance(const torch::Tensor& rgb) {
  return 0.2126 * rgb.narrow(1, 0, 1) + 0.7152 * rgb.narrow(1, 1, 1) + 0.0722 * rgb.narrow(1, 2, 1);
}

/// Immerkaer (1996): sigma = sqrt(pi / 2) / 6 * mean |y * N| over the valid region.
torch::Tensor immerkaer(const torch::Tensor& y) {
  const auto kernel = torch::tensor({1.f, -2.f, 1.f, -2.f, 4.f, -2.f, 1.f, -2.f, 1.f}, y.options()).view({1, 1, 3, 3});
  return torch::conv2d(y, kernel).abs().mean() * (std::sqrt(M_PI / 2) / 6);
}

}  // namespace

LooksTerms looksTerms(const torch::Tensor& results, const torch::Tensor& inputs, double neutral) {
  LooksTerms t;
  const auto y = luminance(results);
  auto twoScales = [](const torch::Tensor& plane) { return (immerkaer(plane) + immerkaer(torch::avg_pool2d(plane, 2))) / 2; };
  t.noise = twoScales(y);
  t.chroma = (twoScales((results.narrow(1, 2, 1) - y) / 1.8556) + twoScales((results.narrow(1, 0, 1) - y) / 1.5748)) / 2;

  const int64_t n = y.size(0);
  const auto yIn = luminance(inputs).reshape({n, -1}), yOut = y.reshape({n, -1});
  const int64_t k = std::max<int64_t>(1, yIn.size(1) / 100);
  const auto darkest = (yIn <= std::get<0>(yIn.kthvalue(k, 1, true))).to(y.scalar_type());
  t.black = (torch::relu(yOut - kBlackFloor) * darkest).sum(1).div(darkest.sum(1)).mean();

  const auto outMean = torch::avg_pool2d(results, 4), inMean = torch::avg_pool2d(inputs, 4);
  // Of the result as it will be saved (clamped): unclamped, a near-black mean with a slightly
  // negative sum divided by next to nothing, and a band-tuning run diverged through this term. A
  // larger floor than 1e-3 would bias it: dark chromaticities shrink, so brightening reads as drift.
  auto chromaticity = [](const torch::Tensor& x) {
    const auto c = x.clamp(0, 1);
    return c / (c.sum(1, true) + 1e-3);
  };
  const auto known = (luminance(inMean) / 0.05).clamp(0, 1);  // input colour is noise below ~5% grey
  auto target = chromaticity(inMean);
  if (neutral > 0) {
    // Grey-world gains over where the colour is known, applied to the chromaticities (scale-free,
    // so nothing clips); bounded, as a near-monochrome input has a channel next to nothing.
    const auto means = (known * inMean).sum({2, 3}, true) / (known.sum({2, 3}, true) + 1e-6);
    const auto gains = (means.mean(1, true) / means.clamp_min(1e-6)).clamp(0.25, 4).pow(neutral);
    target = target * gains;
    target = target / (target.sum(1, true) + 1e-6);
  }
  const auto drift = (chromaticity(outMean) - target).abs().sum(1, true);
  t.colour = (known * drift).sum() / (known.sum() + 1e-6);
  t.dimming = torch::relu(luminance(inMean) - luminance(outMean)).mean();

  const auto blocksIn = torch::avg_pool2d(luminance(inputs), infer::kHaloBlock);
  const auto blocksOut = torch::avg_pool2d(luminance(results.clamp(0, 1)), infer::kHaloBlock);
  // Not detached: with the gain a constant, dimming the whole result shrinks every log step
  // against the fixed offset, so the term pulled towards darker results; through the gain, the
  // term is the same at any exposure and its gradient has no part along the global scale.
  const auto gain = blocksOut.sum({1, 2, 3}, true) / blocksIn.sum({1, 2, 3}, true).clamp_min(1e-12);
  const auto logIn = (blocksIn + infer::kHaloDark).log(), logOut = (blocksOut + gain * infer::kHaloDark).log();
  torch::Tensor sum = torch::zeros({}, y.options()), count = torch::zeros({}, y.options());
  for (int64_t dim : {2, 3}) {
    const int64_t steps = std::max<int64_t>(0, logIn.size(dim) - 1);
    auto step = [&](const torch::Tensor& x) { return (x.narrow(dim, 1, steps) - x.narrow(dim, 0, steps)).abs(); };
    const auto contrastIn = step(logIn);
    const auto flat = (contrastIn < infer::kHaloFlat).to(y.scalar_type());
    sum = sum + (flat * torch::relu(step(logOut) - contrastIn)).sum();
    count = count + flat.sum();
  }
  t.halo = sum / (count + 1e-6);
  return t;
}

torch::Tensor LooksTerms::total(const LooksWeights& w) const {
  return w.noise * noise + w.chromaNoise * chroma + w.black * black + w.colourDrift * colour + w.dimming * dimming +
         w.halo * halo;
}

torch::Tensor leastSquares(const torch::Tensor& scores, const torch::Tensor& target) {
  return (scores - target).pow(2).mean();
}

}  // namespace drbn::train
