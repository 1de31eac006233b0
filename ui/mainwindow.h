#pragma once
// DRBN Studio's main window: the before/after view, the band explorer, recomposition tuning with
// undo, models, background enhancement, export.

#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "ui/enhancejob.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;
class QUndoStack;

namespace drbn::ui {

class BandExplorer;
class CompareView;
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
  const infer::Enhancer& enhancer() const { return *m_enhancer; }

  // For tests and screenshots: the parts a person looks at.
  CompareView* compareView() const { return m_view; }
  BandExplorer* bandExplorer() const { return m_explorer; }
  TuningPanel* tuningPanel() const { return m_tuning; }
  QUndoStack* undoStack() const { return m_undo; }
  /// What the enhanced side shows now, at the resolution it was computed.
  QImage enhancedImage() const { return m_enhancedShown; }

  /// Applies recomposition settings to the cached bands (no network run). Used by undo commands.
  void applyAdjustments(const infer::Adjustments& adjustments);

 Q_SIGNALS:
  /// Emitted when a full-resolution result is on screen.
  void enhancementFinished();
  void enhancementFailed(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void createActions();
  void createDocks();
  void startEnhancing();
  void cancelEnhancing();
  void showOutcome(const OutcomePtr& outcome);
  void showSelected();
  void updateModelStatus();
  void openDialog();
  void openAdjacent(int step);
  void exportResult();
  void loadModel(bool recomposer);
  void useDefaultModel();
  void setStage(infer::Stage stage);
  void addRecent(const QString& path);
  void rebuildRecentMenu();
  void showShortcuts();
  void showAbout();
  void showPixel(QPoint pixel);
  void showError(const QString& title, const QString& message);

  std::shared_ptr<infer::Enhancer> m_enhancer;
  infer::Stage m_stage = infer::Stage::Recomposed;
  QString m_path;
  image::Photo m_photo;
  QImage m_originalShown, m_enhancedShown;
  OutcomePtr m_banded;  // the latest outcome with bands: what tuning recomposes
  OutcomePtr m_full;    // the full-resolution outcome, when it has arrived
  infer::FloatImage m_bandedOriginal;  // the photo at the banded outcome's size
  infer::Adjustments m_adjustments;
  QPointer<EnhanceJob> m_job;

  CompareView* m_view = nullptr;
  BandExplorer* m_explorer = nullptr;
  TuningPanel* m_tuning = nullptr;
  QUndoStack* m_undo = nullptr;
  QProgressBar* m_progress = nullptr;
  QToolButton* m_cancel = nullptr;
  QLabel* m_modelLabel = nullptr;
  QLabel* m_pixelLabel = nullptr;
  QMenu* m_recentMenu = nullptr;
  QAction* m_stage1 = nullptr;
  QAction* m_stage2 = nullptr;
  QList<QAction*> m_shortcutActions;
};

}  // namespace drbn::ui
