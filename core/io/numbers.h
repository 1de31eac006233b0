// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Numbers in files, checkpoints and filters, read the same under any LC_ALL: Qt programs set the
// C locale from the environment, and the C library's locale-aware conversions then stop at the
// '.' of "0.0001" under de_DE (and return 0 without an error).

#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>

namespace drbn::io {

/// The whole of `text` as a T, or false.
template <typename T>
bool parseNumber(std::string_view text, T& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

/// The whole of `text` as a T; std::invalid_argument naming `what` otherwise.
template <typename T>
T number(std::string_view text, const std::string& what) {
  T value{};
  if (!parseNumber(text, value)) throw std::invalid_argument(what + ": not a number: '" + std::string(text) + "'");
  return value;
}

/// `value` written the same under any locale (shortest text that reads back exactly), unlike
/// std::to_string and printf's %f, which follow LC_NUMERIC.
inline std::string formatNumber(double value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return ec == std::errc() ? std::string(text, end) : std::string();
}

/// `value` with `decimals` digits after the point, the same under any locale (for messages).
inline std::string formatFixed(double value, int decimals) {
  char text[400];  // the largest double has 309 digits before the point
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(text, end) : std::string();
}

}  // namespace drbn::io
