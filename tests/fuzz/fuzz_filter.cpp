// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: catalog filter expressions (`drbn curate list --filter`, the Curate page's filter
// box), parsed and then evaluated and sorted over a few items, some with unknown values.
#include "core/curate/filter.h"

#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace drbn::curate;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<Item> items(3);
  items[0].id = 1;
  items[0].avaId = 17;
  items[0].mos = 6.5;
  items[0].votes = 210;
  items[1].id = 2;
  items[1].mos = std::nan("");
  items[2].id = 3;
  items[2].mos = 3.25;
  try {
    const Filter filter(text);
    for (const auto& item : items) (void)filter.matches(item);
    (void)select(items, filter, "mos", true);
  } catch (const FilterError&) {
  }
  try {
    (void)select(items, Filter(), text);  // the text as a sort field
  } catch (const FilterError&) {
  }
  return 0;
}
