// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/common.h"

#include "core/image/metrics.h"
#include "core/infer/looks.h"
#include "core/io/atomicfile.h"
#include "core/pipeline/enhancefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/core.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;

namespace drbn::cli {
namespace {

// The reference for LOW/name.ext is the image in HIGHDIR with the same stem, whatever its format.
std::string referenceFor(const std::string& low, const std::string& highDir) {
  const std::string stem = fs::path(low).stem().string();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(highDir, ec))
    if (e.path().stem() == stem && image::isImageFileName(e.path().string())) return e.path().string();
  return {};
}

/// An image's name in the table: its path under LOWDIR as listed. (fs::relative resolves links:
/// a folder of links to the LOL pairs printed "../../../shared/data/lol-v1-train/low/105.webp".)
std::string nameUnder(const std::string& file, const std::string& dir) {
  const fs::path name = fs::path(file).lexically_normal().lexically_relative(fs::path(dir + "/").lexically_normal());
  return name.empty() || *name.begin() == ".." ? fs::relative(file, dir).string() : name.string();
}

enum class Better { Higher, Lower, Neither };
/// One column per measure: its JSON name, heading, decimals, whether it needs a reference, and
/// which way is better.
struct Column {
  const char* key;
  const char* heading;
  int decimals;
  bool referenced;
  Better better;
};
constexpr Column kColumns[] = {{"psnr", "PSNR", 3, true, Better::Higher},
                               {"ssim", "SSIM", 4, true, Better::Higher},
                               {"noise", "noise", 2, false, Better::Lower},
                               {"chroma_noise", "chroma", 2, false, Better::Lower},
                               {"cast", "cast", 2, false, Better::Lower},
                               {"black_level", "black", 2, false, Better::Lower},
                               {"halo", "halo", 2, false, Better::Lower},
                               {"brightness", "bright", 1, false, Better::Neither},
                               {"highlights", "p99", 1, false, Better::Neither}};

using Row = std::map<std::string, double>;

/// One row of the table for people (programs read --json): the name padded to `nameWidth`, then
/// each measure right-aligned in 8 columns.
QString line(const QString& name, int nameWidth, const Row& values, bool referenced) {
  QString text = name.leftJustified(nameWidth);
  for (const auto& c : kColumns) {
    if (c.referenced && !referenced) continue;
    const auto it = values.find(c.key);
    text += it == values.end() ? QStringLiteral("  %1").arg(QLatin1String(c.heading), 8)
                               : QStringLiteral("  %1").arg(it->second, 8, 'f', c.decimals);
  }
  return text;
}

/// Prints the table of `rows` (by image name) and their means, and writes them as JSON with
/// `doc`'s fields (model, stage, ...) when `jsonPath` is given. A merge of shards sums in the
/// same order as one run, so its means are the same to the last bit.
void report(const std::map<QString, Row>& rows, bool referenced, QJsonObject doc, const QString& jsonPath) {
  const QString meanName = QStringLiteral("mean (%1)").arg(counted(qsizetype(rows.size()), "image", "images"));
  int nameWidth = int(meanName.size());
  for (const auto& row : rows) nameWidth = std::max(nameWidth, int(row.first.size()));
  printOut(line(QStringLiteral("image"), nameWidth, {}, referenced));
  QJsonArray images;
  Row sums;
  for (const auto& [name, values] : rows) {
    printOut(line(name, nameWidth, values, referenced));
    QJsonObject row{{QStringLiteral("image"), name}};
    for (const auto& [key, value] : values) {
      row[fromStd(key)] = value;
      sums[key] += value;
    }
    images.append(row);
  }
  Row means;
  for (const auto& [key, sum] : sums) means[key] = sum / double(rows.size());
  if (rows.empty()) printOut(QStringLiteral("no image scored"));
  else printOut(line(meanName, nameWidth, means, referenced));
  if (jsonPath.isEmpty()) return;
  QJsonObject mean{{QStringLiteral("count"), int(rows.size())}};
  for (const auto& [key, value] : means) mean[fromStd(key)] = value;
  doc[QStringLiteral("referenced")] = referenced;
  doc[QStringLiteral("images")] = images;
  doc[QStringLiteral("mean")] = mean;
  io::writeFileAtomically(toStd(jsonPath), QJsonDocument(doc).toJson().toStdString());
}

QJsonObject readEvalJson(const QString& file) {
  const auto bytes = io::readFile(toStd(file), size_t(1) << 30);
  QJsonParseError error;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(bytes), &error).object();
  if (error.error != QJsonParseError::NoError || !doc.value(QStringLiteral("images")).isArray())
    throw std::runtime_error(toStd(file) + ": not a 'drbn eval --json' file (" +
                             toStd(error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("no images")) + ")");
  return doc;
}

Row rowOf(const QJsonObject& image) {
  Row row;
  for (const auto& c : kColumns)
    if (image.value(QLatin1String(c.key)).isDouble()) row[c.key] = image[QLatin1String(c.key)].toDouble();
  return row;
}

/// Checks before any work that the --json FILE can be written without losing anything: its folder
/// exists, and a file already there is an earlier report (re-running an evaluation updates it).
void checkReportPath(const QString& file) {
  if (file.isEmpty()) return;
  const fs::path path(toStd(file));
  std::error_code ec;
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(folder, ec)) throw UsageError{QStringLiteral("--json %1: no such folder %2").arg(file, fromStd(folder.string()))};
  if (!fs::exists(path, ec)) return;
  try {
    readEvalJson(file);
  } catch (const std::exception&) {
    throw UsageError{QStringLiteral("--json %1: exists and is not an earlier 'drbn eval --json' report; not replaced").arg(file)};
  }
}

/// `--baseline`: photo by photo, on how many this run is at least as good as another model's run
/// (lower noise, cast, black; higher PSNR, SSIM), and the two means over the photos both scored
/// (the brightness measures: the means alone). `doc`: the baseline's file, read before the run.
/// False, saying so, when the two have no image in common.
bool compareWithBaseline(const std::map<QString, Row>& rows, const QString& file, const QJsonObject& doc) {
  std::map<QString, Row> baseline;
  for (const auto& value : doc[QStringLiteral("images")].toArray())
    baseline[value.toObject()[QStringLiteral("image")].toString()] = rowOf(value.toObject());
  if (std::none_of(rows.begin(), rows.end(), [&](const auto& row) { return baseline.count(row.first) > 0; })) {
    printErr(QStringLiteral("drbn: %1: no image in common with this evaluation (images are matched by their path under LOWDIR)")
                 .arg(file));
    return false;
  }
  printOut(QStringLiteral("against %1 (%2):").arg(file, doc[QStringLiteral("model")].toString()));
  for (const auto& c : kColumns) {
    int common = 0, asGood = 0;
    double ours = 0, theirs = 0;
    for (const auto& [name, values] : rows) {
      const auto b = baseline.find(name);
      if (b == baseline.end() || !values.count(c.key) || !b->second.count(c.key)) continue;
      const double x = values.at(c.key), y = b->second.at(c.key);
      ++common;
      asGood += c.better == Better::Higher ? x >= y : x <= y;
      ours += x;
      theirs += y;
    }
    if (common == 0) continue;
    if (c.better == Better::Neither) {
      printOut(QStringLiteral("  %1 mean %2 against %3")
                   .arg(QLatin1String(c.heading), -6)
                   .arg(ours / common, 0, 'f', c.decimals).arg(theirs / common, 0, 'f', c.decimals));
      continue;
    }
    printOut(QStringLiteral("  %1 %2 on %3 of %4 images (%5%), mean %6 against %7")
                 .arg(QLatin1String(c.heading), -6)
                 .arg(c.better == Better::Higher ? QStringLiteral("no lower ") : QStringLiteral("no higher"))
                 .arg(asGood).arg(common).arg(100 * asGood / common)
                 .arg(ours / common, 0, 'f', c.decimals).arg(theirs / common, 0, 'f', c.decimals));
  }
  return true;
}

/// `drbn eval --merge`: the per-image rows of shards' JSON files, as one run would report them.
std::map<QString, Row> mergeShards(const QStringList& files, const QString& jsonPath) {
  std::map<QString, Row> rows;
  QJsonObject first;
  const QStringList same{QStringLiteral("model"), QStringLiteral("model_sha256"), QStringLiteral("stage"), QStringLiteral("shave"),
                         QStringLiteral("recomposer"), QStringLiteral("referenced")};
  for (const QString& file : files) {
    const auto doc = readEvalJson(file);
    if (first.isEmpty()) first = doc;
    for (const QString& key : same)
      if (doc.value(key) != first.value(key))
        throw std::runtime_error(toStd(file) + ": its " + toStd(key) + " differs from " + toStd(files.first()) +
                                 "'s; only shards of one evaluation merge");
    for (const auto& value : doc[QStringLiteral("images")].toArray()) {
      const auto image = value.toObject();
      const QString name = image[QStringLiteral("image")].toString();
      if (rows.count(name)) throw std::runtime_error(toStd(file) + ": " + toStd(name) + " is in two shards");
      rows[name] = rowOf(image);
    }
  }
  QJsonObject doc;
  for (const QString& key : same)
    if (first.contains(key)) doc[key] = first[key];
  doc[QStringLiteral("merged_shards")] = int(files.size());
  report(rows, first[QStringLiteral("referenced")].toBool(), doc, jsonPath);
  return rows;
}

}  // namespace

int evalCommand(const QStringList& arguments) {
  QCommandLineParser parser;
  setUpParser(parser, QStringLiteral("eval"),
              QStringLiteral("Enhance every image of LOWDIR and measure the results. With HIGHDIR, score each against the\n"
                             "image of the same name there: PSNR on the whole 8-bit RGB image and SSIM (Gaussian 11x11,\n"
                             "sigma 1.5, mean over R, G, B), as low-light papers report them. Always, without a reference\n"
                             "(lower is better for each):\n"
                             "  noise   Immerkaer's sigma of the luminance, 8-bit units, mean of the full, 1/2 and 1/4 scale\n"
                             "  chroma  the same of the two colour differences\n"
                             "  cast    grey-world deviation |mean a*, b*| in CIELAB over the mid-tones\n"
                             "  black   mean 8-bit luminance of the result where the input is darkest (its darkest 1%)\n"
                             "  halo    contrast the result has beyond the input's where the input is flat, between\n"
                             "          16x16 blocks, % (a bright band along a skyline)\n"
                             "and how bright the result is (neither better nor worse, but a dimmer result hides noise):\n"
                             "  bright  mean 8-bit luminance;  p99  its 99th percentile (the highlights)\n"
                             "Shards (--shard) each write --json; 'drbn eval --merge SHARD.json...' reports them as one run."));
  parser.addPositionalArgument(QStringLiteral("LOWDIR"), QStringLiteral("Low-light inputs (with --merge: the shards' JSON files)."));
  parser.addPositionalArgument(QStringLiteral("HIGHDIR"), QStringLiteral("Normal-light references with the same file names (optional)."),
                               QStringLiteral("[HIGHDIR]"));
  parser.addOptions({
      {QStringLiteral("shave"), QStringLiteral("Crop N border pixels before scoring (the authors' script crops 7)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("json"), QStringLiteral("Also write the scores as JSON to FILE."), QStringLiteral("FILE")},
      {{QStringLiteral("r"), QStringLiteral("recursive")}, QStringLiteral("Take LOWDIR's subfolders too (references keep the same subfolder in HIGHDIR).")},
      {QStringLiteral("merge"), QStringLiteral("Combine the JSON files of an evaluation's shards, given as arguments.")},
      {QStringLiteral("baseline"), QStringLiteral("Compare photo by photo with another model's 'drbn eval --json' FILE of the same images: on how many this one is at least as good, and both means."), QStringLiteral("FILE")},
  });
  addModelOptions(parser);
  addAdjustmentOptions(parser);
  addShardOptions(parser);
  if (!parse(parser, QStringLiteral("eval"), arguments)) return kOk;
  const QStringList args = parser.positionalArguments().mid(1);
  // Files the run will need or write, checked before hours of enhancing.
  const QString jsonPath = parser.value(QStringLiteral("json")), baselinePath = parser.value(QStringLiteral("baseline"));
  checkReportPath(jsonPath);
  const QJsonObject baseline = baselinePath.isEmpty() ? QJsonObject() : readEvalJson(baselinePath);
  if (parser.isSet(QStringLiteral("merge"))) {
    if (args.isEmpty()) throw UsageError{QStringLiteral("--merge needs the shards' JSON files")};
    const auto rows = mergeShards(args, jsonPath);
    if (!baselinePath.isEmpty() && !compareWithBaseline(rows, baselinePath, baseline)) return kFailed;
    return rows.empty() ? kFailed : kOk;
  }
  if (args.isEmpty() || args.size() > 2) throw UsageError{QStringLiteral("expected LOWDIR and optionally HIGHDIR")};
  const std::string lowDir = toStd(args[0]), highDir = args.size() > 1 ? toStd(args[1]) : std::string();
  for (const auto& d : {lowDir, highDir})
    if (const std::string problem = d.empty() ? std::string() : io::folderProblem(d); !problem.empty())
      throw UsageError{QStringLiteral("%1: %2").arg(fromStd(d), fromStd(problem))};
  const bool referenced = !highDir.empty();
  const int shave = intOption(parser, QStringLiteral("shave"), 0, 1 << 15);

  std::vector<std::string> failures;
  const bool recursive = parser.isSet(QStringLiteral("recursive"));
  const auto all = pipeline::collectInputs({lowDir}, recursive, failures);
  if (all.empty()) {  // said before the model loads and without an empty table
    failures.push_back(lowDir + ": no images" + (recursive ? "" : " (subfolders need -r)"));
    for (const auto& f : failures) printErr(QStringLiteral("drbn: %1").arg(fromStd(f)));
    return kFailed;
  }

  ModelSettings settings;
  auto enhancer = makeEnhancer(parser, settings);
  infer::EnhanceOptions options;
  options.stage = settings.stage;
  options.tileSize = settings.tile;
  options.adjustments = adjustmentsFrom(parser);
  const auto files = shardOf(parser, all);
  printErr(QStringLiteral("drbn: %1, stage %2, %3, model %4")  // which model the table scores
               .arg(counted(qsizetype(files.size()), "image", "images")).arg(int(settings.stage))
               .arg(fromStd(enhancer->device().name()), fromStd(enhancer->bandNetworkInfo().name)));

  std::map<QString, Row> rows;
  for (const auto& low : files) {
    try {
      const auto photo = image::readPhoto(low);
      if (referenced && (shave * 2 >= photo.rgb.width || shave * 2 >= photo.rgb.height))
        throw image::ImageError(low + ": --shave " + std::to_string(shave) + " leaves nothing of its " +
                                std::to_string(photo.rgb.width) + "x" + std::to_string(photo.rgb.height) + " pixels");
      // The reference is found before the enhancement: a missing one costs no network run.
      const std::string high = referenced ? referenceFor(low, (fs::path(highDir) / fs::relative(fs::path(low).parent_path(), lowDir))
                                                                  .lexically_normal().string())
                                          : std::string();
      if (referenced && high.empty()) throw image::ImageError(low + ": no reference with the same name in " + highDir);
      const auto enhanced = enhancer->enhance(photo.rgb, options);
      Row values;
      if (referenced) {
        const auto reference = image::readPhoto(high);
        if (reference.rgb.width != photo.rgb.width || reference.rgb.height != photo.rgb.height)
          throw image::ImageError(high + ": size differs from " + low);
        const auto s = image::score(image::toMat(enhanced.image, CV_8U), image::toMat(reference.rgb, CV_8U), shave);
        values = {{"psnr", s.psnr}, {"ssim", s.ssim}};
      }
      const auto l = infer::measureLooks(enhanced.image, photo.rgb);
      values.insert({{"noise", l.noise}, {"chroma_noise", l.chromaNoise}, {"cast", l.cast}, {"black_level", l.blackLevel},
                     {"halo", l.halo}, {"brightness", l.brightness}, {"highlights", l.highlights}});
      rows[fromStd(nameUnder(low, lowDir))] = values;
    } catch (const std::exception& e) {
      failures.push_back(e.what());
    }
  }
  QJsonObject doc{{QStringLiteral("model"), fromStd(enhancer->bandNetworkInfo().name)},
                  {QStringLiteral("model_sha256"), fromStd(enhancer->bandNetworkInfo().sha256)},
                  {QStringLiteral("stage"), int(settings.stage)},
                  {QStringLiteral("shave"), shave}};
  if (settings.stage == infer::Stage::Recomposed) doc[QStringLiteral("recomposer")] = fromStd(enhancer->recomposerInfo().name);
  report(rows, referenced, doc, jsonPath);
  const bool compared = baselinePath.isEmpty() || compareWithBaseline(rows, baselinePath, baseline);
  for (const auto& f : failures) printErr(QStringLiteral("drbn: %1").arg(fromStd(f)));
  return failures.empty() && compared ? kOk : kFailed;  // a shard may hold no images
}

}  // namespace drbn::cli
