// The database refusing writes because its storage is full or read-only — SQLite SQLITE_FULL,
// SQLITE_READONLY, SQLITE_IOERR; PostgreSQL 53100 disk_full, 53000, 25006 read_only_sql_transaction.
// The transaction was rolled back whole (Database::write); the HTTP layer answers 503
// `database_unwritable` instead of 500, and the next write succeeds once space returns.
#pragma once

#include <exception>

namespace medrisk::db {

bool storage_refuses_writes(const std::exception& e);

}  // namespace medrisk::db
