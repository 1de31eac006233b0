// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/imagesignals.h"

#include "core/image/imagefile.h"
#include "core/infer/looks.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace drbn::curate {
namespace {

cv::Mat luminance8(const cv::Mat& image) {
  cv::Mat gray;
  if (image.channels() == 1)
    gray = image;
  else {
    // Rec. 709 weights on the sRGB values (BGR order).
    cv::Mat bgr;
    if (image.channels() == 4)
      cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
    else
      bgr = image;
    cv::transform(bgr, gray, cv::Matx13f(0.0722f, 0.7152f, 0.2126f));
  }
  if (gray.depth() != CV_8U) gray.convertTo(gray, CV_8U, gray.depth() == CV_16U ? 1.0 / 257 : 255.0);
  return gray;
}

}  // namespace

uint64_t perceptualHash(const cv::Mat& image) {
  cv::Mat small;
  cv::resize(luminance8(image), small, cv::Size(32, 32), 0, 0, cv::INTER_AREA);
  small.convertTo(small, CV_32F);
  cv::Mat frequencies;
  cv::dct(small, frequencies);
  std::vector<float> low;
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) low.push_back(frequencies.at<float>(y, x));
  std::vector<float> sorted(low.begin() + 1, low.end());  // without DC: it only says "bright"
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const float median = sorted[sorted.size() / 2];
  uint64_t hash = 0;
  for (int i = 0; i < 64; ++i)
    if (low[i] > median) hash |= uint64_t(1) << i;
  return hash;
}

int hammingDistance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

ImageSignals measure(const cv::Mat& image) {
  ImageSignals s;
  s.width = image.cols;
  s.height = image.rows;
  if (image.empty()) return s;
  const cv::Mat gray = luminance8(image::scaledToFit(image, kAnalysisSide));
  s.brightness = cv::mean(gray)[0] / 255.0;
  const double n = double(gray.total());
  s.clippedShadows = cv::countNonZero(gray <= 2) / n;
  s.clippedHighlights = cv::countNonZero(gray >= 253) / n;
  cv::Mat laplacian;
  cv::Laplacian(gray, laplacian, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  s.sharpness = stddev[0] * stddev[0];
  cv::Mat grayF;
  gray.convertTo(grayF, CV_32F);
  s.noise = infer::noiseSigma(grayF.ptr<float>(), grayF.cols, grayF.rows);
  s.phash = perceptualHash(gray);
  return s;
}

ImageSignals measureFile(const std::string& path) {
  const auto photo = image::readPhoto(path);
  return measure(image::toMat(photo.rgb, CV_8U, photo.grayscale));
}

std::vector<int> nearDuplicateGroups(const std::vector<uint64_t>& hashes, int maxDistance) {
  const int n = int(hashes.size());
  // Union-find over the pairs a BK-tree finds within maxDistance.
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&parent](int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };

  struct Node {
    int item;
    std::vector<std::pair<int, int>> children;  // (distance, node)
  };
  std::vector<Node> tree;
  tree.reserve(n);
  std::vector<int> stack;
  for (int i = 0; i < n; ++i) {
    // Query first, then insert: every pair is seen once.
    if (!tree.empty()) {
      stack.assign(1, 0);
      while (!stack.empty()) {
        const Node& node = tree[stack.back()];
        stack.pop_back();
        const int d = hammingDistance(hashes[i], hashes[node.item]);
        if (d <= maxDistance) {
          const int a = root(i), b = root(node.item);
          if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
        for (const auto& [childDistance, child] : node.children)
          if (std::abs(childDistance - d) <= maxDistance) stack.push_back(child);
      }
      int at = 0;
      for (;;) {
        const int d = hammingDistance(hashes[i], hashes[tree[at].item]);
        const auto next = std::find_if(tree[at].children.begin(), tree[at].children.end(),
                                       [d](const auto& c) { return c.first == d; });
        if (next == tree[at].children.end()) {
          tree[at].children.emplace_back(d, int(tree.size()));
          break;
        }
        at = next->second;
      }
    }
    tree.push_back({i, {}});
  }
  std::vector<int> groups(n);
  for (int i = 0; i < n; ++i) groups[i] = root(i);
  return groups;
}

}  // namespace drbn::curate
