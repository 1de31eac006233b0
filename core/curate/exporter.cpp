// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/exporter.h"

#include "core/curate/sidecar.h"

#include "core/data/trainingfolders.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace drbn::curate {
namespace {

namespace fs = std::filesystem;

const char* kParts[] = {"train", "validation", "test"};

std::string csvField(const std::string& text) {
  // A cell a spreadsheet would run as a formula is kept as text (OWASP's CSV injection advice).
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  const std::string s = formula ? "'" + text : text;
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// The first cell of a manifest row as written (quoted when csvField quoted it).
std::string firstCell(const std::string& row) {
  if (row.empty() || row.front() != '"') return row.substr(0, row.find(','));
  size_t at = 1;
  while (at < row.size()) {
    if (row[at] == '"' && at + 1 < row.size() && row[at + 1] == '"') at += 2;  // an escaped quote
    else if (row[at] == '"') return row.substr(0, at + 1);
    else ++at;
  }
  return row;
}

std::string number(double v) {
  if (std::isnan(v)) return {};
  std::ostringstream out;
  out.precision(6);
  out << v;
  return out.str();
}

std::string nameOr(const std::map<int, std::string>& names, int id) {
  const auto it = names.find(id);
  return it == names.end() ? (id ? std::to_string(id) : std::string()) : it->second;
}

/// Places one file; returns why it could not.
std::optional<ExportProblem> place(const fs::path& source, const fs::path& target, ExportMode mode) {
  using Kind = ExportProblem::Kind;
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) return ExportProblem{Kind::SourceMissing, source.string(), {}, {}};
  if (fs::exists(fs::symlink_status(target, ec))) return ExportProblem{Kind::TargetExists, target.string(), {}, {}};
  ec.clear();  // symlink_status of a missing target reports ENOENT
  switch (mode) {
    case ExportMode::Copy:
      // Through an exclusively created temporary: a planted "X.jpg.partial" link is never followed.
      try {
        io::writeFileAtomically(target.string(), io::readFile(source.string()));
      } catch (const io::FileError& e) {
        return ExportProblem{Kind::NotPlaced, target.string(), e.reason().empty() ? e.what() : e.reason(), {}};
      }
      break;
    case ExportMode::HardLink: fs::create_hard_link(source, target, ec); break;
    case ExportMode::SymLink: fs::create_symlink(fs::absolute(source), target, ec); break;
  }
  if (ec) return ExportProblem{Kind::NotPlaced, target.string(), ec.message(), {}};
  return std::nullopt;
}

}  // namespace

image::ImageError ExportProblem::unreadable() const {
  return imageKind == image::ImageError::Kind::Other ? image::ImageError(detail) : image::ImageError(imageKind, path, detail);
}

std::string ExportProblem::message() const {
  switch (kind) {
    case Kind::Unreadable: return "not exported: " + std::string(unreadable().what());
    case Kind::SourceMissing: return path + ": missing";
    case Kind::TargetExists: return path + ": exists; not overwritten";
    case Kind::NotPlaced: break;
  }
  return path + ": " + detail;
}

std::vector<std::string> splitParts(const std::vector<Item>& items, const ExportOptions& o) {
  std::vector<std::string> parts(items.size());
  const double shares[] = {o.train, o.validation, o.test};
  const double total = o.train + o.validation + o.test;
  if (total <= 0) return parts;
  // Members per near-duplicate group (ungrouped photos are groups of one), in first-seen order.
  std::vector<std::vector<size_t>> groups;
  std::unordered_map<long long, size_t> groupOf;
  for (size_t i = 0; i < items.size(); ++i) {
    const long long key = items[i].group >= 0 ? items[i].group : -1 - items[i].id;
    const auto [it, added] = groupOf.emplace(key, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  // Fisher-Yates with our own index draw, so a seed gives the same split on every platform.
  std::mt19937_64 random(o.seed);
  for (size_t i = groups.size(); i > 1; --i) std::swap(groups[i - 1], groups[random() % i]);
  double filled[3] = {0, 0, 0};
  for (const auto& group : groups) {
    int neediest = 0;
    double largestGap = -1e300;
    for (int p = 0; p < 3; ++p) {
      if (shares[p] <= 0) continue;
      const double gap = shares[p] / total * double(items.size()) - filled[p];
      if (gap > largestGap) largestGap = gap, neediest = p;
    }
    filled[neediest] += double(group.size());
    for (size_t i : group) parts[i] = kParts[neediest];
  }
  return parts;
}

ExportReport exportItems(const std::vector<Item>& chosen, const ExportOptions& o) {
  ExportReport report;
  std::error_code ec;
  // The manifest and the parts' folders would land among the photos (and the next import).
  for (const Item& it : chosen)
    if (fs::equivalent(fs::path(it.path).parent_path(), o.outDir, ec))
      throw io::FileError(o.outDir, "holds photos of the selection (" + it.path + "); export into another folder");
  // A photo known to be unreadable is no training data: named, and left out before the split.
  std::vector<Item> items;
  for (const Item& it : chosen) {
    if (it.unreadable.empty()) items.push_back(it);
    else {
      const auto error = unreadableError(it);
      report.errors.push_back({ExportProblem::Kind::Unreadable, it.path, error.detail().empty() ? error.what() : error.detail(),
                               error.kind()});
    }
  }
  fs::create_directories(o.outDir, ec);
  if (ec) throw io::FileError(o.outDir + ": cannot create the folder: " + ec.message());
  io::removeStaleTemporaries(o.outDir);
  const auto parts = splitParts(items, o);
  // A photo an earlier export put into another part of this folder (or the folder itself, without
  // a split) would then be in two parts and leak between them: refused before anything is placed.
  const std::string manifestJson = (fs::path(o.outDir) / "manifest.json").string();
  if (fs::exists(manifestJson, ec)) {
    std::map<std::string, std::string> earlierPart;  // source -> part
    for (const auto& row : QJsonDocument::fromJson(QByteArray::fromStdString(io::readFile(manifestJson))).array())
      earlierPart[row.toObject()[QStringLiteral("source")].toString().toStdString()] =
          row.toObject()[QStringLiteral("part")].toString().toStdString();
    const auto where = [](const std::string& part) { return part.empty() ? std::string("the folder itself") : "'" + part + "'"; };
    for (size_t i = 0; i < items.size(); ++i)
      if (const auto it = earlierPart.find(items[i].path); it != earlierPart.end() && it->second != parts[i])
        throw io::FileError(o.outDir, items[i].path + " is exported here to " + where(it->second) + " already; this export would put it in " +
                                          where(parts[i]) + " too, and a photo in two parts leaks between them: export into another folder");
  }
  for (const auto& [part, fraction] : {std::pair{"train", o.train}, {"validation", o.validation}, {"test", o.test}})
    if (fraction > 0 && std::find(parts.begin(), parts.end(), part) == parts.end()) report.emptyParts.push_back(part);

  const std::string header =
      "file,source,part,ava_id,mos,std,votes,tag1,tag2,challenge,width,height,brightness,clipped_shadows,"
      "clipped_highlights,sharpness,noise,quality,group,rating,decision\n";
  std::ostringstream csv;
  QJsonArray json;
  std::set<std::string> written;  // files this export placed, as the manifest names them
  std::set<std::string> taken;
  for (size_t i = 0; i < items.size(); ++i) {
    if (o.cancel && o.cancel->load()) {
      report.cancelled = true;
      break;
    }
    if (o.progress) o.progress(int(i), int(items.size()));
    const Item& it = items[i];
    const fs::path dir = parts[i].empty() ? fs::path(o.outDir) : fs::path(o.outDir) / parts[i];
    fs::create_directories(dir, ec);
    // Two sources with one name (different folders) keep both, the second with its id.
    fs::path name = fs::path(it.path).filename();
    if (!taken.insert((dir / name).string()).second)
      name = name.stem().string() + "_" + std::to_string(it.id) + name.extension().string();
    taken.insert((dir / name).string());
    if (auto problem = place(it.path, dir / name, o.mode)) {
      report.errors.push_back(std::move(*problem));
      continue;
    }
    // Its XMP sidecar goes along, named after the copy, so ratings and edits travel with it.
    const fs::path photo(it.path), placed = dir / name;
    for (const auto& [sidecar, target] : {std::pair{fs::path(sidecarPath(it.path)), fs::path(placed.string() + ".xmp")},
                                          std::pair{fs::path(photo).replace_extension(".xmp"),
                                                    fs::path(placed).replace_extension(".xmp")}})
      if (fs::is_regular_file(sidecar, ec)) {
        if (auto problem = place(sidecar, target, o.mode)) report.errors.push_back(std::move(*problem));
      }
    ++report.exported;
    ++report.perPart[parts[i]];
    const std::string file = (parts[i].empty() ? fs::path(name) : fs::path(parts[i]) / name).string();
    written.insert(file);
    const auto& s = it.signals;
    const bool ava = it.avaId >= 0;
    const std::string tag1 = nameOr(o.tagNames, it.tags[0]), tag2 = nameOr(o.tagNames, it.tags[1]);
    const std::string challenge = nameOr(o.challengeNames, it.challenge);
    const auto measured = [&](double v) { return it.measured ? number(v) : std::string(); };
    csv << csvField(file) << ',' << csvField(it.path) << ',' << parts[i] << ',' << (ava ? std::to_string(it.avaId) : "")
        << ',' << number(it.mos) << ',' << number(it.std) << ',' << (ava ? std::to_string(it.votes) : "") << ','
        << csvField(tag1) << ',' << csvField(tag2) << ',' << csvField(challenge) << ','
        << measured(s.width) << ',' << measured(s.height) << ',' << measured(s.brightness) << ','
        << measured(s.clippedShadows) << ',' << measured(s.clippedHighlights) << ',' << measured(s.sharpness) << ','
        << measured(s.noise) << ',' << measured(s.quality) << ',' << (it.group >= 0 ? std::to_string(it.group) : "")
        << ',' << it.decision.rating << ',' << flagName(it.decision.flag) << '\n';

    QJsonObject row{{QStringLiteral("file"), QString::fromStdString(file)},
                    {QStringLiteral("source"), QString::fromStdString(it.path)},
                    {QStringLiteral("rating"), it.decision.rating},
                    {QStringLiteral("decision"), QString::fromLatin1(flagName(it.decision.flag))}};
    if (!parts[i].empty()) row[QStringLiteral("part")] = QString::fromStdString(parts[i]);
    if (ava) {
      row[QStringLiteral("ava_id")] = it.avaId;
      row[QStringLiteral("mos")] = it.mos;
      row[QStringLiteral("std")] = it.std;
      row[QStringLiteral("votes")] = it.votes;
      row[QStringLiteral("tags")] = QJsonArray{QString::fromStdString(tag1), QString::fromStdString(tag2)};
      row[QStringLiteral("challenge")] = QString::fromStdString(challenge);
    }
    if (it.measured) {
      QJsonObject signalsJson{{QStringLiteral("width"), s.width}, {QStringLiteral("height"), s.height},
                              {QStringLiteral("brightness"), s.brightness},
                              {QStringLiteral("clipped_shadows"), s.clippedShadows},
                              {QStringLiteral("clipped_highlights"), s.clippedHighlights},
                              {QStringLiteral("sharpness"), s.sharpness}, {QStringLiteral("noise"), s.noise}};
      if (!std::isnan(s.quality)) signalsJson[QStringLiteral("quality")] = s.quality;
      row[QStringLiteral("signals")] = signalsJson;
    }
    if (it.group >= 0) row[QStringLiteral("group")] = it.group;
    json.append(row);
  }
  report.manifestCsv = (fs::path(o.outDir) / "manifest.csv").string();
  report.manifestJson = manifestJson;
  // Another export into the folder adds to its manifest: the earlier rows describe files that
  // are still there (an export never replaces one), unless this one wrote the file anew.
  std::string earlierCsv;
  if (fs::exists(report.manifestCsv, ec)) {
    const std::string text = io::readFile(report.manifestCsv);
    if (text.compare(0, header.size(), header) == 0) {
      std::set<std::string> writtenCells;  // each file as its manifest cell, looked up per row
      for (const auto& f : written) writtenCells.insert(csvField(f));
      std::istringstream lines(text.substr(header.size()));
      for (std::string line; std::getline(lines, line);)
        if (!line.empty() && !writtenCells.count(firstCell(line))) earlierCsv += line + "\n";
    }
  }
  QJsonArray all;
  if (fs::exists(report.manifestJson, ec)) {
    const auto earlier = QJsonDocument::fromJson(QByteArray::fromStdString(io::readFile(report.manifestJson)));
    for (const auto& row : earlier.array())
      if (!written.count(row.toObject()[QStringLiteral("file")].toString().toStdString())) all.append(row);
  }
  for (const auto& row : json) all.append(row);
  io::writeFileAtomically(report.manifestCsv, header + earlierCsv + csv.str());
  io::writeFileAtomically(report.manifestJson, QJsonDocument(all).toJson().toStdString());
  return report;
}

PairReport verifyPairs(const std::string& lowDir, const std::string& normalDir,
                       const std::function<void(int, int)>& progress, const std::atomic_bool* cancel) {
  using data::DataProblem;
  using Kind = DataProblem::Kind;
  using Folder = DataProblem::Folder;
  PairReport report;
  for (const auto& [dir, folder] : {std::pair{lowDir, Folder::PairedLow}, {normalDir, Folder::PairedNormal}})
    if (auto p = data::folderProblem(dir, folder)) report.problems.push_back(std::move(*p));
  if (!report.problems.empty()) return report;
  std::map<std::string, std::string> lows, normals;
  for (const auto& p : data::imageFilesIn(lowDir)) lows[fs::path(p).stem().string()] = p;
  for (const auto& p : data::imageFilesIn(normalDir)) normals[fs::path(p).stem().string()] = p;
  const auto noPartner = [](const std::string& path, Folder folder, const std::string& partnerFolder) {
    DataProblem p = DataProblem::of(Kind::NoPartner, folder, path);
    p.partnerFolder = partnerFolder;
    return p;
  };
  for (const auto& [stem, path] : normals)
    if (!lows.count(stem)) report.problems.push_back(noPartner(path, Folder::PairedNormal, lowDir));
  const int total = int(std::count_if(lows.begin(), lows.end(), [&](const auto& l) { return normals.count(l.first); }));
  for (const auto& [stem, low] : lows) {
    if (cancel && *cancel) break;
    if (progress && report.pairs > 0) progress(report.pairs, total);
    const auto normal = normals.find(stem);
    if (normal == normals.end()) {
      report.problems.push_back(noPartner(low, Folder::PairedLow, normalDir));
      continue;
    }
    ++report.pairs;
    image::Photo a, b;
    try {
      a = image::readPhoto(low);
    } catch (const image::ImageError& e) {
      report.problems.push_back(DataProblem::unreadable(low, e, Folder::PairedLow));
      continue;
    }
    try {
      b = image::readPhoto(normal->second);
    } catch (const image::ImageError& e) {
      report.problems.push_back(DataProblem::unreadable(normal->second, e, Folder::PairedNormal));
      continue;
    }
    if (a.rgb.width != b.rgb.width || a.rgb.height != b.rgb.height) {
      DataProblem p = DataProblem::of(Kind::SizeMismatch, Folder::PairedLow, low);
      p.width = a.rgb.width, p.height = a.rgb.height, p.partnerWidth = b.rgb.width, p.partnerHeight = b.rgb.height;
      report.problems.push_back(std::move(p));
      continue;
    }
    const double lowMean = measure(image::toMat(a.rgb, CV_8U)).brightness;
    const double normalMean = measure(image::toMat(b.rgb, CV_8U)).brightness;
    if (lowMean >= normalMean) {
      DataProblem p = DataProblem::of(Kind::NotDarker, Folder::PairedLow, low);
      p.brightness = lowMean, p.partnerBrightness = normalMean;
      report.problems.push_back(std::move(p));
      continue;
    }
    ++report.good;
  }
  if (progress) progress(report.pairs, total);
  return report;
}

}  // namespace drbn::curate
