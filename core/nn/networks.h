// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The DRBN networks as LibTorch modules. Children are registered under the authors' own names,
// so state_dict keys equal theirs (`recur1.RDBs.0.convs.0.conv.0.weight`) and checkpoints interchange.
// Internal to core: include only from .cpp files.

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

#include <array>

namespace drbn::nn {

/// One layer of a residual dense block: conv + ReLU whose output is concatenated after its input.
struct DenseLayerImpl : torch::nn::Module {
  DenseLayerImpl(int64_t inChannels, int64_t growth);
  torch::Tensor forward(const torch::Tensor& x);
  torch::nn::Sequential conv;  // `conv.0` is the convolution, `conv.1` the ReLU
};
TORCH_MODULE(DenseLayer);

struct RdbOptions {
  RdbOptions(int64_t g0, int64_t g) : g0_(g0), g_(g) {}
  TORCH_ARG(int64_t, g0);       // channels in and out
  TORCH_ARG(int64_t, g);        // growth per layer
  TORCH_ARG(int64_t, layers) = 4;
};

/// Residual dense block RDB(G0, G, C): C dense layers, 1x1 local feature fusion, residual add.
struct RdbImpl : torch::nn::Module {
  explicit RdbImpl(const RdbOptions& options);
  torch::Tensor forward(const torch::Tensor& x);
  RdbOptions options;
  torch::nn::Sequential convs;
  torch::nn::Conv2d LFF{nullptr};
};
TORCH_MODULE(Rdb);

/// Features a band unit hands to the next recurrence, at full, 1/2 and 1/4 scale.
struct BandFeatures {
  torch::Tensor f1, f2, f4;
};

/// Outputs of one recurrence at full, 1/2 and 1/4 scale.
struct BandOutputs {
  torch::Tensor out1, out2, out4;
};

/// One recurrence of the band network (the authors' DRBN_BU).
struct BandUnitImpl : torch::nn::Module {
  BandUnitImpl();
  /// `previous` is empty for the first recurrence.
  BandOutputs forward(const torch::Tensor& input, const BandFeatures* previous, BandFeatures& features);

  torch::nn::Conv2d SFENet1{nullptr}, SFENet2{nullptr};
  torch::nn::ModuleList RDBs;
  torch::nn::Conv2d Down1{nullptr}, Down2{nullptr};
  torch::nn::ConvTranspose2d Up1{nullptr}, Up2{nullptr};
  torch::nn::Sequential UPNet, UPNet2, UPNet4;
  std::array<Rdb, 6> rdb{nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
};
TORCH_MODULE(BandUnit);

/// The deep recursive band network (stage 1): four band units, each refining the last.
struct BandNetworkImpl : torch::nn::Module {
  static constexpr int kRecurrences = 4;
  BandNetworkImpl();
  /// Returns the outputs of every recurrence; the last one is the network's output.
  std::array<BandOutputs, kRecurrences> forward(const torch::Tensor& x);
  std::array<BandUnit, kRecurrences> recur{nullptr, nullptr, nullptr, nullptr};
};
TORCH_MODULE(BandNetwork);

/// The three bands a recomposition works on, all at full size.
struct Bands {
  torch::Tensor coarse, mid, fine;
};
Bands bandsFrom(const BandOutputs& outputs);

/// Recomposition weights and the recomposed image.
struct Recomposition {
  torch::Tensor w1, w2, w3, result;
};

/// The bands weighed by the 9 channels of weight maps `maps` (w1, w2, w3).
Recomposition recomposition(const Bands& bands, const torch::Tensor& maps);

/// The band recomposition network (stage 2): predicts per-band weight maps.
struct RecomposerImpl : torch::nn::Module {
  RecomposerImpl();
  Recomposition forward(const torch::Tensor& x, const Bands& bands);

  torch::nn::Conv2d SFENet1{nullptr}, SFENet2{nullptr};
  torch::nn::ModuleList RDBs;
  torch::nn::Sequential GFF;
  torch::nn::Conv2d UPNet{nullptr}, UPNet2{nullptr};
  Rdb rdb{nullptr};
};
TORCH_MODULE(Recomposer);

/// The stage-2 quality discriminator: sees an image and its channel-sorted copy, says how
/// likely it is a good photo.
struct QualityDiscriminatorImpl : torch::nn::Module {
  QualityDiscriminatorImpl();
  torch::Tensor forward(const torch::Tensor& image);  // N x 1 scores in (0, 1)
  std::vector<torch::nn::Conv2d> convs;                // conv1 .. conv9
  std::vector<torch::nn::BatchNorm2d> norms;           // bn2 .. bn8
};
TORCH_MODULE(QualityDiscriminator);

/// Bilinear resize by an integer factor with align_corners = false, as the authors' code does.
torch::Tensor upsample(const torch::Tensor& x, int factor);

/// Number of scalar parameters of a module.
int64_t parameterCount(const torch::nn::Module& module);

}  // namespace drbn::nn
