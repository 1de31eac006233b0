// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a photographer sees first in an enhanced photo, measured without a reference: noise,
// colour cast, lifted blacks. Plain C++ over FloatImage, so `drbn eval`, the studio and the
// trainer's validation (LibTorch alone) measure the same way.

#include "core/infer/floatimage.h"

namespace drbn::infer {

/// An enhanced photo's looks. The result is taken as 8-bit, as saved.
struct Looks {
  // Lower is better:
  double noise = 0;        // Immerkaer sigma of the Rec. 709 luminance, 8-bit units, mean of full, 1/2, 1/4 scale
  double chromaNoise = 0;  // the same, mean of the two colour differences (B - Y, R - Y; BT.709 scaled)
  double cast = 0;         // grey-world deviation |mean a*, mean b*| (CIELAB, D65) over pixels with 5 < L* < 95
  double blackLevel = 0;   // mean 8-bit luminance of the result over the input's darkest 1% of pixels
  double halo = 0;         // halo(): contrast beyond the input's where the input is flat, % between 16 x 16 blocks
  // Neither better nor worse, but the context of the above: a dimmer result hides noise and lifts
  // no blacks, and is no enhancement.
  double brightness = 0;   // mean 8-bit luminance of the result
  double highlights = 0;   // its 99th percentile
};
/// Every measure of Looks, for code that sums or averages them all.
inline constexpr double Looks::*kLooksMeasures[] = {&Looks::noise,      &Looks::chromaNoise, &Looks::cast,       &Looks::blackLevel,
                                                     &Looks::halo,       &Looks::brightness,  &Looks::highlights};

/// Measures `result` (RGB, [0, 1]) against the `input` it was made from (RGB, the same size; only
/// for the black level). Throws std::invalid_argument on mismatched images.
Looks measureLooks(const FloatImage& result, const FloatImage& input);

/// Halos: a gain that bleeds past an edge (a bright band over a skyline) makes contrast where the
/// input has none. Of 16 x 16 block means (halos are tens of pixels wide, noise is not), between
/// neighbouring blocks whose input log luminance differs by less than kHaloFlat: the mean of how much
/// more the result's log luminance differs than the input's, max(0, |d log out| - |d log in|), in
/// percent. A tone curve that lifts shadows more than highlights makes no more contrast than the
/// input's and reads 0 (a measure of the gain's own changes read it as halo). Logs of
/// out + k kHaloDark and in + kHaloDark, with k the whole image's gain: black is not infinitely
/// dark, and one gain everywhere reads 0 at any brightness. Luminances in [0, 1], row-major.
inline constexpr int kHaloBlock = 16;
inline constexpr double kHaloFlat = 0.05, kHaloDark = 0.02;
double halo(const float* result, const float* input, int width, int height);

/// Immerkaer's (1996) noise sigma of one plane (row-major, `width` x `height`), in its units: the
/// plane convolved with a mask that cancels smooth structure, over the inner pixels.
double noiseSigma(const float* plane, int width, int height);

}  // namespace drbn::infer
