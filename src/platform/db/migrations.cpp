// Forward-only migration runner. On PostgreSQL an advisory lock keeps two starting nodes from
// migrating at once; on SQLite the in-process writer lock and BEGIN IMMEDIATE do the same.
#include "platform/db/migrations.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace medrisk::db {
namespace {

constexpr long long kMigrationLockKey = 0x4d65645269736b;  // "MedRisk"

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

void ensure_table(Database& db) {
  db.write([](Tx& tx) {
    tx.sql() << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  });
}

std::set<int> applied_versions(Database& db) {
  std::set<int> out;
  db.read([&](Tx& tx) {
    soci::rowset<int> rows = (tx.sql().prepare << "SELECT version FROM schema_migrations");
    for (int v : rows) out.insert(v);
  });
  return out;
}

}  // namespace

int schema_version(Database& db) {
  auto versions = applied_versions(db);
  return versions.empty() ? 0 : *versions.rbegin();
}

std::string render_sql(Dialect dialect, const std::string& sql) {
  std::string out = sql;
  bool pg = dialect == Dialect::postgresql;
  replace_all(out, "{{pk}}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
  replace_all(out, "{{blob}}", pg ? "BYTEA" : "BLOB");
  replace_all(out, "{{bigint}}", pg ? "BIGINT" : "INTEGER");
  return out;
}

std::vector<std::string> split_statements(const std::string& sql) {
  std::vector<std::string> out;
  std::size_t start = 0, pos = 0;
  bool quoted = false;  // inside $$ … $$
  while (pos < sql.size()) {
    if (sql.compare(pos, 2, "$$") == 0) {
      quoted = !quoted;
      pos += 2;
      continue;
    }
    if (!quoted && sql.compare(pos, 2, ";\n") == 0) {
      std::string stmt = sql.substr(start, pos - start);
      if (stmt.find_first_not_of(" \t\r\n;") != std::string::npos) out.push_back(stmt);
      start = pos = pos + 2;
      continue;
    }
    ++pos;
  }
  std::string stmt = sql.substr(start);
  if (stmt.find_first_not_of(" \t\r\n;") != std::string::npos) out.push_back(stmt);
  return out;
}

void migrate(Database& db, std::vector<Migration> migrations) {
  std::sort(migrations.begin(), migrations.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < migrations.size(); ++i)
    if (migrations[i].version == migrations[i - 1].version)
      throw std::logic_error("two migrations share version " + std::to_string(migrations[i].version));
  ensure_table(db);
  std::set<int> known;
  for (const auto& m : migrations) known.insert(m.version);
  for (int v : applied_versions(db))
    if (!known.contains(v))
      throw std::runtime_error("database has migration " + std::to_string(v) +
                               " that this binary does not know: it was migrated by a newer version");
  for (const auto& m : migrations) {
    db.write([&](Tx& tx) {
      if (tx.dialect() == Dialect::postgresql)
        tx.sql() << "SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")";
      int already = 0;
      tx.sql() << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
          soci::into(already);
      if (already) return;
      if (!m.only_on || *m.only_on == tx.dialect())
        for (const auto& stmt : split_statements(render_sql(tx.dialect(), m.sql))) tx.sql() << stmt;
      if (tx.dialect() == Dialect::postgresql)
        tx.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, "
                    "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
            soci::use(m.version), soci::use(m.name);
      else
        tx.sql() << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
            soci::use(m.version), soci::use(m.name);
    });
  }
}

bool migrations_applied(Database& db, const std::vector<Migration>& migrations) {
  std::set<int> applied;
  try {
    applied = applied_versions(db);
  } catch (const std::exception&) {
    return false;
  }
  return std::all_of(migrations.begin(), migrations.end(),
                     [&](const Migration& m) { return applied.contains(m.version); });
}

}  // namespace medrisk::db
