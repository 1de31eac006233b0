// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The `drbn` command line: enhance, eval, bench, info, convert. A library so the tests can run
// commands in-process and check exit codes and messages.

#include <QStringList>

namespace drbn::cli {

/// Runs one command line (arguments without the program name). Returns the exit status.
int run(const QStringList& arguments);

}  // namespace drbn::cli
