// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/qualityscorer.h"

#include "core/image/imagefile.h"
#include "core/nn/networks.h"
#include "core/weights/tensorio.h"

#include <torch/torch.h>

namespace drbn::curate {

// The discriminator was trained on 256-pixel crops; it judges photos at that scale.
constexpr int kScoreSide = 256;

struct QualityScorer::Impl {
  nn::QualityDiscriminator net;
};

QualityScorer::QualityScorer(const std::string& path) : m_impl(std::make_unique<Impl>()) {
  const auto file = weights::readWeightFile(path);
  const auto inCheckpoint = weights::selectPrefix(file, "disc.");
  weights::loadInto(*m_impl->net, inCheckpoint.tensors.empty() ? file : inCheckpoint);
  m_impl->net->eval();
}

QualityScorer::~QualityScorer() = default;

double QualityScorer::score(const cv::Mat& bgr) const {
  c10::InferenceMode inference;
  const auto rgb = image::fromMat(image::scaledToFit(bgr, kScoreSide));
  const auto x = torch::from_blob(const_cast<float*>(rgb.data.data()), {1, 3, rgb.height, rgb.width}).clone();
  return m_impl->net->forward(x).item<double>();
}

}  // namespace drbn::curate
