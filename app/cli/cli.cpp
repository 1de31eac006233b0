// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/cli.h"

#include "app/cli/common.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"
#include "core/io/licence.h"
#include "core/io/terminal.h"
#include "core/weights/weightfile.h"

#include <algorithm>
#include <map>
#include <vector>

namespace drbn::cli {
namespace {

const char* kUsageText =
    "Usage: drbn COMMAND [OPTION]... [ARG]...\n"
    "Enhance low-light photos with DRBN (deep recursive band networks), and study the models.\n"
    "\n"
    "Commands:\n"
    "  enhance INPUT... -o OUTDIR   enhance photos or folders of photos\n"
    "  eval LOWDIR [HIGHDIR]        enhance low-light images, measure noise and colour, and score them\n"
    "                               (PSNR, SSIM) against references\n"
    "  bench [IMAGE]                measure speed (s/MP) and peak memory\n"
    "  info FILE                    describe a weight file\n"
    "  convert IN OUT.safetensors   convert weights to safetensors\n"
    "  train [ROOT] -o RUNDIR       train stage 1 or 2 on paired/unpaired folders (resumable)\n"
    "  synth NORMAL_DIR -o OUTDIR   make synthetic low-light pairs from normal photos\n"
    "  pack [ROOT] -o PACKDIR       pack training data into safetensors shards (for drbn-trainer)\n"
    "  curate ACTION ...            curate AVA-style quality sets and paired folders\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help and exit\n"
    "  -V, --version  show version information and exit\n"
    "\n"
    "Run 'drbn COMMAND --help' for the options of a command.";

/// Letters to insert, delete or change to turn `a` into `b` (Levenshtein).
int editDistance(const QString& a, const QString& b) {
  std::vector<int> row(size_t(b.size()) + 1);
  for (size_t j = 0; j < row.size(); ++j) row[j] = int(j);
  for (qsizetype i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = int(i);
    for (qsizetype j = 1; j <= b.size(); ++j) {
      const int above = row[size_t(j)];
      row[size_t(j)] = std::min({above + 1, row[size_t(j - 1)] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row.back();
}

}  // namespace

int run(const QStringList& arguments) {
  if (arguments.isEmpty()) {
    printErr(QString::fromStdString(io::wrappedHelp(kUsageText)));
    return kUsage;
  }
  // "drbn help enhance" is "drbn enhance --help", as git and cargo have it ("drbn help curate
  // import": "drbn curate import --help").
  if (arguments.first() == QLatin1String("help") && arguments.size() > 1)
    return run(arguments.mid(1) + QStringList{QStringLiteral("--help")});
  const QString command = arguments.first();
  const QStringList rest = arguments.mid(1);
  if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
    printOut(QString::fromStdString(io::wrappedHelp(kUsageText)));
    return kOk;
  }
  if (command == QLatin1String("--version") || command == QLatin1String("-V")) {
    printOut(QStringLiteral("drbn (DRBN Studio) " DRBN_VERSION));
    printOut(fromStd(infer::torchVersion() + ", " + image::imageLibraryVersions()));
    printOut(QString::fromLatin1(io::kLicenceNotice));
    return kOk;
  }
  const std::map<QString, int (*)(const QStringList&)> commands{
      {QStringLiteral("enhance"), enhanceCommand}, {QStringLiteral("eval"), evalCommand},
      {QStringLiteral("bench"), benchCommand},     {QStringLiteral("info"), infoCommand},
      {QStringLiteral("convert"), convertCommand}, {QStringLiteral("train"), trainCommand},
      {QStringLiteral("synth"), synthCommand},     {QStringLiteral("pack"), packCommand},
      {QStringLiteral("curate"), curateCommand}};
  const auto known = commands.find(command);
  try {
    if (known == commands.end()) {
      if (command.startsWith(QLatin1Char('-'))) throw UsageError{QStringLiteral("unknown option '%1' (a COMMAND comes first)").arg(command)};
      // A typo of one letter or two ("enhanse") is pointed at the command meant.
      QString meant;
      for (const auto& [name, function] : commands)
        if (editDistance(command, name) <= 2) meant = name;
      throw UsageError{QStringLiteral("unknown command '%1'%2").arg(command, meant.isEmpty() ? QString() : QStringLiteral(" (did you mean '%1'?)").arg(meant))};
    }
    return known->second(rest);
  } catch (const UsageError& e) {
    printErr(QStringLiteral("drbn: %1").arg(e.message));
    const QString help = !e.command.isEmpty() ? e.command : known != commands.end() ? command : QString();
    printErr(QStringLiteral("Try 'drbn %1 --help' for more information.").arg(help).simplified());
    return kUsage;
  } catch (const std::exception& e) {  // weights, images, files: the message names the file
    printErr(QStringLiteral("drbn: %1").arg(fromStd(e.what())));
    return kFailed;
  }
}

}  // namespace drbn::cli
