#include "ui/thumbnailcache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSaveFile>
#include <QStandardPaths>
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

ThumbnailCache::ThumbnailCache(QObject* parent, QString diskDir)
    : QObject(parent), m_diskDir(diskDir.isEmpty() ? defaultDiskDir() : std::move(diskDir)), m_memory(kMemoryThumbnails) {
  m_pool.setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1));  // leave a core to the GUI
  QDir().mkpath(m_diskDir);
}

ThumbnailCache::~ThumbnailCache() {
  clearPending();
  m_pool.waitForDone();
}

QImage ThumbnailCache::thumbnail(const QString& path) {
  if (const QImage* image = m_memory.object(path)) return *image;
  if (m_requested.contains(path)) return {};
  m_requested.insert(path);
  {
    QMutexLocker lock(&m_mutex);
    m_pending.push_back(path);
    if (m_pending.size() > kMaxPending) {
      m_requested.remove(m_pending.front());
      m_pending.pop_front();
    }
  }
  startWorkers();
  return {};
}

void ThumbnailCache::clearPending() {
  QMutexLocker lock(&m_mutex);
  for (const QString& path : m_pending) m_requested.remove(path);
  m_pending.clear();
}

void ThumbnailCache::startWorkers() {
  while (m_pool.activeThreadCount() < m_pool.maxThreadCount()) {
    const bool started = m_pool.tryStart([this] {
      for (;;) {
        QString path;
        {
          QMutexLocker lock(&m_mutex);
          if (m_pending.empty()) return;
          path = m_pending.back();
          m_pending.pop_back();
        }
        const QImage image = make(path, m_diskDir);
        QMetaObject::invokeMethod(this, [this, path, image] {
          m_memory.insert(path, new QImage(image.isNull() ? QImage(1, 1, QImage::Format_ARGB32) : image));
          m_requested.remove(path);
          Q_EMIT ready(path);
        }, Qt::QueuedConnection);
      }
    });
    if (!started) break;
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
