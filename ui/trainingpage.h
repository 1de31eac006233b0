// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Training page: fine-tune either DRBN stage on local folders in the background, with live
// loss curves, validation scores and a preview, pause/resume/cancel, and "Use this model".

#include <QPointer>
#include <QWidget>

#include <map>

class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QValueAxis;

namespace drbn::ui {

class TrainingJob;
struct TrainingParams;

/// Lives on the GUI thread; owns at most one TrainingJob.
class TrainingPage : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingPage(QWidget* parent = nullptr);
  ~TrainingPage() override;

  /// The model that "start from the active model" means; an empty path = the built-in model.
  void setActiveModel(const QString& bandNetworkPath, const QString& recomposerPath);
  /// Fills the folder fields from a dataset root (LOL v1/v2, the authors', low/high).
  void setDatasetRoot(const QString& root);
  void setQualityFolder(const QString& folder);
  void setPairedFolders(const QString& low, const QString& normal);
  void setRunFolder(const QString& folder);
  void setStage(int stage);
  void setSteps(int steps, int checkpointEvery);
  void setCrop(int crop, int batch);

  /// Starts a new run, or resumes the run folder when it holds a checkpoint.
  void start();
  void togglePause();
  void cancel();
  bool isTraining() const;
  QChartView* lossChart() const { return m_lossChart; }

 Q_SIGNALS:
  /// "Use this model": the trained networks (recomposer empty for stage 1).
  void useModel(const QString& bandNetworkPath, const QString& recomposerPath);
  void trainingFinished(bool ok);
  void statusMessage(const QString& text);

 private:
  void createWidgets();
  QLineEdit* folderField(const QString& settingsKey);
  void updateEnabled();
  void addLosses(int step, const QVariantMap& losses);
  void addValidation(int step, double psnr, double ssim);
  void resetCharts();
  void log(const QString& text);
  /// Before resuming the run in `runDir`: when the form names other data than the run trains on,
  /// asks whether to resume it anyway; then shows the run's own folders. False: not resuming.
  bool confirmResume(const QString& runDir);
  /// After a start that failed before its first checkpoint: removes what start() wrote.
  void removeStartFiles();

  QPointer<TrainingJob> m_job;
  int m_lastStep = 0;  // the last step reported, for the paused header
  bool m_validating = false;  // a validation pass is running (steps wait for it)
  QString m_activeBands, m_activeRecomposer;
  QString m_modelPath, m_bandPath, m_bestPath;  // what the last run produced
  QStringList m_dataProblems;  // the last data check's, for the headline of a failed start
  QString m_startBands;        // the built-in model's file that start() wrote into a new run folder
  bool m_madeRunDir = false;   // and whether it made that folder

  QComboBox* m_stage = nullptr;
  QLineEdit* m_root = nullptr;
  QLabel* m_layout = nullptr;
  QLineEdit *m_low = nullptr, *m_normal = nullptr, *m_valLow = nullptr, *m_valNormal = nullptr;
  QLineEdit *m_unpaired = nullptr, *m_quality = nullptr, *m_vgg = nullptr, *m_runDir = nullptr, *m_looks = nullptr;
  QRadioButton *m_fromActive = nullptr, *m_fromScratch = nullptr;
  QSpinBox *m_steps = nullptr, *m_batch = nullptr, *m_crop = nullptr, *m_checkpoint = nullptr, *m_threads = nullptr;
  QDoubleSpinBox *m_lr = nullptr, *m_bandLr = nullptr, *m_discLr = nullptr, *m_validation = nullptr, *m_average = nullptr;
  QDoubleSpinBox* m_ganWeight = nullptr;  // the quality GAN term's weight
  QSpinBox* m_warmup = nullptr;
  QComboBox* m_device = nullptr;
  QPushButton *m_start = nullptr, *m_pause = nullptr, *m_cancel = nullptr, *m_use = nullptr, *m_useBest = nullptr;
  QLabel* m_progress = nullptr;
  QLabel* m_preview = nullptr;
  QPlainTextEdit* m_log = nullptr;
  QChartView *m_lossChart = nullptr, *m_validationChart = nullptr;
  std::map<QString, QLineSeries*> m_lossSeries;
  QLineSeries *m_psnr = nullptr, *m_ssim = nullptr;
  QValueAxis *m_lossX = nullptr, *m_lossY = nullptr, *m_valX = nullptr, *m_psnrY = nullptr, *m_ssimY = nullptr;
  double m_lossMin = 0, m_lossMax = 0;
};

}  // namespace drbn::ui
