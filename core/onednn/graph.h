// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DRBN's networks computed directly with oneDNN (the library LibTorch itself runs on) for CPU
// inference: dense blocks streamed over strips of rows that stay in cache, their layers never
// copied together (`cat`); ReLUs and residual sums fused into the convolutions; transposed
// convolutions as exact ordinary ones; nhwc throughout with conversions only at the edges; one
// arena per run, its tensors placed once their lifetimes are known.
// Torch-free and oneDNN-free API: weights come in as a state dict with the authors' names.

#include "core/onednn/winograd.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace drbn::onednn {

/// One parameter tensor, row-major as PyTorch stores it.
struct Parameter {
  std::vector<int64_t> shape;
  std::vector<float> values;
};
using StateDict = std::map<std::string, Parameter>;

/// Planar float channels (CHW) of one image, batch 1.
struct Planes {
  int channels = 0, height = 0, width = 0;
  std::vector<float> data;
};

/// Whether this build has the engine (builds against a LibTorch without oneDNN's headers, such as
/// PyTorch's pip wheels on a GPU machine, leave it out: see core/CMakeLists.txt).
bool available();

/// The instruction set oneDNN dispatches to on this CPU, e.g. "avx512_core"
/// (DNNL_MAX_CPU_ISA=AVX2 in the environment caps it).
std::string cpuIsa();

/// This CPU's attainable float32 convolution throughput in GFLOP/s, as drbn bench's yardstick:
/// a large oneDNN convolution (64 -> 64 channels, 3x3, 256x256, the engine's layout) on the calling
/// thread's OpenMP team, best of several runs.
double convolutionGflops();

/// The vector width our own kernels (Winograd3x3, weightGradient3x3) run at on this CPU, or none:
/// as oneDNN's ISA (DNNL_MAX_CPU_ISA caps both); DRBN_WINOGRAD=0 in the environment leaves all
/// convolutions to oneDNN and LibTorch (to compare, or to rule ours out).
std::optional<Winograd3x3::Isa> kernelIsa();

class Plan;
class Arena;

/// The activation memory networks run in, kept between runs (tiles of one photo, the band
/// network then the recomposer) and handed back by release(). One run at a time uses it.
class Workspace {
 public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  void release();

 private:
  friend class Network;
  std::mutex m_mutex;
  std::unique_ptr<Arena> m_arena;
};

/// DRBN's band network (stage 1), recomposition network (stage 2), or both with the bands and the
/// recomposition between them (stage 2 whole, when only the result is wanted) as oneDNN primitives. Built
/// once from weights and then immutable, apart from a cache of execution plans per input size
/// (guarded: run() may be called from any thread).
class Network {
 public:
  /// Enhancement's weights are the band network's prefixed "bands." and the recomposer's "recompose.".
  enum class Kind { BandNetwork, Recomposer, Enhancement };
  /// The weights are checked when a plan is built (a run of a new size): std::invalid_argument
  /// names a missing or misshapen parameter.
  Network(Kind kind, const StateDict& weights);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// Band network: `input` is RGB (3 planes, sides multiples of 4); returns out1, out2 and out4
  /// (3 planes each, at full, 1/2 and 1/4 size) of all four recurrences when `allRecurrences`,
  /// else of the last. Recomposer: `input` is the 12 planes x, coarse, mid, fine; returns the
  /// 9 planes of weight maps w1, w2, w3 (after the authors' affine map). Enhancement: `input` as
  /// for the band network; returns the recomposed RGB result.
  /// Returns no planes when `cancel` became true (checked between layers: within ~50 ms).
  std::vector<Planes> run(const Planes& input, Workspace& workspace, bool allRecurrences = false,
                          const std::atomic<bool>* cancel = nullptr) const;

 private:
  std::shared_ptr<Plan> planFor(int height, int width, bool allRecurrences) const;
  Kind m_kind;
  StateDict m_weights;
  mutable std::mutex m_mutex;
  mutable std::vector<std::shared_ptr<Plan>> m_plans;  // most recent first
};

}  // namespace drbn::onednn
