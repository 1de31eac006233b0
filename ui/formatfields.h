// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The output fields the export and batch dialogs share: format, JPEG quality and bit depth, as
// rows of a form, kept consistent (quality only for JPEG, which holds 8 bits).

#include <QObject>
#include <QString>

class QComboBox;
class QFormLayout;
class QSpinBox;

namespace drbn::ui {

/// Lives on the GUI thread, parented to the dialog whose form it fills.
class FormatFields : public QObject {
  Q_OBJECT
 public:
  /// Adds the rows to `form`. With `asSource`, the bit depth offers "As the source" (0) first.
  FormatFields(QFormLayout* form, QWidget* parent, bool asSource);

  QString format() const;  // "jpg", "png" or "tif"
  void setFormat(const QString& format);
  int quality() const;
  void setQuality(int quality);
  int bitDepth() const;    // 0 (as the source), 8 or 16; 8 for JPEG
  void setBitDepth(int bits);

 Q_SIGNALS:
  void formatChanged(const QString& format);

 private:
  QComboBox* m_format = nullptr;
  QSpinBox* m_quality = nullptr;
  QComboBox* m_bitDepth = nullptr;
};

}  // namespace drbn::ui
