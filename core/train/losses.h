// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The losses DRBN trains with (../shared/DRBN.md, "Training"). Internal to core: include only
// from .cpp files.

#include "core/nn/networks.h"

#include <torch/nn/modules/container/sequential.h>

namespace drbn::train {

/// Mean SSIM over all pixels and channels of two N x C x H x W batches in [0, 1]: Gaussian window
/// 11, sigma 1.5, per channel, zero padding 5, C1 = 0.01^2, C2 = 0.03^2 (the authors' formulation).
torch::Tensor ssim(const torch::Tensor& a, const torch::Tensor& b);

/// Stage 1: -SSIM at full, 1/2 and 1/4 scale, the targets subsampled by taking every 2nd / 4th pixel.
torch::Tensor bandLoss(const nn::BandOutputs& outputs, const torch::Tensor& target);

/// Charbonnier (smooth L1) distance, mean of sqrt((a - b)^2 + 1e-6): SSIM compares local
/// structure and hardly sees a global exposure error, which this term pins down.
torch::Tensor charbonnier(const torch::Tensor& a, const torch::Tensor& b);

/// The same at full, 1/2 and 1/4 scale, the targets subsampled as in bandLoss.
torch::Tensor bandCharbonnier(const nn::BandOutputs& outputs, const torch::Tensor& target);

struct LooksWeights;  // core/train/trainer.h

/// No-reference terms on a batch of results (N x 3 x H x W in [0, 1]) of the low-light `inputs`,
/// each a mean over the batch, for the photos that have no reference:
struct LooksTerms {
  torch::Tensor noise;   // Immerkaer's sigma of the luminance, mean of the full and 1/2 scale (drbn eval adds 1/4)
  torch::Tensor chroma;  // the same of the colour differences Cb, Cr (their mean)
  torch::Tensor black;   // mean luminance where the input is darkest (its darkest 1%), above kBlackFloor
  /// How far the colours drift from the input's: L1 distance of the chromaticities r, g, b / (r + g + b)
  /// of 4 x 4 means, where the input is bright enough for its colour to be known. Not grey-world:
  /// pulling the mid-tones' mean chroma to zero greys out every colour (tried: it does). With
  /// `neutral` > 0 the input's colours are first balanced by its grey-world gains to that power, so
  /// a cast of the camera's (a cool dusk tint over a white house) need not be kept.
  torch::Tensor colour;
  /// How much darker than the input the result is: mean of max(0, input - result) over the
  /// luminance of 4 x 4 means. The other terms are all cheapest on a dim, flat image (noise in
  /// 8-bit units falls with gain; tried: highlights ended below the input's).
  torch::Tensor dimming;
  /// Halos: infer::halo() as a fraction, the contrast between neighbouring 16 x 16 blocks beyond
  /// the input's where the input is flat. Tuning the band network against the discriminator
  /// brightened skies along skylines (a gain that bleeds past the edge); no other term sees it.
  torch::Tensor halo;
  /// The weighted sum stage 2 of the studio recipe adds for unpaired photos.
  torch::Tensor total(const LooksWeights& w) const;
};
inline constexpr double kBlackFloor = 10.0 / 255;  // black up to here costs nothing
LooksTerms looksTerms(const torch::Tensor& results, const torch::Tensor& inputs, double neutral = 0);

/// The first layers of torchvision's VGG-16 (`features.0` .. `features.8`), frozen, for the
/// perceptual loss. Parameter names equal torchvision's, so `vgg16-397923af.pth` loads into it.
struct Vgg16FeaturesImpl : torch::nn::Module {
  Vgg16FeaturesImpl();
  /// Activations after relu1_1, relu1_2, relu2_1, relu2_2.
  std::array<torch::Tensor, 4> forward(const torch::Tensor& x);
  torch::nn::Sequential features;
};
TORCH_MODULE(Vgg16Features);

/// Sum of the feature MSEs weighted 1, 0.6, 0.4, 0.2; images fed in [0, 1] without ImageNet
/// normalisation, as the authors did.
torch::Tensor perceptualLoss(Vgg16Features& vgg, const torch::Tensor& result, const torch::Tensor& target);

/// Least-squares GAN term: mean((score - target)^2); `target` is a tensor (random soft labels)
/// or a scalar broadcast to the scores.
torch::Tensor leastSquares(const torch::Tensor& scores, const torch::Tensor& target);

}  // namespace drbn::train
