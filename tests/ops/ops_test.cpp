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
#include <iterator>
#include <thread>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include "platform/db/sqlite_backup.hpp"
#include "support/api_fixture.hpp"
#include "support/write_load.hpp"

namespace medrisk::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> cli(const std::string& url, const fs::path& keys, std::vector<std::string> args) {
  std::vector<std::string> out = {"--db", url, "--keys", keys.string()};
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

// Waits (at most 30 s) until the load's claim has a confirmed payment, so that a backup has its money in it.
bool wait_for_confirmed_payments(int port, const LoadFixture& fx) {
  Api api(port);
  for (int i = 0; i < 300; ++i) {
    auto c = api.get("/api/v1/claims/" + std::to_string(fx.claim_id), fx.adjuster_token);
    if (c.status == 200 && c.body.value("paid_fen", 0LL) > 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
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
  // Rotating the keys under a running server is refused too, and the key file is left as it was.
  const std::string key_file_before = read_file(keys);
  EXPECT_EQ(run_cli(cli(url, keys, {"keys", "rotate"}), out), 4) << out;
  EXPECT_EQ(read_file(keys), key_file_before);
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
  ASSERT_TRUE(wait_for_confirmed_payments(server.port(), fx)) << "the demo bank confirms payments after ~2 s";
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
// through archive-push): a full backup taken while clients write, restored into a new data directory and
// started on another port — once to the end of the archived WAL (every acknowledged write is there), once
// to a moment after the backup with --type=time (point-in-time recovery: what was acknowledged before it
// is there, what came a second after it is not).
TEST(Backup, PgBackRestBackupUnderWriteLoadRestoresIntoANewDataDirectoryAndToAPointInTime) {
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
  ASSERT_TRUE(wait_for_confirmed_payments(server.port(), fx)) << "the demo bank confirms payments after ~2 s";
  auto backup_began = Clock::now();
  ASSERT_EQ(run("backup " + cluster.string() + " full"), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto target = std::chrono::system_clock::now();
  auto target_steady = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  load.stop();
  EXPECT_TRUE(load.unexpected().empty()) << load.unexpected().front();
  ASSERT_EQ(server.stop(), 0);
  auto acknowledged = load.acknowledged();
  std::vector<Write> before_backup, before_target, after_target;
  for (const auto& w : acknowledged) {
    if (w.acked_at < backup_began) before_backup.push_back(w);
    if (w.acked_at < target_steady) before_target.push_back(w);
    if (w.acked_at > target_steady + std::chrono::seconds(1)) after_target.push_back(w);
  }
  ASSERT_GT(before_backup.size(), 20u);
  ASSERT_GT(before_target.size(), before_backup.size()) << "the server kept answering writes while pgBackRest copied";
  ASSERT_GT(after_target.size(), 0u);

  auto check_restored = [&](const std::vector<Write>& present, const std::vector<Write>& absent) {
    std::string restored = slurp_line(cluster / "restored_url");
    std::string out;
    EXPECT_EQ(run_cli(cli(restored, keys, {"audit", "verify"}), out), 0) << out;
    Stored s = read_stored(restored, fx);
    Tally t = compare(present, s);
    EXPECT_EQ(t.lost, 0) << t.problems.front();
    EXPECT_EQ(t.duplicated, 0) << t.problems.front();
    Tally gone = compare(absent, s);
    EXPECT_EQ(gone.lost, static_cast<long long>(absent.size())) << "writes after the recovery target are not restored";
    EXPECT_GT(s.confirmed_payment_fen, 0);
    EXPECT_EQ(s.ledger_debit_fen, s.ledger_credit_fen);
    EXPECT_EQ(s.ledger_debit_fen, s.confirmed_payment_fen);
    EXPECT_EQ(s.claim_paid_fen, s.confirmed_payment_fen);
    ServerProcess again(restored, keys, {"--demo", "--bank-dir", (dir / "bank2").string()});
    again.start();
    Api api(again.port());
    auto tb = api.get("/api/v1/claims/ledger/trial-balance", api.login("adjuster"));
    EXPECT_EQ(tb.status, 200) << tb.raw;
    EXPECT_TRUE(tb.body.value("balanced", false)) << tb.raw;
    EXPECT_EQ(again.stop(), 0);
  };
  // The latest state: the newest backup and every archived WAL segment.
  ASSERT_EQ(run("restore " + cluster.string()), 0);
  check_restored(acknowledged, {});
  // Point in time.
  std::time_t tt = std::chrono::system_clock::to_time_t(target);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(target.time_since_epoch()).count() % 1000;
  char when[64];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::gmtime(&tt));
  std::string target_text = std::string(when) + "." + std::to_string(1000 + ms).substr(1) + "+00";
  ASSERT_EQ(run("restore " + cluster.string() + " '" + target_text + "'"), 0);
  check_restored(before_target, after_target);
  std::cout << "pgBackRest under load: " << before_backup.size() << " writes acknowledged before the backup, "
            << before_target.size() << " before the recovery target " << target_text << ", " << after_target.size()
            << " more than a second after it (absent after PITR), " << acknowledged.size() << " in all\n";
}

// Restoring a SQLite backup in place: the heads file beside the key file still holds the replaced database's
// newer signed heads. `restore` appends a marker signed with the ledger key (the restored database's newest
// head, the time, the backup's manifest), so `audit verify` and `ledger verify` pass on the restored
// timeline — before and after the server writes on — while tampering after the restore, or with the
// marker, is still caught.
TEST(Backup, RestoredInPlaceVerifiesAgainstTheHeadsFileAndLaterTamperingIsStillCaught) {
  if (on_postgresql()) GTEST_SKIP() << "PostgreSQL: pgBackRest, tests/ops/pgbackrest-test.sh";
  fs::path dir = temp_dir("inplace");
  fs::path keys = dir / "keys.json";
  std::string url = "sqlite:" + (dir / "live.db").string();
  std::string out;
  auto add_users = [&](int port, const std::string& prefix) {
    Api api(port);
    std::string admin = api.login("admin");
    for (int i = 0; i < 3; ++i) {
      auto r = api.post("/api/v1/users", {{"username", prefix + std::to_string(i)}, {"display_name", prefix},
                                          {"password", "medrisk-demo"}, {"roles", {"patient"}}}, admin);
      ASSERT_EQ(r.status, 201) << r.raw;
    }
  };
  fs::path backup_file;
  {
    ServerProcess server(url, keys);
    server.start();
    add_users(server.port(), "before");
    ASSERT_EQ(run_cli(cli(url, keys, {"backup", "--to", (dir / "backups").string()}), out), 0) << out;
    add_users(server.port(), "after");  // newer than the backup: their heads go into the heads file
    ASSERT_EQ(server.stop(), 0);
  }
  for (const auto& e : fs::directory_iterator(dir / "backups"))
    if (e.path().extension() == ".db") backup_file = e.path();
  ASSERT_FALSE(backup_file.empty());
  ASSERT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;

  ASSERT_EQ(run_cli(cli(url, keys, {"restore", "--from", backup_file.string(), "--force"}), out), 0) << out;
  EXPECT_NE(out.find("restore marked"), std::string::npos) << out;
  ASSERT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
  EXPECT_NE(out.find("set aside"), std::string::npos) << out;
  ASSERT_EQ(run_cli(cli(url, keys, {"ledger", "verify"}), out), 0) << out;

  // The restored database serves on; its new heads reuse the set-aside ids and are checked as usual.
  {
    ServerProcess server(url, keys);
    server.start();
    add_users(server.port(), "restored");
    ASSERT_EQ(server.stop(), 0);
  }
  ASSERT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
  ASSERT_EQ(run_cli(cli(url, keys, {"ledger", "verify"}), out), 0) << out;

  // Tampering after the restore: the newest entries removed and audit_head rewritten.
  {
    soci::session s(*soci::factory_sqlite3(), "db=" + (dir / "live.db").string());
    long long last = 0;
    s << "SELECT last_id FROM audit_head", soci::into(last);
    long long keep = last - 2;
    std::string hash;
    s << "SELECT entry_hash FROM audit_log WHERE id = :k", soci::use(keep), soci::into(hash);
    s << "DELETE FROM audit_log WHERE id > :k", soci::use(keep);
    s << "UPDATE audit_head SET last_id = :k, last_hash = :h", soci::use(keep), soci::use(hash);
  }
  EXPECT_NE(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
  EXPECT_NE(out.find("the newest entries were removed"), std::string::npos) << out;

  // A forged restore marker (another restore point, not signed by the key file's key) is a finding itself.
  fs::path heads = dir / "ledger-heads.jsonl";
  std::string marker;
  {
    std::ifstream in(heads);
    for (std::string line; std::getline(in, line);)
      if (line.find("\"restore\"") != std::string::npos) marker = line;
  }
  ASSERT_FALSE(marker.empty());
  auto j = nlohmann::json::parse(marker);
  j["restore"]["head"]["id"] = 1;
  std::ofstream(heads, std::ios::app) << j.dump() << "\n";
  EXPECT_NE(run_cli(cli(url, keys, {"ledger", "verify"}), out), 0) << out;
  EXPECT_NE(out.find("restore marker whose signature does not verify"), std::string::npos) << out;
}

// Disk full (step 5 of issue 17): the database on a 16 MiB tmpfs filled up while the server runs. A
// write that does not fit is a 503 `database_unwritable` (problem+json, Retry-After), never a 500 and
// never half-written; the audit chain stays intact; once space returns, writes succeed again.
TEST(StorageFull, AWriteThatDoesNotFitIs503WithNothingHalfWrittenAndWritesResumeWhenSpaceReturns) {
  if (on_postgresql()) GTEST_SKIP() << "SQLite on a small tmpfs";
  auto dir = temp_dir("diskfull");
  fs::path mnt = dir / "mnt";
  fs::create_directories(mnt);
  if (std::system(("mount -t tmpfs -o size=16m tmpfs " + mnt.string() + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  struct Unmount {
    fs::path m;
    ~Unmount() { (void)std::system(("umount -l " + m.string()).c_str()); }
  } unmount{mnt};
  auto keys = dir / "keys.json";
  std::string url = "sqlite:" + (mnt / "full.db").string();
  ServerProcess server(url, keys, {"--demo", "--no-demo-bank", "--bank-dir", (dir / "bank").string()});
  server.start();
  Api api(server.port());
  std::string admin = api.login("admin");
  auto create = [&](const std::string& name) {
    return api.post("/api/v1/organizations",
                    {{"name", name}, {"kind", "medical_institution"}, {"region_code", "440000"}}, admin);
  };
  ASSERT_EQ(create("满盘测试机构-0").status, 201);
  {
    std::ofstream filler(mnt / "filler", std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    while (filler.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && filler.flush()) {
    }
  }
  // The WAL may still have room in frames it reuses: write until the disk says no.
  std::string refused_name;
  ApiResponse refused;
  for (int i = 1; i <= 2000 && refused_name.empty(); ++i) {
    std::string name = "满盘测试机构-" + std::to_string(i);
    auto r = create(name);
    if (r.status == 201) continue;
    refused_name = name;
    refused = r;
  }
  ASSERT_FALSE(refused_name.empty()) << "the disk never filled";
  expect_problem(refused, 503, "database_unwritable");
  EXPECT_FALSE(refused.header("Retry-After").empty());
  std::string out;
  EXPECT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;

  fs::remove(mnt / "filler");
  auto again = create("满盘测试机构-恢复后");
  EXPECT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(run_cli(cli(url, keys, {"audit", "verify"}), out), 0) << out;
  // Nothing half-written: the refused organization is absent, the later one present.
  auto count = [&](const std::string& name) {
    auto s = std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=" + url.substr(7));
    int n = 0;
    *s << "SELECT COUNT(*) FROM organizations WHERE name = :n", soci::use(name), soci::into(n);
    return n;
  };
  EXPECT_EQ(count(refused_name), 0);
  EXPECT_EQ(count("满盘测试机构-恢复后"), 1);
}

}  // namespace
}  // namespace medrisk::testing
