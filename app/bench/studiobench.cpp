// SPDX-License-Identifier: GPL-3.0-or-later
// drbn-studio-bench: how the Curate page's grid holds up at AVA's size. Builds the page's model and
// grid over 255,000 photos (offscreen), times filling it, painting a screen of thumbnails and
// scrolling page by page against a 60 Hz frame (16.7 ms), then the thumbnail cache on real JPEGs,
// cold (decode + write the freedesktop cache) and warm (from that cache).
// Before that, the Enhance page: opening a photo (a generated 24 MP JPEG, and ../shared's
// 1482.png when present) to its first enhanced preview, against the 2 s a photographer waits.
// Usage: drbn-studio-bench [PHOTOS]   (default 120 generated 2000x1500 JPEGs)
#include "core/curate/catalog.h"
#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "ui/enhancejob.h"
#include "ui/imageconvert.h"
#include "ui/catalogmodel.h"
#include "ui/thumbnailcache.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QListView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace drbn;

namespace {

double ms(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

void line(const char* what, double value, const char* unit, double budget) {
  std::printf("  %-40s %9.1f %s  (budget %.1f: %.2f of it)\n", what, value, unit, budget, value / budget);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

/// What the Enhance page does when a photo opens: decode it, convert it for display, then the
/// enhancement job's preview pass; timed to the preview's arrival (the full pass is cancelled).
void benchOpening(const QString& path, const std::shared_ptr<const infer::Enhancer>& enhancer) {
  QElapsedTimer t;
  t.start();
  image::Photo photo = image::readPhoto(path.toStdString());
  const double decoded = ms(t);
  const QImage shown = ui::toQImage(photo.rgb);
  const double converted = ms(t);
  ui::EnhanceJob::Params params;
  params.enhancer = enhancer;
  params.image = std::move(photo.rgb);
  ui::EnhanceJob job(std::move(params));
  QSignalSpy ready(&job, &ui::EnhanceJob::resultReady), finished(&job, &ui::EnhanceJob::finished);
  job.start();
  ready.wait(120000);
  const double previewed = ms(t);
  job.requestCancel();
  finished.wait(120000);
  std::printf("  %s (%dx%d): decoded %.0f ms, shown %.0f ms, enhanced preview %.0f ms (budget 2000: %.2f of it)\n",
              qPrintable(QFileInfo(path).fileName()), shown.width(), shown.height(), decoded, converted, previewed,
              previewed / 2000);
}

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QTemporaryDir dir;
  ui::ThumbnailCache thumbnails(nullptr, dir.filePath(QStringLiteral("thumbnails")));

  std::printf("Opening a photo on the Enhance page, to the first enhanced preview (built-in model):\n");
  {
    auto enhancer = std::make_shared<infer::Enhancer>();
    enhancer->loadDefaultModel();
    // A dark 24-megapixel JPEG, as a camera makes; and a real low-light photo when ../shared is there.
    QImage big(6000, 4000, QImage::Format_RGB32);
    QPainter p(&big);
    for (int i = 0; i < 200; ++i) p.fillRect(QRect((i * 97) % 5600, (i * 61) % 3700, 400, 300), QColor::fromHsv(i * 7 % 360, 180, 20 + i % 40));
    p.end();
    const QString bigPath = dir.filePath(QStringLiteral("camera-24mp.jpg"));
    big.save(bigPath, "JPEG", 92);
    benchOpening(bigPath, enhancer);
    const QByteArray shared = qEnvironmentVariableIsSet("DRBN_SHARED_DIR") ? qgetenv("DRBN_SHARED_DIR") : QByteArray("../shared");
    const QString real = QString::fromLocal8Bit(shared) + QStringLiteral("/data/unpaired-lowlight/difficult/1482.png");
    if (QFileInfo::exists(real)) benchOpening(real, enhancer);
  }

  std::printf("Curate grid over 255,000 photos (offscreen, 1280x800 view):\n");
  std::vector<curate::Item> items(255000);
  for (size_t i = 0; i < items.size(); ++i) {
    items[i].id = (long long)i + 1;
    items[i].path = "/nonexistent/ava/" + std::to_string(100000 + i) + ".jpg";
    items[i].avaId = 100000 + (long long)i;
    items[i].mos = 1 + double(i % 900) / 100;
    items[i].present = false;  // placeholders: this part times the grid, not decoding
  }
  ui::CatalogModel model(&thumbnails);
  QListView view;
  view.setViewMode(QListView::IconMode);
  view.setResizeMode(QListView::Adjust);
  view.setMovement(QListView::Static);
  view.setUniformItemSizes(true);
  view.setLayoutMode(QListView::Batched);
  view.setBatchSize(2000);
  view.setItemDelegate(new ui::CatalogDelegate(&view));
  view.setModel(&model);
  view.resize(1280, 800);
  view.show();
  QElapsedTimer t;
  t.start();
  model.setItems(items);
  std::vector<int> all(items.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = int(i);
  model.setShown(all);
  QCoreApplication::processEvents();
  line("fill the model and lay out the grid", ms(t), "ms", 1000);
  QImage frame(view.size(), QImage::Format_ARGB32_Premultiplied);
  t.restart();
  view.render(&frame);
  line("paint one screen", ms(t), "ms", 16.7);
  std::vector<double> frames;
  QScrollBar* bar = view.verticalScrollBar();
  for (int i = 0; i < 60; ++i) {
    t.restart();
    bar->setValue(bar->value() + bar->pageStep());
    view.render(&frame);
    frames.push_back(ms(t));
  }
  line("scroll a page and paint (median of 60)", median(frames), "ms", 16.7);
  t.restart();
  bar->setValue(bar->maximum());
  view.render(&frame);
  line("jump to the end and paint", ms(t), "ms", 16.7);

  // Thumbnails of real files.
  QStringList photos;
  if (argc > 1) {
    for (const QFileInfo& f : QDir(QString::fromLocal8Bit(argv[1])).entryInfoList({QStringLiteral("*.jpg"), QStringLiteral("*.png")}))
      photos << f.absoluteFilePath();
  } else {
    QImage photo(2000, 1500, QImage::Format_RGB32);
    QPainter p(&photo);
    for (int i = 0; i < 60; ++i) p.fillRect(QRect(i * 33, i * 25, 400, 300), QColor::fromHsv(i * 6, 200, 80 + i * 2));
    p.end();
    for (int i = 0; i < 120; ++i) {
      const QString path = dir.filePath(QStringLiteral("photo%1.jpg").arg(i));
      photo.save(path, "JPEG", 90);
      photos << path;
    }
  }
  if (photos.isEmpty()) return 0;
  std::printf("Thumbnails of %d photos (%d threads):\n", int(photos.size()), std::max(1, QThread::idealThreadCount() - 1));
  for (const bool warm : {false, true}) {
    ui::ThumbnailCache cache(nullptr, dir.filePath(QStringLiteral("thumbnails")));
    QSignalSpy ready(&cache, &ui::ThumbnailCache::ready);
    t.restart();
    for (const QString& path : photos) cache.thumbnail(path);
    while (ready.size() < photos.size()) ready.wait(10000);
    const double perPhoto = ms(t) / double(photos.size());
    line(warm ? "per thumbnail, from the disk cache" : "per thumbnail, decoded and cached", perPhoto, "ms",
         warm ? 5 : 100);
  }
  return 0;
}
