// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include "core/curate/catalog.h"
#include "core/curate/filter.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"
#include "core/io/numbers.h"
#include "core/nn/runtime.h"
#include "core/onednn/graph.h"
#include "core/train/trainer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace drbn::cli {
namespace {

// Peak resident memory of this process in MiB (VmHWM), and a way to restart its count.
double peakMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) {  // "VmHWM:    123456 kB"
      const size_t digits = line.find_first_of("0123456789"), end = line.find(' ', digits);
      double kib = 0;
      if (digits != std::string::npos) io::parseNumber(std::string_view(line).substr(digits, end - digits), kib);
      return kib / 1024.0;
    }
  return 0;
}
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

std::string defaultImage() {
  const char* env = std::getenv("DRBN_SHARED_DIR");
  const std::string shared = env ? env : "../shared";
  const std::string path = shared + "/data/unpaired-lowlight/difficult/1482.png";
  return std::filesystem::exists(path) ? path : std::string();
}

// A dim, textured stand-in when no photo is at hand: the arithmetic does not depend on content.
infer::FloatImage syntheticImage(int w, int h) {
  infer::FloatImage img(w, h, 3);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> noise(0.0f, 0.05f);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) img.plane(c)[size_t(y) * w + x] = 0.1f * float((x / 37 + y / 23 + c) % 5) / 4 + noise(rng);
  return img;
}

/// Multiply-adds per pixel, counted from the layer shapes (../shared/perf/reference.md).
double macsPerPixel(infer::Stage stage) { return stage == infer::Stage::BandNetwork ? 143196 : 143196 + 19024; }

/// Seconds per stage-1 training step at the authors' batch (4 crops of 256x256) in `precision`,
/// median over `runs` steps after a warm-up step, on random pairs in a scratch run folder.
double trainingStepSeconds(int runs, const std::string& precision) {
  QTemporaryDir dir;
  train::TrainingSet data;
  std::mt19937 random(5);
  const auto randomImage = [&](int scale) {
    train::ByteImage img;
    img.name = "random";
    img.width = img.height = 320;
    img.rgb.resize(size_t(320) * 320 * 3);
    for (auto& v : img.rgb) v = uint8_t(random() % uint32_t(scale));
    return img;
  };
  for (int i = 0; i < 4; ++i) data.paired.push_back({randomImage(60), randomImage(256)});
  data.validation.push_back(data.paired.front());
  train::TrainOptions options;
  options.steps = runs + 1;
  options.checkpointEvery = options.validateEvery = 1000;
  options.precision = precision;
  train::Trainer trainer(options, data, toStd(dir.filePath(QStringLiteral("run"))));
  std::vector<double> seconds;
  auto last = std::chrono::steady_clock::now();
  train::TrainCallbacks callbacks;
  callbacks.step = [&](const train::StepReport&) {
    const auto now = std::chrono::steady_clock::now();
    seconds.push_back(std::chrono::duration<double>(now - last).count());
    last = now;
  };
  trainer.run(callbacks);
  seconds.erase(seconds.begin());
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

struct Timing {
  double secondsPerMP = 0, peak = 0;
};

Timing measure(const infer::Enhancer& enhancer, const infer::FloatImage& img, const infer::EnhanceOptions& options, int runs) {
  const double mp = double(img.width) * img.height / 1e6;
  enhancer.releaseMemory();  // each figure's peak is its own, not the memory an earlier one kept
  resetPeak();
  enhancer.enhance(img, options);  // warm-up: allocator and oneDNN kernel caches
  std::vector<double> seconds;
  for (int i = 0; i < runs; ++i) {
    QElapsedTimer t;
    t.start();
    enhancer.enhance(img, options);
    seconds.push_back(double(t.nsecsElapsed()) / 1e9);
  }
  std::sort(seconds.begin(), seconds.end());
  return {seconds[seconds.size() / 2] / mp, peakMiB()};
}

/// A slider move in the studio: recompose the cached bands of a ~1 MP preview under new
/// adjustments and quantise for display. The baseline is rerunning the network, which tuning avoids.
int benchTuning(const infer::Enhancer& enhancer, const infer::FloatImage& img, infer::EnhanceOptions options, int runs) {
  // The studio's previews are ~1 MP; scale the photo to that area whatever its shape.
  const double toOneMegapixel = std::sqrt(1e6 / (double(img.width) * img.height));
  const auto preview = image::scaledToFit(img, int(std::lround(std::max(img.width, img.height) * std::min(1.0, toOneMegapixel))));
  options.keepBands = true;
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  const auto enhanced = enhancer.enhance(preview, options);
  const double network = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<double> ms;
  infer::Adjustments a;
  for (int i = 0; i < std::max(runs, 10); ++i) {
    a.fineGain = 1.0f + 0.1f * float(i % 5);
    a.exposure = 0.1f * float(i % 3);
    const auto t = Clock::now();
    const auto result = infer::recompose(enhanced.bands, a);
    const cv::Mat shown = image::toMat(result, CV_8U);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  printOut(QStringLiteral("preview:   %1x%2 (%3 MP)").arg(preview.width).arg(preview.height).arg(preview.width * double(preview.height) / 1e6, 0, 'f', 2));
  printOut(QStringLiteral("tuning:    %1 ms per update (median of %2; recompose + 8-bit conversion)").arg(ms[ms.size() / 2], 0, 'f', 1).arg(ms.size()));
  printOut(QStringLiteral("network:   %1 ms for the same preview (what tuning does not rerun): %2x")
               .arg(network * 1000, 0, 'f', 0).arg(network * 1000 / ms[ms.size() / 2], 0, 'f', 0));
  return kOk;
}

}  // namespace

/// The dataset studio's budgets on a list the size of AVA (255,000 photos): how long parsing,
/// importing, loading, filtering and sorting take, against what keeps the Dataset page responsive,
/// and the in-memory filter against the same query in SQLite.
static int benchCurate() {
  QTemporaryDir dir;
  const std::string avaPath = toStd(dir.filePath(QStringLiteral("AVA.txt")));
  std::string text;
  std::mt19937 random(1);
  for (int i = 1; i <= 255000; ++i) {
    text += std::to_string(i) + ' ' + std::to_string(100000 + i);
    for (int s = 0; s < 10; ++s) text += ' ' + std::to_string(random() % 40);
    text += ' ' + std::to_string(random() % 66) + ' ' + std::to_string(random() % 66) + ' ' + std::to_string(random() % 1400) + '\n';
  }
  io::writeFileAtomically(avaPath, text);
  QDir().mkpath(dir.filePath(QStringLiteral("images")));

  QElapsedTimer timer;
  const auto report = [&](const QString& what, double budgetMs) {
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    printOut(QStringLiteral("  %1 %2 ms  (budget %3 ms: %4 of it)").arg(what, -26).arg(ms, 8, 'f', 1)
                 .arg(budgetMs, 0, 'f', 0).arg(ms / budgetMs, 0, 'f', 2));
    timer.restart();
    return ms;
  };
  printOut(QStringLiteral("curation of a 255,000-line AVA.txt (synthetic votes, no image files):"));
  timer.start();
  const auto list = curate::parseAva(avaPath);
  report(QStringLiteral("parse AVA.txt"), 3000);
  curate::Catalog catalog(toStd(dir.filePath(QStringLiteral("bench.drbncat"))));
  catalog.importAva(list, toStd(dir.filePath(QStringLiteral("images"))));
  report(QStringLiteral("import into the catalog"), 20000);
  const auto items = catalog.items();
  report(QStringLiteral("load the catalog"), 3000);
  const char* expression = "mos >= 5.5 and votes >= 150 and not reject";
  const curate::Filter filter(expression);
  const auto chosen = curate::select(items, filter);
  report(QStringLiteral("filter"), 100);
  curate::select(items, filter, "mos", true);
  const double ours = report(QStringLiteral("filter + sort by MOS"), 100);

  // Baseline: the same question asked of SQLite, as a catalog without an in-memory list would.
  const QString connection = QStringLiteral("drbn-bench");
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(QString::fromStdString(catalog.path()));
    db.open();
    QSqlQuery query(db);
    query.setForwardOnly(true);
    timer.restart();
    query.exec(QStringLiteral("SELECT id FROM photos WHERE mos >= 5.5 AND votes >= 150 AND flag != 2 ORDER BY mos DESC"));
    while (query.next()) {
    }
    const double sql = double(timer.nsecsElapsed()) / 1e6;
    printOut(QStringLiteral("  %1 %2 ms  (baseline: in memory is %3x faster)").arg(QStringLiteral("the same in SQLite"), -26)
                 .arg(sql, 8, 'f', 1).arg(sql / std::max(ours, 1e-3), 0, 'f', 1));
  }
  QSqlDatabase::removeDatabase(connection);
  printOut(QStringLiteral("%1 of %2 photos match '%3'").arg(chosen.size()).arg(items.size()).arg(QString::fromLatin1(expression)));
  return kOk;
}

int benchCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("bench"),
              QStringLiteral("Measure enhancement speed in seconds per megapixel (median of several runs after a warm-up)\n"
                             "and peak resident memory on the direct oneDNN path, next to a baseline run in the same\n"
                             "process that computes the network op by op in LibTorch (plain NCHW tensors, untiled), and\n"
                             "how close each runs to this CPU's floor: the network's multiply-adds at the throughput a\n"
                             "large oneDNN convolution attains here (a direct convolution's count: Winograd's 3x3\n"
                             "convolutions do a quarter of it, so this can pass 100%). --all adds stage 1, a large\n"
                             "photo (--large, 24 MP) whole in the automatic tiles, and a stage-1 training step (batch\n"
                             "4 x 256x256). DRBN_WINOGRAD=0 in the environment times oneDNN's kernels instead.\n"
                             "Without --model, the built-in model is timed.\n"
                             "--tuning times what the studio does when a slider moves instead: recompose a 1-megapixel\n"
                             "preview from cached bands and convert it to 8 bits, next to one network run.\n"
                             "--curate times the dataset studio on a list the size of AVA.\n"
                             "In the project's checkout, ../shared/perf/reference.md has the authors' code timed on these machines."));
  parser.addPositionalArgument(QStringLiteral("IMAGE"), QStringLiteral("Photo to enhance (default: ../shared's 1482.png, else a synthetic 1080x720 image)."), QStringLiteral("[IMAGE]"));
  parser.addOptions({
      {QStringLiteral("runs"), QStringLiteral("Timed runs after the warm-up (default 3)."), QStringLiteral("N"), QStringLiteral("3")},
      {QStringLiteral("no-baseline"), QStringLiteral("Skip the baseline run.")},
      {QStringLiteral("all"), QStringLiteral("Also time stage 1, a large photo in tiles and a stage-1 training step.")},
      {QStringLiteral("large"), QStringLiteral("Size of --all's large photo (default 6000x4000)."), QStringLiteral("WxH"),
       QStringLiteral("6000x4000")},
      {QStringLiteral("tuning"), QStringLiteral("Time recomposition from cached bands (a studio slider move) at 1 MP.")},
      {QStringLiteral("curate"), QStringLiteral("Time parsing, importing, loading, filtering and sorting a 255,000-photo AVA list.")},
  });
  addModelOptions(parser);
  if (!parse(parser, QStringLiteral("bench"), arguments)) return kOk;
  if (parser.isSet(QStringLiteral("curate"))) return benchCurate();
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() > 1) throw UsageError{QStringLiteral("expected at most one IMAGE")};
  const int runs = intOption(parser, QStringLiteral("runs"), 1, 100);

  ModelSettings settings;
  auto enhancer = makeEnhancer(parser, settings);
  const std::string path = args.isEmpty() ? defaultImage() : toStd(args[0]);
  const infer::FloatImage img = path.empty() ? syntheticImage(1080, 720) : image::readPhoto(path).rgb;
  const double mp = double(img.width) * img.height / 1e6;

  printOut(QStringLiteral("image:  %1 (%2x%3, %4 MP)").arg(path.empty() ? QStringLiteral("synthetic") : fromStd(path))
               .arg(img.width).arg(img.height).arg(mp, 0, 'f', 2));
  printOut(QStringLiteral("model:  %1, stage %2, %3").arg(fromStd(enhancer->bandNetworkInfo().name)).arg(int(settings.stage))
               .arg(fromStd(enhancer->device().name())));
  infer::EnhanceOptions options;
  options.stage = settings.stage;
  options.tileSize = settings.tile;
  if (parser.isSet(QStringLiteral("tuning"))) return benchTuning(*enhancer, img, options, runs);
  // How close each figure runs to this CPU's floor: the network's multiply-adds at the
  // throughput a large convolution attains here. Counted as a direct convolution does them:
  // the floor of the algorithm the authors' code runs, which our Winograd kernels go below.
  const double gflops = onednn::convolutionGflops();  // the full build always has the engine
  const auto kernels = onednn::kernelIsa();
  printOut(QStringLiteral("cpu:       %1, oneDNN %2, %3 GFLOP/s attained by a large convolution; 3x3 convolutions: %4")
               .arg(fromStd(nn::cpuModel()), fromStd(onednn::cpuIsa()))
               .arg(gflops, 0, 'f', 0)
               .arg(!kernels ? QStringLiteral("oneDNN's")
                             : *kernels == onednn::Winograd3x3::Isa::Avx512 ? QStringLiteral("Winograd, AVX-512")
                                                                           : QStringLiteral("Winograd, AVX2")));
  const auto floorOf = [&](infer::Stage stage) { return 2.0 * macsPerPixel(stage) * 1e6 / (gflops * 1e9); };
  const auto report = [&](const QString& what, const Timing& t, infer::Stage stage) {
    printOut(QStringLiteral("%1 %2 s/MP, peak %3 MiB, %4% of the floor (%5 s/MP)").arg(what, -34)
                 .arg(t.secondsPerMP, 5, 'f', 2).arg(t.peak, 5, 'f', 0).arg(100 * floorOf(stage) / t.secondsPerMP, 0, 'f', 0)
                 .arg(floorOf(stage), 0, 'f', 2));
  };
  const auto tilesOf = [&](int width, int height) {
    const auto tile = enhancer->automaticTiles(width, height, options);
    return tile.tiled() ? QStringLiteral("tiles of %1x%2").arg(tile.width).arg(tile.height) : QStringLiteral("untiled");
  };
  const QString tiling = settings.tile > 0 ? QStringLiteral("tiles of %1").arg(settings.tile)
                         : settings.tile < 0 ? QStringLiteral("untiled")
                                             : tilesOf(img.width, img.height);
  const Timing ours = measure(*enhancer, img, options, runs);
  const QString engine = enhancer->runsDirect(options) ? QStringLiteral("oneDNN") : QStringLiteral("LibTorch");
  report(QStringLiteral("stage %1, %2, %3:").arg(int(options.stage)).arg(engine, tiling), ours, options.stage);
  if (!parser.isSet(QStringLiteral("no-baseline"))) {
    infer::EnhanceOptions plain = options;
    plain.channelsLast = false;
    plain.directOneDnn = false;
    plain.tileSize = -1;
    const Timing base = measure(*enhancer, img, plain, runs);
    report(QStringLiteral("baseline: LibTorch op by op, NCHW:"), base, options.stage);
    printOut(QStringLiteral("speed-up:  %1x over the baseline (against the authors' own code: scripts/bench-authors.sh)")
                 .arg(base.secondsPerMP / ours.secondsPerMP, 0, 'f', 2));
  }
  if (parser.isSet(QStringLiteral("all"))) {
    if (options.stage == infer::Stage::Recomposed) {
      infer::EnhanceOptions one = options;
      one.stage = infer::Stage::BandNetwork;
      report(QStringLiteral("stage 1, %1, %2:").arg(engine, tiling), measure(*enhancer, img, one, runs), one.stage);
    }
    // A large photo whole, in the automatic tiles (one timed run: ~45 s at 24 MP here).
    const QStringList size = parser.value(QStringLiteral("large")).split(QLatin1Char('x'));
    bool okW = false, okH = false;
    const int largeW = size.value(0).toInt(&okW), largeH = size.value(1).toInt(&okH);
    if (size.size() != 2 || !okW || !okH || largeW < 4 || largeH < 4 || largeW > 20000 || largeH > 20000)
      throw UsageError{QStringLiteral("--large expects WIDTHxHEIGHT, e.g. 6000x4000")};
    report(QStringLiteral("stage %1, %2, %3x%4 in %5:").arg(int(options.stage)).arg(engine).arg(largeW).arg(largeH)
               .arg(tilesOf(largeW, largeH)),
           measure(*enhancer, syntheticImage(largeW, largeH), options, 1), options.stage);
    const double step = trainingStepSeconds(runs, train::kPrecisionFp32);
    const double stepFloor = 3 * 2.0 * macsPerPixel(infer::Stage::BandNetwork) * 4 * 256 * 256 / (gflops * 1e9);
    printOut(QStringLiteral("%1 %2 s per step, %3% of the floor (%4 s)").arg(QStringLiteral("training step, stage 1, 4 x 256²:"), -34)
                 .arg(step, 5, 'f', 2).arg(100 * stepFloor / step, 0, 'f', 0).arg(stepFloor, 0, 'f', 2));
    // Mixed precision against it, where this CPU computes bfloat16 natively (elsewhere emulated).
    if (train::fastestPrecision("cpu") == train::kPrecisionBf16) {
      const double mixed = trainingStepSeconds(runs, train::kPrecisionBf16);
      printOut(QStringLiteral("%1 %2 s per step, %3x the fp32 step's speed").arg(QStringLiteral("  the same in bf16 (--precision):"), -34)
                   .arg(mixed, 5, 'f', 2).arg(step / mixed, 0, 'f', 2));
    }
  }
  return kOk;
}

}  // namespace drbn::cli
