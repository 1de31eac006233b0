// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include <filesystem>

#include "core/data/synth.h"
#include "core/data/trainingfolders.h"
#include "core/io/atomicfile.h"
#include "core/train/pack.h"
#include "core/train/trainer.h"

#include <QElapsedTimer>
#include <cmath>

#include <optional>

namespace drbn::cli {
namespace {

QString duration(double seconds) {
  const qint64 s = qint64(seconds + 0.5);
  if (s >= 3600) return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
  if (s >= 60) return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1s").arg(s);
}

QString lossText(const std::map<std::string, double>& losses) {
  QStringList parts;
  for (const auto& [name, value] : losses) parts << QStringLiteral("%1 %2").arg(fromStd(name)).arg(value, 0, 'f', 4);
  return parts.join(QStringLiteral(", "));
}

data::TrainingFolders foldersFrom(const QCommandLineParser& parser) {
  data::TrainingFolders f;
  const QStringList roots = parser.positionalArguments().mid(1);
  if (roots.size() > 1) throw UsageError{QStringLiteral("give at most one dataset ROOT")};
  if (!roots.isEmpty()) {
    if (const std::string problem = io::folderProblem(toStd(roots.first())); !problem.empty())
      throw UsageError{QStringLiteral("%1: %2").arg(roots.first(), fromStd(problem))};
    f = data::detectLayout(toStd(roots.first()));
    if (f.layout.empty())
      throw UsageError{QStringLiteral("%1: no known dataset layout (LOL v1 our485/, LOL v2 Train/, the authors' Our_low/, "
                                      "or low/ and high/); name the folders with --low and --normal").arg(roots.first())};
  }
  auto override = [&](const char* option, std::string& target) {
    if (parser.isSet(QLatin1String(option))) target = toStd(parser.value(QLatin1String(option)));
  };
  override("low", f.pairedLow);
  override("normal", f.pairedNormal);
  override("val-low", f.validationLow);
  override("val-normal", f.validationNormal);
  override("unpaired", f.unpaired);
  override("quality", f.quality);
  if (f.pairedLow.empty() && f.pairedNormal.empty())
    throw UsageError{QStringLiteral("no training pairs given: a dataset ROOT, or --low and --normal")};
  return f;
}

/// The options naming a dataset's folders, shared by train and pack.
QList<QCommandLineOption> folderOptions() {
  return {
      {QStringLiteral("low"), QStringLiteral("Paired low-light images."), QStringLiteral("DIR")},
      {QStringLiteral("normal"), QStringLiteral("Paired normal-light images (same file names)."), QStringLiteral("DIR")},
      {QStringLiteral("val-low"), QStringLiteral("Validation low-light images (default: hold out pairs)."), QStringLiteral("DIR")},
      {QStringLiteral("val-normal"), QStringLiteral("Validation normal-light images."), QStringLiteral("DIR")},
      {QStringLiteral("validation-fraction"), QStringLiteral("Pairs held out for validation without validation folders (default 0.05)."), QStringLiteral("F"), QStringLiteral("0.05")},
      {QStringLiteral("unpaired"), QStringLiteral("Stage 2: real low-light photos without references."), QStringLiteral("DIR")},
      {QStringLiteral("quality"), QStringLiteral("Stage 2: high-quality photos (e.g. an AVA_good set)."), QStringLiteral("DIR")},
  };
}

/// Reads the folders' images, reporting what it found; nullopt when a file is unusable.
std::optional<train::TrainingSet> loadFolders(const data::TrainingFolders& folders, const data::LoadOptions& load) {
  if (!folders.layout.empty()) printErr(QStringLiteral("drbn: dataset layout: %1").arg(fromStd(folders.layout)));
  data::DataReport report;
  auto set = data::loadTrainingSet(folders, load, report);
  for (const auto& e : report.errors)  // a folder the command line did not name: wrong usage, not bad data
    if (e.kind == data::DataProblem::Kind::NoFolderGiven) throw UsageError{fromStd(e.message())};
  for (const auto& w : report.warnings) printErr(QStringLiteral("drbn: warning: %1").arg(fromStd(w.message())));
  for (const auto& e : report.errors) printErr(QStringLiteral("drbn: %1").arg(fromStd(e.message())));
  printErr(QStringLiteral("drbn: data: %1").arg(fromStd(report.summary())));
  if (!report.ok()) return std::nullopt;
  return set;
}

/// Whether `dir` is there as anything but an empty folder (an output folder must be new or empty).
bool isUsed(const std::string& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir, ec) && (!std::filesystem::is_directory(dir, ec) || !std::filesystem::is_empty(dir, ec));
}

}  // namespace

int trainCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("train"),
              QStringLiteral("Train DRBN. Stage 1 learns the band network from paired low/normal-light images (loss: -SSIM\n"
                             "at full, 1/2 and 1/4 scale). Stage 2 freezes it and learns the band recomposition from pairs\n"
                             "(SSIM and VGG-16 perceptual loss) and from unpaired low-light photos judged against\n"
                             "high-quality photos by a least-squares quality discriminator.\n"
                             "ROOT may hold a LOL v1, LOL v2, the authors' or a low/high layout; the folder options\n"
                             "override what it finds. The run folder receives checkpoint.safetensors (resumable),\n"
                             "log.csv, validation.csv, the trained model (bands.safetensors, recompose.safetensors) and,\n"
                             "in stage 1, the band network of the best validation so far (best-bands.safetensors).\n"
                             "Ctrl-C stops after the current step and writes a checkpoint (exit status 130)."));
  parser.addPositionalArgument(QStringLiteral("ROOT"), QStringLiteral("Dataset root (optional)."), QStringLiteral("[ROOT]"));
  const QString defaultLooksWeights = QString::fromStdString(train::formatLooksWeights({}));
  parser.addOptions({
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Run folder (new, or empty)."), QStringLiteral("DIR")},
      {QStringLiteral("resume"), QStringLiteral("Continue the run in DIR from its last checkpoint, with its own settings and data (--steps may raise its total)."), QStringLiteral("DIR")},
      {QStringLiteral("stage"), QStringLiteral("1 (band network) or 2 (recomposition). Default 1."), QStringLiteral("1|2"), QStringLiteral("1")},
      {QStringLiteral("pack"), QStringLiteral("Train from a pack made by 'drbn pack' instead of folders (on --resume: where the run's pack is now)."), QStringLiteral("PACKDIR")},
      {QStringLiteral("recipe"), QStringLiteral("studio (default: -SSIM and Charbonnier terms) or authors (-SSIM only, the paper's)."), QStringLiteral("NAME"), QStringLiteral("studio")},
      {QStringLiteral("model"), QStringLiteral("Band network to start from (stage 1, default: from scratch) or to recompose (stage 2, required)."), QStringLiteral("FILE")},
      {QStringLiteral("recompose"), QStringLiteral("Stage 2: recomposition weights to start from."), QStringLiteral("FILE")},
      {QStringLiteral("vgg16"), QStringLiteral("Stage 2: torchvision's vgg16-397923af.pth for the perceptual loss (without it: SSIM only)."), QStringLiteral("FILE")},
      {QStringLiteral("steps"), QStringLiteral("Steps to train in all (default 10000)."), QStringLiteral("N"), QStringLiteral("10000")},
      {QStringLiteral("batch"), QStringLiteral("Batch size (default 4)."), QStringLiteral("N"), QStringLiteral("4")},
      {QStringLiteral("crop"), QStringLiteral("Square training crop, multiple of 4 (default 256)."), QStringLiteral("N"), QStringLiteral("256")},
      {QStringLiteral("lr"), QStringLiteral("Learning rate (default 1e-4)."), QStringLiteral("X"), QStringLiteral("1e-4")},
      {QStringLiteral("disc-lr"), QStringLiteral("Stage 2: discriminator learning rate (default 1e-6)."), QStringLiteral("X"), QStringLiteral("1e-6")},
      {QStringLiteral("adversarial-weight"), QStringLiteral("Stage 2: weight of the quality GAN's term in the recomposer's loss (default 2, the authors'; 0 leaves it out)."), QStringLiteral("X"), QStringLiteral("2")},
      {QStringLiteral("band-lr"), QStringLiteral("Stage 2: also tune the band network at this learning rate, with its stage-1 loss on the pairs (default 0: frozen, as the authors')."), QStringLiteral("X"), QStringLiteral("0")},
      {QStringLiteral("halve-lr-every"), QStringLiteral("Halve the learning rate every N steps (default 0: never)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("warmup"), QStringLiteral("Raise the learning rate linearly over the first N steps (default 0)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("ema"), QStringLiteral("Average the weights (moving average, decay X, e.g. 0.999); the average is validated and exported (default 0: off)."), QStringLiteral("X"), QStringLiteral("0")},
      {QStringLiteral("looks-weights"), QStringLiteral("Stage 2, studio recipe: weights of the no-reference terms on the unpaired photos, luminance noise, colour noise, black level, colour drift, dimming, halo; last, not a weight, how much of the input's colour cast the drift term lets go, 0-1 (default %1).").arg(defaultLooksWeights), QStringLiteral("N,C,B,D[,E[,H[,W]]]"), defaultLooksWeights},
      {QStringLiteral("checkpoint-every"), QStringLiteral("Write a checkpoint every N steps (default 200)."), QStringLiteral("N"), QStringLiteral("200")},
      {QStringLiteral("validate-every"), QStringLiteral("Score the validation pairs every N steps (default: at checkpoints)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"), QStringLiteral("1")},
      {QStringLiteral("name"), QStringLiteral("Model name for its model card (default: drbn)."), QStringLiteral("NAME"), QStringLiteral("drbn")},
      {QStringLiteral("device"), QStringLiteral("cpu (default), cuda or cuda:N."), QStringLiteral("DEV"), QStringLiteral("cpu")},
      {QStringLiteral("precision"), QStringLiteral("What the band network computes in: fp32, bf16 (bfloat16, with float32 weights and optimiser) or auto (default: bf16 on a CPU with AVX-512 BF16 or AMX, fp32 elsewhere)."), QStringLiteral("P"), QStringLiteral("auto")},
      {QStringLiteral("threads"), QStringLiteral("CPU threads (default, or 0: all cores)."), QStringLiteral("N"), QStringLiteral("0")},
  });
  parser.addOptions(folderOptions());
  if (!parse(parser, QStringLiteral("train"), arguments)) return kOk;

  const bool resuming = parser.isSet(QStringLiteral("resume"));
  if (resuming == parser.isSet(QStringLiteral("output")))
    throw UsageError{QStringLiteral("give either -o DIR for a new run or --resume DIR")};
  const std::string runDir = toStd(parser.value(resuming ? QStringLiteral("resume") : QStringLiteral("output")));

  if (!resuming && train::Trainer::hasCheckpoint(runDir))
    throw UsageError{QStringLiteral("%1 already holds a training run: continue it with --resume %1, or choose another folder")
                         .arg(fromStd(runDir))};
  // A new run writes log.csv, checkpoints and weights: never over files already there.
  if (!resuming && isUsed(runDir))
    throw UsageError{QStringLiteral("%1 is not an empty folder: a new run needs a new or empty one").arg(fromStd(runDir))};
  train::TrainOptions options;
  if (resuming) {
    // A run continues with its own settings and data; only where it runs and how long may change.
    QStringList fixed;
    for (const QString& name : parser.optionNames())
      if (name != QStringLiteral("resume") && name != QStringLiteral("steps") && name != QStringLiteral("device") &&
          name != QStringLiteral("threads") && name != QStringLiteral("pack"))
        fixed << QStringLiteral("--") + name;
    if (parser.positionalArguments().size() > 1) fixed << QStringLiteral("ROOT");
    if (!fixed.isEmpty())
      throw UsageError{QStringLiteral("%1 cannot change when resuming: the run continues with its own settings and data "
                                      "(--steps, --device and --threads may change, --pack says where its pack is now; a new run takes -o)")
                           .arg(fixed.join(QStringLiteral(", ")))};
    options = train::Trainer::savedOptions(runDir);
  } else {
    options.stage = intOption(parser, QStringLiteral("stage"), 1, 2);
    options.steps = intOption(parser, QStringLiteral("steps"), 1, 100000000);
    options.batch = intOption(parser, QStringLiteral("batch"), 1, 1024);
    options.crop = intOption(parser, QStringLiteral("crop"), 16, 4096);
    options.learningRate = doubleOption(parser, QStringLiteral("lr"), 0, 1);
    options.discriminatorLearningRate = doubleOption(parser, QStringLiteral("disc-lr"), 0, 1);
    options.bandLearningRate = doubleOption(parser, QStringLiteral("band-lr"), 0, 1);
    options.adversarialWeight = doubleOption(parser, QStringLiteral("adversarial-weight"), 0, 1000);
    options.halveLearningRateEvery = intOption(parser, QStringLiteral("halve-lr-every"), 0, 100000000);
    options.warmupSteps = intOption(parser, QStringLiteral("warmup"), 0, 100000000);
    options.averageDecay = doubleOption(parser, QStringLiteral("ema"), 0, 0.999999);
    try {
      options.looksWeights = train::parseLooksWeights(toStd(parser.value(QStringLiteral("looks-weights"))));
    } catch (const train::TrainingError& e) {
      throw UsageError{fromStd(e.what())};
    }
    options.checkpointEvery = intOption(parser, QStringLiteral("checkpoint-every"), 1, 100000000);
    options.validateEvery = intOption(parser, QStringLiteral("validate-every"), 0, 100000000);
    options.seed = uint64_t(intOption(parser, QStringLiteral("seed"), 0, 2147483647));
    options.device = toStd(parser.value(QStringLiteral("device")));
    options.threads = intOption(parser, QStringLiteral("threads"), 0, 1024);
    options.bandNetwork = toStd(parser.value(QStringLiteral("model")));
    options.recomposer = toStd(parser.value(QStringLiteral("recompose")));
    options.vgg16 = toStd(parser.value(QStringLiteral("vgg16")));
    options.name = toStd(parser.value(QStringLiteral("name")));
    options.recipe = toStd(parser.value(QStringLiteral("recipe")));
    options.precision = train::chosenPrecision(toStd(parser.value(QStringLiteral("precision"))), options.device);
    if (options.precision.empty())
      throw UsageError{QStringLiteral("--precision expects auto, fp32 or bf16, not '%1'").arg(parser.value(QStringLiteral("precision")))};
    options.world = train::worldFromEnvironment();
    if (options.crop % 4) throw UsageError{QStringLiteral("--crop must be a multiple of 4")};
    if (options.stage == 2 && options.bandNetwork.empty())
      throw UsageError{QStringLiteral("stage 2 needs the trained band network: --model FILE")};
  }

  std::optional<train::TrainingSet> set;
  if (parser.isSet(QStringLiteral("pack")) || options.data.count("pack")) {
    if (!resuming && parser.positionalArguments().size() > 1)
      throw UsageError{QStringLiteral("give a dataset ROOT or --pack, not both")};
    set = train::loadRunPack(options.data, toStd(parser.value(QStringLiteral("pack"))));
    printErr(QStringLiteral("drbn: pack %1: %2 pairs, %3 held out, %4 unpaired, %5 high-quality")
                 .arg(fromStd(options.data["pack"])).arg(set->paired.size()).arg(set->validation.size())
                 .arg(set->unpaired.size()).arg(set->quality.size()));
  } else {
    data::LoadOptions load;
    load.stage = options.stage;
    load.crop = options.crop;
    load.seed = options.seed;
    load.validationFraction = doubleOption(parser, QStringLiteral("validation-fraction"), 0, 0.9);
    const auto folders = resuming ? data::recordedFolders(options.data, load.validationFraction) : foldersFrom(parser);
    set = loadFolders(folders, load);
    if (!set) return kFailed;
    options.data = data::recordFolders(folders, load.validationFraction);
  }

  std::unique_ptr<train::Trainer> trainer;
  if (resuming) {
    trainer = train::Trainer::resume(
        runDir, std::move(*set),
        {parser.isSet(QStringLiteral("device")) ? toStd(parser.value(QStringLiteral("device"))) : std::string(),
         intOption(parser, QStringLiteral("threads"), 0, 1024), options.data,
         train::worldFromEnvironment()});
    if (parser.isSet(QStringLiteral("steps"))) trainer->setTotalSteps(intOption(parser, QStringLiteral("steps"), 1, 100000000));
    options = trainer->options();
    if (trainer->step() >= options.steps) {
      printOut(QStringLiteral("%1 is already at step %2: nothing to train (--steps N with N above it trains on)")
                   .arg(fromStd(runDir)).arg(trainer->step()));
      return kOk;
    }
  }
  else trainer = std::make_unique<train::Trainer>(options, std::move(*set), runDir);
  if (options.stage == 2 && options.vgg16.empty())
    printErr(QStringLiteral("drbn: no --vgg16 weights: stage 2 trains without the perceptual loss (SSIM and adversarial only)"));
  printErr(QStringLiteral("drbn: stage %1, %2 recipe, step %3 of %4 on %5 in %6, run folder %7%8")
               .arg(options.stage).arg(fromStd(options.recipe)).arg(trainer->step()).arg(options.steps)
               .arg(fromStd(trainer->device().name()), fromStd(options.precision), fromStd(runDir))
               .arg(options.world.distributed()
                        ? QStringLiteral(", rank %1 of %2").arg(options.world.rank).arg(options.world.size) : QString()));

  const StopOnSignal stop;  // Ctrl-C stops after the current step with a checkpoint
  QElapsedTimer sinceReport;
  sinceReport.start();
  train::TrainCallbacks callbacks;
  callbacks.step = [&](const train::StepReport& r) {
    if (sinceReport.elapsed() < 2000 && r.step != r.steps && r.step != 1) return;  // a line every 2 s at most
    sinceReport.restart();
    printErr(QStringLiteral("step %1/%2  %3  lr %4  %5 steps/s  %6 left")
                 .arg(r.step).arg(r.steps).arg(lossText(r.losses)).arg(r.learningRate, 0, 'g', 3)
                 .arg(r.stepsPerSecond, 0, 'f', 2).arg(duration(r.secondsLeft)));
  };
  callbacks.validated = [&](const train::ValidationReport& v) { printErr(fromStd(train::validationLine(v))); };
  callbacks.note = [&](const train::TrainingNote& n) { printErr(QStringLiteral("drbn: %1").arg(fromStd(n.text))); };
  const train::TrainResult result = trainer->run(callbacks, stop.flag());

  if (result.cancelled) {
    printErr(QStringLiteral("drbn: stopped at step %1; continue with: drbn train --resume %2").arg(result.step).arg(fromStd(runDir)));
    return stop.exitStatus();
  }
  if (options.world.rank > 0) {
    printOut(QStringLiteral("rank %1: trained %2 steps (rank 0 writes the model)").arg(options.world.rank).arg(result.step));
    return kOk;
  }
  printOut(QStringLiteral("trained %1; model: %2").arg(counted(result.step, "step", "steps"), fromStd(result.modelPath)));
  if (options.stage == 2) printOut(QStringLiteral("band network: %1").arg(fromStd(result.bandNetworkPath)));
  if (result.validation.step > 0)
    printOut(QStringLiteral("validation: PSNR %1 dB, SSIM %2").arg(result.validation.psnr, 0, 'f', 2).arg(result.validation.ssim, 0, 'f', 4));
  if (result.best.step > 0)
    printOut(QStringLiteral("best validation: step %1, PSNR %2 dB%3: %4")
                 .arg(result.best.step).arg(result.best.psnr, 0, 'f', 2)
                 .arg(std::isnan(result.best.ssim) ? QString() : QStringLiteral(", SSIM %1").arg(result.best.ssim, 0, 'f', 4))
                 .arg(fromStd(result.bestModelPath)));
  return kOk;
}

int packCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("pack"),
              QStringLiteral("Pack a dataset's images into safetensors shards (8-bit RGB, a pair's two images in one shard)\n"
                             "for 'drbn train --pack' and 'drbn-trainer', which runs with LibTorch alone (a GPU server\n"
                             "without OpenCV). The held-out validation pairs are chosen here, once. Folders as for\n"
                             "'drbn train'; with --unpaired and --quality the pack serves stage 2 as well."));
  parser.addPositionalArgument(QStringLiteral("ROOT"), QStringLiteral("Dataset root (optional)."), QStringLiteral("[ROOT]"));
  parser.addOptions({
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Pack folder (new, or empty)."), QStringLiteral("PACKDIR")},
      {QStringLiteral("shard-size"), QStringLiteral("Largest shard in MiB (default 256)."), QStringLiteral("MIB"), QStringLiteral("256")},
      {QStringLiteral("seed"), QStringLiteral("Which pairs are held out (default 1)."), QStringLiteral("N"), QStringLiteral("1")},
  });
  parser.addOptions(folderOptions());
  if (!parse(parser, QStringLiteral("pack"), arguments)) return kOk;
  if (!parser.isSet(QStringLiteral("output"))) throw UsageError{QStringLiteral("no pack folder given (-o PACKDIR)")};
  const QString packDir = parser.value(QStringLiteral("output"));
  if (isUsed(toStd(packDir)))
    throw UsageError{QStringLiteral("%1 is not an empty folder: a pack needs a new or empty one").arg(packDir)};

  const auto folders = foldersFrom(parser);
  data::LoadOptions load;
  load.stage = folders.unpaired.empty() && folders.quality.empty() ? 1 : 2;
  load.crop = 16;  // the trainer checks images against its own crop
  load.seed = uint64_t(intOption(parser, QStringLiteral("seed"), 0, 2147483647));
  load.validationFraction = doubleOption(parser, QStringLiteral("validation-fraction"), 0, 0.9);
  const auto set = loadFolders(folders, load);
  if (!set) return kFailed;
  train::PackOptions options;
  options.shardBytes = size_t(intOption(parser, QStringLiteral("shard-size"), 1, 1 << 20)) << 20;
  options.source = data::recordFolders(folders, load.validationFraction);
  options.source["seed"] = std::to_string(load.seed);
  const auto summary = train::writePack(*set, toStd(parser.value(QStringLiteral("output"))), options);
  printOut(QStringLiteral("packed %1, %2 held out, %3 unpaired, %4 high-quality into %5, %6 MiB: %7")
               .arg(counted(qsizetype(set->paired.size()), "pair", "pairs")).arg(set->validation.size()).arg(set->unpaired.size())
               .arg(set->quality.size()).arg(counted(summary.shards, "shard", "shards")).arg(double(summary.bytes) / (1 << 20), 0, 'f', 1)
               .arg(parser.value(QStringLiteral("output"))));
  return kOk;
}

int synthCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("synth"),
              QStringLiteral("Make low-light training pairs from normal photos: each is linearised, darkened by a random\n"
                             "exposure, given Poisson-Gaussian sensor noise, re-encoded as JPEG and quantised to 8 bit.\n"
                             "Writes OUTDIR/high/<name>.png and OUTDIR/low/<name>.png (a layout 'drbn train' reads).\n"
                             "The same seed gives the same pairs."));
  parser.addPositionalArgument(QStringLiteral("NORMAL_DIR"), QStringLiteral("Folder of well-exposed photos."));
  parser.addOptions({
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output folder."), QStringLiteral("OUTDIR")},
      {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"), QStringLiteral("1")},
      {QStringLiteral("max-side"), QStringLiteral("Scale photos down to this longer side first (default 0: keep)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("overwrite"), QStringLiteral("Replace pairs already in OUTDIR (never a photo of NORMAL_DIR).")},
  });
  if (!parse(parser, QStringLiteral("synth"), arguments)) return kOk;
  const QStringList dirs = parser.positionalArguments().mid(1);
  if (dirs.size() != 1) throw UsageError{QStringLiteral("give one NORMAL_DIR")};
  if (!parser.isSet(QStringLiteral("output"))) throw UsageError{QStringLiteral("no output folder given (-o OUTDIR)")};
  data::SynthOptions options;
  options.seed = uint64_t(intOption(parser, QStringLiteral("seed"), 0, 2147483647));
  options.maxSide = intOption(parser, QStringLiteral("max-side"), 0, 1 << 16);
  options.overwrite = parser.isSet(QStringLiteral("overwrite"));
  const auto report = data::synthesizeFolder(toStd(dirs.first()), toStd(parser.value(QStringLiteral("output"))), options);
  for (const auto& e : report.errors) printErr(QStringLiteral("drbn: %1").arg(fromStd(e)));
  if (report.written || report.errors.empty())
    printOut(QStringLiteral("%1 written to %2").arg(counted(report.written, "pair", "pairs"), parser.value(QStringLiteral("output"))));
  return report.errors.empty() ? kOk : kFailed;
}

}  // namespace drbn::cli
