// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Between the engine's float images and what the screen shows: plain RGB, signed detail bands in a
// diverging colour map, weight maps as heat maps, and the legends that explain them.

#include "core/infer/floatimage.h"

#include <QColor>
#include <QImage>
#include <QString>

namespace drbn::ui {

/// How an engine image is turned into colours.
enum class ColorMap {
  Rgb,        // as a photo, clamped to [0, 1]
  Diverging,  // signed values: blue below zero, white at zero, red above (mean over channels)
  Heat,       // weights: black - red - yellow - white over [lo, hi] (mean over channels)
};

struct MapRange {
  float lo = 0, hi = 1;
};

/// Converts to an 8-bit QImage. Diverging uses [-range.hi, range.hi]; Heat uses [range.lo, range.hi].
QImage toQImage(const infer::FloatImage& image, ColorMap map = ColorMap::Rgb, MapRange range = {});

/// A range that shows most of the image's values: symmetric 99th percentile of |v| for diverging,
/// 1st to 99th percentile for heat maps.
MapRange autoRange(const infer::FloatImage& image, ColorMap map);

/// The colour of a value in [0, 1] along a map (for legends).
QRgb mapColor(ColorMap map, float t);

/// A horizontal colour bar with ticks and its end (and zero) values under it, written in `text`
/// (the palette's text colour of the widget that shows it).
QImage legend(ColorMap map, MapRange range, int width, int height, QColor text);

}  // namespace drbn::ui
