// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/cli.h"

#include <QCoreApplication>

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("drbn"));
  QCoreApplication::setApplicationVersion(QStringLiteral(DRBN_VERSION));
  return drbn::cli::run(QCoreApplication::arguments().mid(1));
}
