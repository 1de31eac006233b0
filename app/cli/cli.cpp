// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/cli.h"

#include "app/cli/common.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"
#include "core/io/licence.h"
#include "core/weights/weightfile.h"

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

}  // namespace

int run(const QStringList& arguments) {
  if (arguments.isEmpty()) {
    printErr(QString::fromLatin1(kUsageText));
    return kUsage;
  }
  const QString command = arguments.first();
  const QStringList rest = arguments.mid(1);
  if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
    printOut(QString::fromLatin1(kUsageText));
    return kOk;
  }
  if (command == QLatin1String("--version") || command == QLatin1String("-V")) {
    printOut(QStringLiteral("drbn (DRBN Studio) " DRBN_VERSION));
    printOut(fromStd(infer::torchVersion() + ", " + image::imageLibraryVersions()));
    printOut(QString::fromLatin1(io::kLicenceNotice));
    return kOk;
  }
  const bool known = QStringList{QStringLiteral("enhance"), QStringLiteral("eval"), QStringLiteral("bench"), QStringLiteral("info"),
                                 QStringLiteral("convert"), QStringLiteral("train"), QStringLiteral("synth"), QStringLiteral("pack"),
                                 QStringLiteral("curate")}.contains(command);
  try {
    if (command == QLatin1String("enhance")) return enhanceCommand(rest);
    if (command == QLatin1String("eval")) return evalCommand(rest);
    if (command == QLatin1String("bench")) return benchCommand(rest);
    if (command == QLatin1String("info")) return infoCommand(rest);
    if (command == QLatin1String("convert")) return convertCommand(rest);
    if (command == QLatin1String("train")) return trainCommand(rest);
    if (command == QLatin1String("synth")) return synthCommand(rest);
    if (command == QLatin1String("pack")) return packCommand(rest);
    if (command == QLatin1String("curate")) return curateCommand(rest);
    throw UsageError{QStringLiteral("unknown command '%1'").arg(command)};
  } catch (const UsageError& e) {
    printErr(QStringLiteral("drbn: %1").arg(e.message));
    const QString help = !e.command.isEmpty() ? e.command : known ? command : QString();
    printErr(QStringLiteral("Try 'drbn %1 --help' for more information.").arg(help).simplified());
    return kUsage;
  } catch (const std::exception& e) {  // weights, images, files: the message names the file
    printErr(QStringLiteral("drbn: %1").arg(fromStd(e.what())));
    return kFailed;
  }
}

}  // namespace drbn::cli
