// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Training data on disk: recognising the usual dataset layouts, checking every file, and reading
// the images into memory for core/train.

#include "core/image/imagefile.h"
#include "core/train/trainingset.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace drbn::data {

/// The folders a training run reads; empty ones are not used.
struct TrainingFolders {
  std::string pairedLow, pairedNormal;          // matched by file name (stem)
  std::string validationLow, validationNormal;  // optional; otherwise pairs are held out
  std::string unpaired;                         // stage 2: real low-light photos (with subfolders)
  std::string quality;                          // stage 2: high-quality photos (with subfolders)
  std::string layout;                           // which layout was recognised, for reports
};

/// Recognises, under `root`: LOL v1 (`our485/low|high`, `eval15/low|high`), LOL v2 (`Train/Low|Normal`,
/// `Test/Low|Normal`), the DRBN authors' (`Our_low`, `Our_normal`, `Low_real_test_2_rs`,
/// `AVA_good_2`) and a plain `low`/`high` pair (what `drbn synth` writes). Folders not found stay
/// empty; `layout` is empty when nothing was recognised.
TrainingFolders detectLayout(const std::string& root);

/// One thing wrong with the training data. `message()` is the English sentence the command line
/// prints ("<path>: <what>"); the fields let a front end word it in its user's language.
struct DataProblem {
  enum class Kind {
    NoFolderGiven,   // folder
    NoSuchFolder,    // folder, path
    NotAFolder,      // folder, path: a file where a folder belongs
    NoImages,        // folder, path
    NoPartner,       // path: a file whose partner of the same name is not in `partnerFolder` (left out)
    Unreadable,      // path, imageKind, detail: the decoder's reason
    SmallerThanCrop, // path, width x height, crop
    SizeMismatch,    // path, width x height, partnerWidth x partnerHeight
    NoUsablePairs,   // path: the paired low-light folder
    NotDarker,       // path, brightness, partnerBrightness: a low-light image no darker than its partner
  };
  enum class Folder { PairedLow, PairedNormal, ValidationLow, ValidationNormal, Unpaired, Quality };
  Kind kind = Kind::NoUsablePairs;
  Folder folder = Folder::PairedLow;  // the folder meant, or the one holding the file
  std::string path, partnerFolder, detail;
  image::ImageError::Kind imageKind = image::ImageError::Kind::Other;
  int width = 0, height = 0, partnerWidth = 0, partnerHeight = 0, crop = 0;
  double brightness = 0, partnerBrightness = 0;  // mean luminance, 0-1
  std::string message() const;

  static DataProblem of(Kind kind, Folder folder, const std::string& path);
  /// Kind::Unreadable: `path` could not be read, with the reader's kind and reason.
  static DataProblem unreadable(const std::string& path, const image::ImageError& error, Folder folder);
};

/// The English name of a folder's role ("paired low-light").
std::string folderRole(DataProblem::Folder folder);

/// What checking and loading the data found.
struct DataReport {
  int pairs = 0, validationPairs = 0, unpaired = 0, quality = 0;
  std::vector<DataProblem> errors;    // missing folders, unreadable files, images smaller than the crop, size mismatches
  std::vector<DataProblem> warnings;  // names without a partner (left out)
  bool ok() const { return errors.empty(); }
  std::string summary() const;  // one line: counts and problems
};

struct LoadOptions {
  int stage = 1;                    // 2 also needs unpaired and quality photos
  int crop = 256;                   // every training image must be at least this large
  double validationFraction = 0.05; // pairs held out when there are no validation folders
  uint64_t seed = 1;                // which pairs are held out
  /// High-quality photos are scaled down to this longer side (AVA images are ~500 px; a 4K
  /// wallpaper would otherwise give the discriminator crops of flat sky). 0 keeps them.
  int qualityMaxSide = 1024;
};

/// Reads and checks every image; returns what can be used and reports the rest. Training should
/// not start unless report.ok().
train::TrainingSet loadTrainingSet(const TrainingFolders& folders, const LoadOptions& options, DataReport& report);

/// The folders and validation fraction as a run records them (TrainOptions::data), and back, so
/// that a resumed run reads the same data.
std::map<std::string, std::string> recordFolders(const TrainingFolders& folders, double validationFraction);
TrainingFolders recordedFolders(const std::map<std::string, std::string>& data, double& validationFraction);

/// What keeps `dir` from serving as the `folder` of training data: none given, missing, a file, or
/// no images inside (counting its subfolders when `recursive`); nullopt when it can serve.
std::optional<DataProblem> folderProblem(const std::string& dir, DataProblem::Folder folder, bool recursive = false);

/// Image files inside `dir` (and its subfolders when `recursive`), sorted by path.
std::vector<std::string> imageFilesIn(const std::string& dir, bool recursive = false);

}  // namespace drbn::data
