// `medrisk backup --to DIR` and `medrisk restore --from FILE`. SQLite: the backup is taken by this
// command as a WAL reader beside the running server (no writer lock: the online backup API copies
// one consistent snapshot while the server keeps writing); the copy's audit chain is verified and a
// manifest (sha256, schema version, audit head) written beside it. Restore refuses a database in use
// (the writer lock), a file whose sha256 or audit head differs from its manifest, and an existing
// database unless --force; it verifies the audit chain of the copy before moving it into place.
// PostgreSQL: backups are pgBackRest's job (deploy/postgresql/, docs/runbook.md).
#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/sqlite_backup.hpp"
#include "platform/db/writer_lock.hpp"
#include "platform/ledger/anchoring.hpp"

namespace medrisk::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kManifestFormat = "medrisk-sqlite-backup/1";
constexpr const char* kPostgresAdvice =
    "PostgreSQL databases are backed up with pgBackRest (continuous WAL archiving, full and differential "
    "backups, point-in-time recovery), not by medrisk: see deploy/postgresql/README.md and docs/runbook.md";

struct Snapshot {
  int schema_version = 0;
  audit::Verification audit;
};

// Opens a database file on its own and reads what the manifest records; verifies the audit chain.
Snapshot inspect(const fs::path& file) {
  Settings s;
  s.db_url = "sqlite:" + file.string();
  auto db = open_database(s, 1);
  return Snapshot{db::schema_version(*db), audit::verify(*db)};
}

std::string utc_stamp() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", std::gmtime(&t));
  return buf;
}

std::string utc_iso() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

fs::path manifest_path(const fs::path& backup) {
  fs::path m = backup;
  m.replace_extension(".manifest.json");
  return m;
}

void write_atomically(const fs::path& path, const std::string& text) {
  fs::path tmp = path.string() + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  db::fsync_path(tmp);
  fs::rename(tmp, path);
  db::fsync_path(path.parent_path());
}

int backup(const Settings& settings, const fs::path& dir) {
  if (settings.db_url.rfind("sqlite:", 0) != 0) {
    std::cerr << kPostgresAdvice << std::endl;
    return 2;
  }
  fs::path source = settings.db_url.substr(7);
  fs::create_directories(dir);
  std::string name = "medrisk-" + utc_stamp();
  fs::path target = dir / (name + ".db");
  for (int n = 2; fs::exists(target) || fs::exists(target.string() + ".partial"); ++n)
    target = dir / (name + "-" + std::to_string(n) + ".db");
  fs::path partial = target.string() + ".partial";
  std::uintmax_t bytes = 0;
  Snapshot snap;
  try {
    db::sqlite_online_backup(source, partial);
    snap = inspect(partial);
    bytes = db::sqlite_make_self_contained(partial);
  } catch (...) {
    fs::remove(partial);
    throw;
  }
  if (!snap.audit.ok) {
    fs::remove(partial);
    std::cerr << "backup refused: the audit chain of the copy is BROKEN at entry " << *snap.audit.first_bad_id << ": "
              << snap.audit.reason << " (the live database has the same problem: run `medrisk audit verify`)"
              << std::endl;
    return 3;
  }
  std::string sha = db::sha256_file_hex(partial);
  fs::rename(partial, target);
  db::fsync_path(dir);
  json manifest = {
      {"format", kManifestFormat},
      {"file", target.filename().string()},
      {"created_at", utc_iso()},
      {"bytes", bytes},
      {"sha256", sha},
      {"schema_version", snap.schema_version},
      {"audit",
       {{"entries", snap.audit.entries}, {"head_id", snap.audit.entries}, {"head_hash", snap.audit.head_hash}}}};
  write_atomically(manifest_path(target), manifest.dump(2) + "\n");
  std::cout << "backup " << target.string() << " (" << bytes << " bytes, sha256 " << sha << ", schema "
            << snap.schema_version << ", audit chain intact: " << snap.audit.entries << " entries)" << std::endl;
  return 0;
}

int refuse(const std::string& why) {
  std::cerr << "restore refused: " << why << std::endl;
  return 2;
}

int restore(const Settings& settings, const fs::path& from, bool force) {
  if (settings.db_url.rfind("sqlite:", 0) != 0) {
    std::cerr << kPostgresAdvice << std::endl;
    return 2;
  }
  fs::path target = settings.db_url.substr(7);
  if (!fs::exists(from)) return refuse("no backup file " + from.string());
  fs::path mpath = manifest_path(from);
  std::ifstream min(mpath);
  if (!min) return refuse("no manifest " + mpath.string() + " beside the backup");
  json manifest = json::parse(min, nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != kManifestFormat || !manifest.contains("sha256") ||
      !manifest.contains("audit"))
    return refuse("the manifest " + mpath.string() + " is not a MedRisk backup manifest");
  std::string sha = db::sha256_file_hex(from);
  if (sha != manifest["sha256"].get<std::string>())
    return refuse("the backup's sha256 " + sha + " differs from its manifest's " +
                  manifest["sha256"].get<std::string>() + " (damaged or altered file)");
  // The target must not be in use, and stays locked while it is replaced.
  auto lock = db::lock_sqlite_writer(settings.db_url, "medrisk restore");
  if (fs::exists(target) && !force)
    return refuse("a database exists at " + target.string() + ": pass --force to replace it");
  fs::path partial = target.string() + ".restore-partial";
  fs::remove(partial);
  fs::copy_file(from, partial);
  db::fsync_path(partial);
  std::string integrity = db::sqlite_integrity_check(partial);
  Snapshot snap = inspect(partial);
  const json& a = manifest["audit"];
  std::string problem;
  if (integrity != "ok")
    problem = "SQLite integrity check: " + integrity;
  else if (!snap.audit.ok)
    problem = "audit chain BROKEN at entry " + std::to_string(*snap.audit.first_bad_id) + ": " + snap.audit.reason;
  else if (snap.audit.entries != a.value("entries", std::int64_t{-1}) ||
           snap.audit.head_hash != a.value("head_hash", ""))
    problem = "the audit head differs from the manifest's";
  else if (snap.schema_version != manifest.value("schema_version", -1))
    problem = "the schema version differs from the manifest's";
  if (!problem.empty()) {
    fs::remove(partial);
    std::cerr << "restore refused: " << problem << std::endl;
    return 3;
  }
  // A -wal or -shm left by the replaced database (a crashed server) would be applied to the new file.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(target.string() + suffix);
  fs::rename(partial, target);
  db::fsync_path(target.has_parent_path() ? target.parent_path() : fs::current_path());
  std::cout << "restored " << target.string() << " from " << from.string() << " (schema " << snap.schema_version
            << "); audit chain intact: " << snap.audit.entries << " entries" << std::endl;
  // The heads file beside the key file still holds the replaced database's newer signed heads: a signed
  // restore marker sets them aside, so `audit verify` and `ledger verify` check the restored timeline.
  if (fs::exists(settings.keys_path)) {
    auto keys = crypto::KeyRing::load(settings.keys_path);
    auto db = open_database(settings, 1);
    ledger::RestoredBackup b{from.filename().string(), sha, manifest.value("created_at", ""), a};
    if (ledger::mark_restore(*db, keys, ledger_options(settings, *db), b, SystemClock().now()))
      std::cout << "restore marked in the ledger's heads file " << ledger::heads_file_beside(settings.keys_path).string()
                << std::endl;
  }
  return 0;
}

}  // namespace

void add_backup_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  auto dir = std::make_shared<std::string>();
  auto* b = cli.add_subcommand("backup",
                               "SQLite: copy the database (also while the server runs) into DIR/medrisk-<UTC time>.db "
                               "with a manifest; PostgreSQL: see pgBackRest in deploy/postgresql/");
  b->add_option("--to", *dir, "folder for the backup file and its manifest")->required();
  b->callback([&settings, &exit_code, dir] {
    crypto::init();
    exit_code = backup(settings, *dir);
  });
  auto from = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* r = cli.add_subcommand("restore",
                               "SQLite: check a backup against its manifest, verify its audit chain and put it in "
                               "place of --db (refused while a server uses it)");
  r->add_option("--from", *from, "the backup file (its .manifest.json beside it)")->required();
  r->add_flag("--force", *force, "replace an existing database file");
  r->callback([&settings, &exit_code, from, force] {
    crypto::init();
    exit_code = restore(settings, *from, *force);
  });
}

}  // namespace medrisk::app
