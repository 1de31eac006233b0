// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/nn/networks.h"

#include "core/nn/ownkernels.h"

#include <torch/torch.h>

namespace drbn::nn {
namespace {

namespace F = torch::nn::functional;

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride = 1) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding((kernel - 1) / 2));
}

// Transposed 4x4 stride-2 convolution: exactly doubles the size.
torch::nn::ConvTranspose2d upConv(int64_t in, int64_t out) {
  return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, 4).stride(2).padding(1));
}

torch::nn::Sequential twoConvs(int64_t in, int64_t mid, int64_t out) {
  return torch::nn::Sequential(conv(in, mid, 3), conv(mid, out, 3));
}

/// x through a Sequential of convolutions, each by convolve().
torch::Tensor convolveAll(torch::nn::Sequential& convs, torch::Tensor x) {
  for (size_t i = 0; i < convs->size(); ++i) x = convolve(*convs->ptr<torch::nn::Conv2dImpl>(i), x);
  return x;
}

/// Which tap of the transposed 4x4 kernel serves output phase (a, b) from input offset (dy, dx)
/// in {-1, 0, 1}: k = phase + 1 - 2 * offset, or 16 (a zero) when that falls outside the kernel.
torch::Tensor transposedTaps() {
  std::vector<int64_t> taps;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int ky = a + 1 - 2 * dy, kx = b + 1 - 2 * dx;
          taps.push_back(ky >= 0 && ky < 4 && kx >= 0 && kx < 4 ? ky * 4 + kx : 16);
        }
  return torch::tensor(taps, torch::kLong);
}

// The transposed 4x4 stride-2 convolution `up` of x, computed exactly as a 3x3 convolution with
// four outputs per channel (one per output phase) and a pixel shuffle: LibTorch 1.13 runs
// transposed convolutions on a slow im2col path, ordinary ones on oneDNN (~3x faster, forward
// and backward). The weights are rearranged on every call, so gradients reach the authors' own.
torch::Tensor upByConvolution(const torch::nn::ConvTranspose2d& up, const torch::Tensor& x) {
  // Made per call (36 numbers): a cached tensor made under InferenceMode could not serve training.
  const auto taps = transposedTaps();
  const auto& w = up->weight;  // in x out x 4 x 4
  const int64_t in = w.size(0), out = w.size(1);
  auto flat = torch::cat({w.transpose(0, 1).reshape({out, in, 16}), w.new_zeros({out, in, 1})}, 2);
  auto k = flat.index_select(2, taps.to(w.device()))
               .reshape({out, in, 4, 3, 3})
               .permute({0, 2, 1, 3, 4})
               .reshape({out * 4, in, 3, 3});
  if (x.is_contiguous(torch::MemoryFormat::ChannelsLast)) k = k.contiguous(torch::MemoryFormat::ChannelsLast);
  const auto bias = up->bias.repeat_interleave(4);
  return F::pixel_shuffle(convolve3x3(x, k, bias), 2);
}

}  // namespace

torch::Tensor upsample(const torch::Tensor& x, int factor) {
  return F::interpolate(x, F::InterpolateFuncOptions()
                               .scale_factor(std::vector<double>{double(factor), double(factor)})
                               .mode(torch::kBilinear)
                               .align_corners(false));
}

int64_t parameterCount(const torch::nn::Module& module) {
  int64_t count = 0;
  for (const auto& p : module.parameters()) count += p.numel();
  return count;
}

DenseLayerImpl::DenseLayerImpl(int64_t inChannels, int64_t growth)
    : conv(register_module("conv", torch::nn::Sequential(::drbn::nn::conv(inChannels, growth, 3),
                                                         torch::nn::ReLU()))) {}

torch::Tensor DenseLayerImpl::forward(const torch::Tensor& x) {
  return torch::cat({x, torch::relu(convolve(*conv->ptr<torch::nn::Conv2dImpl>(0), x))}, 1);
}

RdbImpl::RdbImpl(const RdbOptions& opts) : options(opts) {
  convs = register_module("convs", torch::nn::Sequential());
  for (int64_t c = 0; c < options.layers(); ++c)
    convs->push_back(DenseLayer(options.g0() + c * options.g(), options.g()));
  LFF = register_module("LFF", conv(options.g0() + options.layers() * options.g(), options.g0(), 1));
}

torch::Tensor RdbImpl::forward(const torch::Tensor& x) {
  return LFF->forward(convs->forward(x)) + x;
}

BandUnitImpl::BandUnitImpl() {
  constexpr int64_t g0 = 16, g = 8;
  SFENet1 = register_module("SFENet1", conv(6, g0, 3));
  SFENet2 = register_module("SFENet2", conv(g0, g0, 3));
  const std::array<RdbOptions, 6> rdbOptions{RdbOptions(g0, g), RdbOptions(g0, g),
                                             RdbOptions(2 * g0, 2 * g), RdbOptions(2 * g0, 2 * g),
                                             RdbOptions(g0, g), RdbOptions(g0, g)};
  RDBs = register_module("RDBs", torch::nn::ModuleList());
  for (size_t i = 0; i < rdb.size(); ++i) {
    rdb[i] = Rdb(rdbOptions[i]);
    RDBs->push_back(rdb[i]);
  }
  UPNet = register_module("UPNet", twoConvs(g0, g0, 3));
  UPNet2 = register_module("UPNet2", twoConvs(g0, g0, 3));
  UPNet4 = register_module("UPNet4", twoConvs(2 * g0, g0, 3));
  Down1 = register_module("Down1", conv(g0, g0, 3, 2));
  Down2 = register_module("Down2", conv(g0, 2 * g0, 3, 2));
  Up1 = register_module("Up1", upConv(g0, g0));
  Up2 = register_module("Up2", upConv(2 * g0, g0));
}

BandOutputs BandUnitImpl::forward(const torch::Tensor& input, const BandFeatures* previous,
                                  BandFeatures& features) {
  const auto first = torch::relu(convolve(*SFENet1, input));
  auto f1 = torch::relu(convolve(*SFENet2, first));
  auto f2 = Down1->forward(rdb[0]->forward(f1));
  auto f4 = Down2->forward(rdb[1]->forward(f2));

  f4 = f4 + rdb[3]->forward(rdb[2]->forward(f4));
  if (previous) f4 = f4 + previous->f4;
  f2 = f2 + rdb[4]->forward(upByConvolution(Up2, f4));
  if (previous) f2 = f2 + previous->f2;
  f1 = f1 + rdb[5]->forward(upByConvolution(Up1, f2)) + first;
  if (previous) f1 = f1 + previous->f1;

  BandOutputs out;
  out.out4 = convolveAll(UPNet4, f4);
  out.out2 = convolveAll(UPNet2, f2) + upsample(out.out4, 2);
  out.out1 = convolveAll(UPNet, f1) + upsample(out.out2, 2);
  features = {std::move(f1), std::move(f2), std::move(f4)};
  return out;
}

BandNetworkImpl::BandNetworkImpl() {
  for (size_t k = 0; k < recur.size(); ++k)
    recur[k] = register_module("recur" + std::to_string(k + 1), BandUnit());
}

std::array<BandOutputs, BandNetworkImpl::kRecurrences> BandNetworkImpl::forward(const torch::Tensor& x) {
  std::array<BandOutputs, kRecurrences> outputs;
  BandFeatures features, previous;
  outputs[0] = recur[0]->forward(torch::cat({x, x}, 1), nullptr, features);
  for (size_t k = 1; k < recur.size(); ++k) {
    previous = std::move(features);
    outputs[k] = recur[k]->forward(torch::cat({outputs[k - 1].out1, x}, 1), &previous, features);
  }
  return outputs;
}

Bands bandsFrom(const BandOutputs& outputs) {
  Bands bands;
  bands.coarse = upsample(outputs.out4, 4);
  const auto mid = upsample(outputs.out2, 2);
  bands.mid = mid - bands.coarse;
  bands.fine = outputs.out1 - mid;
  return bands;
}

RecomposerImpl::RecomposerImpl() {
  constexpr int64_t g0 = 16, g = 8;
  SFENet1 = register_module("SFENet1", conv(12, g0, 3));
  SFENet2 = register_module("SFENet2", conv(g0, g0, 3));
  RDBs = register_module("RDBs", torch::nn::ModuleList());
  rdb = Rdb(RdbOptions(g0, g));
  RDBs->push_back(rdb);
  GFF = register_module("GFF", torch::nn::Sequential(conv(g0, g0, 1), conv(g0, g0, 3)));
  UPNet = register_module("UPNet", conv(g0, g0, 3));
  UPNet2 = register_module("UPNet2", conv(g0, 9, 3));
}

Recomposition RecomposerImpl::forward(const torch::Tensor& x, const Bands& bands) {
  const auto f = convolve(*SFENet1, torch::cat({x, bands.coarse, bands.mid, bands.fine}, 1));
  const auto y = rdb->forward(convolve(*SFENet2, f));
  const auto g = f + convolve(*GFF->ptr<torch::nn::Conv2dImpl>(1), GFF[0]->as<torch::nn::Conv2d>()->forward(y));
  // The authors' affine map: a freshly initialised net (output ~0.5) weighs every band ~1.
  return recomposition(bands, convolve(*UPNet2, convolve(*UPNet, g)) * 0.8 + 0.6);
}

Recomposition recomposition(const Bands& bands, const torch::Tensor& maps) {
  Recomposition r;
  r.w1 = maps.narrow(1, 0, 3);
  r.w2 = maps.narrow(1, 3, 3);
  r.w3 = maps.narrow(1, 6, 3);
  r.result = bands.coarse * r.w1 + bands.mid * r.w2 + bands.fine * r.w3;
  return r;
}

QualityDiscriminatorImpl::QualityDiscriminatorImpl() {
  struct Layer { int64_t in, out, stride; };
  const std::array<Layer, 8> layers{{{6, 64, 1}, {64, 64, 2}, {64, 128, 1}, {128, 128, 2},
                                     {128, 256, 1}, {256, 256, 2}, {256, 512, 1}, {512, 512, 2}}};
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    convs.push_back(register_module("conv" + std::to_string(i + 1), conv(l.in, l.out, 3, l.stride)));
    if (i > 0)
      norms.push_back(register_module("bn" + std::to_string(i + 1), torch::nn::BatchNorm2d(l.out)));
  }
  // The authors pad their 1x1 scoring conv by 1; kept so scores match theirs.
  convs.push_back(register_module(
      "conv9", torch::nn::Conv2d(torch::nn::Conv2dOptions(512, 1, 1).padding(1))));
}

torch::Tensor QualityDiscriminatorImpl::forward(const torch::Tensor& image) {
  const auto sorted = std::get<0>(image.sort(1));
  auto h = torch::relu(convs[0]->forward(torch::cat({image, sorted}, 1)));
  for (size_t i = 1; i + 1 < convs.size(); ++i)
    h = torch::relu(norms[i - 1]->forward(convs[i]->forward(h)));
  h = convs.back()->forward(h);
  return torch::sigmoid(h.mean({2, 3}));
}

}  // namespace drbn::nn
