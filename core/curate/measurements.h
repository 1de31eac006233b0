// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Measurements kept beside a catalog, one JSON object a line: what each shard of a sharded
// `drbn curate measure` writes (a catalog on a cluster's shared file system takes no concurrent
// writers), and what `drbn curate merge` folds into the catalog. Lines are appended and flushed
// one by one, so a killed shard keeps what it measured and a re-run measures only the rest.

#include "core/curate/imagesignals.h"

#include <fstream>
#include <string>
#include <vector>

namespace drbn::curate {

class QualityScorer;

struct Measurement {
  long long id = 0;  // the photo's id in the catalog
  std::string path;  // its path there, checked on merging
  ImageSignals signals;
};

/// Reads a measurements file (none there: none). A torn last line (a kill mid-write) is dropped;
/// any other bad line throws CatalogError naming the file and line.
std::vector<Measurement> readMeasurements(const std::string& path);

/// Appends measurements to a file, each line flushed as it is written.
class MeasurementWriter {
 public:
  /// Opens `path` for appending, first cutting a torn last line. Throws io::FileError, or
  /// CatalogError for a file that is not a measurements file.
  explicit MeasurementWriter(const std::string& path);
  /// What the file held when opened (an earlier run of the same shard), read once.
  const std::vector<Measurement>& existing() const { return m_existing; }
  void append(const Measurement& m);

 private:
  std::string m_path;
  std::ofstream m_out;
  std::vector<Measurement> m_existing;
};

/// Reads a photo and measures it, with the quality score when `scorer` is given. Throws
/// image::ImageError naming the file.
ImageSignals measurePhoto(const std::string& path, const QualityScorer* scorer = nullptr);

}  // namespace drbn::curate
