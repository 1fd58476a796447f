// PostgreSQL range partitions managed by pg_partman (Debian's postgresql-15-partman, schema `partman`):
// the migration text that turns an existing table into a partitioned one, the pre-creation of the
// partitions an application clock needs, and pg_partman's maintenance. SQLite tables stay whole: every
// function here does nothing there (see docs/scale.md for the partition keys and why).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kernel/date.hpp"
#include "platform/db/database.hpp"

namespace medrisk::db::partitions {

struct Spec {
  std::string table;    // in the public schema, named by its owner's migration
  std::string column;   // the partition key: a BIGINT id (kind id) or a DATE/TIMESTAMPTZ (kind time)
  enum class Kind { id, time } kind = Kind::time;
  std::string interval;  // pg_partman's p_interval: "monthly", or an id range such as "10000000"
  int premake = 4;       // partitions kept ready ahead of the newest data
};

// The PostgreSQL migration statements (for a Migration with only_on = postgresql) that create the
// pg_partman extension if needed and convert `spec.table`, whatever columns earlier migrations gave it,
// into a table partitioned by range on `spec.column`: a new parent LIKE the old table (defaults, CHECK
// and NOT NULL constraints, generated columns), the old primary/unique/foreign keys and indexes
// re-created under their names, serial sequences handed over, partitions from the oldest row's range
// to premake ahead plus a default partition, every row copied into its partition, the old table
// dropped. Every unique key of the table must already include the partition key (PostgreSQL's rule):
// the caller drops or rewrites the others first.
std::string convert_sql(const Spec& spec);

// True when the database is PostgreSQL and `table` is a pg_partman parent.
bool managed(Tx& tx, const std::string& table);

// Makes sure the month partitions of a time-partitioned `table` exist for every day of [from, to]:
// rows that went to the default partition (a date no partition covered yet) are first moved into
// their months, then the missing months are created. Inserts never fail for lack of a partition (the
// default partition takes them); this keeps them out of it. Nothing on SQLite or an unmanaged table.
// Returns the number of rows moved out of the default partition.
long long ensure_months(Database& db, const std::string& table, Date from, Date to);

// pg_partman's maintenance of every partitioned table (partman.run_maintenance: partitions premade
// ahead of the newest data). Call it under a job lock; nothing on SQLite or without the extension.
void run_maintenance(Database& db);

// The rows of each partition of `table`, oldest first (partition name, rows; the default last): for
// tests, `medrisk` diagnostics and the figures in docs/scale.md.
std::vector<std::pair<std::string, long long>> rows_per_partition(Tx& tx, const std::string& table);

}  // namespace medrisk::db::partitions
