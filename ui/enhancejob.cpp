// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enhancejob.h"

#include "core/image/imagefile.h"
#include "ui/backgroundwork.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThreadPool>

#include <c10/util/Exception.h>
#include <opencv2/core.hpp>

namespace drbn::ui {

/// Carries the work's signals to its job (see backgroundwork.h): nothing has to wait for the
/// work, which holds its own params and cancel flag.
class JobRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void progress(int done, int total);
  void resultReady(drbn::ui::OutcomePtr outcome);
  void failed(const QString& message);
  void finished();
};

namespace {

void run(const EnhanceJob::Params& p, std::atomic<bool>& cancel, JobRelay& relay) {
  auto pass = [&](const infer::FloatImage& image, bool preview, bool keepBands) {
    QElapsedTimer timer;
    timer.start();
    infer::EnhanceOptions options;
    options.stage = p.stage;
    options.keepBands = keepBands;
    auto outcome = std::make_shared<EnhanceOutcome>();
    // Progress counts the full-resolution pass only: a finished preview is not "100%".
    infer::ProgressFn onTile;
    if (!preview) onTile = [&relay](int done, int total) { Q_EMIT relay.progress(done, total); };
    outcome->result = p.enhancer->enhance(image, options, onTile, &cancel);
    outcome->preview = preview;
    outcome->hasBands = keepBands;
    outcome->seconds = double(timer.elapsed()) / 1000.0;
    Q_EMIT relay.resultReady(outcome);
  };
  try {
    const bool large = std::max(p.image.width, p.image.height) > p.previewSide;
    if (large) pass(image::scaledToFit(p.image, p.previewSide), true, true);
    pass(p.image, false, (long long)p.image.width * p.image.height <= p.maxBandedPixels);
  } catch (const infer::Cancelled&) {
    Q_EMIT relay.failed(QCoreApplication::translate("EnhanceJob", "Cancelled"));
  } catch (const std::bad_alloc&) {
    Q_EMIT relay.failed(QCoreApplication::translate("EnhanceJob", "Not enough memory to enhance this photo; "
                                                                  "try fewer threads or a smaller photo."));
  } catch (const c10::Error& e) {
    Q_EMIT relay.failed(QCoreApplication::translate("EnhanceJob", "The network failed: %1")
                            .arg(QString::fromStdString(e.what_without_backtrace())));
  } catch (const cv::Exception& e) {
    Q_EMIT relay.failed(QString::fromStdString(e.what()));
  } catch (const std::exception& e) {
    Q_EMIT relay.failed(errorInWords(e));
  }
  p.enhancer->releaseMemory();  // the studio sits idle now, with its photo and bands
  Q_EMIT relay.finished();
}

}  // namespace

EnhanceJob::EnhanceJob(Params params, QObject* parent)
    : QObject(parent), m_params(std::make_shared<const Params>(std::move(params))) {
  static const int registered = qRegisterMetaType<OutcomePtr>();
  (void)registered;
}

void EnhanceJob::requestCancel() { *m_cancel = true; }

void EnhanceJob::start() {
  auto relay = std::make_shared<JobRelay>();
  connect(relay.get(), &JobRelay::progress, this, &EnhanceJob::progress, Qt::QueuedConnection);
  connect(relay.get(), &JobRelay::resultReady, this, &EnhanceJob::resultReady, Qt::QueuedConnection);
  connect(relay.get(), &JobRelay::failed, this, &EnhanceJob::failed, Qt::QueuedConnection);
  connect(relay.get(), &JobRelay::finished, this, &EnhanceJob::finished, Qt::QueuedConnection);
  QThreadPool::globalInstance()->start([params = m_params, cancel = m_cancel, relay]() mutable {
    run(*params, *cancel, *relay);
    releaseOnGuiThread(std::move(relay));
  });
}

}  // namespace drbn::ui

#include "enhancejob.moc"
