// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/infer/enhancer.h"

#include "core/io/atomicfile.h"
#include "core/io/sha256.h"
#include "core/models/defaultmodel.h"
#include "core/nn/networks.h"
#include "core/nn/runtime.h"
#include "core/onednn/graph.h"
#include "core/weights/tensorio.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>

namespace drbn::infer {
namespace {

// LibTorch's op-by-op work peaks near 2 GiB per megapixel; above this, tiles keep memory bounded.
constexpr int kMaxUntiledPixels = 1024 * 1024;
// Region each tile owns when tiling is automatic: large tiles waste less on margins, small
// ones peak lower: 512 plus margins is 0.8 MP of activations, ~1.5 GiB.
constexpr int kAutoTile = 512;
// The direct oneDNN path needs 257 bytes of activations per pixel (its arena) and ~40 more per
// tile, so it runs windows of up to this many pixels in ~1.1 GB: a 24 MP photo (windows of up to
// 1884 x 2192) then peaks at 1.9 GiB in all, with its input and result as floats.
constexpr int64_t kMaxWindowPixelsDirect = 4200 * 1000;
// Width of the cross-fade between neighbouring tiles, hiding any residual seam.
constexpr int kBlend = 16;

// How the built-in model is named where a file path would be.
const char* const kBuiltIn = "(built-in default model)";

int roundUp4(int v) { return (v + 3) / 4 * 4; }

/// How one axis of a padded photo splits into tiles: each owns `step` pixels (evened out, so the
/// last is no sliver) and sees `margin` more on each side that has a neighbour. Windows (owned
/// plus context) are clamped inside the photo, so an axis has at most two window lengths, edge
/// and interior: four execution plans serve a photo.
struct TileAxis {
  int size, count, step, margin;
  TileAxis(int size, int tile, int margin)
      : size(size), count(tile > 0 ? (size + tile - 1) / tile : 1), step(roundUp4((size + count - 1) / count)),
        margin(count > 1 ? margin : 0) {}
  int window(int i) const {
    const bool interior = i > 0 && i < count - 1;
    return std::min(size, step + (interior ? 2 : 1) * margin);
  }
  int windowStart(int i) const { return std::clamp(i * step - margin, 0, size - window(i)); }
  int largestWindow() const { return window(count > 2 ? 1 : 0); }
  int64_t computed() const {
    int64_t sum = 0;
    for (int i = 0; i < count; ++i) sum += window(i);
    return sum;
  }
};

/// One output of a tile and where it goes: its scale (1, 2 or 4) and destination image.
struct OutputSlot {
  int scale;
  FloatImage* target;
};

torch::Tensor toTensor(const FloatImage& img) {
  return torch::from_blob(const_cast<float*>(img.data.data()), {1, img.channels, img.height, img.width},
                          torch::kFloat32);
}

// Weight of a pixel at `x` for a tile owning [c0, c1) of an axis [0, size): 1 inside, fading
// linearly over kBlend pixels across interior edges so neighbouring weights sum to one.
float axisWeight(int x, int c0, int c1, int size, int scale) {
  const float h = float(kBlend) / float(2 * scale);
  const float p = float(x) + 0.5f;
  float w = 1.0f;
  if (c0 > 0) w = std::min(w, std::clamp((p - (float(c0) - h)) / (2 * h), 0.0f, 1.0f));
  if (c1 < size) w = std::min(w, std::clamp((float(c1) + h - p) / (2 * h), 0.0f, 1.0f));
  return w;
}

/// Rec. 709 luma of an N x 3 x H x W batch, N x 1 x H x W.
torch::Tensor lumaOf(const torch::Tensor& rgb) {
  return rgb.narrow(1, 0, 1) * 0.2126f + rgb.narrow(1, 1, 1) * 0.7152f + rgb.narrow(1, 2, 1) * 0.0722f;
}

/// The mean over a (2r + 1)^2 window; at the borders over the pixels inside the image.
torch::Tensor boxMean(const torch::Tensor& x, int r) {
  return torch::avg_pool2d(x, {2 * r + 1, 2 * r + 1}, {1, 1}, {r, r}, false, /*count_include_pad=*/false);
}

/// Noise reduction of a result: its luminance through a guided filter of itself (He et al. 2010:
/// windows flatter than the noise are averaged, edges kept), its colour differences averaged over
/// a wider window (the eye resolves colour more coarsely than light). Both reach a few pixels, far
/// inside a tile's margin, so tiled and untiled results agree.
torch::Tensor denoised(const torch::Tensor& rgb, float luminance, float colour) {
  auto y = lumaOf(rgb);
  auto c = rgb - y;
  if (luminance > 0) {
    constexpr int r = 2;
    const double eps = std::pow(0.04 * luminance, 2);  // at 1, windows varying less than ~10/255 count as flat
    const auto mean = boxMean(y, r), var = (boxMean(y * y, r) - mean * mean).clamp_min(0);
    const auto a = var / (var + eps), b = mean - a * mean;
    y = boxMean(a, r) * y + boxMean(b, r);
  }
  if (colour > 0) {
    const int r = 1 + int(std::lround(4 * colour));
    c = boxMean(boxMean(c, r), r);  // twice: close to a Gaussian, no box-shaped halos
  }
  return y + c;
}

/// The one implementation of Adjustments, for tiles in enhance() and for recompose().
/// `w` holds the three weight maps, or is empty for plain gains.
torch::Tensor adjusted(const torch::Tensor& stage1, const nn::Bands& bands, const std::array<torch::Tensor, 3>* w,
                       const Adjustments& a, const torch::Tensor& original = {}) {
  const bool learned = w && a.learnedWeights;
  auto out = bands.coarse * (learned ? (*w)[0] * a.coarseGain : torch::full({}, a.coarseGain)) +
             bands.mid * (learned ? (*w)[1] * a.midGain : torch::full({}, a.midGain)) +
             bands.fine * (learned ? (*w)[2] * a.fineGain : torch::full({}, a.fineGain));
  if (a.fidelity != 0) out = torch::lerp(out, stage1, a.fidelity);
  if (a.exposure != 0) out = out * std::pow(2.0f, a.exposure);
  if (a.saturation != 1) {
    // Rec. 709 luma weights: saturation changes colour around the brightness people see.
    const auto luma = lumaOf(out);
    out = luma + (out - luma) * a.saturation;
  }
  if (a.noiseReduction > 0 || a.colourNoiseReduction > 0) out = denoised(out, a.noiseReduction, a.colourNoiseReduction);
  if (a.strength != 1 && original.defined()) out = torch::lerp(original, out, a.strength);
  return out;
}

/// The modules' parameters as one state dict for core/onednn (row-major), each module's names
/// under its prefix.
onednn::StateDict stateDict(std::initializer_list<std::pair<std::string, const torch::nn::Module*>> modules) {
  onednn::StateDict weights;
  for (const auto& [prefix, module] : modules)
    for (const auto& p : module->named_parameters()) {
      const auto t = p.value().detach().to(torch::kCPU, torch::kFloat32).contiguous();
      onednn::Parameter& param = weights[prefix + p.key()];
      param.shape = t.sizes().vec();
      param.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
    }
  return weights;
}

/// The channels of these tensors (batch 1, one size) as planes, one after the other.
onednn::Planes toPlanes(std::initializer_list<torch::Tensor> tensors) {
  onednn::Planes p;
  for (const auto& x : tensors) {
    const auto t = x.to(torch::kCPU, torch::kFloat32).contiguous();
    p.channels += int(t.size(1));
    p.height = int(t.size(2));
    p.width = int(t.size(3));
    p.data.insert(p.data.end(), t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
  }
  return p;
}

/// A tensor over the planes' own buffer (no copy).
torch::Tensor toTensor(onednn::Planes&& planes) {
  auto* buffer = new std::vector<float>(std::move(planes.data));
  return torch::from_blob(buffer->data(), {1, planes.channels, planes.height, planes.width},
                          [buffer](void*) { delete buffer; }, torch::kFloat32);
}

}  // namespace

struct Enhancer::Impl {
  torch::Device device{torch::kCPU};
  nn::BandNetwork bandNet{nullptr};
  nn::Recomposer recomposer{nullptr};
  // The same networks for the direct oneDNN path (CPU only), built with the modules, and both
  // in one for stage 2 when only its result is wanted (the bands never leave oneDNN's arena).
  std::shared_ptr<const onednn::Network> directBands, directRecomposer, directEnhancement;
  onednn::Workspace workspace;  // shared by all: they run one after the other
  ModelInfo bandInfo, recomposerInfo;

  void setBandNetwork(nn::BandNetwork module) {
    bandNet = module;
    setDirectNetworks();
  }
  void setRecomposer(nn::Recomposer module) {
    recomposer = module;
    setDirectNetworks();
  }
  void setDirectNetworks() {
    using Kind = onednn::Network::Kind;
    const bool direct = device.is_cpu() && onednn::available();
    const bool bands = direct && bandNet, recompose = direct && bandNet && recomposer;
    directBands = bands ? std::make_shared<const onednn::Network>(Kind::BandNetwork, stateDict({{"", &*bandNet}}))
                        : nullptr;
    directRecomposer = recompose ? std::make_shared<const onednn::Network>(Kind::Recomposer,
                                                                           stateDict({{"", &*recomposer}}))
                                 : nullptr;
    directEnhancement = recompose ? std::make_shared<const onednn::Network>(
                                        Kind::Enhancement, stateDict({{"bands.", &*bandNet}, {"recompose.", &*recomposer}}))
                                  : nullptr;
  }

  bool runsDirect(const EnhanceOptions& options) const { return options.directOneDnn && directBands; }

  /// The band network's outputs: every recurrence's when `all`, else only the last one's.
  std::vector<nn::BandOutputs> bandOutputs(const torch::Tensor& x, bool direct, bool all,
                                          const std::atomic<bool>* cancel) {
    std::vector<nn::BandOutputs> outs;
    if (direct) {
      auto planes = directBands->run(toPlanes({x}), workspace, all, cancel);
      if (planes.empty()) throw Cancelled();
      for (size_t i = 0; i + 2 < planes.size(); i += 3)
        outs.push_back({toTensor(std::move(planes[i])), toTensor(std::move(planes[i + 1])),
                        toTensor(std::move(planes[i + 2]))});
      return outs;
    }
    const auto recurrences = bandNet->forward(x);
    outs.assign(recurrences.begin(), recurrences.end());
    if (!all) outs.erase(outs.begin(), outs.end() - 1);
    return outs;
  }

  nn::Recomposition recompose(const torch::Tensor& x, const nn::Bands& bands, bool direct) {
    if (!direct) return recomposer->forward(x, bands);
    auto input = toPlanes({x, bands.coarse, bands.mid, bands.fine});
    return nn::recomposition(bands, toTensor(std::move(directRecomposer->run(input, workspace).front())));
  }

  template <typename Module>
  Module prepare(Module module) {
    module->to(device);
    module->eval();
    // oneDNN runs fastest on channels-last activations; keep the weights in the same layout.
    torch::NoGradGuard noGrad;
    for (auto& p : module->parameters())
      if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
    return module;
  }

  template <typename Module>
  Module load(std::shared_ptr<const std::string> bytes, const std::string& path, ModelInfo& info) {
    const auto file = weights::readWeightBytes(bytes, path);
    Module module;
    weights::loadInto(*module, file);
    module = prepare(module);
    info = ModelInfo();
    info.path = path;
    info.format = weights::formatName(file.format);
    info.metadata = file.metadata;
    info.parameters = nn::parameterCount(*module);
    const auto name = file.metadata.find("name");
    info.name = name != file.metadata.end() ? name->second : std::filesystem::path(path).stem().string();
    info.sha256 = io::sha256Hex(bytes->data(), bytes->size());
    return module;
  }

  template <typename Module>
  Module load(const std::string& path, ModelInfo& info) {
    std::shared_ptr<const std::string> bytes;
    try {
      bytes = std::make_shared<const std::string>(io::readFile(path));
    } catch (const io::FileError& e) {
      throw weights::WeightError(e.what(), weights::WeightError::Kind::CannotRead);
    }
    return load<Module>(std::move(bytes), path, info);
  }

  /// Runs the networks on one (padded) tile; outputs in the order of Enhancer::enhance's slots.
  std::vector<torch::Tensor> run(const torch::Tensor& x, const EnhanceOptions& options,
                                 const std::atomic<bool>* cancel) {
    const bool direct = runsDirect(options);
    const bool adjust = !options.adjustments.isNeutral();
    if (direct && directEnhancement && options.stage == Stage::Recomposed && !adjust && !options.keepBands) {
      auto planes = directEnhancement->run(toPlanes({x}), workspace, false, cancel);
      if (planes.empty()) throw Cancelled();
      return {toTensor(std::move(planes.front()))};
    }
    const auto outs = bandOutputs(x, direct, options.keepBands, cancel);
    if (cancel && cancel->load()) throw Cancelled();
    std::vector<torch::Tensor> result;
    const bool recompose = options.stage == Stage::Recomposed;
    nn::Bands bands;
    nn::Recomposition recomposition;
    if (recompose || adjust || options.keepBands) bands = nn::bandsFrom(outs.back());
    if (recompose) recomposition = this->recompose(x, bands, direct);
    if (adjust) {
      const std::array<torch::Tensor, 3> w{recomposition.w1, recomposition.w2, recomposition.w3};
      result.push_back(adjusted(outs.back().out1, bands, recompose ? &w : nullptr, options.adjustments, x));
    } else {
      result.push_back(recompose ? recomposition.result : outs.back().out1);
    }
    if (options.keepBands) {
      for (const auto& o : outs) result.insert(result.end(), {o.out1, o.out2, o.out4});
      result.insert(result.end(), {bands.coarse, bands.mid, bands.fine});
      if (recompose) result.insert(result.end(), {recomposition.w1, recomposition.w2, recomposition.w3});
    }
    return result;
  }
};

Enhancer::Enhancer(const DeviceOptions& options) : m_impl(std::make_unique<Impl>()) {
  try {
    m_impl->device = torch::Device(options.device);
  } catch (const c10::Error&) {
    throw std::invalid_argument("unknown device '" + options.device + "' (use cpu, cuda or cuda:N)");
  }
  if (m_impl->device.is_cuda() && !torch::cuda::is_available())
    throw std::invalid_argument("device '" + options.device + "' requested, but this LibTorch has no usable CUDA GPU");
  nn::configureCpuRuntime(options.threads);
}

Enhancer::~Enhancer() = default;

void Enhancer::loadBandNetwork(const std::string& path) {
  m_impl->setBandNetwork(m_impl->load<nn::BandNetwork>(path, m_impl->bandInfo));
}

void Enhancer::loadRecomposer(const std::string& path) {
  m_impl->setRecomposer(m_impl->load<nn::Recomposer>(path, m_impl->recomposerInfo));
}

void Enhancer::loadDefaultModel() {
  const auto bands = models::defaultBandNetwork(), recompose = models::defaultRecomposer();
  auto band = m_impl->load<nn::BandNetwork>(std::make_shared<const std::string>(bands), kBuiltIn, m_impl->bandInfo);
  m_impl->setBandNetwork(band);
  m_impl->setRecomposer(recompose.empty() ? nn::Recomposer(nullptr)
                                          : m_impl->load<nn::Recomposer>(std::make_shared<const std::string>(recompose),
                                                                         kBuiltIn, m_impl->recomposerInfo));
  m_impl->bandInfo.builtIn = true;
  m_impl->recomposerInfo.builtIn = !recompose.empty();
}

void Enhancer::useUntrainedNetworks() {
  torch::manual_seed(0);
  m_impl->setBandNetwork(m_impl->prepare(nn::BandNetwork()));
  m_impl->setRecomposer(m_impl->prepare(nn::Recomposer()));
  m_impl->bandInfo = {"", "untrained", "", "", {}, nn::parameterCount(*m_impl->bandNet)};
  m_impl->recomposerInfo = {"", "untrained", "", "", {}, nn::parameterCount(*m_impl->recomposer)};
}

bool Enhancer::hasBandNetwork() const { return !m_impl->bandNet.is_empty(); }
bool Enhancer::hasRecomposer() const { return !m_impl->recomposer.is_empty(); }
const ModelInfo& Enhancer::bandNetworkInfo() const { return m_impl->bandInfo; }
const ModelInfo& Enhancer::recomposerInfo() const { return m_impl->recomposerInfo; }

nn::ComputeDevice Enhancer::device() const {
  return {m_impl->device.is_cuda(), std::max<int>(0, m_impl->device.index()), at::get_num_threads()};
}

bool Enhancer::runsDirect(const EnhanceOptions& options) const { return m_impl->runsDirect(options); }

void Enhancer::releaseMemory() const {
  m_impl->workspace.release();
  nn::releaseFreedMemory();
}

Enhancer::TileSize Enhancer::automaticTiles(int width, int height, const EnhanceOptions& options) const {
  const int pw = roundUp4(width), ph = roundUp4(height);
  if (!runsDirect(options)) return int64_t(pw) * ph <= kMaxUntiledPixels ? TileSize{} : TileSize{kAutoTile, kAutoTile};
  if (int64_t(pw) * ph <= kMaxWindowPixelsDirect) return {};
  // The counts of tiles across and down whose windows fit and add up to the fewest pixels: a
  // 6000 x 4000 photo runs in 4 x 2 tiles of 1500 x 2000, computing 1.31x its pixels (square
  // tiles could do no better than 4 x 3, 1.42x).
  constexpr int kSmallest = 256;  // below this, margins would be most of the work
  TileSize best{kSmallest, kSmallest};
  int64_t fewest = std::numeric_limits<int64_t>::max();
  for (int across = 1; across <= std::max(1, pw / kSmallest); ++across)
    for (int down = 1; down <= std::max(1, ph / kSmallest); ++down) {
      const TileSize tile{roundUp4((pw + across - 1) / across), roundUp4((ph + down - 1) / down)};
      const TileAxis x(pw, tile.width, options.tileMargin), y(ph, tile.height, options.tileMargin);
      if (int64_t(x.largestWindow()) * y.largestWindow() > kMaxWindowPixelsDirect) continue;
      if (const int64_t computed = x.computed() * y.computed(); computed < fewest) {
        fewest = computed;
        best = tile;
      }
    }
  return best;
}

EnhanceResult Enhancer::enhance(const FloatImage& rgb, const EnhanceOptions& options, const ProgressFn& progress,
                                const std::atomic<bool>* cancel) const {
  if (!hasBandNetwork()) throw std::invalid_argument("no band network loaded");
  if (options.stage == Stage::Recomposed && !hasRecomposer())
    throw std::invalid_argument("stage 2 needs recomposition weights (--recompose)");
  if (rgb.channels != 3 || rgb.width < 1 || rgb.height < 1 || rgb.data.size() != rgb.planeSize() * 3)
    throw std::invalid_argument("expected a non-empty 3-channel image");
  if (options.tileMargin < 0 || options.tileMargin % 4 || (options.tileSize > 0 && options.tileSize % 4))
    throw std::invalid_argument("tile size and margin must be multiples of 4");

  c10::InferenceMode inferenceMode;
  at::init_num_threads();  // this thread's OpenMP team (oneDNN's too) gets the configured size
  const int w = rgb.width, h = rgb.height;
  const int pw = roundUp4(w), ph = roundUp4(h);
  // Reflection padding to a multiple of 4 needs each side to exceed the padding; replicate tiny images.
  auto padded = toTensor(rgb);
  if (pw != w || ph != h) {
    auto pad = torch::nn::functional::PadFuncOptions({0, pw - w, 0, ph - h});
    if (w > pw - w && h > ph - h) pad.mode(torch::kReflect);
    else pad.mode(torch::kReplicate);
    padded = torch::nn::functional::pad(padded, pad);
  }

  EnhanceResult result;
  std::vector<OutputSlot> slots{{1, &result.image}};
  if (options.keepBands) {
    for (auto& r : result.bands.recurrences) slots.insert(slots.end(), {{1, &r[0]}, {2, &r[1]}, {4, &r[2]}});
    slots.insert(slots.end(), {{1, &result.bands.coarse}, {1, &result.bands.mid}, {1, &result.bands.fine}});
    if (options.stage == Stage::Recomposed)
      slots.insert(slots.end(), {{1, &result.bands.w1}, {1, &result.bands.w2}, {1, &result.bands.w3}});
  }
  for (auto& slot : slots) *slot.target = FloatImage(pw / slot.scale, ph / slot.scale, 3);

  const TileSize tile = options.tileSize == 0 ? automaticTiles(w, h, options) : TileSize{options.tileSize, options.tileSize};
  const TileAxis axisX(pw, tile.width, options.tileMargin), axisY(ph, tile.height, options.tileMargin);
  result.tiles = axisX.count * axisY.count;

  // A tiled photo starts from no kept memory, so its tiles share an arena of their own size
  // rather than a larger one an earlier, untiled photo left.
  if (result.tiles > 1) m_impl->workspace.release();
  // A cancelled or failed photo hands its activation memory back at once.
  struct ReleaseOnError {
    onednn::Workspace& workspace;
    ~ReleaseOnError() {
      if (std::uncaught_exceptions() > 0) workspace.release();
    }
  } releaseOnError{m_impl->workspace};

  // Largest windows first: the arena then has its final size from the first tile on, instead
  // of growing (a fresh, zeroed mapping each time).
  std::vector<std::pair<int, int>> order;
  for (int ty = 0; ty < axisY.count; ++ty)
    for (int tx = 0; tx < axisX.count; ++tx) order.emplace_back(tx, ty);
  auto area = [&](const std::pair<int, int>& t) { return int64_t(axisX.window(t.first)) * axisY.window(t.second); };
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) { return area(a) > area(b); });
  int done = 0;
  for (const auto& [tx, ty] : order) {
    if (cancel && cancel->load()) throw Cancelled();
    const int cx0 = tx * axisX.step, cx1 = std::min(pw, cx0 + axisX.step);
    const int cy0 = ty * axisY.step, cy1 = std::min(ph, cy0 + axisY.step);
    const int px0 = axisX.windowStart(tx), px1 = px0 + axisX.window(tx);
    const int py0 = axisY.windowStart(ty), py1 = py0 + axisY.window(ty);
    auto x = padded.slice(2, py0, py1).slice(3, px0, px1).to(m_impl->device)
                 .contiguous(options.channelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
    const auto outputs = m_impl->run(x, options, cancel);  // modules are stateless in eval()
    for (size_t i = 0; i < slots.size(); ++i) {
      const int s = slots[i].scale;
      FloatImage& target = *slots[i].target;
      const auto out = outputs[i].to(torch::kCPU, torch::kFloat32).contiguous();
      const int ox0 = px0 / s, oy0 = py0 / s, ow = int(out.size(3)), oh = int(out.size(2));
      // Only the owned region plus the cross-fade band has non-zero weight.
      const int half = kBlend / 2 / s;
      const int x0 = std::max(ox0, cx0 / s - (cx0 > 0 ? half : 0)), x1 = std::min(ox0 + ow, cx1 / s + (cx1 < pw ? half : 0));
      const int y0 = std::max(oy0, cy0 / s - (cy0 > 0 ? half : 0)), y1 = std::min(oy0 + oh, cy1 / s + (cy1 < ph ? half : 0));
      std::vector<float> wx(size_t(std::max(0, x1 - x0)));
      for (int xx = x0; xx < x1; ++xx) wx[size_t(xx - x0)] = axisWeight(xx, cx0 / s, cx1 / s, pw / s, s);
      const float* src = out.data_ptr<float>();
      for (int c = 0; c < 3; ++c) {
        for (int yy = y0; yy < y1; ++yy) {
          const float wy = axisWeight(yy, cy0 / s, cy1 / s, ph / s, s);
          if (wy <= 0) continue;
          const float* row = src + (size_t(c) * oh + size_t(yy - oy0)) * ow;
          float* dst = target.plane(c) + size_t(yy) * target.width;
          for (int xx = x0; xx < x1; ++xx) dst[xx] += wy * wx[size_t(xx - x0)] * row[xx - ox0];
        }
      }
    }
    // Tiles of different shapes fragment the heap kept for speed; handing its free pages back
    // between tiles bounds memory by one tile's needs (a few % slower, measured by drbn bench).
    if (result.tiles > 1) nn::releaseFreedMemory();
    if (progress) progress(++done, result.tiles);
  }

  // A large photo hands its activation memory back before the caller's whole-photo buffers,
  // not under them. A small one keeps it for the next photo: fresh memory costs the kernel
  // zeroing it again, ~12% of a 0.78 MP enhancement here (drbn bench). releaseMemory() frees it.
  if (result.tiles > 1) m_impl->workspace.release();
  nn::releaseFreedMemory();

  // Crop the padding back off.
  for (auto& slot : slots) {
    FloatImage& img = *slot.target;
    const int cw = (w + slot.scale - 1) / slot.scale, ch = (h + slot.scale - 1) / slot.scale;
    if (cw == img.width && ch == img.height) continue;
    FloatImage cropped(cw, ch, img.channels);
    for (int c = 0; c < img.channels; ++c)
      for (int y = 0; y < ch; ++y)
        std::copy_n(img.plane(c) + size_t(y) * img.width, cw, cropped.plane(c) + size_t(y) * cw);
    img = std::move(cropped);
  }
  return result;
}

FloatImage recompose(const BandSet& bands, const Adjustments& adjustments, const FloatImage* original) {
  const FloatImage& stage1 = bands.recurrences.back()[0];
  if (stage1.empty() || bands.coarse.empty()) throw std::invalid_argument("recompose needs the bands of an enhancement");
  c10::InferenceMode inferenceMode;
  const nn::Bands b{toTensor(bands.coarse), toTensor(bands.mid), toTensor(bands.fine)};
  const bool learned = !bands.w1.empty();
  const std::array<torch::Tensor, 3> w =
      learned ? std::array<torch::Tensor, 3>{toTensor(bands.w1), toTensor(bands.w2), toTensor(bands.w3)}
              : std::array<torch::Tensor, 3>{};
  if (original && (original->width != stage1.width || original->height != stage1.height))
    throw std::invalid_argument("recompose: the original differs in size from the bands");
  const auto out =
      adjusted(toTensor(stage1), b, learned ? &w : nullptr, adjustments, original ? toTensor(*original) : torch::Tensor())
          .contiguous();
  FloatImage result(stage1.width, stage1.height, 3);
  std::memcpy(result.data.data(), out.data_ptr<float>(), result.data.size() * sizeof(float));
  return result;
}

std::string torchVersion() {
  return "LibTorch " + std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
         std::to_string(TORCH_VERSION_PATCH);
}

std::vector<std::string> availableDevices() {
  std::vector<std::string> devices{"cpu"};
  const auto cuda = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
  for (size_t i = 0; i < cuda; ++i) devices.push_back("cuda:" + std::to_string(i));
  return devices;
}

}  // namespace drbn::infer
