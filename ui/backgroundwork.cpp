// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backgroundwork.h"

#include "core/infer/enhancer.h"

#include <QCoreApplication>

#include <exception>
#include <new>

namespace drbn::ui {

QString cancelledMessage() { return QCoreApplication::translate("drbn::ui::BackgroundWork", "cancelled"); }

QString deviceInWords(const nn::ComputeDevice& device) {
  if (device.cuda) return QCoreApplication::translate("drbn::ui::BackgroundWork", "GPU %1").arg(device.index);
  const int threads = device.threads;
  return threads == 1 ? QCoreApplication::translate("drbn::ui::BackgroundWork", "CPU, 1 thread")
                      : QCoreApplication::translate("drbn::ui::BackgroundWork", "CPU, %1 threads").arg(threads);
}

QString fileFailure(const std::function<void()>& work) {
  try {
    work();
  } catch (const infer::Cancelled&) {
    return cancelledMessage();
  } catch (const std::bad_alloc&) {
    return QCoreApplication::translate("drbn::ui::BackgroundWork", "not enough memory");
  } catch (const std::exception& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

void releaseOnGuiThread(std::shared_ptr<QObject> relay) {
  QMetaObject::invokeMethod(QCoreApplication::instance(), [relay = std::move(relay)] {}, Qt::QueuedConnection);
}

}  // namespace drbn::ui
