// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Enhancing photo files end to end: read, enhance, write the result (and optionally every band)
// with metadata and provenance. Shared by `drbn enhance`, `drbn eval` and the studio's batch export.

#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"

#include <string>
#include <vector>

namespace drbn::pipeline {

struct EnhanceFileOptions {
  infer::EnhanceOptions engine;
  std::string format = "png";  // png, jpg, tif
  int quality = 95;            // JPEG quality
  int bitDepth = 0;            // 8 or 16; 0 keeps the source's depth where the format allows
  bool saveBands = false;      // every intermediate under OUTDIR/<name>/
  std::string namePattern = "{stem}";  // output file name without extension; {stem} is the input's
  /// The folders a recursive batch searched: an input below one keeps its subfolder under OUTDIR
  /// (below the deepest that holds it), so two cameras' IMG_0001.JPG do not collide.
  std::vector<std::string> mirrorFoldersBelow;
};

struct EnhanceFileResult {
  std::string output;
  int width = 0, height = 0, tiles = 1;
  std::vector<std::string> bandFiles;
};

/// Where the result of `input` goes: OUTDIR/[subfolder/]<pattern with {stem} replaced>.<ext>.
std::string outputPathFor(const std::string& input, const std::string& outDir, const EnhanceFileOptions& options);

/// Where EnhanceFileOptions::saveBands puts the bands of the result `output`: OUTDIR/<name>/.
std::string bandFolderFor(const std::string& output);

/// Enhances one photo file into `outDir`. Never overwrites `input` itself; writes atomically.
/// Throws image::ImageError, weights::WeightError, std::invalid_argument or infer::Cancelled
/// with a message naming the file.
EnhanceFileResult enhanceFile(const infer::Enhancer& enhancer, const std::string& input, const std::string& outDir,
                              const EnhanceFileOptions& options, const infer::ProgressFn& progress = {},
                              const std::atomic<bool>* cancel = nullptr);

/// What a batch does with a result that is already in the output folder.
enum class ExistingOutput {
  Refuse,     // the input is refused (the default: never replace a file unasked)
  Replace,    // --overwrite
  SkipValid,  // --skip-existing: a result that reads back whole is kept and its input skipped
              // (a preempted job resumes); one that does not is replaced
};

/// Which files of a batch may be enhanced into `outDir`, decided before the first is written:
/// no output may be an input of the batch (a.jpg's result would replace a.png beside it), two
/// inputs may not share one output, and a file already there is dealt with as `existing` says —
/// when it is an earlier result of this program (drbn XMP) or broken; any other file is refused.
struct BatchPlan {
  struct Refusal {
    enum class Kind {
      OutputIsInput,   // output: another input of the batch
      SharedOutput,    // output: also the result of `other`
      NotOurs,         // output: a sound image there that no run of drbn made
      AlreadyThere,    // output (or its band folder, `bands`): an earlier result (ExistingOutput::Refuse)
    };
    std::string file, reason;  // reason: the command line's English
    Kind kind = Kind::AlreadyThere;
    std::string output, other;
    bool bands = false;
    bool alreadyThere() const { return kind == Kind::AlreadyThere; }
  };
  std::vector<std::string> files;    // to enhance, in the given order
  std::vector<std::string> skipped;  // SkipValid: inputs whose result is already there
  std::vector<Refusal> refused;
};
BatchPlan planBatch(const std::vector<std::string>& files, const std::string& outDir, const EnhanceFileOptions& options,
                    ExistingOutput existing);

/// Whether an earlier result was made as `enhancer` and `options` would make it now: the same
/// band network, stage, recomposer and adjustments, as its XMP records them.
bool madeAlike(const std::string& result, const infer::Enhancer& enhancer, const EnhanceFileOptions& options);

/// Expands files and folders into the image files to process, sorted; folders are searched
/// recursively when asked, leaving out the folder `skip` (a batch's output folder inside its input
/// tree: a re-run must not take its results for inputs). Problems (missing paths, non-images given
/// by name) go to `errors`.
std::vector<std::string> collectInputs(const std::vector<std::string>& paths, bool recursive,
                                       std::vector<std::string>& errors, const std::string& skip = {});

}  // namespace drbn::pipeline
