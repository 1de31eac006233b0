// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/imageconvert.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

namespace drbn::ui {
namespace {

uchar toByte(float v) { return uchar(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); }

QRgb lerp(QRgb a, QRgb b, float t) {
  auto mix = [t](int x, int y) { return int(std::lround(float(x) + (float(y) - float(x)) * t)); };
  return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

QRgb alongStops(const std::vector<QRgb>& stops, float t) {
  t = std::clamp(t, 0.0f, 1.0f) * float(stops.size() - 1);
  const size_t i = std::min(size_t(t), stops.size() - 2);
  return lerp(stops[i], stops[i + 1], t - float(i));
}

}  // namespace

QRgb mapColor(ColorMap map, float t) {
  switch (map) {
    case ColorMap::Diverging:
      return alongStops({qRgb(33, 102, 172), qRgb(146, 197, 222), qRgb(247, 247, 247), qRgb(244, 165, 130),
                         qRgb(178, 24, 43)}, t);
    case ColorMap::Heat:
      return alongStops({qRgb(0, 0, 0), qRgb(160, 20, 20), qRgb(240, 120, 0), qRgb(255, 230, 60), qRgb(255, 255, 255)}, t);
    case ColorMap::Rgb:
      break;
  }
  const int g = toByte(t);
  return qRgb(g, g, g);
}

QImage toQImage(const infer::FloatImage& image, ColorMap map, MapRange range) {
  QImage out(image.width, image.height, QImage::Format_RGB32);
  if (image.empty()) return out;
  const float* r = image.plane(0);
  const float* g = image.plane(image.channels > 1 ? 1 : 0);
  const float* b = image.plane(image.channels > 2 ? 2 : 0);
  const float span = std::max(1e-6f, range.hi - range.lo);
  for (int y = 0; y < image.height; ++y) {
    auto* line = reinterpret_cast<QRgb*>(out.scanLine(y));
    const size_t row = size_t(y) * size_t(image.width);
    for (int x = 0; x < image.width; ++x) {
      const size_t i = row + size_t(x);
      if (map == ColorMap::Rgb) {
        line[x] = qRgb(toByte(r[i]), toByte(g[i]), toByte(b[i]));
      } else {
        const float v = (r[i] + g[i] + b[i]) / 3.0f;
        const float t = map == ColorMap::Diverging ? 0.5f + 0.5f * v / std::max(1e-6f, range.hi) : (v - range.lo) / span;
        line[x] = mapColor(map, t);
      }
    }
  }
  return out;
}

MapRange autoRange(const infer::FloatImage& image, ColorMap map) {
  if (image.empty() || map == ColorMap::Rgb) return {};
  // Percentiles over a sample of pixels: exact enough, and fast on large images.
  const size_t n = image.planeSize(), step = std::max<size_t>(1, n / 50000);
  std::vector<float> values;
  for (size_t i = 0; i < n; i += step) {
    float v = 0;
    for (int c = 0; c < image.channels; ++c) v += image.plane(c)[i];
    v /= float(image.channels);
    values.push_back(map == ColorMap::Diverging ? std::abs(v) : v);
  }
  auto at = [&](double q) {
    const size_t k = std::min(values.size() - 1, size_t(q * double(values.size() - 1)));
    std::nth_element(values.begin(), values.begin() + long(k), values.end());
    return values[k];
  };
  if (map == ColorMap::Diverging) return {0, std::max(1e-3f, at(0.99))};
  const float lo = at(0.01), hi = at(0.99);
  return {lo, std::max(hi, lo + 1e-3f)};
}

QImage legend(ColorMap map, MapRange range, int width, int height, QColor text) {
  QImage out(width, height, QImage::Format_ARGB32_Premultiplied);
  out.fill(Qt::transparent);
  QPainter p(&out);
  const int bar = std::max(4, height / 2 - 3);
  for (int x = 0; x < width; ++x) {
    p.setPen(QColor(mapColor(map, float(x) / float(std::max(1, width - 1)))));
    p.drawLine(x, 0, x, bar);
  }
  p.setPen(text);
  const bool signedValues = map == ColorMap::Diverging;
  for (const int x : {0, width / 2, width - 1})
    if (x != width / 2 || signedValues) p.drawLine(x, bar, x, bar + 3);  // ticks under the values written
  const QRect labels(0, bar + 3, width, height - bar - 3);
  const float lo = signedValues ? -range.hi : range.lo;
  p.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, QString::number(double(lo), 'g', 2));
  if (signedValues) p.drawText(labels, Qt::AlignHCenter | Qt::AlignVCenter, QStringLiteral("0"));
  p.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, QString::number(double(range.hi), 'g', 2));
  return out;
}

}  // namespace drbn::ui
