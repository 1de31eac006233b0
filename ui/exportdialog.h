// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// File > Export Result: where the result goes, in which format, quality and bit depth, with the
// original and the result side by side to check before writing.

#include <QDialog>
#include <QImage>

class QLabel;
class QLineEdit;

namespace drbn::ui {

class FormatFields;

/// Lives on the GUI thread; the main window runs it and exports what it returns in the background.
class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  /// `source`: the photo's file (never written over); `sourceBitDepth`: 8 or 16.
  ExportDialog(const QString& source, int sourceBitDepth, const QImage& original, const QImage& result,
               QWidget* parent = nullptr);

  QString path() const;
  QString format() const;  // "jpg", "png" or "tif"
  int quality() const;
  int bitDepth() const;    // 8 or 16

  void setPath(const QString& path);
  void setFormat(const QString& format);

  /// Checks the choice (never the source itself; an existing file only once the user agrees to
  /// replace it) and keeps it for next time; stays open otherwise.
  void accept() override;

 private:
  void followFormat();  // the file name's extension

  QString m_source;
  QLineEdit* m_path = nullptr;
  FormatFields* m_output = nullptr;
  QLabel* m_problem = nullptr;
};

}  // namespace drbn::ui
