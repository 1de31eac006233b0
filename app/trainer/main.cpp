// SPDX-License-Identifier: GPL-3.0-or-later
// drbn-trainer: `drbn train` for machines with LibTorch alone (a GPU server without Qt, OpenCV or
// exiv2). It reads a training pack made by `drbn pack` and writes the run folder `drbn train`
// writes, so either program continues the other's run.
#include "core/io/licence.h"
#include "core/io/numbers.h"
#include "core/io/terminal.h"
#include "core/train/pack.h"
#include "core/train/trainer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using drbn::io::formatFixed;
using drbn::train::TrainOptions;

constexpr int kOk = 0, kFailed = 1, kUsage = 2;

const char* kHelp =
    "Usage: drbn-trainer --pack PACKDIR -o RUNDIR [OPTION]...\n"
    "       drbn-trainer --resume RUNDIR [--pack PACKDIR] [--steps N] [--device DEV] [--threads N]\n"
    "Train DRBN from a training pack ('drbn pack') with LibTorch alone, on a CPU or a CUDA GPU.\n"
    "The run folder is the one 'drbn train' writes (checkpoint.safetensors, log.csv, validation.csv,\n"
    "bands.safetensors, recompose.safetensors): either program continues the other's run, with\n"
    "--pack saying where the pack is on this machine. Ctrl-C, SIGTERM and --max-minutes stop after\n"
    "the current step with a checkpoint.\n"
    "\n"
    "  --pack DIR              training pack (recorded in the run; a resume checks it is the same)\n"
    "  -o, --output DIR        new run folder (new or empty)\n"
    "  --resume DIR            continue the run in DIR from its last checkpoint\n"
    "  --stage 1|2             1: band network (default); 2: recomposition (needs --model)\n"
    "  --recipe NAME           studio (default: -SSIM + Charbonnier) or authors (-SSIM only, the paper's)\n"
    "  --steps N               steps in all (default 10000)\n"
    "  --batch N               batch size (default 4)\n"
    "  --crop N                square crop, multiple of 4 (default 256)\n"
    "  --lr X                  learning rate (default 1e-4)\n"
    "  --disc-lr X             stage 2: discriminator learning rate (default 1e-6)\n"
    "  --adversarial-weight X  stage 2: weight of the quality GAN's term (default 2, the authors'; 0: off)\n"
    "  --band-lr X             stage 2: also tune the band network at this learning rate (default 0:\n"
    "                          frozen, the authors')\n"
    "  --halve-lr-every N      halve the learning rate every N steps (default 0: never)\n"
    "  --warmup N              raise the learning rate linearly over the first N steps (default 0)\n"
    "  --ema X                 average the weights (moving average, decay X, e.g. 0.999) and export\n"
    "                          and validate the average (default 0: off)\n"
    "  --looks-weights N,C,B,D[,E[,H[,W]]]  stage 2, studio recipe: weights of the looks terms on the\n"
    "                          unpaired photos, noise, colour noise, black level, colour drift, dimming,\n"
    "                          halo; last, not a weight, how much of the input's colour cast the drift\n"
    "                          term lets go, 0-1 (default 20,20,3,10,0,0,0)\n"
    "  --checkpoint-every N    checkpoint every N steps (default 200)\n"
    "  --validate-every N      score the pack's validation pairs every N steps (default: at checkpoints)\n"
    "  --seed N                random seed (default 1)\n"
    "  --model FILE            band network to start from (stage 1) or to recompose (stage 2)\n"
    "  --recompose FILE        stage 2: recomposition weights to start from\n"
    "  --vgg16 FILE            stage 2: torchvision's vgg16-397923af.pth (perceptual loss)\n"
    "  --name NAME             model name for the model card (default drbn)\n"
    "  --device DEV            cpu (default), cuda or cuda:N\n"
    "  --threads N             CPU threads (default: all cores)\n"
    "  --precision P           what the band network computes in: fp32, bf16 (bfloat16, float32 weights\n"
    "                          and optimiser) or auto (default: bf16 on a CPU with AVX-512 BF16 or AMX)\n"
    "  --max-minutes M         stop with a checkpoint after M minutes (a bounded run on a lent machine)\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show version information and exit\n";

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;  // the signal that stopped the run; 0: --max-minutes did
void onSignal(int signal) {
  g_signal = signal;
  g_stop = true;
}

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename T>
T numberOption(const std::string& name, const std::string& text, T min, T max) {
  T value{};
  if (!drbn::io::parseNumber(text, value) || !(value >= min && value <= max))  // NaN fails both
    throw UsageError("--" + name + " must be a number from " + drbn::io::formatNumber(double(min)) + " to " +
                     drbn::io::formatNumber(double(max)) + ", not '" + text + "'");
  return value;
}

void print(const std::string& line) { std::fprintf(stderr, "%s\n", drbn::io::terminalSafe(line).c_str()); }

/// The long option `name` stands for, as GNU getopt_long reads it (and drbn): itself, or the one
/// option it is a unique prefix of ("--val" for "--validate-every").
std::string longOption(const std::string& name, const std::vector<std::string>& options) {
  if (std::find(options.begin(), options.end(), name) != options.end()) return name;
  std::vector<std::string> candidates;
  for (const auto& option : options)
    if (!name.empty() && option.rfind(name, 0) == 0) candidates.push_back(option);
  if (candidates.size() == 1) return candidates.front();
  if (candidates.empty()) throw UsageError("unrecognized option '--" + name + "'");
  std::string list;
  for (const auto& c : candidates) list += " --" + c;
  throw UsageError("option '--" + name + "' is ambiguous; possibilities:" + list);
}

int run(int argc, char** argv) {
  std::map<std::string, std::string> given;
  const std::vector<std::string> valued{"pack", "output", "resume", "stage", "recipe", "steps", "batch", "crop", "lr",
                                        "disc-lr", "band-lr", "adversarial-weight", "halve-lr-every", "warmup", "ema", "looks-weights", "checkpoint-every", "validate-every", "seed",
                                        "model", "recompose", "vgg16", "name", "device", "threads", "precision", "max-minutes"};
  std::vector<std::string> options = valued;
  options.insert(options.end(), {"help", "version"});
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h") arg = "--help";
    if (arg == "-V") arg = "--version";
    if (arg == "-o") arg = "--output";
    if (arg == "--") {  // the end of options: none of what follows is one, and none is wanted
      if (i + 1 < argc) throw UsageError("unexpected argument '" + std::string(argv[i + 1]) + "'");
      break;
    }
    if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "'");
    std::string name = arg.substr(2), value;
    const auto eq = name.find('=');
    name = longOption(name.substr(0, eq), options);
    if ((name == "help" || name == "version") && eq != std::string::npos)
      throw UsageError("option '--" + name + "' doesn't allow an argument");
    if (name == "help") {
      std::fputs(drbn::io::wrappedHelp(kHelp).c_str(), stdout);
      return kOk;
    }
    if (name == "version") {
      std::printf("drbn-trainer (DRBN Studio) %s\n%s\n", DRBN_VERSION, drbn::io::kLicenceNotice);
      return kOk;
    }
    if (eq != std::string::npos) value = arg.substr(2 + eq + 1);
    else if (i + 1 < argc) value = argv[++i];
    else throw UsageError("--" + name + " needs a value");
    if (given.count(name)) throw UsageError("--" + name + " given twice");
    given[name] = value;
  }
  auto has = [&](const char* name) { return given.count(name) > 0; };
  auto integer = [&](const char* name, int fallback, int min, int max) {
    return has(name) ? numberOption<int>(name, given[name], min, max) : fallback;
  };
  auto real = [&](const char* name, double fallback, double min, double max) {
    return has(name) ? numberOption<double>(name, given[name], min, max) : fallback;
  };

  const bool resuming = has("resume");
  if (resuming == has("output")) throw UsageError("give either -o RUNDIR for a new run or --resume RUNDIR");
  const std::string runDir = given[resuming ? "resume" : "output"];
  const double maxMinutes = real("max-minutes", 0, 0, 1e7);

  std::unique_ptr<drbn::train::Trainer> trainer;
  if (resuming) {
    for (const auto& [name, value] : given)
      if (name != "resume" && name != "pack" && name != "steps" && name != "device" && name != "threads" &&
          name != "max-minutes")
        throw UsageError("--" + name + " cannot change when resuming: the run continues with its own settings and data");
    auto options = drbn::train::Trainer::savedOptions(runDir);
    auto data = drbn::train::loadRunPack(options.data, has("pack") ? given["pack"] : std::string());
    trainer = drbn::train::Trainer::resume(runDir, std::move(data),
                                           {has("device") ? given["device"] : std::string(), integer("threads", 0, 0, 1024),
                                            options.data, drbn::train::worldFromEnvironment()});
    if (has("steps")) trainer->setTotalSteps(integer("steps", 0, 1, 100000000));
  } else {
    if (!has("pack")) throw UsageError("no training pack given (--pack PACKDIR; make one with 'drbn pack')");
    TrainOptions o;
    o.stage = integer("stage", o.stage, 1, 2);
    o.recipe = has("recipe") ? given["recipe"] : o.recipe;
    o.steps = integer("steps", o.steps, 1, 100000000);
    o.batch = integer("batch", o.batch, 1, 1024);
    o.crop = integer("crop", o.crop, 16, 4096);
    o.learningRate = real("lr", o.learningRate, 0, 1);
    o.discriminatorLearningRate = real("disc-lr", o.discriminatorLearningRate, 0, 1);
    o.bandLearningRate = real("band-lr", 0, 0, 1);
    o.adversarialWeight = real("adversarial-weight", o.adversarialWeight, 0, 1000);
    o.halveLearningRateEvery = integer("halve-lr-every", 0, 0, 100000000);
    o.warmupSteps = integer("warmup", 0, 0, 100000000);
    o.averageDecay = real("ema", 0, 0, 0.999999);
    if (has("looks-weights")) o.looksWeights = drbn::train::parseLooksWeights(given["looks-weights"]);
    o.checkpointEvery = integer("checkpoint-every", o.checkpointEvery, 1, 100000000);
    o.validateEvery = integer("validate-every", 0, 0, 100000000);
    o.seed = uint64_t(integer("seed", 1, 0, 2147483647));
    o.device = has("device") ? given["device"] : o.device;
    o.threads = integer("threads", 0, 0, 1024);
    const std::string precision = has("precision") ? given["precision"] : "auto";
    o.precision = drbn::train::chosenPrecision(precision, o.device);
    if (o.precision.empty()) throw UsageError("--precision expects auto, fp32 or bf16, not '" + precision + "'");
    o.bandNetwork = given["model"];
    o.recomposer = given["recompose"];
    o.vgg16 = given["vgg16"];
    o.name = has("name") ? given["name"] : o.name;
    o.world = drbn::train::worldFromEnvironment();
    if (o.stage == 2 && o.bandNetwork.empty()) throw UsageError("stage 2 needs the trained band network: --model FILE");
    std::error_code ec;
    if (std::filesystem::exists(runDir, ec) &&
        (!std::filesystem::is_directory(runDir, ec) || !std::filesystem::is_empty(runDir, ec)))
      throw UsageError(runDir + " is not an empty folder: a new run needs a new or empty one (or --resume it)");
    auto data = drbn::train::loadRunPack(o.data, given["pack"]);
    trainer = std::make_unique<drbn::train::Trainer>(o, std::move(data), runDir);
  }
  const auto& o = trainer->options();
  print("drbn-trainer: stage " + std::to_string(o.stage) + ", " + o.recipe + " recipe, step " +
        std::to_string(trainer->step()) + " of " + std::to_string(o.steps) + " on " + trainer->device().name() +
        " in " + o.precision +
        ", pack " + o.data.at("pack") + ", run folder " + runDir +
        (o.world.distributed() ? ", rank " + std::to_string(o.world.rank) + " of " + std::to_string(o.world.size) : ""));

  g_stop = false;
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  const auto started = std::chrono::steady_clock::now();
  auto lastLine = started - std::chrono::hours(1);
  drbn::train::TrainCallbacks callbacks;
  callbacks.step = [&](const drbn::train::StepReport& r) {
    const auto now = std::chrono::steady_clock::now();
    if (maxMinutes > 0 && std::chrono::duration<double>(now - started).count() >= maxMinutes * 60) g_stop = true;
    if (now - lastLine < std::chrono::seconds(10) && r.step != r.steps) return;  // a line every 10 s
    lastLine = now;
    std::string losses;
    for (const auto& [name, value] : r.losses) losses += " " + name + " " + formatFixed(value, 4);
    print("step " + std::to_string(r.step) + "/" + std::to_string(r.steps) + losses + ", " +
          formatFixed(r.stepsPerSecond, 2) + " steps/s, " + formatFixed(r.secondsLeft / 60, 1) + " min left");
  };
  callbacks.validated = [](const drbn::train::ValidationReport& v) { print(drbn::train::validationLine(v)); };
  callbacks.note = [](const drbn::train::TrainingNote& n) { print("drbn-trainer: " + n.text); };
  const auto result = trainer->run(callbacks, &g_stop);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print("drbn-trainer: " + std::to_string(result.step) + " steps done, " + formatFixed(seconds, 1) + " s in this process");
  if (result.cancelled) {
    print("drbn-trainer: stopped at step " + std::to_string(result.step) + "; continue with: drbn-trainer --resume " +
          runDir + " (or drbn train --resume " + runDir + " --pack PACKDIR)");
    return g_signal ? 128 + int(g_signal) : kOk;  // reaching --max-minutes is the plan, not a failure
  }
  if (!result.modelPath.empty()) print("drbn-trainer: model " + result.modelPath);
  if (result.best.step > 0)
    print("drbn-trainer: best validation at step " + std::to_string(result.best.step) + ", PSNR " +
          formatFixed(result.best.psnr, 2) + " dB: " + result.bestModelPath);
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "drbn-trainer: %s\nTry 'drbn-trainer --help' for more information.\n",
                 drbn::io::terminalSafe(e.what()).c_str());
    return kUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "drbn-trainer: %s\n", drbn::io::terminalSafe(e.what()).c_str());
    return kFailed;
  }
}
