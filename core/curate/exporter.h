// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Turning a selection into a dataset on disk: files, a manifest, and a train/validation/test split
// that keeps near-duplicates together; and checking paired low/normal folders.

#include "core/curate/catalog.h"
#include "core/data/trainingfolders.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace drbn::curate {

enum class ExportMode { Copy, HardLink, SymLink };

struct ExportOptions {
  std::string outDir;
  ExportMode mode = ExportMode::Copy;
  /// Fractions for train / validation / test; all zero = no split (files go straight to outDir).
  double train = 0, validation = 0, test = 0;
  unsigned long long seed = 1;  // which groups land in which part
  std::map<int, std::string> tagNames, challengeNames;  // for the manifest
  /// Checked per photo: when it becomes true, the export stops there and writes the manifest of
  /// what it placed.
  const std::atomic_bool* cancel = nullptr;
  std::function<void(int done, int total)> progress;
};

/// A file an export left out. `message()` is the command line's English; the fields let a front end
/// word it in its user's language.
struct ExportProblem {
  enum class Kind {
    Unreadable,     // path: a photo the catalog knows cannot be read (imageKind, detail: why)
    SourceMissing,  // path: the photo (or its sidecar) is no longer there
    TargetExists,   // path: the target, never overwritten
    NotPlaced,      // path: the target; detail: why copying or linking failed
  };
  Kind kind = Kind::NotPlaced;
  std::string path, detail;
  image::ImageError::Kind imageKind = image::ImageError::Kind::Other;
  std::string message() const;
  image::ImageError unreadable() const;  // Kind::Unreadable: the reader's error as the catalog kept it
};

struct ExportReport {
  int exported = 0;
  std::map<std::string, int> perPart;  // "train", "validation", "test" or "" -> count
  /// Parts the split asked for that the split dealt no photo (too few photos or near-duplicate
  /// groups for the fractions), e.g. {"validation", "test"}.
  std::vector<std::string> emptyParts;
  std::vector<ExportProblem> errors;  // per file
  std::string manifestCsv, manifestJson;
  bool cancelled = false;
};

/// Which part ("train", "validation", "test") each item goes to: near-duplicate groups are shuffled
/// with the seed and dealt to the part furthest below its share, so that a scene never lands in two
/// parts. Empty strings when the options ask for no split.
std::vector<std::string> splitParts(const std::vector<Item>& items, const ExportOptions& options);

/// Copies, hard-links or symlinks the items into options.outDir (per part in a subfolder when
/// splitting) and writes manifest.csv and manifest.json there (file, source, part, AVA scores,
/// signals, decision). Existing files are never overwritten: such items are reported and skipped,
/// as are photos the catalog knows to be unreadable. Copies and manifests are written atomically.
/// Throws io::FileError when outDir cannot be made, holds photos of the selection, or holds an
/// earlier export that put one of them into another part (a photo in two parts leaks between them).
ExportReport exportItems(const std::vector<Item>& items, const ExportOptions& options);

/// What checking a paired folder found.
struct PairReport {
  int pairs = 0, good = 0;
  /// Missing folders, unmatched names, unreadable files, size mismatches, a low image not darker;
  /// each says what it is for a front end to word (`message()` is the command line's English).
  std::vector<data::DataProblem> problems;
};

/// Checks low/normal pairs matched by file stem: both readable, equal sizes, the low one darker.
/// `progress` hears (pairs checked, pairs) after each pair; `cancel` stops between pairs.
PairReport verifyPairs(const std::string& lowDir, const std::string& normalDir,
                       const std::function<void(int done, int total)>& progress = {},
                       const std::atomic_bool* cancel = nullptr);

}  // namespace drbn::curate
