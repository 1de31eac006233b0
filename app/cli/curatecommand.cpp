// SPDX-License-Identifier: GPL-3.0-or-later
// drbn curate: build high-quality sets and paired folders from AVA or any photo folder.

#include "app/cli/common.h"
#include "core/io/terminal.h"
#include "core/curate/catalog.h"
#include "core/curate/exporter.h"
#include "core/curate/filter.h"
#include "core/curate/measurements.h"
#include "core/curate/qualityscorer.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"
#include "core/pipeline/shard.h"

#include <QElapsedTimer>

#include <cmath>
#include <filesystem>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>

namespace drbn::cli {
namespace {

// A synopsis too long for the column has its description on the next line.
const char* kActions =
    "Actions:\n"
    "  import CATALOG FOLDER...  add the photos of folders (XMP ratings read)\n"
    "  import CATALOG --ava AVA.txt --images DIR\n"
    "                            add AVA's photos with their votes\n"
    "  measure CATALOG           compute exposure, sharpness, noise, size, hashes\n"
    "  merge CATALOG FILE...     fold the measurements of measure's shards in\n"
    "  list CATALOG              print the photos that match a filter\n"
    "  rate CATALOG PHOTO...     record stars, pick or reject (catalog + XMP sidecar)\n"
    "  export CATALOG -o DIR     copy or link a selection, with manifest and split\n"
    "  pairs LOWDIR NORMALDIR    check paired folders (names, sizes, low darker)\n";

QString filterHelp() {
  QString text = QStringLiteral(
      "Filters: comparisons FIELD OP NUMBER (OP: < <= > >= = !=) and bare fields (true when not 0),\n"
      "joined by and, or, not and parentheses, e.g. \"mos >= 6.5 and votes >= 100 and not reject\".\n"
      "Fields:");
  for (const auto& f : curate::fields())
    text += QStringLiteral("\n  %1 %2").arg(QString::fromLatin1(f.name), -12).arg(QString::fromLatin1(f.description));
  return text;
}

/// `filterAbove`: the action's description holds filterHelp().
void addSelectionOptions(QCommandLineParser& parser, bool filterAbove) {
  parser.addOptions({
      {QStringLiteral("filter"),
       filterAbove ? QStringLiteral("Only photos matching EXPR (see Filters above).")
                   : QStringLiteral("Only photos matching EXPR (see Filters in 'drbn curate list --help')."),
       QStringLiteral("EXPR")},
      {QStringLiteral("sort"), QStringLiteral("Order by FIELD (default id)."), QStringLiteral("FIELD"), QStringLiteral("id")},
      {QStringLiteral("descending"), QStringLiteral("Largest first.")},
      {QStringLiteral("limit"), QStringLiteral("At most N photos (0: all)."), QStringLiteral("N"), QStringLiteral("0")},
  });
}

/// --duplicate-bits N, for measure and merge (both group near-duplicates at the end).
QCommandLineOption duplicateBitsOption() {
  return {QStringLiteral("duplicate-bits"), QStringLiteral("Hash bits two photos may differ in and still be near-duplicates (default 10)."),
          QStringLiteral("N"), QString::number(curate::kNearDuplicateBits)};
}

/// The catalog file a command other than import works on: it must exist (opening a mistyped
/// name would create an empty catalog and list nothing).
std::string existingCatalog(const QString& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(toStd(path), ec))
    throw UsageError{QStringLiteral("%1: no such catalog (drbn curate import creates one)").arg(path)};
  return toStd(path);
}

/// The catalog's items chosen by --filter, --sort, --descending and --limit, in that order.
std::vector<curate::Item> selection(const curate::Catalog& catalog, const QCommandLineParser& parser) {
  const auto items = catalog.items();
  const curate::Filter filter(toStd(parser.value(QStringLiteral("filter"))));
  auto indices = curate::select(items, filter, toStd(parser.value(QStringLiteral("sort"))),
                                parser.isSet(QStringLiteral("descending")));
  const int limit = intOption(parser, QStringLiteral("limit"), 0, 1 << 30);
  if (limit > 0 && int(indices.size()) > limit) indices.resize(size_t(limit));
  std::vector<curate::Item> chosen;
  chosen.reserve(indices.size());
  for (int i : indices) chosen.push_back(items[size_t(i)]);
  return chosen;
}

QString num(double v, int precision = 3) {
  return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'f', precision);
}

int importAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate import"),
              QStringLiteral("Add photos to a catalog (created when missing): AVA as distributed (AVA.txt, tags.txt,\n"
                             "challenges.txt and the folder of <id>.jpg), or folders of photos whose XMP ratings\n"
                             "(embedded or in .xmp sidecars) are taken over. Malformed AVA lines are reported and skipped."));
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file (SQLite), e.g. ava.drbncat."));
  parser.addPositionalArgument(QStringLiteral("FOLDER"), QStringLiteral("Folders of photos (with subfolders)."), QStringLiteral("[FOLDER...]"));
  parser.addOptions({
      {QStringLiteral("ava"), QStringLiteral("AVA.txt to import."), QStringLiteral("FILE")},
      {QStringLiteral("images"), QStringLiteral("Folder of AVA's <id>.jpg files."), QStringLiteral("DIR")},
      {QStringLiteral("tags"), QStringLiteral("AVA's tags.txt (names for tag ids)."), QStringLiteral("FILE")},
      {QStringLiteral("challenges"), QStringLiteral("AVA's challenges.txt."), QStringLiteral("FILE")},
  });
  if (!parse(parser, QStringLiteral("curate import"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.isEmpty()) throw UsageError{QStringLiteral("no CATALOG given")};
  const bool ava = parser.isSet(QStringLiteral("ava"));
  if (ava == (args.size() > 1)) throw UsageError{QStringLiteral("give either --ava AVA.txt --images DIR or FOLDER...")};
  if (ava && !parser.isSet(QStringLiteral("images"))) throw UsageError{QStringLiteral("--ava needs --images DIR")};
  // Checked before the catalog is created: a typo leaves no empty catalog behind.
  QStringList needed = ava ? QStringList{parser.value(QStringLiteral("ava"))} : args.mid(1);
  for (const QString& option : {QStringLiteral("images"), QStringLiteral("tags"), QStringLiteral("challenges")})
    if (ava && parser.isSet(option)) needed << parser.value(option);
  for (const QString& path : needed) {
    std::error_code ec;
    if (!std::filesystem::exists(toStd(path), ec)) throw std::runtime_error(toStd(path) + ": no such file or folder");
  }
  QStringList folders = ava ? QStringList{parser.value(QStringLiteral("images"))} : args.mid(1);
  for (const QString& folder : folders)
    if (const std::string problem = io::folderProblem(toStd(folder)); !problem.empty())
      throw std::runtime_error(toStd(folder) + ": " + problem);

  curate::Catalog catalog(toStd(args.first()));
  QElapsedTimer timer;
  timer.start();
  curate::ImportReport report;
  if (ava) {
    const auto list = curate::parseAva(toStd(parser.value(QStringLiteral("ava"))));
    const auto names = [&](const QString& option) {
      return parser.isSet(option) ? curate::parseIdNames(toStd(parser.value(option))) : std::map<int, std::string>{};
    };
    report = catalog.importAva(list, toStd(parser.value(QStringLiteral("images"))), names(QStringLiteral("tags")),
                               names(QStringLiteral("challenges")));
    for (const auto& p : report.problems)
      printErr(QStringLiteral("drbn: %1:%2: %3").arg(parser.value(QStringLiteral("ava"))).arg(p.line).arg(fromStd(p.reason)));
  } else {
    for (const QString& folder : args.mid(1)) {
      const auto r = catalog.importFolder(toStd(folder));
      report.added += r.added;
      report.updated += r.updated;
      report.decisions += r.decisions;
      report.unreadable += r.unreadable;
    }
  }
  const QString added = report.unreadable > 0 ? QStringLiteral("%1 added (%2 of them no image)").arg(report.added).arg(report.unreadable)
                                              : QStringLiteral("%1 added").arg(report.added);
  printOut(QStringLiteral("%1, %2 already known, %3 missing on disk, %4 malformed lines, %5 ratings read from XMP (%6 s)")
               .arg(added).arg(report.updated).arg(report.missing).arg(report.problems.size())
               .arg(report.decisions).arg(timer.elapsed() / 1000.0, 0, 'f', 1));
  return kOk;
}

int measureAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate measure"),
              QStringLiteral("Compute the automatic signals of photos not measured yet (or all with --again): size,\n"
                             "brightness, clipped shadows/highlights, sharpness, noise, perceptual hash, and\n"
                             "with --discriminator the learned quality score; then group near-duplicates. Progress is\n"
                             "committed as it goes, so an interrupted run continues where it stopped.\n"
                             "Sharded (--shard, a Slurm array, a Kubernetes Indexed Job), each shard writes its\n"
                             "measurements to a file of its own (-o), re-run skips what that file holds, and\n"
                             "'drbn curate merge CATALOG FILE...' folds them in."));
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file."));
  addSelectionOptions(parser, false);
  parser.addOptions({
      {QStringLiteral("again"), QStringLiteral("Measure photos that were measured before too.")},
      {QStringLiteral("discriminator"), QStringLiteral("Quality discriminator weights (a stage-2 checkpoint.safetensors)."), QStringLiteral("FILE")},
      duplicateBitsOption(),
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write the measurements to FILE (JSON lines) instead of the catalog."), QStringLiteral("FILE")},
  });
  addShardOptions(parser);
  if (!parse(parser, QStringLiteral("curate measure"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() != 1) throw UsageError{QStringLiteral("give one CATALOG")};
  const int bits = intOption(parser, QStringLiteral("duplicate-bits"), 0, 32);
  std::unique_ptr<curate::QualityScorer> scorer;
  if (parser.isSet(QStringLiteral("discriminator")))
    scorer = std::make_unique<curate::QualityScorer>(toStd(parser.value(QStringLiteral("discriminator"))));

  curate::Catalog catalog(existingCatalog(args.first()));
  std::vector<std::string> paths;
  std::map<std::string, curate::Item> byPath;
  for (auto& item : selection(catalog, parser))
    if (parser.isSet(QStringLiteral("again")) || curate::needsMeasuring(item, scorer != nullptr)) {
      paths.push_back(item.path);
      byPath[item.path] = std::move(item);
    }
  const auto mine = shardOf(parser, paths);
  const bool toFile = parser.isSet(QStringLiteral("output"));
  if (mine.size() != paths.size() && !toFile)
    throw UsageError{QStringLiteral("a shard writes its measurements to a file of its own (-o FILE); "
                                    "'drbn curate merge' folds the shards' files into the catalog")};
  std::unique_ptr<curate::MeasurementWriter> writer;
  std::set<long long> done;
  if (toFile) {
    writer = std::make_unique<curate::MeasurementWriter>(toStd(parser.value(QStringLiteral("output"))));
    for (const auto& m : writer->existing()) done.insert(m.id);
  }
  QElapsedTimer sinceReport, timer;
  sinceReport.start();
  timer.start();
  int measured = 0, failed = 0, skipped = 0;
  for (size_t i = 0; i < mine.size(); ++i) {
    const auto& item = byPath.at(mine[i]);
    if (done.count(item.id)) {  // measured by an earlier run of this shard
      ++skipped;
      continue;
    }
    std::string error;
    if (writer) {
      try {
        writer->append({item.id, item.path, curate::measurePhoto(item.path, scorer.get())});
      } catch (const image::ImageError& e) {
        error = e.what();
      }
    } else {
      error = curate::measureInto(catalog, item, scorer.get());
    }
    if (error.empty()) {
      ++measured;
    } else {
      printErr(QStringLiteral("drbn: %1").arg(fromStd(error)));
      ++failed;
    }
    if (sinceReport.elapsed() > 2000) {
      sinceReport.restart();
      printErr(QStringLiteral("measured %1/%2").arg(i + 1).arg(mine.size()));
    }
  }
  if (writer) {
    printOut(QStringLiteral("%1 photos measured into %2, %3 there already, %4 unreadable (%5 s)")
                 .arg(measured).arg(parser.value(QStringLiteral("output"))).arg(skipped).arg(failed)
                 .arg(timer.elapsed() / 1000.0, 0, 'f', 1));
    return failed ? kFailed : kOk;
  }
  const int groups = catalog.updateNearDuplicateGroups(bits);
  printOut(QStringLiteral("%1 photos measured, %2 unreadable, %3 groups of near-duplicates (%4 s)")
               .arg(measured).arg(failed).arg(groups).arg(timer.elapsed() / 1000.0, 0, 'f', 1));
  return failed ? kFailed : kOk;
}

int mergeAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate merge"),
              QStringLiteral("Fold measurement files written by 'drbn curate measure -o' (one per shard) into the catalog,\n"
                             "then group near-duplicates, as an unsharded measure would have."));
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file."));
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Measurement files."), QStringLiteral("FILE..."));
  parser.addOptions({
      duplicateBitsOption(),
  });
  if (!parse(parser, QStringLiteral("curate merge"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() < 2) throw UsageError{QStringLiteral("give a CATALOG and measurement files")};
  const int bits = intOption(parser, QStringLiteral("duplicate-bits"), 0, 32);
  curate::Catalog catalog(existingCatalog(args.first()));
  std::map<long long, std::string> paths;
  for (const auto& item : catalog.items()) paths[item.id] = item.path;
  // Every file is checked before the catalog changes: a wrong file merges nothing.
  std::vector<curate::Measurement> all;
  for (const QString& file : args.mid(1)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(toStd(file), ec))  // readMeasurements takes none there as none measured
      throw std::runtime_error(toStd(file) + ": no such measurements file");
    for (auto& m : curate::readMeasurements(toStd(file))) {
      const auto it = paths.find(m.id);
      if (it == paths.end() || it->second != m.path)
        throw std::runtime_error(toStd(file) + ": photo " + std::to_string(m.id) + " (" + m.path +
                                 ") is not in " + toStd(args.first()) + "; measurements merge into the catalog they came from");
      all.push_back(std::move(m));
    }
  }
  for (const auto& m : all) catalog.setSignals(m.id, m.signals);
  const int groups = catalog.updateNearDuplicateGroups(bits);
  printOut(QStringLiteral("%1 from %2 merged, %3 of near-duplicates")
               .arg(counted(qsizetype(all.size()), "measurement", "measurements"), counted(args.size() - 1, "file", "files"),
                    counted(groups, "group", "groups")));
  return kOk;
}

int listAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate list"),
              QStringLiteral("Print the photos of a catalog that match a filter, one per line (tab-separated):\n"
                             "id, path, MOS, std, votes, brightness, sharpness, noise, quality, group, stars, decision.\n\n") +
                  filterHelp());
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file."));
  addSelectionOptions(parser, true);
  parser.addOption({QStringLiteral("count"), QStringLiteral("Print only how many photos match.")});
  if (!parse(parser, QStringLiteral("curate list"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() != 1) throw UsageError{QStringLiteral("give one CATALOG")};
  const curate::Catalog catalog(existingCatalog(args.first()), curate::Catalog::Access::ReadOnly);
  const auto chosen = selection(catalog, parser);
  if (parser.isSet(QStringLiteral("count"))) {
    printOut(QString::number(chosen.size()));
    return kOk;
  }
  for (const auto& it : chosen) {
    const auto& s = it.signals;
    printOut(QStringList{QString::number(it.id), fromStd(it.path), num(it.mos), num(it.std),
                         it.avaId >= 0 ? QString::number(it.votes) : QStringLiteral("-"),
                         it.measured ? num(s.brightness) : QStringLiteral("-"),
                         it.measured ? num(s.sharpness, 1) : QStringLiteral("-"),
                         it.measured ? num(s.noise, 2) : QStringLiteral("-"), num(s.quality),
                         it.group >= 0 ? QString::number(it.group) : QStringLiteral("-"),
                         QString::number(it.decision.rating), QString::fromLatin1(curate::flagName(it.decision.flag))}
                 .join(QLatin1Char('\t')));
  }
  printErr(QStringLiteral("%1 photos").arg(chosen.size()));
  return kOk;
}

int rateAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate rate"),
              QStringLiteral("Record a decision for photos, named by catalog id or path, or all that match --filter.\n"
                             "Each is committed to the catalog, then written to the photo's XMP sidecar (photo.jpg.xmp),\n"
                             "which darktable, Lightroom and exiv2 read; the photo files are never changed.\n"
                             "Prints 'id<TAB>decision' for each photo once committed."));
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file."));
  parser.addPositionalArgument(QStringLiteral("PHOTO"), QStringLiteral("Catalog ids or paths."), QStringLiteral("[PHOTO...]"));
  parser.addOptions({
      {QStringLiteral("stars"), QStringLiteral("Stars, 0 to 5."), QStringLiteral("N")},
      {QStringLiteral("pick"), QStringLiteral("Mark as picked.")},
      {QStringLiteral("reject"), QStringLiteral("Mark as rejected.")},
      {QStringLiteral("unflag"), QStringLiteral("Remove pick or reject.")},
      {QStringLiteral("filter"), QStringLiteral("Rate every photo matching EXPR."), QStringLiteral("EXPR")},
  });
  if (!parse(parser, QStringLiteral("curate rate"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.isEmpty()) throw UsageError{QStringLiteral("no CATALOG given")};
  const int flags = parser.isSet(QStringLiteral("pick")) + parser.isSet(QStringLiteral("reject")) + parser.isSet(QStringLiteral("unflag"));
  if (flags > 1) throw UsageError{QStringLiteral("give at most one of --pick, --reject, --unflag")};
  if (!flags && !parser.isSet(QStringLiteral("stars"))) throw UsageError{QStringLiteral("nothing to record: give --stars, --pick, --reject or --unflag")};
  if ((args.size() > 1) == parser.isSet(QStringLiteral("filter"))) throw UsageError{QStringLiteral("name photos or give --filter, not both")};

  curate::Catalog catalog(existingCatalog(args.first()));
  const auto items = catalog.items();
  std::vector<const curate::Item*> chosen;
  if (parser.isSet(QStringLiteral("filter"))) {
    const curate::Filter filter(toStd(parser.value(QStringLiteral("filter"))));
    for (const auto& it : items)
      if (filter.matches(it)) chosen.push_back(&it);
  } else {
    for (const QString& name : args.mid(1)) {
      bool isId = false;
      const long long id = name.toLongLong(&isId);
      const std::string path = std::filesystem::absolute(toStd(name)).lexically_normal().string();
      const auto it = std::find_if(items.begin(), items.end(), [&](const curate::Item& i) { return isId ? i.id == id : i.path == path; });
      if (it == items.end()) throw UsageError{QStringLiteral("'%1' is not in the catalog").arg(name)};
      chosen.push_back(&*it);
    }
  }
  int failures = 0;
  for (const auto* it : chosen) {
    curate::Decision d = it->decision;
    if (parser.isSet(QStringLiteral("stars"))) d.rating = intOption(parser, QStringLiteral("stars"), 0, 5);
    if (parser.isSet(QStringLiteral("pick"))) d.flag = curate::Flag::Pick;
    if (parser.isSet(QStringLiteral("reject"))) d.flag = curate::Flag::Reject;
    if (parser.isSet(QStringLiteral("unflag"))) d.flag = curate::Flag::None;
    try {
      catalog.setDecision(it->id, d);
    } catch (const io::FileError& e) {  // committed; only the sidecar failed
      printErr(QStringLiteral("drbn: %1").arg(fromStd(e.what())));
      ++failures;
    }
    printOut(QStringLiteral("%1\t%2 %3").arg(it->id).arg(d.rating).arg(QString::fromLatin1(curate::flagName(d.flag))).trimmed());
  }
  return failures ? kFailed : kOk;
}

int exportAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate export"),
              QStringLiteral("Copy or link the selected photos into a folder with manifest.csv and manifest.json, optionally\n"
                             "split into train/validation/test subfolders; near-duplicates always land in the same part.\n"
                             "Files already in the folder are never overwritten.\n\n") +
                  filterHelp());
  parser.addPositionalArgument(QStringLiteral("CATALOG"), QStringLiteral("Catalog file."));
  addSelectionOptions(parser, true);
  parser.addOptions({
      {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output folder."), QStringLiteral("DIR")},
      {QStringLiteral("mode"), QStringLiteral("copy (default), hardlink or symlink."), QStringLiteral("MODE"), QStringLiteral("copy")},
      {QStringLiteral("split"), QStringLiteral("Train,validation,test fractions, e.g. 0.8,0.1,0.1."), QStringLiteral("T,V,E")},
      {QStringLiteral("seed"), QStringLiteral("Seed of the split (default 1)."), QStringLiteral("N"), QStringLiteral("1")},
  });
  if (!parse(parser, QStringLiteral("curate export"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() != 1) throw UsageError{QStringLiteral("give one CATALOG")};
  if (!parser.isSet(QStringLiteral("output"))) throw UsageError{QStringLiteral("no output folder given (-o DIR)")};
  curate::ExportOptions options;
  options.outDir = toStd(parser.value(QStringLiteral("output")));
  const QString mode = parser.value(QStringLiteral("mode"));
  if (mode == QLatin1String("copy")) options.mode = curate::ExportMode::Copy;
  else if (mode == QLatin1String("hardlink")) options.mode = curate::ExportMode::HardLink;
  else if (mode == QLatin1String("symlink")) options.mode = curate::ExportMode::SymLink;
  else throw UsageError{QStringLiteral("--mode must be copy, hardlink or symlink, not '%1'").arg(mode)};
  if (parser.isSet(QStringLiteral("split"))) {
    const QStringList parts = parser.value(QStringLiteral("split")).split(QLatin1Char(','));
    bool ok = parts.size() == 3;
    double f[3] = {0, 0, 0};
    for (int i = 0; ok && i < 3; ++i) {
      f[i] = parts[i].toDouble(&ok);
      ok = ok && std::isfinite(f[i]) && f[i] >= 0;
    }
    if (!ok || std::abs(f[0] + f[1] + f[2] - 1) > 1e-6)
      throw UsageError{QStringLiteral("--split needs three fractions that add up to 1, e.g. 0.8,0.1,0.1")};
    options.train = f[0], options.validation = f[1], options.test = f[2];
  }
  options.seed = unsigned(intOption(parser, QStringLiteral("seed"), 0, 2147483647));
  const curate::Catalog catalog(existingCatalog(args.first()), curate::Catalog::Access::ReadOnly);
  options.tagNames = catalog.tagNames();
  options.challengeNames = catalog.challengeNames();
  const auto chosen = selection(catalog, parser);
  if (chosen.empty()) {
    printErr(QStringLiteral("drbn: no photo matches the selection; nothing exported"));
    return kFailed;
  }
  const auto report = curate::exportItems(chosen, options);
  for (const auto& e : report.errors) printErr(QStringLiteral("drbn: %1").arg(fromStd(e.message())));
  if (!report.emptyParts.empty()) {
    QStringList empty;
    for (const auto& part : report.emptyParts) empty << fromStd(part);
    printErr(QStringLiteral("drbn: warning: no photo went to %1: too few photos (or groups of near-duplicates) for "
                            "these fractions").arg(empty.join(QStringLiteral(" and "))));
  }
  QStringList parts;
  for (const auto& [part, n] : report.perPart)
    if (!part.empty()) parts << QStringLiteral("%1 %2").arg(n).arg(fromStd(part));
  printOut(QStringLiteral("%1 photos exported to %2%3, %4 skipped; manifest: %5")
               .arg(report.exported).arg(fromStd(options.outDir))
               .arg(parts.isEmpty() ? QString() : QStringLiteral(" (") + parts.join(QStringLiteral(", ")) + QLatin1Char(')'))
               .arg(report.errors.size()).arg(fromStd(report.manifestCsv)));
  return report.errors.empty() ? kOk : kFailed;
}

int pairsAction(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("curate pairs"),
              QStringLiteral("Check paired training folders: every low-light image has a normal-light partner of the same\n"
                             "name (stem) and size, and is darker than it. Problems are listed; exit status 1 when any."));
  parser.addPositionalArgument(QStringLiteral("LOWDIR"), QStringLiteral("Low-light images."));
  parser.addPositionalArgument(QStringLiteral("NORMALDIR"), QStringLiteral("Normal-light images."));
  if (!parse(parser, QStringLiteral("curate pairs"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  if (args.size() != 2) throw UsageError{QStringLiteral("give LOWDIR and NORMALDIR")};
  const auto report = curate::verifyPairs(toStd(args[0]), toStd(args[1]));
  for (const auto& p : report.problems) printErr(QStringLiteral("drbn: %1").arg(fromStd(p.message())));
  printOut(QStringLiteral("%1, %2 good, %3").arg(counted(report.pairs, "pair", "pairs")).arg(report.good)
               .arg(counted(qsizetype(report.problems.size()), "problem", "problems")));
  return report.problems.empty() ? kOk : kFailed;
}

}  // namespace

int curateCommand(const QStringList& arguments) {
  const QString action = arguments.value(0);
  const QStringList rest = arguments.mid(1);
  const std::map<QString, int (*)(const QStringList&)> actions{
      {QStringLiteral("import"), importAction}, {QStringLiteral("measure"), measureAction},
      {QStringLiteral("merge"), mergeAction},   {QStringLiteral("list"), listAction},
      {QStringLiteral("rate"), rateAction},     {QStringLiteral("export"), exportAction},
      {QStringLiteral("pairs"), pairsAction}};
  if (const auto it = actions.find(action); it != actions.end()) {
    try {
      return it->second(rest);
    } catch (UsageError& e) {
      e.command = QStringLiteral("curate ") + action;  // its own --help
      throw;
    } catch (const curate::FilterError& e) {  // a malformed --filter or --sort value: wrong usage, as any bad option
      throw UsageError{QString::fromStdString(e.what()), QStringLiteral("curate ") + action};
    }
  }
  const QString usage = QStringLiteral("Usage: drbn curate ACTION [OPTION]... ARG...\n"
                                       "Curate AVA-style high-quality sets and paired training folders. A catalog is a SQLite\n"
                                       "file that keeps the photos, their scores and signals, and every decision.\n\n") +
                        QString::fromLatin1(kActions) +
                        QStringLiteral("\nRun 'drbn curate ACTION --help' for the options of an action.");
  if (action == QLatin1String("--help") || action == QLatin1String("-h")) {
    printOut(fromStd(io::wrappedHelp(toStd(usage))));
    return kOk;
  }
  throw UsageError{action.isEmpty() ? QStringLiteral("no curate action given") : QStringLiteral("unknown curate action '%1'").arg(action)};
}

}  // namespace drbn::cli
