// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/io/atomicfile.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace drbn::io {
namespace {

// Temporary files of atomic writes: .drbn-XXXXXX.part (hidden, short, recognisably ours).
constexpr const char* kTempPrefix = ".drbn-";
constexpr const char* kTempSuffix = ".part";

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw FileError(path, what + std::strerror(error));
}

// Best effort: makes the rename itself durable.
void syncDirectory(const std::string& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void writeFileAtomically(const std::string& path, const void* data, size_t size) {
  const std::filesystem::path target(path);
  const std::string dir = target.parent_path().string();
  std::string temp = (target.parent_path() / (std::string(kTempPrefix) + "XXXXXX" + kTempSuffix)).string();
  const int fd = ::mkstemps(temp.data(), int(std::strlen(kTempSuffix)));  // O_CREAT | O_EXCL
  if (fd < 0) fail(path, "cannot create a file in its folder: ", errno);

  auto abandon = [&](const char* what) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, what, error);
  };
  const auto* p = static_cast<const char*>(data);
  size_t left = size;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon("cannot write: ");
    }
    p += n;
    left -= size_t(n);
  }
  if (::fsync(fd) != 0) abandon("cannot flush to disk: ");
  // mkstemp creates 0600; give the file the permissions an ordinary new file gets.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, "cannot write: ", error);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, "cannot replace: ", error);
  }
  syncDirectory(dir);
}

int removeStaleTemporaries(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int removed = 0;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir.empty() ? "." : dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const size_t prefix = std::strlen(kTempPrefix), suffix = std::strlen(kTempSuffix);
    if (name.size() != prefix + 6 + suffix || name.compare(0, prefix, kTempPrefix) != 0 ||
        name.compare(name.size() - suffix, suffix, kTempSuffix) != 0 || !it->is_regular_file(ec))
      continue;
    const auto written = fs::last_write_time(it->path(), ec);
    if (!ec && now - written > std::chrono::hours(1) && fs::remove(it->path(), ec)) ++removed;
  }
  return removed;
}

void writeFileAtomically(const std::string& path, const std::string& data) {
  writeFileAtomically(path, data.data(), data.size());
}

std::string folderProblem(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return {};
  return std::filesystem::exists(path, ec) ? "not a folder" : "no such folder";
}

std::string readFile(const std::string& path, size_t maxBytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, "cannot open: ", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw FileError(path, "not a regular file");
  }
  if (size_t(st.st_size) > maxBytes) {
    ::close(fd);
    throw FileError(path, "file too large (" + std::to_string(st.st_size) + " bytes)");
  }
  std::string data(size_t(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      ::close(fd);
      fail(path, "cannot read: ", error);
    }
    got += size_t(n);
  }
  ::close(fd);
  return data;
}

}  // namespace drbn::io
