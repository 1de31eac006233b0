// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include "core/io/atomicfile.h"
#include "core/io/terminal.h"
#include "core/pipeline/enhancefile.h"

#include <QElapsedTimer>

#include <algorithm>
#include <filesystem>
#include <unistd.h>

namespace drbn::cli {

int enhanceCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("enhance"),
              QStringLiteral("Enhance low-light photos. Each INPUT is a file or a folder; results go to OUTDIR/<stem>.<ext>\n"
                             "with the source's EXIF, XMP, IPTC and colour profile, and XMP saying how they were made.\n"
                             "Inputs are never overwritten, nor earlier results without --overwrite; every output is\n"
                             "checked before the first is written, and written atomically."));
  parser.addPositionalArgument(QStringLiteral("INPUT"), QStringLiteral("Photo files or folders."), QStringLiteral("INPUT..."));
  parser.addOptions({
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Folder for the results (created if missing)."), QStringLiteral("OUTDIR")},
      {{QStringLiteral("r"), QStringLiteral("recursive")}, QStringLiteral("Search folders recursively (not OUTDIR); results keep their subfolders.")},
      {QStringLiteral("save-bands"), QStringLiteral("Also save every recurrence output, band and weight map under OUTDIR/<stem>/ (detail bands around mid-grey, weights halved).")},
      {QStringLiteral("format"), QStringLiteral("Output format: png (default), jpg or tif."), QStringLiteral("FMT"), QStringLiteral("png")},
      {QStringLiteral("quality"), QStringLiteral("JPEG quality 1-100 (default 95)."), QStringLiteral("Q"), QStringLiteral("95")},
      {QStringLiteral("bit-depth"), QStringLiteral("8 or 16 bits per channel (default: as the source, 8 for jpg)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("overwrite"), QStringLiteral("Replace results that already exist in OUTDIR (never an input).")},
      {QStringLiteral("skip-existing"), QStringLiteral("Keep results already in OUTDIR that read back whole, and skip their inputs (a re-run of a preempted job finishes the rest).")},
  });
  addModelOptions(parser);
  addAdjustmentOptions(parser);
  addShardOptions(parser);
  if (!parse(parser, QStringLiteral("enhance"), arguments)) return kOk;

  QStringList inputs = parser.positionalArguments().mid(1);
  if (inputs.isEmpty()) throw UsageError{QStringLiteral("no INPUT given")};
  if (!parser.isSet(QStringLiteral("output"))) throw UsageError{QStringLiteral("no output folder given (-o OUTDIR)")};
  pipeline::EnhanceFileOptions options;
  options.format = toStd(parser.value(QStringLiteral("format")));
  try {
    image::extensionFor(options.format);
  } catch (const image::ImageError& e) {
    throw UsageError{fromStd(e.what())};
  }
  options.quality = intOption(parser, QStringLiteral("quality"), 1, 100);
  if (parser.isSet(QStringLiteral("quality")) && image::extensionFor(options.format) != "jpg")
    printErr(QStringLiteral("drbn: warning: --quality applies to JPEG output only (--format jpg); %1 is lossless")
                 .arg(fromStd(options.format)));
  options.bitDepth = intOption(parser, QStringLiteral("bit-depth"), 0, 16);
  if (options.bitDepth != 0 && options.bitDepth != 8 && options.bitDepth != 16)
    throw UsageError{QStringLiteral("--bit-depth must be 8 or 16")};
  if (options.bitDepth == 16 && image::extensionFor(options.format) == "jpg")
    throw UsageError{QStringLiteral("JPEG cannot hold 16 bits per channel; use --format png or tif")};
  options.saveBands = parser.isSet(QStringLiteral("save-bands"));
  options.engine.adjustments = adjustmentsFrom(parser);

  ModelSettings settings = modelSettings(parser);  // wrong usage is said before anything else
  const std::string outDir = toStd(parser.value(QStringLiteral("output")));
  std::vector<std::string> failures, paths;
  for (const auto& i : inputs) paths.push_back(toStd(i));
  const bool recursive = parser.isSet(QStringLiteral("recursive"));
  for (const auto& p : paths) {
    std::error_code ec;
    if (!std::filesystem::is_directory(p, ec)) continue;
    // Results beside the photos would be taken for photos by the next run of the same command.
    if (std::filesystem::equivalent(p, outDir, ec))
      throw UsageError{QStringLiteral("OUTDIR %1 is also an input folder: choose another folder for the results")
                           .arg(fromStd(outDir))};
    if (recursive) options.mirrorFoldersBelow.push_back(p);
  }
  const auto found = pipeline::collectInputs(paths, recursive, failures, outDir);
  const auto files = shardOf(parser, found);  // a shard may get none of a few photos: nothing to do there
  if (parser.isSet(QStringLiteral("overwrite")) && parser.isSet(QStringLiteral("skip-existing")))
    throw UsageError{QStringLiteral("give --overwrite or --skip-existing, not both")};
  // Planned before the model loads: a batch with nothing to do says so at once.
  const auto plan = pipeline::planBatch(files, outDir, options,
                                        parser.isSet(QStringLiteral("overwrite"))       ? pipeline::ExistingOutput::Replace
                                        : parser.isSet(QStringLiteral("skip-existing")) ? pipeline::ExistingOutput::SkipValid
                                                                                        : pipeline::ExistingOutput::Refuse);
  for (const auto& r : plan.refused)
    failures.push_back(r.file + ": " + r.reason + (r.alreadyThere() ? " (--overwrite replaces it, --skip-existing keeps it)" : ""));
  const auto reportFailures = [&] {
    printErr(QStringLiteral("drbn: %1:").arg(counted(qsizetype(failures.size()), "failure", "failures")));
    for (const auto& f : failures) printErr(QStringLiteral("drbn: %1").arg(fromStd(f)));
    return kFailed;
  };
  if (found.empty() && failures.empty()) {
    int subfolders = 0;
    for (const auto& p : paths) {
      std::error_code ec;
      for (auto it = std::filesystem::directory_iterator(p, ec); !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        subfolders += it->is_directory(ec);
    }
    printErr(QStringLiteral("drbn: no photos in %1%2").arg(inputs.join(QStringLiteral(", ")))
                 .arg(subfolders && !recursive ? QStringLiteral(" (%1; -r searches them)").arg(counted(subfolders, "subfolder", "subfolders"))
                                               : QString()));
    return kFailed;
  }
  if (plan.files.empty() && plan.skipped.empty()) return failures.empty() ? kOk : reportFailures();

  auto enhancer = makeEnhancer(parser, settings);
  options.engine.stage = settings.stage;
  options.engine.tileSize = settings.tile;
  const bool tty = ::isatty(STDERR_FILENO);
  const size_t photos = plan.files.size() + plan.skipped.size() + plan.refused.size();  // each named once
  printErr(QStringLiteral("drbn: %1, stage %2, %3, model %4")
               .arg(counted(qsizetype(photos), "photo", "photos")).arg(int(settings.stage))
               .arg(fromStd(enhancer->device().name()), fromStd(enhancer->bandNetworkInfo().name)));
  if (!plan.skipped.empty()) {
    printErr(QStringLiteral("drbn: %1 already there, kept").arg(counted(qsizetype(plan.skipped.size()), "result", "results")));
    const auto otherwise = std::count_if(plan.skipped.begin(), plan.skipped.end(), [&](const std::string& file) {
      return !pipeline::madeAlike(pipeline::outputPathFor(file, outDir, options), *enhancer, options);
    });
    if (otherwise > 0)
      printErr(QStringLiteral("drbn: warning: %1 made with another model, stage or adjustments than this run's (their XMP says "
                              "which); --overwrite redoes them")
                   .arg(plan.skipped.size() == 1                         ? QStringLiteral("it was")
                        : otherwise == qsizetype(plan.skipped.size()) ? QStringLiteral("all of them were")
                                                                       : counted(otherwise, "of them was", "of them were")));
  }
  if (!plan.refused.empty())
    printErr(QStringLiteral("drbn: %1 not enhanced (the reasons follow at the end)").arg(counted(qsizetype(plan.refused.size()), "photo", "photos")));
  if (!plan.files.empty()) {  // an unusable OUTDIR found now, not after the first photo's enhancement
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec) throw std::runtime_error(outDir + ": cannot create output folder: " + ec.message());
  }
  io::removeStaleTemporaries(outDir);  // what a killed earlier run left
  const auto& planned = plan.files;
  int index = 0, written = 0;
  QElapsedTimer total;
  total.start();
  const StopOnSignal stop;  // Ctrl-C stops within the photo at hand, which is not written
  for (const auto& file : planned) {
    if (stop.stopped()) break;
    ++index;
    const QString prefix = QStringLiteral("[%1/%2] %3").arg(index).arg(planned.size()).arg(fromStd(file));
    QElapsedTimer timer;
    timer.start();
    auto progress = [&](int done, int total) {
      if (tty && total > 1) std::fprintf(stderr, "\r%s  tile %d/%d", io::terminalSafe(prefix.toStdString()).c_str(), done, total);
    };
    try {
      const auto result = pipeline::enhanceFile(*enhancer, file, outDir, options, progress, stop.flag());
      if (tty) std::fprintf(stderr, "\r");
      printErr(QStringLiteral("%1 -> %2 (%3x%4, %5 s)")
                   .arg(prefix, fromStd(result.output)).arg(result.width).arg(result.height)
                   .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
      ++written;
    } catch (const infer::Cancelled&) {
      if (tty) std::fprintf(stderr, "\n");
      break;
    } catch (const std::exception& e) {
      if (tty) std::fprintf(stderr, "\r");
      std::string why = e.what();  // most name the file, which the prefix does already
      if (why.rfind(file + ": ", 0) == 0) why.erase(0, file.size() + 2);
      printErr(QStringLiteral("%1: failed: %2").arg(prefix, fromStd(why)));
      failures.push_back(e.what());
    }
  }
  if (stop.stopped()) {
    printErr(QStringLiteral("drbn: stopped: %1 of %2 written to %3 (each whole); the same command with --skip-existing does the rest")
                 .arg(written).arg(planned.size()).arg(fromStd(outDir)));
    return stop.exitStatus();
  }
  if (!planned.empty())
    printErr(QStringLiteral("drbn: %1 written to %2 in %3 s").arg(counted(written, "result", "results"), fromStd(outDir))
                 .arg(double(total.elapsed()) / 1000.0, 0, 'f', 1));
  return failures.empty() ? kOk : reportFailures();
}

}  // namespace drbn::cli
