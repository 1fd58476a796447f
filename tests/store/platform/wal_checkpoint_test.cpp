// SQLite's WAL is checkpointed by the pool's checkpointer thread (platform/db/wal_checkpointer.hpp), not
// by the committing writer: the frames written by many commits reach the database file soon after, and
// the WAL stays far below the size at which a commit would checkpoint inline.
#include <soci/soci.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "platform/db/wal_checkpointer.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

class WalCheckpoint : public StoreTest {};

TEST_F(WalCheckpoint, CommittedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing) {
  if (db->dialect() != db::Dialect::sqlite) GTEST_SKIP() << "SQLite's write-ahead log";
  const std::filesystem::path file = url.substr(std::string("sqlite:").size());
  db->write([](db::Tx& tx) { tx.sql() << "CREATE TABLE wal_probe (k INTEGER PRIMARY KEY, v TEXT NOT NULL)"; });
  const auto before = std::filesystem::file_size(file);
  const std::string value(4000, 'x');  // a page of 4 KiB each
  auto write_commits = [&](int from, int to) {
    for (int c = from; c < to; ++c)
      db->write([&](db::Tx& tx) {
        for (int i = 0; i < 50; ++i) {
          long long k = c * 50 + i;
          tx.sql() << "INSERT INTO wal_probe (k, v) VALUES (:k, :v)", soci::use(k), soci::use(value);
        }
      });
  };
  auto file_reaches = [&](std::uintmax_t size) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::filesystem::file_size(file) < size && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return std::filesystem::file_size(file);
  };
  // About 2,500 pages in 50 commits: past the pages at which a checkpoint is due, below those at which a
  // commit checkpoints itself — only the checkpointer's thread copies them into the database file. The
  // last ones may stay in the WAL: once the WAL starts over, fewer than kPagesDue pages make no
  // checkpoint due, so at least 2,500 - 1,000 pages are copied.
  write_commits(0, 50);
  EXPECT_GE(file_reaches(before + 5'000'000u), before + 5'000'000u) << "the checkpointer copied the frames back";
  // 30,000 pages in all, three times those at which a commit checkpoints itself: the WAL is reused from
  // its start rather than growing with every commit.
  write_commits(50, 600);
  EXPECT_GE(file_reaches(before + 100'000'000u), before + 100'000'000u);
  const std::filesystem::path wal = file.string() + "-wal";
  EXPECT_LT(std::filesystem::file_size(wal), 4200u * db::WalCheckpointer::kPagesInline * 3 / 2)
      << "the WAL is reused from its start instead of growing with every commit";
  int rows = 0;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM wal_probe", soci::into(rows); });
  EXPECT_EQ(rows, 30000);
}

}  // namespace
}  // namespace medrisk::testing
