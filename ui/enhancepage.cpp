// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enhancepage.h"

#include "core/pipeline/enhancefile.h"
#include "ui/backgroundwork.h"
#include "ui/bandexplorer.h"
#include "ui/compareview.h"
#include "ui/enginecontroller.h"
#include "ui/exportdialog.h"
#include "ui/filmstrip.h"
#include "ui/imageconvert.h"
#include "ui/tuningpanel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QThreadPool>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace drbn::ui {
namespace {

/// One recomposition edit; consecutive moves of the same control merge into one step.
class AdjustCommand : public QUndoCommand {
 public:
  AdjustCommand(EnhancePage* page, infer::Adjustments before, infer::Adjustments after, int field)
      : m_page(page), m_before(before), m_after(after), m_field(field) {
    setText(QCoreApplication::translate("EnhancePage", "Adjust Recomposition"));
  }
  void undo() override { m_page->applyAdjustments(m_before); }
  void redo() override { m_page->applyAdjustments(m_after); }
  int id() const override { return 1; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const AdjustCommand*>(other);
    if (o->m_field != m_field || m_field == TuningPanel::Reset) return false;
    m_after = o->m_after;
    return true;
  }

 private:
  EnhancePage* m_page;
  infer::Adjustments m_before, m_after;
  int m_field;
};

}  // namespace

/// Carries an export's outcome to the page (see backgroundwork.h).
class ExportRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void done(const QString& path, const QString& error);
};

EnhancePage::EnhancePage(const EngineController& engines, ThumbnailCache* thumbnails, QWidget* parent)
    : QWidget(parent), m_engines(engines) {
  m_undo = new QUndoStack(this);
  m_view = new CompareView(this);
  connect(m_view, &CompareView::hovered, this, &EnhancePage::showPixel);
  m_filmStrip = new FilmStrip(thumbnails, this);
  connect(m_filmStrip, &FilmStrip::photoChosen, this, [this](const QString& path) {
    if (path != m_path) openPhoto(path);
  });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(m_view, 1);
  layout->addWidget(m_filmStrip);

  m_tuning = new TuningPanel(this);
  connect(m_tuning, &TuningPanel::edited, this, [this](const infer::Adjustments& values, int field) {
    m_undo->push(new AdjustCommand(this, m_adjustments, values, field));
  });
  m_explorer = new BandExplorer(this);
  connect(m_explorer, &BandExplorer::selectionChanged, this, [this](int) { showSelected(); });
  connect(m_explorer, &BandExplorer::referenceChanged, this, [this](int) { showSelected(); });
  connect(m_explorer, &BandExplorer::statusMessage, this, &EnhancePage::statusMessage);

  m_progress = new QProgressBar(this);
  m_progress->setMaximumWidth(200);
  m_progress->setVisible(false);
  m_cancel = new QToolButton(this);
  m_cancel->setText(tr("Cancel"));
  m_cancel->setToolTip(tr("Stop enhancing (Esc)"));
  m_cancel->setVisible(false);
  connect(m_cancel, &QToolButton::clicked, this, &EnhancePage::cancelEnhancing);
  m_pixelLabel = new QLabel(this);
}

EnhancePage::~EnhancePage() {
  cancelEnhancing();
  *m_closing = true;
}

bool EnhancePage::openPhoto(const QString& path) {
  image::Photo photo;
  try {
    photo = image::readPhoto(path.toStdString());
  } catch (const std::exception& e) {
    Q_EMIT errorOccurred(tr("Cannot open photo"), errorInWords(e));
    return false;
  }
  cancelEnhancing();
  m_path = path;
  m_filmStrip->showFolderOf(path);
  m_photo = std::move(photo);
  m_banded.reset();
  m_full.reset();
  m_undo->clear();
  m_adjustments = infer::Adjustments();
  m_tuning->setAdjustments(m_adjustments);
  m_originalShown = toQImage(m_photo.rgb);
  m_enhancedShown = QImage();
  m_view->setOriginal(m_originalShown);
  m_explorer->clear();
  Q_EMIT photoOpened(path);
  startEnhancing();
  return true;
}

void EnhancePage::openAdjacent(int step) {
  const QString next = m_filmStrip->adjacent(step);
  if (!next.isEmpty()) openPhoto(next);
}

void EnhancePage::startEnhancing() {
  if (m_path.isEmpty()) return;
  cancelEnhancing();
  EnhanceJob::Params params;
  params.enhancer = m_engines.engine();
  params.image = m_photo.rgb;
  params.stage = m_engines.stage();
  auto* job = new EnhanceJob(std::move(params), this);
  m_job = job;
  connect(job, &EnhanceJob::progress, this, [this, job](int done, int total) {
    if (job != m_job) return;
    // Which pass: the preview, then the full resolution (a finished preview is not "100%").
    m_progress->setFormat(m_banded ? tr("Full size %p%") : tr("Preview %p%"));
    m_progress->setMaximum(total);
    m_progress->setValue(done);
  });
  connect(job, &EnhanceJob::resultReady, this, [this, job](const OutcomePtr& outcome) {
    if (job == m_job) showOutcome(outcome);
  });
  connect(job, &EnhanceJob::failed, this, [this, job](const QString& message) {
    if (job != m_job) return;
    Q_EMIT statusMessage(message, 8000);
    if (message != tr("Cancelled", "EnhanceJob")) Q_EMIT errorOccurred(tr("Enhancement failed"), message);
    // Say so where the result would be, and how to run it again.
    if (!m_full)
      m_view->setEnhanced(m_enhancedShown, tr("%1 - Enhance Again: %2")
                                               .arg(message, enhanceAgainKey().toString(QKeySequence::NativeText)));
    Q_EMIT enhancementFailed(message);
  });
  connect(job, &EnhanceJob::finished, this, [this, job] {
    if (job == m_job) {
      m_job = nullptr;
      m_progress->setVisible(false);
      m_cancel->setVisible(false);
      if (m_full) Q_EMIT enhancementFinished();
    }
    job->deleteLater();
  });
  m_progress->setRange(0, 0);
  m_progress->setFormat(tr("Preview %p%"));
  m_progress->setVisible(true);
  m_cancel->setVisible(true);
  m_view->setEnhanced(m_enhancedShown, tr("Enhancing..."));
  Q_EMIT statusMessage(tr("Enhancing %1 on %2...").arg(QFileInfo(m_path).fileName(),
                                                       deviceInWords(m_engines.engine()->device())),
                       0);
  job->start();
}

void EnhancePage::cancelEnhancing() {
  if (m_job) m_job->requestCancel();
}

void EnhancePage::showOutcome(const OutcomePtr& outcome) {
  if (!outcome->preview) m_full = outcome;
  if (outcome->hasBands) {
    m_banded = outcome;
    m_bandedOriginal = outcome->preview
                           ? image::scaledToFit(m_photo.rgb, std::max(outcome->result.image.width, outcome->result.image.height))
                           : m_photo.rgb;
    const auto result = m_adjustments.isNeutral() ? outcome->result.image
                                                  : infer::recompose(outcome->result.bands, m_adjustments, &m_bandedOriginal);
    m_explorer->setBands(m_bandedOriginal, outcome->result.bands, result, m_path);
    m_tuning->setLearnedWeightsAvailable(!outcome->result.bands.w1.empty());
  }
  showSelected();
  Q_EMIT statusMessage(outcome->preview ? tr("Preview ready in %1 s; enhancing at full resolution...").arg(QLocale().toString(outcome->seconds, 'f', 1))
                                        : tr("Enhanced %1 x %2 in %3 s").arg(outcome->result.image.width)
                                              .arg(outcome->result.image.height).arg(QLocale().toString(outcome->seconds, 'f', 1)),
                       outcome->preview ? 0 : 8000);
}

void EnhancePage::showSelected() {
  if (!m_banded && !m_full) return;
  const int reference = m_explorer->reference();
  m_view->setReference(reference >= 0 ? m_explorer->render(reference) : QImage(),
                       reference >= 0 ? m_explorer->item(reference).name : QString());
  const int index = m_explorer->selected();
  if (m_explorer->itemCount() > 0 && index != m_explorer->resultIndex()) {
    m_enhancedShown = m_explorer->render(index);
    m_view->setEnhanced(m_enhancedShown, m_explorer->item(index).name);
    return;
  }
  // The model's own full-resolution result when nothing is tuned; otherwise the tuned bands
  // (full resolution when the full pass kept them, else the preview's).
  if (m_full && m_adjustments.isNeutral()) m_enhancedShown = toQImage(m_full->result.image);
  else if (m_explorer->itemCount() > 0) m_enhancedShown = m_explorer->render(m_explorer->resultIndex());
  m_view->setEnhanced(m_enhancedShown, m_engines.stage() == infer::Stage::Recomposed ? tr("Enhanced (stage 2)")
                                                                                    : tr("Enhanced (stage 1)"));
}

void EnhancePage::applyAdjustments(const infer::Adjustments& adjustments) {
  m_adjustments = adjustments;
  m_tuning->setAdjustments(adjustments);
  if (!m_banded) return;
  m_explorer->setResult(infer::recompose(m_banded->result.bands, adjustments, &m_bandedOriginal));
  showSelected();
}

void EnhancePage::resetAdjustments() {
  if (m_adjustments != infer::Adjustments())
    m_undo->push(new AdjustCommand(this, m_adjustments, infer::Adjustments(), TuningPanel::Reset));
}

void EnhancePage::exportResult() {
  if (m_path.isEmpty()) return;
  ExportDialog dialog(m_path, m_photo.bitDepth, m_originalShown, m_enhancedShown, this);
  if (dialog.exec() != QDialog::Accepted) return;
  exportTo(dialog.path(), dialog.quality(), dialog.bitDepth());
}

void EnhancePage::exportTo(const QString& path, int quality, int bitDepth) {
  if (m_path.isEmpty()) return;
  const QFileInfo target(path);
  pipeline::EnhanceFileOptions options;
  options.engine.stage = m_engines.stage();
  options.engine.adjustments = m_adjustments;
  options.format = target.suffix().toLower().toStdString();
  options.quality = quality;
  options.bitDepth = bitDepth;
  options.namePattern = target.completeBaseName().toStdString();
  Q_EMIT statusMessage(tr("Exporting %1...").arg(path), 0);
  auto relay = std::make_shared<ExportRelay>();
  connect(relay.get(), &ExportRelay::done, this, [this](const QString& written, const QString& error) {
    if (error.isEmpty()) Q_EMIT statusMessage(tr("Exported %1").arg(written), 8000);
    else Q_EMIT errorOccurred(tr("Export failed"), error);
    Q_EMIT exportFinished(written, error);
  }, Qt::QueuedConnection);
  // Runs the networks again at full size, tiled, with the current settings applied per tile.
  QThreadPool::globalInstance()->start([relay, enhancer = m_engines.engine(), input = m_path.toStdString(), path,
                                        dir = target.absolutePath().toStdString(), options, cancel = m_closing]() mutable {
    const QString error = fileFailure([&] { pipeline::enhanceFile(*enhancer, input, dir, options, {}, cancel.get()); });
    Q_EMIT relay->done(path, error);
    releaseOnGuiThread(std::move(relay));
  });
}

void EnhancePage::showPixel(QPoint pixel) {
  if (pixel.x() < 0 || m_originalShown.isNull()) {
    m_pixelLabel->clear();
    return;
  }
  auto rgb = [](const QImage& img, QPoint p, QSize full) {
    if (img.isNull()) return QStringLiteral("-");
    const QPoint q(p.x() * img.width() / full.width(), p.y() * img.height() / full.height());
    const QRgb c = img.pixel(q);
    return QStringLiteral("%1 %2 %3").arg(qRed(c)).arg(qGreen(c)).arg(qBlue(c));
  };
  const int reference = m_explorer->reference();
  if (reference < 0) {
    m_pixelLabel->setText(tr("x %1, y %2   original %3   enhanced %4")
                              .arg(pixel.x()).arg(pixel.y())
                              .arg(rgb(m_originalShown, pixel, m_originalShown.size()),
                                   rgb(m_enhancedShown, pixel, m_originalShown.size())));
    return;
  }
  m_pixelLabel->setText(tr("x %1, y %2   %3 %4   %5 %6")
                            .arg(pixel.x()).arg(pixel.y())
                            .arg(m_view->leftLabel(), rgb(m_view->leftImage(), pixel, m_originalShown.size()),
                                 m_view->label(), rgb(m_enhancedShown, pixel, m_originalShown.size())));
}

}  // namespace drbn::ui

#include "enhancepage.moc"
