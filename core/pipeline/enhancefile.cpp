// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pipeline/enhancefile.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace drbn::pipeline {
namespace {

std::map<std::string, std::string> provenanceOf(const infer::Enhancer& enhancer, const EnhanceFileOptions& options) {
  const auto& band = enhancer.bandNetworkInfo();
  std::map<std::string, std::string> p{{"Software", "DRBN Studio " DRBN_VERSION},
                                       {"Model", band.name},
                                       {"ModelSha256", band.sha256},
                                       {"Stage", options.engine.stage == infer::Stage::Recomposed ? "2" : "1"}};
  if (options.engine.stage == infer::Stage::Recomposed) {
    p["Recomposer"] = enhancer.recomposerInfo().name;
    p["RecomposerSha256"] = enhancer.recomposerInfo().sha256;
  }
  const auto& a = options.engine.adjustments;
  if (!a.isNeutral()) {
    std::ostringstream adjust;
    adjust << "gains=" << a.coarseGain << "," << a.midGain << "," << a.fineGain
           << " weights=" << (a.learnedWeights ? "learned" : "plain") << " fidelity=" << a.fidelity
           << " exposure=" << a.exposure << " saturation=" << a.saturation << " noise_reduction=" << a.noiseReduction
           << " colour_noise_reduction=" << a.colourNoiseReduction << " strength=" << a.strength;
    p["Adjustments"] = adjust.str();
  }
  std::ostringstream settings;
  settings << "tile=" << options.engine.tileSize << " margin=" << options.engine.tileMargin
           << " device=" << enhancer.device().name();
  p["Settings"] = settings.str();
  return p;
}

// How a band is shown as an image: signed detail bands around mid-grey, weights halved as the
// authors view them, outputs as they are.
infer::FloatImage forViewing(const infer::FloatImage& img, float scale, float offset) {
  infer::FloatImage out = img;
  for (float& v : out.data) v = v * scale + offset;
  return out;
}

}  // namespace

std::string outputPathFor(const std::string& input, const std::string& outDir, const EnhanceFileOptions& options) {
  std::string name = options.namePattern.empty() ? "{stem}" : options.namePattern;
  const std::string stem = fs::path(input).stem().string();
  for (size_t at = name.find("{stem}"); at != std::string::npos; at = name.find("{stem}", at + stem.size()))
    name.replace(at, 6, stem);
  if (name.find('/') != std::string::npos)
    throw image::ImageError(options.namePattern + ": a file name pattern cannot contain '/'");
  fs::path folder(outDir);
  // The input's folder below the deepest searched folder that holds it ("a/b" under "a": "b").
  const fs::path parent = fs::absolute(input).parent_path().lexically_normal();
  fs::path below;
  size_t depth = 0;
  for (const auto& root : options.mirrorFoldersBelow) {
    const fs::path base = fs::absolute(root).lexically_normal();
    const fs::path relative = parent.lexically_relative(base);
    const size_t baseDepth = size_t(std::distance(base.begin(), base.end()));
    if (!relative.empty() && *relative.begin() != ".." && baseDepth >= depth) {
      below = relative == "." ? fs::path() : relative;
      depth = baseDepth;
    }
  }
  return (folder / below / (name + "." + image::extensionFor(options.format))).lexically_normal().string();
}

std::string bandFolderFor(const std::string& output) { return fs::path(output).replace_extension().string(); }

namespace {

/// Whether a result file decodes completely (its container intact, its pixels readable).
bool readsBackWhole(const std::string& path) {
  try {
    image::readPhoto(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool madeAlike(const std::string& result, const infer::Enhancer& enhancer, const EnhanceFileOptions& options) {
  const auto then = image::readProvenance(result), now = provenanceOf(enhancer, options);
  const auto value = [](const std::map<std::string, std::string>& p, const char* key) {
    const auto it = p.find(key);
    return it == p.end() ? std::string() : it->second;
  };
  for (const char* key : {"ModelSha256", "Stage", "RecomposerSha256", "Adjustments"})
    if (value(then, key) != value(now, key)) return false;
  return true;
}

BatchPlan planBatch(const std::vector<std::string>& files, const std::string& outDir, const EnhanceFileOptions& options,
                    ExistingOutput existing) {
  // Paths compared as the file system resolves them (links, "..", relative folders).
  const auto key = [](const std::string& path) {
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(path, ec);
    return ec ? fs::absolute(path).lexically_normal().string() : canonical.string();
  };
  std::set<std::string> inputs;
  for (const auto& file : files) inputs.insert(key(file));
  std::map<std::string, std::string> producedBy;  // output -> input
  BatchPlan plan;
  std::set<std::string> planned;
  for (const auto& file : files) {
    if (!planned.insert(key(file)).second) continue;  // the same photo named twice ("a.png ./a.png")
    const std::string output = outputPathFor(file, outDir, options);
    const std::string k = key(output);
    std::error_code ec;
    using Kind = BatchPlan::Refusal::Kind;
    if (inputs.count(k)) {
      plan.refused.push_back({file, "its output " + output + " is an input of this batch; choose another output folder or format",
                              Kind::OutputIsInput, output, {}, false});
    } else if (const auto earlier = producedBy.find(k); earlier != producedBy.end()) {
      plan.refused.push_back({file, "its output " + output + " would also be the result of " + earlier->second +
                                        " (photos of one name: enhance one of them into another folder)",
                              Kind::SharedOutput, output, earlier->second, false});
    } else if (fs::exists(output, ec) && !image::isDrbnResult(output) && readsBackWhole(output)) {
      // Only an earlier result of this program may be replaced or kept: a sound image without
      // our metadata is someone's (x.png beside the x.jpg enhanced into its own folder). A broken
      // file (a result cut short) is what --overwrite and --skip-existing redo.
      plan.refused.push_back({file, output + " is there and is no result of drbn (it carries no drbn metadata); "
                                    "it is never replaced: choose another output folder or format",
                              Kind::NotOurs, output, {}, false});
    } else if (existing == ExistingOutput::Refuse && fs::exists(output, ec)) {
      plan.refused.push_back({file, output + " already exists", Kind::AlreadyThere, output, {}, false});
    } else if (existing == ExistingOutput::Refuse && options.saveBands && fs::exists(bandFolderFor(output), ec)) {
      plan.refused.push_back({file, bandFolderFor(output) + " (its bands) already exists", Kind::AlreadyThere,
                              bandFolderFor(output), {}, true});
    } else if (existing == ExistingOutput::SkipValid && fs::exists(output, ec) && readsBackWhole(output)) {
      producedBy[k] = file;
      plan.skipped.push_back(file);
    } else {
      producedBy[k] = file;
      plan.files.push_back(file);
    }
  }
  return plan;
}

EnhanceFileResult enhanceFile(const infer::Enhancer& enhancer, const std::string& input, const std::string& outDir,
                              const EnhanceFileOptions& options, const infer::ProgressFn& progress,
                              const std::atomic<bool>* cancel) {
  EnhanceFileResult result;
  result.output = outputPathFor(input, outDir, options);
  std::error_code ec;
  if (fs::exists(result.output, ec) && fs::equivalent(result.output, input, ec))
    throw image::ImageError(input + ": the output would overwrite the input; choose another output folder or format");
  image::Photo photo = image::readPhoto(input);
  const std::string ext = image::extensionFor(options.format);
  int bitDepth = options.bitDepth ? options.bitDepth : (ext == "jpg" ? 8 : photo.bitDepth);
  const int depth = bitDepth == 16 ? CV_16U : CV_8U;

  infer::EnhanceOptions engine = options.engine;
  engine.keepBands = options.saveBands;
  const auto enhanced = enhancer.enhance(photo.rgb, engine, progress, cancel);
  photo.rgb = infer::FloatImage();  // not needed any more: 288 MB less at 24 MP while writing
  result.width = enhanced.image.width;
  result.height = enhanced.image.height;
  result.tiles = enhanced.tiles;

  const std::string folder = fs::path(result.output).parent_path().string();
  fs::create_directories(folder, ec);
  if (ec) throw image::ImageError(folder + ": cannot create output folder: " + ec.message());
  image::WriteOptions write{options.format, options.quality, bitDepth};
  image::writePhoto(result.output, image::toMat(enhanced.image, depth, photo.grayscale, photo.alpha), write, input,
                    provenanceOf(enhancer, options));

  if (options.saveBands) {
    const fs::path dir = bandFolderFor(result.output);
    fs::create_directories(dir, ec);
    if (ec) throw image::ImageError(dir.string() + ": cannot create folder for bands: " + ec.message());
    image::WriteOptions png{"png", 95, bitDepth == 16 ? 16 : 8};
    auto save = [&](const std::string& name, const infer::FloatImage& img) {
      if (img.empty()) return;
      const std::string path = (dir / (name + ".png")).string();
      image::writePhoto(path, image::toMat(img, depth), png);
      result.bandFiles.push_back(path);
    };
    const auto& b = enhanced.bands;
    for (int r = 0; r < infer::BandSet::kRecurrences; ++r)
      for (int s = 0; s < infer::BandSet::kScales; ++s)
        save("r" + std::to_string(r + 1) + "_s" + std::to_string(1 << s), b.recurrences[size_t(r)][size_t(s)]);
    save("band_coarse", b.coarse);
    save("band_mid", forViewing(b.mid, 1, 0.5f));
    save("band_fine", forViewing(b.fine, 1, 0.5f));
    save("w1", forViewing(b.w1, 0.5f, 0));
    save("w2", forViewing(b.w2, 0.5f, 0));
    save("w3", forViewing(b.w3, 0.5f, 0));
  }
  return result;
}

std::vector<std::string> collectInputs(const std::vector<std::string>& paths, bool recursive,
                                       std::vector<std::string>& errors, const std::string& skip) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      auto consider = [&](const fs::directory_entry& e) {
        std::error_code unreadable;  // a broken link: not an image, not a listing error
        if (e.is_regular_file(unreadable) && image::isImageFileName(e.path().string())) found.push_back(e.path().string());
      };
      if (recursive) {
        for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          std::error_code unused;
          if (!skip.empty() && it->is_directory(unused) && fs::equivalent(it->path(), skip, unused)) {
            it.disable_recursion_pending();
            continue;
          }
          consider(*it);
        }
      } else
        for (const auto& e : fs::directory_iterator(p, ec)) consider(e);
      if (ec) errors.push_back(p + ": cannot list folder: " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);  // named explicitly: try it whatever its extension, and report if unreadable
    } else {
      errors.push_back(p + ": no such file or folder");
    }
  }
  return files;
}

}  // namespace drbn::pipeline
