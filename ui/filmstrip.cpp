// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/filmstrip.h"

#include "core/image/imagefile.h"
#include "ui/thumbnailcache.h"

#include <QDir>
#include <QFileInfo>
#include <QPainter>
#include <QPixmap>

namespace drbn::ui {
namespace {

constexpr int kIconSize = 72;  // small enough for a one-row strip, large enough to recognise a photo
constexpr int kCell = 104;     // room for a file name under the icon

/// A thumbnail centred in a square: every icon the same size, so a portrait photo's does not
/// cover its name (the strip's items are laid out uniformly).
QIcon squareIcon(const QImage& thumb) {
  QPixmap square(kIconSize, kIconSize);
  square.fill(Qt::transparent);
  QPainter painter(&square);
  const QImage fitted = thumb.scaled(kIconSize, kIconSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  painter.drawImage((kIconSize - fitted.width()) / 2, (kIconSize - fitted.height()) / 2, fitted);
  painter.end();
  // The same pixels when selected: the style would otherwise tint the current photo's colours
  // with the highlight (the cell's background says it is selected).
  QIcon icon(square);
  icon.addPixmap(square, QIcon::Selected);
  return icon;
}

/// Shown until a photo's thumbnail is decoded: a frame, so the strip is never blank.
QIcon placeholder() {
  QImage frame(kIconSize, kIconSize * 3 / 4, QImage::Format_RGB32);
  frame.fill(QColor(90, 90, 90));
  return squareIcon(frame);
}

}  // namespace

FilmStrip::FilmStrip(ThumbnailCache* thumbnails, QWidget* parent) : QListWidget(parent), m_thumbnails(thumbnails) {
  setViewMode(QListView::IconMode);
  setFlow(QListView::LeftToRight);
  setWrapping(false);
  setMovement(QListView::Static);
  setUniformItemSizes(true);
  setIconSize(QSize(kIconSize, kIconSize));
  setGridSize(QSize(kCell, kIconSize + fontMetrics().height() + 14));
  setFixedHeight(kIconSize + fontMetrics().height() + 34);
  setTextElideMode(Qt::ElideMiddle);  // IMG_0042.jpg stays recognisable
  setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  setToolTip(tr("Photos in this folder (Page Up / Page Down)"));
  connect(this, &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { Q_EMIT photoChosen(item->data(Qt::UserRole).toString()); });
  connect(this, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { Q_EMIT photoChosen(item->data(Qt::UserRole).toString()); });
  connect(m_thumbnails, &ThumbnailCache::ready, this, [this](const QString& path) {
    for (int i = 0; i < count(); ++i)
      if (item(i)->data(Qt::UserRole).toString() == path) {
        const QImage thumb = m_thumbnails->thumbnail(path);
        if (!thumb.isNull()) item(i)->setIcon(squareIcon(thumb));
        return;
      }
  });
}

void FilmStrip::showFolderOf(const QString& path) {
  const QFileInfo info(path);
  if (info.absolutePath() != m_folder) {
    m_folder = info.absolutePath();
    clear();
    for (const QFileInfo& f : QDir(m_folder).entryInfoList(QDir::Files, QDir::Name)) {
      if (!image::isImageFileName(f.fileName().toStdString())) continue;
      auto* item = new QListWidgetItem(f.fileName(), this);
      item->setData(Qt::UserRole, f.absoluteFilePath());
      item->setToolTip(f.fileName());
      const QImage thumb = m_thumbnails->thumbnail(f.absoluteFilePath());
      item->setIcon(thumb.isNull() ? placeholder() : squareIcon(thumb));
    }
  }
  for (int i = 0; i < count(); ++i)
    if (item(i)->data(Qt::UserRole).toString() == info.absoluteFilePath()) {
      const QSignalBlocker quiet(this);
      setCurrentRow(i);
      scrollToItem(item(i), QAbstractItemView::PositionAtCenter);
    }
}

QString FilmStrip::adjacent(int step) const {
  const int row = currentRow() + step;
  return row >= 0 && row < count() && currentRow() >= 0 ? item(row)->data(Qt::UserRole).toString() : QString();
}

}  // namespace drbn::ui
