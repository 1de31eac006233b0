// SPDX-License-Identifier: GPL-3.0-or-later
// Training data on disk: dataset layouts, the checks before training, synthetic pairs.
#include "core/data/synth.h"
#include "core/data/trainingfolders.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace drbn;

namespace {

void writeImage(const QString& path, int w, int h, int seed = 1) {
  QDir().mkpath(QFileInfo(path).path());
  cv::Mat m(h, w, CV_8UC3);
  cv::theRNG().state = uint64_t(seed);
  cv::randu(m, 0, 255);
  QVERIFY(cv::imwrite(path.toStdString(), m));
}

QString join(const std::vector<std::string>& lines) {
  QStringList list;
  for (const auto& l : lines) list << QString::fromStdString(l);
  return list.join(QLatin1Char('\n'));
}

QString join(const std::vector<data::DataProblem>& problems) {
  QStringList list;
  for (const auto& p : problems) list << QString::fromStdString(p.message());
  return list.join(QLatin1Char('\n'));
}

}  // namespace

class TestTrainingData : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void recognisesLayouts_data() {
    QTest::addColumn<QStringList>("dirs");
    QTest::addColumn<QString>("layout");
    QTest::addColumn<QString>("low");
    QTest::addColumn<QString>("validation");
    QTest::newRow("LOL v1") << QStringList{QStringLiteral("our485/low"), QStringLiteral("our485/high"), QStringLiteral("eval15/low"), QStringLiteral("eval15/high")}
                            << QStringLiteral("LOL v1") << QStringLiteral("our485/low") << QStringLiteral("eval15/low");
    QTest::newRow("LOL v2") << QStringList{QStringLiteral("Train/Low"), QStringLiteral("Train/Normal"), QStringLiteral("Test/Low"), QStringLiteral("Test/Normal")}
                            << QStringLiteral("LOL v2") << QStringLiteral("Train/Low") << QStringLiteral("Test/Low");
    QTest::newRow("authors") << QStringList{QStringLiteral("Our_low"), QStringLiteral("Our_normal"), QStringLiteral("Low_real_test_2_rs"), QStringLiteral("AVA_good_2")}
                             << QStringLiteral("DRBN authors'") << QStringLiteral("Our_low") << QString();
    QTest::newRow("low/high") << QStringList{QStringLiteral("low"), QStringLiteral("high")} << QStringLiteral("low/high pairs")
                              << QStringLiteral("low") << QString();
    QTest::newRow("unknown") << QStringList{QStringLiteral("photos")} << QString() << QString() << QString();
  }
  void recognisesLayouts() {
    QFETCH(QStringList, dirs);
    QFETCH(QString, layout);
    QFETCH(QString, low);
    QFETCH(QString, validation);
    QTemporaryDir root;
    for (const auto& d : dirs) QDir(root.path()).mkpath(d);
    const auto f = data::detectLayout(root.path().toStdString());
    QCOMPARE(QString::fromStdString(f.layout), layout);
    QCOMPARE(QString::fromStdString(f.pairedLow), low.isEmpty() ? QString() : root.filePath(low));
    QCOMPARE(QString::fromStdString(f.validationLow), validation.isEmpty() ? QString() : root.filePath(validation));
    if (layout == QStringLiteral("DRBN authors'")) {
      QCOMPARE(QString::fromStdString(f.unpaired), root.filePath(QStringLiteral("Low_real_test_2_rs")));
      QCOMPARE(QString::fromStdString(f.quality), root.filePath(QStringLiteral("AVA_good_2")));
    }
  }

  void reportsEveryProblemBeforeTraining() {
    QTemporaryDir root;
    const auto p = [&](const char* rel) { return root.filePath(QLatin1String(rel)); };
    for (int i = 0; i < 4; ++i) {
      writeImage(p("low/") + QString::number(i) + QStringLiteral(".png"), 64, 48, i);
      writeImage(p("high/") + QString::number(i) + QStringLiteral(".png"), 64, 48, i + 10);
    }
    writeImage(p("low/only-low.png"), 64, 48);        // no partner
    writeImage(p("high/small.png"), 20, 20);          // smaller than the crop
    writeImage(p("low/small.png"), 20, 20);
    writeImage(p("high/mismatch.png"), 64, 48);       // sizes differ
    writeImage(p("low/mismatch.png"), 60, 48);
    QFile broken(p("low/broken.png"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("\x89PNG\r\n\x1a\n but truncated");  // a PNG signature, then nothing of one
    broken.close();
    writeImage(p("high/broken.png"), 64, 48);

    data::TrainingFolders folders = data::detectLayout(root.path().toStdString());
    data::LoadOptions options;
    options.crop = 32;
    options.validationFraction = 0.25;
    data::DataReport report;
    const auto set = data::loadTrainingSet(folders, options, report);
    QVERIFY(!report.ok());
    const QString errors = join(report.errors);
    // A damaged file says so as when the studio opens it, and what kind of problem it is.
    const auto unreadable = std::find_if(report.errors.begin(), report.errors.end(),
                                     [](const data::DataProblem& e) { return e.kind == data::DataProblem::Kind::Unreadable; });
    QVERIFY2(unreadable != report.errors.end(), qPrintable(errors));
    QCOMPARE(QString::fromStdString(unreadable->path), p("low/broken.png"));
    QVERIFY(unreadable->imageKind == image::ImageError::Kind::Damaged);
    QVERIFY2(errors.contains(p("low/broken.png") + QStringLiteral(": ") + QString::fromStdString(unreadable->detail)), qPrintable(errors));
    QVERIFY2(errors.contains(p("low/small.png") + QStringLiteral(": 20x20 is smaller than the 32 px training crop")), qPrintable(errors));
    QVERIFY2(errors.contains(p("low/mismatch.png") + QStringLiteral(": 60x48 but its normal-light image is 64x48")), qPrintable(errors));
    QCOMPARE(report.errors.size(), size_t(3));
    QCOMPARE(join(report.warnings), p("low/only-low.png") + QStringLiteral(": no normal-light image named 'only-low.*' in ") + p("high"));
    QCOMPARE(report.pairs + report.validationPairs, 4);
    QCOMPARE(report.validationPairs, 1);
    QCOMPARE(int(set.paired.size()), 3);
    QCOMPARE(set.paired[0].low.width, 64);

    folders.unpaired = p("missing").toStdString();
    options.stage = 2;
    data::loadTrainingSet(folders, options, report);
    QVERIFY2(join(report.errors).contains(p("missing") + QStringLiteral(": unpaired low-light folder does not exist")),
             qPrintable(join(report.errors)));
    QVERIFY(join(report.errors).contains(QStringLiteral("no high-quality folder given")));
  }

  void synthesisesDarkNoisyPairs() {
    QTemporaryDir root;
    cv::Mat scene(120, 160, CV_8UC3);
    for (int y = 0; y < scene.rows; ++y)
      for (int x = 0; x < scene.cols; ++x) scene.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x), uchar(y * 2), uchar(100 + x / 2));
    QDir().mkpath(root.filePath(QStringLiteral("normal")));
    QVERIFY(cv::imwrite(root.filePath(QStringLiteral("normal/scene.jpg")).toStdString(), scene));
    data::SynthOptions options;
    options.seed = 7;
    options.maxSide = 80;
    const auto report = data::synthesizeFolder(root.filePath(QStringLiteral("normal")).toStdString(),
                                               root.filePath(QStringLiteral("out")).toStdString(), options);
    QVERIFY2(report.errors.empty(), qPrintable(join(report.errors)));
    QCOMPARE(report.written, 1);
    const cv::Mat high = cv::imread(root.filePath(QStringLiteral("out/high/scene.png")).toStdString());
    const cv::Mat low = cv::imread(root.filePath(QStringLiteral("out/low/scene.png")).toStdString());
    QCOMPARE(high.cols, 80);
    QCOMPARE(low.size(), high.size());
    QVERIFY(cv::mean(low)[0] < 0.6 * cv::mean(high)[0]);  // darker by more than a stop of linear light
    // Noise: neighbouring pixels of a smooth gradient differ more in the dark version than a
    // plain darkening would make them.
    cv::Mat dx;
    cv::absdiff(low.colRange(1, low.cols), low.colRange(0, low.cols - 1), dx);
    QVERIFY(cv::mean(dx)[1] > 0.5);
    // The same seed makes the same pair; another seed another one.
    const auto again = data::synthesizeFolder(root.filePath(QStringLiteral("normal")).toStdString(),
                                              root.filePath(QStringLiteral("again")).toStdString(), options);
    QCOMPARE(again.written, 1);
    const cv::Mat low2 = cv::imread(root.filePath(QStringLiteral("again/low/scene.png")).toStdString());
    QCOMPARE(cv::norm(low, low2, cv::NORM_INF), 0.0);
    std::mt19937_64 rng(99);
    QVERIFY(cv::norm(data::synthesizeLowLight(high, rng, options), low, cv::NORM_INF) > 0);
  }

  // A damaged photo is named with its reason and left out, as everywhere else (it was decoded
  // into a flat grey pair that training then took for data).
  void synthesisLeavesOutDamagedPhotos() {
    QTemporaryDir root;
    const QString normal = root.filePath(QStringLiteral("normal"));
    writeImage(normal + QStringLiteral("/good.jpg"), 96, 64);
    std::vector<uchar> jpeg;
    cv::Mat scene(64, 96, CV_8UC3, cv::Scalar(40, 80, 120));
    cv::imencode(".jpg", scene, jpeg);
    QFile cut(normal + QStringLiteral("/cut.jpg"));
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(reinterpret_cast<const char*>(jpeg.data()), qint64(jpeg.size() / 2));
    cut.close();
    const auto report = data::synthesizeFolder(normal.toStdString(), root.filePath(QStringLiteral("out")).toStdString(), {});
    QCOMPARE(report.written, 1);
    QCOMPARE(join(report.errors), normal + QStringLiteral("/cut.jpg: truncated JPEG (the file ends before its last image data)"));
    QVERIFY(!QFile::exists(root.filePath(QStringLiteral("out/low/cut.png"))));
    // A file given for the folder is not "missing".
    const auto notFolder = data::synthesizeFolder((normal + QStringLiteral("/good.jpg")).toStdString(),
                                                  root.filePath(QStringLiteral("out2")).toStdString(), {});
    QCOMPARE(join(notFolder.errors), normal + QStringLiteral("/good.jpg: not a folder"));
  }
};

QTEST_APPLESS_MAIN(TestTrainingData)
#include "test_trainingdata.moc"
