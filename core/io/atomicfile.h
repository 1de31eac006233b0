// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writing files so that a reader never sees half of one: data goes to a temporary file beside the
// target, is flushed to disk, then renamed over it. A kill, a crash or a full disk leaves the old
// file (or none) in place, never a truncated one.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace drbn::io {

/// A file that could not be read or written, with a message naming it and the reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// The message is "<path>: <reason>" (the form every error of this file's functions takes).
  FileError(const std::string& path, const std::string& reason) : std::runtime_error(path + ": " + reason), m_reason(reason) {}
  /// The reason without the path; empty when the message was given whole.
  const std::string& reason() const { return m_reason; }

 private:
  std::string m_reason;
};

/// Writes `size` bytes to `path` atomically. Throws FileError ("<path>: No space left on device").
/// The temporary file is `.drbn-XXXXXX.part` beside it, created exclusively (never through a
/// link someone planted, and short whatever the target's name).
void writeFileAtomically(const std::string& path, const void* data, size_t size);
void writeFileAtomically(const std::string& path, const std::string& data);

/// Removes temporary files of writes that a kill interrupted, in `dir` (not below it), once they
/// are older than an hour (a younger one may belong to a write still going on). Returns how many.
int removeStaleTemporaries(const std::string& dir);

/// Reads a whole file; throws FileError naming the file when it cannot. Refuses files over
/// `maxBytes` so a wrong path cannot exhaust memory.
std::string readFile(const std::string& path, size_t maxBytes = size_t(4) << 30);

/// Why `path` cannot be read as a folder ("no such folder", "not a folder"); empty when it can.
std::string folderProblem(const std::string& path);

}  // namespace drbn::io
