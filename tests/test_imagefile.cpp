// SPDX-License-Identifier: GPL-3.0-or-later
// Photo files: bit depths, grayscale, alpha, orientation, metadata carried over, atomic writes,
// and the exact errors for corrupt input and unwritable output.
#include "core/image/containercheck.h"
#include "core/image/imagefile.h"
#include "core/image/metrics.h"
#include "core/infer/looks.h"
#include "core/io/atomicfile.h"
#include "testutils.h"

#include <QColorSpace>
#include <QDir>
#include <QImage>
#include <QDirIterator>
#include <sys/stat.h>
#include <unistd.h>
#include <QFile>
#include <QTemporaryDir>

#include <exiv2/exiv2.hpp>
#include <chrono>
#include <cmath>
#include <random>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

using namespace drbn;

namespace {

cv::Mat noise(int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  cv::randu(m, 0, 256);
  return m;
}

QByteArray encoded(const char* ext, const cv::Mat& m) {
  std::vector<uchar> bytes;
  cv::imencode(ext, m, bytes);
  return QByteArray(reinterpret_cast<const char*>(bytes.data()), int(bytes.size()));
}

uint32_t crc32(const QByteArray& data) {  // PNG's, bit by bit
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) {
    c ^= uint8_t(ch);
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

cv::Mat gradient(int w, int h, int type) {
  cv::Mat m(h, w, type);
  const double max = CV_MAT_DEPTH(type) == CV_16U ? 65535 : 255;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < m.channels(); ++c) {
        const double v = std::fmod((x * 0.37 + y * 0.11 + c * 0.2) / 10.0, 1.0) * max;
        if (CV_MAT_DEPTH(type) == CV_16U) m.ptr<uint16_t>(y)[x * m.channels() + c] = uint16_t(v);
        else m.ptr<uint8_t>(y)[x * m.channels() + c] = uint8_t(v);
      }
  return m;
}

}  // namespace

class TestImageFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // Each no-reference measure sees what it names and nothing else: grey noise is not chroma noise,
  // a tint is a cast, lifted blacks are a black level.
  void looksMeasureNoiseCastAndBlack() {
    std::mt19937 rng(7);
    std::normal_distribution<float> sigma5(0, 5.0f / 255);
    auto image = [](float r, float g, float b) {
      infer::FloatImage img(300, 200, 3);
      for (int c = 0; c < 3; ++c) std::fill(img.plane(c), img.plane(c) + img.planeSize(), c == 0 ? r : c == 1 ? g : b);
      return img;
    };
    const auto grey = image(0.47f, 0.47f, 0.47f);
    auto l = infer::measureLooks(grey, grey);
    QVERIFY(l.noise < 1e-6 && l.chromaNoise < 1e-6 && l.cast < 0.05 && std::abs(l.blackLevel - 120) < 0.01);
    QVERIFY(std::abs(l.brightness - 120) < 0.01 && std::abs(l.highlights - 120) < 0.01);

    auto noisy = grey, coloured = grey;
    for (size_t i = 0; i < grey.planeSize(); ++i) {
      const float n = sigma5(rng);
      for (int c = 0; c < 3; ++c) {
        noisy.plane(c)[i] += n;
        coloured.plane(c)[i] += sigma5(rng);
      }
    }
    l = infer::measureLooks(noisy, grey);
    // White noise halves with each halving of the size: (5 + 2.5 + 1.25) / 3.
    QVERIFY2(std::abs(l.noise - 2.92) < 0.3 && l.chromaNoise < 0.3, qPrintable(QString::number(l.noise) + QLatin1Char(' ') + QString::number(l.chromaNoise)));
    QVERIFY(infer::measureLooks(coloured, grey).chromaNoise > 1.5);  // ~1.9: sigma 5 per channel, over three scales

    QVERIFY(infer::measureLooks(image(0.59f, 0.47f, 0.39f), grey).cast > 10);  // an orange-tinted grey

    // The input's darkest 10% (left columns) are black; one result keeps them, one lifts them to 40.
    auto input = image(0.2f, 0.2f, 0.2f), kept = image(0.6f, 0.6f, 0.6f);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 200; ++y) std::fill_n(input.plane(c) + y * 300, 30, 0.0f);
    auto lifted = kept;
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 200; ++y) {
        std::fill_n(kept.plane(c) + y * 300, 30, 0.0f);
        std::fill_n(lifted.plane(c) + y * 300, 30, 40.0f / 255);
      }
    QVERIFY(infer::measureLooks(kept, input).blackLevel < 0.01);
    // 10% black, 90% at 153: the mean, and the 99th percentile is the bright part.
    QVERIFY(std::abs(infer::measureLooks(kept, input).brightness - 0.9 * 153) < 0.01);
    QCOMPARE(infer::measureLooks(kept, input).highlights, 153.0);
    QVERIFY(std::abs(infer::measureLooks(lifted, input).blackLevel - 40) < 0.01);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, infer::measureLooks(grey, infer::FloatImage(10, 10, 3)));

    // Halos: one gain everywhere, a gain that changes exactly at the input's edge (a dark
    // foreground lifted more than the sky above it), or a tone curve that lifts the darker end of a
    // gently graded sky more, is none; a gain that bleeds into the flat sky above the edge (a bright
    // band over the skyline) is.
    auto skyline = [&](float sky, float ground, auto bandGain) {
      auto img = image(sky, sky, sky);
      for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 200; ++y)
          for (int x = 0; x < 300; ++x) img.plane(c)[y * 300 + x] = y >= 128 ? ground : sky * bandGain(y);
      return img;
    };
    const auto flatGain = [](int) { return 1.0f; };
    const auto scene = skyline(0.1f, 0.02f, flatGain);
    QCOMPARE(infer::measureLooks(scene, scene).halo, 0.0);
    QVERIFY(infer::measureLooks(skyline(0.3f, 0.02f, flatGain), scene).halo < 0.01);  // x3
    QVERIFY(infer::measureLooks(skyline(0.3f, 0.2f, flatGain), scene).halo < 0.01);   // x3 above, x10 below the edge
    auto graded = image(0, 0, 0), curved = graded;
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 200; ++y)
        for (int x = 0; x < 300; ++x) {
          graded.plane(c)[y * 300 + x] = 0.05f + 0.25f * x / 300;
          curved.plane(c)[y * 300 + x] = std::sqrt(graded.plane(c)[y * 300 + x]);
        }
    QVERIFY(infer::measureLooks(curved, graded).halo < 0.01);
    const auto band = skyline(0.3f, 0.2f, [](int y) { return y < 64 ? 1.0f : 1.0f + (y - 64) / 64.0f; });
    QVERIFY2(infer::measureLooks(band, scene).halo > 1, qPrintable(QString::number(infer::measureLooks(band, scene).halo)));

    // The studio's noise map: flat is black, sigma-5 grain reads about 4 8-bit levels (a 1-pixel
    // high-pass keeps most of white noise), not the black it showed when it compared gains.
    auto centre = [](const infer::FloatImage& map) { return map.plane(0)[size_t(100) * 300 + 150]; };
    QVERIFY(centre(image::localNoise(grey)) < 1e-3);
    const float grain = centre(image::localNoise(noisy));
    QVERIFY2(grain > 3 && grain < 6, qPrintable(QString::number(grain)));
  }


  void sixteenBitKeepsItsPrecision() {
    QTemporaryDir dir;
    const std::string in = dir.filePath(QStringLiteral("in16.png")).toStdString();
    const cv::Mat source = gradient(37, 23, CV_16UC3);
    cv::imwrite(in, source);
    const auto photo = image::readPhoto(in);
    QCOMPARE(photo.bitDepth, 16);
    const std::string out = dir.filePath(QStringLiteral("out16.tif")).toStdString();
    image::writePhoto(out, image::toMat(photo.rgb, CV_16U), {"tif", 95, 16});
    const cv::Mat back = cv::imread(out, cv::IMREAD_UNCHANGED);
    QCOMPARE(back.type(), CV_16UC3);
    QCOMPARE(cv::norm(back, source, cv::NORM_INF), 0.0);  // every 16-bit value survives
  }

  void grayscaleAndAlphaStayWhatTheyWere() {
    QTemporaryDir dir;
    const std::string gray = dir.filePath(QStringLiteral("g.png")).toStdString();
    cv::imwrite(gray, gradient(20, 10, CV_8UC1));
    const auto g = image::readPhoto(gray);
    QVERIFY(g.grayscale);
    QCOMPARE(image::toMat(g.rgb, CV_8U, g.grayscale).channels(), 1);

    const std::string rgba = dir.filePath(QStringLiteral("a.png")).toStdString();
    const cv::Mat source = gradient(20, 10, CV_8UC4);
    cv::imwrite(rgba, source);
    const auto a = image::readPhoto(rgba);
    QVERIFY(!a.alpha.empty());
    const cv::Mat back = image::toMat(a.rgb, CV_8U, false, a.alpha);
    QCOMPARE(back.channels(), 4);
    QCOMPARE(cv::norm(back, source, cv::NORM_INF), 0.0);
  }

  void orientationIsAppliedAndMetadataCarriedOver() {
    QTemporaryDir dir;
    const std::string in = dir.filePath(QStringLiteral("rotated.jpg")).toStdString();
    cv::imwrite(in, gradient(40, 20, CV_8UC3));
    {
      auto img = Exiv2::ImageFactory::open(in);
      Exiv2::ExifData exif;
      exif["Exif.Image.Orientation"] = uint16_t(6);  // rotate 90 degrees clockwise to view
      exif["Exif.Image.Make"] = "TestCam";
      exif["Exif.Photo.DateTimeOriginal"] = "2026:11:25 10:00:00";
      img->setExifData(exif);
      img->xmpData()["Xmp.dc.title"] = "night street";
      img->writeMetadata();
    }
    const auto photo = image::readPhoto(in);
    QCOMPARE(photo.orientation, 6);
    QCOMPARE(photo.rgb.width, 20);  // upright now
    QCOMPARE(photo.rgb.height, 40);

    const std::string out = dir.filePath(QStringLiteral("out.jpg")).toStdString();
    image::writePhoto(out, image::toMat(photo.rgb, CV_8U), {"jpg", 90, 8}, in, {{"Model", "test-model"}, {"Stage", "2"}});
    auto written = Exiv2::ImageFactory::open(out);
    written->readMetadata();
    QCOMPARE(QString::fromStdString(written->exifData()["Exif.Image.Make"].toString()), QStringLiteral("TestCam"));
    QCOMPARE(written->exifData()["Exif.Image.Orientation"].toLong(), 1L);
    QCOMPARE(QString::fromStdString(written->xmpData()["Xmp.drbn.Model"].toString()), QStringLiteral("test-model"));
    QVERIFY(QString::fromStdString(written->xmpData()["Xmp.dc.title"].toString()).contains(QStringLiteral("night street")));
    QCOMPARE(image::readOrientation(out), 1);
  }

  void colourProfileIsKeptWhereLibpngReadsIt() {
    // A Display P3 photo stays Display P3: the profile is carried over into PNG, JPEG and TIFF
    // results in a form that libpng-based readers (here Qt's) accept.
    QTemporaryDir dir;
    const std::string in = dir.filePath(QStringLiteral("p3.png")).toStdString();
    cv::imwrite(in, gradient(40, 20, CV_8UC3));
    const QByteArray p3 = QColorSpace(QColorSpace::DisplayP3).iccProfile();
    {
      auto img = Exiv2::ImageFactory::open(in);
      img->readMetadata();
      Exiv2::DataBuf profile(reinterpret_cast<const Exiv2::byte*>(p3.constData()), long(p3.size()));
      img->setIccProfile(profile, true);
      img->writeMetadata();
    }
    const auto photo = image::readPhoto(in);
    for (const char* format : {"png", "jpg", "tif"}) {
      const QString out = dir.filePath(QStringLiteral("out.%1").arg(QLatin1String(format)));
      image::writePhoto(out.toStdString(), image::toMat(photo.rgb, CV_8U), {format, 90, 8}, in, {});
      const QImage written(out);
      QVERIFY2(!written.isNull(), format);
      QVERIFY2(written.colorSpace() == QColorSpace(QColorSpace::DisplayP3), format);
    }
  }

  void corruptAndMissingFilesNameTheFile_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("kind");
    const int damaged = int(image::ImageError::Kind::Damaged);
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty file") << damaged;
    QTest::newRow("text") << QByteArray("this is not an image")
                          << QStringLiteral("not an image (no JPEG, PNG, TIFF, WebP, BMP or PNM signature)")
                          << int(image::ImageError::Kind::NotAnImage);
    QTest::newRow("bitmap header, then garbage") << QByteArray("BM then garbage") << QStringLiteral("cannot decode image") << damaged;
    QTest::newRow("png cut in its header") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                           << QStringLiteral("truncated PNG") << damaged;
    // Decoders only warn about these and return grey or garbage pixels.
    const QByteArray jpeg = encoded(".jpg", noise(320, 240)), png = encoded(".png", noise(64, 48));
    QTest::newRow("jpeg cut after 3000 bytes") << jpeg.left(3000) << QStringLiteral("truncated JPEG") << damaged;
    QTest::newRow("jpeg without its end") << jpeg.left(jpeg.size() - 2) << QStringLiteral("truncated JPEG") << damaged;
    QTest::newRow("png cut in its data") << png.left(png.size() / 2) << QStringLiteral("truncated PNG") << damaged;
    QByteArray flipped = png;
    flipped[flipped.indexOf("IDAT") + 20] = char(flipped[flipped.indexOf("IDAT") + 20] ^ 0x40);
    QTest::newRow("png with a damaged byte") << flipped << QStringLiteral("damaged PNG (checksum error in its IDAT chunk)") << damaged;
    // A 1 KB file claiming 16000 x 16000 is refused before any decoder allocates for it.
    QByteArray huge = encoded(".png", noise(4, 4));
    const int ihdr = huge.indexOf("IHDR");
    for (int i = 0; i < 4; ++i) huge[ihdr + 4 + i] = huge[ihdr + 8 + i] = char((16000u >> (24 - 8 * i)) & 0xFF);
    const uint32_t crc = crc32(huge.mid(ihdr, 17));
    for (int i = 0; i < 4; ++i) huge[ihdr + 17 + i] = char((crc >> (24 - 8 * i)) & 0xFF);
    QTest::newRow("png claiming 256 MP") << huge << QStringLiteral("16000x16000 pixels is more than this photo limit of 200 MP")
                                        << int(image::ImageError::Kind::TooLarge);
  }
  void corruptAndMissingFilesNameTheFile() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(int, kind);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.png"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    try {
      image::readPhoto(path.toStdString());
      QFAIL("a corrupt image decoded");
    } catch (const image::ImageError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).startsWith(path + QStringLiteral(": ") + expected), e.what());
      QCOMPARE(int(e.kind()), kind);
    }
    QVERIFY_THROWS_EXCEPTION(image::ImageError, image::readPhoto(dir.filePath(QStringLiteral("none.png")).toStdString()));
  }

  void floatImagesMustBeZeroToOne() {
    QTemporaryDir dir;
    cv::Mat unit(8, 8, CV_32FC3, cv::Scalar(0.25, 0.5, 1.0)), bytes = unit * 255.0;
    const std::string good = dir.filePath(QStringLiteral("unit.tif")).toStdString(),
                      bad = dir.filePath(QStringLiteral("bytes.tif")).toStdString();
    QVERIFY(cv::imwrite(good, unit) && cv::imwrite(bad, bytes));
    try {
      QVERIFY(std::abs(image::readPhoto(good).rgb.plane(0)[0] - 1.0f) < 0.01f);  // R, from BGR (LogLuv: ~1%)
    } catch (const image::ImageError& e) {
      QFAIL(e.what());
    }
    try {
      image::readPhoto(bad);
      QFAIL("0-255 float pixels were taken as 0-1");
    } catch (const image::ImageError& e) {
      QCOMPARE(QString::fromUtf8(e.what()),
               QString::fromStdString(bad) + QStringLiteral(": floating-point pixels from 63.7 to 256; float images "
                                                            "are read as 0-1 (save it with 8 or 16 bits instead)"));
    }
  }

  void aFifoIsRefusedNotWaitedOn() {
    QTemporaryDir dir;
    const std::string fifo = dir.filePath(QStringLiteral("photo.jpg")).toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    try {
      image::readPhoto(fifo);
      QFAIL("a FIFO was read");
    } catch (const image::ImageError& e) {
      QCOMPARE(QString::fromUtf8(e.what()), QString::fromStdString(fifo + ": not a regular file"));
    }
  }

  // The checks before decoding pass every real photo of ../shared (no false alarms).
  void realPhotosPassTheContainerChecks() {
    DRBN_REQUIRE_SHARED(data, "data");
    int checked = 0;
    QDirIterator it(data, {QStringLiteral("*.jpg"), QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      QFile f(path);
      QVERIFY(f.open(QIODevice::ReadOnly));
      const QByteArray bytes = f.readAll();
      try {
        image::checkContainer(path.toStdString(), std::string_view(bytes.constData(), size_t(bytes.size())));
      } catch (const image::ImageError& e) {
        QFAIL(e.what());
      }
      ++checked;
    }
    QVERIFY(checked > 0);
  }

  void unwritableOutputLeavesNothingBehind() {
    QTemporaryDir dir;
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QDir().mkdir(locked);
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::ExeOwner);
    const std::string out = (locked + QStringLiteral("/x.png")).toStdString();
    const bool root = ::geteuid() == 0;  // root writes anywhere: use a missing folder instead
    const std::string target = root ? dir.filePath(QStringLiteral("missing/x.png")).toStdString() : out;
    try {
      image::writePhoto(target, gradient(8, 8, CV_8UC3), {"png", 95, 8});
      QFAIL("writing into an unwritable place succeeded");
    } catch (const image::ImageError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).startsWith(QString::fromStdString(target) + QStringLiteral(": cannot create a file in its folder")), e.what());
    }
    QFile::setPermissions(locked, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(QDir(locked).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 0);
  }

  // Temporaries are short and ours: a 250-byte name still writes; a killed write's leftover is
  // cleaned once it is an hour old, a younger one (a write going on) and other files are kept.
  void atomicWriteTemporariesAreShortAndCleaned() {
    QTemporaryDir dir;
    const std::string longName = dir.filePath(QString(246, QLatin1Char('n')) + QStringLiteral(".png")).toStdString();
    io::writeFileAtomically(longName, std::string("data"));
    QCOMPARE(io::readFile(longName), std::string("data"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    const QString stale = dir.filePath(QStringLiteral(".drbn-Ab3xYz.part")), fresh = dir.filePath(QStringLiteral(".drbn-Qq9Rr1.part")),
                  other = dir.filePath(QStringLiteral(".drbn-notes.part"));
    for (const QString& f : {stale, fresh, other}) io::writeFileAtomically(f.toStdString(), std::string("x"));
    std::filesystem::last_write_time(stale.toStdString(),
                                     std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
    QCOMPARE(io::removeStaleTemporaries(dir.path().toStdString()), 1);
    QVERIFY(!QFile::exists(stale) && QFile::exists(fresh) && QFile::exists(other));
  }

  void atomicWriteReplacesWholeOrNotAtAll() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("f.bin")).toStdString();
    io::writeFileAtomically(path, std::string("old"));
    io::writeFileAtomically(path, std::string(100000, 'n'));
    QCOMPARE(io::readFile(path).size(), size_t(100000));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);  // no temporary left
  }

  void rejectsImpossibleOutputs() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("x.jpg")).toStdString();
    QVERIFY_THROWS_EXCEPTION(image::ImageError, image::writePhoto(path, gradient(8, 8, CV_16UC3), {"jpg", 90, 16}));
    QVERIFY_THROWS_EXCEPTION(image::ImageError, image::extensionFor("gif"));
  }

  void scoresAsPapersDo() {
    const cv::Mat a = gradient(64, 48, CV_8UC3);
    const auto same = image::score(a, a);
    QVERIFY(std::isinf(same.psnr));
    QVERIFY(std::abs(same.ssim - 1.0) < 1e-9);
    cv::Mat b = a.clone();
    b += cv::Scalar(2, 2, 2);  // uniform error of 2 where not saturated
    const auto s = image::score(b, a, 7);
    QVERIFY(std::abs(s.psnr - 10 * std::log10(255.0 * 255.0 / 4.0)) < 0.2);
    QVERIFY(s.ssim > 0.9 && s.ssim < 1.0);
  }
};

QTEST_APPLESS_MAIN(TestImageFile)
#include "test_imagefile.moc"
