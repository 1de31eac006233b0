// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trainingjob.h"

#include "ui/backgroundwork.h"
#include "ui/imageconvert.h"

#include <QElapsedTimer>

namespace drbn::ui {

TrainingJob::TrainingJob(TrainingParams params, QObject* parent) : QObject(parent), m_params(std::move(params)) {}

TrainingJob::~TrainingJob() {
  m_cancel = true;
  m_pause = false;
  if (m_thread) {
    m_thread->wait();
    delete m_thread;
  }
}

void TrainingJob::start() {
  if (m_thread) return;
  m_thread = QThread::create([this] { run(); });
  m_thread->setObjectName(QStringLiteral("training"));
  m_thread->start(QThread::LowPriority);  // the GUI and enhancement stay responsive
}

void TrainingJob::run() {
  try {
    auto options = m_params.resume ? train::Trainer::savedOptions(m_params.runDir) : m_params.options;
    data::TrainingFolders folders = m_params.folders;
    double fraction = m_params.validationFraction;
    if (m_params.resume) folders = data::recordedFolders(options.data, fraction);
    data::LoadOptions load;
    load.stage = options.stage;
    load.crop = options.crop;
    load.seed = options.seed;
    load.validationFraction = fraction;
    data::DataReport report;
    auto set = data::loadTrainingSet(folders, load, report);
    QStringList problems;
    for (const auto& e : report.errors) problems << dataProblemInWords(e);
    for (const auto& w : report.warnings) problems << tr("warning: %1").arg(dataProblemInWords(w));
    Q_EMIT dataChecked(tr("Data: training pairs %L1, validation pairs %L2, unpaired photos %L3, high-quality photos %L4")
                           .arg(report.pairs).arg(report.validationPairs).arg(report.unpaired).arg(report.quality),
                       problems, report.ok());
    if (!report.ok()) {
      Q_EMIT failed(tr("The data has problems; training did not start."));
      return;
    }
    if (m_cancel) {
      Q_EMIT finished(0, true, {}, {}, {}, 0, 0);
      return;
    }
    options.data = data::recordFolders(folders, fraction);
    std::unique_ptr<train::Trainer> trainer;
    if (m_params.resume) {
      trainer = train::Trainer::resume(m_params.runDir, std::move(set));
      if (m_params.extendTo > trainer->step()) trainer->setTotalSteps(m_params.extendTo);
    } else {
      trainer = std::make_unique<train::Trainer>(options, std::move(set), m_params.runDir);
    }
    Q_EMIT started(deviceInWords(trainer->device()), QString::fromStdString(trainer->options().precision),
                   trainer->step(), trainer->options().steps);

    QElapsedTimer sinceReport;
    sinceReport.start();
    train::TrainCallbacks callbacks;
    callbacks.step = [&](const train::StepReport& r) {
      if (sinceReport.elapsed() < 250 && r.step != r.steps) return;  // at most 4 chart updates a second
      sinceReport.restart();
      QVariantMap losses;
      for (const auto& [name, value] : r.losses) losses.insert(QString::fromStdString(name), value);
      Q_EMIT stepDone(r.step, r.steps, losses, r.stepsPerSecond, r.secondsLeft);
    };
    callbacks.validating = [&](int step, int pairs) { Q_EMIT validating(step, pairs); };
    callbacks.validated = [&](const train::ValidationReport& v) {
      const QVariantMap looks{{QStringLiteral("noise"), v.looks.noise},
                              {QStringLiteral("chroma_noise"), v.looks.chromaNoise},
                              {QStringLiteral("cast"), v.looks.cast},
                              {QStringLiteral("black_level"), v.looks.blackLevel},
                              {QStringLiteral("halo"), v.looks.halo}};
      Q_EMIT validated(v.step, v.psnr, v.ssim, looks, v.preview.empty() ? QImage() : toQImage(v.preview));
    };
    callbacks.note = [&](const train::TrainingNote& n) {
      switch (n.kind) {
        case train::TrainingNote::Kind::CheckpointWritten:
          Q_EMIT note(tr("Checkpoint at step %L1 written to %2").arg(n.step).arg(QString::fromStdString(n.path)));
          break;
        case train::TrainingNote::Kind::BatchSkipped:
          Q_EMIT note(tr("Step %L1: the loss was not a finite number; batch skipped").arg(n.step));
          break;
        case train::TrainingNote::Kind::Processes:  // data-parallel runs: the command line's alone
          Q_EMIT note(QString::fromStdString(n.text));
          break;
      }
    };
    const auto result = trainer->run(callbacks, &m_cancel, &m_pause);
    Q_EMIT finished(result.step, result.cancelled, QString::fromStdString(result.modelPath),
                    QString::fromStdString(result.bandNetworkPath), QString::fromStdString(result.bestModelPath),
                    result.best.step, result.best.psnr);
  } catch (const std::exception& e) {  // data, weights, TrainingError: the message names the cause
    Q_EMIT failed(errorInWords(e));
  }
}

}  // namespace drbn::ui
