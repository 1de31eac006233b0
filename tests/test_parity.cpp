// SPDX-License-Identifier: GPL-3.0-or-later
// Exactness against the authors: their checkpoints reproduce every tensor of their golden
// outputs (../shared/fixtures/drbn) within 1e-4, on the direct oneDNN path and on LibTorch's.
#include "core/infer/enhancer.h"
#include "core/weights/tensorio.h"
#include "testutils.h"

#include <torch/torch.h>

using namespace drbn;

namespace {

std::map<std::string, torch::Tensor> readFixture(const QString& path) {
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& t : weights::readWeightFile(path.toStdString()).tensors) tensors[t.name] = weights::toTensor(t);
  return tensors;
}

infer::FloatImage imageOf(const torch::Tensor& t) {
  infer::FloatImage img(int(t.size(3)), int(t.size(2)), 3);
  std::memcpy(img.data.data(), t.contiguous().data_ptr<float>(), img.data.size() * sizeof(float));
  return img;
}

float maxDiff(const infer::FloatImage& img, const torch::Tensor& expected) {
  const auto t = torch::from_blob(const_cast<float*>(img.data.data()), {1, 3, img.height, img.width});
  if (t.sizes() != expected.sizes()) return INFINITY;
  return (t - expected).abs().max().item<float>();
}

}  // namespace

class TestParity : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void parity_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("direct");
    for (const bool direct : {true, false}) {
      const char* path = direct ? "oneDNN" : "LibTorch";
      QTest::addRow("fixture_a 192x128, %s", path) << QStringLiteral("fixture_a") << direct;
      QTest::addRow("fixture_b 160x120, %s", path) << QStringLiteral("fixture_b") << direct;
    }
  }

  void parity() {
    QFETCH(QString, fixture);
    QFETCH(bool, direct);
    DRBN_REQUIRE_SHARED(s1, "weights/authors/model_s1.pt");
    DRBN_REQUIRE_SHARED(s2, "weights/authors/model_s2.pt");
    DRBN_REQUIRE_SHARED(r2, "weights/authors/model_R_s2.pt");
    const QString fixturePath = drbn::test::sharedFile(QStringLiteral("fixtures/drbn/%1.safetensors").arg(fixture));
    if (fixturePath.isEmpty()) QSKIP("golden fixtures missing from ../shared/fixtures/drbn");
    auto gold = readFixture(fixturePath);
    const auto input = imageOf(gold.at("input"));
    constexpr float kTolerance = 1e-4f;

    infer::EnhanceOptions options;
    options.keepBands = true;
    options.tileSize = -1;
    options.directOneDnn = direct;

    infer::Enhancer stage1;
    stage1.loadBandNetwork(s1.toStdString());
    options.stage = infer::Stage::BandNetwork;
    const auto one = stage1.enhance(input, options);
    for (int r = 0; r < 4; ++r)
      for (int s = 0; s < 3; ++s) {
        const std::string name = "r" + std::to_string(r + 1) + "_s" + std::to_string(1 << s);
        const float d = maxDiff(one.bands.recurrences[size_t(r)][size_t(s)], gold.at(name));
        QVERIFY2(d < kTolerance, (name + " differs by " + std::to_string(d)).c_str());
      }
    QVERIFY(maxDiff(one.image, gold.at("s1")) < kTolerance);
    QVERIFY(maxDiff(one.bands.recurrences[3][1], gold.at("s2")) < kTolerance);
    QVERIFY(maxDiff(one.bands.recurrences[3][2], gold.at("s4")) < kTolerance);

    infer::Enhancer stage2;
    stage2.loadBandNetwork(s2.toStdString());
    stage2.loadRecomposer(r2.toStdString());
    options.stage = infer::Stage::Recomposed;
    const auto two = stage2.enhance(input, options);
    // The fixture keeps bands as upsampled outputs; ours are their differences.
    const std::vector<std::pair<std::string, std::pair<const infer::FloatImage*, torch::Tensor>>> checks{
        {"b_coarse", {&two.bands.coarse, gold.at("b_coarse")}},
        {"b_mid", {&two.bands.mid, gold.at("b_mid") - gold.at("b_coarse")}},
        {"b_fine", {&two.bands.fine, gold.at("b_fine") - gold.at("b_mid")}},
        {"w1", {&two.bands.w1, gold.at("w1")}},
        {"w2", {&two.bands.w2, gold.at("w2")}},
        {"w3", {&two.bands.w3, gold.at("w3")}},
        {"result", {&two.image, gold.at("result")}}};
    for (const auto& [name, check] : checks) {
      const float d = maxDiff(*check.first, check.second);
      QVERIFY2(d < kTolerance, (name + " differs by " + std::to_string(d)).c_str());
    }
    // Without bands, oneDNN computes stage 2 as one network, bands and recomposition included.
    options.keepBands = false;
    const float d = maxDiff(stage2.enhance(input, options).image, gold.at("result"));
    QVERIFY2(d < kTolerance, ("result without bands differs by " + std::to_string(d)).c_str());
  }
};

QTEST_APPLESS_MAIN(TestParity)
#include "test_parity.moc"
