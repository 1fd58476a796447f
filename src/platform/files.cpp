#include "platform/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace medrisk::files {

void write_atomically(const std::filesystem::path& path, const std::string& data) {
  namespace fs = std::filesystem;
  fs::create_directories(path.parent_path());
  // A hidden name in the same folder: a reader listing the folder (the bank's inbox) never picks it up.
  fs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  auto fail = [&](const char* what) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw std::runtime_error(std::string(what) + " " + path.filename().string());
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create");
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      fail("cannot write");
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("cannot sync");
  }
  if (::close(fd) != 0) fail("cannot close");
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) fail("cannot rename");
  // The rename itself is durable only once the folder is synced.
  if (int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("attachment file missing");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace medrisk::files
