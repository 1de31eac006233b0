// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/exportdialog.h"

#include "ui/formatfields.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
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

/// The format a file name's extension asks for ("jpg", "png", "tif"), or empty.
QString formatOfName(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QStringLiteral("jpg") || suffix == QStringLiteral("jpeg")) return QStringLiteral("jpg");
  if (suffix == QStringLiteral("tif") || suffix == QStringLiteral("tiff")) return QStringLiteral("tif");
  if (suffix == QStringLiteral("png")) return suffix;
  return {};
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
  m_output = new FormatFields(form, this, /*asSource=*/false);
  m_output->setQuality(settings.value(QStringLiteral("export/quality"), 95).toInt());
  m_output->setBitDepth(sourceBitDepth > 8 ? 16 : 8);  // as the source
  layout->addLayout(form);
  m_problem = new QLabel(this);
  m_problem->setStyleSheet(QStringLiteral("color: #c0392b"));
  m_problem->setWordWrap(true);
  layout->addWidget(m_problem);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

  // The source's own format (a JPEG stays a JPEG; others become PNG), in the folder used last.
  const QString dir = settings.value(QStringLiteral("folders/export"), info.absolutePath()).toString();
  m_path->setText(QDir(dir).filePath(info.completeBaseName() + QStringLiteral("_drbn.png")));
  const QString format = formatOfName(source);
  m_output->setFormat(format.isEmpty() ? QStringLiteral("png") : format);
  followFormat();
  connect(m_output, &FormatFields::formatChanged, this, &ExportDialog::followFormat);
  // A name typed with .jpg means JPEG, and a new name is a new question.
  connect(m_path, &QLineEdit::textEdited, this, [this](const QString& text) {
    m_problem->clear();
    if (const QString format = formatOfName(text); !format.isEmpty()) {
      const QSignalBlocker keepTheName(m_output);  // the format follows the name, not the other way
      m_output->setFormat(format);
    }
  });
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Result"), path(), tr("Images (*.jpg *.png *.tif)"),
                                                        nullptr, QFileDialog::DontConfirmOverwrite);
    if (chosen.isEmpty()) return;
    setPath(chosen);
  });
}

QString ExportDialog::path() const { return m_path->text(); }
QString ExportDialog::format() const { return m_output->format(); }
int ExportDialog::quality() const { return m_output->quality(); }
int ExportDialog::bitDepth() const { return m_output->bitDepth(); }

void ExportDialog::setPath(const QString& path) {
  m_path->setText(path);
  m_problem->clear();
  if (const QString format = formatOfName(path); !format.isEmpty()) setFormat(format);  // a name with .png means PNG
}

void ExportDialog::setFormat(const QString& format) { m_output->setFormat(format); }

void ExportDialog::followFormat() {
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
  if (target.exists()) {
    QMessageBox replace(QMessageBox::Warning, tr("Export Result"),
                        tr("%1 already exists in %2.").arg(target.fileName(), QDir::toNativeSeparators(target.absolutePath())),
                        QMessageBox::Cancel, this);
    replace.setInformativeText(tr("Replacing it loses what it holds now."));
    const auto* replaceButton = replace.addButton(tr("&Replace"), QMessageBox::DestructiveRole);
    replace.setDefaultButton(QMessageBox::Cancel);
    replace.exec();
    if (replace.clickedButton() != replaceButton) return;
  }
  QSettings settings;
  settings.setValue(QStringLiteral("folders/export"), target.absolutePath());
  settings.setValue(QStringLiteral("export/quality"), quality());
  QDialog::accept();
}

}  // namespace drbn::ui
