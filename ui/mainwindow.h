#pragma once
// DRBN Studio's main window: the before/after view, the band explorer, recomposition tuning with
// undo, background enhancement, export; the engine (models, stage, device) is EngineController's.

#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "ui/enginecontroller.h"
#include "ui/enhancejob.h"

#include <QMainWindow>
#include <QPointer>

#include <atomic>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QTabBar;
class QMenu;
class QProgressBar;
class QToolButton;
class QUndoStack;

namespace drbn::ui {

class BandExplorer;
class CompareView;
class DatasetPage;
class FilmStrip;
class ThumbnailCache;
class TrainingPage;
class TuningPanel;

/// The application's one main window; lives on the GUI thread and owns the engine.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  /// Opens a photo and starts enhancing it; false (with a message shown) when it cannot be read.
  bool openPhoto(const QString& path);
  bool isEnhancing() const { return m_job != nullptr; }
  QString currentPath() const { return m_path; }
  const infer::Enhancer& enhancer() const { return *m_engines.engine(); }

  // For tests and screenshots: the parts a person looks at.
  CompareView* compareView() const { return m_view; }
  BandExplorer* bandExplorer() const { return m_explorer; }
  TuningPanel* tuningPanel() const { return m_tuning; }
  QUndoStack* undoStack() const { return m_undo; }
  TrainingPage* trainingPage() const { return m_training; }
  DatasetPage* datasetPage() const { return m_dataset; }
  FilmStrip* filmStrip() const { return m_filmStrip; }

  /// The window's pages: enhancing photos, training models, curating datasets.
  enum class Page { Enhance, Train, Curate };
  void showPage(Page page);
  Page currentPage() const;
  /// Makes trained networks the active model (the Training page's "Use this model").
  bool useModelFiles(const QString& bandNetwork, const QString& recomposer);
  /// What the enhanced side shows now, at the resolution it was computed.
  QImage enhancedImage() const { return m_enhancedShown; }

  /// Applies recomposition settings to the cached bands (no network run). Used by undo commands.
  void applyAdjustments(const infer::Adjustments& adjustments);

  /// Writes the open photo's result with the current settings to `path` (its suffix: the
  /// format) in the background: returns at once, then exportFinished(). File > Export asks for
  /// the path first.
  void exportTo(const QString& path, int quality = 95, int bitDepth = 0);

 Q_SIGNALS:
  /// Emitted when a full-resolution result is on screen.
  void enhancementFinished();
  void enhancementFailed(const QString& message);
  /// An export has ended: `error` is empty when `path` was written.
  void exportFinished(const QString& path, const QString& error);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createDocks();
  void startEnhancing();
  void cancelEnhancing();
  void sizeToPage(int index);
  void showOutcome(const OutcomePtr& outcome);
  void showSelected();
  void updateModelStatus();
  void openDialog();
  void openAdjacent(int step);
  void exportResult();
  void loadModel(bool recomposer);
  /// Loads into `engine` the networks the current engine runs (built-in or from files).
  void useDefaultModel();
  void setStage(infer::Stage stage);
  void addRecent(const QString& path);
  void rebuildRecentMenu();
  void showShortcuts();
  void showAbout();
  void showPixel(QPoint pixel);
  void showError(const QString& title, const QString& message);
  void showPreferences();
  /// Recreates the engine on the preferred device and threads, with the same model.
  void applyEngineSettings();

  EngineController m_engines;
  QString m_path;
  image::Photo m_photo;
  QImage m_originalShown, m_enhancedShown;
  OutcomePtr m_banded;  // the latest outcome with bands: what tuning recomposes
  OutcomePtr m_full;    // the full-resolution outcome, when it has arrived
  infer::FloatImage m_bandedOriginal;  // the photo at the banded outcome's size
  infer::Adjustments m_adjustments;
  QPointer<EnhanceJob> m_job;
  /// Set when the window closes: running exports stop at their next cancel check.
  std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);

  QStackedWidget* m_pages = nullptr;
  QTabBar* m_pageTabs = nullptr;
  ThumbnailCache* m_thumbnails = nullptr;
  FilmStrip* m_filmStrip = nullptr;
  TrainingPage* m_training = nullptr;
  DatasetPage* m_dataset = nullptr;
  QList<QDockWidget*> m_docks;
  QList<QDockWidget*> m_docksHidden;      // docks hidden while another page is shown
  QList<QAction*> m_enhanceActions;       // only meaningful on the Enhance page
  CompareView* m_view = nullptr;
  BandExplorer* m_explorer = nullptr;
  TuningPanel* m_tuning = nullptr;
  QUndoStack* m_undo = nullptr;
  QProgressBar* m_progress = nullptr;
  QToolButton* m_cancel = nullptr;
  QLabel* m_modelLabel = nullptr;
  QLabel* m_pixelLabel = nullptr;
  QMenu* m_recentMenu = nullptr;
  QAction* m_enhanceAgain = nullptr;
  QAction* m_stage1 = nullptr;
  QAction* m_stage2 = nullptr;
  QList<QAction*> m_shortcutActions;
};

}  // namespace drbn::ui
