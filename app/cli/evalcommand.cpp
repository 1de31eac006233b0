#include "app/cli/common.h"

#include "core/image/metrics.h"
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
              QStringLiteral("Enhance every image of LOWDIR and score it against the image of the same name in HIGHDIR:\n"
                             "PSNR on the whole 8-bit RGB image and SSIM (Gaussian 11x11, sigma 1.5, mean over R, G, B),\n"
                             "per image and on average, as low-light papers report them."));
  parser.addPositionalArgument(QStringLiteral("LOWDIR"), QStringLiteral("Low-light inputs."));
  parser.addPositionalArgument(QStringLiteral("HIGHDIR"), QStringLiteral("Normal-light references with the same file names."));
  parser.addOptions({
      {QStringLiteral("shave"), QStringLiteral("Crop N border pixels before scoring (the authors' script crops 7)."), QStringLiteral("N"), QStringLiteral("0")},
      {QStringLiteral("json"), QStringLiteral("Also write the scores as JSON to FILE."), QStringLiteral("FILE")},
  });
  addModelOptions(parser);
  if (!parse(parser, QStringLiteral("eval"), arguments)) return kOk;
  const QStringList dirs = parser.positionalArguments().mid(1);
  if (dirs.size() != 2) throw UsageError{QStringLiteral("expected LOWDIR and HIGHDIR")};
  const std::string lowDir = toStd(dirs[0]), highDir = toStd(dirs[1]);
  for (const auto& d : {lowDir, highDir})
    if (!fs::is_directory(d)) throw UsageError{QStringLiteral("%1: no such folder").arg(fromStd(d))};
  const int shave = intOption(parser, QStringLiteral("shave"), 0, 1 << 15);

  ModelSettings settings;
  auto enhancer = makeEnhancer(parser, settings);
  infer::EnhanceOptions options;
  options.stage = settings.stage;
  options.tileSize = settings.tile;

  std::vector<std::string> failures;
  const auto lows = pipeline::collectInputs({lowDir}, false, failures);
  QJsonArray rows;
  double sumPsnr = 0, sumSsim = 0;
  int scored = 0;
  printOut(QStringLiteral("%1\t%2\t%3").arg(QStringLiteral("image"), -24).arg(QStringLiteral("PSNR"), 8).arg(QStringLiteral("SSIM"), 7));
  for (const auto& low : lows) {
    try {
      const std::string high = referenceFor(low, highDir);
      if (high.empty()) throw image::ImageError(low + ": no reference with the same name in " + highDir);
      const auto photo = image::readPhoto(low);
      const auto reference = image::readPhoto(high);
      if (reference.rgb.width != photo.rgb.width || reference.rgb.height != photo.rgb.height)
        throw image::ImageError(high + ": size differs from " + low);
      const auto enhanced = enhancer->enhance(photo.rgb, options);
      const auto s = image::score(image::toMat(enhanced.image, CV_8U), image::toMat(reference.rgb, CV_8U), shave);
      sumPsnr += s.psnr;
      sumSsim += s.ssim;
      ++scored;
      const QString name = fromStd(fs::path(low).filename().string());
      printOut(QStringLiteral("%1\t%2\t%3").arg(name, -24).arg(s.psnr, 8, 'f', 3).arg(s.ssim, 7, 'f', 4));
      rows.append(QJsonObject{{QStringLiteral("image"), name}, {QStringLiteral("psnr"), s.psnr}, {QStringLiteral("ssim"), s.ssim}});
    } catch (const std::exception& e) {
      failures.push_back(e.what());
    }
  }
  const double meanPsnr = scored ? sumPsnr / scored : 0, meanSsim = scored ? sumSsim / scored : 0;
  printOut(QStringLiteral("%1\t%2\t%3").arg(QStringLiteral("mean (%1 images)").arg(scored), -24).arg(meanPsnr, 8, 'f', 3).arg(meanSsim, 7, 'f', 4));

  if (parser.isSet(QStringLiteral("json"))) {
    QJsonObject doc{{QStringLiteral("model"), fromStd(enhancer->bandNetworkInfo().name)},
                    {QStringLiteral("model_sha256"), fromStd(enhancer->bandNetworkInfo().sha256)},
                    {QStringLiteral("stage"), int(settings.stage)},
                    {QStringLiteral("shave"), shave},
                    {QStringLiteral("images"), rows},
                    {QStringLiteral("mean"), QJsonObject{{QStringLiteral("psnr"), meanPsnr}, {QStringLiteral("ssim"), meanSsim}, {QStringLiteral("count"), scored}}}};
    if (settings.stage == infer::Stage::Recomposed) doc[QStringLiteral("recomposer")] = fromStd(enhancer->recomposerInfo().name);
    io::writeFileAtomically(toStd(parser.value(QStringLiteral("json"))), QJsonDocument(doc).toJson().toStdString());
  }
  for (const auto& f : failures) printErr(QStringLiteral("drbn: %1").arg(fromStd(f)));
  return failures.empty() && scored > 0 ? kOk : kFailed;
}

}  // namespace drbn::cli
