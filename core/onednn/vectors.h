// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Vectors of floats for our own kernels (core/onednn/winograd.cpp, weightgradient.cpp), as GCC's
// vector extensions: each kernel is built for AVX2 and for AVX-512 from one source, in functions
// with the target's attribute that these inline into. Internal to those files.

namespace drbn::onednn::vectors {

constexpr int kF8 = 8;

/// n rounded up to whole vectors of `width` floats.
constexpr int paddedTo(int n, int width) { return (n + width - 1) / width * width; }
typedef float F8 __attribute__((vector_size(32)));
typedef float F16 __attribute__((vector_size(64)));
template <int L>
struct VectorOf;
template <>
struct VectorOf<8> {
  using type = F8;
};
template <>
struct VectorOf<16> {
  using type = F16;
};

// Vectors go through references, not values: a function with AVX-512 arguments built for another
// target changes the ABI (and these are always inlined into the target's own functions anyway).
template <typename V>
[[gnu::always_inline]] inline void load(V& v, const float* p) {
  __builtin_memcpy(&v, p, sizeof v);
}
template <typename V>
[[gnu::always_inline]] inline void store(float* p, const V& v) {
  __builtin_memcpy(p, &v, sizeof v);
}
/// The first n (1-8) floats at p, the rest zero.
[[gnu::always_inline]] inline void loadPartial(F8& v, const float* p, int n) {
  if (n == kF8) return load(v, p);
  v = F8{};
  for (int i = 0; i < n; ++i) v[i] = p[i];
}
[[gnu::always_inline]] inline void storePartial(float* p, const F8& v, int n) {
  if (n == kF8) return store(p, v);
  for (int i = 0; i < n; ++i) p[i] = v[i];
}

}  // namespace drbn::onednn::vectors
