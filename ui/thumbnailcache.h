// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Thumbnails for large photo lists: made lazily in the background, newest request first, kept
// in memory and on disk in the freedesktop.org thumbnail cache that file managers share.

#include <QCache>
#include <QImage>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <deque>
#include <memory>

namespace drbn::ui {

/// Lives on the GUI thread; decoding and scaling run on a thread pool of their own (a core is left
/// to the GUI). Ask with thumbnail(); when it is not ready yet, ready(path) follows. Going away
/// never waits: the workers finish their photo and find nothing more to do.
class ThumbnailCache : public QObject {
  Q_OBJECT
 public:
  /// `diskDir`: where PNG thumbnails are kept (default: $XDG_CACHE_HOME/thumbnails/normal).
  explicit ThumbnailCache(QObject* parent = nullptr, QString diskDir = {});
  ~ThumbnailCache() override;

  /// The thumbnail (at most kSize px) when it is in memory; otherwise a null image, and the
  /// thumbnail is made (or read from disk) in the background.
  QImage thumbnail(const QString& path);
  /// Forgets requests not started yet (e.g. when the list is refiltered).
  void clearPending();
  QString diskDir() const { return m_diskDir; }

  /// Longer side of a thumbnail: the freedesktop "normal" size.
  static constexpr int kSize = 128;

 Q_SIGNALS:
  void ready(const QString& path);

 private:
  void startWorkers();
  /// Runs on a worker: from the disk cache if fresh, else decodes (scaled while decoding) and saves.
  static QImage make(const QString& path, const QString& diskDir);

  /// What the workers share with the cache, kept alive by whoever holds it last, so that the
  /// cache can go without waiting for them.
  struct Queue {
    QMutex mutex;                 // guards pending
    std::deque<QString> pending;  // newest at the back: what the user scrolled to last comes first
    int workers = 0;              // running on the pool for this cache
    QString diskDir;
  };

  QString m_diskDir;
  QCache<QString, QImage> m_memory;
  QSet<QString> m_requested;
  std::shared_ptr<Queue> m_queue;
  std::shared_ptr<QObject> m_relay;  // carries finished thumbnails back (see backgroundwork.h)
};

}  // namespace drbn::ui
