// Operations on the real binary: SQLite's single writer process (a second `medrisk serve` or
// `medrisk migrate` on the same file is refused at once with the holder named, readers run beside
// it, SIGKILL releases the lock) and `medrisk backup` / `medrisk restore` — a backup taken while
// clients write restores into a new file that passes `medrisk audit verify`, holds every write
// acknowledged before the backup began, balances its ledger, and serves. On PostgreSQL `medrisk
// backup` points at pgBackRest (tests/ops/pgbackrest-test.sh exercises that path).
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <thread>

#include "platform/db/sqlite_backup.hpp"
#include "support/api_fixture.hpp"
#include "support/write_load.hpp"

namespace medrisk::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::vector<std::string> cli(const std::string& url, const fs::path& keys, std::vector<std::string> args) {
  std::vector<std::string> out = {"--db", url, "--keys", keys.string()};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

TEST(SingleWriter, ASecondServerOnTheSameSqliteFileIsRefusedAtOnceWithTheHolderNamed) {
  if (on_postgresql()) GTEST_SKIP() << "PostgreSQL serves several nodes; the lock is SQLite's";
  auto keys = temp_dir("swkeys") / "keys.json";
  std::string url = fresh_database_url("single_writer");
  ServerProcess first(url, keys);
  first.start();
  std::string admin = Api(first.port()).login("admin");

  std::string out;
  auto t0 = Clock::now();
  int rc = run_cli(cli(url, keys, {"serve", "--demo", "--port", std::to_string(free_port())}), out);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(10)) << "refused at once, not after waiting for the file";
  EXPECT_EQ(rc, 4) << out;
  EXPECT_NE(out.find("is in use by another medrisk process"), std::string::npos) << out;
  EXPECT_NE(out.find("command medrisk serve"), std::string::npos) << out;
  EXPECT_EQ(out.find("MedRisk listening"), std::string::npos) << out;
  EXPECT_EQ(run_cli(cli(url, keys, {"migrate"}), out), 4) << out;
  // Readers run beside the writer (WAL): the audit check and a backup.
  EXPECT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
  EXPECT_EQ(run_cli(cli(url, keys, {"backup", "--to", temp_dir("swbackup").string()}), out), 0) << out;
  // The first server is untouched by the refused second one.
  auto o = Api(first.port())
               .post("/api/v1/organizations",
                     {{"name", "单写者测试机构"}, {"kind", "medical_institution"}, {"region_code", "440000"}}, admin);
  EXPECT_EQ(o.status, 201) << o.raw;
  // SIGKILL releases the lock (the kernel closes the descriptor): the next server starts.
  first.kill9();
  ServerProcess second(url, keys);
  ASSERT_NO_THROW(second.start());
  EXPECT_EQ(second.stop(), 0);
  EXPECT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
}

TEST(Backup, OnPostgresqlPointsAtPgBackRest) {
  if (!on_postgresql()) GTEST_SKIP() << "SQLite is backed up by medrisk itself (next test)";
  std::string out;
  std::string url = fresh_database_url("pg_backup");
  EXPECT_EQ(run_cli(cli(url, temp_dir("pgbk") / "keys.json", {"backup", "--to", temp_dir("pgbkdir").string()}), out),
            2);
  EXPECT_NE(out.find("pgBackRest"), std::string::npos) << out;
  EXPECT_NE(out.find("deploy/postgresql"), std::string::npos) << out;
}

TEST(Backup, TakenUnderWriteLoadRestoresEveryEarlierWriteWithAnIntactChainAndABalancedLedger) {
  if (on_postgresql()) GTEST_SKIP() << "PostgreSQL: pgBackRest, tests/ops/pgbackrest-test.sh";
  auto dir = temp_dir("backup");
  auto keys = dir / "keys.json";
  std::string url = fresh_database_url("backup_load");
  ServerProcess server(url, keys, {"--demo", "--bank-dir", (dir / "bank").string()});
  server.start();
  LoadFixture fx = LoadFixture::prepare(server);
  MixedWriteLoad load(server.port(), fx, "bk");
  load.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // the demo bank confirms after ~2 s: ledger lines
  auto backup_began = Clock::now();
  std::string out;
  ASSERT_EQ(run_cli(cli(url, keys, {"backup", "--to", (dir / "backups").string()}), out), 0) << out;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // Restoring over the database the server is using is refused.
  fs::path backup_file;
  for (const auto& e : fs::directory_iterator(dir / "backups"))
    if (e.path().extension() == ".db") backup_file = e.path();
  ASSERT_FALSE(backup_file.empty()) << out;
  EXPECT_EQ(run_cli(cli(url, keys, {"restore", "--from", backup_file.string(), "--force"}), out), 4) << out;
  load.stop();
  EXPECT_TRUE(load.unexpected().empty()) << load.unexpected().front();
  ASSERT_EQ(server.stop(), 0);

  std::vector<Write> before, after;
  for (const auto& w : load.acknowledged()) (w.acked_at < backup_began ? before : after).push_back(w);
  ASSERT_GT(before.size(), 20u);
  EXPECT_GT(after.size(), 0u) << "the server kept answering writes while the backup ran";

  std::string restored = "sqlite:" + (dir / "restored.db").string();
  ASSERT_EQ(run_cli(cli(restored, keys, {"restore", "--from", backup_file.string()}), out), 0) << out;
  EXPECT_NE(out.find("audit chain intact"), std::string::npos) << out;
  ASSERT_EQ(run_cli(cli(restored, keys, {"audit", "verify"}), out), 0) << out;
  EXPECT_EQ(db::sqlite_integrity_check(dir / "restored.db"), "ok");

  Stored s = read_stored(restored, fx);
  Tally t = compare(before, s);
  EXPECT_EQ(t.lost, 0) << t.problems.front();
  EXPECT_EQ(t.duplicated, 0) << t.problems.front();
  EXPECT_GT(s.confirmed_payment_fen, 0) << "the backup holds confirmed payments";
  EXPECT_EQ(s.ledger_debit_fen, s.ledger_credit_fen);
  EXPECT_EQ(s.ledger_debit_fen, s.confirmed_payment_fen);
  EXPECT_EQ(s.claim_paid_fen, s.confirmed_payment_fen);
  std::cout << "backup under load: " << before.size() << " writes acknowledged before it, " << after.size()
            << " while and after it; payments confirmed in the copy " << s.confirmed_payment_fen << " fen\n";

  // The restored database serves, and its trial balance balances.
  ServerProcess again(restored, keys, {"--demo", "--bank-dir", (dir / "bank2").string()});
  again.start();
  Api api(again.port());
  auto tb = api.get("/api/v1/claims/ledger/trial-balance", api.login("adjuster"));
  ASSERT_EQ(tb.status, 200) << tb.raw;
  EXPECT_TRUE(tb.body["balanced"].get<bool>()) << tb.raw;
  EXPECT_EQ(tb.body["debit_fen"], tb.body["credit_fen"]);
  EXPECT_GE(tb.body["debit_fen"].get<long long>(), s.confirmed_payment_fen);
  EXPECT_EQ(again.stop(), 0);

  // A damaged backup is refused, and so is a restore over an existing database without --force.
  fs::path damaged = dir / "damaged.db";
  fs::copy_file(backup_file, damaged);
  fs::copy_file(fs::path(backup_file).replace_extension(".manifest.json"), dir / "damaged.manifest.json");
  {
    std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(8192);
    f.put('\x5a');
  }
  std::string other = "sqlite:" + (dir / "other.db").string();
  EXPECT_EQ(run_cli(cli(other, keys, {"restore", "--from", damaged.string()}), out), 2);
  EXPECT_NE(out.find("sha256"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir / "other.db"));
  EXPECT_EQ(run_cli(cli(restored, keys, {"restore", "--from", backup_file.string()}), out), 2);
  EXPECT_NE(out.find("--force"), std::string::npos) << out;
}

std::string slurp_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

// pgBackRest as deploy/postgresql/ configures it, on a throw-away cluster of its own (WAL archiving
// through archive-push): a full backup taken while clients write, restored into a new data directory,
// started on another port.
TEST(Backup, PgBackRestBackupUnderWriteLoadRestoresIntoANewDataDirectory) {
  if (!on_postgresql()) GTEST_SKIP() << "pgBackRest is the PostgreSQL path";
  auto dir = temp_dir("pgbr");
  fs::path cluster = dir / "cluster";
  std::string script = (source_dir() / "tests" / "ops" / "pgbackrest-cluster.sh").string();
  auto run = [&](const std::string& args) {
    return std::system((script + " " + args + " >>" + (dir / "script.log").string() + " 2>&1").c_str());
  };
  struct Stop {
    std::function<void()> f;
    ~Stop() { f(); }
  } stop{[&] { run("stop " + cluster.string()); }};
  ASSERT_EQ(run("start " + cluster.string()), 0) << slurp_line(dir / "script.log");
  std::string url = slurp_line(cluster / "url");
  auto keys = dir / "keys.json";
  ServerProcess server(url, keys, {"--demo", "--bank-dir", (dir / "bank").string()});
  server.start();
  LoadFixture fx = LoadFixture::prepare(server);
  MixedWriteLoad load(server.port(), fx, "pgbr");
  load.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  auto backup_began = Clock::now();
  ASSERT_EQ(run("backup " + cluster.string() + " full"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  load.stop();
  EXPECT_TRUE(load.unexpected().empty()) << load.unexpected().front();
  ASSERT_EQ(server.stop(), 0);
  std::vector<Write> before, after;
  for (const auto& w : load.acknowledged()) (w.acked_at < backup_began ? before : after).push_back(w);
  ASSERT_GT(before.size(), 20u);
  EXPECT_GT(after.size(), 0u) << "the server kept answering writes while pgBackRest copied";

  ASSERT_EQ(run("restore " + cluster.string()), 0);
  std::string restored = slurp_line(cluster / "restored_url");
  std::string out;
  ASSERT_EQ(run_cli(cli(restored, keys, {"audit", "verify"}), out), 0) << out;
  Stored s = read_stored(restored, fx);
  Tally t = compare(before, s);
  EXPECT_EQ(t.lost, 0) << t.problems.front();
  EXPECT_EQ(t.duplicated, 0) << t.problems.front();
  EXPECT_GT(s.confirmed_payment_fen, 0);
  EXPECT_EQ(s.ledger_debit_fen, s.ledger_credit_fen);
  EXPECT_EQ(s.ledger_debit_fen, s.confirmed_payment_fen);
  EXPECT_EQ(s.claim_paid_fen, s.confirmed_payment_fen);
  std::cout << "pgBackRest under load: " << before.size() << " writes acknowledged before the backup, " << after.size()
            << " during and after it\n";
  ServerProcess again(restored, keys, {"--demo", "--bank-dir", (dir / "bank2").string()});
  again.start();
  Api api(again.port());
  auto tb = api.get("/api/v1/claims/ledger/trial-balance", api.login("adjuster"));
  ASSERT_EQ(tb.status, 200) << tb.raw;
  EXPECT_TRUE(tb.body["balanced"].get<bool>()) << tb.raw;
  EXPECT_EQ(again.stop(), 0);
}

}  // namespace
}  // namespace medrisk::testing
