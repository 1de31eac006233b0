// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The photos of a catalog as a Qt item model: all items, and the filtered, sorted rows shown.

#include "core/curate/catalog.h"

#include <QAbstractListModel>
#include <QStyledItemDelegate>

namespace drbn::ui {

class ThumbnailCache;

/// Lives on the GUI thread. Rows are the shown items (after filter and sort); thumbnails come
/// from the cache and update their row when ready.
class CatalogModel : public QAbstractListModel {
  Q_OBJECT
 public:
  explicit CatalogModel(ThumbnailCache* thumbnails, QObject* parent = nullptr);

  void setItems(std::vector<curate::Item> items);
  /// Which items are shown, in order (indices into items()).
  void setShown(std::vector<int> shown);
  const std::vector<curate::Item>& items() const { return m_items; }
  const std::vector<int>& shown() const { return m_shown; }
  const curate::Item& itemAt(int row) const { return m_items[size_t(m_shown[size_t(row)])]; }
  /// Updates one item's decision in place (after it was committed).
  void setDecision(int row, const curate::Decision& decision);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

 private:
  ThumbnailCache* m_thumbnails;
  std::vector<curate::Item> m_items;
  std::vector<int> m_shown;
  // Rows whose thumbnail was asked for and is being made; only what was painted, not every row.
  mutable QHash<QString, int> m_waitingRows;
};

/// Draws a grid cell: the thumbnail centred in a square, the file name, then score and decision.
class CatalogDelegate : public QStyledItemDelegate {
  Q_OBJECT
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

/// "★★★☆☆" for a rating.
QString starsText(int rating);

}  // namespace drbn::ui
