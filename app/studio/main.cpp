// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("DRBN Studio"));
  QApplication::setApplicationName(QStringLiteral("drbn-studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("DRBN Studio"));
  QApplication::setApplicationVersion(QStringLiteral(DRBN_VERSION));
  QApplication::setDesktopFileName(QStringLiteral("studio.drbn.DrbnStudio"));
  QIcon icon = QIcon::fromTheme(QStringLiteral("studio.drbn.DrbnStudio"));
  if (icon.isNull())
    for (const char* size : {"48x48", "256x256"})
      icon.addFile(QStringLiteral(":/icons/%1/apps/studio.drbn.DrbnStudio.png").arg(QLatin1String(size)));
  QApplication::setWindowIcon(icon);

  // The language: a saved choice, else the system's.
  const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
  const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
  QTranslator qtTranslator, appTranslator;
  if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QApplication::installTranslator(&qtTranslator);
  if (appTranslator.load(locale, QStringLiteral("drbn-studio"), QStringLiteral("_"), QStringLiteral(":/i18n")))
    QApplication::installTranslator(&appTranslator);

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate("main", "Enhance low-light photos with DRBN."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("photo"), QApplication::translate("main", "A photo to open."), QStringLiteral("[photo]"));
  parser.process(app);

  drbn::ui::MainWindow window;
  window.show();
  if (!parser.positionalArguments().isEmpty()) window.openPhoto(parser.positionalArguments().first());
  return QApplication::exec();
}
