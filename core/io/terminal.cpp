// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/terminal.h"

#include <cstdio>

namespace drbn::io {

std::string terminalSafe(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  auto escape = [&out](const char* format, unsigned code) {
    char text[8];
    std::snprintf(text, sizeof text, format, code);
    out += text;
  };
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    const auto next = [&](size_t k) { return i + k < utf8.size() ? static_cast<unsigned char>(utf8[i + k]) : 0u; };
    if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f) {
      escape("\\x%02x", byte);
    } else if (byte == 0xc2 && next(1) >= 0x80 && next(1) <= 0x9f) {  // U+0080..U+009F
      escape("\\x%02x", next(1));
      ++i;
    } else if (byte == 0xe2 && ((next(1) == 0x80 && next(2) >= 0xaa && next(2) <= 0xae) ||    // U+202A..U+202E
                                (next(1) == 0x81 && next(2) >= 0xa6 && next(2) <= 0xa9))) {  // U+2066..U+2069
      escape("\\u%04x", 0x2000u | ((next(1) & 0x3fu) << 6) | (next(2) & 0x3fu));
      i += 2;
    } else {
      out += char(byte);
    }
  }
  return out;
}

}  // namespace drbn::io
