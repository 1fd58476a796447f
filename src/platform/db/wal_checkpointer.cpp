// See wal_checkpointer.hpp.
#include "platform/db/wal_checkpointer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

namespace medrisk::db {

WalCheckpointer::WalCheckpointer(std::string path, std::mutex& writers)
    : path_(std::move(path)), writers_(writers), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void WalCheckpointer::watch(sqlite3* connection) { sqlite3_wal_hook(connection, &WalCheckpointer::on_commit, this); }

int WalCheckpointer::on_commit(void* self, sqlite3* connection, const char* schema, int wal_pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  if (wal_pages >= kPagesInline) {
    // Here, in the committing connection, the frames the thread has not copied yet (few, unless it
    // starved): a writer starts the WAL over only when it begins after a checkpoint that copied every
    // frame, which one running beside it under load rarely has.
    sqlite3_wal_checkpoint_v2(connection, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (wal_pages >= kPagesDue) {
    {
      std::lock_guard lock(c->mutex_);
      c->due_ = true;
    }
    c->cv_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  sqlite3* db = nullptr;
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [&] { return due_ || stopping_; });
    if (stopping_) break;
    due_ = false;
    lock.unlock();
    if (!db) {
      // Reading the schema makes the new connection see the database in WAL mode (before that a
      // checkpoint on it does nothing: "not in WAL mode").
      if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
          sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        db = nullptr;
      }
      if (db) sqlite3_busy_timeout(db, kReaderWait);
    }
    int logged = 0, copied = 0;
    int rc = db ? sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logged, &copied) : SQLITE_CANTOPEN;
    if (rc == SQLITE_OK && copied == logged) {
      // Every frame copied, but a writer that began during the copy keeps appending to the WAL, which
      // then grows on disk, holding the data twice. With this process's writers held back for the
      // moment it takes (little is left to copy), a RESTART checkpoint makes the next writer reuse the
      // WAL from its start (unless a reader still reads from it: then a later one will).
      std::lock_guard writers(writers_);
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    }
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      spdlog::warn("sqlite: WAL checkpoint failed ({}); commits checkpoint past {} pages",
                   sqlite3_errstr(rc), kPagesInline);
    lock.lock();
  }
  lock.unlock();
  sqlite3_close(db);
}

}  // namespace medrisk::db
