// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training both DRBN stages (../shared/DRBN.md, "Training"), resumable from atomic checkpoints.
// Torch-free API; LibTorch stays in trainer.cpp. Builds with LibTorch alone (no Qt, no OpenCV).

#include "core/infer/floatimage.h"
#include "core/infer/looks.h"
#include "core/nn/runtime.h"
#include "core/train/distributed.h"
#include "core/train/trainingset.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace drbn::train {

/// A run that cannot start or go on: bad options, data, weights, or repeated non-finite losses.
class TrainingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The loss terms a run trains with.
inline constexpr const char* kRecipeAuthors = "authors";  // ../shared/DRBN.md exactly
/// The authors' terms plus a Charbonnier (smooth L1) term at each scale the SSIM terms use: SSIM
/// barely constrains global exposure, so the authors' loss leaves PSNR to chance.
inline constexpr const char* kRecipeStudio = "studio";

/// What the band network computes in while it trains: float32 throughout, or bfloat16 activations
/// and gradients with the weights, their average and the optimiser's state kept in float32
/// ("mixed precision"; validation, checkpoints and exports stay float32).
inline constexpr const char* kPrecisionFp32 = "fp32";
inline constexpr const char* kPrecisionBf16 = "bf16";
/// The precision that trains fastest on `device` ("cpu", "cuda", ...): bf16 on a CPU whose
/// instructions compute it natively (AVX-512 BF16, AMX), else fp32 (elsewhere bf16 is emulated
/// and slower; on a GPU the speed-up is not measured here).
std::string fastestPrecision(const std::string& device);
/// What a `--precision` of "auto", "fp32" or "bf16" means on `device`; empty for anything else.
std::string chosenPrecision(const std::string& requested, const std::string& device);

struct LooksWeights {
  double noise = 20, chromaNoise = 20, black = 3, colourDrift = 10, dimming = 0, halo = 0;
  /// Not a weight: how much of the input's grey-world cast the colour-drift term lets the result
  /// drop, 0 (keep the input's colours) to 1 (drift measured from the grey-world balanced input).
  double neutral = 0;
  bool operator==(const LooksWeights& o) const {
    return noise == o.noise && chromaNoise == o.chromaNoise && black == o.black && colourDrift == o.colourDrift &&
           dimming == o.dimming && halo == o.halo && neutral == o.neutral;
  }
};
/// "NOISE,CHROMA,BLACK,DRIFT[,DIMMING[,HALO[,NEUTRAL]]]" (C locale, each >= 0, NEUTRAL <= 1; 0 for
/// those left out) <-> LooksWeights; throws TrainingError.
LooksWeights parseLooksWeights(const std::string& text);
std::string formatLooksWeights(const LooksWeights& w);

struct TrainOptions {
  int stage = 1;  // 1: band network on pairs; 2: recomposition (band network frozen unless bandLearningRate)
  int steps = 10000;
  int batch = 4;                // the authors': 4
  int crop = 256;               // the authors': 256 x 256; multiple of 4
  double learningRate = 1e-4;   // band network (stage 1) or recomposer (stage 2)
  double discriminatorLearningRate = 1e-6;
  /// Stage 2: also tunes the band network at this learning rate, on the recomposer's losses plus
  /// its own stage-1 loss on the pairs; 0 keeps it frozen (the authors'). A recomposer only
  /// re-weights bands, so it cannot remove noise the bands carry (measured in the model card).
  double bandLearningRate = 0;
  int halveLearningRateEvery = 0;  // steps; 0 keeps it constant (the authors halved every 200 epochs)
  /// Steps over which the learning rate rises linearly to its value: a fine-tune's fresh Adam
  /// state otherwise takes full-size steps at once and costs ~2 dB before it recovers.
  int warmupSteps = 0;
  /// Decay of an exponential moving average of the trained network's weights (0: off, e.g.
  /// 0.999). The average is what validation scores and what the run exports: at a useful
  /// learning rate single checkpoints swing by a dB of exposure, their average does not.
  double averageDecay = 0;
  int checkpointEvery = 200;       // steps; at most this much work is lost to a crash
  int validateEvery = 0;           // steps; 0 = at each checkpoint
  double adversarialWeight = 2.0;  // the authors' generator loss weight
  /// Stage 2 of the studio recipe: weights of the no-reference looks terms on the unpaired
  /// photos (see train/losses.h). They trade one against another; with the default band network
  /// noise and black level fall together only on a dimmer image (measured in the model card).
  LooksWeights looksWeights;
  std::string recipe = kRecipeStudio;  // kRecipeStudio or kRecipeAuthors
  std::string precision = kPrecisionFp32;  // kPrecisionFp32 or kPrecisionBf16; a resume keeps it
  uint64_t seed = 1;
  std::string device = "cpu";
  int threads = 0;                 // CPU threads; 0 = all cores
  std::string bandNetwork;  // weights to start from; stage 2 requires it (frozen)
  std::string recomposer;   // stage 2: recomposition weights to start from (optional)
  std::string vgg16;        // torchvision's vgg16-397923af.pth; empty: stage 2 without perceptual loss
  std::string name = "drbn";  // model name written into the model card
  /// Where the data came from (e.g. "paired" -> folder), recorded so that a resume can reload it.
  std::map<std::string, std::string> data;
  /// This process's place in a data-parallel run (worldFromEnvironment()); `batch` is per process.
  /// Rank 0 alone writes the run folder. Not saved: a run may resume on another world size.
  World world;
};

/// What may change when a run continues: where it runs, and where its data is now.
struct ResumeOptions {
  std::string device;  // empty: as it ran (a CUDA run goes on on the CPU where there is no GPU)
  int threads = 0;     // 0: as it ran
  std::map<std::string, std::string> data;  // empty: as recorded (e.g. a pack's path on this machine)
  World world;         // the processes it continues on (any number)
};

/// One finished step, reported on the training thread.
struct StepReport {
  int step = 0, steps = 0;
  std::map<std::string, double> losses;  // "total", "ssim", "perceptual", "adversarial", "discriminator"
  double learningRate = 0;
  double stepsPerSecond = 0;
  double secondsLeft = 0;
  int skippedBatches = 0;
};

struct ValidationReport {
  int step = 0;
  double psnr = 0, ssim = 0;    // means over the validation pairs, 8-bit quantised output
  infer::Looks looks;           // means over the validation pairs: noise, colour cast, black level
  infer::FloatImage preview;    // the model's result on the first validation pair
};
/// "validation at step N: PSNR …, halo …", as `drbn train` and `drbn-trainer` print it (the
/// studio's line is its own: translated).
std::string validationLine(const ValidationReport& v);

struct TrainResult {
  int step = 0;
  bool cancelled = false;
  std::string modelPath;        // the trained network (stage 1: bands, stage 2: recomposer)
  std::string bandNetworkPath;  // the band network that goes with it
  ValidationReport validation;  // the last one (step 0 when none ran)
  /// Stage 1: the export that validated best (PSNR), kept beside the latest; step 0 when none.
  ValidationReport best;
  std::string bestModelPath;
};

/// What a run reports besides its steps and validations: in English for the command-line tools
/// (`text`), and by kind and fields for a front end that words it in its own language.
struct TrainingNote {
  enum class Kind { CheckpointWritten, BatchSkipped, Processes };
  Kind kind = Kind::CheckpointWritten;
  int step = 0;
  std::string path;  // CheckpointWritten: the checkpoint file
  std::string text;
};

struct TrainCallbacks {
  std::function<void(const StepReport&)> step;
  /// A validation pass over `pairs` pairs starts after step `step` (it takes a while: say so).
  std::function<void(int step, int pairs)> validating;
  std::function<void(const ValidationReport&)> validated;
  std::function<void(const TrainingNote&)> note;
};

/// One training run, kept in a folder: checkpoint.safetensors (weights, optimiser state, step,
/// settings), log.csv, validation.csv, and the trained model as safetensors with a model card.
/// Owned by one thread, which calls run().
class Trainer {
 public:
  /// A new run in `runDir` (created if missing; refuses one that already holds a checkpoint).
  Trainer(const TrainOptions& options, TrainingSet data, const std::string& runDir);
  /// Continues the run in `runDir` from its last checkpoint; `data` must be the same data.
  static std::unique_ptr<Trainer> resume(const std::string& runDir, TrainingSet data, const ResumeOptions& changes = {});
  /// The options a run was started with, read from its checkpoint (to reload its data).
  static TrainOptions savedOptions(const std::string& runDir);
  static bool hasCheckpoint(const std::string& runDir);
  ~Trainer();

  /// Trains until options().steps or until `cancel`; waits while `pause` is set. A cancelled run
  /// writes a checkpoint first, so nothing is lost. Throws TrainingError.
  TrainResult run(const TrainCallbacks& callbacks = {}, const std::atomic<bool>* cancel = nullptr,
                  const std::atomic<bool>* pause = nullptr);

  int step() const;
  const TrainOptions& options() const;
  /// Changes how many steps the run trains in all (to train a finished run longer).
  void setTotalSteps(int steps);
  nn::ComputeDevice device() const;
  /// Scores the current model on the validation pairs now.
  ValidationReport validate();

 private:
  Trainer();
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace drbn::train
