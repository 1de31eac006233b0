// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/data/synth.h"

#include "core/data/trainingfolders.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

namespace drbn::data {
namespace fs = std::filesystem;
namespace {

double logUniform(std::mt19937_64& rng, double lo, double hi) {
  return std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng));
}

// sRGB transfer function and its inverse (IEC 61966-2-1).
float toLinear(float v) { return v <= 0.04045f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); }
float fromLinear(float v) { return v <= 0.0031308f ? v * 12.92f : 1.055f * std::pow(v, 1.0f / 2.4f) - 0.055f; }

void writePng(const std::string& path, const cv::Mat& image) {
  std::vector<uchar> png;
  if (!cv::imencode(".png", image, png)) throw io::FileError(path + ": cannot encode PNG");
  io::writeFileAtomically(path, png.data(), png.size());
}

}  // namespace

cv::Mat synthesizeLowLight(const cv::Mat& bgr, std::mt19937_64& rng, const SynthOptions& o) {
  CV_Assert(bgr.type() == CV_8UC3);
  const double exposure = logUniform(rng, o.minExposure, o.maxExposure);
  const double photons = logUniform(rng, o.minPhotons, o.maxPhotons);
  const double readNoise = std::uniform_real_distribution<double>(o.minReadNoise, o.maxReadNoise)(rng);
  std::normal_distribution<float> gauss(0.0f, 1.0f);

  float lut[256];
  for (int i = 0; i < 256; ++i) lut[i] = toLinear(float(i) / 255.0f);
  cv::Mat low(bgr.size(), CV_8UC3);
  for (int y = 0; y < bgr.rows; ++y) {
    const uchar* src = bgr.ptr<uchar>(y);
    uchar* dst = low.ptr<uchar>(y);
    for (int i = 0; i < bgr.cols * 3; ++i) {
      // Photon counts are Poisson; at these means a Gaussian of the same variance is exact enough.
      const double mean = double(lut[src[i]]) * exposure * photons;
      double electrons = mean + std::sqrt(std::max(mean, 0.0)) * double(gauss(rng));
      double v = electrons / photons + readNoise * double(gauss(rng));
      v = std::clamp(v, 0.0, 1.0);
      dst[i] = cv::saturate_cast<uchar>(std::lround(fromLinear(float(v)) * 255.0f));
    }
  }
  if (o.maxJpegQuality > 0) {
    const int quality = std::uniform_int_distribution<int>(o.minJpegQuality, o.maxJpegQuality)(rng);
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", low, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality});
    low = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  }
  return low;
}

SynthReport synthesizeFolder(const std::string& normalDir, const std::string& outDir, const SynthOptions& options) {
  SynthReport report;
  std::error_code ec;
  if (const std::string problem = io::folderProblem(normalDir); !problem.empty()) {
    report.errors.push_back(normalDir + ": " + problem);
    return report;
  }
  const auto files = imageFilesIn(normalDir);
  if (files.empty()) report.errors.push_back(normalDir + ": holds no images");
  const fs::path out(outDir);
  for (const char* side : {"high", "low"})
    if (fs::equivalent(normalDir, out / side, ec)) {
      report.errors.push_back(normalDir + ": is where the pairs would go; choose another output folder");
      return report;
    }
  // Every output checked before the first is written: one pair per name, ...
  std::map<std::string, std::string> byStem;
  for (const auto& file : files) {
    const auto [it, added] = byStem.emplace(fs::path(file).stem().string(), file);
    if (!added) {
      report.errors.push_back(file + ": its pair would be named as " + it->second + "'s (" + it->first +
                              ".png); rename one of them");
      return report;
    }
  }
  // ... no pairs of another run beside them (a set made of two folders, or two seeds) ...
  int foreign = 0;
  for (const char* side : {"high", "low"})
    for (const auto& file : imageFilesIn((out / side).string()))
      foreign += fs::path(file).extension() != ".png" || !byStem.count(fs::path(file).stem().string());
  if (foreign) {
    report.errors.push_back(outDir + ": holds " + std::to_string(foreign) +
                            " images that this run would not write (another run's pairs); choose an empty folder");
    return report;
  }
  // ... and nothing replaced unasked.
  int existing = 0;
  for (const auto& file : files) {
    const std::string stem = fs::path(file).stem().string();
    for (const char* side : {"high", "low"}) {
      const fs::path target = out / side / (stem + ".png");
      if (!fs::exists(target, ec)) continue;
      if (fs::equivalent(target, file, ec)) {
        report.errors.push_back(file + ": would be overwritten by its own pair; choose an output folder that does not hold " +
                                normalDir);
        return report;
      }
      ++existing;
    }
  }
  if (existing && !options.overwrite) {
    report.errors.push_back(outDir + ": already holds " + std::to_string(existing) +
                            " of the files to write (--overwrite replaces them)");
    return report;
  }
  fs::create_directories(out / "low", ec);
  fs::create_directories(out / "high", ec);
  if (ec) {
    report.errors.push_back(outDir + ": cannot create folders: " + ec.message());
    return report;
  }
  for (const auto& file : files) {
    try {
      // As every photo is read (a damaged one is named and left out, not decoded into grey).
      const cv::Mat normal = image::scaledToFit(image::toMat(image::readPhoto(file).rgb, CV_8U), options.maxSide);
      const std::string stem = fs::path(file).stem().string();
      // Seeded per file, so adding photos to the folder never changes the others' pairs.
      std::seed_seq seq{uint32_t(options.seed), uint32_t(options.seed >> 32), uint32_t(std::hash<std::string>()(stem))};
      std::mt19937_64 rng(seq);
      const cv::Mat low = synthesizeLowLight(normal, rng, options);
      writePng((out / "high" / (stem + ".png")).string(), normal);
      writePng((out / "low" / (stem + ".png")).string(), low);
      ++report.written;
    } catch (const std::exception& e) {
      report.errors.push_back(e.what());
    }
  }
  return report;
}

}  // namespace drbn::data
