// See sqlite_backup.hpp.
#include "platform/db/sqlite_backup.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace medrisk::db {
namespace {

struct Connection {
  sqlite3* db = nullptr;
  Connection(const std::filesystem::path& file, int flags) {
    int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
      sqlite3_close(db);
      throw std::runtime_error("cannot open " + file.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db, 10000);
  }
  ~Connection() { sqlite3_close(db); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db);
      sqlite3_free(err);
      throw std::runtime_error(sql + ": " + msg);
    }
  }
};

}  // namespace

std::uintmax_t sqlite_online_backup(const std::filesystem::path& source, const std::filesystem::path& target) {
  if (!std::filesystem::exists(source)) throw std::runtime_error("no database at " + source.string());
  if (std::filesystem::exists(target)) throw std::runtime_error(target.string() + " exists already");
  {
    Connection from(source, SQLITE_OPEN_READWRITE);  // read-write: a WAL reader may need to create the -shm
    Connection to(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    for (int attempt = 0;; ++attempt) {
      sqlite3_backup* b = sqlite3_backup_init(to.db, "main", from.db, "main");
      if (!b) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to.db));
      int rc = sqlite3_backup_step(b, -1);  // every page in one step: one snapshot
      int finish = sqlite3_backup_finish(b);
      if (rc == SQLITE_DONE && finish == SQLITE_OK) break;
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 50) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc == SQLITE_DONE ? finish : rc));
    }
  }
  fsync_path(target);
  return std::filesystem::file_size(target);
}

std::uintmax_t sqlite_make_self_contained(const std::filesystem::path& file) {
  {
    Connection c(file, SQLITE_OPEN_READWRITE);
    c.exec("PRAGMA journal_mode = DELETE");  // checkpoints and removes the -wal
  }
  fsync_path(file);
  return std::filesystem::file_size(file);
}

std::string sqlite_integrity_check(const std::filesystem::path& file) {
  Connection c(file, SQLITE_OPEN_READONLY);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(c.db, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK)
    return std::string("integrity_check: ") + sqlite3_errmsg(c.db);
  std::string out;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  else
    out = std::string("integrity_check: ") + sqlite3_errmsg(c.db);
  sqlite3_finalize(st);
  return out;
}

std::string sha256_file_hex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::array<char, 1 << 16> buf;
  while (in) {
    in.read(buf.data(), buf.size());
    auto n = in.gcount();
    if (n > 0)
      crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buf.data()),
                                static_cast<unsigned long long>(n));
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest;
  crypto_hash_sha256_final(&state, digest.data());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  return out;
}

void fsync_path(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync " + path.string() + ": " + std::strerror(errno));
}

}  // namespace medrisk::db
