// SQLite is the single-node embedded store: one process at a time may write a database file. The
// process that writes (`medrisk serve`, `medrisk migrate`, `medrisk restore`) holds an exclusive
// flock on `<database>.lock` for its whole life; a second one is refused at once with the holder's
// pid and command, never left waiting on the file lock and never writing beside the first. Readers
// (`medrisk audit verify`, `medrisk backup`) take no lock: in WAL mode they read a consistent
// snapshot beside the writer. The kernel drops the lock when the holder exits, even on SIGKILL.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace medrisk::db {

// Another process holds the writer lock of the database.
struct DatabaseInUse : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SqliteWriterLock {
 public:
  // Takes the lock on `<database>.lock` (created if missing) without waiting and records `holder`
  // (e.g. "medrisk serve") and this pid in it; throws DatabaseInUse naming the current holder.
  static SqliteWriterLock acquire(const std::filesystem::path& database, const std::string& holder);
  // True when some process holds the lock of `database` now (the lock file is probed, not taken).
  static bool held(const std::filesystem::path& database);
  static std::filesystem::path lock_path(const std::filesystem::path& database);

  SqliteWriterLock(SqliteWriterLock&& other) noexcept;
  SqliteWriterLock& operator=(SqliteWriterLock&& other) noexcept;
  SqliteWriterLock(const SqliteWriterLock&) = delete;
  SqliteWriterLock& operator=(const SqliteWriterLock&) = delete;
  ~SqliteWriterLock();

 private:
  SqliteWriterLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

// The lock for a "sqlite:PATH" URL; nothing for PostgreSQL (it has its own multi-writer rules).
std::optional<SqliteWriterLock> lock_sqlite_writer(const std::string& url, const std::string& holder);

}  // namespace medrisk::db
