// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The enhancement engine: DRBN band network and recomposition, tiled for bounded memory.
// Torch-free API; LibTorch stays inside enhancer.cpp.

#include "core/infer/floatimage.h"
#include "core/nn/runtime.h"

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

namespace drbn::infer {

enum class Stage { BandNetwork = 1, Recomposed = 2 };

/// What a loaded weight file is.
struct ModelInfo {
  std::string path, name, format, sha256;
  std::map<std::string, std::string> metadata;
  long long parameters = 0;
  bool builtIn = false;  // the default model compiled into the program
};

/// Every intermediate of one enhancement. Recurrence outputs are at full, 1/2 and 1/4 size;
/// everything else at full size.
struct BandSet {
  static constexpr int kRecurrences = 4;
  static constexpr int kScales = 3;  // full, 1/2, 1/4
  std::array<std::array<FloatImage, kScales>, kRecurrences> recurrences;
  FloatImage coarse, mid, fine;  // mid and fine are signed detail bands
  FloatImage w1, w2, w3;         // recomposition weights; empty for stage 1
};

/// How the bands are put back together. Neutral values give the model's own result; the studio's
/// tuning panel edits these, and export applies them tile by tile.
struct Adjustments {
  float coarseGain = 1, midGain = 1, fineGain = 1;
  /// Multiply the recomposer's learned weight maps by the gains (stage 2); otherwise the gains
  /// alone weigh the bands (with gains of 1 that is the band network's own output).
  bool learnedWeights = true;
  /// Blend towards the band network's output: 0 = recomposed (best looking), 1 = stage 1 (best PSNR).
  float fidelity = 0;
  float exposure = 0;    // EV: the result is scaled by 2^exposure
  float saturation = 1;  // 0 = grey, 1 = unchanged
  /// Noise reduction, 0 (off: the model's output untouched) to 1: luminance grain smoothed where
  /// the image is flat, edges kept; colour speckle averaged over a wider window.
  float noiseReduction = 0;
  float colourNoiseReduction = 0;
  /// How much of the enhancement to apply: 1 the whole, 0 the original photo (blended after
  /// everything else).
  float strength = 1;
  bool isNeutral() const { return *this == Adjustments(); }
  bool operator==(const Adjustments& o) const {
    return coarseGain == o.coarseGain && midGain == o.midGain && fineGain == o.fineGain &&
           learnedWeights == o.learnedWeights && fidelity == o.fidelity && exposure == o.exposure &&
           saturation == o.saturation && noiseReduction == o.noiseReduction &&
           colourNoiseReduction == o.colourNoiseReduction && strength == o.strength;
  }
  bool operator!=(const Adjustments& o) const { return !(*this == o); }
};

struct EnhanceOptions {
  Stage stage = Stage::Recomposed;
  Adjustments adjustments;
  /// Side of the square region each tile owns; 0 picks one from the image size, negative means
  /// never tile. Multiples of 4.
  int tileSize = 0;
  /// Context each tile sees beyond the region it owns. Four recurrences with 1/4-scale dense
  /// blocks see far: with 64 tiled results differed from untiled by up to 14/255, with 128 by
  /// 3/255, with 192 by 1/255 (tests/test_tiling.cpp, a real photo).
  int tileMargin = 192;
  bool keepBands = false;
  /// Channels-last activations run ~2x faster on oneDNN; off only to benchmark the plain layout.
  bool channelsLast = true;
  /// On the CPU, compute the networks directly with oneDNN (core/onednn: no copies between
  /// layers, fused sums); off runs them op by op in LibTorch as the authors' code does.
  bool directOneDnn = true;
};

struct EnhanceResult {
  FloatImage image;
  BandSet bands;  // filled when EnhanceOptions::keepBands
  int tiles = 1;
};

/// Reports tiles done out of the total; called on the enhancing thread.
using ProgressFn = std::function<void(int done, int total)>;

/// Thrown by Enhancer::enhance when its cancel flag was set.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/// Where the networks run.
struct DeviceOptions {
  std::string device = "cpu";  // "cpu", "cuda", "cuda:1"
  int threads = 0;             // CPU threads; 0 = all cores
};

/// Owns the networks on one device. Loading is not thread-safe; enhance() is const and may run
/// on any one thread at a time (a worker thread in the studio).
class Enhancer {
 public:
  explicit Enhancer(const DeviceOptions& options = DeviceOptions());
  ~Enhancer();
  Enhancer(const Enhancer&) = delete;
  Enhancer& operator=(const Enhancer&) = delete;

  /// Loads weights of the band network / the recomposer; throws weights::WeightError naming the
  /// file and the tensor. The previous model stays active when loading fails.
  void loadBandNetwork(const std::string& path);
  void loadRecomposer(const std::string& path);
  /// The project's own model, built into the program (both stages).
  void loadDefaultModel();
  /// Randomly initialised networks (fixed seed) of the real shapes: for benchmarks, which time
  /// the same arithmetic whatever the weights.
  void useUntrainedNetworks();
  bool hasBandNetwork() const;
  bool hasRecomposer() const;
  const ModelInfo& bandNetworkInfo() const;
  const ModelInfo& recomposerInfo() const;
  nn::ComputeDevice device() const;

  /// Whether enhance() computes the networks directly with oneDNN under these options.
  bool runsDirect(const EnhanceOptions& options) const;
  /// The region each tile owns, as enhance() picks it for an image when EnhanceOptions::tileSize
  /// is 0 (-1 x -1: untiled).
  struct TileSize {
    int width = -1, height = -1;
    bool tiled() const { return width > 0; }
  };
  TileSize automaticTiles(int width, int height, const EnhanceOptions& options) const;

  /// Hands back the activation memory enhance() keeps after a photo small enough to run untiled
  /// (up to ~1 GB, reused by the next photo); for callers going idle. Thread-safe.
  void releaseMemory() const;

  /// Enhances an RGB image (3 channels). Throws std::invalid_argument for unusable input,
  /// Cancelled when `cancel` becomes true (checked between tiles and, on the oneDNN path, between layers).
  EnhanceResult enhance(const FloatImage& rgb, const EnhanceOptions& options, const ProgressFn& progress = {},
                        const std::atomic<bool>* cancel = nullptr) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The result `bands` (from an enhance() with keepBands) recompose to under `adjustments`, without
/// running the networks again: what the studio shows while a slider moves. Weight maps may be
/// empty (stage 1): the gains then weigh the bands alone.
/// `original`: the photo the bands were made from (same size), for Adjustments::strength; without
/// it the strength is taken as 1.
FloatImage recompose(const BandSet& bands, const Adjustments& adjustments, const FloatImage* original = nullptr);


/// Versions of the libraries the engine runs on, e.g. "LibTorch 1.13.0".
std::string torchVersion();

/// Devices this build can run on: "cpu", then "cuda:0", "cuda:1", ... when CUDA is usable.
std::vector<std::string> availableDevices();

}  // namespace drbn::infer
