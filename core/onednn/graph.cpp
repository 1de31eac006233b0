// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/onednn/graph.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <iterator>
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

bool hasIsa(dnnl::cpu_isa isa) {
  const auto effective = unsigned(dnnl::get_effective_cpu_isa()), wanted = unsigned(isa);
  return (effective & wanted) == wanted;
}

Tag blockedTag() { return blockSize() == 16 ? Tag::nChw16c : Tag::nChw8c; }

/// A tensor of the plan: channels in blocks of blockSize(), stored at `offset` floats into the
/// arena. `logical` gives, for each stored channel, the channel index the authors' layer sees
/// (-1 for padding, which always holds zeros).
struct Value {
  size_t offset = 0;
  int height = 0, width = 0;
  std::vector<int> logical;

  int channels() const { return int(logical.size()); }
  int blocks() const { return channels() / blockSize(); }
  size_t floatsPerBlock() const { return size_t(blockSize()) * size_t(height) * size_t(width); }
  size_t floats() const { return floatsPerBlock() * size_t(blocks()); }
  memory::desc desc() const { return memory::desc({1, channels(), height, width}, Type::f32, blockedTag()); }
  int realChannels() const { return int(std::count_if(logical.begin(), logical.end(), [](int c) { return c >= 0; })); }
};

/// Channel layout of a concatenation of parts with these channel counts, each padded to whole blocks.
std::vector<int> layout(std::initializer_list<int> parts) {
  std::vector<int> map;
  int next = 0;
  for (int n : parts) {
    const int padded = (n + blockSize() - 1) / blockSize() * blockSize();
    for (int i = 0; i < padded; ++i) map.push_back(i < n ? next + i : -1);
    next += n;
  }
  return map;
}

/// Blocks [first, first + count) of `v` as a tensor of their own, channels renumbered from 0.
Value part(const Value& v, int first, int count) {
  Value p = v;
  p.offset = v.offset + size_t(first) * v.floatsPerBlock();
  p.logical.assign(v.logical.begin() + first * blockSize(), v.logical.begin() + (first + count) * blockSize());
  int base = -1;
  for (int c : p.logical)
    if (c >= 0 && (base < 0 || c < base)) base = c;
  for (int& c : p.logical)
    if (c >= 0) c -= base;
  return p;
}

/// First-fit placement of the plan's tensors in one arena, so memory is reused as soon as a
/// tensor is dead; its size is the plan's peak.
class ArenaPlanner {
 public:
  size_t allocate(size_t n) {
    for (auto it = m_free.begin(); it != m_free.end(); ++it) {
      if (it->second < n) continue;
      const size_t at = it->first, left = it->second - n;
      m_free.erase(it);
      if (left) m_free.emplace(at + n, left);
      return at;
    }
    // Grow the arena, reusing a free range that ends at its top.
    size_t at = m_top;
    if (!m_free.empty() && std::prev(m_free.end())->first + std::prev(m_free.end())->second == m_top) {
      at = std::prev(m_free.end())->first;
      m_free.erase(std::prev(m_free.end()));
    }
    m_top = at + n;
    return at;
  }
  void release(size_t at, size_t n) {
    auto next = m_free.emplace(at, n).first;
    if (auto after = std::next(next); after != m_free.end() && at + n == after->first) {
      next->second += after->second;
      m_free.erase(after);
    }
    if (next != m_free.begin()) {
      auto before = std::prev(next);
      if (before->first + before->second == next->first) {
        before->second += next->second;
        m_free.erase(next);
      }
    }
  }
  size_t size() const { return m_top; }

 private:
  std::map<size_t, size_t> m_free;  // offset -> length, in floats
  size_t m_top = 0;
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

int blockSize() {
  static const int size = hasIsa(dnnl::cpu_isa::avx512_core) ? 16 : 8;
  return size;
}

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

double convolutionGflops() {
  constexpr int kChannels = 64, kSide = 256, kRuns = 5;
  const memory::dims dims{1, kChannels, kSide, kSide};
  const memory::desc data(dims, Type::f32, blockedTag());
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

/// Turns the network's structure into a plan's steps, placing tensors as it goes.
class Builder {
 public:
  Builder(const StateDict& weights, Plan& plan) : m_weights(weights), m_plan(plan) {}

  Value alloc(std::vector<int> logical, int height, int width) {
    Value v;
    v.height = height;
    v.width = width;
    v.logical = std::move(logical);
    v.offset = m_arena.allocate(v.floats());
    return v;
  }
  void release(const Value& v) { m_arena.release(v.offset, v.floats()); }
  /// Releases all but the first `keep` blocks of `v`.
  void releaseTail(const Value& v, int keep) { release(part(v, keep, v.blocks() - keep)); }
  void finish() { m_plan.arenaFloats = m_arena.size(); }

  enum class Activation { None, Relu };

  /// dst = conv(src) [+ adds, in order] [then relu], weights `name`.weight / .bias.
  void conv(const std::string& name, const Value& src, const Value& dst, int kernel, int stride,
            Activation activation = Activation::None, const std::vector<Value>& adds = {},
            const float* affine = nullptr) {
    const int pad = (kernel - 1) / 2;
    const memory::dims padR{(dst.height - 1) * stride + kernel - src.height - pad,
                            (dst.width - 1) * stride + kernel - src.width - pad};
    const auto [weights, bias] = parameters(name, src, dst, kernel, false);
    dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                         src.desc(), anyWeights(dst, src, kernel), bias.get_desc(), dst.desc(),
                                         {stride, stride}, {pad, pad}, padR);
    const auto attr = postOps(adds, activation, affine);
    dnnl::convolution_forward::primitive_desc pd(desc, attr, cpuEngine());
    addStep(dnnl::convolution_forward(pd), reordered(weights, pd.weights_desc()), bias, src, dst, adds);
  }

  /// dst = the transposed 4x4 stride-2 convolution `name` of src (exactly doubles the size).
  void deconv(const std::string& name, const Value& src, const Value& dst) {
    const auto [weights, bias] = parameters(name, src, dst, 4, true);
    dnnl::deconvolution_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct,
                                           src.desc(), anyWeights(dst, src, 4), bias.get_desc(), dst.desc(), {2, 2},
                                           {1, 1}, {1, 1});
    dnnl::deconvolution_forward::primitive_desc pd(desc, cpuEngine());
    addStep(dnnl::deconvolution_forward(pd), reordered(weights, pd.weights_desc()), bias, src, dst, {});
  }

  /// dst = bilinear x2 of src (half-pixel centres, as PyTorch with align_corners = false).
  void upsample(const Value& src, const Value& dst) {
    dnnl::resampling_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::resampling_linear,
                                        src.desc(), dst.desc());
    dnnl::resampling_forward prim(dnnl::resampling_forward::primitive_desc(desc, cpuEngine()));
    const memory::desc s = src.desc(), d = dst.desc();
    const size_t so = src.offset, dO = dst.offset;
    m_plan.steps.push_back([prim, s, d, so, dO](Runtime& rt) {
      prim.execute(rt.stream, {{DNNL_ARG_SRC, memory(s, cpuEngine(), rt.arena + so)},
                               {DNNL_ARG_DST, memory(d, cpuEngine(), rt.arena + dO)}});
    });
  }

  /// Residual dense block `name`: block 0.. of `buffer` holds its input; the dense layers fill
  /// the rest of `buffer` in place; dst = LFF(buffer) + input [+ adds].
  void rdb(const std::string& name, const Value& buffer, const Value& dst, int g0, int g,
           const std::vector<Value>& adds = {}) {
    const int inBlocks = blocksFor(g0), growthBlocks = blocksFor(g);
    for (int c = 0; c < 4; ++c)
      conv(name + ".convs." + std::to_string(c) + ".conv.0", part(buffer, 0, inBlocks + c * growthBlocks),
           part(buffer, inBlocks + c * growthBlocks, growthBlocks), 3, 1, Activation::Relu);
    std::vector<Value> sums{part(buffer, 0, inBlocks)};
    sums.insert(sums.end(), adds.begin(), adds.end());
    conv(name + ".LFF", buffer, dst, 1, 1, Activation::None, sums);
  }

  /// dst (zeroed) receives input planes [first, first + dst.realChannels()).
  void input(const Value& dst, int first) {
    m_plan.steps.push_back([dst, first](Runtime& rt) {
      float* out = rt.arena + dst.offset;
      std::memset(out, 0, dst.floats() * sizeof(float));
      const size_t plane = size_t(dst.height) * dst.width;
      const int b = blockSize();
      for (int c = 0; c < dst.channels(); ++c) {
        if (dst.logical[size_t(c)] < 0) continue;
        const float* in = rt.input->data.data() + size_t(first + dst.logical[size_t(c)]) * plane;
        float* o = out + size_t(c / b) * plane * b + size_t(c % b);
        for (size_t p = 0; p < plane; ++p) o[p * b] = in[p];
      }
    });
  }

  /// Appends src's real channels to the run's outputs as planes.
  void output(const Value& src) {
    m_plan.steps.push_back([src](Runtime& rt) {
      Planes planes;
      planes.channels = src.realChannels();
      planes.height = src.height;
      planes.width = src.width;
      const size_t plane = size_t(src.height) * src.width;
      planes.data.resize(plane * size_t(planes.channels));
      const float* in = rt.arena + src.offset;
      const int b = blockSize();
      for (int c = 0; c < src.channels(); ++c) {
        if (src.logical[size_t(c)] < 0) continue;
        const float* i = in + size_t(c / b) * plane * b + size_t(c % b);
        float* o = planes.data.data() + size_t(src.logical[size_t(c)]) * plane;
        for (size_t p = 0; p < plane; ++p) o[p] = i[p * b];
      }
      rt.outputs->push_back(std::move(planes));
    });
  }

  void copy(const Value& src, const Value& dst) {
    m_plan.steps.push_back([src, dst](Runtime& rt) {
      std::memcpy(rt.arena + dst.offset, rt.arena + src.offset, src.floats() * sizeof(float));
    });
  }

  static int blocksFor(int channels) { return (channels + blockSize() - 1) / blockSize(); }

 private:
  const Parameter& parameter(const std::string& name) const {
    const auto it = m_weights.find(name);
    if (it == m_weights.end()) throw std::invalid_argument("oneDNN network: missing parameter " + name);
    return it->second;
  }

  static memory::desc anyWeights(const Value& dst, const Value& src, int kernel) {
    return memory::desc({dst.channels(), src.channels(), kernel, kernel}, Type::f32, Tag::any);
  }

  /// The layer's weights spread over the stored channels (zeros for padding), as oihw, and its bias.
  std::pair<memory, memory> parameters(const std::string& name, const Value& src, const Value& dst, int kernel,
                                       bool transposed) const {
    const Parameter& w = parameter(name + ".weight");
    const Parameter& b = parameter(name + ".bias");
    const int64_t outs = dst.realChannels(), ins = src.realChannels();
    const std::vector<int64_t> expected =
        transposed ? std::vector<int64_t>{ins, outs, kernel, kernel} : std::vector<int64_t>{outs, ins, kernel, kernel};
    if (w.shape != expected || b.shape != std::vector<int64_t>{outs})
      throw std::invalid_argument("oneDNN network: unexpected shape of " + name);
    const int O = dst.channels(), I = src.channels(), kk = kernel * kernel;
    memory weights({{O, I, kernel, kernel}, Type::f32, Tag::oihw}, cpuEngine());
    memory bias({{O}, Type::f32, Tag::x}, cpuEngine());
    auto* wp = static_cast<float*>(weights.get_data_handle());
    auto* bp = static_cast<float*>(bias.get_data_handle());
    std::fill_n(wp, size_t(O) * I * kk, 0.0f);
    for (int o = 0; o < O; ++o) {
      const int lo = dst.logical[size_t(o)];
      bp[o] = lo >= 0 ? b.values[size_t(lo)] : 0.0f;
      if (lo < 0) continue;
      for (int i = 0; i < I; ++i) {
        const int li = src.logical[size_t(i)];
        if (li < 0) continue;
        const float* from = w.values.data() + (transposed ? size_t(li) * outs + lo : size_t(lo) * ins + li) * kk;
        std::copy_n(from, kk, wp + (size_t(o) * I + i) * kk);
      }
    }
    return {weights, bias};
  }

  static memory reordered(const memory& weights, const memory::desc& wanted) {
    if (weights.get_desc() == wanted) return weights;
    memory out(wanted, cpuEngine());
    dnnl::stream stream(cpuEngine());
    memory in = weights;
    dnnl::reorder(in, out).execute(stream, in, out);
    stream.wait();
    return out;
  }

  static dnnl::primitive_attr postOps(const std::vector<Value>& adds, Activation activation, const float* affine) {
    dnnl::post_ops ops;
    for (const auto& a : adds) ops.append_binary(dnnl::algorithm::binary_add, a.desc());
    if (activation == Activation::Relu) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
    if (affine) ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_linear, affine[0], affine[1]);
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    return attr;
  }

  void addStep(dnnl::primitive prim, memory weights, memory bias, const Value& src, const Value& dst,
               const std::vector<Value>& adds) {
    struct Ref {
      int arg;
      memory::desc desc;
      size_t offset;
    };
    std::vector<Ref> refs{{DNNL_ARG_SRC, src.desc(), src.offset}, {DNNL_ARG_DST, dst.desc(), dst.offset}};
    for (size_t i = 0; i < adds.size(); ++i)
      refs.push_back({DNNL_ARG_ATTR_MULTIPLE_POST_OP(int(i)) | DNNL_ARG_SRC_1, adds[i].desc(), adds[i].offset});
    m_plan.steps.push_back([prim, weights, bias, refs](Runtime& rt) {
      std::unordered_map<int, memory> args{{DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias}};
      for (const auto& r : refs) args.emplace(r.arg, memory(r.desc, cpuEngine(), rt.arena + r.offset));
      prim.execute(rt.stream, args);
    });
  }

  const StateDict& m_weights;
  Plan& m_plan;
  ArenaPlanner m_arena;
};

using Activation = Builder::Activation;

/// DRBN's four recurrences (see ../shared/DRBN.md, "Band unit"): each band unit's dense blocks
/// run in place in their buffers, features are added by the convolutions that produce them.
void buildBandNetwork(Builder& b, int h, int w, bool allRecurrences) {
  const int h2 = h / 2, w2 = w / 2, h4 = h / 4, w4 = w / 4;
  const int b16 = Builder::blocksFor(16);
  const Value x = b.alloc(layout({3}), h, w);
  b.input(x, 0);
  Value in = b.alloc(layout({3, 3}), h, w);  // recur1 sees (x, x)
  b.copy(x, part(in, 0, 1));
  b.copy(x, part(in, 1, 1));
  bool first = true;
  Value p1, p2, p4;  // the previous recurrence's features
  for (int r = 0; r < 4; ++r) {
    const std::string n = "recur" + std::to_string(r + 1) + ".";
    const Value head = b.alloc(layout({16}), h, w);
    b.conv(n + "SFENet1", in, head, 3, 1, Activation::Relu);
    b.release(in);

    const Value buf0 = b.alloc(layout({16, 8, 8, 8, 8}), h, w);
    const Value f1 = part(buf0, 0, b16);
    b.conv(n + "SFENet2", head, f1, 3, 1, Activation::Relu);
    const Value r0 = b.alloc(layout({16}), h, w);
    b.rdb(n + "RDBs.0", buf0, r0, 16, 8);
    b.releaseTail(buf0, b16);

    const Value buf1 = b.alloc(layout({16, 8, 8, 8, 8}), h2, w2);
    const Value f2 = part(buf1, 0, b16);
    b.conv(n + "Down1", r0, f2, 3, 2);
    b.release(r0);
    const Value r1 = b.alloc(layout({16}), h2, w2);
    b.rdb(n + "RDBs.1", buf1, r1, 16, 8);
    b.releaseTail(buf1, b16);

    const int f4Blocks = Builder::blocksFor(32);
    const Value buf2 = b.alloc(layout({32, 16, 16, 16, 16}), h4, w4);
    const Value f4 = part(buf2, 0, f4Blocks);
    b.conv(n + "Down2", r1, f4, 3, 2);
    b.release(r1);
    const Value buf3 = b.alloc(layout({32, 16, 16, 16, 16}), h4, w4);
    b.rdb(n + "RDBs.2", buf2, part(buf3, 0, f4Blocks), 32, 16);
    b.releaseTail(buf2, f4Blocks);
    const Value nf4 = b.alloc(layout({32}), h4, w4);
    b.rdb(n + "RDBs.3", buf3, nf4, 32, 16, first ? std::vector<Value>{f4} : std::vector<Value>{f4, p4});
    b.release(buf3);
    b.release(f4);

    const Value buf4 = b.alloc(layout({16, 8, 8, 8, 8}), h2, w2);
    b.deconv(n + "Up2", nf4, part(buf4, 0, b16));
    const Value nf2 = b.alloc(layout({16}), h2, w2);
    b.rdb(n + "RDBs.4", buf4, nf2, 16, 8, first ? std::vector<Value>{f2} : std::vector<Value>{f2, p2});
    b.release(buf4);
    b.release(f2);

    const Value buf5 = b.alloc(layout({16, 8, 8, 8, 8}), h, w);
    b.deconv(n + "Up1", nf2, part(buf5, 0, b16));
    const Value nf1 = b.alloc(layout({16}), h, w);
    b.rdb(n + "RDBs.5", buf5, nf1, 16, 8, first ? std::vector<Value>{f1, head} : std::vector<Value>{f1, head, p1});
    b.release(buf5);
    b.release(f1);
    b.release(head);
    if (!first) {
      b.release(p1);
      b.release(p2);
      b.release(p4);
    }

    // Outputs at 1/4, 1/2 and full scale, each adding the upsampled coarser one.
    const Value u4 = b.alloc(layout({16}), h4, w4);
    b.conv(n + "UPNet4.0", nf4, u4, 3, 1);
    const Value out4 = b.alloc(layout({3}), h4, w4);
    b.conv(n + "UPNet4.1", u4, out4, 3, 1);
    b.release(u4);
    const Value up4 = b.alloc(layout({3}), h2, w2);
    b.upsample(out4, up4);
    const Value u2 = b.alloc(layout({16}), h2, w2);
    b.conv(n + "UPNet2.0", nf2, u2, 3, 1);
    const Value out2 = b.alloc(layout({3}), h2, w2);
    b.conv(n + "UPNet2.1", u2, out2, 3, 1, Activation::None, {up4});
    b.release(u2);
    b.release(up4);
    const Value up2 = b.alloc(layout({3}), h, w);
    b.upsample(out2, up2);
    const Value u1 = b.alloc(layout({16}), h, w);
    b.conv(n + "UPNet.0", nf1, u1, 3, 1);
    const bool last = r == 3;
    // out1 goes straight into the next recurrence's input, next to x.
    const Value next = b.alloc(last ? layout({3}) : layout({3, 3}), h, w);
    const Value out1 = part(next, 0, 1);
    b.conv(n + "UPNet.1", u1, out1, 3, 1, Activation::None, {up2});
    b.release(u1);
    b.release(up2);
    if (allRecurrences || last) {
      b.output(out1);
      b.output(out2);
      b.output(out4);
    }
    b.release(out2);
    b.release(out4);
    if (!last) b.copy(x, part(next, 1, 1));
    in = next;
    p1 = nf1;
    p2 = nf2;
    p4 = nf4;
    first = false;
  }
  b.release(in);
  b.release(p1);
  b.release(p2);
  b.release(p4);
  b.release(x);
}

/// The recomposition network (../shared/DRBN.md, "Band recomposition") up to its weight maps.
void buildRecomposer(Builder& b, int h, int w) {
  const int b16 = Builder::blocksFor(16);
  const Value in = b.alloc(layout({12}), h, w);
  b.input(in, 0);
  const Value f = b.alloc(layout({16}), h, w);
  b.conv("SFENet1", in, f, 3, 1);
  b.release(in);
  const Value buf = b.alloc(layout({16, 8, 8, 8, 8}), h, w);
  b.conv("SFENet2", f, part(buf, 0, b16), 3, 1);
  const Value y = b.alloc(layout({16}), h, w);
  b.rdb("RDBs.0", buf, y, 16, 8);
  b.release(buf);
  const Value t = b.alloc(layout({16}), h, w);
  b.conv("GFF.0", y, t, 1, 1);
  b.release(y);
  const Value g = b.alloc(layout({16}), h, w);
  b.conv("GFF.1", t, g, 3, 1, Activation::None, {f});
  b.release(t);
  b.release(f);
  const Value u = b.alloc(layout({16}), h, w);
  b.conv("UPNet", g, u, 3, 1);
  b.release(g);
  const Value maps = b.alloc(layout({9}), h, w);
  const float affine[2] = {0.8f, 0.6f};  // the authors' w = 0.8 x + 0.6
  b.conv("UPNet2", u, maps, 3, 1, Activation::None, {}, affine);
  b.release(u);
  b.output(maps);
  b.release(maps);
}

}  // namespace

Network::Network(Kind kind, const StateDict& weights) : m_kind(kind), m_weights(weights) {}

Network::~Network() = default;

void Network::releaseMemory() const {
  std::lock_guard lock(m_running);
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
  Builder builder(m_weights, *plan);
  if (m_kind == Kind::BandNetwork) buildBandNetwork(builder, height, width, allRecurrences);
  else buildRecomposer(builder, height, width);
  builder.finish();
  // Tiles share one window size; the rest is the studio's preview and full passes.
  constexpr size_t kPlans = 4;
  m_plans.insert(m_plans.begin(), plan);
  if (m_plans.size() > kPlans) m_plans.pop_back();
  return plan;
}

std::vector<Planes> Network::run(const Planes& input, bool allRecurrences) const {
  const int expected = m_kind == Kind::BandNetwork ? 3 : 12;
  if (input.channels != expected || input.data.size() != size_t(expected) * input.height * input.width)
    throw std::invalid_argument("oneDNN network: expected " + std::to_string(expected) + " input planes");
  if (m_kind == Kind::BandNetwork && (input.height % 4 || input.width % 4 || input.height < 4 || input.width < 4))
    throw std::invalid_argument("oneDNN network: sides must be multiples of 4");
  const auto plan = planFor(input.height, input.width, allRecurrences && m_kind == Kind::BandNetwork);
  std::lock_guard lock(m_running);
  if (!m_arena || m_arena->floats() < plan->arenaFloats) {
    m_arena.reset();
    m_arena = std::make_unique<Arena>(plan->arenaFloats);
  }
  std::vector<Planes> outputs;
  Runtime rt{dnnl::stream(cpuEngine()), m_arena->data(), &input, &outputs};
  for (const auto& step : plan->steps) step(rt);
  rt.stream.wait();
  return outputs;
}

}  // namespace drbn::onednn
