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

namespace drbn::ui {

/// Lives on the GUI thread; decoding and scaling run on its own thread pool. Ask with
/// thumbnail(); when it is not ready yet, ready(path) follows.
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

  QString m_diskDir;
  QCache<QString, QImage> m_memory;
  QSet<QString> m_requested;
  QMutex m_mutex;               // guards m_pending
  std::deque<QString> m_pending;  // newest at the back: what the user scrolled to last comes first
  QThreadPool m_pool;
};

}  // namespace drbn::ui
