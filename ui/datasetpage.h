// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Dataset page: curate AVA-style high-quality sets and training folders — import, signals,
// filters, star ratings and pick/reject written to XMP sidecars, a MOS histogram, export.

#include "core/curate/catalog.h"

#include <QWidget>

#include <atomic>
#include <functional>
#include <map>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPushButton;
class QTimer;
class QToolButton;

namespace drbn::ui {

class MosHistogram;

class CatalogModel;
class ThumbnailCache;

/// One catalog at a time; lives on the GUI thread. Imports, measuring and export run on a worker
/// with their own catalog connection; decisions are committed on the GUI thread as they are made.
class DatasetPage : public QWidget {
  Q_OBJECT
 public:
  explicit DatasetPage(QWidget* parent = nullptr, ThumbnailCache* thumbnails = nullptr);
  ~DatasetPage() override;

  /// Opens (or creates) a catalog file; false, with the reason shown, when it cannot.
  bool openCatalog(const QString& path);
  QString catalogPath() const;
  /// Background work; finished() follows.
  void importAva(const QString& avaTxt, const QString& imagesDir);
  void importFolder(const QString& dir);
  void measure(const QString& discriminator = {});
  /// Checks paired folders (names, sizes, low darker) in the background and shows the result.
  void checkPairs(const QString& low, const QString& normal);
  /// Filter expression as in `drbn curate` (see curate/filter.h); invalid ones are shown, not applied.
  void setFilterText(const QString& text);
  void setMosThreshold(double threshold);  // 0 = off
  /// Stars / flag for every selected photo (committed, then written to its XMP sidecar).
  void rateSelected(int stars);
  void flagSelected(curate::Flag flag);

  bool isBusy() const { return m_busy; }
  CatalogModel* model() const { return m_model; }
  QListView* grid() const { return m_grid; }
  QLabel* countLabel() const { return m_count; }

 Q_SIGNALS:
  /// Background work ended; `summary` says what it did (or why it failed).
  void finished(const QString& summary);
  /// The user exported a set and asked to train with it: `highQuality` (stage-2 quality set) or
  /// a paired root.
  void useForTraining(const QString& folder, bool highQuality);
  /// The user checked paired folders and asked to train with them.
  void usePairsForTraining(const QString& low, const QString& normal);
  void statusMessage(const QString& text);
  /// The user opened a photo of the grid (double-click, Enter) to enhance it.
  void openPhoto(const QString& path);

 private:
  void createWidgets();
  void reload();
  void enableControls(bool idle);
  void refilter();
  void showCurrent();
  void updateHistogram();
  void exportDialog();
  void chooseAva();
  void chooseFolder();
  void choosePairs();
  void chooseCatalog(bool create);
  void setDecisionFor(const QList<int>& rows, const std::function<void(curate::Decision&)>& change);
  /// Reports done/total from a worker (throttled to the GUI).
  using Progress = std::function<void(int done, int total)>;
  /// Runs `work` (given a cancel flag and progress) on a worker, one job at a time, with the
  /// progress bar and Cancel shown; its return value is the summary shown when it ends, after
  /// `done` ran on the GUI thread (when given).
  void runJob(const QString& what, std::function<QString(const std::atomic_bool&, const Progress&)> work,
              std::function<void()> done = {});
  /// runJob() for work on the open catalog, through the worker's own connection to it.
  void runInBackground(const QString& what,
                       std::function<QString(curate::Catalog&, const std::atomic_bool&, const Progress&)> work);

  std::unique_ptr<curate::Catalog> m_catalog;
  std::map<int, std::string> m_tagNames;  // of the open catalog, read with its items
  ThumbnailCache* m_thumbnails;
  CatalogModel* m_model;
  std::shared_ptr<std::atomic_bool> m_cancel;
  bool m_busy = false;
  bool m_readOnly = false;  // the catalog opened read-only (read-only media, a full disk)
  QString m_filterText;
  double m_threshold = 0;

  QListView* m_grid = nullptr;
  QLineEdit* m_filter = nullptr;
  QLabel* m_filterError = nullptr;
  QDoubleSpinBox* m_mos = nullptr;
  QComboBox* m_sort = nullptr;
  QCheckBox* m_descending = nullptr;
  QLabel* m_count = nullptr;
  QLabel* m_catalogLabel = nullptr;
  QLabel* m_preview = nullptr;
  QLabel* m_details = nullptr;
  MosHistogram* m_histogram = nullptr;
  QProgressBar* m_progress = nullptr;
  QToolButton* m_cancelButton = nullptr;
  QList<QWidget*> m_needCatalog;   // enabled only with a catalog open and no work running
  QList<QWidget*> m_needWritable;  // the same, and the catalog can be written
  QList<QWidget*> m_needIdle;      // enabled when no work is running
  QTimer* m_refilterTimer = nullptr;
};

}  // namespace drbn::ui
