// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: AVA.txt (one line per photo: index, id, ten vote counts, two tags, a challenge).
// Whatever it accepts has statistics in range: MOS within 1..10, votes that add up.
#include "core/curate/ava.h"

#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto list = drbn::curate::parseAvaText(std::string(reinterpret_cast<const char*>(data), size));
  for (const auto& e : list.entries) {
    long long total = 0;
    for (int v : e.votes) {
      if (v < 0) __builtin_trap();
      total += v;
    }
    if (total != e.voteCount || total <= 0) __builtin_trap();
    if (!(e.mos >= 1 && e.mos <= 10) || !(e.std >= 0 && e.std <= 4.5 + 1e-9)) __builtin_trap();
  }
  return 0;
}
