// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/trainingfolders.h"

#include "core/image/imagefile.h"
#include "core/io/numbers.h"
#include "core/pipeline/enhancefile.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
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

using Kind = DataProblem::Kind;
using Folder = DataProblem::Folder;

/// Decodes an image file as 8-bit RGB (EXIF orientation applied), with the checks and reasons of
/// every other photo the programs read; nullopt after reporting why it cannot.
std::optional<train::ByteImage> readRgb(const std::string& path, Folder folder, DataReport& report, int maxSide = 0) {
  cv::Mat bgr;
  try {
    bgr = image::toMat(image::readPhoto(path).rgb, CV_8U);
  } catch (const image::ImageError& e) {
    report.errors.push_back(DataProblem::unreadable(path, e, folder));
    return std::nullopt;
  }
  bgr = image::scaledToFit(bgr, maxSide);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  train::ByteImage out;
  out.name = path;
  out.width = rgb.cols;
  out.height = rgb.rows;
  out.rgb.assign(rgb.data, rgb.data + rgb.total() * 3);
  return out;
}

std::string sizeText(int width, int height) { return std::to_string(width) + "x" + std::to_string(height); }

struct Loader {
  const LoadOptions& options;
  DataReport& report;

  bool bigEnough(const train::ByteImage& img, Folder folder) {
    if (img.width >= options.crop && img.height >= options.crop) return true;
    DataProblem p = DataProblem::of(Kind::SmallerThanCrop, folder, img.name);
    p.width = img.width;
    p.height = img.height;
    p.crop = options.crop;
    report.errors.push_back(std::move(p));
    return false;
  }

  std::vector<train::ImagePair> pairs(const std::string& lowDir, const std::string& normalDir, Folder lowFolder,
                                      Folder normalFolder, bool checkCrop) {
    std::map<std::string, std::string> normals;
    for (const auto& f : imageFilesIn(normalDir)) normals[fs::path(f).stem().string()] = f;
    std::vector<train::ImagePair> result;
    for (const auto& low : imageFilesIn(lowDir)) {
      const auto it = normals.find(fs::path(low).stem().string());
      if (it == normals.end()) {
        DataProblem p = DataProblem::of(Kind::NoPartner, lowFolder, low);
        p.partnerFolder = normalDir;
        report.warnings.push_back(std::move(p));
        continue;
      }
      const std::string normal = it->second;
      normals.erase(it);
      auto lowImage = readRgb(low, lowFolder, report);
      auto normalImage = lowImage ? readRgb(normal, normalFolder, report) : std::nullopt;
      if (!normalImage) continue;
      if (lowImage->width != normalImage->width || lowImage->height != normalImage->height) {
        DataProblem p = DataProblem::of(Kind::SizeMismatch, lowFolder, low);
        p.width = lowImage->width;
        p.height = lowImage->height;
        p.partnerWidth = normalImage->width;
        p.partnerHeight = normalImage->height;
        report.errors.push_back(std::move(p));
        continue;
      }
      if (checkCrop && !bigEnough(*lowImage, lowFolder)) continue;
      result.push_back({std::move(*lowImage), std::move(*normalImage)});
    }
    for (const auto& [stem, file] : normals) {
      DataProblem p = DataProblem::of(Kind::NoPartner, normalFolder, file);
      p.partnerFolder = lowDir;
      report.warnings.push_back(std::move(p));
    }
    return result;
  }

  std::vector<train::ByteImage> singles(const std::string& dir, Folder folder, int maxSide) {
    std::vector<train::ByteImage> result;
    for (const auto& f : imageFilesIn(dir, true)) {
      auto img = readRgb(f, folder, report, maxSide);
      if (img && bigEnough(*img, folder)) result.push_back(std::move(*img));
    }
    return result;
  }
};

void requireFolder(const std::string& dir, Folder folder, DataReport& report, bool recursive = false) {
  if (auto p = folderProblem(dir, folder, recursive)) report.errors.push_back(std::move(*p));
}

}  // namespace

std::optional<DataProblem> folderProblem(const std::string& dir, Folder folder, bool recursive) {
  std::error_code ec;
  if (dir.empty()) return DataProblem::of(Kind::NoFolderGiven, folder, dir);
  if (!fs::is_directory(dir, ec)) return DataProblem::of(fs::exists(dir, ec) ? Kind::NotAFolder : Kind::NoSuchFolder, folder, dir);
  if (imageFilesIn(dir, recursive).empty()) return DataProblem::of(Kind::NoImages, folder, dir);
  return std::nullopt;
}

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

std::string folderRole(DataProblem::Folder folder) {
  switch (folder) {
    case Folder::PairedLow: return "paired low-light";
    case Folder::PairedNormal: return "paired normal-light";
    case Folder::ValidationLow: return "validation low-light";
    case Folder::ValidationNormal: return "validation normal-light";
    case Folder::Unpaired: return "unpaired low-light";
    case Folder::Quality: return "high-quality";
  }
  return {};
}

DataProblem DataProblem::of(Kind kind, Folder folder, const std::string& path) {
  DataProblem p;
  p.kind = kind;
  p.folder = folder;
  p.path = path;
  return p;
}

DataProblem DataProblem::unreadable(const std::string& path, const image::ImageError& error, Folder folder) {
  DataProblem p = of(Kind::Unreadable, folder, path);
  p.imageKind = error.kind();
  p.detail = error.kind() == image::ImageError::Kind::Other ? std::string(error.what()) : error.detail();
  return p;
}

std::string DataProblem::message() const {
  const bool low = folder == Folder::PairedLow || folder == Folder::ValidationLow;
  switch (kind) {
    case Kind::NoFolderGiven: return "no " + folderRole(folder) + " folder given";
    case Kind::NoSuchFolder: return path + ": " + folderRole(folder) + " folder does not exist";
    case Kind::NotAFolder: return path + ": is a file, not the " + folderRole(folder) + " folder";
    case Kind::NoImages: return path + ": " + folderRole(folder) + " folder holds no images";
    case Kind::NoPartner:
      return path + ": no " + (low ? "normal" : "low") + "-light image named '" + fs::path(path).stem().string() + ".*' in " +
             partnerFolder;
    case Kind::Unreadable: return imageKind == image::ImageError::Kind::Other ? detail : path + ": " + detail;
    case Kind::SmallerThanCrop:
      return path + ": " + sizeText(width, height) + " is smaller than the " + std::to_string(crop) + " px training crop";
    case Kind::SizeMismatch:
      return path + ": " + sizeText(width, height) + " but its normal-light image is " + sizeText(partnerWidth, partnerHeight);
    case Kind::NoUsablePairs: return path + ": no usable pairs";
    case Kind::NotDarker:
      return path + ": not darker than its normal-light image (mean luminance " + io::formatFixed(brightness, 3) + " vs " +
             io::formatFixed(partnerBrightness, 3) + ")";
  }
  return path;
}

std::string DataReport::summary() const {
  std::ostringstream s;
  const auto counted = [](size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  s << counted(size_t(pairs), "training pair", "training pairs") << ", "
    << counted(size_t(validationPairs), "validation pair", "validation pairs") << ", " << unpaired << " unpaired, "
    << counted(size_t(quality), "high-quality photo", "high-quality photos");
  if (!errors.empty()) s << "; " << counted(errors.size(), "error", "errors");
  if (!warnings.empty()) s << "; " << counted(warnings.size(), "file", "files") << " without a partner left out";
  return s.str();
}

train::TrainingSet loadTrainingSet(const TrainingFolders& folders, const LoadOptions& options, DataReport& report) {
  report = DataReport();
  requireFolder(folders.pairedLow, Folder::PairedLow, report);
  requireFolder(folders.pairedNormal, Folder::PairedNormal, report);
  if (options.stage == 2) {
    requireFolder(folders.unpaired, Folder::Unpaired, report, true);
    requireFolder(folders.quality, Folder::Quality, report, true);
  }
  const bool ownValidation = !folders.validationLow.empty() && !folders.validationNormal.empty();
  if (ownValidation) {
    requireFolder(folders.validationLow, Folder::ValidationLow, report);
    requireFolder(folders.validationNormal, Folder::ValidationNormal, report);
  }
  if (!report.ok()) return {};

  Loader loader{options, report};
  train::TrainingSet set;
  set.paired = loader.pairs(folders.pairedLow, folders.pairedNormal, Folder::PairedLow, Folder::PairedNormal, true);
  if (ownValidation) {
    set.validation =
        loader.pairs(folders.validationLow, folders.validationNormal, Folder::ValidationLow, Folder::ValidationNormal, false);
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
    set.unpaired = loader.singles(folders.unpaired, Folder::Unpaired, 0);
    set.quality = loader.singles(folders.quality, Folder::Quality, options.qualityMaxSide);
  }
  report.pairs = int(set.paired.size());
  report.validationPairs = int(set.validation.size());
  report.unpaired = int(set.unpaired.size());
  report.quality = int(set.quality.size());
  if (set.paired.empty() && report.ok()) report.errors.push_back(DataProblem::of(Kind::NoUsablePairs, Folder::PairedLow, folders.pairedLow));
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
