// Numbered, forward-only schema migrations. Each layer contributes its list (platform 100–199,
// accounts 200–299, insurance 300–399, …); the app concatenates them. SQL is shared between the
// dialects except for a few placeholders: {{pk}} (auto-increment primary key), {{blob}}, {{bigint}}.
// A migration of one dialect only (`only_on`, e.g. PostgreSQL's partitions) is recorded as applied on
// the other without running, so both keep one version sequence.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace medrisk::db {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;  // one or more statements separated by ";\n"
  std::string module;  // its owner: "platform" or the module folder (modules::owned); the owner's tables
  std::optional<Dialect> only_on = std::nullopt;  // run on this dialect only; recorded on both
};

// Applies, in version order, every migration not yet recorded in schema_migrations, each in its own
// transaction. Refuses (throws) when the database records a version this binary does not know — a
// newer binary migrated it — or when two migrations share a version.
void migrate(Database& db, std::vector<Migration> migrations);

// True when every given migration is recorded as applied (the /readyz check).
bool migrations_applied(Database& db, const std::vector<Migration>& migrations);

// The highest applied migration version (0 for a database never migrated).
int schema_version(Database& db);

std::string render_sql(Dialect dialect, const std::string& sql);
// Splits at ";\n", except inside a dollar-quoted body ($$ … $$: a DO block or a function).
std::vector<std::string> split_statements(const std::string& sql);

}  // namespace medrisk::db
