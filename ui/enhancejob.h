// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Enhancing the open photo in the background: a preview-sized result with every band first, then
// the full-resolution one. Params in, results out, progress and cancel in between.

#include "core/infer/enhancer.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace drbn::ui {

/// One pass of the engine over the photo, with every band kept.
struct EnhanceOutcome {
  infer::EnhanceResult result;
  bool preview = false;  // true for the downscaled first pass
  bool hasBands = true;  // false for full-resolution results too large to keep bands for
  double seconds = 0;
};
using OutcomePtr = std::shared_ptr<const EnhanceOutcome>;

/// Lives on the GUI thread; its work runs on the global thread pool. It may be deleted at any
/// time: the work then runs on, unseen, to its next cancel check (see requestCancel()).
class EnhanceJob : public QObject {
  Q_OBJECT
 public:
  struct Params {
    std::shared_ptr<const infer::Enhancer> enhancer;
    infer::FloatImage image;  // the photo, RGB
    infer::Stage stage = infer::Stage::Recomposed;
    /// Longer side of the first pass: 768 x 512 (0.39 MP) takes ~0.8 s on a 2-core CPU
    /// (drbn-studio-bench), so even a 24 MP photo shows an enhanced preview within 2 s.
    int previewSide = 768;
    /// Up to this size the full pass keeps its bands too (~150 bytes per pixel), so tuning
    /// works at full resolution; beyond it, tuning shows the preview's bands.
    long long maxBandedPixels = 4'000'000;
  };

  explicit EnhanceJob(Params params, QObject* parent = nullptr);
  void start();

 public Q_SLOTS:
  void requestCancel();

 Q_SIGNALS:
  void progress(int done, int total);
  void resultReady(drbn::ui::OutcomePtr outcome);
  void failed(const QString& message);
  void finished();  // always last, after resultReady or failed

 private:
  std::shared_ptr<const Params> m_params;  // shared with the work, which may outlive this
  std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace drbn::ui

Q_DECLARE_METATYPE(drbn::ui::OutcomePtr)
