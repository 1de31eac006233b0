// SPDX-License-Identifier: GPL-3.0-or-later
// Tiled enhancement matches untiled enhancement; odd sizes come back at their own size;
// progress and cancel work between tiles.
#include "core/image/imagefile.h"
#include "core/infer/enhancer.h"
#include "testutils.h"

#include <QDebug>

#include <algorithm>
#include <cmath>

using namespace drbn;

namespace {

infer::FloatImage crop(const infer::FloatImage& img, int x0, int y0, int w, int h) {
  infer::FloatImage out(w, h, img.channels);
  for (int c = 0; c < img.channels; ++c)
    for (int y = 0; y < h; ++y)
      std::copy_n(img.plane(c) + size_t(y0 + y) * img.width + x0, w, out.plane(c) + size_t(y) * w);
  return out;
}

float maxAbsDiff8(const infer::FloatImage& a, const infer::FloatImage& b) {
  float m = 0;
  for (size_t i = 0; i < a.data.size(); ++i) {
    auto q = [](float v) { return std::round(std::clamp(v, 0.0f, 1.0f) * 255.0f); };
    m = std::max(m, std::abs(q(a.data[i]) - q(b.data[i])));
  }
  return m;
}

}  // namespace

class TestTiling : public QObject {
  Q_OBJECT
 private:
  infer::Enhancer m_enhancer;
  infer::FloatImage m_photo, m_wholePhoto;

 private Q_SLOTS:
  void initTestCase() {
    const QString s2 = drbn::test::sharedFile(QStringLiteral("weights/authors/model_s2.pt"));
    const QString r2 = drbn::test::sharedFile(QStringLiteral("weights/authors/model_R_s2.pt"));
    const QString photo = drbn::test::sharedFile(QStringLiteral("data/unpaired-lowlight/difficult/1482.png"));
    if (s2.isEmpty() || r2.isEmpty() || photo.isEmpty()) {
      qInfo("../shared absent: tiling is checked with untrained networks on a synthetic image");
      m_enhancer.useUntrainedNetworks();
      m_photo = infer::FloatImage(300, 220, 3);
      for (size_t i = 0; i < m_photo.data.size(); ++i) m_photo.data[i] = float((i * 7919) % 101) / 400.0f;
      m_wholePhoto = infer::FloatImage(1080, 720, 3);
      for (size_t i = 0; i < m_wholePhoto.data.size(); ++i) m_wholePhoto.data[i] = float((i * 7919) % 101) / 400.0f;
      return;
    }
    m_enhancer.loadBandNetwork(s2.toStdString());
    m_enhancer.loadRecomposer(r2.toStdString());
    m_wholePhoto = image::readPhoto(photo.toStdString()).rgb;
    m_photo = crop(m_wholePhoto, 300, 200, 300, 220);
  }

  // Tiles much smaller than the photo, so most see only part of it: the margin must carry
  // all the context the four recurrences use, on both engines.
  void tiledMatchesUntiledAcrossAPhoto_data() {
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("tile");
    QTest::addColumn<bool>("direct");
    QTest::newRow("stage 2, oneDNN, 15 tiles of 256") << 2 << 256 << true;
    QTest::newRow("stage 1, oneDNN, 6 tiles of 384") << 1 << 384 << true;
    QTest::newRow("stage 2, LibTorch, 6 tiles of 384") << 2 << 384 << false;
  }
  void tiledMatchesUntiledAcrossAPhoto() {
    QFETCH(int, stage);
    QFETCH(int, tile);
    QFETCH(bool, direct);
    infer::EnhanceOptions options;
    options.stage = stage == 2 ? infer::Stage::Recomposed : infer::Stage::BandNetwork;
    options.directOneDnn = direct;
    options.tileSize = -1;
    const auto whole = m_enhancer.enhance(m_wholePhoto, options);
    options.tileSize = tile;
    const auto tiled = m_enhancer.enhance(m_wholePhoto, options);
    const int w = m_wholePhoto.width, h = m_wholePhoto.height;
    QCOMPARE(tiled.tiles, ((w + tile - 1) / tile) * ((h + tile - 1) / tile));
    QVERIFY(tile + 2 * options.tileMargin < w);  // tiles see only part of the photo
    const float diff = maxAbsDiff8(tiled.image, whole.image);
    qInfo("max difference tiled vs untiled: %.0f/255", double(diff));
    QVERIFY2(diff <= 1, qPrintable(QStringLiteral("tiled differs by %1/255").arg(diff)));
  }

  void tiledMatchesUntiled_data() {
    QTest::addColumn<int>("stage");
    QTest::addColumn<int>("tile");
    QTest::newRow("stage 2, tiles of 128") << 2 << 128;
    QTest::newRow("stage 1, tiles of 96") << 1 << 96;
  }
  void tiledMatchesUntiled() {
    QFETCH(int, stage);
    QFETCH(int, tile);
    infer::EnhanceOptions options;
    options.stage = stage == 2 ? infer::Stage::Recomposed : infer::Stage::BandNetwork;
    options.tileSize = -1;
    const auto whole = m_enhancer.enhance(m_photo, options);
    options.tileSize = tile;
    int reported = 0, total = 0;
    const auto tiled = m_enhancer.enhance(m_photo, options, [&](int done, int all) { reported = done; total = all; });
    QCOMPARE(tiled.tiles, ((300 + tile - 1) / tile) * ((220 + tile - 1) / tile));
    QCOMPARE(reported, total);
    QCOMPARE(tiled.image.width, whole.image.width);
    const float diff = maxAbsDiff8(tiled.image, whole.image);
    qInfo("max difference tiled vs untiled: %.0f/255", double(diff));
    QVERIFY2(diff < 2, qPrintable(QStringLiteral("tiled differs by %1/255").arg(diff)));
  }

  void oddSizesComeBackWhole_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("203x157") << 203 << 157;
    QTest::newRow("1x1") << 1 << 1;
    QTest::newRow("5x3") << 5 << 3;
    QTest::newRow("66x4") << 66 << 4;
  }
  void oddSizesComeBackWhole() {
    QFETCH(int, width);
    QFETCH(int, height);
    infer::EnhanceOptions options;
    options.keepBands = true;
    const auto out = m_enhancer.enhance(crop(m_photo, 0, 0, width, height), options);
    QCOMPARE(out.image.width, width);
    QCOMPARE(out.image.height, height);
    QCOMPARE(out.bands.w3.width, width);
    QCOMPARE(out.bands.recurrences[0][2].width, (width + 3) / 4);
    QVERIFY(std::all_of(out.image.data.begin(), out.image.data.end(), [](float v) { return std::isfinite(v); }));
  }

  void cancelStopsBetweenTiles() {
    infer::EnhanceOptions options;
    options.tileSize = 64;
    std::atomic<bool> cancel{false};
    int seen = 0;
    try {
      m_enhancer.enhance(m_photo, options, [&](int done, int) { seen = done; cancel = true; }, &cancel);
      QFAIL("enhance finished despite cancel");
    } catch (const infer::Cancelled&) {
    }
    QCOMPARE(seen, 1);
  }

  void rejectsUnusableInput() {
    infer::EnhanceOptions options;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_enhancer.enhance(infer::FloatImage(), options));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_enhancer.enhance(infer::FloatImage(8, 8, 1), options));
    options.tileSize = 30;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m_enhancer.enhance(m_photo, options));
  }
};

QTEST_APPLESS_MAIN(TestTiling)
#include "test_tiling.moc"
