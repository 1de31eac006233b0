// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/thumbnailcache.h"

#include "ui/backgroundwork.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSaveFile>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace drbn::ui {
namespace {

// Enough thumbnails in memory for several screens of the grid (~64 KiB each).
constexpr int kMemoryThumbnails = 3000;
// Requests beyond this are dropped oldest first: they scrolled out of view long ago.
constexpr size_t kMaxPending = 512;

QString defaultDiskDir() {
  return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/thumbnails/normal");
}

}  // namespace

/// The workers' pool: one for the program, so that no cache has to wait for its own on going.
static QThreadPool& thumbnailPool() {
  static QThreadPool* pool = [] {
    auto* p = new QThreadPool;  // never deleted: workers may outlive every cache until the program ends
    p->setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1));  // leave a core to the GUI
    return p;
  }();
  return *pool;
}

/// Carries a made thumbnail from a worker to the cache.
class ThumbnailRelay : public QObject {
  Q_OBJECT
 Q_SIGNALS:
  void made(const QString& path, const QImage& image);
};

ThumbnailCache::ThumbnailCache(QObject* parent, QString diskDir)
    : QObject(parent), m_diskDir(diskDir.isEmpty() ? defaultDiskDir() : std::move(diskDir)), m_memory(kMemoryThumbnails),
      m_queue(std::make_shared<Queue>()) {
  m_queue->diskDir = m_diskDir;
  QDir().mkpath(m_diskDir);
  auto relay = std::make_shared<ThumbnailRelay>();
  connect(relay.get(), &ThumbnailRelay::made, this, [this](const QString& path, const QImage& image) {
    m_memory.insert(path, new QImage(image.isNull() ? QImage(1, 1, QImage::Format_ARGB32) : image));
    m_requested.remove(path);
    Q_EMIT ready(path);
  }, Qt::QueuedConnection);
  m_relay = std::move(relay);
}

ThumbnailCache::~ThumbnailCache() {
  clearPending();  // the workers stop after the photo they are on
  releaseOnGuiThread(std::move(m_relay));
}

QImage ThumbnailCache::thumbnail(const QString& path) {
  if (const QImage* image = m_memory.object(path)) return *image;
  if (m_requested.contains(path)) return {};
  m_requested.insert(path);
  {
    QMutexLocker lock(&m_queue->mutex);
    m_queue->pending.push_back(path);
    if (m_queue->pending.size() > kMaxPending) {
      m_requested.remove(m_queue->pending.front());
      m_queue->pending.pop_front();
    }
  }
  startWorkers();
  return {};
}

void ThumbnailCache::clearPending() {
  QMutexLocker lock(&m_queue->mutex);
  for (const QString& path : m_queue->pending) m_requested.remove(path);
  m_queue->pending.clear();
}

void ThumbnailCache::startWorkers() {
  QThreadPool& pool = thumbnailPool();
  QMutexLocker lock(&m_queue->mutex);
  // Counted per cache: the pool is shared, and another cache's last worker may not have left yet.
  while (m_queue->workers < pool.maxThreadCount() && m_queue->workers < int(m_queue->pending.size())) {
    ++m_queue->workers;
    pool.start([queue = m_queue, relay = m_relay]() mutable {
      for (;;) {
        QString path;
        {
          QMutexLocker lock(&queue->mutex);
          if (queue->pending.empty()) {
            --queue->workers;
            break;
          }
          path = queue->pending.back();
          queue->pending.pop_back();
        }
        Q_EMIT static_cast<ThumbnailRelay*>(relay.get())->made(path, make(path, queue->diskDir));
      }
      releaseOnGuiThread(std::move(relay));
    });
  }
}

QImage ThumbnailCache::make(const QString& path, const QString& diskDir) {
  // The freedesktop.org Thumbnail Managing Standard: MD5 of the file URI, PNG, with the source's
  // URI and modification time inside so that a changed photo gets a new thumbnail.
  const QFileInfo info(path);
  const QByteArray uri = QUrl::fromLocalFile(info.absoluteFilePath()).toEncoded();
  const QString cached = diskDir + QLatin1Char('/') +
                         QString::fromLatin1(QCryptographicHash::hash(uri, QCryptographicHash::Md5).toHex()) +
                         QStringLiteral(".png");
  const QString mtime = QString::number(info.lastModified().toSecsSinceEpoch());
  QImage image(cached);
  if (!image.isNull() && image.text(QStringLiteral("Thumb::MTime")) == mtime) return image;

  QImageReader reader(path);
  reader.setAutoTransform(true);  // EXIF orientation
  const QSize size = reader.size();
  if (size.isValid() && qMax(size.width(), size.height()) > kSize)
    reader.setScaledSize(size.scaled(kSize, kSize, Qt::KeepAspectRatio));  // JPEG decodes at 1/8 scale
  image = reader.read();
  if (image.isNull()) return {};
  if (qMax(image.width(), image.height()) > kSize)
    image = image.scaled(kSize, kSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  image.setText(QStringLiteral("Thumb::URI"), QString::fromLatin1(uri));
  image.setText(QStringLiteral("Thumb::MTime"), mtime);
  QSaveFile file(cached);
  if (file.open(QIODevice::WriteOnly) && image.save(&file, "PNG")) file.commit();
  return image;
}

}  // namespace drbn::ui

#include "thumbnailcache.moc"
