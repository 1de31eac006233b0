// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/terminal.h"

#include <algorithm>
#include <cstdio>
#include <vector>

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

namespace {

size_t columns(std::string_view utf8) {  // code points, not bytes
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

/// Byte offset of the last space at which `line` breaks within `width` columns, after `from`.
size_t breakAt(std::string_view line, size_t from, size_t width) {
  size_t best = std::string_view::npos, column = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (column > width) break;
    if (line[i] == ' ' && i > from && line[i - 1] != ' ') best = i;
    ++column;
  }
  return best;
}

}  // namespace

std::string wrappedHelp(std::string_view text, size_t width) {
  // Logical lines first: a source line that goes on where the one before it left off (same
  // indent as its text, itself no row, heading or option) joins it, so a paragraph reflows whole.
  struct Logical {
    std::string text;
    size_t indent = 0;  // where wrapped parts continue
    bool open = false;  // may take the next source line
  };
  std::vector<Logical> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    const size_t lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos) {
      lines.push_back({std::string(line), 0, false});
    } else {
      size_t indent = lead;
      bool row = false;
      if (const size_t gap = line.find("  ", lead); gap != std::string_view::npos) {
        const size_t description = line.find_first_not_of(' ', gap);
        row = description != std::string_view::npos && description <= width / 2 + 8;
        if (row) indent = description;
      }
      const std::string_view words = line.substr(lead);
      const bool heading = (words.back() == ':' && words.find(' ') == std::string_view::npos) || words.substr(0, 6) == "Usage:";
      const bool starts = row || heading || line[lead] == '-' || lines.empty() || !lines.back().open ||
                          lines.back().indent != lead;
      if (starts) lines.push_back({std::string(line), indent, !heading});
      else lines.back().text += " " + std::string(line.substr(lead));
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string rest = lines[i].text;
    while (columns(rest) > width) {
      const size_t cut = breakAt(rest, lines[i].indent, width);
      if (cut == std::string::npos) break;  // one long word: left whole
      out += rest.substr(0, cut) + "\n";
      const size_t next = rest.find_first_not_of(' ', cut);
      rest = std::string(lines[i].indent, ' ') + (next == std::string::npos ? std::string() : rest.substr(next));
    }
    out += rest;
    if (i + 1 < lines.size()) out += '\n';
  }
  return out;
}

}  // namespace drbn::io
