// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Why a photo file cannot be read or written, on its own so that code which only reports such
// errors (the curation catalog, the studio's wording) need not include OpenCV.

#include <stdexcept>
#include <string>

namespace drbn::image {

/// An image that cannot be read or written; the message names the file and the reason. A photo
/// that cannot be read also says what kind of problem it is, for front ends that word it in the
/// user's language (the message itself is English, as the command line prints it).
class ImageError : public std::runtime_error {
 public:
  // Catalogs store these numbers (curate::Catalog): add new kinds at the end.
  enum class Kind { Other = 0, NotFound, NotAFile, CannotRead, Damaged, TooLarge, Unsupported, NotAnImage };
  using std::runtime_error::runtime_error;  // Kind::Other
  /// The message is "<path>: <detail>".
  ImageError(Kind kind, const std::string& path, const std::string& detail)
      : std::runtime_error(path + ": " + detail), m_kind(kind), m_path(path), m_detail(detail) {}
  Kind kind() const { return m_kind; }
  const std::string& path() const { return m_path; }
  const std::string& detail() const { return m_detail; }

 private:
  Kind m_kind = Kind::Other;
  std::string m_path, m_detail;
};

}  // namespace drbn::image
