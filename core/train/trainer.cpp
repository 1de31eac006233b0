// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/train/trainer.h"

#include "core/io/atomicfile.h"
#include "core/io/numbers.h"
#include "core/nn/networks.h"
#include "core/nn/runtime.h"
#include "core/onednn/graph.h"
#include "core/train/collective.h"
#include "core/train/losses.h"
#include "core/weights/tensorio.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <random>
#include <sstream>
#include <optional>
#include <thread>
#include <vector>

namespace drbn::train {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCheckpoint = "checkpoint.safetensors";
constexpr const char* kBandsFile = "bands.safetensors";
constexpr const char* kRecomposerFile = "recompose.safetensors";
// Stage 1: the validated export with the highest PSNR so far. Fidelity can peak early and then
// drift with the exposure (measured: +1.3 dB at step 600 of a fine-tune, below the start by 1,564).
constexpr const char* kBestBandsFile = "best-bands.safetensors";
// Consecutive non-finite losses after which a run stops: one is a bad batch, ten a diverged model.
constexpr int kMaxNonFinite = 10;

/// Adam as PyTorch computes it (betas 0.9/0.999, eps 1e-8), with state that saves and loads by
/// parameter name, so a resumed run continues bit for bit.
class Adam {
 public:
  void init(const torch::nn::Module& module) {
    for (const auto& p : module.named_parameters())
      if (p.value().requires_grad()) {
        m_params.emplace_back(p.key(), p.value());
        m_avg.push_back(torch::zeros_like(p.value()));
        m_avgSq.push_back(torch::zeros_like(p.value()));
      }
  }
  void zeroGrad() {
    for (auto& [name, p] : m_params)
      if (p.grad().defined()) p.mutable_grad().zero_();
  }
  std::vector<torch::Tensor> gradients() const {
    std::vector<torch::Tensor> out;
    for (const auto& [name, p] : m_params)
      if (p.grad().defined()) out.push_back(p.grad());
    return out;
  }
  void step(double lr) {
    constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
    ++m_steps;
    const double c1 = 1 - std::pow(b1, double(m_steps)), c2 = 1 - std::pow(b2, double(m_steps));
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < m_params.size(); ++i) {
      auto& p = m_params[i].second;
      if (!p.grad().defined()) continue;
      const auto& g = p.grad();
      m_avg[i].mul_(b1).add_(g, 1 - b1);
      m_avgSq[i].mul_(b2).addcmul_(g, g, 1 - b2);
      const auto denom = (m_avgSq[i].sqrt() / std::sqrt(c2)).add_(eps);
      p.addcdiv_(m_avg[i], denom, -lr / c1);
    }
  }
  void save(const std::string& prefix, std::vector<std::pair<std::string, torch::Tensor>>& out,
            std::map<std::string, std::string>& metadata) const {
    for (size_t i = 0; i < m_params.size(); ++i) {
      out.emplace_back(prefix + m_params[i].first + ".exp_avg", m_avg[i]);
      out.emplace_back(prefix + m_params[i].first + ".exp_avg_sq", m_avgSq[i]);
    }
    metadata[prefix + "steps"] = std::to_string(m_steps);
  }
  void load(const std::string& prefix, const std::map<std::string, torch::Tensor>& tensors,
            const std::map<std::string, std::string>& metadata, const std::string& path) {
    for (size_t i = 0; i < m_params.size(); ++i) {
      m_avg[i].copy_(tensorAt(tensors, prefix + m_params[i].first + ".exp_avg", m_avg[i], path));
      m_avgSq[i].copy_(tensorAt(tensors, prefix + m_params[i].first + ".exp_avg_sq", m_avgSq[i], path));
    }
    const auto it = metadata.find(prefix + "steps");
    m_steps = it == metadata.end() ? 0 : std::stoll(it->second);
  }
  static torch::Tensor tensorAt(const std::map<std::string, torch::Tensor>& tensors, const std::string& name,
                                const torch::Tensor& like, const std::string& path) {
    const auto it = tensors.find(name);
    if (it == tensors.end() || it->second.sizes() != like.sizes())
      throw TrainingError(path + ": optimiser state '" + name + "' is missing or has the wrong shape");
    return it->second;
  }

 private:
  std::vector<std::pair<std::string, torch::Tensor>> m_params;
  std::vector<torch::Tensor> m_avg, m_avgSq;
  int64_t m_steps = 0;
};

/// Where a crop is taken and how it is flipped; paired images share one.
struct Augment {
  int x = 0, y = 0;
  bool hflip = false, vflip = false, transpose = false;
};

Augment randomAugment(std::mt19937_64& rng, const ByteImage& image, int crop) {
  Augment a;
  a.x = int(std::uniform_int_distribution<int>(0, image.width - crop)(rng));
  a.y = int(std::uniform_int_distribution<int>(0, image.height - crop)(rng));
  std::bernoulli_distribution coin(0.5);
  a.hflip = coin(rng);
  a.vflip = coin(rng);
  a.transpose = coin(rng);
  return a;
}

torch::Tensor wholeImage(const ByteImage& image) {
  return torch::from_blob(const_cast<uint8_t*>(image.rgb.data()), {image.height, image.width, 3}, torch::kUInt8);
}

torch::Tensor cropOf(const ByteImage& image, const Augment& a, int crop) {
  auto t = wholeImage(image).slice(0, a.y, a.y + crop).slice(1, a.x, a.x + crop).permute({2, 0, 1});
  t = t.to(torch::kFloat32).div_(255.0);  // copies out of the image
  if (a.hflip) t = t.flip({2});
  if (a.vflip) t = t.flip({1});
  if (a.transpose) t = t.transpose(1, 2);
  return t;
}

/// The generator of step `step`: every step's randomness derives from the seed and the step alone,
/// so a resumed run draws exactly what the uninterrupted one would have.
std::mt19937_64 stepRng(uint64_t seed, int step) {
  std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), uint32_t(step), 0x44524e42u};
  return std::mt19937_64(seq);
}

/// oneDNN convolves channels-last tensors about twice as fast; weights follow the activations.
void useChannelsLast(torch::nn::Module& module) {
  torch::NoGradGuard noGrad;
  for (auto& p : module.parameters())
    if (p.dim() == 4) p.set_data(p.contiguous(torch::MemoryFormat::ChannelsLast));
}

std::string nowIso() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return text;
}

std::string fmt(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}

std::map<std::string, std::string> optionsToMetadata(const TrainOptions& o) {
  std::map<std::string, std::string> m{
      {"option.stage", std::to_string(o.stage)},
      {"option.steps", std::to_string(o.steps)},
      {"option.batch", std::to_string(o.batch)},
      {"option.crop", std::to_string(o.crop)},
      {"option.learning_rate", fmt(o.learningRate)},
      {"option.discriminator_learning_rate", fmt(o.discriminatorLearningRate)},
      {"option.band_learning_rate", fmt(o.bandLearningRate)},
      {"option.halve_learning_rate_every", std::to_string(o.halveLearningRateEvery)},
      {"option.warmup_steps", std::to_string(o.warmupSteps)},
      {"option.average_decay", fmt(o.averageDecay)},
      {"option.checkpoint_every", std::to_string(o.checkpointEvery)},
      {"option.validate_every", std::to_string(o.validateEvery)},
      {"option.adversarial_weight", fmt(o.adversarialWeight)},
      {"option.looks_weights", formatLooksWeights(o.looksWeights)},
      {"option.recipe", o.recipe},
      {"option.precision", o.precision},
      {"option.seed", std::to_string(o.seed)},
      {"option.device", o.device},
      {"option.threads", std::to_string(o.threads)},
      {"option.band_network", o.bandNetwork},
      {"option.recomposer", o.recomposer},
      {"option.vgg16", o.vgg16},
      {"option.name", o.name}};
  for (const auto& [k, v] : o.data) m["data." + k] = v;
  return m;
}

TrainOptions optionsFromMetadata(const std::map<std::string, std::string>& m, const std::string& path) {
  auto get = [&](const std::string& key) -> std::string {
    const auto it = m.find("option." + key);
    if (it == m.end()) throw TrainingError(path + ": not a training checkpoint (no '" + key + "' setting)");
    return it->second;
  };
  // Settings newer than the run: it trained without them.
  auto getOr = [&](const std::string& key, const char* fallback) {
    return m.count("option." + key) ? get(key) : std::string(fallback);
  };
  TrainOptions o;
  try {
    o.stage = std::stoi(get("stage"));
    o.steps = std::stoi(get("steps"));
    o.batch = std::stoi(get("batch"));
    o.crop = std::stoi(get("crop"));
    o.learningRate = io::number<double>(get("learning_rate"), "learning_rate");
    o.discriminatorLearningRate = io::number<double>(get("discriminator_learning_rate"), "discriminator_learning_rate");
    o.bandLearningRate = io::number<double>(getOr("band_learning_rate", "0"), "band_learning_rate");
    o.halveLearningRateEvery = std::stoi(get("halve_learning_rate_every"));
    o.warmupSteps = std::stoi(getOr("warmup_steps", "0"));
    o.averageDecay = io::number<double>(getOr("average_decay", "0"), "average_decay");
    o.checkpointEvery = std::stoi(get("checkpoint_every"));
    o.validateEvery = std::stoi(get("validate_every"));
    o.adversarialWeight = io::number<double>(get("adversarial_weight"), "adversarial_weight");
    o.seed = std::stoull(get("seed"));
    o.threads = std::stoi(get("threads"));
  } catch (const std::logic_error&) {
    throw TrainingError(path + ": a setting in the checkpoint is not a number");
  }
  // Runs from before the setting trained with these weights.
  o.looksWeights = m.count("option.looks_weights") ? parseLooksWeights(m.at("option.looks_weights")) : LooksWeights{20, 20, 3, 10, 0, 0, 0};
  o.device = get("device");
  // Runs from before recipes existed trained with the authors' losses.
  o.recipe = m.count("option.recipe") ? m.at("option.recipe") : kRecipeAuthors;
  o.precision = getOr("precision", kPrecisionFp32);
  o.bandNetwork = get("band_network");
  o.recomposer = get("recomposer");
  o.vgg16 = get("vgg16");
  o.name = get("name");
  for (const auto& [k, v] : m)
    if (k.rfind("data.", 0) == 0) o.data[k.substr(5)] = v;
  return o;
}

void checkData(const TrainOptions& o, const TrainingSet& data) {
  if (o.stage != 1 && o.stage != 2) throw TrainingError("the stage must be 1 or 2");
  if (o.steps < 1 || o.batch < 1) throw TrainingError("steps and batch size must be at least 1");
  if (o.crop < 16 || o.crop % 4) throw TrainingError("the crop size must be a multiple of 4, at least 16");
  if (o.checkpointEvery < 1) throw TrainingError("the checkpoint interval must be at least 1 step");
  if (o.warmupSteps < 0) throw TrainingError("the warm-up must be 0 steps or more");
  if (!(o.averageDecay >= 0 && o.averageDecay < 1)) throw TrainingError("the weight-average decay must be in [0, 1)");
  if (!(o.bandLearningRate >= 0 && std::isfinite(o.bandLearningRate)))
    throw TrainingError("the band network's learning rate must be 0 or more");
  if (o.stage == 1 && o.bandLearningRate > 0)
    throw TrainingError("a separate band-network learning rate is for stage 2 (stage 1 trains it at the learning rate)");
  if (o.recipe != kRecipeStudio && o.recipe != kRecipeAuthors)
    throw TrainingError("unknown recipe '" + o.recipe + "' (use " + kRecipeStudio + " or " + kRecipeAuthors + ")");
  if (o.precision != kPrecisionFp32 && o.precision != kPrecisionBf16)
    throw TrainingError("unknown precision '" + o.precision + "' (use " + kPrecisionFp32 + " or " + kPrecisionBf16 + ")");
  if (data.paired.empty()) throw TrainingError("no paired low/normal-light images to train on");
  if (o.stage == 2) {
    if (data.unpaired.empty()) throw TrainingError("stage 2 needs a folder of unpaired low-light photos");
    if (data.quality.empty()) throw TrainingError("stage 2 needs a folder of high-quality photos");
    if (o.bandNetwork.empty()) throw TrainingError("stage 2 needs a trained band network (stage 1 weights)");
  }
  auto fits = [&](const ByteImage& img) {
    if (img.width < o.crop || img.height < o.crop)
      throw TrainingError(img.name + ": " + std::to_string(img.width) + "x" + std::to_string(img.height) +
                          " is smaller than the " + std::to_string(o.crop) + " px crop");
    if (img.rgb.size() != size_t(img.width) * size_t(img.height) * 3)
      throw TrainingError(img.name + ": pixel buffer does not match its size");
  };
  for (const auto& p : data.paired) {
    fits(p.low);
    fits(p.normal);
    if (p.low.width != p.normal.width || p.low.height != p.normal.height)
      throw TrainingError(p.low.name + ": low and normal-light images differ in size");
  }
  for (const auto& img : data.unpaired) fits(img);
  for (const auto& img : data.quality) fits(img);
  for (const auto& p : data.validation)
    if (p.low.width != p.normal.width || p.low.height != p.normal.height || p.low.width < 4 || p.low.height < 4)
      throw TrainingError(p.low.name + ": validation pair differs in size or is too small");
}

/// Waits while `pause` is set (checked every 50 ms; a Stop ends a pause too), then whether
/// `cancel` is set.
bool pausedThenStopped(const std::atomic<bool>* pause, const std::atomic<bool>* cancel) {
  while (pause && pause->load() && !(cancel && cancel->load()))
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return cancel && cancel->load();
}

/// Rewrites a CSV log keeping the header and the rows of steps up to `step` (a resume drops what
/// the crashed run logged after its last checkpoint).
void truncateLog(const std::string& path, int step) {
  std::ifstream in(path);
  if (!in) return;
  std::string line, kept;
  bool header = true;
  while (std::getline(in, line)) {
    // A row starts with its step; one that does not (torn by a power cut: NUL bytes, half a
    // line) is dropped with the rows after the checkpoint.
    int rowStep = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), rowStep);
    const bool row = ec == std::errc() && end != line.data() && (end == line.data() + line.size() || *end == ',');
    if (header || (row && rowStep <= step)) kept += line + "\n";
    header = false;
  }
  io::writeFileAtomically(path, kept);
}

}  // namespace

std::string fastestPrecision(const std::string& device) {
  const auto isa = onednn::cpuIsa();
  const bool nativeBf16 = isa == "avx512_core_bf16" || isa == "avx512_core_amx";
  return device.rfind("cpu", 0) == 0 && nativeBf16 ? kPrecisionBf16 : kPrecisionFp32;
}

std::string chosenPrecision(const std::string& requested, const std::string& device) {
  if (requested == "auto") return fastestPrecision(device);
  return requested == kPrecisionFp32 || requested == kPrecisionBf16 ? requested : std::string();
}

LooksWeights parseLooksWeights(const std::string& text) {
  std::vector<double> v;
  bool valid = true;
  for (size_t start = 0; valid && start <= text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    double value = 0;
    valid = io::parseNumber(std::string_view(text).substr(start, comma - start), value) && value >= 0 && std::isfinite(value);
    v.push_back(value);
    start = comma + 1;
  }
  if (!valid || v.size() < 4 || v.size() > 7 || (v.size() == 7 && v[6] > 1))
    throw TrainingError("looks weights '" + text +
                        "': give four to seven numbers >= 0 as NOISE,CHROMA,BLACK,DRIFT[,DIMMING[,HALO[,NEUTRAL]]], "
                        "NEUTRAL at most 1 (e.g. 20,20,3,10)");
  v.resize(7, 0.0);
  return {v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
}

std::string formatLooksWeights(const LooksWeights& w) {
  std::string text;
  for (double v : {w.noise, w.chromaNoise, w.black, w.colourDrift, w.dimming, w.halo, w.neutral})
    text += io::formatNumber(v) + ",";
  text.pop_back();
  return text;
}

struct Trainer::Impl {
  TrainOptions options;
  TrainingSet data;
  std::string dir;
  torch::Device device{torch::kCPU};
  nn::BandNetwork band;
  nn::Recomposer recomposer{nullptr};
  nn::QualityDiscriminator discriminator{nullptr};
  // The moving average of the trained network's weights (TrainOptions::averageDecay), or empty.
  nn::BandNetwork averagedBand{nullptr};
  nn::Recomposer averagedRecomposer{nullptr};
  // Mixed precision: the band network's bfloat16 copy that computes each step (TrainOptions::precision).
  nn::BandNetwork computingBand{nullptr};
  Vgg16Features vgg{nullptr};
  Adam adam, discriminatorAdam, bandAdam;  // bandAdam: stage 2 when it tunes the band network
  int step = 0;
  int skipped = 0;
  double trainSeconds = 0;  // across resumes
  std::string startedAt;
  ValidationReport lastValidation;
  bool haveValidation = false;
  ValidationReport best;  // stage 1: the best validation so far (step 0: none)
  std::unique_ptr<Collective> collective;  // in a data-parallel run
  int checkpointWorldSize = 1;             // of the run that wrote the checkpoint resumed from

  std::string file(const char* name) const { return (fs::path(dir) / name).string(); }

  void setUp() {
    try {
      device = torch::Device(options.device);
    } catch (const c10::Error&) {
      throw TrainingError("unknown device '" + options.device + "' (use cpu, cuda or cuda:N)");
    }
    if (device.is_cuda() && !torch::cuda::is_available())
      throw TrainingError("device '" + options.device + "' requested, but this LibTorch has no usable CUDA GPU");
    // One GPU per process of a data-parallel run on a machine: LOCAL_RANK's.
    if (device.is_cuda() && !device.has_index() && options.world.distributed())
      device = torch::Device(torch::kCUDA, int8_t(options.world.localRank));
    // Training crops all have one size: let cuDNN pick its fastest kernels for it once.
    if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
    nn::configureCpuRuntime(options.threads);
    if (options.world.distributed()) {
      // Long enough for rank 0's validation and checkpoint while the others wait at the next step.
      int seconds = 600;
      if (const char* t = std::getenv("DRBN_DIST_TIMEOUT")) io::parseNumber(t, seconds);
      collective = std::make_unique<Collective>(options.world, std::chrono::seconds(std::max(1, seconds)));
    }
    torch::manual_seed(options.seed);  // initial weights of whatever starts from scratch
    band = nn::BandNetwork();
    if (options.stage == 1 && options.averageDecay > 0) averagedBand = nn::BandNetwork();
    if (options.precision == kPrecisionBf16) computingBand = nn::BandNetwork();
    if (options.stage == 2) {
      recomposer = nn::Recomposer();
      discriminator = nn::QualityDiscriminator();
      if (!tunesBands())
        for (auto& p : band->parameters()) p.set_requires_grad(false);
      if (options.averageDecay > 0) averagedRecomposer = nn::Recomposer();
      if (options.averageDecay > 0 && tunesBands()) averagedBand = nn::BandNetwork();
      if (!options.vgg16.empty()) {
        vgg = Vgg16Features();
        weights::loadInto(*vgg, weights::readWeightFile(options.vgg16), weights::LoadMode::Subset);
        vgg->to(device);
        vgg->eval();
        useChannelsLast(*vgg);
      }
    }
  }

  void moveAndInitOptimisers() {
    band->to(device);
    useChannelsLast(*band);
    if (!computingBand.is_empty()) {
      computingBand->to(device, torch::kBFloat16);
      useChannelsLast(*computingBand);
      for (auto& p : computingBand->parameters()) p.set_requires_grad(options.stage == 1 || tunesBands());
    }
    if (options.stage == 1) {
      adam.init(*band);
    } else {
      recomposer->to(device);
      discriminator->to(device);
      useChannelsLast(*recomposer);
      useChannelsLast(*discriminator);
      adam.init(*recomposer);
      discriminatorAdam.init(*discriminator);
      if (tunesBands()) bandAdam.init(*band);
    }
    for (const auto& a : averages()) {
      a.average->to(device);
      useChannelsLast(*a.average);
      for (auto& p : a.average->parameters()) p.set_requires_grad(false);
    }
  }

  bool tunesBands() const { return options.stage == 2 && options.bandLearningRate > 0; }
  /// The band network that validation scores and the run exports: the average when averaging.
  nn::BandNetwork exportedBand() const { return averagedBand.is_empty() ? band : averagedBand; }
  nn::Recomposer exportedRecomposer() const { return averagedRecomposer.is_empty() ? recomposer : averagedRecomposer; }

  /// A trained network, the moving average of its weights, and the average's name in the checkpoint.
  struct Averaged {
    torch::nn::Module* trained;
    torch::nn::Module* average;
    const char* prefix;
  };
  std::vector<Averaged> averages() {
    std::vector<Averaged> out;
    // "average." is the stage's own network (the only one before stage 2 could tune the bands).
    if (!averagedBand.is_empty())
      out.push_back({band.get(), averagedBand.get(), options.stage == 1 ? "average." : "average_band."});
    if (!averagedRecomposer.is_empty()) out.push_back({recomposer.get(), averagedRecomposer.get(), "average."});
    return out;
  }

  /// A new run's averages start at its starting weights.
  void startAverage() {
    torch::NoGradGuard noGrad;
    for (const auto& a : averages()) {
      const auto from = a.trained->parameters();
      auto to = a.average->parameters();
      for (size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
    }
  }

  /// After step `step`: the decay ramps up as (1 + step) / (10 + step) so that early weights,
  /// far from trained, fade fast (TensorFlow's ExponentialMovingAverage with num_updates).
  void updateAverage() {
    const double decay = std::min(options.averageDecay, (1.0 + step) / (10.0 + step));
    torch::NoGradGuard noGrad;
    for (const auto& a : averages()) {
      const auto from = a.trained->parameters();
      auto to = a.average->parameters();
      for (size_t i = 0; i < to.size(); ++i) to[i].mul_(decay).add_(from[i], 1 - decay);
    }
  }

  /// The learning rate `base` at step `k` (1-based): halved every N steps, ramped up over the warm-up.
  double scheduled(double base, int k) const {
    double lr = base;
    if (options.halveLearningRateEvery > 0) lr *= std::pow(0.5, double((k - 1) / options.halveLearningRateEvery));
    if (k < options.warmupSteps) lr *= double(k) / options.warmupSteps;
    return lr;
  }
  double learningRate(int k) const { return scheduled(options.learningRate, k); }

  torch::Tensor stack(std::vector<torch::Tensor> items) const {
    return torch::stack(items).to(device).contiguous(torch::MemoryFormat::ChannelsLast);
  }

  /// A data-parallel step draws the samples of all ranks (world x batch) from the step's seed and
  /// takes its own: N ranks of batch B see what one process of batch N x B sees.
  int globalBatch() const { return options.batch * options.world.size; }
  bool mine(int sample) const { return sample / options.batch == options.world.rank; }
  bool root() const { return options.world.rank == 0; }

  /// The loss terms' means over the ranks (each rank's own in one process).
  std::vector<double> agreed(std::vector<double> values) {
    if (!collective) return values;
    values = collective->sum(values);
    for (double& v : values) v /= options.world.size;
    return values;
  }

  /// Mixed precision: the bfloat16 copy takes the float32 weights as they are now. Once per step,
  /// before its forward passes (a second copy would change weights the first pass saved).
  void refreshComputingBand() {
    if (computingBand.is_empty()) return;
    torch::NoGradGuard noGrad;
    const auto from = band->parameters();
    auto to = computingBand->parameters();
    for (size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
  }

  /// The band network's last recurrence on x; in mixed precision computed in bfloat16, its
  /// outputs float32 again for the losses.
  nn::BandOutputs bandForward(const torch::Tensor& x) {
    if (computingBand.is_empty()) return band->forward(x).back();
    const auto out = computingBand->forward(x.to(torch::kBFloat16)).back();
    return {out.out1.to(torch::kFloat), out.out2.to(torch::kFloat), out.out4.to(torch::kFloat)};
  }

  /// Mixed precision: the bfloat16 copy's gradients become the float32 weights' (which the
  /// optimiser and the gradient averaging over ranks see), and the copy's are cleared.
  void takeComputedGradients() {
    if (computingBand.is_empty()) return;
    const auto from = computingBand->parameters();
    auto to = band->parameters();
    for (size_t i = 0; i < to.size(); ++i) {
      if (!from[i].grad().defined()) continue;
      to[i].mutable_grad() = from[i].grad().to(to[i].options());
      from[i].mutable_grad().reset();
    }
  }

  /// Backpropagates `loss` and steps each optimiser at its learning rate, gradients averaged over
  /// the ranks.
  void learn(const torch::Tensor& loss, std::initializer_list<std::pair<Adam*, double>> optimisers) {
    loss.backward();
    takeComputedGradients();
    for (const auto& [optimiser, lr] : optimisers) {
      if (collective) collective->averageGradients(optimiser->gradients());
      optimiser->step(lr);
    }
  }

  /// One optimisation step on the batches of step `step + 1`; returns the loss terms (means over
  /// the ranks), or an empty map when the batch was skipped for a non-finite loss (on any rank).
  std::map<std::string, double> trainStep() {
    auto rng = stepRng(options.seed, step + 1);
    std::uniform_int_distribution<size_t> pickPair(0, data.paired.size() - 1);
    std::vector<torch::Tensor> xs, ys;
    for (int i = 0; i < globalBatch(); ++i) {
      const auto& pair = data.paired[pickPair(rng)];
      const auto a = randomAugment(rng, pair.low, options.crop);
      if (!mine(i)) continue;
      xs.push_back(cropOf(pair.low, a, options.crop));
      ys.push_back(cropOf(pair.normal, a, options.crop));
    }
    const auto x = stack(xs), y = stack(ys);
    refreshComputingBand();

    const bool studio = options.recipe == kRecipeStudio;
    if (options.stage == 1) {
      const auto outputs = bandForward(x);
      const auto ssimTerm = bandLoss(outputs, y);
      auto loss = ssimTerm;
      torch::Tensor l1;
      if (studio) loss = loss + (l1 = bandCharbonnier(outputs, y));
      const auto v = agreed({loss.item<double>(), ssimTerm.item<double>(), studio ? l1.item<double>() : 0.0});
      if (!std::isfinite(v[0])) return {};
      adam.zeroGrad();
      learn(loss, {{&adam, learningRate(step + 1)}});
      std::map<std::string, double> losses{{"total", v[0]}, {"ssim", -v[1] / 3}};
      if (studio) losses["l1"] = v[2] / 3;
      return losses;
    }

    auto sample = [&](const std::vector<ByteImage>& images) {
      std::uniform_int_distribution<size_t> pick(0, images.size() - 1);
      std::vector<torch::Tensor> out;
      for (int i = 0; i < globalBatch(); ++i) {
        const auto& img = images[pick(rng)];
        const auto a = randomAugment(rng, img, options.crop);
        if (mine(i)) out.push_back(cropOf(img, a, options.crop));
      }
      return stack(out);
    };
    const auto u = sample(data.unpaired), h = sample(data.quality);
    auto softLabels = [&](double lo, double hi) {
      std::uniform_real_distribution<float> d{float(lo), float(hi)};
      auto t = torch::empty({options.batch, 1});
      for (int i = 0, own = 0; i < globalBatch(); ++i) {
        const float label = d(rng);
        if (mine(i)) t[own++][0] = label;
      }
      return t.to(device);
    };
    const auto realTargets = torch::cat({softLabels(0.7, 1.2), softLabels(0.7, 1.2)});  // for y, then h
    const auto fakeTargets = softLabels(0.0, 0.3);

    std::optional<torch::NoGradGuard> frozen;
    if (!tunesBands()) frozen.emplace();
    const auto outputsX = bandForward(x);
    const nn::Bands bx = nn::bandsFrom(outputsX), bu = nn::bandsFrom(bandForward(u));
    frozen.reset();
    const auto rx = recomposer->forward(x, bx).result;
    const auto ru = recomposer->forward(u, bu).result;

    // The discriminator learns first, on the generator's current output.
    const auto dLoss = leastSquares(discriminator->forward(torch::cat({y, h})), realTargets) +
                       leastSquares(discriminator->forward(ru.detach()), fakeTargets);
    const double dValue = agreed({dLoss.item<double>()})[0];
    if (!std::isfinite(dValue)) return {};
    discriminatorAdam.zeroGrad();
    learn(dLoss, {{&discriminatorAdam, options.discriminatorLearningRate}});

    const auto ssimTerm = ssim(rx, y);
    const auto adversarial = leastSquares(discriminator->forward(ru), torch::ones({}, ru.options()));
    auto loss = -ssimTerm + options.adversarialWeight * adversarial;
    torch::Tensor l1, perceptual, looks;
    if (studio) {
      // Fidelity on the pairs; on the real photos, no more noise, grey blacks or tint than needed.
      loss = loss + (l1 = charbonnier(rx, y));
      loss = loss + (looks = looksTerms(ru, u, options.looksWeights.neutral).total(options.looksWeights));
    }
    if (!vgg.is_empty()) loss = loss + (perceptual = perceptualLoss(vgg, rx, y));
    // A tuned band network keeps its stage-1 loss on the pairs, so that its outputs stay images.
    if (tunesBands()) {
      loss = loss + bandLoss(outputsX, y);
      if (studio) loss = loss + bandCharbonnier(outputsX, y);
    }
    const auto v = agreed({loss.item<double>(), ssimTerm.item<double>(), adversarial.item<double>(),
                           perceptual.defined() ? perceptual.item<double>() : 0.0, studio ? l1.item<double>() : 0.0,
                           studio ? looks.item<double>() : 0.0});
    if (!std::isfinite(v[0])) return {};
    adam.zeroGrad();
    discriminator->zero_grad();
    if (tunesBands()) {
      bandAdam.zeroGrad();
      learn(loss, {{&adam, learningRate(step + 1)}, {&bandAdam, scheduled(options.bandLearningRate, step + 1)}});
    } else {
      learn(loss, {{&adam, learningRate(step + 1)}});
    }
    std::map<std::string, double> losses{{"total", v[0]}, {"ssim", v[1]}, {"adversarial", v[2]}, {"discriminator", dValue}};
    if (perceptual.defined()) losses["perceptual"] = v[3];
    if (studio) {
      losses["l1"] = v[4];
      losses["looks"] = v[5];
    }
    return losses;
  }

  torch::Tensor enhanceForValidation(const torch::Tensor& x) {
    if (options.stage == 1) return exportedBand()->forward(x).back().out1;
    const auto bands = nn::bandsFrom(exportedBand()->forward(x).back());
    return exportedRecomposer()->forward(x, bands).result;
  }

  /// Scores the validation pairs; none when `cancel` becomes true (checked between pairs, where a
  /// set `pause` also waits): a Stop or Pause takes effect within a pair, not after the pass.
  std::optional<ValidationReport> validate(const std::atomic<bool>* cancel = nullptr,
                                           const std::atomic<bool>* pause = nullptr) {
    ValidationReport report;
    report.step = step;
    if (data.validation.empty()) return report;
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < data.validation.size(); ++i) {
      if (pausedThenStopped(pause, cancel)) return std::nullopt;
      const auto& pair = data.validation[i];
      // The networks need sides divisible by 4; score the largest such top-left region.
      const int w = pair.low.width / 4 * 4, h = pair.low.height / 4 * 4;
      auto load = [&](const ByteImage& img) {
        return wholeImage(img).slice(0, 0, h).slice(1, 0, w).permute({2, 0, 1}).unsqueeze(0).to(torch::kFloat32) /
               255.0;
      };
      const auto x = load(pair.low).to(device), y = load(pair.normal).to(device);
      const auto out = enhanceForValidation(x).clamp(0, 1);
      const auto quantised = (out * 255).round() / 255;
      const double mse = (quantised - y).pow(2).mean().item<double>();
      report.psnr += 10 * std::log10(1.0 / std::max(mse, 1e-12));
      report.ssim += ssim(quantised, y).item<double>();
      auto toImage = [w, h](const torch::Tensor& t) {
        const auto cpu = t.squeeze(0).to(torch::kCPU).contiguous();
        infer::FloatImage image(w, h, 3);
        std::memcpy(image.data.data(), cpu.data_ptr<float>(), image.data.size() * sizeof(float));
        return image;
      };
      auto result = toImage(out);
      const auto looks = infer::measureLooks(result, toImage(x));
      for (auto measure : infer::kLooksMeasures) report.looks.*measure += looks.*measure;
      if (i == 0) report.preview = std::move(result);
    }
    const double n = double(data.validation.size());
    report.psnr /= n;
    report.ssim /= n;
    for (auto measure : infer::kLooksMeasures) report.looks.*measure /= n;
    return report;
  }

  std::map<std::string, std::string> modelCard(const char* kind) const {
    auto m = optionsToMetadata(options);
    m["name"] = options.name;
    m["kind"] = kind;
    m["stage"] = std::to_string(options.stage);
    m["date"] = nowIso();
    m["started"] = startedAt;
    m["trained_steps"] = std::to_string(step);
    m["train_seconds"] = fmt(trainSeconds);
    m["hardware"] = device.is_cuda() ? "CUDA GPU " + std::to_string(std::max<int>(0, device.index()))
                                     : nn::cpuModel() + ", " + std::to_string(at::get_num_threads()) + " threads";
    m["software"] = std::string("DRBN Studio " DRBN_VERSION ", LibTorch ") + std::to_string(TORCH_VERSION_MAJOR) +
                    "." + std::to_string(TORCH_VERSION_MINOR);
    const bool studio = options.recipe == kRecipeStudio;
    m["recipe"] = options.recipe + " recipe, " +
                  (options.stage == 1
                       ? std::string("stage 1: -SSIM") + (studio ? " + Charbonnier" : "") +
                             " at full, 1/2, 1/4 scale; Adam; random crops and flips"
                       : std::string("stage 2: recomposition with -SSIM") + (studio ? " + Charbonnier" : "") +
                             (options.adversarialWeight > 0 ? ", least-squares quality GAN (weight " + fmt(options.adversarialWeight) + ")"
                                                            : std::string(", no quality GAN")) +
                             (studio ? ", no-reference looks (noise, colour noise, black level, colour drift from the input, dimming, halo, weighted " +
                                           formatLooksWeights(options.looksWeights) + ") on the unpaired photos"
                                     : "") +
                             (vgg.is_empty() ? "; no perceptual loss (no VGG-16 weights given)"
                                             : " and VGG-16 perceptual loss"));
    if (options.warmupSteps > 0)
      m["recipe"] += "; learning rate warmed up over " + std::to_string(options.warmupSteps) + " steps";
    if (tunesBands())
      m["recipe"] += "; band network tuned too (with its stage-1 loss on the pairs), learning rate " + fmt(options.bandLearningRate);
    if (options.averageDecay > 0) m["recipe"] += "; weights: moving average, decay " + fmt(options.averageDecay);
    if (options.precision == kPrecisionBf16) m["recipe"] += "; band network computed in bfloat16 (mixed precision)";
    m["training_pairs"] = std::to_string(data.paired.size());
    m["validation_pairs"] = std::to_string(data.validation.size());
    if (haveValidation) {
      m["validation_psnr"] = fmt(lastValidation.psnr);
      m["validation_ssim"] = fmt(lastValidation.ssim);
      m["validation_step"] = std::to_string(lastValidation.step);
    }
    return m;
  }

  void writeCheckpoint() {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    auto metadata = optionsToMetadata(options);
    for (const auto& p : band->named_parameters()) tensors.emplace_back("band." + p.key(), p.value());
    for (const auto& a : averages())
      for (const auto& p : a.average->named_parameters()) tensors.emplace_back(a.prefix + p.key(), p.value());
    if (options.stage == 1) {
      adam.save("adam.", tensors, metadata);
    } else {
      for (const auto& p : recomposer->named_parameters()) tensors.emplace_back("recompose." + p.key(), p.value());
      for (const auto& p : discriminator->named_parameters()) tensors.emplace_back("disc." + p.key(), p.value());
      for (const auto& b : discriminator->named_buffers()) tensors.emplace_back("disc." + b.key(), b.value());
      adam.save("adam.", tensors, metadata);
      discriminatorAdam.save("adam_disc.", tensors, metadata);
      if (tunesBands()) bandAdam.save("adam_band.", tensors, metadata);
    }
    metadata["step"] = std::to_string(step);
    metadata["world_size"] = std::to_string(options.world.size);
    metadata["skipped_batches"] = std::to_string(skipped);
    metadata["train_seconds"] = fmt(trainSeconds);
    metadata["started"] = startedAt;
    if (haveValidation) {
      metadata["validation_psnr"] = fmt(lastValidation.psnr);
      metadata["validation_ssim"] = fmt(lastValidation.ssim);
      metadata["validation_step"] = std::to_string(lastValidation.step);
    }
    if (best.step > 0) {
      metadata["best_validation_psnr"] = io::formatNumber(best.psnr);  // exact: a resume compares with it
      metadata["best_validation_ssim"] = io::formatNumber(best.ssim);
      metadata["best_validation_step"] = std::to_string(best.step);
    }
    // The models first: a kill between the two writes leaves models at least as new as the checkpoint.
    // Averaging exports the average.
    weights::saveModule(*exportedBand(), file(kBandsFile), modelCard("band network"));
    if (options.stage == 2)
      weights::saveModule(*exportedRecomposer(), file(kRecomposerFile), modelCard("recomposer"));
    weights::saveTensors(tensors, file(kCheckpoint), metadata);
  }

  void loadCheckpoint() {
    const auto ckpt = weights::readWeightFile(file(kCheckpoint));
    weights::loadInto(*band, weights::selectPrefix(ckpt, "band."));
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& t : ckpt.tensors)
      if (t.name.rfind("adam", 0) == 0) tensors[t.name] = weights::toTensor(t);
    if (options.stage == 2) {
      weights::loadInto(*recomposer, weights::selectPrefix(ckpt, "recompose."));
      weights::loadInto(*discriminator, weights::selectPrefix(ckpt, "disc."));
    }
    for (const auto& a : averages()) weights::loadInto(*a.average, weights::selectPrefix(ckpt, a.prefix));
    moveAndInitOptimisers();
    for (auto& [name, t] : tensors) t = t.to(device);
    adam.load("adam.", tensors, ckpt.metadata, ckpt.path);
    if (options.stage == 2) discriminatorAdam.load("adam_disc.", tensors, ckpt.metadata, ckpt.path);
    if (tunesBands()) bandAdam.load("adam_band.", tensors, ckpt.metadata, ckpt.path);
    auto meta = [&](const char* key) {
      const auto it = ckpt.metadata.find(key);
      return it == ckpt.metadata.end() ? std::string() : it->second;
    };
    try {
      step = std::stoi(meta("step"));
      checkpointWorldSize = meta("world_size").empty() ? 1 : std::stoi(meta("world_size"));
      skipped = meta("skipped_batches").empty() ? 0 : std::stoi(meta("skipped_batches"));
      trainSeconds = meta("train_seconds").empty() ? 0 : io::number<double>(meta("train_seconds"), "train_seconds");
      if (!meta("validation_step").empty()) {
        lastValidation.step = std::stoi(meta("validation_step"));
        lastValidation.psnr = io::number<double>(meta("validation_psnr"), "validation_psnr");
        lastValidation.ssim = io::number<double>(meta("validation_ssim"), "validation_ssim");
        haveValidation = true;
      }
      if (!meta("best_validation_step").empty()) {
        best.step = std::stoi(meta("best_validation_step"));
        best.psnr = io::number<double>(meta("best_validation_psnr"), "best_validation_psnr");
        // Not recorded before 2026-11-27.
        best.ssim = meta("best_validation_ssim").empty() ? std::nan("")
                                                         : io::number<double>(meta("best_validation_ssim"), "best_validation_ssim");
      }
    } catch (const std::logic_error&) {
      throw TrainingError(ckpt.path + ": the checkpoint's step or timing is not a number");
    }
    startedAt = meta("started");
  }

  /// Appends a row to a CSV log. Columns are only ever added at the end, so a log begun by an
  /// older version (a resumed run) goes on with the columns its header has.
  void appendLog(const char* name, const std::string& header, const std::vector<std::string>& values) {
    const auto path = file(name);
    std::string existing;
    if (std::ifstream in(path); in) std::getline(in, existing);
    const size_t columns =
        existing.empty() ? values.size() : std::min(values.size(), size_t(std::count(existing.begin(), existing.end(), ',')) + 1);
    std::ofstream out(path, std::ios::app);
    if (existing.empty()) out << header << "\n";
    for (size_t i = 0; i < columns; ++i) out << (i > 0 ? "," : "") << values[i];
    out << "\n";
    if (!out) throw TrainingError(path + ": cannot write the training log");
  }
};

Trainer::Trainer() : m_impl(std::make_unique<Impl>()) {}

Trainer::Trainer(const TrainOptions& options, TrainingSet data, const std::string& runDir) : Trainer() {
  checkData(options, data);
  std::error_code ec;
  fs::create_directories(runDir, ec);
  if (ec) throw TrainingError(runDir + ": cannot create the run folder: " + ec.message());
  if (hasCheckpoint(runDir))
    throw TrainingError(runDir + ": already holds a training run; resume it or choose another folder");
  auto& d = *m_impl;
  d.options = options;
  d.data = std::move(data);
  d.dir = runDir;
  d.startedAt = nowIso();
  d.setUp();
  if (!options.bandNetwork.empty()) weights::loadInto(*d.band, weights::readWeightFile(options.bandNetwork));
  if (options.stage == 2 && !options.recomposer.empty())
    weights::loadInto(*d.recomposer, weights::readWeightFile(options.recomposer));
  d.moveAndInitOptimisers();
  d.startAverage();
  if (d.root()) {
    fs::remove(d.file("log.csv"));
    fs::remove(d.file("validation.csv"));
  }
}

std::unique_ptr<Trainer> Trainer::resume(const std::string& runDir, TrainingSet data, const ResumeOptions& changes) {
  std::unique_ptr<Trainer> trainer(new Trainer());
  auto& d = *trainer->m_impl;
  d.options = savedOptions(runDir);
  if (!changes.device.empty()) d.options.device = changes.device;
  // A run from a GPU machine continues on this one's CPU unless a device is asked for.
  else if (d.options.device.rfind("cuda", 0) == 0 && !torch::cuda::is_available()) d.options.device = "cpu";
  // Threads belong to the machine: a run from a larger one (a GPU machine's --threads 4 on two
  // cores here) would oversubscribe this one's cores and crawl.
  if (changes.threads > 0) d.options.threads = changes.threads;
  else if (const unsigned cores = std::thread::hardware_concurrency(); cores > 0 && unsigned(d.options.threads) > cores)
    d.options.threads = 0;
  if (!changes.data.empty()) d.options.data = changes.data;
  d.options.world = changes.world;
  checkData(d.options, data);
  d.data = std::move(data);
  d.dir = runDir;
  if (d.root()) io::removeStaleTemporaries(runDir);  // what the interrupted run's last write left
  d.setUp();
  d.loadCheckpoint();
  if (d.root()) {
    truncateLog(d.file("log.csv"), d.step);
    truncateLog(d.file("validation.csv"), d.step);
  }
  return trainer;
}

TrainOptions Trainer::savedOptions(const std::string& runDir) {
  const auto path = (fs::path(runDir) / kCheckpoint).string();
  if (!fs::exists(path)) throw TrainingError(runDir + ": no training run here (no " + kCheckpoint + ")");
  return optionsFromMetadata(weights::readWeightFile(path).metadata, path);
}

bool Trainer::hasCheckpoint(const std::string& runDir) { return fs::exists(fs::path(runDir) / kCheckpoint); }

Trainer::~Trainer() = default;

int Trainer::step() const { return m_impl->step; }
const TrainOptions& Trainer::options() const { return m_impl->options; }

void Trainer::setTotalSteps(int steps) {
  if (steps < 1) throw TrainingError("steps must be at least 1");
  m_impl->options.steps = steps;
}
ValidationReport Trainer::validate() { return *m_impl->validate(); }

std::string validationLine(const ValidationReport& v) {
  using io::formatFixed;
  return "validation at step " + std::to_string(v.step) + ": PSNR " + formatFixed(v.psnr, 2) + " dB, SSIM " +
         formatFixed(v.ssim, 4) + "; noise " + formatFixed(v.looks.noise, 2) + ", chroma noise " +
         formatFixed(v.looks.chromaNoise, 2) + ", cast " + formatFixed(v.looks.cast, 2) + ", black " +
         formatFixed(v.looks.blackLevel, 1) + ", halo " + formatFixed(v.looks.halo, 2);
}

nn::ComputeDevice Trainer::device() const {
  const auto& d = m_impl->device;
  return {d.is_cuda(), std::max<int>(0, d.index()), at::get_num_threads()};
}

TrainResult Trainer::run(const TrainCallbacks& callbacks, const std::atomic<bool>* cancel,
                         const std::atomic<bool>* pause) {
  auto& d = *m_impl;
  const auto& o = d.options;
  using Clock = std::chrono::steady_clock;
  const int validateEvery = o.validateEvery > 0 ? o.validateEvery : o.checkpointEvery;
  int nonFinite = 0;
  double secondsPerStep = 0;
  TrainResult result;
  // In a data-parallel run rank 0 alone reports, validates and writes the run folder.
  auto note = [&](TrainingNote::Kind kind, const std::string& text, const std::string& path = {}) {
    if (callbacks.note && d.root()) callbacks.note({kind, d.step, path, text});
  };
  auto checkpoint = [&] {
    if (!d.root()) return;
    d.writeCheckpoint();
    note(TrainingNote::Kind::CheckpointWritten,
         "checkpoint at step " + std::to_string(d.step) + " written to " + d.file(kCheckpoint), d.file(kCheckpoint));
  };
  if (d.collective) {
    std::vector<torch::Tensor> parameters;
    for (const auto* module : {static_cast<torch::nn::Module*>(d.band.get()),
                               d.recomposer.is_empty() ? nullptr : static_cast<torch::nn::Module*>(d.recomposer.get()),
                               d.discriminator.is_empty() ? nullptr : static_cast<torch::nn::Module*>(d.discriminator.get())})
      if (module)
        for (const auto& p : module->parameters()) parameters.push_back(p);
    d.collective->broadcastFromRankZero(parameters);  // every rank starts from rank 0's weights
    note(TrainingNote::Kind::Processes, std::to_string(o.world.size) + " processes (" + o.world.launcher + "), batch " + std::to_string(o.batch) +
         " each, " + std::to_string(d.globalBatch()) + " in all" +
         (d.step > 0 && d.checkpointWorldSize != o.world.size
              ? "; the checkpoint was written by a run of " + std::to_string(d.checkpointWorldSize)
              : std::string()));
  } else if (d.step > 0 && d.checkpointWorldSize != 1) {
    note(TrainingNote::Kind::Processes, "one process, batch " + std::to_string(o.batch) + "; the checkpoint was written by a run of " +
         std::to_string(d.checkpointWorldSize) + " processes");
  }

  while (d.step < o.steps) {
    bool stop = cancel && cancel->load();
    if (d.collective) stop = d.collective->sum({stop ? 1.0 : 0.0})[0] > 0;  // one rank's stop stops all, together
    if (stop) {
      result.cancelled = true;
      break;
    }
    if (!d.collective && pausedThenStopped(pause, cancel)) continue;

    const auto start = Clock::now();
    const auto losses = d.trainStep();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    d.trainSeconds += seconds;
    ++d.step;  // a skipped batch still uses up its step, so the data sequence stays the same
    if (!losses.empty()) d.updateAverage();
    if (losses.empty()) {
      ++d.skipped;
      note(TrainingNote::Kind::BatchSkipped, "step " + std::to_string(d.step) + ": non-finite loss, batch skipped");
      if (++nonFinite >= kMaxNonFinite)
        throw TrainingError("the loss was not finite for " + std::to_string(kMaxNonFinite) +
                            " batches in a row; the model diverged (try a lower learning rate)");
    } else {
      nonFinite = 0;
      secondsPerStep = secondsPerStep == 0 ? seconds : 0.9 * secondsPerStep + 0.1 * seconds;
      std::vector<std::string> row{std::to_string(d.step), fmt(d.trainSeconds), fmt(d.learningRate(d.step))};
      for (const char* key : {"total", "ssim", "perceptual", "adversarial", "discriminator", "l1", "looks"}) {
        const auto it = losses.find(key);
        row.push_back(it == losses.end() ? std::string() : fmt(it->second));
      }
      if (d.root()) d.appendLog("log.csv", "step,seconds,learning_rate,loss,ssim,perceptual,adversarial,discriminator,l1,looks", row);
      if (callbacks.step && d.root()) {
        StepReport report;
        report.step = d.step;
        report.steps = o.steps;
        report.losses = losses;
        report.learningRate = d.learningRate(d.step);
        report.stepsPerSecond = secondsPerStep > 0 ? 1 / secondsPerStep : 0;
        report.secondsLeft = secondsPerStep * (o.steps - d.step);
        report.skippedBatches = d.skipped;
        callbacks.step(report);
      }
    }
    if (d.step % validateEvery == 0 || d.step == o.steps) {
      if (!d.data.validation.empty() && d.root()) {
        if (callbacks.validating) callbacks.validating(d.step, int(d.data.validation.size()));
        const auto validation = d.validate(d.collective ? nullptr : cancel, pause);
        if (!validation) {  // stopped during the pass: it is dropped, the run checkpoints and ends
          result.cancelled = true;
          break;
        }
        d.lastValidation = *validation;
        d.haveValidation = true;
        const auto& v = d.lastValidation;
        d.appendLog("validation.csv", "step,psnr,ssim,noise,chroma_noise,cast,black_level,halo",
                    {std::to_string(d.step), fmt(v.psnr), fmt(v.ssim), fmt(v.looks.noise), fmt(v.looks.chromaNoise),
                     fmt(v.looks.cast), fmt(v.looks.blackLevel), fmt(v.looks.halo)});
        if (o.stage == 1 && (d.best.step == 0 || v.psnr > d.best.psnr)) {
          d.best = v;
          weights::saveModule(*d.exportedBand(), d.file(kBestBandsFile), d.modelCard("band network"));
        }
        if (callbacks.validated) callbacks.validated(d.lastValidation);
      }
    }
    if (d.step % o.checkpointEvery == 0 || d.step == o.steps) checkpoint();
  }
  if (result.cancelled) checkpoint();

  result.step = d.step;
  result.bandNetworkPath = d.file(kBandsFile);
  result.modelPath = o.stage == 1 ? result.bandNetworkPath : d.file(kRecomposerFile);
  if (d.haveValidation) result.validation = d.lastValidation;
  if (d.best.step > 0) {
    result.best = d.best;
    result.bestModelPath = d.file(kBestBandsFile);
  }
  return result;
}

}  // namespace drbn::train
