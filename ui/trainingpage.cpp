// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trainingpage.h"

#include "core/data/trainingfolders.h"
#include "core/infer/enhancer.h"
#include "core/io/atomicfile.h"
#include "core/models/defaultmodel.h"
#include "ui/backgroundwork.h"
#include "ui/trainingjob.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QGridLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QThread>
#include <QTime>
#include <QToolButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace drbn::ui {
namespace {

QString duration(double seconds) {
  const qint64 s = qint64(seconds + 0.5);
  if (s >= 3600) return QCoreApplication::translate("TrainingPage", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
  if (s >= 60) return QCoreApplication::translate("TrainingPage", "%1 min %2 s").arg(s / 60).arg(s % 60);
  return QCoreApplication::translate("TrainingPage", "%1 s").arg(s);
}

QValueAxis* axis(const QString& title) {
  auto* a = new QValueAxis;
  a->setTitleText(title);
  a->setLabelFormat(QStringLiteral("%.6g"));  // localized labels need a precision: "%g" showed none
  return a;
}

}  // namespace

TrainingPage::TrainingPage(QWidget* parent) : QWidget(parent) {
  createWidgets();
  updateEnabled();
}

TrainingPage::~TrainingPage() = default;  // the job (a child) cancels and waits for its checkpoint

QLineEdit* TrainingPage::folderField(const QString& settingsKey) {
  auto* edit = new QLineEdit(this);
  edit->setClearButtonEnabled(true);
  edit->setText(QSettings().value(QStringLiteral("training/") + settingsKey).toString());
  connect(edit, &QLineEdit::editingFinished, this,
          [edit, settingsKey] { QSettings().setValue(QStringLiteral("training/") + settingsKey, edit->text()); });
  return edit;
}

void TrainingPage::createWidgets() {
  auto* form = new QFormLayout;
  m_stage = new QComboBox(this);
  m_stage->addItem(tr("1 — band network, on pairs"), 1);
  m_stage->addItem(tr("2 — recomposition, pairs + unpaired + high-quality"), 2);
  form->addRow(tr("&Stage:"), m_stage);

  // A label whose mnemonic focuses `field` (QFormLayout sets buddies only for plain widgets).
  const auto label = [this](const QString& text, QWidget* field) {
    auto* l = new QLabel(text, this);
    l->setBuddy(field);
    return l;
  };
  const auto withBrowse = [this](QLineEdit* edit, bool file, const QString& title) {
    auto* row = new QHBoxLayout;
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(title);
    connect(browse, &QToolButton::clicked, this, [this, edit, file, title] {
      const QString chosen = file ? QFileDialog::getOpenFileName(this, title, edit->text())
                                  : QFileDialog::getExistingDirectory(this, title, edit->text());
      if (!chosen.isEmpty()) {
        edit->setText(chosen);
        Q_EMIT edit->editingFinished();
      }
    });
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return row;
  };
  m_root = folderField(QStringLiteral("root"));
  m_root->setPlaceholderText(tr("LOL v1, LOL v2, the authors' layout, or low/ + high/"));
  m_root->setToolTip(tr("A dataset's folder, read as it is laid out: LOL v1, LOL v2, the authors' layout, or one "
                        "holding low/ and high/ subfolders of pairs with the same names"));  // the placeholder, whole
  connect(m_root, &QLineEdit::editingFinished, this, [this] {
    if (!m_root->text().isEmpty()) setDatasetRoot(m_root->text());
  });
  form->addRow(label(tr("Dataset &root:"), m_root), withBrowse(m_root, false, tr("Dataset Root")));
  m_layout = new QLabel(this);
  form->addRow(QString(), m_layout);
  m_low = folderField(QStringLiteral("low"));
  m_normal = folderField(QStringLiteral("normal"));
  m_valLow = folderField(QStringLiteral("valLow"));
  m_valNormal = folderField(QStringLiteral("valNormal"));
  m_unpaired = folderField(QStringLiteral("unpaired"));
  m_quality = folderField(QStringLiteral("quality"));
  m_valLow->setPlaceholderText(tr("optional: pairs are held out"));
  m_valNormal->setPlaceholderText(tr("optional"));
  m_unpaired->setPlaceholderText(tr("stage 2: real low-light photos"));
  m_quality->setPlaceholderText(tr("stage 2: high-quality photos (e.g. from the Dataset page)"));
  form->addRow(label(tr("Paired &low:"), m_low), withBrowse(m_low, false, tr("Paired Low-Light Images")));
  form->addRow(label(tr("Paired &normal:"), m_normal), withBrowse(m_normal, false, tr("Paired Normal-Light Images")));
  form->addRow(label(tr("Validation low:"), m_valLow), withBrowse(m_valLow, false, tr("Validation Low-Light Images")));
  form->addRow(label(tr("Validation normal:"), m_valNormal), withBrowse(m_valNormal, false, tr("Validation Normal-Light Images")));
  form->addRow(label(tr("&Unpaired:"), m_unpaired), withBrowse(m_unpaired, false, tr("Unpaired Low-Light Photos")));
  form->addRow(label(tr("&High-quality:"), m_quality), withBrowse(m_quality, false, tr("High-Quality Photos")));

  m_fromActive = new QRadioButton(tr("the active model"), this);
  m_fromScratch = new QRadioButton(tr("scratch"), this);
  m_fromActive->setChecked(true);
  auto* from = new QHBoxLayout;
  from->addWidget(m_fromActive);
  from->addWidget(m_fromScratch);
  from->addStretch();
  form->addRow(label(tr("Start &from:"), m_fromActive), from);

  const auto spin = [this](int min, int max, int value, const QString& key) {
    auto* s = new QSpinBox(this);
    s->setRange(min, max);
    s->setValue(QSettings().value(QStringLiteral("training/") + key, value).toInt());
    connect(s, &QSpinBox::valueChanged, this, [key](int v) { QSettings().setValue(QStringLiteral("training/") + key, v); });
    return s;
  };
  // The same for decimal settings.
  const auto realSpin = [this](int decimals, double min, double max, double step, double value, const QString& key) {
    auto* s = new QDoubleSpinBox(this);
    s->setDecimals(decimals);
    s->setRange(min, max);
    s->setSingleStep(step);
    s->setValue(QSettings().value(QStringLiteral("training/") + key, value).toDouble());
    connect(s, &QDoubleSpinBox::valueChanged, this, [key](double v) { QSettings().setValue(QStringLiteral("training/") + key, v); });
    return s;
  };
  m_steps = spin(1, 100000000, 2000, QStringLiteral("steps"));
  m_batch = spin(1, 256, 4, QStringLiteral("batch"));
  m_crop = spin(16, 2048, 256, QStringLiteral("crop"));
  m_crop->setSingleStep(4);
  m_checkpoint = spin(1, 1000000, 200, QStringLiteral("checkpointEvery"));
  m_threads = spin(0, 256, 0, QStringLiteral("threads"));
  m_threads->setSpecialValueText(tr("all cores"));
  m_lr = new QDoubleSpinBox(this);
  m_lr->setDecimals(6);
  m_lr->setRange(1e-7, 1);
  m_lr->setSingleStep(1e-5);
  m_lr->setValue(1e-4);  // the authors'
  m_bandLr = realSpin(6, 0, 1, 1e-5, 0, QStringLiteral("bandLearningRate"));
  m_bandLr->setSpecialValueText(tr("frozen"));
  m_bandLr->setToolTip(tr("Stage 2: also tune the band network at this rate, so that it can learn to remove the noise "
                          "its bands carry (the recomposer only re-weights them); frozen as the authors' by default"));
  m_discLr = realSpin(6, 0, 1, 1e-6, 1e-6, QStringLiteral("discriminatorLearningRate"));
  m_discLr->setToolTip(tr("Stage 2: how fast the quality discriminator learns. At the authors' 1e-6 it hardly leaves its "
                          "random start in a short run, and a tuned band network follows its noise into halos; 1e-4 lets "
                          "it judge"));
  m_ganWeight = realSpin(2, 0, 1000, 0.5, 2, QStringLiteral("adversarialWeight"));
  m_ganWeight->setToolTip(tr("Stage 2: weight of the quality discriminator's verdict in the loss (the authors' 2; 0 "
                             "leaves it out). Higher pulls the results towards the high-quality photos: brighter, "
                             "and noisier"));
  m_looks = new QLineEdit(
      QSettings().value(QStringLiteral("training/looksWeights"), QString::fromStdString(train::formatLooksWeights({}))).toString(),
      this);
  m_looks->setToolTip(tr("Stage 2: weights of the no-reference terms on the unpaired photos' results, as drbn eval "
                         "measures them: noise, colour noise, black level, colour drift from the input, dimming below "
                         "the input, halo; then how much of the input's colour cast the drift term lets go, 0 to 1 "
                         "(e.g. 60,45,8,10,20,30,0.5)"));
  connect(m_looks, &QLineEdit::textEdited, this,
          [](const QString& text) { QSettings().setValue(QStringLiteral("training/looksWeights"), text); });
  m_warmup = spin(0, 1000000, 0, QStringLiteral("warmup"));
  m_warmup->setToolTip(tr("Raise the learning rate gradually over the first steps: a fine-tune otherwise loses "
                          "quality before it gains"));
  m_average = realSpin(4, 0, 0.9999, 0.001, 0, QStringLiteral("average"));
  m_average->setSpecialValueText(tr("off"));
  m_average->setToolTip(tr("Validate and export a moving average of the weights (e.g. 0.999): steadier than the "
                           "weights of any single step"));
  m_validation = new QDoubleSpinBox(this);
  m_validation->setRange(0, 0.9);
  m_validation->setSingleStep(0.01);
  m_validation->setValue(0.05);
  m_device = new QComboBox(this);
  for (const auto& d : infer::availableDevices()) m_device->addItem(QString::fromStdString(d));
  m_device->setCurrentText(QSettings().value(QStringLiteral("engine/device"), QStringLiteral("cpu")).toString());
  // The stage-2 fields are greyed in stage 1, now and whenever the stage changes.
  const auto applyStage = [this] {
    const bool stage2 = m_stage->currentData().toInt() == 2;
    if (stage2) m_fromActive->setChecked(true);  // stage 2 recomposes the active band network
    m_fromScratch->setEnabled(!stage2);
    for (QWidget* field : std::initializer_list<QWidget*>{m_bandLr, m_discLr, m_ganWeight, m_looks})
      field->setEnabled(stage2);
  };
  applyStage();
  connect(m_stage, &QComboBox::currentIndexChanged, this, applyStage);
  form->addRow(tr("S&teps:"), m_steps);
  form->addRow(tr("&Batch:"), m_batch);
  form->addRow(tr("&Crop:"), m_crop);
  form->addRow(tr("Learning &rate:"), m_lr);
  form->addRow(tr("Band network rate:"), m_bandLr);
  form->addRow(tr("Discriminator rate:"), m_discLr);
  form->addRow(tr("&Quality GAN weight:"), m_ganWeight);
  form->addRow(tr("Loo&ks weights:"), m_looks);
  form->addRow(tr("&Warm-up steps:"), m_warmup);
  form->addRow(tr("Weight &average:"), m_average);
  form->addRow(tr("&Validation split:"), m_validation);
  form->addRow(tr("Checkpoint every:"), m_checkpoint);
  form->addRow(tr("&Device:"), m_device);
  form->addRow(tr("CPU threads:"), m_threads);
  m_vgg = folderField(QStringLiteral("vgg16"));
  m_vgg->setPlaceholderText(tr("vgg16-397923af.pth; without it stage 2 uses SSIM only"));
  form->addRow(label(tr("VGG-16 weights:"), m_vgg), withBrowse(m_vgg, true, tr("torchvision's VGG-16 Weights")));
  m_runDir = folderField(QStringLiteral("runDir"));
  m_runDir->setPlaceholderText(tr("a new folder, or a run to resume"));
  // First: where the run goes decides whether Start begins a run or resumes one (it was last,
  // below the fold of a 900-pixel window).
  form->insertRow(0, label(tr("Run &folder:"), m_runDir), withBrowse(m_runDir, false, tr("Run Folder")));

  m_start = new QPushButton(tr("Start"), this);
  m_pause = new QPushButton(tr("Pause"), this);
  m_cancel = new QPushButton(tr("Stop"), this);
  m_use = new QPushButton(tr("Use This Model"), this);
  m_useBest = new QPushButton(tr("Use Best Validated"), this);
  m_start->setToolTip(tr("Check the data and train (resumes when the run folder holds a checkpoint)"));
  m_cancel->setToolTip(tr("Stop after the current step; a checkpoint is written so the run can resume"));
  m_use->setToolTip(tr("Make the trained model the active one"));
  m_useBest->setToolTip(tr("Make the band network that validated best (highest PSNR) during the run the active one"));
  connect(m_start, &QPushButton::clicked, this, &TrainingPage::start);
  connect(m_pause, &QPushButton::clicked, this, &TrainingPage::togglePause);
  connect(m_cancel, &QPushButton::clicked, this, &TrainingPage::cancel);
  connect(m_use, &QPushButton::clicked, this, [this] {
    // Stage 1 makes a band network; stage 2 a recomposer that goes with its band network.
    if (m_bandPath.isEmpty())
      Q_EMIT useModel(m_modelPath, QString());
    else
      Q_EMIT useModel(m_bandPath, m_modelPath);
  });
  connect(m_useBest, &QPushButton::clicked, this, [this] { Q_EMIT useModel(m_bestPath, QString()); });
  auto* buttons = new QGridLayout;  // two by two: German labels do not fit four abreast
  int cell = 0;
  for (QPushButton* b : {m_start, m_pause, m_cancel, m_use, m_useBest}) {
    buttons->addWidget(b, cell / 2, cell % 2);
    ++cell;
  }

  auto* settingsWidget = new QWidget(this);
  auto* settingsLayout = new QVBoxLayout(settingsWidget);
  settingsLayout->addLayout(form);
  settingsLayout->addStretch();
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(settingsWidget);
  scroll->setWidgetResizable(true);
  // As wide as the form needs in any language (German's labels are long); it scrolls only down.
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(std::max(420, settingsWidget->minimumSizeHint().width() +
                                            scroll->verticalScrollBar()->sizeHint().width() + 2 * scroll->frameWidth()));
  // The buttons stay in view under the settings, which scroll on a short screen.
  auto* settingsColumn = new QWidget(this);
  auto* columnLayout = new QVBoxLayout(settingsColumn);
  columnLayout->setContentsMargins(0, 0, 0, 0);
  columnLayout->addWidget(scroll, 1);
  columnLayout->addLayout(buttons);

  m_progress = new QLabel(tr("Not training."), this);
  m_progress->setWordWrap(true);
  auto* lossChart = new QChart;
  lossChart->setLocalizeNumbers(true);  // axis labels with the decimal mark of the form beside them
  lossChart->setTitle(tr("Training: the loss falls, SSIM rises"));
  m_lossChart = new QChartView(lossChart, this);
  m_lossChart->setRenderHint(QPainter::Antialiasing);
  auto* valChart = new QChart;
  valChart->setLocalizeNumbers(true);
  valChart->setTitle(tr("Validation"));
  m_validationChart = new QChartView(valChart, this);
  m_validationChart->setRenderHint(QPainter::Antialiasing);
  m_preview = new QLabel(tr("The current model's result on a validation photo appears here."), this);
  m_preview->setAlignment(Qt::AlignCenter);
  m_preview->setWordWrap(true);
  m_preview->setMinimumSize(256, 192);
  m_log = new QPlainTextEdit(this);
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(2000);
  m_lossChart->setMinimumHeight(240);
  m_validationChart->setMinimumSize(360, 240);
  auto* lower = new QSplitter(Qt::Horizontal, this);
  lower->addWidget(m_validationChart);
  lower->addWidget(m_preview);
  lower->setStretchFactor(0, 3);
  lower->setStretchFactor(1, 2);
  auto* right = new QSplitter(Qt::Vertical, this);
  right->addWidget(m_lossChart);
  right->addWidget(lower);
  right->addWidget(m_log);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 3);
  right->setStretchFactor(2, 1);
  auto* rightWidget = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(rightWidget);
  rightLayout->addWidget(m_progress);
  rightLayout->addWidget(right, 1);

  auto* splitter = new QSplitter(this);
  splitter->addWidget(settingsColumn);
  splitter->addWidget(rightWidget);
  splitter->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
  resetCharts();
}

void TrainingPage::resetCharts() {
  QChart* loss = m_lossChart->chart();
  loss->removeAllSeries();
  for (QAbstractAxis* a : loss->axes()) loss->removeAxis(a);
  m_lossSeries.clear();
  m_lossX = axis(tr("step"));
  m_lossY = axis(tr("value"));
  loss->addAxis(m_lossX, Qt::AlignBottom);
  loss->addAxis(m_lossY, Qt::AlignLeft);
  m_lossMin = 0, m_lossMax = 0;

  QChart* val = m_validationChart->chart();
  val->removeAllSeries();
  for (QAbstractAxis* a : val->axes()) val->removeAxis(a);
  m_valX = axis(tr("step"));
  m_psnrY = axis(tr("PSNR (dB)"));
  m_ssimY = axis(tr("SSIM"));
  val->addAxis(m_valX, Qt::AlignBottom);
  val->addAxis(m_psnrY, Qt::AlignLeft);
  val->addAxis(m_ssimY, Qt::AlignRight);
  m_psnr = new QLineSeries;
  m_psnr->setName(tr("PSNR"));
  m_psnr->setPointsVisible(true);
  m_ssim = new QLineSeries;
  m_ssim->setName(tr("SSIM"));
  m_ssim->setPointsVisible(true);
  val->addSeries(m_psnr);
  val->addSeries(m_ssim);
  m_psnr->attachAxis(m_valX);
  m_psnr->attachAxis(m_psnrY);
  m_ssim->attachAxis(m_valX);
  m_ssim->attachAxis(m_ssimY);
}

void TrainingPage::setActiveModel(const QString& bandNetworkPath, const QString& recomposerPath) {
  m_activeBands = bandNetworkPath;
  m_activeRecomposer = recomposerPath;
}

void TrainingPage::setDatasetRoot(const QString& root) {
  m_root->setText(root);
  const auto f = data::detectLayout(root.toStdString());
  if (f.layout.empty()) {
    m_layout->setText(tr("No known layout found; name the folders below."));
    return;
  }
  m_layout->setText(tr("Recognised: %1").arg(QString::fromStdString(f.layout)));
  const std::pair<QLineEdit*, std::string> fields[] = {{m_low, f.pairedLow},         {m_normal, f.pairedNormal},
                                                       {m_valLow, f.validationLow}, {m_valNormal, f.validationNormal},
                                                       {m_unpaired, f.unpaired},    {m_quality, f.quality}};
  for (const auto& [edit, path] : fields) {
    if (path.empty() && edit == m_quality) continue;  // keep a set handed over from the Dataset page
    edit->setText(QString::fromStdString(path));
    Q_EMIT edit->editingFinished();
  }
}

void TrainingPage::setQualityFolder(const QString& folder) {
  m_quality->setText(folder);
  Q_EMIT m_quality->editingFinished();
}

void TrainingPage::setPairedFolders(const QString& low, const QString& normal) {
  for (const auto& [edit, path] : {std::pair{m_low, low}, std::pair{m_normal, normal}}) {
    edit->setText(path);
    Q_EMIT edit->editingFinished();  // remembered like a typed path
  }
}

void TrainingPage::setRunFolder(const QString& folder) { m_runDir->setText(folder); }
void TrainingPage::setStage(int stage) { m_stage->setCurrentIndex(m_stage->findData(stage)); }
void TrainingPage::setSteps(int steps, int checkpointEvery) {
  m_steps->setValue(steps);
  m_checkpoint->setValue(checkpointEvery);
}
void TrainingPage::setCrop(int crop, int batch) {
  m_crop->setValue(crop);
  m_batch->setValue(batch);
}

bool TrainingPage::isTraining() const { return m_job && m_job->isRunning(); }

void TrainingPage::updateEnabled() {
  const bool running = m_job != nullptr;
  m_start->setEnabled(!running);
  m_pause->setEnabled(running);
  m_cancel->setEnabled(running);
  m_use->setEnabled(!running && !m_modelPath.isEmpty());
  m_useBest->setEnabled(!running && !m_bestPath.isEmpty());
  m_pause->setText(m_job && m_job->isPaused() ? tr("Resume") : tr("Pause"));
}

void TrainingPage::log(const QString& text) {
  m_log->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + text);
}

bool TrainingPage::confirmResume(const QString& runDir) {
  data::TrainingFolders recorded;
  try {
    double fraction = 0;
    recorded = data::recordedFolders(train::Trainer::savedOptions(runDir.toStdString()).data, fraction);
  } catch (const std::exception&) {
    return true;  // the job says what is wrong with the checkpoint
  }
  const std::pair<const std::string*, QLineEdit*> fields[] = {
      {&recorded.pairedLow, m_low},     {&recorded.pairedNormal, m_normal}, {&recorded.validationLow, m_valLow},
      {&recorded.validationNormal, m_valNormal}, {&recorded.unpaired, m_unpaired}, {&recorded.quality, m_quality}};
  const auto same = [](const std::string& a, const QString& b) {
    return a.empty() ? b.trimmed().isEmpty()
                     : !b.trimmed().isEmpty() && QFileInfo(QString::fromStdString(a)).absoluteFilePath() ==
                                                     QFileInfo(b.trimmed()).absoluteFilePath();
  };
  QStringList itsFolders;
  bool differs = false, formEmpty = true;
  for (const auto& [folder, field] : fields) {
    differs |= !same(*folder, field->text());
    formEmpty &= field->text().trimmed().isEmpty();
    if (!folder->empty()) itsFolders << QDir::toNativeSeparators(QString::fromStdString(*folder));
  }
  if (differs && !formEmpty) {
    QMessageBox ask(QMessageBox::Question, tr("Training"),
                    tr("%1 holds a run, which resumes on its own data, not on the folders of this form:")
                        .arg(QDir::toNativeSeparators(runDir)),
                    QMessageBox::Cancel, this);
    ask.setInformativeText(itsFolders.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
                           tr("To train on the folders of the form, choose a new run folder."));
    const auto* resume = ask.addButton(tr("&Resume the Run"), QMessageBox::AcceptRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != resume) return false;
  }
  for (const auto& [folder, field] : fields) field->setText(QString::fromStdString(*folder));  // what it trains on
  return true;
}

void TrainingPage::removeStartFiles() {
  const QString runDir = QFileInfo(m_startBands).absolutePath();
  if (m_startBands.isEmpty() || train::Trainer::hasCheckpoint(runDir.toStdString())) return;
  QFile::remove(m_startBands);
  if (m_madeRunDir) QDir().rmdir(runDir);  // only if nothing else is in it
  m_startBands.clear();
}

void TrainingPage::start() {
  if (m_job) return;
  const QString runDir = m_runDir->text().trimmed();
  if (runDir.isEmpty()) {
    QMessageBox::information(this, tr("Training"), tr("Choose a run folder: checkpoints, logs and the model go there."));
    return;
  }
  TrainingParams params;
  params.runDir = runDir.toStdString();
  params.resume = train::Trainer::hasCheckpoint(params.runDir);
  m_startBands.clear();
  m_madeRunDir = false;
  m_dataProblems.clear();
  if (params.resume) {
    if (!confirmResume(runDir)) return;
    params.extendTo = m_steps->value();
    log(tr("Resuming the run in %1 from its last checkpoint (its own settings and data).").arg(runDir));
  } else {
    auto& o = params.options;
    o.stage = m_stage->currentData().toInt();
    if (o.stage == 2) {
      try {
        o.looksWeights = train::parseLooksWeights(m_looks->text().trimmed().toStdString());
      } catch (const train::TrainingError& e) {
        QMessageBox::warning(this, tr("Training"), QString::fromStdString(e.what()));
        return;
      }
    }
    o.steps = m_steps->value();
    o.batch = m_batch->value();
    o.crop = m_crop->value() / 4 * 4;
    o.learningRate = m_lr->value();
    o.bandLearningRate = o.stage == 2 ? m_bandLr->value() : 0;
    o.discriminatorLearningRate = m_discLr->value();
    o.adversarialWeight = m_ganWeight->value();
    o.warmupSteps = m_warmup->value();
    o.averageDecay = m_average->value();
    o.checkpointEvery = m_checkpoint->value();
    o.device = m_device->currentText().toStdString();
    o.threads = m_threads->value();
    o.precision = train::fastestPrecision(o.device);  // bfloat16 where the CPU computes it natively
    o.vgg16 = m_vgg->text().trimmed().toStdString();
    o.name = QFileInfo(runDir).fileName().toStdString();
    if (m_fromActive->isChecked()) {
      QString bands = m_activeBands;
      if (bands.isEmpty() || !QFileInfo(bands).isFile()) {
        // The built-in model lives inside the program: give the trainer a file of it.
        bands = QDir(runDir).filePath(QStringLiteral("start-bands.safetensors"));
        try {
          m_madeRunDir = !QFileInfo::exists(runDir);
          QDir().mkpath(runDir);
          m_startBands = bands;
          const auto bytes = models::defaultBandNetwork();
          io::writeFileAtomically(bands.toStdString(), bytes.data(), bytes.size());
        } catch (const std::exception& e) {
          QMessageBox::warning(this, tr("Training"), QString::fromStdString(e.what()));
          return;
        }
      }
      o.bandNetwork = bands.toStdString();
      if (o.stage == 2 && !m_activeRecomposer.isEmpty() && QFileInfo(m_activeRecomposer).isFile())
        o.recomposer = m_activeRecomposer.toStdString();
    }
    if (o.stage == 2 && o.vgg16.empty()) log(tr("No VGG-16 weights: stage 2 trains without the perceptual loss (SSIM and adversarial only)."));
    params.folders = {m_low->text().toStdString(),      m_normal->text().toStdString(), m_valLow->text().toStdString(),
                      m_valNormal->text().toStdString(), m_unpaired->text().toStdString(), m_quality->text().toStdString(), {}};
    params.validationFraction = m_validation->value();
  }
  resetCharts();
  m_preview->setPixmap(QPixmap());  // not the previous run's
  m_preview->setText(tr("The current model's result on a validation photo appears here."));
  m_modelPath.clear();
  m_bestPath.clear();
  m_bandPath.clear();
  m_lastStep = 0;
  m_validating = false;
  m_job = new TrainingJob(std::move(params), this);
  connect(m_job, &TrainingJob::dataChecked, this, [this](const QString& summary, const QStringList& problems, bool ok) {
    log(summary);
    for (const QString& p : problems) log(QStringLiteral("  ") + p);
    m_dataProblems = ok ? QStringList() : problems;
    if (!ok) m_progress->setText(tr("The data has problems (see the log); nothing was trained."));
  });
  connect(m_job, &TrainingJob::started, this, [this](const QString& device, const QString& precision, int step, int steps) {
    const QString in = precision == QLatin1String(train::kPrecisionBf16) ? tr("bfloat16 (mixed precision)") : tr("float32");
    log(tr("Training on %1 in %2 from step %L3 of %L4.").arg(device, in).arg(step).arg(steps));
    m_progress->setText(tr("Starting on %1…").arg(device));
  });
  connect(m_job, &TrainingJob::stepDone, this,
          [this](int step, int steps, const QVariantMap& losses, double stepsPerSecond, double secondsLeft) {
            addLosses(step, losses);
            m_lastStep = step;
            if (m_job && m_job->isPaused()) return;  // the step that was running when Pause was pressed
            m_progress->setText(tr("Step %L1 of %L2 — %3 steps/s — %4 left — loss %5")
                                    .arg(step).arg(steps).arg(QLocale().toString(stepsPerSecond, 'f', 2)).arg(duration(secondsLeft))
                                    .arg(QLocale().toString(losses.value(QStringLiteral("total")).toDouble(), 'f', 4)));
          });
  connect(m_job, &TrainingJob::validating, this, [this](int step, int pairs) {
    m_validating = true;
    if (m_job && m_job->isPaused()) return;
    m_progress->setText(tr("Step %L1: scoring the validation pairs (%L2)…").arg(step).arg(pairs));
  });
  connect(m_job, &TrainingJob::validated, this,
          [this](int step, double psnr, double ssim, const QVariantMap& looks, const QImage& preview) {
    m_validating = false;
    addValidation(step, psnr, ssim);
    auto look = [&looks](const char* key) { return looks.value(QLatin1String(key)).toDouble(); };
    log(tr("Validation at step %L1: PSNR %2 dB, SSIM %3; noise %4, chroma noise %5, colour cast %6, black level %7, halo %8")
            .arg(step).arg(QLocale().toString(psnr, 'f', 2)).arg(QLocale().toString(ssim, 'f', 4)).arg(QLocale().toString(look("noise"), 'f', 2))
            .arg(QLocale().toString(look("chroma_noise"), 'f', 2)).arg(QLocale().toString(look("cast"), 'f', 2)).arg(QLocale().toString(look("black_level"), 'f', 1))
            .arg(QLocale().toString(look("halo"), 'f', 2)));
    if (!preview.isNull())
      m_preview->setPixmap(QPixmap::fromImage(preview).scaled(m_preview->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
  });
  connect(m_job, &TrainingJob::note, this, &TrainingPage::log);
  connect(m_job, &TrainingJob::finished, this,
          [this](int step, bool cancelled, const QString& model, const QString& bands, const QString& best, int bestStep,
                 double bestPsnr) {
    m_modelPath = model;
    m_bandPath = bands == model ? QString() : bands;
    m_bestPath = best;
    const QString text = cancelled ? tr("Stopped at step %L1; Start resumes it.").arg(step)
                                   : tr("Finished %L1 steps. Model: %2").arg(step).arg(model);
    log(text);
    if (!best.isEmpty())
      log(tr("Best validation: step %L1, PSNR %2 dB: %3").arg(bestStep).arg(QLocale().toString(bestPsnr, 'f', 2)).arg(best));
    m_progress->setText(text);
    Q_EMIT statusMessage(text);
    m_job->deleteLater();
    m_job = nullptr;
    updateEnabled();
    Q_EMIT trainingFinished(!cancelled);
  });
  connect(m_job, &TrainingJob::failed, this, [this](const QString& message) {
    log(tr("Failed: %1").arg(message));
    // The first problem in the headline: the log box is small.
    m_progress->setText(m_dataProblems.isEmpty() ? tr("Training failed: %1").arg(message)
                        : m_dataProblems.size() == 1
                            ? tr("Training did not start: %1").arg(m_dataProblems.first())
                            : tr("Training did not start: %1 (more problems in the log: %L2)")
                                  .arg(m_dataProblems.first()).arg(m_dataProblems.size() - 1));
    removeStartFiles();
    Q_EMIT statusMessage(tr("Training failed"));
    m_job->deleteLater();
    m_job = nullptr;
    updateEnabled();
    Q_EMIT trainingFinished(false);
  });
  log(tr("Checking the data…"));
  m_progress->setText(tr("Checking the data…"));
  m_job->start();
  updateEnabled();
}

void TrainingPage::togglePause() {
  if (!m_job) return;
  m_job->setPaused(!m_job->isPaused());
  if (!m_job->isPaused()) log(tr("Resumed."));
  else if (m_validating) log(tr("Paused within the validation pass."));
  else log(tr("Paused (after the current step)."));
  if (m_job->isPaused()) m_progress->setText(tr("Paused at step %L1 — Resume goes on.").arg(m_lastStep));
  updateEnabled();
}

void TrainingPage::cancel() {
  if (!m_job) return;
  m_job->setPaused(false);
  m_job->requestCancel();
  log(tr("Stopping after the current step; writing a checkpoint…"));
}

void TrainingPage::addLosses(int step, const QVariantMap& losses) {
  QChart* chart = m_lossChart->chart();
  for (auto it = losses.begin(); it != losses.end(); ++it) {
    const double v = it.value().toDouble();
    if (!std::isfinite(v)) continue;
    auto& series = m_lossSeries[it.key()];
    if (!series) {
      series = new QLineSeries;
      // The trainer's log names (log.csv), in words: "ssim" is the score itself, not a loss.
      const std::map<QString, QString> names{
          {QStringLiteral("total"), tr("total loss")},   {QStringLiteral("ssim"), tr("SSIM")},
          {QStringLiteral("l1"), tr("Charbonnier")},      {QStringLiteral("perceptual"), tr("perceptual")},
          {QStringLiteral("adversarial"), tr("adversarial")}, {QStringLiteral("discriminator"), tr("discriminator")},
          {QStringLiteral("looks"), tr("looks")}};
      const auto name = names.find(it.key());
      series->setName(name == names.end() ? it.key() : name->second);
      chart->addSeries(series);
      series->attachAxis(m_lossX);
      series->attachAxis(m_lossY);
    }
    series->append(step, v);
    if (m_lossMin == m_lossMax && m_lossMin == 0) m_lossMin = m_lossMax = v;
    m_lossMin = std::min(m_lossMin, v);
    m_lossMax = std::max(m_lossMax, v);
  }
  m_lossX->setRange(0, std::max(step, 1));
  const double pad = std::max(1e-3, (m_lossMax - m_lossMin) * 0.05);
  m_lossY->setRange(m_lossMin - pad, m_lossMax + pad);
  for (QValueAxis* a : {m_lossX, m_lossY}) a->applyNiceNumbers();  // ticks at 0.2, 500, not 1.18474 or 8.75
}

void TrainingPage::addValidation(int step, double psnr, double ssim) {
  m_psnr->append(step, psnr);
  m_ssim->append(step, ssim);
  double lo = 1e9, hi = -1e9, slo = 1e9, shi = -1e9;
  for (const QPointF& p : m_psnr->points()) lo = std::min(lo, p.y()), hi = std::max(hi, p.y());
  for (const QPointF& p : m_ssim->points()) slo = std::min(slo, p.y()), shi = std::max(shi, p.y());
  m_valX->setRange(0, std::max(step, 1));
  m_psnrY->setRange(std::floor(lo - 0.5), std::ceil(hi + 0.5));
  m_ssimY->setRange(std::max(0.0, slo - 0.02), std::min(1.0, shi + 0.02));
  for (QValueAxis* a : {m_valX, m_psnrY, m_ssimY}) a->applyNiceNumbers();
}

}  // namespace drbn::ui
