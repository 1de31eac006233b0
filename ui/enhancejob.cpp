#include "ui/enhancejob.h"

#include "core/image/imagefile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThreadPool>

#include <c10/util/Exception.h>
#include <opencv2/core.hpp>

namespace drbn::ui {

EnhanceJob::EnhanceJob(Params params, QObject* parent) : QObject(parent), m_params(std::move(params)) {
  static const int registered = qRegisterMetaType<OutcomePtr>();
  (void)registered;
}

void EnhanceJob::requestCancel() { *m_cancel = true; }

void EnhanceJob::start() {
  QThreadPool::globalInstance()->start([this] { run(); });
}

void EnhanceJob::run() {
  // Signals emitted here are queued to the GUI thread, where this object lives.
  const auto& p = m_params;
  auto pass = [&](const infer::FloatImage& image, bool preview, bool keepBands) {
    QElapsedTimer timer;
    timer.start();
    infer::EnhanceOptions options;
    options.stage = p.stage;
    options.keepBands = keepBands;
    auto outcome = std::make_shared<EnhanceOutcome>();
    // Progress counts the full-resolution pass only: a finished preview is not "100%".
    infer::ProgressFn onTile;
    if (!preview) onTile = [this](int done, int total) { Q_EMIT progress(done, total); };
    outcome->result = p.enhancer->enhance(image, options, onTile, m_cancel.get());
    outcome->preview = preview;
    outcome->hasBands = keepBands;
    outcome->seconds = double(timer.elapsed()) / 1000.0;
    Q_EMIT resultReady(outcome);
  };
  try {
    const bool large = std::max(p.image.width, p.image.height) > p.previewSide;
    if (large) pass(image::scaledToFit(p.image, p.previewSide), true, true);
    pass(p.image, false, (long long)p.image.width * p.image.height <= p.maxBandedPixels);
  } catch (const infer::Cancelled&) {
    Q_EMIT failed(QCoreApplication::translate("EnhanceJob", "Cancelled"));
  } catch (const std::bad_alloc&) {
    Q_EMIT failed(QCoreApplication::translate("EnhanceJob", "Not enough memory to enhance this photo; "
                                                            "try fewer threads or a smaller photo."));
  } catch (const c10::Error& e) {
    Q_EMIT failed(QCoreApplication::translate("EnhanceJob", "The network failed: %1")
                      .arg(QString::fromStdString(e.what_without_backtrace())));
  } catch (const cv::Exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  }
  p.enhancer->releaseMemory();  // the studio sits idle now, with its photo and bands
  Q_EMIT finished();
}

}  // namespace drbn::ui
