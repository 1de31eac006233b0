// SPDX-License-Identifier: GPL-3.0-or-later
// Training: losses against direct computations, learning, exact resume, cancel, stage 2.
#include "core/infer/looks.h"
#include "core/io/numbers.h"
#include "core/nn/ownkernels.h"
#include "core/onednn/graph.h"
#include "core/train/losses.h"
#include "core/train/pack.h"
#include "core/train/trainer.h"
#include "core/weights/safetensors.h"
#include "core/weights/tensorio.h"
#include "testutils.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <cmath>
#include <functional>
#include <random>
#include <thread>

using namespace drbn;

namespace {

/// A smooth colourful scene and its dark, noisy version: something a band network can learn.
train::ImagePair makePair(int w, int h, int seed) {
  std::mt19937 rng{uint32_t(seed)};
  std::uniform_real_distribution<float> phase{0, 6.28f}, noise{-0.02f, 0.02f};
  const float p0 = phase(rng), p1 = phase(rng), p2 = phase(rng);
  train::ImagePair pair;
  for (auto* img : {&pair.low, &pair.normal}) {
    img->name = "pair" + std::to_string(seed);
    img->width = w;
    img->height = h;
    img->rgb.resize(size_t(w) * h * 3);
  }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        const float v = 0.5f + 0.4f * std::sin(0.11f * float(x + 3 * c) + (c == 0 ? p0 : c == 1 ? p1 : p2)) *
                                   std::cos(0.07f * float(y));
        const size_t i = (size_t(y) * w + x) * 3 + c;
        pair.normal.rgb[i] = uint8_t(std::lround(255 * v));
        pair.low.rgb[i] = uint8_t(std::lround(255 * std::clamp(0.15f * v + noise(rng), 0.0f, 1.0f)));
      }
  return pair;
}

train::TrainingSet makeSet(int pairs, int w, int h) {
  train::TrainingSet set;
  for (int i = 0; i < pairs; ++i) set.paired.push_back(makePair(w, h, i));
  set.validation.push_back(makePair(w, h, 100));
  return set;
}

train::TrainOptions tinyOptions(int steps) {
  train::TrainOptions o;
  o.steps = steps;
  o.batch = 2;
  o.crop = 32;
  o.learningRate = 1e-3;
  o.checkpointEvery = 2;
  o.threads = 2;
  return o;
}

/// SSIM by the textbook formula, in double precision, one window position at a time.
double directSsim(const torch::Tensor& a, const torch::Tensor& b) {
  const auto A = a.to(torch::kFloat64), B = b.to(torch::kFloat64);
  const int64_t H = A.size(2), W = A.size(3);
  double g[11], sum = 0;
  for (int i = 0; i < 11; ++i) sum += g[i] = std::exp(-double((i - 5) * (i - 5)) / (2 * 1.5 * 1.5));
  for (double& v : g) v /= sum;
  auto pa = A.accessor<double, 4>(), pb = B.accessor<double, 4>();
  double total = 0;
  for (int64_t n = 0; n < A.size(0); ++n)
    for (int64_t c = 0; c < A.size(1); ++c)
      for (int64_t y = 0; y < H; ++y)
        for (int64_t x = 0; x < W; ++x) {
          double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
          for (int dy = -5; dy <= 5; ++dy)
            for (int dx = -5; dx <= 5; ++dx) {
              const int64_t yy = y + dy, xx = x + dx;
              if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;  // zero padding
              const double w = g[dy + 5] * g[dx + 5], va = pa[n][c][yy][xx], vb = pb[n][c][yy][xx];
              ma += w * va;
              mb += w * vb;
              saa += w * va * va;
              sbb += w * vb * vb;
              sab += w * va * vb;
            }
          const double c1 = 1e-4, c2 = 9e-4;
          total += ((2 * ma * mb + c1) * (2 * (sab - ma * mb) + c2)) /
                   ((ma * ma + mb * mb + c1) * (saa - ma * ma + sbb - mb * mb + c2));
        }
  return total / double(A.numel());
}

torch::Tensor tensorOf(const weights::WeightFile& file, const std::string& name) {
  for (const auto& t : file.tensors)
    if (t.name == name) return weights::toTensor(t);
  return {};
}

/// Both run folders' checkpoints hold the same tensors, bit for bit.
void expectSameCheckpoints(const QTemporaryDir& a, const QTemporaryDir& b) {
  const auto first = weights::readWeightFile(a.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
  const auto second = weights::readWeightFile(b.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
  QCOMPARE(first.tensors.size(), second.tensors.size());
  for (const auto& t : first.tensors) {
    const auto other = tensorOf(second, t.name);
    QVERIFY2(other.defined() && torch::equal(weights::toTensor(t), other), t.name.c_str());
  }
}

bool hasTensorsNamed(const weights::WeightFile& file, const std::string& prefix) {
  return std::any_of(file.tensors.begin(), file.tensors.end(), [&](const auto& t) { return t.name.rfind(prefix, 0) == 0; });
}

/// Pairs plus unpaired low-light photos and high-quality photos.
train::TrainingSet stageTwoSet() {
  auto set = makeSet(2, 40, 40);
  for (int i = 0; i < 2; ++i) {
    set.unpaired.push_back(makePair(40, 40, 10 + i).low);
    set.quality.push_back(makePair(40, 40, 20 + i).normal);
  }
  return set;
}

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    DRBN_REQUIRE_LOCALE();
    torch::manual_seed(0);
  }

  void ssimMatchesDirectComputation() {
    const auto a = torch::rand({1, 2, 13, 17}), b = (a * 0.5 + 0.3 * torch::rand({1, 2, 13, 17}));
    QVERIFY(std::abs(train::ssim(a, b).item<double>() - directSsim(a, b)) < 1e-5);
    QVERIFY(std::abs(train::ssim(a, a).item<double>() - 1.0) < 1e-5);
  }

  // Our training kernels (Winograd forward and input gradient, blocked weight gradient) against
  // LibTorch's convolution in double: outputs and all three gradients, on odd sizes, a batch, and
  // channel counts with and without whole vectors.
  void ownConvolutionMatchesLibTorchWithGradients() {
    if (!onednn::kernelIsa()) QSKIP("this CPU has no AVX2: training convolutions stay LibTorch's");
    struct Case {
      int64_t images, ins, outs, height, width;
    };
    for (const Case c : {Case{2, 16, 32, 9, 13}, Case{1, 6, 16, 8, 8}, Case{3, 40, 8, 5, 7}, Case{1, 16, 3, 12, 10},
                         Case{2, 32, 64, 4, 6}}) {
      const auto x = (torch::rand({c.images, c.ins, c.height, c.width}, torch::kFloat64) * 2 - 1)
                         .contiguous(torch::MemoryFormat::ChannelsLast);
      const auto w = torch::rand({c.outs, c.ins, 3, 3}, torch::kFloat64) - 0.5, b = torch::rand({c.outs}, torch::kFloat64);
      const auto upstream = torch::rand({c.images, c.outs, c.height, c.width}, torch::kFloat64) - 0.5;
      auto grads = [&](const torch::Tensor& xs, const torch::Tensor& ws, const torch::Tensor& bs, bool ours) {
        const auto xv = xs.detach().requires_grad_(), wv = ws.detach().requires_grad_(), bv = bs.detach().requires_grad_();
        const auto y = ours ? nn::convolve3x3(xv, wv, bv) : torch::conv2d(xv, wv, bv, 1, 1);
        (y * upstream.to(y.scalar_type())).sum().backward();
        return std::vector<torch::Tensor>{y.detach().to(torch::kFloat64), xv.grad().to(torch::kFloat64),
                                          wv.grad().to(torch::kFloat64), bv.grad().to(torch::kFloat64)};
      };
      const auto expected = grads(x, w, b, false);
      const auto got = grads(x.to(torch::kFloat32), w.to(torch::kFloat32), b.to(torch::kFloat32), true);
      const char* names[] = {"output", "input gradient", "weight gradient", "bias gradient"};
      for (size_t i = 0; i < expected.size(); ++i) {
        const double scale = std::max(1.0, expected[i].abs().max().item<double>());
        const double d = (got[i] - expected[i]).abs().max().item<double>();
        QVERIFY2(d < 1e-5 * scale, (std::string(names[i]) + " of " + std::to_string(c.ins) + " -> " +
                                    std::to_string(c.outs) + " differs by " + std::to_string(d))
                                       .c_str());
      }
    }
  }

  void bandLossSubsamplesTargets() {
    const auto y = torch::rand({1, 3, 16, 16});
    using torch::indexing::Slice;
    nn::BandOutputs perfect{y, y.index({Slice(), Slice(), Slice(0, 16, 2), Slice(0, 16, 2)}),
                            y.index({Slice(), Slice(), Slice(0, 16, 4), Slice(0, 16, 4)})};
    QVERIFY(std::abs(train::bandLoss(perfect, y).item<double>() + 3.0) < 1e-5);
  }

  void charbonnierByHandAtEachScale() {
    const auto a = torch::tensor({0.5f, 0.2f}), b = torch::tensor({0.2f, 0.2f});
    // (sqrt(0.09 + 1e-6) + sqrt(1e-6)) / 2
    QVERIFY(std::abs(train::charbonnier(a, b).item<double>() - (std::sqrt(0.090001) + 0.001) / 2) < 1e-6);
    // A perfect output costs only the epsilon at each scale; one off by 0.1 at 1/4 scale ~0.1 more.
    const auto y = torch::rand({1, 3, 16, 16});
    using torch::indexing::Slice;
    nn::BandOutputs perfect{y, y.index({Slice(), Slice(), Slice(0, 16, 2), Slice(0, 16, 2)}),
                            y.index({Slice(), Slice(), Slice(0, 16, 4), Slice(0, 16, 4)})};
    QVERIFY(std::abs(train::bandCharbonnier(perfect, y).item<double>() - 0.003) < 1e-5);
    perfect.out4 = perfect.out4 + 0.1;
    QVERIFY(std::abs(train::bandCharbonnier(perfect, y).item<double>() - (0.002 + std::sqrt(0.010001))) < 1e-5);
  }

  void leastSquaresByHand() {
    const auto scores = torch::tensor({{0.2f}, {0.9f}});
    // ((0.2 - 1)^2 + (0.9 - 1)^2) / 2 = (0.64 + 0.01) / 2
    QVERIFY(std::abs(train::leastSquares(scores, torch::ones({})).item<double>() - 0.325) < 1e-6);
    const auto soft = torch::tensor({{0.1f}, {0.3f}});
    // ((0.2 - 0.1)^2 + (0.9 - 0.3)^2) / 2 = (0.01 + 0.36) / 2
    QVERIFY(std::abs(train::leastSquares(scores, soft).item<double>() - 0.185) < 1e-6);
  }

  // The looks terms against direct computations: Immerkaer's sigma at two scales, the darkest
  // 1% of the input, the colour drift of 4 x 4 means.
  void looksTermsByHand() {
    torch::manual_seed(3);
    const auto result = torch::rand({1, 3, 20, 20}), input = torch::rand({1, 3, 20, 20}) * 0.2;
    const auto t = train::looksTerms(result, input);
    auto lum = [](const torch::Tensor& x) { return 0.2126 * x[0][0] + 0.7152 * x[0][1] + 0.0722 * x[0][2]; };
    auto sigma = [](const torch::Tensor& y) {
      double sum = 0;
      const auto a = y.accessor<float, 2>();
      for (int64_t i = 1; i + 1 < y.size(0); ++i)
        for (int64_t j = 1; j + 1 < y.size(1); ++j)
          sum += std::abs(a[i - 1][j - 1] - 2 * a[i - 1][j] + a[i - 1][j + 1] - 2 * a[i][j - 1] + 4 * a[i][j] -
                          2 * a[i][j + 1] + a[i + 1][j - 1] - 2 * a[i + 1][j] + a[i + 1][j + 1]);
      return std::sqrt(M_PI / 2) / 6 * sum / double((y.size(0) - 2) * (y.size(1) - 2));
    };
    const auto y = lum(result);
    auto twoScales = [&](const torch::Tensor& plane) {
      const auto p = plane.contiguous();
      return (sigma(p) + sigma((p.view({10, 2, 10, 2}).sum({1, 3}) / 4).contiguous())) / 2;
    };
    QVERIFY(std::abs(t.noise.item<double>() - twoScales(y)) < 1e-5);
    const double chroma = (twoScales((result[0][2] - y) / 1.8556) + twoScales((result[0][0] - y) / 1.5748)) / 2;
    QVERIFY(std::abs(t.chroma.item<double>() - chroma) < 1e-5);

    // 400 pixels: the darkest 1% are the 4 lowest-luminance input pixels.
    const auto order = std::get<1>(lum(input).flatten().sort());
    double black = 0;
    for (int i = 0; i < 4; ++i) black += std::max(0.0, y.flatten()[order[i]].item<double>() - train::kBlackFloor);
    QVERIFY(std::abs(t.black.item<double>() - black / 4) < 1e-6);

    // Chromaticities of 4 x 4 means, weighted by how bright the input's mean is.
    double drift = 0, weight = 0;
    for (int by = 0; by < 5; ++by)
      for (int bx = 0; bx < 5; ++bx) {
        double out[3], in[3];
        for (int c = 0; c < 3; ++c) {
          out[c] = result[0][c].slice(0, 4 * by, 4 * by + 4).slice(1, 4 * bx, 4 * bx + 4).mean().item<double>();
          in[c] = input[0][c].slice(0, 4 * by, 4 * by + 4).slice(1, 4 * bx, 4 * bx + 4).mean().item<double>();
        }
        const double w = std::clamp((0.2126 * in[0] + 0.7152 * in[1] + 0.0722 * in[2]) / 0.05, 0.0, 1.0);
        const double so = out[0] + out[1] + out[2] + 1e-3, si = in[0] + in[1] + in[2] + 1e-3;
        for (int c = 0; c < 3; ++c) drift += w * std::abs(out[c] / so - in[c] / si);
        weight += w;
      }
    QVERIFY(std::abs(t.colour.item<double>() - drift / weight) < 1e-5);

    // A flat result has no noise, a brightened input keeps its colours, a greyed one does not;
    // the terms have gradients.
    const auto grey = torch::full({1, 3, 20, 20}, 0.5);
    QVERIFY(train::looksTerms(grey, input).noise.item<double>() < 1e-7);
    QVERIFY(train::looksTerms(grey, input).chroma.item<double>() < 1e-7);
    QVERIFY(train::looksTerms(input * 4, input).colour.item<double>() < 5e-3);
    QVERIFY(train::looksTerms(grey, input).colour.item<double>() > 0.05);
    // A near-black result with slightly negative values (the recomposer does not clamp) has no
    // colour to speak of: the drift stays bounded instead of dividing by almost zero.
    QVERIFY(train::looksTerms(torch::full({1, 3, 20, 20}, -1e-3 / 3), input).colour.item<double>() <= 2);
    QVERIFY(train::looksTerms(torch::zeros({1, 3, 20, 20}), input).black.item<double>() == 0);
    // Dimming: how much darker than the input the luminance of 4 x 4 means is.
    const auto meanY = [&](const torch::Tensor& x) { return lum(torch::avg_pool2d(x, 4)); };
    QVERIFY(std::abs(t.dimming.item<double>() - torch::relu(meanY(input) - meanY(result)).mean().item<double>()) < 1e-6);
    QVERIFY(train::looksTerms(input * 2, input).dimming.item<double>() == 0);
    QVERIFY(std::abs(train::looksTerms(input * 0.5, input).dimming.item<double>() - 0.5 * meanY(input).mean().item<double>()) < 1e-6);
    // With `neutral`, drift is measured from the input balanced by its grey-world gains to that power:
    // a tinted input's balanced version costs nothing at 1, and its tint kept costs something.
    {
      const auto tint = torch::tensor({0.7f, 1.0f, 1.6f}).view({1, 3, 1, 1});
      const auto tinted = (input + 0.1) * tint;  // bright enough everywhere for its colour to be known
      const auto means = tinted.mean({2, 3}, true);
      const auto balanced = tinted * (means.mean(1, true) / means);
      // (< 5e-3 as for the brightened input above: the chromaticities' floor against near-black sums)
      QVERIFY(train::looksTerms(balanced, tinted, 1).colour.item<double>() < 5e-3);
      QVERIFY(train::looksTerms(tinted, tinted, 1).colour.item<double>() > 0.1);
      QVERIFY(train::looksTerms(tinted, tinted, 0).colour.item<double>() < 1e-6);
      const double half = train::looksTerms(tinted * (means.mean(1, true) / means).sqrt(), tinted, 0.5).colour.item<double>();
      QVERIFY2(half < 5e-3, qPrintable(QString::number(half)));
    }
    const train::LooksWeights w{2, 3, 5, 7, 11, 13};
    QVERIFY(std::abs(t.total(w).item<double>() -
                     (2 * t.noise + 3 * t.chroma + 5 * t.black + 7 * t.colour + 11 * t.dimming + 13 * t.halo).item<double>()) < 1e-6);
    const auto x = result.clone().requires_grad_();
    train::looksTerms(x, input).total(train::LooksWeights{}).backward();
    QVERIFY(x.grad().abs().sum().item<double>() > 0);
  }

  void perceptualLossWeightsFourLayers() {
    train::Vgg16Features vgg;
    const auto a = torch::rand({1, 3, 8, 8}), b = torch::rand({1, 3, 8, 8});
    QCOMPARE(train::perceptualLoss(vgg, a, a).item<double>(), 0.0);
    namespace F = torch::nn::functional;
    auto conv = [&](const torch::Tensor& x, int i) {
      auto* c = vgg->features[size_t(i)]->as<torch::nn::Conv2d>();
      return torch::relu(F::conv2d(x, c->weight, F::Conv2dFuncOptions().bias(c->bias).padding(1)));
    };
    auto taps = [&](const torch::Tensor& x) {
      const auto r11 = conv(x, 0), r12 = conv(r11, 2);
      const auto r21 = conv(F::max_pool2d(r12, F::MaxPool2dFuncOptions(2)), 5), r22 = conv(r21, 7);
      return std::vector<torch::Tensor>{r11, r12, r21, r22};
    };
    const auto ta = taps(a), tb = taps(b);
    const double expected = 1.0 * (ta[0] - tb[0]).pow(2).mean().item<double>() +
                            0.6 * (ta[1] - tb[1]).pow(2).mean().item<double>() +
                            0.4 * (ta[2] - tb[2]).pow(2).mean().item<double>() +
                            0.2 * (ta[3] - tb[3]).pow(2).mean().item<double>();
    QVERIFY(std::abs(train::perceptualLoss(vgg, a, b).item<double>() - expected) < 1e-6 * std::max(1.0, expected));
  }

  void stageOneLowersTheLoss() {
    QTemporaryDir dir;
    auto options = tinyOptions(40);
    options.checkpointEvery = 40;
    train::Trainer trainer(options, makeSet(4, 48, 48), dir.path().toStdString());
    std::vector<double> losses;
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) { losses.push_back(r.losses.at("total")); };
    const auto before = trainer.validate();
    const auto result = trainer.run(callbacks);
    QCOMPARE(result.step, 40);
    QCOMPARE(int(losses.size()), 40);
    const double first = (losses[0] + losses[1] + losses[2]) / 3, last = (losses[37] + losses[38] + losses[39]) / 3;
    QVERIFY2(last < first - 0.2, qPrintable(QStringLiteral("loss %1 -> %2").arg(first).arg(last)));
    QVERIFY2(result.validation.psnr > before.psnr + 1, qPrintable(QStringLiteral("validation PSNR %1 -> %2")
                                                                      .arg(before.psnr).arg(result.validation.psnr)));
    QCOMPARE(result.validation.preview.width, 48);
    // The model card travels in the weights.
    const auto model = weights::readWeightFile(result.modelPath);
    QCOMPARE(QString::fromStdString(model.metadata.at("trained_steps")), QStringLiteral("40"));
    QVERIFY(model.metadata.count("validation_psnr"));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("log.csv"))));
  }

  void resumeContinuesExactly_data() {
    QTest::addColumn<int>("warmup");
    QTest::addColumn<double>("average");
    QTest::addColumn<QString>("precision");
    QTest::newRow("plain") << 0 << 0.0 << QString::fromLatin1(train::kPrecisionFp32);
    QTest::newRow("warm-up and weight average") << 3 << 0.9 << QString::fromLatin1(train::kPrecisionFp32);
    QTest::newRow("bf16 mixed precision") << 0 << 0.9 << QString::fromLatin1(train::kPrecisionBf16);
  }
  void resumeContinuesExactly() {
    QFETCH(int, warmup);
    QFETCH(double, average);
    QFETCH(QString, precision);
    auto options = tinyOptions(4);
    options.warmupSteps = warmup;
    options.averageDecay = average;
    options.precision = precision.toStdString();
    QTemporaryDir straight, interrupted;
    const auto set = makeSet(3, 40, 40);
    train::Trainer(options, set, straight.path().toStdString()).run();

    std::atomic<bool> cancel{false};
    train::TrainCallbacks stopAtTwo;
    stopAtTwo.step = [&](const train::StepReport& r) { cancel = r.step == 2; };
    {
      train::Trainer first(options, set, interrupted.path().toStdString());
      const auto r = first.run(stopAtTwo, &cancel);
      QVERIFY(r.cancelled);
      QCOMPARE(r.step, 2);  // cancel is honoured before the next step starts
    }
    QCOMPARE(train::Trainer::savedOptions(interrupted.path().toStdString()).steps, 4);
    QCOMPARE(train::Trainer::savedOptions(interrupted.path().toStdString()).precision, options.precision);
    // What a power cut leaves at the end of the log: NUL bytes and half a row.
    QFile log(interrupted.filePath(QStringLiteral("log.csv")));
    QVERIFY(log.open(QIODevice::Append));
    log.write(QByteArray(64, '\0') + "\n3,0.5");
    log.close();
    auto resumed = train::Trainer::resume(interrupted.path().toStdString(), set);
    QCOMPARE(resumed->step(), 2);
    QCOMPARE(resumed->run().step, 4);

    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY2(!log.readAll().contains('\0'), "the torn rows stayed in the log");
    log.close();
    expectSameCheckpoints(straight, interrupted);
    const auto a = weights::readWeightFile(straight.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
    QCOMPARE(hasTensorsNamed(a, "average."), average > 0);  // the average is saved, so it resumes too
  }

  // Stage 1 keeps the export that validated best beside the latest one.
  void keepsTheBestValidatedExport() {
    QTemporaryDir dir;
    auto options = tinyOptions(6);
    options.validateEvery = 1;
    options.learningRate = 3e-2;  // large enough for the score to move both ways
    const auto set = makeSet(3, 40, 40);
    // The step with the highest PSNR in validation.csv so far.
    auto bestInLog = [&] {
      QFile csv(dir.filePath(QStringLiteral("validation.csv")));
      if (!csv.open(QIODevice::ReadOnly)) return 0;
      int bestStep = 0;
      double bestPsnr = -1;
      for (const QString& row : QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n')).mid(1)) {
        const auto fields = row.split(QLatin1Char(','));
        const double psnr = io::number<double>(fields[1].toStdString(), "psnr");
        if (psnr > bestPsnr) bestPsnr = psnr, bestStep = fields[0].toInt();
      }
      return bestStep;
    };
    const auto first = train::Trainer(options, set, dir.path().toStdString()).run();
    QCOMPARE(first.best.step, bestInLog());
    QCOMPARE(first.bestModelPath, dir.filePath(QStringLiteral("best-bands.safetensors")).toStdString());
    const auto best = weights::readWeightFile(first.bestModelPath);
    QCOMPARE(best.metadata.at("validation_step"), std::to_string(first.best.step));
    if (first.best.step != 6) {  // the network as it was then, not the latest
      const auto latest = weights::readWeightFile(first.modelPath);
      bool differs = false;
      for (const auto& t : latest.tensors) differs = differs || !torch::equal(weights::toTensor(t), tensorOf(best, t.name));
      QVERIFY(differs);
    }
    // A continued run remembers the best before it. Its log, begun (here: made to look begun) by
    // a version without the halo column, goes on with the columns its header has.
    QFile csv(dir.filePath(QStringLiteral("validation.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QStringList rows = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    csv.close();
    QCOMPARE(rows[0], QStringLiteral("step,psnr,ssim,noise,chroma_noise,cast,black_level,halo"));
    for (QString& row : rows) row = row.section(QLatin1Char(','), 0, 6);
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Truncate));
    csv.write((rows.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    csv.close();
    auto resumed = train::Trainer::resume(dir.path().toStdString(), set);
    resumed->setTotalSteps(10);
    const auto second = resumed->run();
    QCOMPARE(second.best.step, bestInLog());
    QVERIFY(second.best.psnr >= first.best.psnr);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    rows = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(rows.size(), 11);
    for (const QString& row : rows) QCOMPARE(row.count(QLatin1Char(',')), 6);
  }

  // The warm-up ramps the learning rate step by step; the weight average is the one computed by
  // hand from the starting and trained weights, and it is what the run exports and validates.
  void warmUpAndWeightAverage() {
    QTemporaryDir start, dir;
    const auto set = makeSet(2, 40, 40);
    const auto from = train::Trainer(tinyOptions(1), set, start.path().toStdString()).run().modelPath;
    auto options = tinyOptions(1);
    options.bandNetwork = from;
    options.warmupSteps = 4;
    options.averageDecay = 0.99;
    std::vector<double> rates;
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) { rates.push_back(r.learningRate); };
    const auto result = train::Trainer(options, set, dir.path().toStdString()).run(callbacks);
    QCOMPARE(rates.size(), size_t(1));
    QCOMPARE(rates[0], options.learningRate / 4);

    const auto w0 = weights::readWeightFile(from), exported = weights::readWeightFile(result.modelPath);
    const auto ckpt = weights::readWeightFile(dir.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
    const double decay = 2.0 / 11;  // (1 + step) / (10 + step) after step 1, below 0.99
    int checked = 0;
    for (const auto& t : w0.tensors) {
      const auto w1 = tensorOf(ckpt, "band." + t.name), avg = tensorOf(exported, t.name);
      QVERIFY2(w1.defined() && avg.defined(), t.name.c_str());
      QVERIFY2(torch::allclose(avg, decay * weights::toTensor(t) + (1 - decay) * w1, 1e-5, 1e-7), t.name.c_str());
      QVERIFY2(torch::equal(avg, tensorOf(ckpt, "average." + t.name)), t.name.c_str());
      checked += !torch::equal(avg, w1);
    }
    QVERIFY(checked > 0);  // the average is not the trained weights
    QVERIFY(QString::fromStdString(exported.metadata.at("recipe")).contains(QStringLiteral("moving average")));
    QCOMPARE(exported.metadata.at("option.warmup_steps"), std::string("4"));
  }

  // Mixed precision computes the band network in bfloat16 and keeps float32 weights: its losses
  // follow float32's closely, it learns as well, and what it writes is float32.
  void mixedPrecisionTrainsLikeFloat32() {
    const auto set = makeSet(4, 48, 48);
    std::map<std::string, std::vector<double>> losses;
    std::map<std::string, train::TrainResult> results;
    for (const char* precision : {train::kPrecisionFp32, train::kPrecisionBf16}) {
      QTemporaryDir dir;
      auto options = tinyOptions(30);
      options.checkpointEvery = 30;
      options.precision = precision;
      train::TrainCallbacks callbacks;
      callbacks.step = [&](const train::StepReport& r) { losses[precision].push_back(r.losses.at("total")); };
      results[precision] = train::Trainer(options, set, dir.path().toStdString()).run(callbacks);
      const auto ckpt = weights::readWeightFile(dir.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
      for (const auto& t : ckpt.tensors) QVERIFY2(t.dtype == weights::DType::F32, t.name.c_str());
      const auto model = weights::readWeightFile(results[precision].modelPath);
      QCOMPARE(model.metadata.at("option.precision"), std::string(precision));
    }
    const auto &full = losses[train::kPrecisionFp32], &mixed = losses[train::kPrecisionBf16];
    // The same weights and batch: the first step's losses differ by bfloat16's rounding alone.
    QVERIFY2(full[0] != mixed[0] && std::abs(full[0] - mixed[0]) < 0.01 * std::abs(full[0]),
             qPrintable(QStringLiteral("first loss %1 (fp32) vs %2 (bf16)").arg(full[0]).arg(mixed[0])));
    const double fullLast = (full[27] + full[28] + full[29]) / 3, mixedLast = (mixed[27] + mixed[28] + mixed[29]) / 3;
    QVERIFY2(mixedLast < (mixed[0] + mixed[1] + mixed[2]) / 3 - 0.2 && std::abs(mixedLast - fullLast) < 0.05 * std::abs(fullLast),
             qPrintable(QStringLiteral("last losses %1 (fp32) vs %2 (bf16)").arg(fullLast).arg(mixedLast)));
    QVERIFY2(std::abs(results[train::kPrecisionBf16].validation.psnr - results[train::kPrecisionFp32].validation.psnr) < 0.5,
             qPrintable(QStringLiteral("validation PSNR %1 (fp32) vs %2 (bf16)")
                            .arg(results[train::kPrecisionFp32].validation.psnr)
                            .arg(results[train::kPrecisionBf16].validation.psnr)));
  }

  // A run trained on a GPU machine (its checkpoint says cuda, and more threads than this machine
  // has cores) goes on here, on the CPU, on this machine's cores.
  void gpuRunContinuesOnTheCpu() {
    if (torch::cuda::is_available()) QSKIP("this machine has a GPU");
    QTemporaryDir dir;
    const auto runDir = dir.path().toStdString();
    train::Trainer(tinyOptions(1), makeSet(1, 32, 32), runDir).run();
    const auto path = runDir + "/checkpoint.safetensors";
    auto ckpt = weights::readWeightFile(path);
    const int cores = int(std::thread::hardware_concurrency());
    ckpt.metadata["option.device"] = "cuda";
    ckpt.metadata["option.threads"] = std::to_string(cores + 2);
    weights::writeSafetensors(path, ckpt.tensors, ckpt.metadata);
    auto resumed = train::Trainer::resume(runDir, makeSet(1, 32, 32));
    QVERIFY(!resumed->device().cuda);
    QCOMPARE(resumed->device().threads, cores);
    resumed->setTotalSteps(2);
    QCOMPARE(resumed->run().step, 2);
    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::Trainer::resume(runDir, makeSet(1, 32, 32), {"cuda", 0, {}, {}}));
  }

  // A Stop that arrives as a validation pass starts ends the run there (the pass is dropped, the
  // checkpoint written) instead of scoring every pair first.
  void stopSkipsTheValidationPass() {
    QTemporaryDir dir;
    auto options = tinyOptions(4);
    options.validateEvery = 2;
    train::Trainer trainer(options, makeSet(3, 40, 40), dir.path().toStdString());
    std::atomic<bool> cancel{false};
    int validations = 0;
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) { cancel = r.step == 2; };
    callbacks.validated = [&](const train::ValidationReport&) { ++validations; };
    const auto r = trainer.run(callbacks, &cancel);
    QVERIFY(r.cancelled);
    QCOMPARE(r.step, 2);
    QCOMPARE(validations, 0);
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("validation.csv"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("checkpoint.safetensors"))));
  }

  // A validation pass is announced before it runs (the studio says why the steps stop moving).
  void validationIsAnnouncedBeforeItRuns() {
    QTemporaryDir dir;
    auto options = tinyOptions(4);
    options.validateEvery = 2;
    const auto set = makeSet(3, 40, 40);
    const int pairs = int(set.validation.size());
    QVERIFY(pairs > 0);
    QStringList events;
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) { events << QStringLiteral("step %1").arg(r.step); };
    callbacks.validating = [&](int step, int n) { events << QStringLiteral("validating %1 of %2").arg(n).arg(step); };
    callbacks.validated = [&](const train::ValidationReport& v) { events << QStringLiteral("validated %1").arg(v.step); };
    train::Trainer(options, set, dir.path().toStdString()).run(callbacks);
    const QString validating = QStringLiteral("validating %1 of %2").arg(pairs);
    QCOMPARE(events, QStringList({QStringLiteral("step 1"), QStringLiteral("step 2"), validating.arg(2), QStringLiteral("validated 2"),
                                  QStringLiteral("step 3"), QStringLiteral("step 4"), validating.arg(4), QStringLiteral("validated 4")}));
  }

  // The authors' recipe is their loss alone; ours adds the Charbonnier terms, and says so.
  void recipesChooseTheLossTerms() {
    for (const char* recipe : {train::kRecipeAuthors, train::kRecipeStudio}) {
      QTemporaryDir dir;
      auto options = tinyOptions(1);
      options.recipe = recipe;
      std::map<std::string, double> losses;
      train::TrainCallbacks callbacks;
      callbacks.step = [&](const train::StepReport& r) { losses = r.losses; };
      const auto result = train::Trainer(options, makeSet(1, 32, 32), dir.path().toStdString()).run(callbacks);
      const bool studio = std::string(recipe) == train::kRecipeStudio;
      QCOMPARE(losses.count("l1"), size_t(studio));
      const double ssimPart = -3 * losses.at("ssim");
      QVERIFY(std::abs(losses.at("total") - ssimPart - (studio ? 3 * losses.at("l1") : 0.0)) < 1e-5);
      const auto card = weights::readWeightFile(result.modelPath).metadata;
      QCOMPARE(card.at("option.recipe"), std::string(recipe));
      QCOMPARE(QString::fromStdString(card.at("recipe")).contains(QStringLiteral("Charbonnier")), studio);
      // Validation measures the looks as drbn eval does, and logs them.
      const auto& looks = result.validation.looks;
      QVERIFY(result.validation.step == 1 && looks.noise > 0 && looks.cast >= 0 && looks.blackLevel >= 0 &&
              looks.blackLevel <= 255);
      QFile csv(dir.filePath(QStringLiteral("validation.csv")));
      QVERIFY(csv.open(QIODevice::ReadOnly));
      QCOMPARE(csv.readLine(), QByteArray("step,psnr,ssim,noise,chroma_noise,cast,black_level,halo\n"));
    }
    auto unknown = tinyOptions(1);
    unknown.recipe = "mine";
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::Trainer(unknown, makeSet(1, 32, 32), dir.path().toStdString()));
  }

  // A pack holds the set exactly, in order, over several shards that never split a pair; a pack
  // with a shard missing or from another pack is refused by name.
  void packRoundTripsOverShards() {
    auto set = makeSet(5, 40, 36);
    set.unpaired.push_back(makePair(48, 40, 7).low);
    set.quality.push_back(makePair(44, 44, 8).normal);
    QTemporaryDir dir;
    const auto packDir = dir.filePath(QStringLiteral("pack")).toStdString();
    train::PackOptions options;
    options.shardBytes = 2 * 2 * 40 * 36 * 3;  // two pairs a shard
    options.source["paired_low"] = "/data/low";
    const auto summary = train::writePack(set, packDir, options);
    QCOMPARE(summary.shards, 4);  // 2 + 2 + 2 pairs (5 training, 1 held out), then both single images
    for (int s = 0; s < summary.shards; ++s) {
      const auto shard = weights::readWeightFile(packDir + "/shard-0000" + std::to_string(s) + ".safetensors");
      int lows = 0, normals = 0;
      for (const auto& t : shard.tensors) {
        lows += QString::fromStdString(t.name).endsWith(QStringLiteral(".low"));
        normals += QString::fromStdString(t.name).endsWith(QStringLiteral(".normal"));
      }
      QCOMPARE(lows, normals);
    }
    const auto back = train::readPack(packDir);
    auto same = [](const train::ByteImage& a, const train::ByteImage& b) {
      return a.name == b.name && a.width == b.width && a.height == b.height && a.rgb == b.rgb;
    };
    QCOMPARE(back.paired.size(), set.paired.size());
    for (size_t i = 0; i < set.paired.size(); ++i)
      QVERIFY(same(back.paired[i].low, set.paired[i].low) && same(back.paired[i].normal, set.paired[i].normal));
    QVERIFY(back.validation.size() == 1 && same(back.validation[0].normal, set.validation[0].normal));
    QVERIFY(back.unpaired.size() == 1 && same(back.unpaired[0], set.unpaired[0]));
    QVERIFY(back.quality.size() == 1 && same(back.quality[0], set.quality[0]));
    QCOMPARE(train::packInfo(packDir).source.at("paired_low"), std::string("/data/low"));

    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::writePack(set, packDir, options));  // not empty
    // Another pack (one image less) and a run that trained on the first one.
    const auto otherDir = dir.filePath(QStringLiteral("other")).toStdString();
    auto smaller = set;
    smaller.quality.clear();
    train::writePack(smaller, otherDir, options);
    std::map<std::string, std::string> run;
    train::loadRunPack(run, packDir);
    QCOMPARE(run.at("pack_id"), train::packInfo(packDir).id);
    auto expectError = [](const std::function<void()>& f, const QString& text) {
      try {
        f();
        QFAIL("expected TrainingError");
      } catch (const train::TrainingError& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(text), e.what());
      }
    };
    expectError([&] { train::loadRunPack(run, otherDir); }, QStringLiteral("than the run trained on"));
    QVERIFY(QFile::copy(QString::fromStdString(otherDir + "/shard-00002.safetensors"),
                        QString::fromStdString(packDir + "/shard-00002.safetensors.x")));
    QVERIFY(QFile::remove(QString::fromStdString(packDir + "/shard-00002.safetensors")));
    expectError([&] { train::readPack(packDir); }, QStringLiteral("shard-00002.safetensors: missing; the pack has 4 shards"));
    QVERIFY(QFile::rename(QString::fromStdString(packDir + "/shard-00002.safetensors.x"),
                          QString::fromStdString(packDir + "/shard-00002.safetensors")));
    expectError([&] { train::readPack(packDir); }, QStringLiteral("belongs to another pack"));
    expectError([&] { train::readPack(dir.path().toStdString()); }, QStringLiteral("not a training pack"));
  }

  // The world a process belongs to, from torchrun's or Slurm's variables.
  void worldFromTorchrunOrSlurm() {
    auto from = [](std::map<std::string, std::string> env) {
      return train::worldFromEnvironment([env](const char* name) -> const char* {
        const auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
      });
    };
    QVERIFY(!from({}).distributed());
    QVERIFY(!from({{"SLURM_NTASKS", "1"}, {"SLURM_PROCID", "0"}}).distributed());  // a plain srun
    auto w = from({{"RANK", "3"}, {"WORLD_SIZE", "4"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node1"}, {"MASTER_PORT", "29400"}});
    QVERIFY(w.rank == 3 && w.size == 4 && w.localRank == 1 && w.masterAddr == "node1" && w.masterPort == 29400 && w.launcher == "torchrun");
    w = from({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"}, {"SLURM_LOCALID", "1"}, {"MASTER_ADDR", "n0"}});
    QVERIFY(w.rank == 5 && w.size == 8 && w.localRank == 1 && w.masterPort == 29500 && w.launcher == "Slurm");
    for (const auto& bad : std::vector<std::map<std::string, std::string>>{
             {{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}},                               // no MASTER_ADDR
             {{"RANK", "4"}, {"WORLD_SIZE", "4"}, {"MASTER_ADDR", "a"}},                   // rank out of range
             {{"RANK", "x"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}}}) {                // not a number
      QVERIFY_THROWS_EXCEPTION(train::TrainingError, from(bad));
    }
  }

  void refusesToOverwriteARun() {
    QTemporaryDir dir;
    train::Trainer(tinyOptions(2), makeSet(1, 32, 32), dir.path().toStdString()).run();
    QVERIFY_THROWS_EXCEPTION(train::TrainingError,
                             train::Trainer(tinyOptions(2), makeSet(1, 32, 32), dir.path().toStdString()));
  }

  void rejectsUnusableData() {
    QTemporaryDir dir;
    auto small = makeSet(1, 24, 24);  // smaller than the 32 px crop
    try {
      train::Trainer(tinyOptions(2), small, dir.path().toStdString());
      QFAIL("expected TrainingError");
    } catch (const train::TrainingError& e) {
      QCOMPARE(QString::fromLatin1(e.what()), QStringLiteral("pair0: 24x24 is smaller than the 32 px crop"));
    }
    auto stage2 = tinyOptions(2);
    stage2.stage = 2;
    stage2.bandNetwork = "bands.safetensors";
    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::Trainer(stage2, makeSet(1, 32, 32), dir.path().toStdString()));
    auto fp8 = tinyOptions(2);
    fp8.precision = "fp8";
    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::Trainer(fp8, makeSet(1, 32, 32), dir.path().toStdString()));
  }

  // The halo term is `drbn eval`'s halo measure (as a fraction, not in percent) on the same luminance,
  // and it pulls a gain that changes across a flat region towards one gain.
  void haloTermIsTheHaloMeasure() {
    torch::manual_seed(3);
    const auto input = torch::rand({1, 3, 64, 96}) * 0.1 + torch::linspace(0, 0.3, 96).view({1, 1, 1, 96});
    const auto gain = 2 + torch::linspace(0, 3, 64).view({1, 1, 64, 1}) * (torch::rand({1, 1, 64, 96}) > 0.5);
    const auto result = (input * gain).clamp(0, 1);
    const auto lum = [](const torch::Tensor& x) {
      return (0.2126 * x[0][0] + 0.7152 * x[0][1] + 0.0722 * x[0][2]).contiguous();
    };
    const auto yOut = lum(result), yIn = lum(input);
    const double measured = infer::halo(yOut.data_ptr<float>(), yIn.data_ptr<float>(), 96, 64);
    const auto term = train::looksTerms(result, input).halo.item<double>();
    QVERIFY2(measured > 1 && std::abs(term * 100 - measured) < 1e-3 * measured,
             qPrintable(QString::number(term * 100) + QLatin1Char(' ') + QString::number(measured)));
    QVERIFY(train::looksTerms(input * 2, input).halo.item<double>() < 1e-6);  // one gain everywhere
    const auto x = result.clone().requires_grad_();
    train::looksTerms(x, input).halo.backward();
    QVERIFY(x.grad().abs().sum().item<double>() > 0);
    // The same at any exposure, so it pulls neither towards darker nor brighter results (with the
    // gain held constant it pulled towards darker ones).
    const auto unsaturated = result * 0.4;
    const auto scale = torch::ones({}).requires_grad_();
    const auto scaled = train::looksTerms(unsaturated * scale, input).halo;
    scaled.backward();
    QVERIFY(scaled.item<double>() > 0.01);
    QVERIFY2(std::abs(scale.grad().item<double>()) < 1e-5, qPrintable(QString::number(scale.grad().item<double>())));
  }

  void looksWeightsParse() {
    QVERIFY(train::parseLooksWeights("20,20,3,10") == train::LooksWeights{});
    QCOMPARE(train::formatLooksWeights(train::parseLooksWeights("0.5,0,1e2,7")), std::string("0.5,0,100,7,0,0,0"));
    QVERIFY(train::parseLooksWeights("1,2,3,4,5") == (train::LooksWeights{1, 2, 3, 4, 5}));
    QVERIFY(train::parseLooksWeights("1,2,3,4,5,6") == (train::LooksWeights{1, 2, 3, 4, 5, 6}));
    QVERIFY(train::parseLooksWeights("1,2,3,4,5,6,0.5") == (train::LooksWeights{1, 2, 3, 4, 5, 6, 0.5}));
    QCOMPARE(train::formatLooksWeights(train::parseLooksWeights("1,2,3,4,5,6,1")), std::string("1,2,3,4,5,6,1"));
    for (const char* bad : {"", "20,20,3", "20,20,3,10,1,1,1.5", "20,20,3,10,1,1,1,1", "20,20,3,10,", "20;20;3;10",
                            "20,20,-3,10", "20,20,3,nan", "20,20,3,10x", "0,5,1,2,3,"})
      QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::parseLooksWeights(bad));
  }

  void validationLineReadsTheSameInAnyLocale() {  // run again under de_DE: no decimal commas
    train::ValidationReport v;
    v.step = 400;
    v.psnr = 19.274;
    v.ssim = 0.88149;
    v.looks.noise = 1.376;
    v.looks.chromaNoise = 0.2649;
    v.looks.cast = 10.93;
    v.looks.blackLevel = 13.24;
    v.looks.halo = 2.976;
    QCOMPARE(train::validationLine(v), std::string("validation at step 400: PSNR 19.27 dB, SSIM 0.8815; noise 1.38, "
                                                   "chroma noise 0.26, cast 10.93, black 13.2, halo 2.98"));
    QCOMPARE(io::formatFixed(-0.004, 2), std::string("-0.00"));
    QCOMPARE(io::formatFixed(1e300, 1).size(), size_t(303));  // 301 digits, the point, one decimal
  }

  void stageTwoTrainsTheRecomposer() {
    QTemporaryDir stage1, stage2;
    const auto bands = train::Trainer(tinyOptions(2), makeSet(2, 40, 40), stage1.path().toStdString()).run();
    const auto set = stageTwoSet();
    auto options = tinyOptions(3);
    options.stage = 2;
    options.bandNetwork = bands.modelPath;
    options.looksWeights = train::parseLooksWeights("25,20,4.5,10,6");
    train::Trainer trainer(options, set, stage2.path().toStdString());
    std::map<std::string, double> last;
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) { last = r.losses; };
    const auto result = trainer.run(callbacks);
    QCOMPARE(result.step, 3);
    for (const char* key : {"total", "ssim", "adversarial", "discriminator"}) QVERIFY2(std::isfinite(last.at(key)), key);
    QVERIFY(!last.count("perceptual"));  // no VGG-16 given
    QVERIFY(std::isfinite(last.at("looks")));  // the studio recipe judges the looks of the unpaired results
    const auto recomposer = weights::readWeightFile(result.modelPath);
    QCOMPARE(weights::guessModelKind(recomposer), weights::ModelKind::Recomposer);
    QVERIFY(QString::fromStdString(recomposer.metadata.at("recipe")).contains(QStringLiteral("no perceptual loss")));
    QVERIFY(QString::fromStdString(recomposer.metadata.at("recipe")).contains(QStringLiteral("quality GAN (weight 2)")));
    // The looks weights are the run's: in the card and in the checkpoint a resume reads.
    QVERIFY(QString::fromStdString(recomposer.metadata.at("recipe")).contains(QStringLiteral("weighted 25,20,4.5,10,6")));
    const std::string checkpoint = stage2.filePath(QStringLiteral("checkpoint.safetensors")).toStdString();
    QVERIFY(train::Trainer::savedOptions(stage2.path().toStdString()).looksWeights == (train::LooksWeights{25, 20, 4.5, 10, 6}));
    // A run from before the setting resumes with the weights it trained with.
    auto old = weights::readWeightFile(checkpoint);
    // Given as a model by mistake, a checkpoint says what it is and where the model is.
    QCOMPARE(weights::guessModelKind(old), weights::ModelKind::TrainingCheckpoint);
    try {
      nn::BandNetwork band;
      weights::loadInto(*band, old);
      QFAIL("a checkpoint loaded as a band network");
    } catch (const weights::WeightError& e) {
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("of a training checkpoint (its run folder's bands.safetensors is the model)")),
               e.what());
    }
    old.metadata.erase("option.looks_weights");
    weights::writeSafetensors(checkpoint, old.tensors, old.metadata);
    QVERIFY(train::Trainer::savedOptions(stage2.path().toStdString()).looksWeights == (train::LooksWeights{20, 20, 3, 10}));
    // The frozen band network is unchanged.
    const auto before = weights::readWeightFile(bands.modelPath), after = weights::readWeightFile(result.bandNetworkPath);
    for (const auto& t : before.tensors) QVERIFY(torch::equal(weights::toTensor(t), tensorOf(after, t.name)));
    QVERIFY(!hasTensorsNamed(weights::readWeightFile(checkpoint), "adam_band."));
  }

  // Stage 2 may tune the band network too: it moves, its optimiser state and weight average are
  // checkpointed, and an interrupted run continues exactly.
  void stageTwoCanTuneTheBandNetwork_data() {
    QTest::addColumn<QString>("precision");
    QTest::newRow("fp32") << QString::fromLatin1(train::kPrecisionFp32);
    QTest::newRow("bf16") << QString::fromLatin1(train::kPrecisionBf16);
  }
  void stageTwoCanTuneTheBandNetwork() {
    QFETCH(QString, precision);
    QTemporaryDir stage1, straight, interrupted;
    const auto bands = train::Trainer(tinyOptions(2), makeSet(2, 40, 40), stage1.path().toStdString()).run();
    const auto set = stageTwoSet();
    auto options = tinyOptions(4);
    options.precision = precision.toStdString();
    options.stage = 2;
    options.bandNetwork = bands.modelPath;
    options.bandLearningRate = 1e-3;
    options.averageDecay = 0.9;
    options.adversarialWeight = 0.5;
    const auto result = train::Trainer(options, set, straight.path().toStdString()).run();
    QCOMPARE(train::Trainer::savedOptions(straight.path().toStdString()).bandLearningRate, 1e-3);

    std::atomic<bool> cancel{false};
    train::TrainCallbacks stopAtTwo;
    stopAtTwo.step = [&](const train::StepReport& r) { cancel = r.step == 2; };
    QCOMPARE(train::Trainer(options, set, interrupted.path().toStdString()).run(stopAtTwo, &cancel).step, 2);
    QCOMPARE(train::Trainer::resume(interrupted.path().toStdString(), set)->run().step, 4);
    expectSameCheckpoints(straight, interrupted);
    const auto checkpoint = weights::readWeightFile(straight.filePath(QStringLiteral("checkpoint.safetensors")).toStdString());
    for (const char* prefix : {"adam_band.", "average_band.", "average."}) QVERIFY2(hasTensorsNamed(checkpoint, prefix), prefix);

    // The exported band network (the average) is no longer the one it started from.
    const auto before = weights::readWeightFile(bands.modelPath), after = weights::readWeightFile(result.bandNetworkPath);
    bool moved = false;
    for (const auto& t : before.tensors) moved = moved || !torch::equal(weights::toTensor(t), tensorOf(after, t.name));
    QVERIFY(moved);
    QVERIFY(QString::fromStdString(after.metadata.at("recipe")).contains(QStringLiteral("band network tuned too")));
    QVERIFY(QString::fromStdString(after.metadata.at("recipe")).contains(QStringLiteral("quality GAN (weight 0.5)")));

    // Stage 1 trains the band network at the learning rate; a second one is a mistake.
    QTemporaryDir refused;
    auto stageOne = tinyOptions(1);
    stageOne.bandLearningRate = 1e-3;
    QVERIFY_THROWS_EXCEPTION(train::TrainingError, train::Trainer(stageOne, set, refused.path().toStdString()));
  }
};

QTEST_GUILESS_MAIN(TestTraining)  // an application: it sets the C library locale from LC_ALL, as drbn does
#include "test_training.moc"
