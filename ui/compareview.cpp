// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/compareview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace drbn::ui {
namespace {
constexpr double kMinZoom = 0.02, kMaxZoom = 32;
constexpr double kZoomStep = 1.25;   // per wheel notch or key press
constexpr int kDividerGrab = 6;      // px either side of the split line that start a drag
}  // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(200, 150);
  setAutoFillBackground(false);
}

void CompareView::setOriginal(const QImage& image) {
  m_original = image;
  m_reference = {};
  zoomToFit();  // a new photo opens whole, not at the last one's zoom and place
}

void CompareView::setReference(const QImage& image, const QString& label) {
  m_reference = image;
  m_referenceLabel = label;
  update();
}

QString CompareView::leftLabel() const { return m_reference.isNull() ? tr("Original") : m_referenceLabel; }

void CompareView::setEnhanced(const QImage& image, const QString& label) {
  m_enhanced = image;
  m_label = label;
  update();
}

void CompareView::setMode(Mode mode) {
  m_mode = mode;
  if (m_fit) m_zoom = fitZoom();
  update();
}

QRect CompareView::panel(int index) const {
  if (panelCount() == 1) return rect();
  const int half = width() / 2;
  return index == 0 ? QRect(0, 0, half - 1, height()) : QRect(half + 1, 0, width() - half - 1, height());
}

double CompareView::fitZoom() const {
  if (m_original.isNull()) return 1;
  const QRect p = panel(0);
  return std::clamp(std::min(double(p.width()) / m_original.width(), double(p.height()) / m_original.height()),
                    kMinZoom, kMaxZoom);
}

QPointF CompareView::toImage(QPointF pos, int index) const {
  const QRect p = panel(index);
  return m_center + (pos - QPointF(p.center())) / m_zoom;
}

void CompareView::setZoom(double zoom, QPointF anchor) {
  zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
  int index = panelCount() == 2 && anchor.x() > width() / 2 ? 1 : 0;
  const QPointF before = toImage(anchor, index);
  m_zoom = zoom;
  m_center += before - toImage(anchor, index);  // keep the image point under the anchor still
  m_fit = false;
  Q_EMIT zoomChanged(m_zoom);
  update();
}

void CompareView::zoomToFit() {
  m_fit = true;
  m_zoom = fitZoom();
  m_center = QPointF(m_original.width() / 2.0, m_original.height() / 2.0);
  Q_EMIT zoomChanged(m_zoom);
  update();
}

void CompareView::zoomActualSize() { setZoom(1, QPointF(panel(0).center())); }
void CompareView::zoomIn() { setZoom(m_zoom * kZoomStep, QPointF(panel(0).center())); }
void CompareView::zoomOut() { setZoom(m_zoom / kZoomStep, QPointF(panel(0).center())); }

void CompareView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(40, 40, 40));
  if (m_original.isNull()) {
    p.setPen(QColor(170, 170, 170));
    p.drawText(rect(), Qt::AlignCenter, tr("Open a photo (Ctrl+O) or drop one here"));
    return;
  }
  p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 1);
  auto draw = [&](const QImage& img, int index, const QRect& clip) {
    if (img.isNull()) return;
    const QRect area = panel(index);
    const QPointF topLeft = QPointF(area.center()) - m_center * m_zoom;
    const QRectF target(topLeft, QSizeF(m_original.width() * m_zoom, m_original.height() * m_zoom));
    p.save();
    p.setClipRect(clip);
    p.drawImage(target, img, QRectF(img.rect()));
    p.restore();
  };
  auto caption = [&](const QString& whole, const QRect& area, Qt::Alignment align) {
    const QString text = p.fontMetrics().elidedText(whole, Qt::ElideRight, std::max(area.width() - 28, 40));  // within its pane
    const QRect box = p.fontMetrics().boundingRect(text).adjusted(-6, -3, 6, 3);
    QRect placed = box;
    placed.moveTop(area.top() + 8);
    if (align & Qt::AlignRight) placed.moveRight(area.right() - 8);
    else placed.moveLeft(area.left() + 8);
    p.fillRect(placed, QColor(0, 0, 0, 150));
    p.setPen(Qt::white);
    p.drawText(placed, Qt::AlignCenter, text);
  };
  const QString enhancedLabel = m_label.isEmpty() ? tr("Enhanced") : m_label;
  switch (m_mode) {
    case Mode::SideBySide:
      draw(leftImage(), 0, panel(0));
      draw(m_enhanced, 1, panel(1));
      p.fillRect(QRect(width() / 2 - 1, 0, 2, height()), QColor(20, 20, 20));
      caption(leftLabel(), panel(0), Qt::AlignLeft);
      caption(enhancedLabel, panel(1), Qt::AlignLeft);
      break;
    case Mode::Split: {
      const int x = int(m_split * width());
      draw(leftImage(), 0, QRect(0, 0, x, height()));
      draw(m_enhanced, 0, QRect(x, 0, width() - x, height()));
      p.fillRect(QRect(x - 1, 0, 2, height()), Qt::white);
      caption(leftLabel(), rect(), Qt::AlignLeft);
      caption(enhancedLabel, rect(), Qt::AlignRight);
      break;
    }
    case Mode::Enhanced:
      draw(m_enhanced, 0, rect());
      caption(enhancedLabel, rect(), Qt::AlignLeft);
      break;
    case Mode::Original:
      draw(leftImage(), 0, rect());
      caption(leftLabel(), rect(), Qt::AlignLeft);
      break;
  }
}

void CompareView::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches != 0) setZoom(m_zoom * std::pow(kZoomStep, notches), event->position());
  event->accept();
}

void CompareView::mousePressEvent(QMouseEvent* event) {
  m_lastMouse = event->pos();
  const bool onDivider = m_mode == Mode::Split && std::abs(event->pos().x() - int(m_split * width())) <= kDividerGrab;
  m_drag = onDivider ? Drag::Divider : Drag::Pan;
  setCursor(onDivider ? Qt::SplitHCursor : Qt::ClosedHandCursor);
}

void CompareView::mouseMoveEvent(QMouseEvent* event) {
  if (m_drag == Drag::Pan) {
    m_center -= QPointF(event->pos() - m_lastMouse) / m_zoom;
    m_fit = false;
    update();
  } else if (m_drag == Drag::Divider) {
    m_split = std::clamp(double(event->pos().x()) / std::max(1, width()), 0.0, 1.0);
    update();
  } else if (m_mode == Mode::Split) {
    setCursor(std::abs(event->pos().x() - int(m_split * width())) <= kDividerGrab ? Qt::SplitHCursor : Qt::ArrowCursor);
  }
  m_lastMouse = event->pos();
  const int index = panelCount() == 2 && event->pos().x() > width() / 2 ? 1 : 0;
  const QPointF at = toImage(event->position(), index);
  const QPoint pixel(int(std::floor(at.x())), int(std::floor(at.y())));
  Q_EMIT hovered(m_original.rect().contains(pixel) ? pixel : QPoint(-1, -1));
}

void CompareView::mouseReleaseEvent(QMouseEvent*) {
  m_drag = Drag::None;
  unsetCursor();
}

void CompareView::resizeEvent(QResizeEvent*) {
  if (m_fit) m_zoom = fitZoom();
}

void CompareView::leaveEvent(QEvent*) { Q_EMIT hovered(QPoint(-1, -1)); }

}  // namespace drbn::ui
