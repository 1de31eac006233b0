// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/terminal.h"

#include <cstdio>

namespace drbn::io {
namespace {

/// The length of the valid UTF-8 sequence at `s[i]`, or 0 (overlong forms and surrogates aside,
/// which terminals do not act on).
size_t sequenceLength(std::string_view s, size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const size_t n = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  return n;
}

}  // namespace

std::string terminalSafe(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  auto escape = [&out](const char* format, unsigned code) {
    char text[8];
    std::snprintf(text, sizeof text, format, code);
    out += text;
  };
  for (size_t i = 0; i < utf8.size();) {
    const size_t n = sequenceLength(utf8, i);
    const auto byte = static_cast<unsigned char>(utf8[i]);
    const auto next = [&](size_t k) { return static_cast<unsigned char>(utf8[i + k]); };
    if (n == 0) {
      escape("\\x%02x", byte);  // not UTF-8: a lone 0x9b is a control sequence to 8-bit terminals
    } else if ((n == 1 && byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7f) {
      escape("\\x%02x", byte);
    } else if (n == 2 && byte == 0xc2 && next(1) <= 0x9f) {  // U+0080..U+009F
      escape("\\x%02x", next(1));
    } else if (n == 3 && byte == 0xe2 && ((next(1) == 0x80 && next(2) >= 0xaa && next(2) <= 0xae) ||    // U+202A..U+202E
                                          (next(1) == 0x81 && next(2) >= 0xa6 && next(2) <= 0xa9))) {  // U+2066..U+2069
      escape("\\u%04x", 0x2000u | ((next(1) & 0x3fu) << 6) | (next(2) & 0x3fu));
    } else {
      out.append(utf8.substr(i, n));
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

}  // namespace drbn::io
