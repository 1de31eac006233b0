// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Text bound for a terminal. File names, metadata and model cards may hold control characters;
// printed raw, an escape sequence recolours or rewrites the terminal, a carriage return hides what
// came before it and a bidirectional override reorders what follows.

#include <string>
#include <string_view>

namespace drbn::io {

/// `utf8` with its control characters (C0 but newline and tab, DEL, C1) and bytes that are not
/// UTF-8 shown as \xNN, its bidirectional overrides and isolates as \uNNNN; the rest as is.
/// (Backslashes stay as they are: paths read better, at the price of ambiguity with a name that
/// holds a literal "\x1b".)
std::string terminalSafe(std::string_view utf8);

/// Help text folded to `width` columns, as GNU tools print it: the lines of a paragraph reflow
/// (headings, "Usage:" and rows stay lines of their own) and break at the last space that fits;
/// a row ("  term   description") continues under its description, other text at its indent.
std::string wrappedHelp(std::string_view text, size_t width = 79);

}  // namespace drbn::io
