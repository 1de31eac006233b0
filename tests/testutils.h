// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the tests: where ../shared is, and skipping when it is not there.

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

#include <clocale>
#include <cstring>

namespace drbn::test {

/// ../shared beside the checkout, or $DRBN_SHARED_DIR.
inline QString sharedDir() {
  const QByteArray env = qgetenv("DRBN_SHARED_DIR");
  return env.isEmpty() ? QDir::cleanPath(QStringLiteral(DRBN_SOURCE_DIR "/../shared")) : QString::fromLocal8Bit(env);
}

/// Path of a file under ../shared, or empty when it is missing.
inline QString sharedFile(const QString& relative) {
  const QString path = sharedDir() + QLatin1Char('/') + relative;
  return QFileInfo::exists(path) ? path : QString();
}

/// Why the locale that LC_ALL asks for is not in effect (CTest runs some tests a second time under
/// LC_ALL=de_DE.UTF-8, where the C library reads "0.5" as 0), or empty when it is.
inline QString missingLocale() {
  const QByteArray asked = qgetenv("LC_ALL");
  if (!asked.startsWith("de_DE")) return {};
  const char* point = std::localeconv()->decimal_point;
  if (point && std::strcmp(point, ",") == 0) return {};
  return QStringLiteral("LC_ALL=%1 is not installed here (scripts/setup.sh generates it)").arg(QString::fromLatin1(asked));
}

}  // namespace drbn::test

/// Skips the whole test program when it was asked to run under a locale this machine lacks,
/// rather than pass in the C locale.
#define DRBN_REQUIRE_LOCALE()                                        \
  if (const QString why = drbn::test::missingLocale(); !why.isEmpty()) \
  QSKIP(qPrintable(why))

/// Skips the current test with a clear message when a file of ../shared is missing.
#define DRBN_REQUIRE_SHARED(var, relative)                                                              \
  const QString var = drbn::test::sharedFile(QStringLiteral(relative));                                 \
  if (var.isEmpty())                                                                                    \
    QSKIP(qPrintable(QStringLiteral("needs %1/%2 (set DRBN_SHARED_DIR to the shared folder)")           \
                         .arg(drbn::test::sharedDir(), QStringLiteral(relative))))
