// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/backgroundwork.h"

#include "core/data/trainingfolders.h"
#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "core/weights/weightfile.h"

#include <QCoreApplication>
#include <QLocale>

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

QString folderInWords(data::DataProblem::Folder folder) {
  using Folder = data::DataProblem::Folder;
  switch (folder) {
    case Folder::PairedLow: return QCoreApplication::translate("drbn::ui::TrainingJob", "paired low-light images");
    case Folder::PairedNormal: return QCoreApplication::translate("drbn::ui::TrainingJob", "paired normal-light images");
    case Folder::ValidationLow: return QCoreApplication::translate("drbn::ui::TrainingJob", "validation low-light images");
    case Folder::ValidationNormal: return QCoreApplication::translate("drbn::ui::TrainingJob", "validation normal-light images");
    case Folder::Unpaired: return QCoreApplication::translate("drbn::ui::TrainingJob", "unpaired low-light photos");
    case Folder::Quality: return QCoreApplication::translate("drbn::ui::TrainingJob", "high-quality photos");
  }
  return {};
}

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

// The data problems' words keep the Train page's translation context ("drbn::ui::TrainingJob"),
// where they were first translated; Check Pairs on the Curate page uses them too.
QString dataProblemInWords(const data::DataProblem& p) {
  using Kind = data::DataProblem::Kind;
  const QString path = QString::fromStdString(p.path);
  const bool low = p.folder == data::DataProblem::Folder::PairedLow || p.folder == data::DataProblem::Folder::ValidationLow;
  switch (p.kind) {
    case Kind::NoFolderGiven: return QCoreApplication::translate("drbn::ui::TrainingJob", "No folder of %1 given.").arg(folderInWords(p.folder));
    case Kind::NoSuchFolder: return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: the folder of %2 does not exist.").arg(path, folderInWords(p.folder));
    case Kind::NotAFolder:
      return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: a file, not the folder of %2.").arg(path, folderInWords(p.folder));
    case Kind::NoImages: return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: the folder of %2 holds no images.").arg(path, folderInWords(p.folder));
    case Kind::NoPartner:
      return (low ? QCoreApplication::translate("drbn::ui::TrainingJob", "%1: no normal-light image of that name in %2; left out.")
                  : QCoreApplication::translate("drbn::ui::TrainingJob", "%1: no low-light image of that name in %2; left out."))
          .arg(path, QString::fromStdString(p.partnerFolder));
    case Kind::Unreadable: return errorInWords(image::ImageError(p.imageKind, p.path, p.detail));
    case Kind::SmallerThanCrop:
      return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: %2 x %3 pixels, smaller than the training crop of %4 pixels.")
          .arg(path)
          .arg(p.width)
          .arg(p.height)
          .arg(p.crop);
    case Kind::SizeMismatch:
      return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: %2 x %3 pixels, but its normal-light image is %4 x %5.")
          .arg(path)
          .arg(p.width)
          .arg(p.height)
          .arg(p.partnerWidth)
          .arg(p.partnerHeight);
    case Kind::NotDarker:
      return QCoreApplication::translate("drbn::ui::TrainingJob",
                                         "%1: not darker than its normal-light image (mean luminance %2 against %3).")
          .arg(path, QLocale().toString(p.brightness, 'f', 3), QLocale().toString(p.partnerBrightness, 'f', 3));
    case Kind::NoUsablePairs: return QCoreApplication::translate("drbn::ui::TrainingJob", "%1: no usable pairs.").arg(path);
  }
  return QString::fromStdString(p.message());
}

void releaseOnGuiThread(std::shared_ptr<QObject> relay) {
  QMetaObject::invokeMethod(QCoreApplication::instance(), [relay = std::move(relay)] {}, Qt::QueuedConnection);
}

}  // namespace drbn::ui
