// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset curation: AVA parsing, filters, the catalog (SQLite), XMP sidecars, signals and
// near-duplicates, export with split, paired-folder checks.
#include "core/curate/ava.h"
#include "core/curate/catalog.h"
#include "core/curate/exporter.h"
#include "core/curate/filter.h"
#include "core/curate/sidecar.h"
#include "core/io/atomicfile.h"
#include "testutils.h"

#include <filesystem>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <exiv2/exiv2.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/stat.h>

using namespace drbn;

namespace {

/// A smooth random scene (sum of Gaussian blobs): different seeds look different to pHash,
/// like different photos, while resizing or recompressing one keeps it recognisable.
cv::Mat scene(int seed, int w = 320, int h = 240, double gain = 1.0) {
  cv::RNG rng(uint64_t(seed) * 7919 + 13);
  cv::Mat m(h, w, CV_32FC3, cv::Scalar::all(0.1));
  for (int i = 0; i < 12; ++i) {
    cv::Mat blob(h, w, CV_32FC3, cv::Scalar::all(0));
    cv::circle(blob, {rng.uniform(0, w), rng.uniform(0, h)}, rng.uniform(10, w / 3),
               cv::Scalar(rng.uniform(0., .6), rng.uniform(0., .6), rng.uniform(0., .6)), cv::FILLED);
    cv::GaussianBlur(blob, blob, {0, 0}, 8);
    m += blob;
  }
  cv::Mat out;
  m.convertTo(out, CV_8UC3, 255 * gain);
  return out;
}

void writeImage(const QString& path, const cv::Mat& m, int quality = 95) {
  QDir().mkpath(QFileInfo(path).path());
  QVERIFY(cv::imwrite(path.toStdString(), m, {cv::IMWRITE_JPEG_QUALITY, quality}));
}

QStringList ids(const std::vector<curate::Item>& items, const std::vector<int>& indices) {
  QStringList out;
  for (int i : indices) out << QString::number(items[size_t(i)].avaId);
  return out;
}

/// 5 AVA photos with known votes; 1004 is missing on disk; 1005 is a resized, recompressed 1001.
const char* kAva =
    "1 1001 0 0 1 2 3 4 3 2 1 0 1 2 20\n"
    "2 1002 1 1 1 1 1 1 1 1 1 1 0 0 20\n"
    "3 1003 0 0 0 0 0 0 0 0 10 10 3 0 21\n"
    "4 1004 0 0 0 0 5 5 0 0 0 0 2 0 21\n"
    "5 1005 0 0 0 0 0 0 4 0 0 0 1 0 21\n";

}  // namespace

class TestCurate : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { DRBN_REQUIRE_LOCALE(); }

  void avaStatistics() {
    const auto list = curate::parseAvaText(kAva);
    QCOMPARE(list.entries.size(), size_t(5));
    QVERIFY(list.problems.empty());
    const auto& a = list.entries[0];  // votes 1,2,3,4,3,2,1 for scores 3..9
    QCOMPARE(a.imageId, 1001LL);
    QCOMPARE(a.voteCount, 16);
    QCOMPARE(a.mos, 96.0 / 16);  // (3+8+15+24+21+16+9) / 16
    QVERIFY(qAbs(a.std - std::sqrt(616.0 / 16 - 36.0)) < 1e-12);
    QCOMPARE(a.tags[1], 2);
    QCOMPARE(a.challenge, 20);
    const auto& b = list.entries[1];  // one vote for each score
    QCOMPARE(b.mos, 5.5);
    QVERIFY(qAbs(b.std - std::sqrt(8.25)) < 1e-12);
    QCOMPARE(list.entries[2].mos, 9.5);
    QCOMPARE(list.entries[2].std, 0.5);
  }

  void malformedLinesAreReported_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("too few fields") << QStringLiteral("9 2001 1 2 3") << QStringLiteral("expected 15 fields, found 5");
    QTest::newRow("not a number") << QStringLiteral("9 2001 1 x 0 0 0 0 0 0 0 0 0 0 1") << QStringLiteral("vote count for score 2 'x' is invalid");
    QTest::newRow("negative") << QStringLiteral("9 2001 1 -1 0 0 0 0 0 0 0 0 0 0 1") << QStringLiteral("vote count for score 2 '-1' is invalid");
    QTest::newRow("no votes") << QStringLiteral("9 2001 0 0 0 0 0 0 0 0 0 0 0 0 1") << QStringLiteral("no votes");
    QTest::newRow("votes that would overflow") << QStringLiteral("9 2001 2147483647 2147483647 0 0 0 0 0 0 0 0 0 0 1")
                                               << QStringLiteral("vote count for score 1 '2147483647' is invalid");
    QTest::newRow("repeated id") << QStringLiteral("9 1001 1 0 0 0 0 0 0 0 0 0 0 0 1") << QStringLiteral("image id 1001 already listed");
  }
  void malformedLinesAreReported() {
    QFETCH(QString, line);
    QFETCH(QString, reason);
    // The bad line sits at line 3, between good ones, with a blank line and CRLF endings around.
    const std::string text = "1 1001 0 0 1 2 3 4 3 2 1 0 1 2 20\r\n\r\n" + line.toStdString() +
                             "\r\n2 1002 1 1 1 1 1 1 1 1 1 1 0 0 20\r\n";
    const auto list = curate::parseAvaText(text);
    QCOMPARE(list.entries.size(), size_t(2));
    QCOMPARE(list.entries[1].line, 4);
    QCOMPARE(list.problems.size(), size_t(1));
    QCOMPARE(list.problems[0].line, 3);
    QCOMPARE(QString::fromStdString(list.problems[0].reason), reason);
  }

  void largeListParses() {
    // The size of the real AVA.txt; how fast is measured by `drbn bench --curate`.
    std::string text;
    for (int i = 1; i <= 255000; ++i)
      text += std::to_string(i) + ' ' + std::to_string(100000 + i) + " 0 1 2 3 " + std::to_string(i % 50) +
              " 5 4 3 2 1 " + std::to_string(i % 66) + " 0 " + std::to_string(i % 1400) + '\n';
    const auto list = curate::parseAvaText(text);
    QCOMPARE(list.entries.size(), size_t(255000));
    QVERIFY(list.problems.empty());
    const auto& last = list.entries.back();
    QCOMPARE(last.imageId, 355000LL);
    QCOMPARE(last.voteCount, 21 + 255000 % 50);
  }

  void idNames() {
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("tags.txt")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("1 Abstract\n14 Black and White \r\nbad line\n\n");
    f.close();
    const auto names = curate::parseIdNames(f.fileName().toStdString());
    QCOMPARE(names.size(), size_t(2));
    QCOMPARE(QString::fromStdString(names.at(14)), QStringLiteral("Black and White"));
  }

  void filters_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("all") << QString() << QStringList{QStringLiteral("1001"), QStringLiteral("1002"), QStringLiteral("1003"), QStringLiteral("1004"), QStringLiteral("1005")};
    QTest::newRow("mos") << QStringLiteral("mos >= 6") << QStringList{QStringLiteral("1001"), QStringLiteral("1003"), QStringLiteral("1005")};
    // Read the same under any locale (a C library under de_DE stops at the '.': 5.5 would pass).
    QTest::newRow("decimal") << QStringLiteral("mos >= 5.75") << QStringList{QStringLiteral("1001"), QStringLiteral("1003"), QStringLiteral("1005")};
    QTest::newRow("and") << QStringLiteral("mos>=6 and votes>10") << QStringList{QStringLiteral("1001"), QStringLiteral("1003")};
    QTest::newRow("either tag") << QStringLiteral("tag = 2") << QStringList{QStringLiteral("1001"), QStringLiteral("1004")};
    QTest::newRow("or, not, parentheses") << QStringLiteral("not (challenge = 21 or std > 2)") << QStringList{QStringLiteral("1001")};
    QTest::newRow("bare field") << QStringLiteral("present and not reject") << QStringList{QStringLiteral("1001"), QStringLiteral("1002"), QStringLiteral("1005")};
    QTest::newRow("unknown values are false") << QStringLiteral("brightness < 2") << QStringList{QStringLiteral("1001"), QStringLiteral("1002"), QStringLiteral("1003"), QStringLiteral("1005")};
  }
  void filters() {
    QFETCH(QString, expression);
    QFETCH(QStringList, expected);
    auto items = sampleItems();
    const auto chosen = curate::select(items, curate::Filter(expression.toStdString()));
    QCOMPARE(ids(items, chosen), expected);
  }

  void filterErrorsSayWhere_data() {
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown field") << QStringLiteral("mos > 5 and colour = 3")
                                   << QStringLiteral("at column 13: unknown field 'colour' (fields: id, ava, mos, std, votes,");
    // A word of one field's description points to it: the page says "0-5 stars", the field is rating.
    QTest::newRow("a field's word") << QStringLiteral("stars >= 2") << QStringLiteral("unknown field 'stars' (did you mean 'rating'?)");
    QTest::newRow("missing number") << QStringLiteral("mos >") << QStringLiteral("at column 6: expected a number after '>'");
    QTest::newRow("unbalanced") << QStringLiteral("(mos > 5") << QStringLiteral("at column 9: expected ')'");
    QTest::newRow("trailing") << QStringLiteral("mos > 5 5") << QStringLiteral("at column 9: unexpected '5'");
    // Bounded recursion: 15,000 nested parentheses crashed list, rate and export.
    QTest::newRow("deep nesting") << QString(15000, QLatin1Char('(')) + QStringLiteral("mos > 5") + QString(15000, QLatin1Char(')'))
                                  << QStringLiteral("at column 101: nested more than 100 levels deep");
    QTest::newRow("deep negation") << QStringLiteral("not ").repeated(5000) + QStringLiteral("mos > 5")
                                   << QStringLiteral("nested more than 100 levels deep");
    QStringList terms(2000, QStringLiteral("mos > 5"));
    QTest::newRow("too many terms") << terms.join(QStringLiteral(" and ")) << QStringLiteral("more than 1000 terms");
  }
  void filterErrorsSayWhere() {
    QFETCH(QString, expression);
    QFETCH(QString, message);
    try {
      curate::Filter filter(expression.toStdString());
      QFAIL("no error");
    } catch (const curate::FilterError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
    }
  }

  void sorting() {
    auto items = sampleItems();
    const auto byMos = curate::select(items, curate::Filter(), "mos", true);
    QCOMPARE(ids(items, byMos), (QStringList{QStringLiteral("1003"), QStringLiteral("1005"), QStringLiteral("1001"), QStringLiteral("1002"), QStringLiteral("1004")}));
    const auto bySharpness = curate::select(items, curate::Filter(), "sharpness");
    QCOMPARE(ids(items, bySharpness).last(), QStringLiteral("1004"));  // unknown values last
    QVERIFY_THROWS_EXCEPTION(curate::FilterError, curate::select(items, curate::Filter(), "colour"));
  }

  void catalogKeepsEverything() {
    QTemporaryDir dir;
    const QString images = makeAvaImages(dir);
    const std::string path = dir.filePath(QStringLiteral("ava.drbncat")).toStdString();
    {
      curate::Catalog catalog(path);
      const auto report = catalog.importAva(curate::parseAvaText(kAva), images.toStdString(), {{2, "Animals"}});
      QCOMPARE(report.added, 5);
      QCOMPARE(report.missing, 1);
      auto items = catalog.items();
      QVERIFY(!items[3].present);
      catalog.setDecision(items[0].id, {4, curate::Flag::Pick});
      catalog.setDecision(items[2].id, {0, curate::Flag::Reject});
      catalog.setSignals(items[1].id, curate::measureFile(items[1].path));
      // Re-importing (new votes) keeps decisions and signals.
      const auto again = catalog.importAva(curate::parseAvaText(kAva), images.toStdString());
      QCOMPARE(again.updated, 5);
      QCOMPARE(again.added, 0);
    }
    curate::Catalog reopened(path);
    const auto items = reopened.items();
    QCOMPARE(items.size(), size_t(5));
    QCOMPARE(items[0].decision, (curate::Decision{4, curate::Flag::Pick}));
    QCOMPARE(items[2].decision.flag, curate::Flag::Reject);
    QVERIFY(items[1].measured);
    QCOMPARE(items[1].signals.width, 320);
    QCOMPARE(items[0].mos, 6.0);
    QCOMPARE(QString::fromStdString(reopened.tagNames().at(2)), QStringLiteral("Animals"));
  }

  // Listing and exporting open catalogs read-only: they change nothing, and read a catalog where
  // SQLite cannot make its shared-memory file (read-only media, a full disk; here a link to a
  // folder that does not exist in that file's place, which stops root too).
  void readOnlyCatalogsAreReadWhereNothingCanBeWritten() {
    QTemporaryDir dir;
    const QString images = makeAvaImages(dir);
    const QString path = dir.filePath(QStringLiteral("ava.drbncat"));
    {
      curate::Catalog catalog(path.toStdString());
      catalog.importAva(curate::parseAvaText(kAva), images.toStdString());
      catalog.setDecision(catalog.items()[0].id, {3, curate::Flag::None});
    }
    const auto entries = [&] { return QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden); };
    const QStringList before = entries();
    const QByteArray bytes = readAll(path);
    {
      curate::Catalog readOnly(path.toStdString(), curate::Catalog::Access::ReadOnly);
      QCOMPARE(readOnly.items().size(), size_t(5));
      QVERIFY_THROWS_EXCEPTION(curate::CatalogError, readOnly.setDecision(readOnly.items()[0].id, {5, curate::Flag::Pick}));
    }
    QCOMPARE(entries(), before);
    QCOMPARE(readAll(path), bytes);

    const QString typo = dir.filePath(QStringLiteral("avaa.drbncat"));
    QVERIFY_THROWS_EXCEPTION(curate::CatalogError, curate::Catalog(typo.toStdString(), curate::Catalog::Access::ReadOnly));
    QVERIFY(!QFile::exists(typo));

    const QString gone = dir.filePath(QStringLiteral("gone/shm"));
    {
      // A copy taken while a writer had the catalog open: its latest commits are only in its WAL,
      // which cannot be read that way. Refused, not left out.
      curate::Catalog writer(path.toStdString());
      writer.setDecision(writer.items()[1].id, {2, curate::Flag::None});
      const QString copy = dir.filePath(QStringLiteral("copy.drbncat"));
      QVERIFY(QFile::copy(path, copy));
      QVERIFY(QFile::copy(path + QStringLiteral("-wal"), copy + QStringLiteral("-wal")));
      QVERIFY(QFileInfo(copy + QStringLiteral("-wal")).size() > 0);
      QVERIFY(QFile::link(gone, copy + QStringLiteral("-shm")));
      try {
        curate::Catalog readOnly(copy.toStdString(), curate::Catalog::Access::ReadOnly);
        QFAIL("read a catalog without the commits in its WAL");
      } catch (const curate::CatalogError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("-wal, which cannot be read here")), e.what());
      }
    }
    QVERIFY(QFile::link(gone, path + QStringLiteral("-shm")));
    QVERIFY_THROWS_EXCEPTION(curate::CatalogError, curate::Catalog(path.toStdString()).items());
    curate::Catalog readOnly(path.toStdString(), curate::Catalog::Access::ReadOnly);
    const auto items = readOnly.items();
    QCOMPARE(items.size(), size_t(5));
    QCOMPARE(items[0].decision.rating, 3);
    QCOMPARE(items[1].decision.rating, 2);
    QVERIFY_THROWS_EXCEPTION(curate::CatalogError, readOnly.setDecision(items[0].id, {5, curate::Flag::Pick}));
  }

  // A photo that cannot be read says why in the catalog (not "not measured yet" for ever); once
  // it reads, measuring clears that.
  void unreadablePhotosSayWhy() {
    QTemporaryDir dir;
    writeImage(dir.filePath(QStringLiteral("photos/good.jpg")), scene(1));
    const QString broken = dir.filePath(QStringLiteral("photos/broken.jpg"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\xff\xd8\xff not a JPEG after all");
    f.close();
    const std::string path = dir.filePath(QStringLiteral("c.drbncat")).toStdString();
    curate::Catalog catalog(path);
    QFile notes(dir.filePath(QStringLiteral("photos/notes.jpg")));  // a text file named like a photo
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("shopping list: milk, eggs");
    notes.close();
    const auto imported = catalog.importFolder(dir.filePath(QStringLiteral("photos")).toStdString());
    QCOMPARE(imported.added, 3);
    QCOMPARE(imported.unreadable, 1);  // before any measuring: the text does not start as a JPEG does (FF D8 FF)
    auto byName = [&](const char* name) {
      for (const auto& item : curate::Catalog(path).items())
        if (QFileInfo(QString::fromStdString(item.path)).fileName() == QLatin1String(name)) return item;
      return curate::Item{};
    };
    QVERIFY2(QString::fromStdString(byName("notes.jpg").unreadable).endsWith(QStringLiteral("notes.jpg: not an image (no JPEG, PNG, TIFF, WebP, BMP or PNM signature)")),
             byName("notes.jpg").unreadable.c_str());
    QVERIFY(byName("notes.jpg").unreadableKind == image::ImageError::Kind::NotAnImage);
    QVERIFY(byName("good.jpg").unreadable.empty() && byName("broken.jpg").unreadable.empty());
    for (const auto& item : catalog.items()) curate::measureInto(catalog, item);
    QVERIFY(byName("good.jpg").measured && byName("good.jpg").unreadable.empty());
    const auto bad = byName("broken.jpg");
    QVERIFY(!bad.measured && bad.present);
    // Measuring says what the reader found, and what kind of problem it is, for the studio to word.
    QVERIFY2(QString::fromStdString(bad.unreadable).endsWith(QStringLiteral("broken.jpg: truncated JPEG (the file ends before its last image data)")), bad.unreadable.c_str());
    QVERIFY(bad.unreadableKind == image::ImageError::Kind::Damaged);
    const image::ImageError why = curate::unreadableError(bad);
    QCOMPARE(why.path(), bad.path);
    QCOMPARE(why.detail(), std::string("truncated JPEG (the file ends before its last image data)"));
    QCOMPARE(std::string(why.what()), bad.unreadable);
    QVERIFY(byName("notes.jpg").unreadableKind == image::ImageError::Kind::NotAnImage);
    // An export leaves the unreadable out and says so; the photos' own folder is no export folder.
    curate::ExportOptions options;
    options.outDir = dir.filePath(QStringLiteral("out")).toStdString();
    const auto exported = curate::exportItems(catalog.items(), options);
    QCOMPARE(exported.exported, 1);
    QCOMPARE(exported.errors.size(), size_t(2));
    QVERIFY2(QString::fromStdString(exported.errors[0].message()).startsWith(QStringLiteral("not exported: ") + QString::fromStdString(bad.path)),
             exported.errors[0].message().c_str());
    // ... with what the reader said, for the studio to word in its user's language.
    QVERIFY(exported.errors[0].kind == curate::ExportProblem::Kind::Unreadable);
    QCOMPARE(exported.errors[0].unreadable().kind(), image::ImageError::Kind::Damaged);
    QCOMPARE(exported.errors[0].unreadable().detail(), why.detail());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/good.jpg"))) && !QFile::exists(dir.filePath(QStringLiteral("out/broken.jpg"))));
    options.outDir = dir.filePath(QStringLiteral("photos")).toStdString();
    QVERIFY_THROWS_EXCEPTION(io::FileError, curate::exportItems(catalog.items(), options));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("photos/manifest.csv"))));
    writeImage(broken, scene(2));
    QCOMPARE(curate::measureInto(catalog, bad), std::string());
    QVERIFY(byName("broken.jpg").measured && byName("broken.jpg").unreadable.empty());
  }

  // A catalog of the first schema (before `unreadable`) is read as it is where it may not be
  // written, and upgraded, keeping everything, where it may.
  void firstSchemaCatalogsAreUpgraded() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.drbncat"));
    {
      QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
      db.setDatabaseName(path);
      QVERIFY(db.open());
      QSqlQuery q(db);
      for (const char* sql :
           {"CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,"
            " ava_id INTEGER, mos REAL, std REAL, votes INTEGER NOT NULL DEFAULT 0,"
            " tag1 INTEGER NOT NULL DEFAULT 0, tag2 INTEGER NOT NULL DEFAULT 0, challenge INTEGER NOT NULL DEFAULT 0,"
            " present INTEGER NOT NULL DEFAULT 1,"
            " width INTEGER, height INTEGER, brightness REAL, clipped_shadows REAL, clipped_highlights REAL,"
            " sharpness REAL, noise REAL, phash INTEGER, quality REAL, dup_group INTEGER,"
            " rating INTEGER NOT NULL DEFAULT 0, flag INTEGER NOT NULL DEFAULT 0, decided_at TEXT)",
            "CREATE TABLE names(kind TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(kind, id))",
            "INSERT INTO photos(path, rating) VALUES('/photos/a.jpg', 4)", "PRAGMA application_id=1146241614",
            "PRAGMA user_version=1"})
        QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
      q = QSqlQuery();
      db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    const QByteArray bytes = readAll(path);
    {
      curate::Catalog readOnly(path.toStdString(), curate::Catalog::Access::ReadOnly);
      QCOMPARE(readOnly.items().size(), size_t(1));
      QCOMPARE(readOnly.items()[0].decision.rating, 4);
    }
    QCOMPARE(readAll(path), bytes);
    curate::Catalog catalog(path.toStdString());
    const auto items = catalog.items();
    QCOMPARE(items[0].decision.rating, 4);
    catalog.setUnreadable(items[0].id, image::ImageError(image::ImageError::Kind::Damaged, items[0].path, "truncated"));
    QCOMPARE(catalog.items()[0].unreadable, items[0].path + ": truncated");
    QVERIFY(catalog.items()[0].unreadableKind == image::ImageError::Kind::Damaged);
  }

  void notACatalogIsRefused() {
    QTemporaryDir dir;
    const QString text = dir.filePath(QStringLiteral("notes.drbncat"));
    QFile f(text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    try {
      curate::Catalog catalog(text.toStdString());
      QFAIL("opened a text file as a catalog");
    } catch (const curate::CatalogError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).startsWith(text), e.what());
    }
    QCOMPARE(QFileInfo(text).size(), 4096);  // untouched
  }

  void sidecarsRoundTripThroughExiv2() {
    QTemporaryDir dir;
    const QString photo = dir.filePath(QStringLiteral("photo.jpg"));
    writeImage(photo, scene(1));
    const QByteArray original = readAll(photo);
    // A darktable sidecar with history already exists: it must survive.
    const QString sidecar = photo + QStringLiteral(".xmp");
    writeText(sidecar,
              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
              "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmp:Rating=\"1\">"
              "<dc:subject><rdf:Bag><rdf:li>beach</rdf:li></rdf:Bag></dc:subject>"
              "</rdf:Description></rdf:RDF></x:xmpmeta>");
    QCOMPARE(curate::readDecision(photo.toStdString())->rating, 1);

    curate::writeDecision(photo.toStdString(), {5, curate::Flag::Pick});
    Exiv2::XmpData xmp;
    QCOMPARE(Exiv2::XmpParser::decode(xmp, readAll(sidecar).toStdString()), 0);
    QCOMPARE(xmp["Xmp.xmp.Rating"].toString(), std::string("5"));
    QCOMPARE(xmp["Xmp.xmpDM.pick"].toString(), std::string("1"));
    QCOMPARE(xmp["Xmp.dc.subject"].toString(), std::string("beach"));
    QCOMPARE(curate::readDecision(photo.toStdString()), (curate::Decision{5, curate::Flag::Pick}));

    curate::writeDecision(photo.toStdString(), {3, curate::Flag::Reject});
    Exiv2::XmpData rejected;
    QCOMPARE(Exiv2::XmpParser::decode(rejected, readAll(sidecar).toStdString()), 0);
    QCOMPARE(rejected["Xmp.xmp.Rating"].toString(), std::string("-1"));  // what darktable shows as rejected
    QCOMPARE(curate::readDecision(photo.toStdString())->flag, curate::Flag::Reject);
    QCOMPARE(readAll(photo), original);  // the photo itself is never touched
  }

  void ratingsAreReadFromLightroomSidecarsAndEmbeddedXmp() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("photos"));
    writeImage(folder + QStringLiteral("/a.jpg"), scene(1));
    writeImage(folder + QStringLiteral("/b.jpg"), scene(2));
    writeImage(folder + QStringLiteral("/sub/c.jpg"), scene(3));
    writeText(folder + QStringLiteral("/a.xmp"),  // Lightroom's naming
              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
              "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:Rating=\"3\"/>"
              "</rdf:RDF></x:xmpmeta>");
    auto image = Exiv2::ImageFactory::open((folder + QStringLiteral("/b.jpg")).toStdString());
    image->readMetadata();
    image->xmpData()["Xmp.xmp.Rating"] = "2";
    image->writeMetadata();
    curate::Catalog catalog(dir.filePath(QStringLiteral("photos.drbncat")).toStdString());
    const auto report = catalog.importFolder(folder.toStdString());
    QCOMPARE(report.added, 3);
    QCOMPARE(report.decisions, 2);
    const auto items = catalog.items();
    QCOMPARE(items[0].decision.rating, 3);
    QCOMPARE(items[1].decision.rating, 2);
    QCOMPARE(items[2].decision.rating, 0);
  }

  // Cancel (the Curate page's button) stops an import with nothing added and an export after the
  // photo it was on, with a manifest of what it placed.
  void importAndExportStopWhenCancelled() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("photos"));
    for (int i = 0; i < 5; ++i) writeImage(folder + QStringLiteral("/p%1.jpg").arg(i), scene(i));
    curate::Catalog catalog(dir.filePath(QStringLiteral("photos.drbncat")).toStdString());
    std::atomic_bool cancel{false};
    const auto stopAt = [&cancel](int when) { return [&cancel, when](int done, int) { cancel = done >= when; }; };
    const auto cancelled = catalog.importFolder(folder.toStdString(), &cancel, stopAt(2));
    QVERIFY(cancelled.cancelled);
    QCOMPARE(int(catalog.items().size()), 0);
    cancel = false;
    QCOMPARE(catalog.importFolder(folder.toStdString(), &cancel, [](int, int) {}).added, 5);

    curate::ExportOptions options;
    options.outDir = dir.filePath(QStringLiteral("out")).toStdString();
    options.cancel = &cancel;
    options.progress = stopAt(3);  // cancelled while on the fourth photo: it is finished, the fifth not
    const auto report = curate::exportItems(catalog.items(), options);
    QVERIFY(report.cancelled);
    QCOMPARE(report.exported, 4);
    QFile manifest(QString::fromStdString(options.outDir) + QStringLiteral("/manifest.csv"));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    QCOMPARE(manifest.readAll().count('\n'), 5);  // the header and four rows
    // AVA's list too: 2,500 lines, cancelled at the second check (line 1,000), adds nothing.
    std::string ava;
    for (int i = 1; i <= 2500; ++i) ava += std::to_string(i) + " " + std::to_string(50000 + i) + " 0 0 1 2 3 4 5 6 7 8 9 10 0\n";
    curate::Catalog avaCatalog(dir.filePath(QStringLiteral("ava.drbncat")).toStdString());
    cancel = false;
    const auto stopped = avaCatalog.importAva(curate::parseAvaText(ava), folder.toStdString(), {}, {}, &cancel, stopAt(1000));
    QVERIFY(stopped.cancelled);
    QCOMPARE(int(avaCatalog.items().size()), 0);
    cancel = false;
    QCOMPARE(avaCatalog.importAva(curate::parseAvaText(ava), folder.toStdString(), {}, {}, &cancel, [](int, int) {}).added, 2500);
  }

  void nearDuplicatesAreGrouped() {
    QTemporaryDir dir;
    const cv::Mat original = scene(7, 640, 480);
    cv::Mat smaller;
    cv::resize(original, smaller, {400, 300}, 0, 0, cv::INTER_AREA);
    std::vector<uchar> jpeg;
    cv::imencode(".jpg", smaller, jpeg, {cv::IMWRITE_JPEG_QUALITY, 40});
    const cv::Mat copy = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    const cv::Mat brighter = scene(7, 640, 480, 1.3);
    std::vector<uint64_t> hashes = {curate::perceptualHash(original), curate::perceptualHash(scene(8, 640, 480)),
                                    curate::perceptualHash(copy), curate::perceptualHash(scene(9, 640, 480)),
                                    curate::perceptualHash(brighter)};
    QVERIFY2(curate::hammingDistance(hashes[0], hashes[2]) <= 4, "resized + recompressed copy");
    const auto groups = curate::nearDuplicateGroups(hashes);
    QCOMPARE(groups, (std::vector<int>{0, 1, 0, 3, 0}));
    // Brute force agrees with the BK-tree on a larger random set.
    cv::RNG rng(3);
    std::vector<uint64_t> many;
    for (int i = 0; i < 2000; ++i) many.push_back((uint64_t(rng.next()) << 32 | rng.next()) & ~(uint64_t(rng.next()) << 20));
    const auto fast = curate::nearDuplicateGroups(many, 12);
    for (size_t i = 0; i < many.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (curate::hammingDistance(many[i], many[j]) <= 12) QCOMPARE(fast[i], fast[j]);
  }

  void signalsMeasureWhatTheySay() {
    cv::Mat bright = scene(1);
    for (int i = 0; i < 20; ++i)  // sharp edges for the sharpness measure to see
      cv::rectangle(bright, cv::Rect(i * 15, i * 10, 30, 20), cv::Scalar::all(i % 2 ? 230 : 30), cv::FILLED);
    const cv::Mat dark = bright * 0.2;
    const auto d = curate::measure(dark), b = curate::measure(bright);
    QVERIFY(d.brightness < b.brightness);
    cv::Mat blurred;
    cv::GaussianBlur(bright, blurred, {0, 0}, 3);
    QVERIFY(curate::measure(blurred).sharpness < b.sharpness);
    cv::Mat noisy = bright.clone(), noise(bright.size(), CV_8SC3);
    cv::randn(noise, 0, 12);
    cv::add(noisy, noise, noisy, cv::noArray(), CV_8UC3);
    QVERIFY(curate::measure(noisy).noise > b.noise + 5);
    const cv::Mat white(100, 100, CV_8UC3, cv::Scalar::all(255));
    QCOMPARE(curate::measure(white).clippedHighlights, 1.0);
  }

  void exportWithSplitKeepsDuplicatesTogether() {
    QTemporaryDir dir;
    const QString images = makeAvaImages(dir);
    curate::Catalog catalog(dir.filePath(QStringLiteral("ava.drbncat")).toStdString());
    catalog.importAva(curate::parseAvaText(kAva), images.toStdString());
    for (const auto& item : catalog.items())
      if (item.present) catalog.setSignals(item.id, curate::measureFile(item.path));
    QCOMPARE(catalog.updateNearDuplicateGroups(), 1);  // 1001 and its copy 1005
    const auto items = catalog.items();
    const auto chosen = curate::select(items, curate::Filter("present and mos >= 5"));

    curate::ExportOptions options;
    options.outDir = dir.filePath(QStringLiteral("good")).toStdString();
    options.train = 0.5, options.validation = 0.25, options.test = 0.25;
    options.tagNames = {{1, "=HYPERLINK(\"http://x\")"}};  // a cell a spreadsheet would run
    std::vector<curate::Item> selection;
    for (int i : chosen) selection.push_back(items[size_t(i)]);
    // A link planted where the old copy kept its partial file must not be followed.
    const auto plannedParts = curate::splitParts(selection, options);
    const QString victim = dir.filePath(QStringLiteral("victim.txt"));
    QFile(victim).open(QIODevice::WriteOnly);
    QDir().mkpath(QString::fromStdString(options.outDir + "/" + plannedParts[0]));
    QVERIFY(QFile::link(victim, QString::fromStdString(options.outDir + "/" + plannedParts[0] + "/1001.jpg.partial")));
    // Sidecars travel with their photos: darktable's photo.jpg.xmp and Lightroom's photo.xmp.
    curate::writeDecision(selection[0].path, {4, curate::Flag::Pick});
    const QString lightroom = QString::fromStdString(std::filesystem::path(selection[1].path).replace_extension(".xmp").string());
    QFile lr(lightroom);
    QVERIFY(lr.open(QIODevice::WriteOnly));
    lr.write("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>");
    lr.close();
    const auto report = curate::exportItems(selection, options);
    QCOMPARE(QFileInfo(victim).size(), 0);
    QVERIFY2(report.errors.empty(), report.errors.empty() ? "" : report.errors[0].message().c_str());
    QCOMPARE(report.exported, 4);
    QVERIFY(report.errors.empty());
    for (const std::string part : {"train", "validation", "test"})  // the parts the split left empty are named
      QCOMPARE(report.perPart.count(part) == 0,
               std::find(report.emptyParts.begin(), report.emptyParts.end(), part) != report.emptyParts.end());
    const auto parts = curate::splitParts(selection, options);
    QCOMPARE(parts[0], parts[3]);  // 1001 and 1005 in the same part
    for (size_t i = 0; i < selection.size(); ++i) {
      const QString file = QString::fromStdString(options.outDir + "/" + parts[i] + "/") +
                           QFileInfo(QString::fromStdString(selection[i].path)).fileName();
      QVERIFY2(QFileInfo::exists(file), qPrintable(file));
      QCOMPARE(readAll(file), readAll(QString::fromStdString(selection[i].path)));
    }
    const QString copy0 = QString::fromStdString(options.outDir + "/" + parts[0] + "/") + QFileInfo(QString::fromStdString(selection[0].path)).fileName();
    QCOMPARE(readAll(copy0 + QStringLiteral(".xmp")), readAll(QString::fromStdString(curate::sidecarPath(selection[0].path))));
    QCOMPARE(curate::readDecision(copy0.toStdString())->rating, 4);
    const QString copy1 = QString::fromStdString(options.outDir + "/" + parts[1] + "/") + QFileInfo(QString::fromStdString(selection[1].path)).completeBaseName() + QStringLiteral(".xmp");
    QCOMPARE(readAll(copy1), readAll(lightroom));
    const auto manifest = QJsonDocument::fromJson(readAll(QString::fromStdString(report.manifestJson))).array();
    QCOMPARE(manifest.size(), 4);
    QCOMPARE(manifest[0].toObject()[QStringLiteral("mos")].toDouble(), 6.0);
    QCOMPARE(manifest[0].toObject()[QStringLiteral("signals")].toObject()[QStringLiteral("width")].toInt(), 320);
    const QStringList csv = QString::fromUtf8(readAll(QString::fromStdString(report.manifestCsv))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(csv.size(), 5);
    QVERIFY(csv[1].startsWith(QString::fromStdString(parts[0]) + QStringLiteral("/1001.jpg,")));
    QVERIFY2(csv[1].contains(QStringLiteral(",\"'=HYPERLINK(\"\"http://x\"\")\",")), qPrintable(csv[1]));
    // The same seed gives the same split; exporting again overwrites nothing.
    QCOMPARE(curate::splitParts(selection, options), parts);
    const auto again = curate::exportItems(selection, options);
    QCOMPARE(again.exported, 0);
    QCOMPARE(again.errors.size(), size_t(4));
    QVERIFY(QString::fromStdString(again.errors[0].message()).endsWith(QStringLiteral("exists; not overwritten")));
    QVERIFY(again.errors[0].kind == curate::ExportProblem::Kind::TargetExists);
    // ... and its manifest still lists the four files that are there, once each.
    QCOMPARE(QJsonDocument::fromJson(readAll(QString::fromStdString(report.manifestJson))).array().size(), 4);
    QCOMPARE(QString::fromUtf8(readAll(QString::fromStdString(report.manifestCsv))).split(QLatin1Char('\n'), Qt::SkipEmptyParts),
             csv);
    // The same photos into the same folder without the split: each would be in two parts.
    curate::ExportOptions unsplit = options;
    unsplit.train = unsplit.validation = unsplit.test = 0;
    try {
      curate::exportItems(selection, unsplit);
      QFAIL("a photo was exported into a second part");
    } catch (const io::FileError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("already; this export would put it in the folder itself too")), e.what());
    }
    QVERIFY(!QFileInfo::exists(QString::fromStdString(options.outDir + "/1001.jpg")));

    options.outDir = dir.filePath(QStringLiteral("linked")).toStdString();
    options.train = options.validation = options.test = 0;
    options.mode = curate::ExportMode::HardLink;
    QCOMPARE(curate::exportItems(selection, options).exported, 4);
    struct stat a{}, b{};
    QCOMPARE(::stat((options.outDir + "/1001.jpg").c_str(), &a), 0);
    QCOMPARE(::stat(selection[0].path.c_str(), &b), 0);
    QCOMPARE(a.st_ino, b.st_ino);
    // Too few photos for the fractions: the parts left empty are named.
    options.outDir = dir.filePath(QStringLiteral("tiny")).toStdString();
    options.train = 0.98, options.validation = 0.01, options.test = 0.01;
    const auto tiny = curate::exportItems(selection, options);
    QCOMPARE(tiny.exported, 4);
    QCOMPARE(tiny.emptyParts, (std::vector<std::string>{"validation", "test"}));
  }

  void pairedFoldersAreVerified() {
    QTemporaryDir dir;
    const QString low = dir.filePath(QStringLiteral("low")), high = dir.filePath(QStringLiteral("high"));
    writeImage(low + QStringLiteral("/good.png"), scene(1) * 0.2);
    writeImage(high + QStringLiteral("/good.png"), scene(1));
    writeImage(low + QStringLiteral("/bright.png"), scene(2));
    writeImage(high + QStringLiteral("/bright.png"), scene(2) * 0.5);
    writeImage(low + QStringLiteral("/size.png"), scene(3, 320, 240) * 0.2);
    writeImage(high + QStringLiteral("/size.png"), scene(3, 300, 240));
    writeImage(low + QStringLiteral("/alone.png"), scene(4));
    const auto report = curate::verifyPairs(low.toStdString(), high.toStdString());
    QCOMPARE(report.pairs, 3);
    QCOMPARE(report.good, 1);
    std::vector<std::string> messages;
    for (const auto& p : report.problems) messages.push_back(p.message());
    const QString problems = joined(messages);
    QVERIFY2(problems.contains(QStringLiteral("alone.png: no normal-light image named 'alone.*' in ")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("bright.png: not darker than its normal-light image (mean luminance ")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("size.png: 320x240 but its normal-light image is 300x240")), qPrintable(problems));
    // Each says what it is, for the studio to word it.
    using Kind = data::DataProblem::Kind;
    const auto has = [&](Kind kind) {
      return std::any_of(report.problems.begin(), report.problems.end(), [kind](const auto& p) { return p.kind == kind; });
    };
    QVERIFY(has(Kind::NoPartner) && has(Kind::NotDarker) && has(Kind::SizeMismatch));
    QCOMPARE(curate::verifyPairs(low.toStdString(), (high + QStringLiteral("/good.png")).toStdString()).problems.at(0).kind,
             Kind::NotAFolder);
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("empty")));
    QCOMPARE(curate::verifyPairs(low.toStdString(), dir.filePath(QStringLiteral("empty")).toStdString()).problems.at(0).kind,
             Kind::NoImages);
  }

 private:
  static std::vector<curate::Item> sampleItems() {
    std::vector<curate::Item> items;
    const auto list = curate::parseAvaText(kAva);
    for (const auto& e : list.entries) {
      curate::Item& it = items.emplace_back();
      it.id = long(items.size());
      it.avaId = e.imageId;
      it.mos = e.mos, it.std = e.std, it.votes = e.voteCount;
      it.tags[0] = e.tags[0], it.tags[1] = e.tags[1];
      it.challenge = e.challenge;
      it.present = e.imageId != 1004;
      it.measured = it.present;
      it.signals.brightness = 0.5;
      it.signals.sharpness = double(e.imageId % 7);
    }
    items[2].decision.flag = curate::Flag::Reject;
    return items;
  }

  static QString makeAvaImages(const QTemporaryDir& dir) {
    const QString images = dir.filePath(QStringLiteral("images"));
    writeImage(images + QStringLiteral("/1001.jpg"), scene(1));
    writeImage(images + QStringLiteral("/1002.jpg"), scene(2));
    writeImage(images + QStringLiteral("/1003.jpg"), scene(3));
    cv::Mat copy;
    cv::resize(scene(1), copy, {240, 180}, 0, 0, cv::INTER_AREA);
    writeImage(images + QStringLiteral("/1005.jpg"), copy, 50);
    return images;
  }

  static QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
  }
  static void writeText(const QString& path, const char* text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
  }
  static QString joined(const std::vector<std::string>& lines) {
    QStringList list;
    for (const auto& l : lines) list << QString::fromStdString(l);
    return list.join(QLatin1Char('\n'));
  }
};

QTEST_GUILESS_MAIN(TestCurate)
#include "test_curate.moc"
