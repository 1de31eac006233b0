// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backgroundwork.h"

#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "core/weights/weightfile.h"

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
    return errorInWords(e);
  }
  return {};
}

namespace {

/// A weight file's problem: its kind in the user's language, core's English message beside it.
QString weightErrorInWords(const weights::WeightError& error) {
  const QString message = QString::fromStdString(error.what());
  using Kind = weights::WeightError::Kind;
  switch (error.kind()) {
    case Kind::Damaged:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "Damaged or incomplete weight file (%1)").arg(message);
    case Kind::CannotRead:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "Cannot read the weight file (%1)").arg(message);
    case Kind::NotWeights: return QCoreApplication::translate("drbn::ui::BackgroundWork", "Not a weight file (%1)").arg(message);
    case Kind::Unsupported:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "A kind of weight file not supported (%1)").arg(message);
    case Kind::WrongNetwork:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "Weights of another network (%1)").arg(message);
    case Kind::BadValues:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "Weights with invalid values (%1)").arg(message);
  }
  return message;
}

}  // namespace

QString errorInWords(const std::exception& error) {
  if (const auto* weights = dynamic_cast<const weights::WeightError*>(&error)) return weightErrorInWords(*weights);
  const auto* image = dynamic_cast<const image::ImageError*>(&error);
  if (!image) return QString::fromStdString(error.what());
  const QString path = QString::fromStdString(image->path()), detail = QString::fromStdString(image->detail());
  using Kind = image::ImageError::Kind;
  switch (image->kind()) {
    case Kind::NotFound: return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: no such file").arg(path);
    case Kind::NotAFile:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: not a file (a folder or a device)").arg(path);
    case Kind::CannotRead:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: cannot be read (%2)").arg(path, detail);
    case Kind::Damaged:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: damaged or incomplete (%2)").arg(path, detail);
    case Kind::TooLarge: return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: too large (%2)").arg(path, detail);
    case Kind::Unsupported:
      return QCoreApplication::translate("drbn::ui::BackgroundWork", "%1: a kind of image not supported (%2)").arg(path, detail);
    case Kind::NotAnImage:
      return QCoreApplication::translate("drbn::ui::BackgroundWork",
                                         "%1: not an image (its first bytes are those of no format read here)")
          .arg(path);
    case Kind::Other: break;
  }
  return QString::fromStdString(error.what());
}

void releaseOnGuiThread(std::shared_ptr<QObject> relay) {
  QMetaObject::invokeMethod(QCoreApplication::instance(), [relay = std::move(relay)] {}, Qt::QueuedConnection);
}

}  // namespace drbn::ui
