// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/defaultmodel.h"

// The weight files are assembled into read-only data as they are (paths from CMake), which is
// far quicker to build than a multi-megabyte array literal. Their SHA-256 is part of the compile
// command, so a retrained model rebuilds this file even through ccache.
__asm__(".section .rodata\n"
        ".balign 64\n"
        "drbn_default_bands_begin:\n"
        ".incbin \"" DRBN_DEFAULT_BANDS "\"\n"
        "drbn_default_bands_end:\n"
        ".balign 64\n"
        "drbn_default_recompose_begin:\n"
#ifdef DRBN_DEFAULT_RECOMPOSE
        ".incbin \"" DRBN_DEFAULT_RECOMPOSE "\"\n"
#endif
        "drbn_default_recompose_end:\n"
        ".previous\n");

extern "C" const char drbn_default_bands_begin[], drbn_default_bands_end[];
extern "C" const char drbn_default_recompose_begin[], drbn_default_recompose_end[];

namespace drbn::models {

std::string_view defaultBandNetwork() {
  return {drbn_default_bands_begin, size_t(drbn_default_bands_end - drbn_default_bands_begin)};
}

std::string_view defaultRecomposer() {
  return {drbn_default_recompose_begin, size_t(drbn_default_recompose_end - drbn_default_recompose_begin)};
}

}  // namespace drbn::models
