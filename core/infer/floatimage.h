// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <vector>

namespace drbn::infer {

/// An image as float channel planes (CHW, row-major), RGB in [0, 1] nominally. Detail bands and
/// weight maps use the same type and may be negative or exceed 1.
struct FloatImage {
  int width = 0, height = 0, channels = 0;
  std::vector<float> data;

  FloatImage() = default;
  FloatImage(int w, int h, int c) : width(w), height(h), channels(c), data(size_t(w) * size_t(h) * size_t(c)) {}
  bool empty() const { return data.empty(); }
  size_t planeSize() const { return size_t(width) * size_t(height); }
  float* plane(int c) { return data.data() + size_t(c) * planeSize(); }
  const float* plane(int c) const { return data.data() + size_t(c) * planeSize(); }
};

}  // namespace drbn::infer
