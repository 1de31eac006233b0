// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Enhance page: one photo, its enhancement running in the background (a preview first, then
// the full resolution), the before/after view and film strip, the band explorer and recomposition
// panel the main window docks beside it, undo of their edits, and export.

#include "core/image/imagefile.h"
#include "ui/enhancejob.h"

#include <QImage>
#include <QKeySequence>
#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QToolButton;
class QUndoStack;

namespace drbn::ui {

class BandExplorer;
class CompareView;
class EngineController;
class FilmStrip;
class ThumbnailCache;
class TuningPanel;

/// Lives on the GUI thread; reads the engine from `engines` at each run, never waits for a job.
class EnhancePage : public QWidget {
  Q_OBJECT
 public:
  EnhancePage(const EngineController& engines, ThumbnailCache* thumbnails, QWidget* parent = nullptr);
  /// Running work (the enhance job, exports) goes on to its next cancel check unseen.
  ~EnhancePage() override;

  /// Opens a photo and starts enhancing it; false (errorOccurred) when it cannot be read.
  bool openPhoto(const QString& path);
  /// The next (+1) or previous (-1) photo of the folder.
  void openAdjacent(int step);
  /// Enhances the open photo again with the current engine and stage.
  void startEnhancing();
  void cancelEnhancing();
  bool isEnhancing() const { return m_job != nullptr; }
  QString currentPath() const { return m_path; }
  /// What the enhanced side shows now, at the resolution it was computed.
  QImage enhancedImage() const { return m_enhancedShown; }
  const infer::Adjustments& adjustments() const { return m_adjustments; }

  /// Applies recomposition settings to the cached bands (no network run). Used by undo commands.
  void applyAdjustments(const infer::Adjustments& adjustments);
  /// Edit > Reset Recomposition, as one undoable step.
  void resetAdjustments();
  /// File > Export Result: asks where and how, then exportTo().
  void exportResult();
  /// Writes the open photo's result with the current settings to `path` (its suffix: the format)
  /// in the background: returns at once, then exportFinished().
  void exportTo(const QString& path, int quality = 95, int bitDepth = 0);

  static QKeySequence enhanceAgainKey() { return QKeySequence(Qt::CTRL | Qt::Key_Return); }

  // The parts the main window places (docks, status bar) and tests look at.
  CompareView* compareView() const { return m_view; }
  FilmStrip* filmStrip() const { return m_filmStrip; }
  BandExplorer* bandExplorer() const { return m_explorer; }
  TuningPanel* tuningPanel() const { return m_tuning; }
  QUndoStack* undoStack() const { return m_undo; }
  QProgressBar* progressBar() const { return m_progress; }
  QToolButton* cancelButton() const { return m_cancel; }
  QLabel* pixelLabel() const { return m_pixelLabel; }

 Q_SIGNALS:
  void photoOpened(const QString& path);
  /// Emitted when a full-resolution result is on screen.
  void enhancementFinished();
  void enhancementFailed(const QString& message);
  /// An export has ended: `error` is empty when `path` was written.
  void exportFinished(const QString& path, const QString& error);
  void statusMessage(const QString& text, int timeoutMs);
  void errorOccurred(const QString& title, const QString& message);

 private:
  void showOutcome(const OutcomePtr& outcome);
  void showSelected();
  void showPixel(QPoint pixel);

  const EngineController& m_engines;
  QString m_path;
  image::Photo m_photo;
  QImage m_originalShown, m_enhancedShown;
  OutcomePtr m_banded;  // the latest outcome with bands: what tuning recomposes
  OutcomePtr m_full;    // the full-resolution outcome, when it has arrived
  infer::FloatImage m_bandedOriginal;  // the photo at the banded outcome's size
  infer::Adjustments m_adjustments;
  QPointer<EnhanceJob> m_job;
  /// Set when the page goes: running exports stop at their next cancel check.
  std::shared_ptr<std::atomic<bool>> m_closing = std::make_shared<std::atomic<bool>>(false);

  CompareView* m_view = nullptr;
  FilmStrip* m_filmStrip = nullptr;
  BandExplorer* m_explorer = nullptr;
  TuningPanel* m_tuning = nullptr;
  QUndoStack* m_undo = nullptr;
  QProgressBar* m_progress = nullptr;
  QToolButton* m_cancel = nullptr;
  QLabel* m_pixelLabel = nullptr;
};

}  // namespace drbn::ui
