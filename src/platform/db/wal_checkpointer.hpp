// SQLite: WAL checkpoints on a thread of their own. Each pooled connection reports the WAL's growth
// after its commits (sqlite3_wal_hook, which takes the place of SQLite's automatic checkpoint in the
// committing thread); past kPagesDue pages the checkpointer's own connection runs a PASSIVE checkpoint
// (copies the WAL's frames back into the database file and syncs it) beside the next transactions, so
// that a commit only appends its frames and syncs the WAL (sealing 10,000 witness records, three runs
// each: 4,868 -> 5,347 records/s). Once a checkpoint has copied every frame, a RESTART checkpoint with
// the process's writers held back for a moment makes the next writer reuse the WAL from its start; a
// writer that began during the copy would not, and the WAL would grow on disk, holding the data twice
// (a 16 MiB disk filled up at the demo's start). Past kPagesInline (a WAL of 40 MB) the committing connection checkpoints
// too — little is left to copy by then — for the same reason (at 4,000 pages that cost half the gain).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace medrisk::db {

class WalCheckpointer {
 public:
  static constexpr int kPagesDue = 1000;  // SQLite's default automatic checkpoint
  static constexpr int kPagesInline = 10000;
  static constexpr int kReaderWait = 5;  // ms a RESTART checkpoint waits for readers of the WAL

  // writers: the in-process lock every write transaction holds (Database), taken for a RESTART.
  WalCheckpointer(std::string path, std::mutex& writers);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Hands a pooled connection's WAL growth to this checkpointer.
  void watch(sqlite3* connection);

 private:
  static int on_commit(void* self, sqlite3* connection, const char* schema, int wal_pages);
  void run();

  std::string path_;
  std::mutex& writers_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace medrisk::db
