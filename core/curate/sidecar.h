// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Ratings and pick/reject decisions in XMP, where darktable, Lightroom and exiv2 read them.
// Decisions are written to sidecars only: the photo files themselves are never touched.

#include <optional>
#include <string>

namespace drbn::curate {

enum class Flag { None, Pick, Reject };
const char* flagName(Flag flag);  // "", "pick", "reject"

/// A person's decision about a photo.
struct Decision {
  int rating = 0;  // stars, 0..5
  Flag flag = Flag::None;
  bool operator==(const Decision& o) const { return rating == o.rating && flag == o.flag; }
  bool operator!=(const Decision& o) const { return !(*this == o); }
};

/// The sidecar DRBN Studio writes: `photo.jpg.xmp`, darktable's naming (Lightroom's `photo.xmp`
/// is read too).
std::string sidecarPath(const std::string& photo);

/// The decision recorded for a photo: its `photo.jpg.xmp` sidecar, else `photo.xmp`, else XMP
/// embedded in the file; nothing when none carries a rating or flag. `xmp:Rating` -1 means
/// rejected (as darktable and Lightroom write it); `xmpDM:pick` 1 / -1 means pick / reject.
std::optional<Decision> readDecision(const std::string& photo);

/// The decision an XMP packet (a sidecar's contents) records; nothing when it is not valid XMP or
/// carries no rating or flag.
std::optional<Decision> decisionInXmp(const std::string& packet);

/// Records a decision in the photo's sidecar, keeping whatever else the sidecar holds (darktable
/// history, keywords); written atomically. Rejects are written as `xmp:Rating` -1, so that other
/// tools see them; stars go to `xmp:Rating` otherwise. Throws io::FileError naming the sidecar.
void writeDecision(const std::string& photo, const Decision& decision);

}  // namespace drbn::curate
