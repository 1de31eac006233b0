// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/formatfields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

#include <algorithm>

namespace drbn::ui {

FormatFields::FormatFields(QFormLayout* form, QWidget* parent, bool asSource) : QObject(parent) {
  m_format = new QComboBox(parent);
  m_format->addItem(tr("PNG"), QStringLiteral("png"));
  m_format->addItem(tr("JPEG"), QStringLiteral("jpg"));
  m_format->addItem(tr("TIFF"), QStringLiteral("tif"));
  form->addRow(tr("F&ormat:"), m_format);
  m_quality = new QSpinBox(parent);
  m_quality->setRange(1, 100);
  m_quality->setValue(95);
  form->addRow(tr("JPEG &quality:"), m_quality);
  m_bitDepth = new QComboBox(parent);
  if (asSource) m_bitDepth->addItem(tr("As the source"), 0);
  m_bitDepth->addItem(tr("8 bits"), 8);
  m_bitDepth->addItem(tr("16 bits (PNG, TIFF)"), 16);
  form->addRow(tr("&Bit depth:"), m_bitDepth);
  const auto follow = [this] {
    const bool jpeg = format() == QStringLiteral("jpg");
    m_quality->setEnabled(jpeg);
    m_bitDepth->setEnabled(!jpeg);  // JPEG holds 8 bits
  };
  follow();
  connect(m_format, &QComboBox::currentIndexChanged, this, [this, follow] {
    follow();
    Q_EMIT formatChanged(format());
  });
}

QString FormatFields::format() const { return m_format->currentData().toString(); }
void FormatFields::setFormat(const QString& format) { m_format->setCurrentIndex(std::max(0, m_format->findData(format))); }
int FormatFields::quality() const { return m_quality->value(); }
void FormatFields::setQuality(int quality) { m_quality->setValue(quality); }
int FormatFields::bitDepth() const { return format() == QStringLiteral("jpg") ? 8 : m_bitDepth->currentData().toInt(); }
void FormatFields::setBitDepth(int bits) { m_bitDepth->setCurrentIndex(std::max(0, m_bitDepth->findData(bits))); }

}  // namespace drbn::ui
