// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// DRBN Studio's main window: its three pages (Enhance, Train, Curate), the Enhance page's docks,
// menus, the status bar; the engine (models, stage, device) is EngineController's.

#include "core/infer/enhancer.h"
#include "ui/enginecontroller.h"
#include "ui/enhancepage.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QStackedWidget;
class QTabBar;
class QMenu;
class QUndoStack;

namespace drbn::ui {

class BandExplorer;
class CompareView;
class DatasetPage;
class EnhancePage;
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

  /// Opens a photo on the Enhance page and starts enhancing it; false (with a message shown) when
  /// it cannot be read.
  bool openPhoto(const QString& path);
  bool isEnhancing() const { return m_page->isEnhancing(); }
  QString currentPath() const { return m_page->currentPath(); }
  const infer::Enhancer& enhancer() const { return *m_engines.engine(); }

  // For tests and screenshots: the parts a person looks at.
  EnhancePage* enhancePage() const { return m_page; }
  CompareView* compareView() const { return m_page->compareView(); }
  BandExplorer* bandExplorer() const { return m_page->bandExplorer(); }
  TuningPanel* tuningPanel() const { return m_page->tuningPanel(); }
  QUndoStack* undoStack() const { return m_page->undoStack(); }
  TrainingPage* trainingPage() const { return m_training; }
  DatasetPage* datasetPage() const { return m_dataset; }
  FilmStrip* filmStrip() const { return m_page->filmStrip(); }

  /// The window's pages: enhancing photos, training models, curating datasets.
  enum class Page { Enhance, Train, Curate };
  void showPage(Page page);
  Page currentPage() const;
  /// Makes trained networks the active model (the Training page's "Use this model").
  bool useModelFiles(const QString& bandNetwork, const QString& recomposer);
  /// Model > Load: loads `path` as the band network or the recomposer, or as the other one when
  /// the file holds that network (the two menu items are easy to mix up), and says so.
  void loadModelFile(const QString& path, bool recomposer);
  /// What the enhanced side shows now, at the resolution it was computed.
  QImage enhancedImage() const { return m_page->enhancedImage(); }
  /// The Enhance page's export of the open photo (see EnhancePage::exportTo).
  void exportTo(const QString& path, int quality = 95, int bitDepth = 0) { m_page->exportTo(path, quality, bitDepth); }

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
  void sizeToPage(int index);
  void updateModelStatus();
  void openDialog();
  void loadModel(bool recomposer);  // asks for the file
  /// Loads into `engine` the networks the current engine runs (built-in or from files).
  void useDefaultModel();
  void setStage(infer::Stage stage);
  void addRecent(const QString& path);
  void rebuildRecentMenu();
  void showShortcuts();
  void showAbout();
  void showError(const QString& title, const QString& message);
  /// A status bar message, cut to the space beside the permanent widgets (whole in its tooltip).
  void showStatus(const QString& text, int timeout);
  void showPreferences();
  /// Recreates the engine on the preferred device and threads, with the same model.
  void applyEngineSettings();

  EngineController m_engines;
  EnhancePage* m_page = nullptr;
  QStackedWidget* m_pages = nullptr;
  QTabBar* m_pageTabs = nullptr;
  ThumbnailCache* m_thumbnails = nullptr;
  TrainingPage* m_training = nullptr;
  DatasetPage* m_dataset = nullptr;
  QList<QDockWidget*> m_docks;
  QList<QDockWidget*> m_docksHidden;      // docks hidden while another page is shown
  QList<QAction*> m_enhanceActions;       // only meaningful on the Enhance page
  QLabel* m_modelLabel = nullptr;
  QMenu* m_recentMenu = nullptr;
  QAction* m_stage1 = nullptr;
  QAction* m_stage2 = nullptr;
  QList<QAction*> m_shortcutActions;
};

}  // namespace drbn::ui
