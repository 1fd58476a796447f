// See writer_lock.hpp. flock(2) locks belong to the open file description: the lock lives exactly as
// long as the descriptor, which is close-on-exec so no child process inherits it.
#include "platform/db/writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace medrisk::db {
namespace {

std::string read_holder(int fd) {
  char buf[512];
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return "";
  std::string s(buf, static_cast<std::size_t>(n));
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  std::string out;
  for (char c : s) {
    if (c == '\n')
      out += ", ";
    else
      out.push_back(c);
  }
  return out;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

int open_lock_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open the lock file " + path.string() + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

std::filesystem::path SqliteWriterLock::lock_path(const std::filesystem::path& database) {
  return database.string() + ".lock";
}

SqliteWriterLock SqliteWriterLock::acquire(const std::filesystem::path& database, const std::string& holder) {
  auto path = lock_path(database);
  int fd = open_lock_file(path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string who = read_holder(fd);
    ::close(fd);
    if (err != EWOULDBLOCK) throw std::runtime_error("cannot lock " + path.string() + ": " + std::strerror(err));
    throw DatabaseInUse("the SQLite database " + database.string() + " is in use by another medrisk process (" +
                        (who.empty() ? std::string("holder unknown") : who) +
                        "); SQLite allows one writing process: stop that process first, or use PostgreSQL "
                        "for several server nodes");
  }
  std::string record = "pid " + std::to_string(::getpid()) + "\ncommand " + holder + "\nsince " + utc_now() + "\n";
  if (::ftruncate(fd, 0) == 0) {
    ssize_t ignored = ::pwrite(fd, record.data(), record.size(), 0);
    (void)ignored;  // the record only names the holder in the refusal message
  }
  return SqliteWriterLock(fd, path);
}

bool SqliteWriterLock::held(const std::filesystem::path& database) {
  auto path = lock_path(database);
  if (!std::filesystem::exists(path)) return false;
  int fd = open_lock_file(path);
  bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
  ::close(fd);  // releases the probe
  return !free;
}

SqliteWriterLock::SqliteWriterLock(SqliteWriterLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

SqliteWriterLock& SqliteWriterLock::operator=(SqliteWriterLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

SqliteWriterLock::~SqliteWriterLock() {
  if (fd_ >= 0) ::close(fd_);  // the lock file stays: removing it would race with the next holder
}

std::optional<SqliteWriterLock> lock_sqlite_writer(const std::string& url, const std::string& holder) {
  if (url.rfind("sqlite:", 0) != 0) return std::nullopt;
  std::filesystem::path file = url.substr(7);
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  return SqliteWriterLock::acquire(file, holder);
}

}  // namespace medrisk::db
