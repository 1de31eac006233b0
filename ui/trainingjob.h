// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A training run in the background: checks and loads the data, trains, reports to the GUI.

#include "core/data/trainingfolders.h"
#include "core/train/trainer.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <QThread>
#include <QVariantMap>

#include <atomic>
#include <map>

namespace drbn::ui {

/// What a run needs: new (options + folders) or a resume of `runDir`.
struct TrainingParams {
  train::TrainOptions options;
  data::TrainingFolders folders;
  double validationFraction = 0.05;
  std::string runDir;
  bool resume = false;
  int extendTo = 0;  // resume: train to this many steps in all (0 keeps the run's own)
};

/// Owned by the GUI thread; the run happens on its own thread (one long task, kept off the pool
/// that enhancement uses). Signals arrive queued on the GUI thread; step reports are throttled.
class TrainingJob : public QObject {
  Q_OBJECT
 public:
  explicit TrainingJob(TrainingParams params, QObject* parent = nullptr);
  ~TrainingJob() override;  // cancels and waits: the run stops after its step, with a checkpoint

  void start();
  void setPaused(bool paused) { m_pause = paused; }
  bool isPaused() const { return m_pause; }
  void requestCancel() { m_cancel = true; }
  bool isRunning() const { return m_thread && m_thread->isRunning(); }

 Q_SIGNALS:
  void dataChecked(const QString& summary, const QStringList& problems, bool ok);
  /// `device` in words; `precision`: what the band network computes in (train::kPrecisionFp32 or kPrecisionBf16).
  void started(const QString& device, const QString& precision, int step, int steps);
  void stepDone(int step, int steps, const QVariantMap& losses, double stepsPerSecond, double secondsLeft);
  void validating(int step, int pairs);
  /// `looks`: noise, chroma_noise, cast, black_level (core/infer/looks.h), means over the pairs.
  void validated(int step, double psnr, double ssim, const QVariantMap& looks, const QImage& preview);
  void note(const QString& text);
  /// `bestModelPath`: stage 1's export that validated best (bestStep, bestPsnr), or empty.
  void finished(int step, bool cancelled, const QString& modelPath, const QString& bandNetworkPath,
                const QString& bestModelPath, int bestStep, double bestPsnr);
  void failed(const QString& message);

 private:
  void run();

  TrainingParams m_params;
  std::atomic<bool> m_cancel{false}, m_pause{false};
  QThread* m_thread = nullptr;
};

}  // namespace drbn::ui
