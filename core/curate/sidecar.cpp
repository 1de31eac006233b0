// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/curate/sidecar.h"

#include "core/image/imagefile.h"
#include "core/io/atomicfile.h"

#include <exiv2/exiv2.hpp>

#include <filesystem>

namespace drbn::curate {
namespace {

namespace fs = std::filesystem;

std::optional<Decision> decisionIn(const Exiv2::XmpData& xmp) {
  const auto rating = xmp.findKey(Exiv2::XmpKey("Xmp.xmp.Rating"));
  const auto pick = xmp.findKey(Exiv2::XmpKey("Xmp.xmpDM.pick"));
  if (rating == xmp.end() && pick == xmp.end()) return std::nullopt;
  Decision d;
  if (rating != xmp.end()) {
    const long stars = rating->toLong();
    if (stars < 0)
      d.flag = Flag::Reject;
    else
      d.rating = int(std::min(stars, 5L));
  }
  if (pick != xmp.end() && d.flag == Flag::None) {
    const long p = pick->toLong();
    d.flag = p > 0 ? Flag::Pick : p < 0 ? Flag::Reject : Flag::None;
  }
  return d;
}

std::optional<Decision> decisionInSidecar(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  return decisionInXmp(io::readFile(path, 16 << 20));
}

}  // namespace

std::optional<Decision> decisionInXmp(const std::string& packet) {
  Exiv2::XmpData xmp;
  try {
    if (Exiv2::XmpParser::decode(xmp, packet) != 0) return std::nullopt;
    return decisionIn(xmp);
  } catch (const Exiv2::AnyError&) {
    return std::nullopt;  // e.g. a property of an unknown namespace
  }
}

const char* flagName(Flag flag) {
  switch (flag) {
    case Flag::Pick: return "pick";
    case Flag::Reject: return "reject";
    case Flag::None: break;
  }
  return "";
}

std::string sidecarPath(const std::string& photo) { return photo + ".xmp"; }

std::optional<Decision> readDecision(const std::string& photo) {
  image::initExiv2();
  try {
    if (auto d = decisionInSidecar(sidecarPath(photo))) return d;
    if (auto d = decisionInSidecar(fs::path(photo).replace_extension(".xmp").string())) return d;
    auto file = Exiv2::ImageFactory::open(photo);
    file->readMetadata();
    return decisionIn(file->xmpData());
  } catch (const Exiv2::AnyError&) {
    return std::nullopt;  // no readable metadata: no decision
  } catch (const io::FileError&) {
    return std::nullopt;
  }
}

void writeDecision(const std::string& photo, const Decision& decision) {
  image::initExiv2();
  const std::string path = sidecarPath(photo);
  Exiv2::XmpData xmp;
  std::error_code ec;
  if (fs::exists(path, ec) && Exiv2::XmpParser::decode(xmp, io::readFile(path, 16 << 20)) != 0)
    throw io::FileError(path + ": the existing sidecar is not valid XMP; left as it is");
  for (const char* key : {"Xmp.xmp.Rating", "Xmp.xmpDM.pick"}) {
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    if (it != xmp.end()) xmp.erase(it);
  }
  const int rating = decision.flag == Flag::Reject ? -1 : std::clamp(decision.rating, 0, 5);
  xmp["Xmp.xmp.Rating"] = std::to_string(rating);
  if (decision.flag != Flag::None) xmp["Xmp.xmpDM.pick"] = decision.flag == Flag::Pick ? "1" : "-1";
  std::string packet;
  if (Exiv2::XmpParser::encode(packet, xmp, Exiv2::XmpParser::omitPacketWrapper) != 0)
    throw io::FileError(path + ": cannot encode XMP");
  io::writeFileAtomically(path, packet);
}

}  // namespace drbn::curate
