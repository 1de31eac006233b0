// SPDX-License-Identifier: GPL-3.0-or-later
// Each network block: tiny sizes, fixed seed, shapes, parameter counts, save/load round trip.
#include "core/infer/enhancer.h"
#include "core/infer/looks.h"
#include "core/nn/networks.h"
#include "core/onednn/graph.h"
#include "core/onednn/winograd.h"
#include "core/weights/tensorio.h"

#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <cstring>

using namespace drbn;

class TestNetworks : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Noise reduction: off, the result is untouched; on, grain and colour speckle drop several times
  // while an edge keeps its height; tiled like the rest of the adjustments.
  void noiseReductionSmoothsFlatAreasAndKeepsEdges() {
    torch::manual_seed(3);
    const int w = 96, h = 64;
    auto scene = torch::full({3, h, w}, 0.3f);
    scene.slice(2, w / 2, w) += 0.3f;  // a vertical edge of 0.3
    const auto noisy = (scene + 0.02f * torch::randn({1, h, w}) + 0.02f * torch::randn({3, h, w})).contiguous();
    auto image = [&](const torch::Tensor& t) {
      infer::FloatImage img(w, h, 3);
      std::memcpy(img.data.data(), t.contiguous().data_ptr<float>(), img.data.size() * sizeof(float));
      return img;
    };
    infer::BandSet bands;
    bands.recurrences.back()[0] = bands.coarse = image(noisy);
    bands.mid = bands.fine = image(torch::zeros({3, h, w}));
    const auto input = image(torch::full({3, h, w}, 0.01f));
    infer::Adjustments a;
    const auto plain = infer::recompose(bands, a);
    QVERIFY(plain.data == bands.coarse.data);  // neutral: the bands exactly
    a.noiseReduction = 1;
    a.colourNoiseReduction = 1;
    const auto clean = infer::recompose(bands, a);
    const auto before = infer::measureLooks(plain, input), after = infer::measureLooks(clean, input);
    QVERIFY2(after.noise < before.noise / 2 && after.chromaNoise < before.chromaNoise / 2,
             qPrintable(QStringLiteral("noise %1 -> %2, chroma %3 -> %4").arg(before.noise).arg(after.noise)
                            .arg(before.chromaNoise).arg(after.chromaNoise)));
    // The edge: mean brightness 4 px either side of it, before and after.
    auto step = [&](const infer::FloatImage& img) {
      const auto t = torch::from_blob(const_cast<float*>(img.data.data()), {3, h, w});
      return (t.slice(2, w / 2 + 2, w / 2 + 4).mean() - t.slice(2, w / 2 - 4, w / 2 - 2).mean()).item<double>();
    };
    QVERIFY2(std::abs(step(clean) - step(plain)) < 0.03, qPrintable(QString::number(step(clean))));
    // Strength blends with the photo the bands came from: 0 is the photo, 0.5 halfway.
    infer::Adjustments half;
    half.strength = 0.5f;
    const auto photo = image(torch::full({3, h, w}, 0.1f));
    const auto none = infer::recompose(bands, infer::Adjustments{}, &photo);
    const auto blended = infer::recompose(bands, half, &photo);
    for (size_t i = 0; i < blended.data.size(); i += 97)
      QVERIFY(std::abs(blended.data[i] - 0.5f * (none.data[i] + 0.1f)) < 1e-5);
    half.strength = 0;
    QVERIFY(infer::recompose(bands, half, &photo).data == photo.data);
  }

  void initTestCase() { torch::manual_seed(1); }

  // Winograd3x3 against LibTorch's convolution in double: DRBN's shapes and awkward ones (odd
  // sizes, channels not in whole vectors, several sources, rows missing above and below), with
  // and without post-ops, on each vector width this CPU has.
  void winogradMatchesDirectConvolution() {
    using onednn::Winograd3x3;
    std::vector<Winograd3x3::Isa> isas;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) isas.push_back(Winograd3x3::Isa::Avx2);
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")) isas.push_back(Winograd3x3::Isa::Avx512);
    if (isas.empty()) QSKIP("this CPU has neither AVX2 nor AVX-512");
    struct Case {
      std::vector<int> sources;
      int outs, rows, width, firstRow, sourceRows;
    };
    const Case cases[] = {{{16}, 32, 8, 13, 1, 9},  {{8}, 8, 4, 7, 0, 5},         {{3}, 16, 10, 11, 1, 11},
                          {{16}, 3, 6, 6, 1, 7},    {{8, 4}, 16, 5, 9, 0, 5},     {{16, 16}, 24, 7, 20, 1, 9},
                          {{32, 32}, 64, 3, 101, 0, 3}, {{16}, 9, 1, 4, 0, 2}, {{8}, 48, 2, 130, 1, 3}};
    for (const Case& c : cases)
      for (const auto isa : isas)
        for (const bool post : {false, true}) {
          int ins = 0;
          for (int n : c.sources) ins += n;
          const auto x = torch::rand({1, ins, c.sourceRows, c.width}, torch::kFloat64) * 2 - 1;
          const auto w = torch::rand({c.outs, ins, 3, 3}, torch::kFloat64) * 2 - 1;
          const auto b = torch::rand({c.outs}, torch::kFloat64) * 2 - 1;
          const auto before = torch::rand({1, c.rows, c.width, c.outs}, torch::kFloat32) * 2 - 1;
          auto expected = torch::conv2d(x, w, b, 1, 1).narrow(2, c.firstRow, c.rows).permute({0, 2, 3, 1});
          Winograd3x3::PostOps ops;
          if (post) {
            ops = {true, true, true, 0.8f, 0.6f};
            expected = (expected + before.to(torch::kFloat64)).clamp_min(0) * 0.8 + 0.6;
          }
          std::vector<torch::Tensor> nhwc;
          std::vector<Winograd3x3::Source> sources;
          int first = 0;
          for (int n : c.sources) {
            nhwc.push_back(x.narrow(1, first, n).permute({0, 2, 3, 1}).to(torch::kFloat32).contiguous());
            sources.push_back({nhwc.back().data_ptr<float>(), n});
            first += n;
          }
          const auto wf = w.to(torch::kFloat32).contiguous(), bf = b.to(torch::kFloat32).contiguous();
          const Winograd3x3 conv(wf.data_ptr<float>(), bf.data_ptr<float>(), c.outs, c.sources, isa, ops);
          auto out = post ? before.clone() : torch::full({1, c.rows, c.width, c.outs}, 1e9f);
          conv.run(sources, c.sourceRows, c.firstRow, out.data_ptr<float>(), c.rows, c.width);
          // F(4x4, 3x3) rounds a little more than a direct sum: ~1e-5 of the outputs' scale.
          const double d = (out.to(torch::kFloat64) - expected).abs().max().item<double>();
          const double scale = std::max(1.0, expected.abs().max().item<double>());
          QVERIFY2(d < 1e-5 * scale, (std::to_string(ins) + " -> " + std::to_string(c.outs) + " channels, " +
                              std::to_string(c.rows) + " x " + std::to_string(c.width) + ": differs by " +
                              std::to_string(d))
                                 .c_str());
        }
  }

  void rdbKeepsShapeAndNamesLayers() {
    nn::Rdb rdb(nn::RdbOptions(16, 8));
    const auto y = rdb->forward(torch::rand({1, 16, 8, 12}));
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{1, 16, 8, 12}));
    const auto params = rdb->named_parameters();
    QVERIFY(params.contains("convs.3.conv.0.weight"));
    QCOMPARE(params["convs.3.conv.0.weight"].sizes().vec(), (std::vector<int64_t>{8, 40, 3, 3}));
    QCOMPARE(params["LFF.weight"].sizes().vec(), (std::vector<int64_t>{16, 48, 1, 1}));
  }

  void bandNetworkOutputsEveryRecurrenceAtThreeScales() {
    nn::BandNetwork net;
    QCOMPARE(nn::parameterCount(*net), int64_t(557668));
    QCOMPARE(int(net->named_parameters().size()), 336);
    QVERIFY(net->named_parameters().contains("recur2.RDBs.3.convs.1.conv.0.bias"));
    torch::NoGradGuard noGrad;
    const auto outs = net->forward(torch::rand({2, 3, 16, 24}));
    QCOMPARE(int(outs.size()), 4);
    for (const auto& o : outs) {
      QCOMPARE(o.out1.sizes().vec(), (std::vector<int64_t>{2, 3, 16, 24}));
      QCOMPARE(o.out2.sizes().vec(), (std::vector<int64_t>{2, 3, 8, 12}));
      QCOMPARE(o.out4.sizes().vec(), (std::vector<int64_t>{2, 3, 4, 6}));
    }
    // The bands add back up to the full-scale output.
    const auto bands = nn::bandsFrom(outs.back());
    QVERIFY(torch::allclose(bands.coarse + bands.mid + bands.fine, outs.back().out1, 1e-5, 1e-5));
  }

  void recomposerWeighsBands() {
    nn::Recomposer r;
    QCOMPARE(nn::parameterCount(*r), int64_t(19161));
    QCOMPARE(int(r->named_parameters().size()), 22);
    torch::NoGradGuard noGrad;
    nn::Bands b{torch::rand({1, 3, 8, 8}), torch::rand({1, 3, 8, 8}) - 0.5, torch::rand({1, 3, 8, 8}) - 0.5};
    const auto rec = r->forward(torch::rand({1, 3, 8, 8}), b);
    QCOMPARE(rec.w1.sizes().vec(), (std::vector<int64_t>{1, 3, 8, 8}));
    QVERIFY(torch::allclose(rec.result, b.coarse * rec.w1 + b.mid * rec.w2 + b.fine * rec.w3));
  }

  void discriminatorScoresEachImage() {
    nn::QualityDiscriminator d;
    QVERIFY(d->named_parameters().contains("conv9.weight"));
    QVERIFY(d->named_parameters().contains("bn8.running_mean") || d->named_buffers().contains("bn8.running_mean"));
    d->eval();
    torch::NoGradGuard noGrad;
    const auto score = d->forward(torch::rand({3, 3, 32, 32}));
    QCOMPARE(score.sizes().vec(), (std::vector<int64_t>{3, 1}));
    QVERIFY((score > 0).all().item<bool>() && (score < 1).all().item<bool>());
  }

  // The direct oneDNN network computes what the module does, on every layout this CPU offers,
  // and a set cancel flag stops it before any layer runs.
  void directNetworkMatchesModuleAndCancels() {
    nn::BandNetwork net;
    net->eval();
    onednn::StateDict weights;
    for (const auto& p : net->named_parameters()) {
      const auto t = p.value().detach().contiguous();
      weights[p.key()] = {t.sizes().vec(), std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel())};
    }
    const onednn::Network direct(onednn::Network::Kind::BandNetwork, weights);
    const auto x = torch::rand({1, 3, 24, 32});
    onednn::Planes input{3, 24, 32, std::vector<float>(x.data_ptr<float>(), x.data_ptr<float>() + x.numel())};
    onednn::Workspace workspace;
    const auto planes = direct.run(input, workspace, true);
    QCOMPARE(int(planes.size()), 12);
    torch::NoGradGuard noGrad;
    const auto expected = net->forward(x);
    for (int r = 0; r < 4; ++r) {
      const auto& out1 = planes[size_t(3 * r)];
      const auto got = torch::from_blob(const_cast<float*>(out1.data.data()), {1, 3, out1.height, out1.width});
      QVERIFY((got - expected[size_t(r)].out1).abs().max().item<float>() < 1e-4f);
    }
    const std::atomic<bool> cancel{true};
    QVERIFY(direct.run(input, workspace, false, &cancel).empty());
  }

  void saveLoadRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("net.safetensors")).toStdString();
    nn::BandNetwork a, b;
    weights::saveModule(*a, path, {{"name", "round-trip"}});
    const auto file = weights::readWeightFile(path);
    QCOMPARE(file.metadata.at("name"), std::string("round-trip"));
    weights::loadInto(*b, file);
    const auto pa = a->named_parameters(), pb = b->named_parameters();
    for (const auto& p : pa) QVERIFY2(torch::equal(p.value(), pb[p.key()]), p.key().c_str());
  }
};

QTEST_APPLESS_MAIN(TestNetworks)
#include "test_networks.moc"
