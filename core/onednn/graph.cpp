// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/onednn/graph.h"

#include "core/onednn/winograd.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace drbn::onednn {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;

const dnnl::engine& cpuEngine() {
  static const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

/// A tensor of the plan, stored nhwc at `offset` floats into the arena. (nhwc throughout: a run
/// of rows is then a tensor of its own, which the streamed dense blocks need; with them, nhwc ran
/// faster than channels in blocks of 8 on AVX2 too, 2.0 vs 2.7 s/MP.)
struct Value {
  size_t offset = 0;
  int height = 0, width = 0;
  int channels = 0;

  size_t floats() const { return size_t(channels) * size_t(height) * size_t(width); }
  memory::desc desc() const { return memory::desc({1, channels, height, width}, Type::f32, Tag::nhwc); }
  /// Where channel c of pixel p is.
  size_t index(int c, size_t p) const { return p * size_t(channels) + size_t(c); }
};

/// The inputs of one layer: the channels of these tensors, in order, as if concatenated.
using Parts = std::vector<Value>;

/// Where the plan's tensors live in its arena. A dry run of the build records each tensor's
/// size and lifetime; placement() then puts them largest first, each at the lowest offset free
/// for its whole lifetime (the greedy-by-size placement of TensorFlow Lite's arena planner); the
/// real build replays those offsets. (Placing first-fit while building left holes: the arena was
/// 18% larger than the most memory live at once, 319 vs 271 B/px for stage 2.)
class ArenaPlanner {
 public:
  ArenaPlanner() = default;  // records
  explicit ArenaPlanner(std::vector<size_t> offsets) : m_offsets(std::move(offsets)), m_replay(true) {}

  size_t allocate(size_t n) {
    if (m_replay) {
      const size_t at = m_offsets.at(m_blocks.size());
      m_blocks.push_back({n, 0, 0});
      m_size = std::max(m_size, at + n);
      return at;
    }
    // Recording: tensors get distinct offsets, by which release() finds them.
    m_blocks.push_back({n, m_events, kAlive});
    ++m_events;
    m_size += n;
    return m_size - n;
  }
  /// Releases a tensor (or a part of one allocated with others, which lives until its last part).
  void release(size_t at, size_t) {
    if (m_replay) return;
    size_t start = 0;
    for (auto& b : m_blocks) {
      if (at < start + b.size) {
        b.end = m_events;  // events only grow: a later part's release ends it later
        break;
      }
      start += b.size;
    }
    ++m_events;
  }
  size_t size() const { return m_size; }

  /// The offsets of the recorded tensors, in the order they were allocated.
  std::vector<size_t> placement() const {
    std::vector<size_t> order(m_blocks.size()), offsets(m_blocks.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m_blocks[a].size > m_blocks[b].size; });
    std::vector<size_t> placed;
    for (size_t i : order) {
      const Block& b = m_blocks[i];
      // Those placed that live at the same time, by offset; the first gap that fits.
      std::vector<std::pair<size_t, size_t>> busy;
      for (size_t j : placed)
        if (m_blocks[j].begin < b.end && b.begin < m_blocks[j].end) busy.emplace_back(offsets[j], m_blocks[j].size);
      std::sort(busy.begin(), busy.end());
      size_t at = 0;
      for (const auto& [offset, size] : busy) {
        if (offset >= at + b.size) break;
        at = std::max(at, offset + size);
      }
      offsets[i] = at;
      placed.push_back(i);
    }
    return offsets;
  }

 private:
  static constexpr size_t kAlive = std::numeric_limits<size_t>::max();  // never released
  struct Block {
    size_t size, begin, end;  // lifetime [begin, end) in allocation and release events
  };
  std::vector<Block> m_blocks;
  std::vector<size_t> m_offsets;
  size_t m_events = 0, m_size = 0;
  bool m_replay = false;
};

/// What a step of a plan runs against.
struct Runtime {
  dnnl::stream stream;
  float* arena;
  const Planes* input;
  std::vector<Planes>* outputs;
};

}  // namespace

/// The memory all tensors of a run live in, in transparent huge pages where the kernel allows:
/// ~1 GB of activations per megapixel would otherwise cost a page fault every 4 KiB.
class Arena {
 public:
  explicit Arena(size_t floats) : m_bytes(std::max<size_t>(floats, 1) * sizeof(float)) {
    void* p = mmap(nullptr, m_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    madvise(p, m_bytes, MADV_HUGEPAGE);
    m_data = static_cast<float*>(p);
  }
  ~Arena() { munmap(m_data, m_bytes); }
  size_t floats() const { return m_bytes / sizeof(float); }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  float* data() { return m_data; }

 private:
  size_t m_bytes;
  float* m_data;
};

bool available() { return true; }

std::string cpuIsa() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

/// 3x3 convolutions (stride 1) run on Winograd3x3 where kernelIsa() says so: on every shape
/// DRBN has, they ran 1.0-2.5x as fast as oneDNN's direct kernels with AVX-512 and 1.4-3.6x with
/// AVX2 (2 threads, 16 x 1080 rows, in GFLOP/s of the direct algorithm's work: 16 -> 32 channels
/// 751 vs 473 and 558 vs 253; 8 -> 16 410 vs 423 and 381 vs 189; 16 -> 3 133 vs 83 and 127 vs
/// 35; AMD EPYC Zen 5).
std::optional<Winograd3x3::Isa> kernelIsa() {
  static const std::string isa = cpuIsa();
  static const bool off = [] {
    const char* setting = std::getenv("DRBN_WINOGRAD");
    return setting && std::string(setting) == "0";
  }();
  if (off) return std::nullopt;
  if (isa.rfind("avx512", 0) == 0) return Winograd3x3::Isa::Avx512;
  if (isa.rfind("avx2", 0) == 0) return Winograd3x3::Isa::Avx2;
  return std::nullopt;
}

double convolutionGflops() {
  constexpr int kChannels = 64, kSide = 256, kRuns = 5;
  const memory::dims dims{1, kChannels, kSide, kSide};
  const memory::desc data(dims, Type::f32, Tag::nhwc);
  const memory::desc weights({kChannels, kChannels, 3, 3}, Type::f32, Tag::any);
  const memory::desc bias({kChannels}, Type::f32, Tag::x);
  dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, data,
                                       weights, bias, data, {1, 1}, {1, 1}, {1, 1});
  dnnl::convolution_forward::primitive_desc pd(desc, cpuEngine());
  memory src(data, cpuEngine()), dst(data, cpuEngine()), w(pd.weights_desc(), cpuEngine()), b(bias, cpuEngine());
  // Real numbers, not untouched zero pages, so memory traffic is what a network sees.
  for (const auto* m : {&src, &w, &b}) {
    auto* p = static_cast<float*>(m->get_data_handle());
    for (size_t i = 0; i < m->get_desc().get_size() / sizeof(float); ++i) p[i] = float(i % 97) * 0.01f;
  }
  dnnl::convolution_forward conv(pd);
  dnnl::stream stream(cpuEngine());
  const std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, dst}};
  double best = 1e30;
  for (int i = 0; i <= kRuns; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    conv.execute(stream, args);
    stream.wait();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (i > 0) best = std::min(best, s);  // the first run compiles and warms up
  }
  return 2.0 * kChannels * kChannels * 9 * kSide * kSide / best / 1e9;
}

/// The primitives of one network for one input size, and where each tensor lives.
class Plan {
 public:
  int height = 0, width = 0;
  bool allRecurrences = false;
  size_t arenaFloats = 0;
  std::vector<std::function<void(Runtime&)>> steps;
};

namespace {

/// Weights in the layout a primitive wants.
memory reordered(const memory& weights, const memory::desc& wanted) {
  if (weights.get_desc() == wanted) return weights;
  memory out(wanted, cpuEngine());
  dnnl::stream stream(cpuEngine());
  memory in = weights;
  dnnl::reorder(in, out).execute(stream, in, out);
  stream.wait();
  return out;
}

/// Rows a streamed dense block computes at a time. Its strip buffers (0.6 KB per pixel of a row
/// for RDB(16, 8)) then stay in cache: for a 1080 px wide RDB(16, 8), 16 rows took 47 ms, 8 rows
/// 49, 32 rows 51, 48 rows 60, and the whole block layer by layer 82. A multiple of 4: Winograd's
/// tiles are 4 rows high (9 rows would compute 12).
int stripRows(int width) { return std::clamp(16 * 1080 / std::max(width, 1) / 4 * 4, 8, 32); }

/// out[x] = relu(sum of from[j][x]) for G channels of each pixel x, to `own` (dense, when not
/// null) and to `into` (every `intoStride` floats).
template <int G>
[[gnu::always_inline]] inline void sumRelu(const float* const* from, const int* strides, int count, float* own,
                                           float* into, int intoStride, int width) {
  for (int x = 0; x < width; ++x) {
    float sum[G];
    for (int i = 0; i < G; ++i) sum[i] = from[0][size_t(x) * strides[0] + i];
    for (int j = 1; j < count; ++j)
      for (int i = 0; i < G; ++i) sum[i] += from[j][size_t(x) * strides[j] + i];
    for (int i = 0; i < G; ++i) sum[i] = sum[i] > 0.0f ? sum[i] : 0.0f;
    if (own)
      for (int i = 0; i < G; ++i) own[size_t(x) * G + i] = sum[i];
    for (int i = 0; i < G; ++i) into[size_t(x) * intoStride + i] = sum[i];
  }
}

// Vector widths picked at run time (the CPU changes between machines).
[[gnu::target_clones("avx512f", "avx2", "default")]] void sumReluRow(int g, const float* const* from,
                                                                      const int* strides, int count, float* own,
                                                                      float* into, int intoStride, int width) {
  if (g == 8) sumRelu<8>(from, strides, count, own, into, intoStride, width);
  else sumRelu<16>(from, strides, count, own, into, intoStride, width);
}

/// A residual dense block computed strip by strip of rows (a run of rows of an nhwc tensor is
/// itself a dense tensor). Each part (the input, then each layer's output) is convolved
/// once, as soon as it exists, into its contributions to all later layers (16 -> 32 channels
/// instead of four 16 -> 8: oneDNN runs 8-channel outputs at under half the speed), and a gather
/// pass sums a layer's contributions and applies its ReLU. The parts live only in strip buffers,
/// not in the arena at full size; each layer lags the one before by a row (its 3x3 halo), so no
/// row is computed twice. LFF convolves all parts together with the block's input and the tensors
/// added to its output, the sums as identities in its weights: one plain 1x1 convolution (binary
/// post-ops would take oneDNN off its brgemm kernels). The same sums in another order than layer
/// by layer (~1e-6).
class StreamedBlock {
 public:
  static constexpr int kLayers = 4;
  /// Tensors: the block's input and output (full size), tensors added to the output, and the
  /// strip buffers the caller placed for it (see bufferChannels()).
  struct Tensors {
    Value input, output;
    Parts adds, buffers;
  };
  /// Channels of the strip buffers: the contributions of part j (4 - j layers of g), the outputs
  /// of layers 0-2 alone (the next convolution's input), and all parts with the adds (LFF's).
  static std::vector<int> bufferChannels(int g0, int g, int adds) {
    return {4 * g, 3 * g, 2 * g, g, g, g, g, g0 + kLayers * g + adds};
  }
  static int bufferRows(int height, int width) { return std::min(stripRows(width) + kLayers, height); }

  using Layers = std::array<const Parameter*, kLayers>;
  /// A 1x1 convolution applied to the block's output, when `weight` is set.
  struct Pointwise {
    const Parameter *weight = nullptr, *bias = nullptr;
  };
  StreamedBlock(const Layers& weights, const Layers& biases, const Parameter& lffWeight, const Parameter& lffBias,
                const Pointwise& then, const Tensors& tensors);
  void run(const Runtime& rt) const;

 private:
  enum Buffer { kInput, kOutput, kContributions, kLayerOut = kContributions + kLayers, kAll = kLayerOut + kLayers - 1 };
  /// One convolution (part j's contributions, or LFF) and its primitive for each row range shape.
  struct Convolution {
    int src = 0, dst = 0, kernel = 3;
    memory oihw, bias;
    std::shared_ptr<const Winograd3x3> winograd;  // when it runs there rather than on oneDNN
    struct Variant {
      int inRows, pad;  // pad: the rows above the first output row it reads (0 or 1)
      dnnl::convolution_forward primitive;  // unless winograd
      memory::desc src, dst;
      memory weights;
    };
    std::vector<Variant> variants;
  };
  struct Action {
    enum Kind { Slide, Convolve, Gather } kind;
    int index;  // Convolve: the convolution; Gather: the layer
    int begin, end;  // rows; Slide: the buffers' new first row and the strip's start
    int variant;
  };

  int variantFor(Convolution& c, int begin, int end);
  static Convolution composed(const Parameter& weight, const Parameter& bias, const Convolution& first);
  const Value& tensor(int buffer) const {
    return buffer == kInput ? m_t.input : buffer == kOutput ? m_t.output : m_t.buffers[size_t(buffer - kContributions)];
  }
  /// Row r of a tensor; strip buffers hold rows from `origin` on.
  float* row(const Runtime& rt, int buffer, int r, int origin) const {
    const Value& v = tensor(buffer);
    const int first = buffer == kInput || buffer == kOutput ? 0 : origin;
    return rt.arena + v.offset + size_t(r - first) * size_t(v.width) * size_t(v.channels);
  }
  float* row(const Runtime& rt, const Value& full, int r) const {
    return rt.arena + full.offset + size_t(r) * size_t(full.width) * size_t(full.channels);
  }
  void slide(const Runtime& rt, int from, int to, int strip) const;
  void gather(const Runtime& rt, int layer, int begin, int end, int origin) const;

  Tensors m_t;
  int m_g0, m_g, m_height, m_width;
  std::vector<Convolution> m_convolutions;  // parts 0-3, then LFF
  std::vector<Action> m_actions;
};

StreamedBlock::StreamedBlock(const Layers& weights, const Layers& biases, const Parameter& lffWeight,
                             const Parameter& lffBias, const Pointwise& then, const Tensors& tensors)
    : m_t(tensors), m_g0(tensors.input.channels), m_g(int(biases[0]->shape[0])), m_height(tensors.input.height),
      m_width(tensors.input.width) {
  const int g0 = m_g0, g = m_g, kk = 9;
  // Part j's contributions to layers j..3: output block i is layer j + i's weights over part j's
  // input channels; part 0 carries the layers' biases.
  for (int j = 0; j < kLayers; ++j) {
    const int ins = j == 0 ? g0 : g, first = j == 0 ? 0 : g0 + (j - 1) * g, outs = (kLayers - j) * g;
    Convolution c;
    c.src = j == 0 ? kInput : kLayerOut + j - 1;
    c.dst = kContributions + j;
    c.oihw = memory({{outs, ins, 3, 3}, Type::f32, Tag::oihw}, cpuEngine());
    c.bias = memory({{outs}, Type::f32, Tag::x}, cpuEngine());
    auto* w = static_cast<float*>(c.oihw.get_data_handle());
    auto* b = static_cast<float*>(c.bias.get_data_handle());
    for (int i = 0; i < kLayers - j; ++i) {
      const Parameter& lw = *weights[size_t(j + i)];
      const int64_t layerIns = lw.shape[1];
      for (int o = 0; o < g; ++o) {
        b[i * g + o] = j == 0 ? biases[size_t(i)]->values[size_t(o)] : 0.0f;
        for (int in = 0; in < ins; ++in)
          std::copy_n(lw.values.data() + size_t(o * layerIns + first + in) * kk, kk,
                      w + (size_t(i * g + o) * ins + in) * kk);
      }
    }
    if (const auto isa = kernelIsa())
      c.winograd = std::make_shared<const Winograd3x3>(w, b, outs, std::vector<int>{ins}, *isa, Winograd3x3::PostOps{});
    m_convolutions.push_back(std::move(c));
  }
  // LFF over all parts, then the identity for the input (the residual sum) and for each add.
  Convolution lff;
  lff.src = kAll;
  lff.dst = kOutput;
  lff.kernel = 1;
  const int parts = g0 + kLayers * g, all = m_t.buffers.back().channels;
  lff.oihw = memory({{g0, all, 1, 1}, Type::f32, Tag::oihw}, cpuEngine());
  lff.bias = memory({{g0}, Type::f32, Tag::x}, cpuEngine());
  auto* w = static_cast<float*>(lff.oihw.get_data_handle());
  std::fill_n(w, size_t(g0) * all, 0.0f);
  for (int o = 0; o < g0; ++o) {
    std::copy_n(lffWeight.values.data() + size_t(o) * parts, parts, w + size_t(o) * all);
    w[size_t(o) * all + o] += 1.0f;
    for (int at = parts; at < all; at += g0) w[size_t(o) * all + at + o] = 1.0f;
  }
  std::copy_n(lffBias.values.data(), g0, static_cast<float*>(lff.bias.get_data_handle()));
  if (then.weight) lff = composed(*then.weight, *then.bias, lff);
  m_convolutions.push_back(std::move(lff));

  // The schedule: strip by strip, layer c's rows lag the strip's end by c (LFF by 3); before each
  // strip, the buffers drop the rows no later step reads.
  const int strip = stripRows(m_width), rows = m_height;
  auto frontier = [rows](int lag, int at) { return at == rows ? rows : std::max(0, at - lag); };
  for (int prev = 0, t = std::min(strip, rows);; prev = t, t = std::min(t + strip, rows)) {
    if (prev > 0) m_actions.push_back({Action::Slide, 0, prev - kLayers, prev, 0});
    for (int c = 0; c < kLayers; ++c) {
      const int a = frontier(c, prev), e = frontier(c, t);
      if (e <= a) continue;
      m_actions.push_back({Action::Convolve, c, a, e, variantFor(m_convolutions[size_t(c)], a, e)});
      m_actions.push_back({Action::Gather, c, a, e, 0});
    }
    const int a = frontier(kLayers - 1, prev), e = frontier(kLayers - 1, t);
    if (e > a) m_actions.push_back({Action::Convolve, kLayers, a, e, variantFor(m_convolutions.back(), a, e)});
    if (t == rows) break;
  }
}

/// The 1x1 convolution (weight, bias) after the 1x1 convolution `first`, as one: W2 (W1 x + b1)
/// + b2 = (W2 W1) x + (W2 b1 + b2), products summed in double (a rounding apart, ~1e-7).
StreamedBlock::Convolution StreamedBlock::composed(const Parameter& weight, const Parameter& bias,
                                                   const Convolution& first) {
  const auto dims = first.oihw.get_desc().dims();
  const int mids = int(dims[0]), ins = int(dims[1]), outs = int(weight.shape[0]);
  if (weight.shape != std::vector<int64_t>{outs, mids, 1, 1} || bias.shape != std::vector<int64_t>{outs})
    throw std::invalid_argument("oneDNN network: a 1x1 convolution after a dense block does not fit it");
  Convolution c = first;
  c.oihw = memory({{outs, ins, 1, 1}, Type::f32, Tag::oihw}, cpuEngine());
  c.bias = memory({{outs}, Type::f32, Tag::x}, cpuEngine());
  const auto* w1 = static_cast<const float*>(first.oihw.get_data_handle());
  const auto* b1 = static_cast<const float*>(first.bias.get_data_handle());
  auto* w = static_cast<float*>(c.oihw.get_data_handle());
  auto* b = static_cast<float*>(c.bias.get_data_handle());
  for (int o = 0; o < outs; ++o) {
    double sum = bias.values[size_t(o)];
    for (int m = 0; m < mids; ++m) sum += double(weight.values[size_t(o * mids + m)]) * b1[m];
    b[o] = float(sum);
    for (int i = 0; i < ins; ++i) {
      double wi = 0;
      for (int m = 0; m < mids; ++m) wi += double(weight.values[size_t(o * mids + m)]) * w1[size_t(m) * ins + i];
      w[size_t(o) * ins + i] = float(wi);
    }
  }
  return c;
}

/// The primitive computing output rows [begin, end) of `c`, made once per shape (top, middle
/// and bottom strips differ in rows and padding).
int StreamedBlock::variantFor(Convolution& c, int begin, int end) {
  const int pad = (c.kernel - 1) / 2;
  const int in0 = std::max(begin - pad, 0), in1 = std::min(end + pad, m_height);
  const int top = pad - (begin - in0), bottom = pad - (in1 - end);
  for (size_t i = 0; i < c.variants.size(); ++i) {
    const auto& v = c.variants[i];
    if (v.dst.dims()[2] == end - begin && v.inRows == in1 - in0 && v.pad == begin - in0) return int(i);
  }
  const int ins = int(c.oihw.get_desc().dims()[1]), outs = int(c.oihw.get_desc().dims()[0]);
  Convolution::Variant v;
  v.inRows = in1 - in0;
  v.pad = begin - in0;
  v.src = memory::desc({1, ins, in1 - in0, m_width}, Type::f32, Tag::nhwc);
  v.dst = memory::desc({1, outs, end - begin, m_width}, Type::f32, Tag::nhwc);
  if (c.winograd) {
    c.variants.push_back(std::move(v));
    return int(c.variants.size()) - 1;
  }
  dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, v.src,
      memory::desc({outs, ins, c.kernel, c.kernel}, Type::f32, Tag::any), c.bias.get_desc(), v.dst, {1, 1},
      {top, pad}, {bottom, pad});
  dnnl::convolution_forward::primitive_desc pd(desc, cpuEngine());
  v.primitive = dnnl::convolution_forward(pd);
  v.weights = reordered(c.oihw, pd.weights_desc());
  for (const auto& other : c.variants)
    if (other.weights.get_desc() == pd.weights_desc()) v.weights = other.weights;  // shared, not copied
  c.variants.push_back(std::move(v));
  return int(c.variants.size()) - 1;
}

/// Moves what the strip buffers still need before strip `strip` starts from their first row
/// `from` to `to`: the rows below that later gathers (contributions, all parts) and
/// convolutions (layer outputs) read, up to where each was computed (lagging c rows for layer c).
void StreamedBlock::slide(const Runtime& rt, int from, int to, int strip) const {
  auto move = [&](int buffer, int first, int end) {
    if (end <= first) return;
    const Value& v = tensor(buffer);
    std::memmove(row(rt, buffer, first, to), row(rt, buffer, first, from),
                 size_t(end - first) * size_t(v.width) * size_t(v.channels) * sizeof(float));
  };
  const int lag = kLayers - 1;  // LFF's and the last gather's
  for (int j = 0; j < kLayers; ++j) move(kContributions + j, strip - lag, strip - j);
  for (int c = 0; c < kLayers - 1; ++c) move(kLayerOut + c, strip - c - 2, strip - c);
  move(kAll, strip - lag, strip);
}

/// Layer `layer`'s output on rows [begin, end): ReLU of the sum of its contributions, written to
/// its own buffer (the next convolution's input) and to its place among all parts (LFF's). Layer
/// 0 first copies the block's input and the adds there too.
void StreamedBlock::gather(const Runtime& rt, int layer, int begin, int end, int origin) const {
  const int g = m_g, g0 = m_g0, width = m_width, all = m_t.buffers.back().channels;
#pragma omp parallel for
  for (int r = begin; r < end; ++r) {
    float* parts = row(rt, kAll, r, origin);
    if (layer == 0) {
      auto copy = [&](const Value& v, int into) {
        const float* in = row(rt, v, r);
        for (int x = 0; x < width; ++x) std::copy_n(in + size_t(x) * v.channels, v.channels, parts + size_t(x) * all + into);
      };
      copy(m_t.input, 0);
      int at = g0 + kLayers * g;
      for (const auto& add : m_t.adds) {
        copy(add, at);
        at += add.channels;
      }
    }
    const float* from[kLayers];
    int strides[kLayers];
    for (int j = 0; j <= layer; ++j) {
      from[j] = row(rt, kContributions + j, r, origin) + (layer - j) * g;
      strides[j] = (kLayers - j) * g;
    }
    float* own = layer < kLayers - 1 ? row(rt, kLayerOut + layer, r, origin) : nullptr;
    sumReluRow(g, from, strides, layer + 1, own, parts + g0 + layer * g, all, width);
  }
}

void StreamedBlock::run(const Runtime& rt) const {
  int origin = 0;  // the first row the strip buffers hold
  for (const auto& a : m_actions) {
    switch (a.kind) {
      case Action::Slide:
        slide(rt, origin, a.begin, a.end);
        origin = a.begin;
        break;
      case Action::Convolve: {
        const auto& c = m_convolutions[size_t(a.index)];
        const auto& v = c.variants[size_t(a.variant)];
        if (c.winograd) {
          c.winograd->run({{row(rt, c.src, a.begin - v.pad, origin), int(c.oihw.get_desc().dims()[1])}}, v.inRows, v.pad,
                          row(rt, c.dst, a.begin, origin), a.end - a.begin, m_width);
          break;
        }
        v.primitive.execute(rt.stream,
                            {{DNNL_ARG_SRC, memory(v.src, cpuEngine(), row(rt, c.src, a.begin - v.pad, origin))},
                             {DNNL_ARG_WEIGHTS, v.weights},
                             {DNNL_ARG_BIAS, c.bias},
                             {DNNL_ARG_DST, memory(v.dst, cpuEngine(), row(rt, c.dst, a.begin, origin))}});
        break;
      }
      case Action::Gather: gather(rt, a.index, a.begin, a.end, origin); break;
    }
  }
}

/// Turns the network's structure into a plan's steps, placing tensors as it goes.
class Builder {
 public:
  /// A dry builder only records the tensors' lifetimes (for placement()); a real one builds the
  /// plan's steps with the tensors at `offsets`.
  Builder(const StateDict& weights, Plan& plan) : m_weights(weights), m_plan(plan), m_dry(true) {}
  Builder(const StateDict& weights, Plan& plan, std::vector<size_t> offsets)
      : m_weights(weights), m_plan(plan), m_dry(false), m_arena(std::move(offsets)) {}

  Value alloc(int channels, int height, int width) { return allocParts({channels}, height, width).front(); }
  /// Tensors of these channel counts, one after the other in the arena.
  Parts allocParts(const std::vector<int>& channels, int height, int width) {
    Parts parts;
    size_t total = 0;
    for (int c : channels) {
      Value v;
      v.height = height;
      v.width = width;
      v.channels = c;
      v.offset = total;
      total += v.floats();
      parts.push_back(v);
    }
    const size_t at = m_arena.allocate(total);
    for (auto& p : parts) p.offset += at;
    return parts;
  }
  void release(const Value& v) { m_arena.release(v.offset, v.floats()); }
  void finish() { m_plan.arenaFloats = m_arena.size(); }
  std::vector<size_t> placement() const { return m_arena.placement(); }
  void setPrefix(const std::string& prefix) { m_prefix = prefix; }

  enum class Activation { None, Relu };

  /// dst = conv(concatenated parts) [+ dst when `accumulate`] [then relu] [then affine], weights
  /// `name`.weight / .bias. Parts are convolved one by one, each adding to dst: the same sum in
  /// another order (within ~1e-6), without copying them together. (Sums go to oneDNN as sum
  /// post-ops: binary ones take it off its brgemm kernels.)
  void conv(const std::string& name, const Parts& parts, const Value& dst, int kernel, int stride,
            Activation activation = Activation::None, const float* affine = nullptr, bool accumulate = false) {
    if (m_dry) return;
    const Parameter& w = parameter(name + ".weight");
    const Parameter& b = parameter(name + ".bias");
    int ins = 0;
    for (const auto& p : parts) ins += p.channels;
    if (w.shape != std::vector<int64_t>{dst.channels, ins, kernel, kernel} || b.shape != std::vector<int64_t>{dst.channels})
      throw std::invalid_argument("oneDNN network: unexpected shape of " + name);
    if (kernel == 3 && stride == 1 &&
        winograd(w.values.data(), b.values.data(), parts, dst, {accumulate, activation == Activation::Relu,
                                                                 affine != nullptr, affine ? affine[0] : 1.0f,
                                                                 affine ? affine[1] : 0.0f}))
      return;
    const int pad = (kernel - 1) / 2;
    const memory::dims padR{(dst.height - 1) * stride + kernel - parts[0].height - pad,
                            (dst.width - 1) * stride + kernel - parts[0].width - pad};
    int first = 0;
    for (size_t k = 0; k < parts.size(); ++k) {
      const Value& src = parts[k];
      const bool last = k + 1 == parts.size();
      const auto [weights, bias] = slice(w, b, first, src, dst, kernel, k == 0);
      first += src.channels;
      dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                           src.desc(), anyWeights(dst, src, kernel), bias.get_desc(), dst.desc(),
                                           {stride, stride}, {pad, pad}, padR);
      const bool sum = k > 0 || accumulate;
      const auto attr = postOps(sum, last ? activation : Activation::None, last ? affine : nullptr);
      dnnl::convolution_forward::primitive_desc pd(desc, attr, cpuEngine());
      addStep(dnnl::convolution_forward(pd), reordered(weights, pd.weights_desc()), bias, src, dst);
    }
  }

  /// dst = the transposed 4x4 stride-2 convolution `name` of src (exactly doubles the size),
  /// exactly as a 3x3 convolution with an output per phase of each output pixel and a pixel
  /// shuffle: oneDNN's own deconvolution reorders nhwc into blocked layouts in a scratchpad it
  /// allocates per run (20.5 vs 7.6 + 3 ms at 1080x720 out, and 64 B/px more memory).
  void deconv(const std::string& name, const Value& src, const Value& dst) {
    const Parameter& w = checked(name + ".weight", {src.channels, dst.channels, 4, 4});
    const Parameter& b = checked(name + ".bias", {dst.channels});
    const Value phases = alloc(4 * dst.channels, src.height, src.width);
    if (m_dry) return release(phases);
    // Output channel (2a + b') * out + o is output o at phase (a, b') (row 2y + a, column 2x + b')
    // of input pixel (y, x); input offset (dy, dx) reaches it through tap (a + 1 - 2dy, b' + 1 - 2dx).
    const int ins = src.channels, outs = dst.channels;
    memory weights({{4 * outs, ins, 3, 3}, Type::f32, Tag::oihw}, cpuEngine());
    memory bias({{4 * outs}, Type::f32, Tag::x}, cpuEngine());
    auto* wp = static_cast<float*>(weights.get_data_handle());
    auto* bp = static_cast<float*>(bias.get_data_handle());
    std::fill_n(wp, size_t(4 * outs) * ins * 9, 0.0f);
    for (int phase = 0; phase < 4; ++phase)
      for (int o = 0; o < outs; ++o) {
        bp[phase * outs + o] = b.values[size_t(o)];
        for (int i = 0; i < ins; ++i)
          for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
              const int ky = phase / 2 + 1 - 2 * dy, kx = phase % 2 + 1 - 2 * dx;
              if (ky < 0 || ky > 3 || kx < 0 || kx > 3) continue;
              wp[((size_t(phase * outs + o) * ins + i) * 3 + size_t(dy + 1)) * 3 + size_t(dx + 1)] =
                  w.values[((size_t(i) * outs + o) * 4 + size_t(ky)) * 4 + size_t(kx)];
            }
      }
    if (!winograd(wp, bp, {src}, phases, {})) {
      dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                           src.desc(), anyWeights(phases, src, 3), bias.get_desc(), phases.desc(),
                                           {1, 1}, {1, 1}, {1, 1});
      dnnl::convolution_forward::primitive_desc pd(desc, cpuEngine());
      addStep(dnnl::convolution_forward(pd), reordered(weights, pd.weights_desc()), bias, src, phases);
    }
    // Shuffle: phases (a, 0) and (a, 1) of a pixel are adjacent pixels of output row 2y + a.
    const int width = src.width;
    perPixel(src.height, width, [phases, dst, outs, width](size_t p, float* a) {
      const size_t y = p / size_t(width), x = p % size_t(width);
      for (size_t row = 0; row < 2; ++row)
        std::copy_n(a + phases.offset + p * size_t(4 * outs) + row * size_t(2 * outs), 2 * outs,
                    a + dst.offset + ((2 * y + row) * size_t(dst.width) + 2 * x) * size_t(outs));
    });
    release(phases);
  }

  /// dst = bilinear x2 of src (half-pixel centres, as PyTorch with align_corners = false).
  void upsample(const Value& src, const Value& dst) {
    if (m_dry) return;
    dnnl::resampling_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::resampling_linear,
                                        src.desc(), dst.desc());
    addStep(dnnl::resampling_forward(dnnl::resampling_forward::primitive_desc(desc, cpuEngine())),
            {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  }

  /// dst = a + b; dst may be a.
  void add(const Value& a, const Value& b, const Value& dst) {
    if (m_dry) return;
    dnnl::binary::desc desc(dnnl::algorithm::binary_add, a.desc(), b.desc(), dst.desc());
    addStep(dnnl::binary(dnnl::binary::primitive_desc(desc, cpuEngine())),
            {{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, dst}});
  }

  /// Residual dense block `name` on `input`: dst = LFF(all parts) + input [+ adds], then the 1x1
  /// convolution `then` when one is named (see StreamedBlock).
  void rdb(const std::string& name, const Value& input, const Value& dst, const Parts& adds = {},
           const std::string& then = {}) {
    const int g0 = input.channels, g = int(parameter(name + ".convs.0.conv.0.bias").shape.at(0));
    StreamedBlock::Layers weights, biases;
    for (int c = 0; c < StreamedBlock::kLayers; ++c) {
      const std::string layer = name + ".convs." + std::to_string(c) + ".conv.0";
      weights[size_t(c)] = &checked(layer + ".weight", {g, g0 + c * g, 3, 3});
      biases[size_t(c)] = &checked(layer + ".bias", {g});
    }
    const Parameter& lffWeight = checked(name + ".LFF.weight", {g0, g0 + StreamedBlock::kLayers * g, 1, 1});
    const Parameter& lffBias = checked(name + ".LFF.bias", {g0});
    int added = 0;
    for (const auto& a : adds) added += a.channels;
    StreamedBlock::Pointwise pointwise;
    if (!then.empty()) pointwise = {&parameter(then + ".weight"), &parameter(then + ".bias")};
    if ((g != 8 && g != 16) || dst.channels != (then.empty() ? g0 : int(pointwise.bias->shape.at(0))) || added % g0)
      throw std::invalid_argument("oneDNN network: unexpected shape of " + name);
    const StreamedBlock::Tensors tensors{
        input, dst, adds,
        allocParts(StreamedBlock::bufferChannels(g0, g, added), StreamedBlock::bufferRows(input.height, input.width),
                   input.width)};
    if (!m_dry) {
      auto block = std::make_shared<const StreamedBlock>(weights, biases, lffWeight, lffBias, pointwise, tensors);
      m_plan.steps.push_back([block](Runtime& rt) { block->run(rt); });
    }
    for (const auto& v : tensors.buffers) release(v);
  }

  /// dst receives input planes [first, first + dst.channels).
  void input(const Value& dst, int first) {
    if (m_dry) return;
    m_plan.steps.push_back([dst, first](Runtime& rt) {
      float* out = rt.arena + dst.offset;
      const int64_t plane = int64_t(dst.height) * dst.width;
      const float* in = rt.input->data.data() + size_t(first) * size_t(plane);
#pragma omp parallel for
      for (int64_t p = 0; p < plane; ++p)
        for (int c = 0; c < dst.channels; ++c) out[dst.index(c, size_t(p))] = in[size_t(c) * size_t(plane) + size_t(p)];
    });
  }

  /// Appends src's channels to the run's outputs as planes.
  void output(const Value& src) {
    if (m_dry) return;
    m_plan.steps.push_back([src](Runtime& rt) {
      Planes planes;
      planes.channels = src.channels;
      planes.height = src.height;
      planes.width = src.width;
      const int64_t plane = int64_t(src.height) * src.width;
      planes.data.resize(size_t(plane) * size_t(planes.channels));
      const float* in = rt.arena + src.offset;
      float* out = planes.data.data();
#pragma omp parallel for
      for (int64_t p = 0; p < plane; ++p)
        for (int c = 0; c < src.channels; ++c) out[size_t(c) * size_t(plane) + size_t(p)] = in[src.index(c, size_t(p))];
      rt.outputs->push_back(std::move(planes));
    });
  }

  /// A step of our own per pixel: f(pixel index, arena) for every pixel of a h x w tensor.
  template <typename PerPixel>
  void perPixel(int height, int width, PerPixel f) {
    if (m_dry) return;
    m_plan.steps.push_back([height, width, f](Runtime& rt) {
      const int64_t pixels = int64_t(height) * width;
#pragma omp parallel for
      for (int64_t p = 0; p < pixels; ++p) f(size_t(p), rt.arena);
    });
  }

  /// Appends a run output of `channels` planes computed per pixel: f(pixel, arena, out, plane).
  template <typename PerPixel>
  void outputPerPixel(int channels, int height, int width, PerPixel f) {
    if (m_dry) return;
    m_plan.steps.push_back([channels, height, width, f](Runtime& rt) {
      Planes planes;
      planes.channels = channels;
      planes.height = height;
      planes.width = width;
      const int64_t plane = int64_t(height) * width;
      planes.data.resize(size_t(plane) * size_t(channels));
      float* out = planes.data.data();
#pragma omp parallel for
      for (int64_t p = 0; p < plane; ++p) f(size_t(p), rt.arena, out, size_t(plane));
      rt.outputs->push_back(std::move(planes));
    });
  }

 private:
  const Parameter& parameter(const std::string& name) const {
    const auto it = m_weights.find(m_prefix + name);
    if (it == m_weights.end()) throw std::invalid_argument("oneDNN network: missing parameter " + m_prefix + name);
    return it->second;
  }

  const Parameter& checked(const std::string& name, const std::vector<int64_t>& shape) const {
    const Parameter& p = parameter(name);
    if (p.shape != shape) throw std::invalid_argument("oneDNN network: unexpected shape of " + name);
    return p;
  }

  static memory::desc anyWeights(const Value& dst, const Value& src, int kernel) {
    return memory::desc({dst.channels, src.channels, kernel, kernel}, Type::f32, Tag::any);
  }

  /// Input channels [first, first + src.channels) of the layer's weights as oihw, and its bias
  /// (zeros unless `withBias`: partial convolutions add it once).
  static std::pair<memory, memory> slice(const Parameter& w, const Parameter& b, int first, const Value& src,
                                         const Value& dst, int kernel, bool withBias) {
    const int O = dst.channels, I = src.channels, kk = kernel * kernel;
    const int64_t ins = w.shape[1];
    memory weights({{O, I, kernel, kernel}, Type::f32, Tag::oihw}, cpuEngine());
    memory bias({{O}, Type::f32, Tag::x}, cpuEngine());
    auto* wp = static_cast<float*>(weights.get_data_handle());
    auto* bp = static_cast<float*>(bias.get_data_handle());
    for (int o = 0; o < O; ++o) {
      bp[o] = withBias ? b.values[size_t(o)] : 0.0f;
      for (int i = 0; i < I; ++i)
        std::copy_n(w.values.data() + size_t(o * ins + first + i) * kk, kk, wp + (size_t(o) * I + i) * kk);
    }
    return {weights, bias};
  }

  static dnnl::primitive_attr postOps(bool accumulate, Activation activation, const float* affine) {
    dnnl::post_ops ops;
    if (accumulate) ops.append_sum(1.0f);
    if (activation == Activation::Relu) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    if (affine) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, affine[0], affine[1]);
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    return attr;
  }

  /// dst = the 3x3 convolution (stride 1, same size) `oihw`, `bias` of the concatenated parts
  /// as a Winograd3x3 step, if this CPU runs it there (kernelIsa()) and the parts come in whole
  /// vectors of channels (or the padding would cost more than it saves); false: the caller uses
  /// oneDNN.
  bool winograd(const float* oihw, const float* bias, const Parts& parts, const Value& dst,
                const Winograd3x3::PostOps& post) {
    const auto isa = kernelIsa();
    if (!isa) return false;
    std::vector<int> channels;
    for (const auto& p : parts) {
      if (p.channels % 8 || p.height != dst.height || p.width != dst.width) return false;
      channels.push_back(p.channels);
    }
    auto conv = std::make_shared<const Winograd3x3>(oihw, bias, dst.channels, channels, *isa, post);
    m_plan.steps.push_back([conv, parts, dst](Runtime& rt) {
      std::vector<Winograd3x3::Source> sources;
      for (const auto& p : parts) sources.push_back({rt.arena + p.offset, p.channels});
      conv->run(sources, dst.height, 0, rt.arena + dst.offset, dst.height, dst.width);
    });
    return true;
  }

  /// A convolution's step.
  void addStep(dnnl::primitive prim, memory weights, memory bias, const Value& src, const Value& dst) {
    addStep(std::move(prim), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}, {{DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias}});
  }

  /// A step running `prim` on tensors of the arena (and on memory it owns, such as weights).
  void addStep(dnnl::primitive prim, const std::vector<std::pair<int, Value>>& tensors,
               const std::unordered_map<int, memory>& owned = {}) {
    struct Ref {
      int arg;
      memory::desc desc;
      size_t offset;
    };
    std::vector<Ref> refs;
    for (const auto& [arg, v] : tensors) refs.push_back({arg, v.desc(), v.offset});
    m_plan.steps.push_back([prim, owned, refs](Runtime& rt) {
      auto args = owned;
      for (const auto& r : refs) args.emplace(r.arg, memory(r.desc, cpuEngine(), rt.arena + r.offset));
      prim.execute(rt.stream, args);
    });
  }

  const StateDict& m_weights;
  std::string m_prefix;  // of the network being built, in a state dict of several
  Plan& m_plan;
  bool m_dry;
  ArenaPlanner m_arena;
};

using Activation = Builder::Activation;

/// A band unit's output head `name`: two convolutions from `features` to RGB, plus the coarser
/// output upsampled to this scale when there is one.
Value outputHead(Builder& b, const std::string& name, const Value& features, const Value* coarser) {
  const int h = features.height, w = features.width;
  const Value mid = b.alloc(16, h, w);
  b.conv(name + ".0", {features}, mid, 3, 1);
  const Value out = b.alloc(3, h, w);
  if (coarser) b.upsample(*coarser, out);  // the convolution adds itself to it
  b.conv(name + ".1", {mid}, out, 3, 1, Activation::None, nullptr, coarser != nullptr);
  b.release(mid);
  return out;
}

/// The features one scale up from `coarser`: dense block `rdb` on its transposed convolution
/// `up`, plus `adds`.
Value upAndRefine(Builder& b, const std::string& up, const std::string& rdb, const Value& coarser, const Parts& adds) {
  const int h = coarser.height * 2, w = coarser.width * 2;
  const Value upped = b.alloc(16, h, w);
  b.deconv(up, coarser, upped);
  const Value features = b.alloc(16, h, w);
  b.rdb(rdb, upped, features, adds);
  b.release(upped);
  return features;
}

/// The last recurrence's outputs, still in the arena, and the input they came from.
struct BandOutputs {
  Value x, out1, out2, out4;
};

/// DRBN's four recurrences (see ../shared/DRBN.md, "Band unit"); features are added by the
/// convolutions that produce them.
BandOutputs buildBandNetwork(Builder& b, int h, int w, bool allRecurrences) {
  BandOutputs result;
  const int h2 = h / 2, w2 = w / 2, h4 = h / 4, w4 = w / 4;
  const Value x = b.alloc(3, h, w);
  b.input(x, 0);
  Parts in{x, x};  // recur1 sees (x, x); later ones (out1, x)
  Value p1, p2, p4;  // the previous recurrence's features
  for (int r = 0; r < 4; ++r) {
    const std::string n = "recur" + std::to_string(r + 1) + ".";
    const bool first = r == 0, last = r == 3;
    const Value head = b.alloc(16, h, w);
    b.conv(n + "SFENet1", in, head, 3, 1, Activation::Relu);
    if (!first) b.release(in[0]);
    // What the unit adds to its full-scale features at the end (head, f1 and the previous unit's
    // p1), summed as soon as each exists rather than kept apart across the whole unit: the
    // activations of a run needed 28% less memory (684 -> 492 B/px before the dense blocks streamed),
    // for one more pass over 16 channels.
    Value carry = head;
    if (!first) {
      carry = b.alloc(16, h, w);
      b.add(head, p1, carry);
      b.release(p1);
    }

    const Value f1 = b.alloc(16, h, w);
    b.conv(n + "SFENet2", {head}, f1, 3, 1, Activation::Relu);
    if (!first) b.release(head);
    const Value r0 = b.alloc(16, h, w);
    b.rdb(n + "RDBs.0", f1, r0);
    b.add(carry, f1, carry);
    b.release(f1);

    const Value f2 = b.alloc(16, h2, w2);
    b.conv(n + "Down1", {r0}, f2, 3, 2);
    b.release(r0);
    const Value r1 = b.alloc(16, h2, w2);
    b.rdb(n + "RDBs.1", f2, r1);

    const Value f4 = b.alloc(32, h4, w4);
    b.conv(n + "Down2", {r1}, f4, 3, 2);
    b.release(r1);
    const Value r2 = b.alloc(32, h4, w4);
    b.rdb(n + "RDBs.2", f4, r2);
    const Value nf4 = b.alloc(32, h4, w4);
    b.rdb(n + "RDBs.3", r2, nf4, first ? Parts{f4} : Parts{f4, p4});
    b.release(r2);
    b.release(f4);
    if (!first) b.release(p4);  // each as soon as it is used: not alive at the full-size peak

    const Value nf2 = upAndRefine(b, n + "Up2", n + "RDBs.4", nf4, first ? Parts{f2} : Parts{f2, p2});
    b.release(f2);
    if (!first) b.release(p2);
    const Value nf1 = upAndRefine(b, n + "Up1", n + "RDBs.5", nf2, {carry});
    b.release(carry);

    // Outputs at 1/4, 1/2 and full scale, each adding the upsampled coarser one.
    const Value out4 = outputHead(b, n + "UPNet4", nf4, nullptr);
    const Value out2 = outputHead(b, n + "UPNet2", nf2, &out4);
    const Value out1 = outputHead(b, n + "UPNet", nf1, &out2);
    if (last) {
      for (const auto& v : {nf1, nf2, nf4}) b.release(v);
      result = {x, out1, out2, out4};
      break;
    }
    if (allRecurrences)
      for (const auto& v : {out1, out2, out4}) b.output(v);
    b.release(out2);
    b.release(out4);
    in = {out1, x};
    p1 = nf1;
    p2 = nf2;
    p4 = nf4;
  }
  return result;
}

/// The recomposition network (../shared/DRBN.md, "Band recomposition") up to its weight maps,
/// on its 12-channel input (x and the three bands), which it releases unless `keepInput`.
Value buildRecomposer(Builder& b, const Value& in, bool keepInput) {
  const int h = in.height, w = in.width;
  const Value f = b.alloc(16, h, w);
  b.conv("SFENet1", {in}, f, 3, 1);
  if (!keepInput) b.release(in);
  const Value s = b.alloc(16, h, w);
  b.conv("SFENet2", {f}, s, 3, 1);
  const Value t = b.alloc(16, h, w);
  b.rdb("RDBs.0", s, t, {}, "GFF.0");
  b.release(s);
  const Value g = f;  // f + GFF.1(t), accumulated where f is
  b.conv("GFF.1", {t}, g, 3, 1, Activation::None, nullptr, true);
  b.release(t);
  const Value u = b.alloc(16, h, w);
  b.conv("UPNet", {g}, u, 3, 1);
  b.release(g);
  const Value maps = b.alloc(9, h, w);
  const float affine[2] = {0.8f, 0.6f};  // the authors' w = 0.8 x + 0.6
  b.conv("UPNet2", {u}, maps, 3, 1, Activation::None, affine);
  b.release(u);
  return maps;
}

/// Stage 2 whole: the band network, its bands, the recomposer and the recomposition, with
/// nothing but the photo and the result leaving the arena (weights "bands." and "recompose.").
void buildEnhancement(Builder& b, int h, int w) {
  b.setPrefix("bands.");
  const BandOutputs net = buildBandNetwork(b, h, w, false);
  // Bands (../shared/DRBN.md): coarse = up4(out4), mid = up2(out2) - coarse, fine = out1 - up2(out2).
  const Value coarse = b.alloc(3, h, w), up = b.alloc(3, h, w);
  b.upsample(net.out4, coarse);
  b.upsample(net.out2, up);
  b.release(net.out2);
  b.release(net.out4);
  const Value in = b.alloc(12, h, w);
  b.perPixel(h, w, [net, coarse, up, in](size_t p, float* a) {
    for (int c = 0; c < 3; ++c) {
      const float c0 = a[coarse.offset + coarse.index(c, p)], u = a[up.offset + up.index(c, p)];
      a[in.offset + in.index(c, p)] = a[net.x.offset + net.x.index(c, p)];
      a[in.offset + in.index(3 + c, p)] = c0;
      a[in.offset + in.index(6 + c, p)] = u - c0;
      a[in.offset + in.index(9 + c, p)] = a[net.out1.offset + net.out1.index(c, p)] - u;
    }
  });
  for (const auto& v : {net.x, net.out1, coarse, up}) b.release(v);
  b.setPrefix("recompose.");
  const Value maps = buildRecomposer(b, in, true);
  // result = coarse * w1 + mid * w2 + fine * w3, in LibTorch's order.
  b.outputPerPixel(3, h, w, [in, maps](size_t p, const float* a, float* out, size_t plane) {
    for (int c = 0; c < 3; ++c) {
      auto band = [&](int k) { return a[in.offset + in.index(3 * k + 3 + c, p)]; };
      auto weight = [&](int k) { return a[maps.offset + maps.index(3 * k + c, p)]; };
      out[size_t(c) * plane + p] = band(0) * weight(0) + band(1) * weight(1) + band(2) * weight(2);
    }
  });
  b.release(in);
  b.release(maps);
}

}  // namespace

Network::Network(Kind kind, const StateDict& weights) : m_kind(kind), m_weights(weights) {}

Network::~Network() = default;

Workspace::Workspace() = default;
Workspace::~Workspace() = default;

void Workspace::release() {
  std::lock_guard lock(m_mutex);
  m_arena.reset();
}

std::shared_ptr<Plan> Network::planFor(int height, int width, bool allRecurrences) const {
  std::lock_guard lock(m_mutex);
  for (size_t i = 0; i < m_plans.size(); ++i) {
    const auto& p = m_plans[i];
    if (p->height == height && p->width == width && p->allRecurrences == allRecurrences) {
      auto found = p;
      m_plans.erase(m_plans.begin() + long(i));
      m_plans.insert(m_plans.begin(), found);
      return found;
    }
  }
  auto plan = std::make_shared<Plan>();
  plan->height = height;
  plan->width = width;
  plan->allRecurrences = allRecurrences;
  auto build = [&](Builder& builder) {
    switch (m_kind) {
      case Kind::BandNetwork: {
        const BandOutputs net = buildBandNetwork(builder, height, width, allRecurrences);
        for (const auto& v : {net.out1, net.out2, net.out4}) builder.output(v);
        for (const auto& v : {net.x, net.out1, net.out2, net.out4}) builder.release(v);
        break;
      }
      case Kind::Recomposer: {
        const Value in = builder.alloc(12, height, width);
        builder.input(in, 0);
        const Value maps = buildRecomposer(builder, in, false);
        builder.output(maps);
        builder.release(maps);
        break;
      }
      case Kind::Enhancement: buildEnhancement(builder, height, width); break;
    }
    builder.finish();
  };
  Plan dry;
  Builder recorder(m_weights, dry);
  build(recorder);
  Builder builder(m_weights, *plan, recorder.placement());
  build(builder);
  // Tiles have up to four window sizes; the rest is the studio's preview and full passes.
  constexpr size_t kPlans = 6;
  m_plans.insert(m_plans.begin(), plan);
  if (m_plans.size() > kPlans) m_plans.pop_back();
  return plan;
}

std::vector<Planes> Network::run(const Planes& input, Workspace& workspace, bool allRecurrences,
                                 const std::atomic<bool>* cancel) const {
  const int expected = m_kind == Kind::Recomposer ? 12 : 3;
  if (input.channels != expected || input.data.size() != size_t(expected) * input.height * input.width)
    throw std::invalid_argument("oneDNN network: expected " + std::to_string(expected) + " input planes");
  if (m_kind != Kind::Recomposer && (input.height % 4 || input.width % 4 || input.height < 4 || input.width < 4))
    throw std::invalid_argument("oneDNN network: sides must be multiples of 4");
  const auto plan = planFor(input.height, input.width, allRecurrences && m_kind == Kind::BandNetwork);
  std::lock_guard lock(workspace.m_mutex);
  auto& arena = workspace.m_arena;
  if (!arena || arena->floats() < plan->arenaFloats) {
    arena.reset();
    arena = std::make_unique<Arena>(plan->arenaFloats);
  }
  std::vector<Planes> outputs;
  Runtime rt{dnnl::stream(cpuEngine()), arena->data(), &input, &outputs};
  for (const auto& step : plan->steps) {
    if (cancel && cancel->load()) return {};
    step(rt);
  }
  rt.stream.wait();
  return outputs;
}

}  // namespace drbn::onednn
