// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/catalog.h"

#include "core/curate/measurements.h"
#include "core/curate/qualityscorer.h"
#include "core/data/trainingfolders.h"
#include "core/image/containercheck.h"
#include "core/image/imagefile.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

#include <filesystem>
#include <optional>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

namespace drbn::curate {
namespace {

namespace fs = std::filesystem;

// Marks the file as ours (PRAGMA application_id), so that opening another SQLite file fails clearly.
constexpr int kApplicationId = 0x4452424E;  // "DRBN"
// 2: photos.unreadable (why a photo could not be read); 3: photos.unreadable_kind (its
// image::ImageError::Kind, for the studio to word it). An older catalog opened to write is upgraded.
constexpr int kSchemaVersion = 3;

const char* kSchema[] = {
    "CREATE TABLE photos(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,"
    " ava_id INTEGER, mos REAL, std REAL, votes INTEGER NOT NULL DEFAULT 0,"
    " tag1 INTEGER NOT NULL DEFAULT 0, tag2 INTEGER NOT NULL DEFAULT 0, challenge INTEGER NOT NULL DEFAULT 0,"
    " present INTEGER NOT NULL DEFAULT 1,"
    " width INTEGER, height INTEGER, brightness REAL, clipped_shadows REAL, clipped_highlights REAL,"
    " sharpness REAL, noise REAL, phash INTEGER, quality REAL, dup_group INTEGER,"
    " rating INTEGER NOT NULL DEFAULT 0, flag INTEGER NOT NULL DEFAULT 0, decided_at TEXT, unreadable TEXT,"
    " unreadable_kind INTEGER)",
    "CREATE TABLE names(kind TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY(kind, id))",
};

QString q(const std::string& s) { return QString::fromStdString(s); }

std::string absolute(const std::string& path) { return fs::absolute(path).lexically_normal().string(); }

QVariant orNull(double v) { return std::isnan(v) ? QVariant() : QVariant(v); }

}  // namespace

Catalog::Catalog(const std::string& path, Access access) : m_path(path) {
  std::error_code ec;
  if (access == Access::ReadOnly && !fs::is_regular_file(path, ec))
    throw CatalogError(path + ": no such catalog");  // SQLite would create it empty
  static QAtomicInt counter;
  m_connection = "drbn-catalog-" + std::to_string(counter.fetchAndAddRelaxed(1));
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), q(m_connection));
    db.setDatabaseName(q(path));
    if (!db.open()) throw CatalogError(path + ": cannot open: " + db.lastError().text().toStdString());
  }
  try {
    QSqlQuery query(QSqlDatabase::database(q(m_connection)));
    // Read-only by SQLite's query_only rather than a read-only connection, which would leave the
    // WAL's files beside the catalog (only a writer removes them).
    if (access == Access::ReadOnly) query.exec(QStringLiteral("PRAGMA query_only=1"));
    bool readable = query.exec(QStringLiteral("PRAGMA application_id")) && query.next();
    QString error = query.lastError().text();
    const int code = query.lastError().nativeErrorCode().toInt() & 0xff;  // SQLite's primary result code
    if (!readable && access == Access::ReadOnly && (code == 14 || code == 8)) {  // CANTOPEN, READONLY
      // Read-only media or a full disk: SQLite cannot make the WAL's shared-memory file it reads
      // through, so the file is read as it stands ("immutable"), which ignores the WAL: refused
      // when the WAL holds commits not yet in the file.
      const std::string wal = path + "-wal";
      if (fs::file_size(wal, ec) > 0 && !ec)
        throw CatalogError(path + ": its latest changes are in " + wal +
                           ", which cannot be read here (read-only media or a full disk); open the catalog once "
                           "where it can be written");
      query = QSqlQuery();
      QSqlDatabase db = QSqlDatabase::database(q(m_connection), false);
      db.close();
      db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
      db.setDatabaseName(QUrl::fromLocalFile(q(fs::absolute(path).string())).toString(QUrl::FullyEncoded) +
                         QStringLiteral("?immutable=1"));
      if (db.open()) {
        query = QSqlQuery(db);
        readable = query.exec(QStringLiteral("PRAGMA application_id")) && query.next();
        error = query.lastError().text();
      } else {
        error = db.lastError().text();
      }
    }
    if (!readable) throw CatalogError(path + ": cannot read it as a SQLite database (" + error.toStdString() + ")");
    const int appId = query.value(0).toInt();
    query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    query.next();
    const bool empty = query.value(0).toInt() == 0;
    query.finish();  // an open statement would keep a read transaction and block the pragmas
    if (appId != kApplicationId && (!empty || access == Access::ReadOnly))
      throw CatalogError(path + ": not a DRBN Studio catalog");
    if (access == Access::ReadWrite) {
      exec("PRAGMA journal_mode=WAL");  // readers do not block the writer; commits survive a kill
      exec("PRAGMA synchronous=FULL");  // and a power cut
    }
    if (empty && access == Access::ReadWrite) {
      exec("BEGIN");
      for (const char* statement : kSchema) exec(statement);
      exec("PRAGMA application_id=" + std::to_string(kApplicationId));
      exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
      exec("COMMIT");
    }
    query.exec(QStringLiteral("PRAGMA user_version"));
    query.next();
    m_schema = query.value(0).toInt();
    query.finish();
    if (m_schema > kSchemaVersion)
      throw CatalogError(path + ": made by a newer DRBN Studio (schema " + std::to_string(m_schema) + ")");
    if (m_schema < kSchemaVersion && access == Access::ReadWrite) {
      exec("BEGIN");
      if (m_schema < 2) exec("ALTER TABLE photos ADD COLUMN unreadable TEXT");
      exec("ALTER TABLE photos ADD COLUMN unreadable_kind INTEGER");
      exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
      exec("COMMIT");
      m_schema = kSchemaVersion;
    }
  } catch (...) {
    QSqlDatabase::database(q(m_connection), false).close();
    QSqlDatabase::removeDatabase(q(m_connection));
    throw;
  }
}

Catalog::~Catalog() {
  QSqlDatabase::database(q(m_connection), false).close();
  QSqlDatabase::removeDatabase(q(m_connection));
}

void Catalog::exec(const std::string& sql) {
  QSqlQuery query(QSqlDatabase::database(q(m_connection)));
  if (!query.exec(q(sql))) throw CatalogError(m_path + ": " + query.lastError().text().toStdString());
}

namespace {

/// Why a file is no image by its first bytes, or nothing when it may be one.
std::optional<image::ImageError> imageSignatureProblem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) return image::ImageError(image::ImageError::Kind::CannotRead, path, "cannot open");
  char head[16] = {};
  in.read(head, sizeof head);
  if (image::hasImageSignature(std::string_view(head, size_t(in.gcount())))) return std::nullopt;
  return image::notAnImage(path);
}

/// A prepared statement that throws CatalogError instead of returning false.
class Statement {
 public:
  Statement(const QString& connection, const std::string& file, const char* sql)
      : m_query(QSqlDatabase::database(connection)), m_file(file) {
    if (!m_query.prepare(QString::fromLatin1(sql))) fail();
  }
  Statement& bind(const QVariant& v) {
    m_query.bindValue(m_bound++, v);
    return *this;
  }
  QSqlQuery& run() {
    m_bound = 0;
    if (!m_query.exec()) fail();
    return m_query;
  }

 private:
  [[noreturn]] void fail() { throw CatalogError(m_file + ": " + m_query.lastError().text().toStdString()); }
  QSqlQuery m_query;
  std::string m_file;
  int m_bound = 0;
};

std::unordered_map<std::string, long long> idsByPath(const QString& connection, const std::string& file) {
  std::unordered_map<std::string, long long> ids;
  Statement select(connection, file, "SELECT id, path FROM photos");
  auto& rows = select.run();
  while (rows.next()) ids.emplace(rows.value(1).toString().toStdString(), rows.value(0).toLongLong());
  return ids;
}

}  // namespace

ImportReport Catalog::importAva(const AvaList& list, const std::string& imagesDir,
                                const std::map<int, std::string>& tags,
                                const std::map<int, std::string>& challenges, const std::atomic_bool* cancel,
                                const std::function<void(int, int)>& progress) {
  ImportReport report;
  report.problems = list.problems;
  std::error_code ec;
  if (!fs::is_directory(imagesDir, ec)) throw CatalogError(imagesDir + ": not a folder of AVA images");
  const std::string dir = absolute(imagesDir);
  // One listing of the folder instead of 255,000 existence checks.
  std::unordered_set<std::string> onDisk;
  for (const auto& entry : fs::directory_iterator(dir, ec)) onDisk.insert(entry.path().filename().string());
  const QString c = q(m_connection);
  const auto existing = idsByPath(c, m_path);

  exec("BEGIN");
  try {
    Statement upsert(c, m_path,
                     "INSERT INTO photos(path, ava_id, mos, std, votes, tag1, tag2, challenge, present)"
                     " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET ava_id=excluded.ava_id,"
                     " mos=excluded.mos, std=excluded.std, votes=excluded.votes, tag1=excluded.tag1,"
                     " tag2=excluded.tag2, challenge=excluded.challenge, present=excluded.present");
    const int total = int(list.entries.size());
    for (int i = 0; i < total; ++i) {
      if (i % 1000 == 0) {
        if (cancel && cancel->load()) {  // nothing of this import stays
          exec("ROLLBACK");
          ImportReport stopped;
          stopped.cancelled = true;
          return stopped;
        }
        if (progress) progress(i, total);
      }
      const auto& e = list.entries[size_t(i)];
      const std::string name = std::to_string(e.imageId) + ".jpg";
      const std::string path = (fs::path(dir) / name).string();
      const bool present = onDisk.count(name) != 0;
      report.missing += !present;
      (existing.count(path) ? report.updated : report.added) += 1;
      upsert.bind(q(path)).bind(e.imageId).bind(e.mos).bind(e.std).bind(e.voteCount).bind(e.tags[0])
          .bind(e.tags[1]).bind(e.challenge).bind(present).run();
    }
    Statement name(c, m_path, "INSERT OR REPLACE INTO names(kind, id, name) VALUES(?, ?, ?)");
    for (const auto& [id, text] : tags) name.bind(QStringLiteral("tag")).bind(id).bind(q(text)).run();
    for (const auto& [id, text] : challenges) name.bind(QStringLiteral("challenge")).bind(id).bind(q(text)).run();
    exec("COMMIT");
    if (progress) progress(total, total);
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return report;
}

ImportReport Catalog::importFolder(const std::string& dir, const std::atomic_bool* cancel,
                                   const std::function<void(int, int)>& progress) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw CatalogError(dir + ": not a folder");
  std::vector<std::string> paths;
  for (const auto& p : data::imageFilesIn(dir, true)) paths.push_back(absolute(p));
  return addPaths(paths, cancel, progress);
}

ImportReport Catalog::addPaths(const std::vector<std::string>& paths, const std::atomic_bool* cancel,
                               const std::function<void(int, int)>& progress) {
  ImportReport report;
  const QString c = q(m_connection);
  const auto existing = idsByPath(c, m_path);
  exec("BEGIN");
  try {
    Statement insert(c, m_path,
                     "INSERT INTO photos(path, rating, flag, unreadable, unreadable_kind) VALUES(?, ?, ?, ?, ?)");
    for (size_t i = 0; i < paths.size(); ++i) {
      const std::string& path = paths[i];
      if (cancel && cancel->load()) {
        exec("ROLLBACK");
        return ImportReport{0, 0, 0, 0, true, {}};
      }
      if (progress) progress(int(i), int(paths.size()));
      if (existing.count(path)) {
        ++report.updated;
        continue;
      }
      const Decision d = readDecision(path).value_or(Decision{});
      report.decisions += d != Decision{};
      // A file named like a photo that is none (a text file called .jpg) says so from the start,
      // not only once measured.
      const auto unreadable = imageSignatureProblem(path);
      report.unreadable += bool(unreadable);
      insert.bind(q(path)).bind(d.rating).bind(int(d.flag));
      if (unreadable) insert.bind(q(unreadable->what())).bind(int(unreadable->kind())).run();
      else insert.bind(QVariant()).bind(QVariant()).run();
      ++report.added;
    }
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return report;
}

std::vector<Item> Catalog::items() const {
  std::vector<Item> items;
  QSqlQuery rows(QSqlDatabase::database(q(m_connection)));
  rows.setForwardOnly(true);
  // A read-only catalog of an older schema lacks the later columns.
  const QString unreadable = m_schema >= 2 ? QStringLiteral("unreadable") : QStringLiteral("NULL");
  const QString unreadableKind = m_schema >= 3 ? QStringLiteral("unreadable_kind") : QStringLiteral("NULL");
  if (!rows.exec(QStringLiteral(
                     "SELECT id, path, ava_id, mos, std, votes, tag1, tag2, challenge, present, width, height, brightness,"
                     " clipped_shadows, clipped_highlights, sharpness, noise, phash, quality, dup_group, rating, flag, %1, %2"
                     " FROM photos ORDER BY id")
                     .arg(unreadable, unreadableKind)))
    throw CatalogError(m_path + ": " + rows.lastError().text().toStdString());
  const auto real = [&rows](int column) {
    const QVariant v = rows.value(column);
    return v.isNull() ? std::nan("") : v.toDouble();
  };
  while (rows.next()) {
    Item& it = items.emplace_back();
    it.id = rows.value(0).toLongLong();
    it.path = rows.value(1).toString().toStdString();
    it.avaId = rows.value(2).isNull() ? -1 : rows.value(2).toLongLong();
    it.mos = real(3);
    it.std = real(4);
    it.votes = rows.value(5).toInt();
    it.tags[0] = rows.value(6).toInt();
    it.tags[1] = rows.value(7).toInt();
    it.challenge = rows.value(8).toInt();
    it.present = rows.value(9).toBool();
    it.measured = !rows.value(10).isNull();
    if (it.measured) {
      auto& s = it.signals;
      s.width = rows.value(10).toInt();
      s.height = rows.value(11).toInt();
      s.brightness = real(12);
      s.clippedShadows = real(13);
      s.clippedHighlights = real(14);
      s.sharpness = real(15);
      s.noise = real(16);
      s.phash = uint64_t(rows.value(17).toLongLong());
      s.quality = real(18);
    }
    it.group = rows.value(19).isNull() ? -1 : rows.value(19).toLongLong();
    it.decision.rating = rows.value(20).toInt();
    it.decision.flag = Flag(std::clamp(rows.value(21).toInt(), 0, 2));
    it.unreadable = rows.value(22).toString().toStdString();
    // A number this program does not know (a newer one wrote it) reads as Other: the message only.
    const int kind = rows.value(23).toInt();
    if (kind > 0 && kind <= int(image::ImageError::Kind::NotAnImage)) it.unreadableKind = image::ImageError::Kind(kind);
  }
  return items;
}

namespace {

std::map<int, std::string> namesOf(const QString& connection, const std::string& file, const char* kind) {
  std::map<int, std::string> names;
  Statement select(connection, file, "SELECT id, name FROM names WHERE kind = ?");
  auto& rows = select.bind(QString::fromLatin1(kind)).run();
  while (rows.next()) names[rows.value(0).toInt()] = rows.value(1).toString().toStdString();
  return names;
}

}  // namespace

std::map<int, std::string> Catalog::tagNames() const { return namesOf(q(m_connection), m_path, "tag"); }
std::map<int, std::string> Catalog::challengeNames() const { return namesOf(q(m_connection), m_path, "challenge"); }

void Catalog::setDecision(long long id, const Decision& decision) {
  const QString c = q(m_connection);
  Statement(c, m_path, "UPDATE photos SET rating = ?, flag = ?, decided_at = datetime('now') WHERE id = ?")
      .bind(decision.rating).bind(int(decision.flag)).bind(id).run();
  Statement select(c, m_path, "SELECT path FROM photos WHERE id = ?");
  auto& rows = select.bind(id).run();
  if (!rows.next()) throw CatalogError(m_path + ": no photo with id " + std::to_string(id));
  writeDecision(rows.value(0).toString().toStdString(), decision);
}

void Catalog::setSignals(long long id, const ImageSignals& s) {
  Statement(q(m_connection), m_path,
            "UPDATE photos SET width = ?, height = ?, brightness = ?, clipped_shadows = ?, clipped_highlights = ?,"
            " sharpness = ?, noise = ?, phash = ?, quality = ?, present = 1, unreadable = NULL, unreadable_kind = NULL"
            " WHERE id = ?")
      .bind(s.width).bind(s.height).bind(s.brightness).bind(s.clippedShadows).bind(s.clippedHighlights)
      .bind(s.sharpness).bind(s.noise).bind(qint64(s.phash)).bind(orNull(s.quality)).bind(id).run();
}

void Catalog::setPresent(long long id, bool present) {
  Statement(q(m_connection), m_path, "UPDATE photos SET present = ? WHERE id = ?").bind(present).bind(id).run();
}

void Catalog::setUnreadable(long long id, const image::ImageError& reason) {
  Statement(q(m_connection), m_path, "UPDATE photos SET unreadable = ?, unreadable_kind = ? WHERE id = ?")
      .bind(q(reason.what())).bind(int(reason.kind())).bind(id).run();
}

int Catalog::updateNearDuplicateGroups(int maxDistance) {
  const QString c = q(m_connection);
  std::vector<long long> ids;
  std::vector<uint64_t> hashes;
  {
    Statement select(c, m_path, "SELECT id, phash FROM photos WHERE phash IS NOT NULL ORDER BY id");
    auto& rows = select.run();
    while (rows.next()) {
      ids.push_back(rows.value(0).toLongLong());
      hashes.push_back(uint64_t(rows.value(1).toLongLong()));
    }
  }
  const auto groups = nearDuplicateGroups(hashes, maxDistance);
  std::vector<int> sizes(groups.size(), 0);
  for (int g : groups) ++sizes[g];
  exec("BEGIN");
  try {
    Statement update(c, m_path, "UPDATE photos SET dup_group = ? WHERE id = ?");
    for (size_t i = 0; i < ids.size(); ++i) update.bind(ids[groups[i]]).bind(ids[i]).run();
    exec("COMMIT");
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
  return int(std::count_if(sizes.begin(), sizes.end(), [](int n) { return n > 1; }));
}

image::ImageError unreadableError(const Item& item) {
  using Kind = image::ImageError::Kind;
  // The message was written as "<path>: <detail>" of the item's own path.
  const std::string prefix = item.path + ": ";
  if (item.unreadableKind == Kind::Other || item.unreadable.compare(0, prefix.size(), prefix) != 0)
    return image::ImageError(item.unreadable);
  return image::ImageError(item.unreadableKind, item.path, item.unreadable.substr(prefix.size()));
}

bool needsMeasuring(const Item& item, bool withScorer) {
  return !item.measured || (withScorer && std::isnan(item.signals.quality));
}

std::string measureInto(Catalog& catalog, const Item& item, const QualityScorer* scorer) {
  try {
    catalog.setSignals(item.id, measurePhoto(item.path, scorer));
    return {};
  } catch (const image::ImageError& e) {
    std::error_code ec;
    const bool present = fs::exists(item.path, ec);
    catalog.setPresent(item.id, present);
    if (present) catalog.setUnreadable(item.id, e);
    return e.what();
  }
}

}  // namespace drbn::curate
