// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/catalogmodel.h"

#include "ui/backgroundwork.h"
#include "ui/thumbnailcache.h"

#include <QApplication>
#include <QFileInfo>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace drbn::ui {

QString starsText(int rating) {
  return QString(rating, QChar(0x2605)) + QString(5 - rating, QChar(0x2606));
}

CatalogModel::CatalogModel(ThumbnailCache* thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_thumbnails(thumbnails) {
  connect(m_thumbnails, &ThumbnailCache::ready, this, [this](const QString& path) {
    const auto it = m_waitingRows.constFind(path);
    if (it == m_waitingRows.constEnd()) return;
    const QModelIndex i = index(*it);
    m_waitingRows.erase(it);
    Q_EMIT dataChanged(i, i, {Qt::DecorationRole});
  });
}

void CatalogModel::setItems(std::vector<curate::Item> items) {
  beginResetModel();
  m_items = std::move(items);
  m_shown.clear();
  m_waitingRows.clear();
  endResetModel();
}

void CatalogModel::setShown(std::vector<int> shown) {
  beginResetModel();
  m_shown = std::move(shown);
  m_waitingRows.clear();
  m_thumbnails->clearPending();
  endResetModel();
}

void CatalogModel::setDecision(int row, const curate::Decision& decision) {
  m_items[size_t(m_shown[size_t(row)])].decision = decision;
  const QModelIndex i = index(row);
  Q_EMIT dataChanged(i, i);
}

int CatalogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_shown.size()); }

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const curate::Item& item = itemAt(index.row());
  const QString path = QString::fromStdString(item.path);
  const bool unusable = !item.present || !item.unreadable.empty();  // no pixels to show
  switch (role) {
    case Qt::DisplayRole: {
      QString second = starsText(item.decision.rating);
      if (item.decision.flag == curate::Flag::Pick) second += QStringLiteral(" \u2714");
      if (item.decision.flag == curate::Flag::Reject) second += QStringLiteral(" \u2718");
      if (!std::isnan(item.mos)) second = tr("MOS %1").arg(QLocale().toString(item.mos, 'f', 2)) + QStringLiteral("  ") + second;
      return QFileInfo(path).fileName() + QLatin1Char('\n') + second;
    }
    case Qt::DecorationRole: {
      if (unusable) return QApplication::palette().color(QPalette::Mid);
      const QImage thumb = m_thumbnails->thumbnail(path);
      if (!thumb.isNull()) return QPixmap::fromImage(thumb);
      m_waitingRows.insert(path, index.row());
      return QApplication::palette().color(QPalette::AlternateBase);
    }
    case Qt::ToolTipRole:
      if (!item.present) return tr("%1 (missing)").arg(path);
      if (!item.unreadable.empty()) return errorInWords(curate::unreadableError(item));
      return path;
    case Qt::ForegroundRole:
      if (item.decision.flag == curate::Flag::Reject || unusable)
        return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
      return {};
    default: return {};
  }
}

QSize CatalogDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
  return {ThumbnailCache::kSize + 16, ThumbnailCache::kSize + 16 + 2 * option.fontMetrics.height()};
}

void CatalogDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
  painter->save();
  const QRect cell = option.rect.adjusted(2, 2, -2, -2);
  const QPalette& palette = option.palette;
  if (option.state & QStyle::State_Selected) painter->fillRect(cell, palette.color(QPalette::Highlight));
  const QRect square(cell.left() + (cell.width() - ThumbnailCache::kSize) / 2, cell.top() + 4, ThumbnailCache::kSize,
                     ThumbnailCache::kSize);
  const QVariant decoration = index.data(Qt::DecorationRole);
  if (decoration.canConvert<QPixmap>() && decoration.typeId() == QMetaType::QPixmap) {
    const QPixmap pixmap = decoration.value<QPixmap>();
    const QSize size = pixmap.size().scaled(square.size(), Qt::KeepAspectRatio);
    painter->drawPixmap(QRect(square.center() - QPoint(size.width() / 2, size.height() / 2), size), pixmap);
  } else {
    painter->fillRect(square.adjusted(8, 8, -8, -8), decoration.value<QColor>());
  }
  const QStringList lines = index.data(Qt::DisplayRole).toString().split(QLatin1Char('\n'));
  const QVariant foreground = index.data(Qt::ForegroundRole);
  painter->setPen(foreground.isValid() ? foreground.value<QColor>()
                  : palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
  const int lineHeight = option.fontMetrics.height();
  for (int i = 0; i < lines.size() && i < 2; ++i) {
    const QRect line(cell.left() + 2, square.bottom() + 4 + i * lineHeight, cell.width() - 4, lineHeight);
    painter->drawText(line, Qt::AlignHCenter, option.fontMetrics.elidedText(lines[i], Qt::ElideMiddle, line.width()));
  }
  painter->restore();
}

}  // namespace drbn::ui
