#include "app/cli/common.h"

#include "core/image/metrics.h"
#include "core/infer/looks.h"
#include "core/io/atomicfile.h"
#include "core/pipeline/enhancefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <opencv2/core.hpp>

#include <filesystem>

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
                             "  black   mean 8-bit luminance of the result where the input is darkest (its darkest 1%)"));
  parser.addPositionalArgument(QStringLiteral("LOWDIR"), QStringLiteral("Low-light inputs."));
  parser.addPositionalArgument(QStringLiteral("HIGHDIR"), QStringLiteral("Normal-light references with the same file names (optional)."),
                               QStringLiteral("[HIGHDIR]"));
  parser.addOptions({
      {QStringLiteral("shave"), QStringLiteral("Crop N border pixels before scoring (the authors' script crops 7)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("json"), QStringLiteral("Also write the scores as JSON to FILE."), QStringLiteral("FILE")},
      {{QStringLiteral("r"), QStringLiteral("recursive")}, QStringLiteral("Take LOWDIR's subfolders too (references keep the same\nsubfolder in HIGHDIR).")},
  });
  addModelOptions(parser);
  if (!parse(parser, QStringLiteral("eval"), arguments)) return kOk;
  const QStringList dirs = parser.positionalArguments().mid(1);
  if (dirs.isEmpty() || dirs.size() > 2) throw UsageError{QStringLiteral("expected LOWDIR and optionally HIGHDIR")};
  const std::string lowDir = toStd(dirs[0]), highDir = dirs.size() > 1 ? toStd(dirs[1]) : std::string();
  for (const auto& d : {lowDir, highDir})
    if (!d.empty() && !fs::is_directory(d)) throw UsageError{QStringLiteral("%1: no such folder").arg(fromStd(d))};
  const bool referenced = !highDir.empty();
  const int shave = intOption(parser, QStringLiteral("shave"), 0, 1 << 15);

  ModelSettings settings;
  auto enhancer = makeEnhancer(parser, settings);
  infer::EnhanceOptions options;
  options.stage = settings.stage;
  options.tileSize = settings.tile;

  // One column per measure: its JSON name, heading, decimals, and whether it needs a reference.
  struct Column {
    const char* key;
    const char* heading;
    int decimals;
    bool referenced;
  };
  static const Column kColumns[] = {{"psnr", "PSNR", 3, true},       {"ssim", "SSIM", 4, true},
                                    {"noise", "noise", 2, false},    {"chroma_noise", "chroma", 2, false},
                                    {"cast", "cast", 2, false},      {"black_level", "black", 2, false}};
  std::vector<Column> columns;
  for (const auto& c : kColumns)
    if (referenced || !c.referenced) columns.push_back(c);
  auto line = [&](const QString& name, const std::map<std::string, double>& values) {
    QString text = QStringLiteral("%1").arg(name, -24);
    for (const auto& c : columns) {
      const auto it = values.find(c.key);
      text += it == values.end() ? QStringLiteral("\t%1").arg(QLatin1String(c.heading), 8)
                                 : QStringLiteral("\t%1").arg(it->second, 8, 'f', c.decimals);
    }
    return text;
  };

  std::vector<std::string> failures;
  const auto lows = pipeline::collectInputs({lowDir}, parser.isSet(QStringLiteral("recursive")), failures);
  if (lows.empty()) failures.push_back(lowDir + ": no images" + (parser.isSet(QStringLiteral("recursive")) ? "" : " (subfolders need -r)"));
  QJsonArray rows;
  std::map<std::string, double> sums;
  int scored = 0;
  printOut(line(QStringLiteral("image"), {}));
  for (const auto& low : lows) {
    try {
      const auto photo = image::readPhoto(low);
      const auto enhanced = enhancer->enhance(photo.rgb, options);
      const cv::Mat result = image::toMat(enhanced.image, CV_8U);
      std::map<std::string, double> values;
      if (referenced) {
        const std::string high =
            referenceFor(low, (fs::path(highDir) / fs::relative(fs::path(low).parent_path(), lowDir)).lexically_normal().string());
        if (high.empty()) throw image::ImageError(low + ": no reference with the same name in " + highDir);
        const auto reference = image::readPhoto(high);
        if (reference.rgb.width != photo.rgb.width || reference.rgb.height != photo.rgb.height)
          throw image::ImageError(high + ": size differs from " + low);
        const auto s = image::score(result, image::toMat(reference.rgb, CV_8U), shave);
        values = {{"psnr", s.psnr}, {"ssim", s.ssim}};
      }
      const auto l = infer::measureLooks(enhanced.image, photo.rgb);
      values.insert({{"noise", l.noise}, {"chroma_noise", l.chromaNoise}, {"cast", l.cast}, {"black_level", l.blackLevel}});
      const QString name = fromStd(fs::relative(low, lowDir).string());
      printOut(line(name, values));
      QJsonObject row{{QStringLiteral("image"), name}};
      for (const auto& [key, value] : values) {
        row[fromStd(key)] = value;
        sums[key] += value;
      }
      rows.append(row);
      ++scored;
    } catch (const std::exception& e) {
      failures.push_back(e.what());
    }
  }
  std::map<std::string, double> means;
  for (const auto& [key, sum] : sums) means[key] = sum / scored;
  printOut(line(QStringLiteral("mean (%1 images)").arg(scored), means));

  if (parser.isSet(QStringLiteral("json"))) {
    QJsonObject mean{{QStringLiteral("count"), scored}};
    for (const auto& [key, value] : means) mean[fromStd(key)] = value;
    QJsonObject doc{{QStringLiteral("model"), fromStd(enhancer->bandNetworkInfo().name)},
                    {QStringLiteral("model_sha256"), fromStd(enhancer->bandNetworkInfo().sha256)},
                    {QStringLiteral("stage"), int(settings.stage)},
                    {QStringLiteral("shave"), shave},
                    {QStringLiteral("images"), rows},
                    {QStringLiteral("mean"), mean}};
    if (settings.stage == infer::Stage::Recomposed) doc[QStringLiteral("recomposer")] = fromStd(enhancer->recomposerInfo().name);
    io::writeFileAtomically(toStd(parser.value(QStringLiteral("json"))), QJsonDocument(doc).toJson().toStdString());
  }
  for (const auto& f : failures) printErr(QStringLiteral("drbn: %1").arg(fromStd(f)));
  return failures.empty() && scored > 0 ? kOk : kFailed;
}

}  // namespace drbn::cli
