// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A dataset being curated, kept in one SQLite file (through Qt SQL): its photos, their AVA scores,
// automatic signals and the decisions people made.

#include "core/curate/ava.h"
#include "core/curate/imagesignals.h"
#include "core/curate/sidecar.h"
#include "core/image/imageerror.h"

#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace drbn::curate {

class QualityScorer;

/// A catalog file that cannot be opened or written; the message names the file and the reason.
class CatalogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One photo of a dataset as the catalog knows it.
struct Item {
  long long id = 0;
  std::string path;       // absolute
  long long avaId = -1;   // -1: not from AVA
  double mos = std::nan(""), std = std::nan("");
  int votes = 0;
  int tags[2] = {0, 0};
  int challenge = 0;
  bool present = true;    // the file exists
  bool measured = false;  // `signals` holds measurements
  std::string unreadable;  // why the file could not be read when last measured; empty: it could, or not tried
  image::ImageError::Kind unreadableKind = image::ImageError::Kind::Other;  // Other where the catalog predates kinds
  ImageSignals signals;
  long long group = -1;   // near-duplicate group (id of its first member); -1 = not grouped yet
  Decision decision;
};

/// What an import did.
struct ImportReport {
  int added = 0, updated = 0, missing = 0, decisions = 0;  // decisions: ratings read from XMP
  bool cancelled = false;  // then nothing was added
  std::vector<ParseProblem> problems;
  int unreadable = 0;  // of those added, files that are no image (their first bytes say so)
};

/// One dataset's curation state in a SQLite database; every change is committed (and durable)
/// when the call returns, so a crash or kill loses no decision already made. Use it from one
/// thread; open another Catalog on the same file for another thread.
class Catalog {
 public:
  /// ReadOnly: for looking only (listing, exporting): changes to its photos and decisions are
  /// refused, and a catalog on read-only media or a full disk (where SQLite cannot make its
  /// shared-memory file) is still read.
  enum class Access { ReadWrite, ReadOnly };
  /// Opens the catalog file, creating it when it does not exist (ReadWrite). Throws CatalogError.
  explicit Catalog(const std::string& path, Access access = Access::ReadWrite);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const std::string& path() const { return m_path; }

  /// Adds AVA's photos (`imagesDir`/<id>.jpg; those not on disk are marked missing) with their
  /// votes; tags.txt and challenges.txt names when given. Re-importing updates the scores and
  /// keeps decisions and signals.
  /// All or nothing: a `cancel` that becomes true (checked every 1,000 lines) adds none.
  ImportReport importAva(const AvaList& list, const std::string& imagesDir,
                         const std::map<int, std::string>& tags = {},
                         const std::map<int, std::string>& challenges = {}, const std::atomic_bool* cancel = nullptr,
                         const std::function<void(int done, int total)>& progress = {});
  /// Adds the photos of a folder (and its subfolders), taking over ratings found in XMP. All or
  /// nothing: a `cancel` that becomes true (checked per photo) adds none.
  ImportReport importFolder(const std::string& dir, const std::atomic_bool* cancel = nullptr,
                            const std::function<void(int done, int total)>& progress = {});

  /// Every photo, ordered by id.
  std::vector<Item> items() const;
  std::map<int, std::string> tagNames() const;
  std::map<int, std::string> challengeNames() const;

  /// Records a decision (committed), then writes it to the photo's XMP sidecar. Throws
  /// io::FileError when the sidecar cannot be written; the decision is kept in the catalog.
  void setDecision(long long id, const Decision& decision);
  void setSignals(long long id, const ImageSignals& signals);
  void setPresent(long long id, bool present);
  /// Records why the photo could not be read (measuring it again clears this).
  void setUnreadable(long long id, const image::ImageError& reason);
  /// Groups near-duplicates among all measured photos and stores each one's group.
  /// Returns the number of groups with more than one photo.
  int updateNearDuplicateGroups(int maxDistance = kNearDuplicateBits);

 private:
  void exec(const std::string& sql);
  ImportReport addPaths(const std::vector<std::string>& paths, const std::atomic_bool* cancel,
                        const std::function<void(int done, int total)>& progress);

  std::string m_path;
  std::string m_connection;  // Qt SQL connection name, unique per Catalog
  int m_schema = 0;          // the file's schema version (a read-only catalog is not upgraded)
};

/// Why `item` could not be read, as the error it was (for front ends that word its kind).
image::ImageError unreadableError(const Item& item);

/// Whether `item` still needs measuring: never measured, or no quality score while a scorer is given.
bool needsMeasuring(const Item& item, bool withScorer);

/// Reads one photo, measures it (with the quality score when `scorer` is given) and stores the
/// signals. Returns an empty string, or why the photo could not be read; a photo that is gone is
/// marked missing.
std::string measureInto(Catalog& catalog, const Item& item, const QualityScorer* scorer = nullptr);

}  // namespace drbn::curate
