#pragma once
// Helpers shared by the tests: where ../shared is, and skipping when it is not there.

#include <QByteArray>
#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTest>

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

}  // namespace drbn::test

/// Skips the current test with a clear message when a file of ../shared is missing.
#define DRBN_REQUIRE_SHARED(var, relative)                                                              \
  const QString var = drbn::test::sharedFile(QStringLiteral(relative));                                 \
  if (var.isEmpty())                                                                                    \
    QSKIP(qPrintable(QStringLiteral("needs %1/%2 (set DRBN_SHARED_DIR to the shared folder)")           \
                         .arg(drbn::test::sharedDir(), QStringLiteral(relative))))
