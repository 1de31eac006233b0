// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The strip of photos in the current photo's folder, under the before/after view.

#include <QListWidget>

namespace drbn::ui {

class ThumbnailCache;

/// Lives on the GUI thread; thumbnails come from the shared cache as they are made.
class FilmStrip : public QListWidget {
  Q_OBJECT
 public:
  FilmStrip(ThumbnailCache* thumbnails, QWidget* parent = nullptr);
  /// Shows the photos of `path`'s folder (re-listing only when the folder changes) and marks it.
  void showFolderOf(const QString& path);
  /// The photo `step` places after (or before, when negative) the current one; empty at the ends.
  QString adjacent(int step) const;

 Q_SIGNALS:
  void photoChosen(const QString& path);

 private:
  ThumbnailCache* m_thumbnails;
  QString m_folder;
};

}  // namespace drbn::ui
