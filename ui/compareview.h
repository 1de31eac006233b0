// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The before/after view: original and enhanced side by side or as a split with a draggable
// divider, one zoom and pan shared by both, and the pixel under the cursor reported. The left side
// may show another image of the same scene instead of the original (a band, to compare two).

#include <QImage>
#include <QWidget>

namespace drbn::ui {

/// Lives on the GUI thread; owned by the main window.
class CompareView : public QWidget {
  Q_OBJECT
 public:
  enum class Mode { SideBySide, Split, Enhanced, Original };

  explicit CompareView(QWidget* parent = nullptr);

  /// A new photo: shown whole (zoom to fit).
  void setOriginal(const QImage& image);
  /// The right-hand image; a smaller one (a preview) is drawn scaled to the original's size.
  void setEnhanced(const QImage& image, const QString& label);
  /// What the left side shows instead of the original (another band, to compare two), drawn at
  /// the original's size; a null image shows the original again. A new photo clears it.
  void setReference(const QImage& image, const QString& label);
  /// What the left side says: "Original", or the reference's label.
  QString leftLabel() const;
  /// The image on the left: the reference, else the original.
  const QImage& leftImage() const { return m_reference.isNull() ? m_original : m_reference; }
  void setMode(Mode mode);
  Mode mode() const { return m_mode; }
  /// What the enhanced side says ("Enhanced (stage 2)", "Enhancing...", a failure).
  QString label() const { return m_label; }
  double zoom() const { return m_zoom; }
  bool fitsWindow() const { return m_fit; }

 public Q_SLOTS:
  void zoomToFit();
  void zoomActualSize();
  void zoomIn();
  void zoomOut();

 Q_SIGNALS:
  /// The image pixel under the cursor (original coordinates), or (-1, -1) when outside.
  void hovered(QPoint pixel);
  void zoomChanged(double zoom);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  QRect panel(int index) const;  // the widget area of each image (one or two)
  int panelCount() const { return m_mode == Mode::SideBySide ? 2 : 1; }
  QPointF toImage(QPointF widgetPos, int panelIndex) const;
  void setZoom(double zoom, QPointF anchorWidget);
  double fitZoom() const;

  QImage m_original, m_enhanced, m_reference;
  QString m_label, m_referenceLabel;
  Mode m_mode = Mode::SideBySide;
  double m_zoom = 1;
  bool m_fit = true;
  QPointF m_center;  // image point at the centre of each panel
  double m_split = 0.5;
  enum class Drag { None, Pan, Divider } m_drag = Drag::None;
  QPoint m_lastMouse;
};

}  // namespace drbn::ui
