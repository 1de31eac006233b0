// The studio window, driven as a person would: open a photo, wait for the worker, explore bands,
// tune with undo, batch export past a corrupt file, keep EXIF. With DRBN_SCREENSHOT_DIR set it
// also saves PNGs of the main window, the band explorer and the batch dialog (run it under Xvfb).
#include "ui/bandexplorer.h"
#include "ui/batchdialog.h"
#include "ui/compareview.h"
#include "ui/mainwindow.h"
#include "ui/tuningpanel.h"

#include <QDir>
#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <exiv2/exiv2.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace drbn;

namespace {

/// A dim street-like scene: gradients, edges and colour, with camera EXIF.
void writePhoto(const QString& path, int w, int h) {
  cv::Mat m(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(10 + (x * 30) / w), uchar(8 + ((x / 16 + y / 16) % 2) * 20), uchar(12 + (y * 40) / h));
  QVERIFY(cv::imwrite(path.toStdString(), m));
  auto image = Exiv2::ImageFactory::open(path.toStdString());
  image->readMetadata();
  image->exifData()["Exif.Image.Make"] = "DRBN Test Camera";
  image->exifData()["Exif.Photo.ISOSpeedRatings"] = uint16_t(6400);
  image->writeMetadata();
}

void screenshot(QWidget* widget, const QString& name) {
  const QString dir = qEnvironmentVariable("DRBN_SCREENSHOT_DIR");
  if (dir.isEmpty()) return;
  QDir().mkpath(dir);
  QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
}

}  // namespace

class TestStudio : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;
  QString m_photo;

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
    QSettings().clear();
    m_photo = m_dir.filePath(QStringLiteral("street.jpg"));
    writePhoto(m_photo, 320, 240);
  }

  void enhancesExploresTunesAndUndoes() {
    ui::MainWindow window;
    window.resize(1500, 950);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.enhancer().hasRecomposer());  // the built-in default has both stages
    QSignalSpy done(&window, &ui::MainWindow::enhancementFinished);
    QVERIFY(window.openPhoto(m_photo));
    QVERIFY(window.isEnhancing());
    QVERIFY(done.wait(120000));

    // Every output: result, 4 recurrences x 3 scales, 3 bands, 3 weight maps, 2 judging views.
    auto* explorer = window.bandExplorer();
    QCOMPARE(explorer->itemCount(), 1 + 12 + 3 + 3 + 2);
    QCOMPARE(explorer->item(4).image.width, 320);   // recurrence 2, full
    QCOMPARE(explorer->item(6).image.width, 80);    // recurrence 2, 1/4
    QCOMPARE(explorer->item(14).map, ui::ColorMap::Diverging);  // mid band
    QCOMPARE(explorer->item(16).map, ui::ColorMap::Heat);       // w1
    const QImage enhanced = window.enhancedImage();
    QCOMPARE(enhanced.size(), QSize(320, 240));
    screenshot(&window, QStringLiteral("main-window.png"));

    // Moving a gain slider changes the preview at once; undo restores it exactly.
    auto* fine = window.tuningPanel()->findChildren<QSlider*>().at(2);
    fine->setValue(250);
    QCOMPARE(window.tuningPanel()->adjustments().fineGain, 2.5f);
    QVERIFY(window.enhancedImage() != enhanced);
    window.undoStack()->undo();
    QCOMPARE(window.tuningPanel()->adjustments().fineGain, 1.0f);
    QCOMPARE(window.enhancedImage(), enhanced);
    window.undoStack()->redo();
    QVERIFY(window.enhancedImage() != enhanced);

    explorer->select(14);
    QCOMPARE(window.enhancedImage().size(), QSize(320, 240));
    screenshot(explorer->parentWidget(), QStringLiteral("band-explorer.png"));
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("bandExplorerDock"));
    QVERIFY(dock);
    screenshot(dock, QStringLiteral("band-explorer-dock.png"));
  }

  void batchExportContinuesPastABadFileAndKeepsExif() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("in")));
    QVERIFY(QFile::copy(m_photo, dir.filePath(QStringLiteral("in/a.jpg"))));
    writePhoto(dir.filePath(QStringLiteral("in/b.jpg")), 96, 64);
    QFile bad(dir.filePath(QStringLiteral("in/broken.jpg")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("\xff\xd8 not really a jpeg");
    bad.close();

    ui::MainWindow window;
    ui::BatchDialog dialog(std::shared_ptr<const infer::Enhancer>(&window.enhancer(), [](const infer::Enhancer*) {}),
                           infer::Stage::Recomposed, infer::Adjustments());
    dialog.show();
    dialog.addFiles({dir.filePath(QStringLiteral("in"))});
    dialog.setOutputFolder(dir.filePath(QStringLiteral("out")));
    QSignalSpy finished(&dialog, &ui::BatchDialog::allFinished);
    dialog.start();
    QVERIFY(finished.wait(120000));
    QCOMPARE(dialog.failures(), 1);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/a_drbn.png"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/b_drbn.png"))));
    const auto* list = dialog.statusList();
    QCOMPARE(list->topLevelItemCount(), 3);
    QVERIFY2(list->topLevelItem(2)->text(1).startsWith(QStringLiteral("failed: ") + dir.filePath(QStringLiteral("in/broken.jpg"))),
             qPrintable(list->topLevelItem(2)->text(1)));
    screenshot(&dialog, QStringLiteral("batch-dialog.png"));

    auto out = Exiv2::ImageFactory::open(dir.filePath(QStringLiteral("out/a_drbn.png")).toStdString());
    out->readMetadata();
    QCOMPARE(QString::fromStdString(out->exifData()["Exif.Image.Make"].toString()), QStringLiteral("DRBN Test Camera"));
    QCOMPARE(QString::fromStdString(out->xmpData()["Xmp.drbn.Stage"].toString()), QStringLiteral("2"));
  }

  void unreadablePhotoKeepsTheWindowUsable() {
    ui::MainWindow window;
    QVERIFY(window.openPhoto(m_photo));
    QVERIFY(!window.openPhoto(m_dir.filePath(QStringLiteral("missing.jpg"))));
    QCOMPARE(window.currentPath(), m_photo);  // what the user had stays open
  }
};

QTEST_MAIN(TestStudio)
#include "test_studio.moc"
