// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/exportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace drbn::ui {
namespace {

constexpr int kPreview = 260;  // px, the longer side of each picture

/// A picture with its caption under it.
QWidget* captioned(const QImage& image, const QString& caption, QWidget* parent) {
  auto* box = new QWidget(parent);
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* picture = new QLabel(box);
  if (!image.isNull()) picture->setPixmap(QPixmap::fromImage(image.scaled(kPreview, kPreview, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  picture->setAlignment(Qt::AlignCenter);
  layout->addWidget(picture);
  auto* label = new QLabel(caption, box);
  label->setAlignment(Qt::AlignHCenter);
  layout->addWidget(label);
  return box;
}

}  // namespace

ExportDialog::ExportDialog(const QString& source, int sourceBitDepth, const QImage& original, const QImage& result,
                           QWidget* parent)
    : QDialog(parent), m_source(source) {
  setWindowTitle(tr("Export Result"));
  const QSettings settings;
  const QFileInfo info(source);
  auto* layout = new QVBoxLayout(this);
  auto* pictures = new QHBoxLayout;
  pictures->addWidget(captioned(original, tr("Original"), this));
  pictures->addWidget(captioned(result, tr("Result"), this));
  layout->addLayout(pictures);

  auto* form = new QFormLayout;
  m_path = new QLineEdit(this);
  auto* browse = new QPushButton(tr("&Browse..."), this);
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(m_path, 1);
  pathRow->addWidget(browse);
  auto* pathLabel = new QLabel(tr("&File:"), this);
  pathLabel->setBuddy(m_path);
  form->addRow(pathLabel, pathRow);
  m_format = new QComboBox(this);
  m_format->addItem(tr("JPEG"), QStringLiteral("jpg"));
  m_format->addItem(tr("PNG"), QStringLiteral("png"));
  m_format->addItem(tr("TIFF"), QStringLiteral("tif"));
  form->addRow(tr("F&ormat:"), m_format);
  m_quality = new QSpinBox(this);
  m_quality->setRange(1, 100);
  m_quality->setValue(settings.value(QStringLiteral("export/quality"), 95).toInt());
  form->addRow(tr("JPEG &quality:"), m_quality);
  m_bitDepth = new QComboBox(this);
  m_bitDepth->addItem(tr("8 bits"), 8);
  m_bitDepth->addItem(tr("16 bits"), 16);
  m_bitDepth->setCurrentIndex(sourceBitDepth > 8 ? 1 : 0);  // as the source
  form->addRow(tr("&Bit depth:"), m_bitDepth);
  layout->addLayout(form);
  m_problem = new QLabel(this);
  m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
  m_problem->setWordWrap(true);
  layout->addWidget(m_problem);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  // The source's own format (a JPEG stays a JPEG), in the folder used last.
  const QString suffix = info.suffix().toLower();
  const QString format = suffix == QStringLiteral("jpeg") ? QStringLiteral("jpg")
                         : suffix == QStringLiteral("tiff") ? QStringLiteral("tif")
                                                            : suffix;
  const QString dir = settings.value(QStringLiteral("folders/export"), info.absolutePath()).toString();
  m_path->setText(QDir(dir).filePath(info.completeBaseName() + QStringLiteral("_drbn.png")));
  setFormat(m_format->findData(format) >= 0 ? format : QStringLiteral("png"));
  formatChanged();
  connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Result"), path(), tr("Images (*.jpg *.png *.tif)"),
                                                        nullptr, QFileDialog::DontConfirmOverwrite);
    if (chosen.isEmpty()) return;
    setPath(chosen);
  });
}

QString ExportDialog::path() const { return m_path->text(); }
QString ExportDialog::format() const { return m_format->currentData().toString(); }
int ExportDialog::quality() const { return m_quality->value(); }
int ExportDialog::bitDepth() const { return format() == QStringLiteral("jpg") ? 8 : m_bitDepth->currentData().toInt(); }

void ExportDialog::setPath(const QString& path) {
  m_path->setText(path);
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (m_format->findData(suffix) >= 0) setFormat(suffix);  // a name typed with .png means PNG
}

void ExportDialog::setFormat(const QString& format) { m_format->setCurrentIndex(std::max(0, m_format->findData(format))); }

void ExportDialog::formatChanged() {
  const bool jpeg = format() == QStringLiteral("jpg");
  m_quality->setEnabled(jpeg);
  m_bitDepth->setEnabled(!jpeg);  // JPEG holds 8 bits
  const QFileInfo file(path());
  if (file.suffix().toLower() != format())
    m_path->setText(QDir(file.absolutePath()).filePath(file.completeBaseName() + QLatin1Char('.') + format()));
}

void ExportDialog::accept() {
  const QFileInfo target(path()), source(m_source);
  if (path().trimmed().isEmpty() || target.fileName().isEmpty()) {
    m_problem->setText(tr("Choose a file to export to."));
    return;
  }
  if (target.absoluteFilePath() == source.absoluteFilePath() ||
      (target.exists() && target.canonicalFilePath() == source.canonicalFilePath())) {
    m_problem->setText(tr("That is the original photo, which is never written over; choose another name."));
    return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("folders/export"), target.absolutePath());
  settings.setValue(QStringLiteral("export/quality"), quality());
  QDialog::accept();
}

}  // namespace drbn::ui
