// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/measurements.h"

#include "core/curate/catalog.h"
#include "core/curate/qualityscorer.h"
#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <filesystem>

namespace drbn::curate {
namespace {

QByteArray toLine(const Measurement& m) {
  const auto& s = m.signals;
  QJsonObject o{{QStringLiteral("id"), m.id},
                {QStringLiteral("path"), QString::fromStdString(m.path)},
                {QStringLiteral("width"), s.width},
                {QStringLiteral("height"), s.height},
                {QStringLiteral("brightness"), s.brightness},
                {QStringLiteral("clipped_shadows"), s.clippedShadows},
                {QStringLiteral("clipped_highlights"), s.clippedHighlights},
                {QStringLiteral("sharpness"), s.sharpness},
                {QStringLiteral("noise"), s.noise},
                {QStringLiteral("phash"), QString::number(qulonglong(s.phash), 16)}};  // 64 bits: more than a double holds
  if (!std::isnan(s.quality)) o[QStringLiteral("quality")] = s.quality;
  return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool fromLine(const QByteArray& line, Measurement& m) {
  QJsonParseError error;
  const auto o = QJsonDocument::fromJson(line, &error).object();
  bool ok = error.error == QJsonParseError::NoError && o.contains(QStringLiteral("id")) && o.contains(QStringLiteral("phash"));
  if (!ok) return false;
  m.id = o[QStringLiteral("id")].toInteger();
  m.path = o[QStringLiteral("path")].toString().toStdString();
  auto& s = m.signals;
  s.width = o[QStringLiteral("width")].toInt();
  s.height = o[QStringLiteral("height")].toInt();
  s.brightness = o[QStringLiteral("brightness")].toDouble();
  s.clippedShadows = o[QStringLiteral("clipped_shadows")].toDouble();
  s.clippedHighlights = o[QStringLiteral("clipped_highlights")].toDouble();
  s.sharpness = o[QStringLiteral("sharpness")].toDouble();
  s.noise = o[QStringLiteral("noise")].toDouble();
  s.phash = o[QStringLiteral("phash")].toString().toULongLong(&ok, 16);
  s.quality = o.contains(QStringLiteral("quality")) ? o[QStringLiteral("quality")].toDouble() : std::nan("");
  return ok;
}

/// The measurements in `text`, the contents of `path`.
std::vector<Measurement> parseMeasurements(const std::string& text, const std::string& path) {
  const auto lines = QByteArray::fromStdString(text).split('\n');
  std::vector<Measurement> out;
  for (qsizetype i = 0; i < lines.size(); ++i) {
    if (lines[i].trimmed().isEmpty()) continue;
    Measurement m;
    if (fromLine(lines[i], m)) {
      out.push_back(std::move(m));
    } else if (i != lines.size() - 1) {  // only the last line, unterminated, may be torn
      throw CatalogError(path + ":" + std::to_string(i + 1) + ": not a measurement line");
    }
  }
  return out;
}

}  // namespace

std::vector<Measurement> readMeasurements(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  return parseMeasurements(io::readFile(path), path);
}

MeasurementWriter::MeasurementWriter(const std::string& path) : m_path(path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    const std::string bytes = io::readFile(path);
    m_existing = parseMeasurements(bytes, path);
    const auto end = bytes.rfind('\n');
    const size_t keep = end == std::string::npos ? 0 : end + 1;
    if (keep != bytes.size()) io::writeFileAtomically(path, bytes.substr(0, keep));  // a torn last line
  }
  m_out.open(path, std::ios::app | std::ios::binary);
  if (!m_out) throw io::FileError(path + ": cannot be opened for writing");
}

void MeasurementWriter::append(const Measurement& m) {
  const QByteArray line = toLine(m);
  m_out.write(line.constData(), line.size());
  m_out.flush();
  if (!m_out) throw io::FileError(m_path + ": cannot be written (disk full?)");
}

ImageSignals measurePhoto(const std::string& path, const QualityScorer* scorer) {
  const auto photo = image::readPhoto(path);
  const cv::Mat pixels = image::toMat(photo.rgb, CV_8U);
  auto signals = measure(pixels);
  if (scorer) signals.quality = scorer->score(pixels);
  return signals;
}

}  // namespace drbn::curate
