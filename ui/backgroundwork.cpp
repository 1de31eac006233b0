// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backgroundwork.h"

#include "core/infer/enhancer.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <exception>
#include <new>

namespace drbn::ui {

QString cancelledMessage() { return QCoreApplication::translate("drbn::ui::BackgroundWork", "cancelled"); }

QString deviceInWords(const std::string& deviceName) {
  static const QRegularExpression cpu(QStringLiteral("^cpu \\((\\d+) threads?\\)$"));
  const auto match = cpu.match(QString::fromStdString(deviceName));
  if (!match.hasMatch()) return QString::fromStdString(deviceName);
  const int threads = match.captured(1).toInt();
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
