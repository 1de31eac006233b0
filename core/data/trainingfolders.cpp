// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/trainingfolders.h"

#include "core/image/imagefile.h"
#include "core/io/numbers.h"
#include "core/pipeline/enhancefile.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

namespace drbn::data {
namespace fs = std::filesystem;
namespace {

std::string existing(const fs::path& root, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    std::error_code ec;
    if (fs::is_directory(root / name, ec)) return (root / name).string();
  }
  return {};
}

/// Decodes an image file as 8-bit RGB (EXIF orientation applied); an error names the file.
bool readRgb(const std::string& path, train::ByteImage& out, std::string& error, int maxSide = 0) {
  cv::Mat bgr;
  try {
    bgr = cv::imread(path, cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    error = path + ": cannot decode (" + e.err + ")";
    return false;
  }
  if (bgr.empty()) {
    error = path + (fs::exists(path) ? ": not a readable image" : ": no such file");
    return false;
  }
  bgr = image::scaledToFit(bgr, maxSide);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  out.name = path;
  out.width = rgb.cols;
  out.height = rgb.rows;
  out.rgb.assign(rgb.data, rgb.data + rgb.total() * 3);
  return true;
}

std::string sizeText(const train::ByteImage& img) {
  return std::to_string(img.width) + "x" + std::to_string(img.height);
}

struct Loader {
  const LoadOptions& options;
  DataReport& report;

  bool bigEnough(const train::ByteImage& img) {
    if (img.width >= options.crop && img.height >= options.crop) return true;
    report.errors.push_back(img.name + ": " + sizeText(img) + " is smaller than the " +
                            std::to_string(options.crop) + " px training crop");
    return false;
  }

  std::vector<train::ImagePair> pairs(const std::string& lowDir, const std::string& normalDir, bool checkCrop) {
    std::map<std::string, std::string> normals;
    for (const auto& f : imageFilesIn(normalDir)) normals[fs::path(f).stem().string()] = f;
    std::vector<train::ImagePair> result;
    for (const auto& low : imageFilesIn(lowDir)) {
      const auto stem = fs::path(low).stem().string();
      const auto it = normals.find(stem);
      if (it == normals.end()) {
        report.warnings.push_back(low + ": no normal-light image named '" + stem + ".*' in " + normalDir);
        continue;
      }
      const std::string normal = it->second;
      normals.erase(it);
      train::ImagePair pair;
      std::string error;
      if (!readRgb(low, pair.low, error) || !readRgb(normal, pair.normal, error)) {
        report.errors.push_back(error);
        continue;
      }
      if (pair.low.width != pair.normal.width || pair.low.height != pair.normal.height) {
        report.errors.push_back(low + ": " + sizeText(pair.low) + " but its normal-light image is " +
                                sizeText(pair.normal));
        continue;
      }
      if (checkCrop && !bigEnough(pair.low)) continue;
      result.push_back(std::move(pair));
    }
    for (const auto& [stem, file] : normals)
      report.warnings.push_back(file + ": no low-light image named '" + stem + ".*' in " + lowDir);
    return result;
  }

  std::vector<train::ByteImage> singles(const std::string& dir, int maxSide) {
    std::vector<train::ByteImage> result;
    for (const auto& f : imageFilesIn(dir, true)) {
      train::ByteImage img;
      std::string error;
      if (!readRgb(f, img, error, maxSide)) report.errors.push_back(error);
      else if (bigEnough(img)) result.push_back(std::move(img));
    }
    return result;
  }
};

void requireFolder(const std::string& dir, const char* role, DataReport& report, bool recursive = false) {
  std::error_code ec;
  if (dir.empty()) report.errors.push_back(std::string("no ") + role + " folder given");
  else if (!fs::is_directory(dir, ec)) report.errors.push_back(dir + ": " + role + " folder does not exist");
  else if (imageFilesIn(dir, recursive).empty()) report.errors.push_back(dir + ": " + role + " folder holds no images");
}

}  // namespace

std::vector<std::string> imageFilesIn(const std::string& dir, bool recursive) {
  std::vector<std::string> errors;  // an unlistable folder reads as empty; callers report that
  return pipeline::collectInputs({dir}, recursive, errors);
}

TrainingFolders detectLayout(const std::string& rootPath) {
  const fs::path root(rootPath);
  TrainingFolders f;
  if (!existing(root, {"our485"}).empty()) {
    f.layout = "LOL v1";
    f.pairedLow = existing(root / "our485", {"low"});
    f.pairedNormal = existing(root / "our485", {"high"});
    f.validationLow = existing(root / "eval15", {"low"});
    f.validationNormal = existing(root / "eval15", {"high"});
  } else if (!existing(root, {"Train"}).empty()) {
    f.layout = "LOL v2";
    f.pairedLow = existing(root / "Train", {"Low", "low"});
    f.pairedNormal = existing(root / "Train", {"Normal", "normal", "high"});
    f.validationLow = existing(root / "Test", {"Low", "low"});
    f.validationNormal = existing(root / "Test", {"Normal", "normal", "high"});
  } else if (!existing(root, {"Our_low"}).empty()) {
    f.layout = "DRBN authors'";
    f.pairedLow = existing(root, {"Our_low"});
    f.pairedNormal = existing(root, {"Our_normal"});
    f.validationLow = existing(root, {"Our_low_test"});
    f.validationNormal = existing(root, {"Our_normal_test"});
    f.unpaired = existing(root, {"Low_real_test_2_rs"});
    f.quality = existing(root, {"AVA_good_2"});
  } else if (!existing(root, {"low"}).empty() && !existing(root, {"high", "normal"}).empty()) {
    f.layout = "low/high pairs";
    f.pairedLow = existing(root, {"low"});
    f.pairedNormal = existing(root, {"high", "normal"});
  }
  return f;
}

std::string DataReport::summary() const {
  std::ostringstream s;
  s << pairs << " training pairs, " << validationPairs << " validation pairs, " << unpaired << " unpaired, "
    << quality << " high-quality photos";
  if (!errors.empty()) s << "; " << errors.size() << " error(s)";
  if (!warnings.empty()) s << "; " << warnings.size() << " file(s) without a partner left out";
  return s.str();
}

train::TrainingSet loadTrainingSet(const TrainingFolders& folders, const LoadOptions& options, DataReport& report) {
  report = DataReport();
  requireFolder(folders.pairedLow, "paired low-light", report);
  requireFolder(folders.pairedNormal, "paired normal-light", report);
  if (options.stage == 2) {
    requireFolder(folders.unpaired, "unpaired low-light", report, true);
    requireFolder(folders.quality, "high-quality", report, true);
  }
  const bool ownValidation = !folders.validationLow.empty() && !folders.validationNormal.empty();
  if (ownValidation) {
    requireFolder(folders.validationLow, "validation low-light", report);
    requireFolder(folders.validationNormal, "validation normal-light", report);
  }
  if (!report.ok()) return {};

  Loader loader{options, report};
  train::TrainingSet set;
  set.paired = loader.pairs(folders.pairedLow, folders.pairedNormal, true);
  if (ownValidation) {
    set.validation = loader.pairs(folders.validationLow, folders.validationNormal, false);
  } else if (options.validationFraction > 0 && set.paired.size() >= 2) {
    // Hold out a seeded, name-independent random choice, always the same for the same seed.
    const size_t held = std::clamp<size_t>(size_t(double(set.paired.size()) * options.validationFraction + 0.5), 1,
                                           set.paired.size() - 1);
    std::mt19937_64 rng(options.seed);
    std::shuffle(set.paired.begin(), set.paired.end(), rng);
    set.validation.assign(std::make_move_iterator(set.paired.end() - long(held)),
                          std::make_move_iterator(set.paired.end()));
    set.paired.resize(set.paired.size() - held);
    auto byName = [](const train::ImagePair& a, const train::ImagePair& b) { return a.low.name < b.low.name; };
    std::sort(set.paired.begin(), set.paired.end(), byName);
    std::sort(set.validation.begin(), set.validation.end(), byName);
  }
  if (options.stage == 2) {
    set.unpaired = loader.singles(folders.unpaired, 0);
    set.quality = loader.singles(folders.quality, options.qualityMaxSide);
  }
  report.pairs = int(set.paired.size());
  report.validationPairs = int(set.validation.size());
  report.unpaired = int(set.unpaired.size());
  report.quality = int(set.quality.size());
  if (set.paired.empty() && report.ok()) report.errors.push_back(folders.pairedLow + ": no usable pairs");
  return set;
}

std::map<std::string, std::string> recordFolders(const TrainingFolders& f, double validationFraction) {
  return {{"paired_low", f.pairedLow},         {"paired_normal", f.pairedNormal},
          {"validation_low", f.validationLow}, {"validation_normal", f.validationNormal},
          {"unpaired", f.unpaired},            {"quality", f.quality},
          {"validation_fraction", io::formatNumber(validationFraction)}};
}

TrainingFolders recordedFolders(const std::map<std::string, std::string>& data, double& validationFraction) {
  const auto get = [&data](const char* key) {
    const auto it = data.find(key);
    return it == data.end() ? std::string() : it->second;
  };
  if (!get("validation_fraction").empty())
    validationFraction = io::number<double>(get("validation_fraction"), "validation_fraction");
  return {get("paired_low"), get("paired_normal"), get("validation_low"), get("validation_normal"),
          get("unpaired"),   get("quality"),       "as recorded in the run"};
}

}  // namespace drbn::data
