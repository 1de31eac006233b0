// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Batch export: many photos through the engine into a folder, with a naming pattern, format and
// bit depth, optionally every band; per-file status, cancel, a summary of failures, and a queue.

#include "core/infer/enhancer.h"
#include "core/pipeline/enhancefile.h"

#include <QDialog>
#include <QStringList>

#include <atomic>
#include <deque>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace drbn::ui {

class FormatFields;

/// One queued batch: the files and how to write them.
struct BatchRequest {
  QStringList files;
  QString outDir;
  pipeline::EnhanceFileOptions options;
  bool replace = false;  // results already in outDir are replaced (otherwise refused)
};

/// A modeless dialog on the GUI thread; its batches run one after another on the thread pool.
class BatchDialog : public QDialog {
  Q_OBJECT
 public:
  BatchDialog(std::shared_ptr<const infer::Enhancer> enhancer, infer::Stage stage, infer::Adjustments adjustments,
              QWidget* parent = nullptr);
  ~BatchDialog() override;

  void addFiles(const QStringList& paths);  // files or folders (searched recursively)
  void setOutputFolder(const QString& dir);
  /// Queues a batch of the listed files with the current settings; starts it when idle.
  void start();
  bool isRunning() const { return m_running; }
  int failures() const { return m_failures; }
  int kept() const { return m_kept; }  // results already in the folder, left as they were
  QTreeWidget* statusList() const { return m_status; }

 public Q_SLOTS:
  void cancel();

 Q_SIGNALS:
  void allFinished();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void runNext();
  bool hasInputsAndOutput() const;
  void fileDone(int row, const QString& output, const QString& error, bool kept);
  std::shared_ptr<const infer::Enhancer> m_enhancer;
  infer::Stage m_stage;
  infer::Adjustments m_adjustments;
  std::deque<BatchRequest> m_queue;
  std::shared_ptr<std::atomic<bool>> m_cancel;
  bool m_running = false;
  bool m_askedForInputs = false;  // the summary asks for photos and an output folder
  int m_failures = 0, m_kept = 0, m_cancelled = 0, m_done = 0, m_total = 0;

  QListWidget* m_inputs = nullptr;
  std::vector<std::string> m_folders;  // added as folders: their photos' results keep their subfolders
  QLineEdit* m_outDir = nullptr;
  QLineEdit* m_pattern = nullptr;
  FormatFields* m_output = nullptr;
  QCheckBox* m_saveBands = nullptr;
  QCheckBox* m_replace = nullptr;
  QComboBox* m_settings = nullptr;
  QProgressBar* m_progress = nullptr;
  QTreeWidget* m_status = nullptr;
  QLabel* m_summary = nullptr;
  QPushButton* m_startButton = nullptr;
  QPushButton* m_cancelButton = nullptr;
};

}  // namespace drbn::ui
