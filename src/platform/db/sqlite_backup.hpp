// File-level operations on SQLite databases for `medrisk backup` and `medrisk restore`, with the raw
// SQLite C API (kept in this one file, STACK.md gotcha 3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace medrisk::db {

// Copies the live database `source` into the new file `target` with SQLite's online backup API in
// a single step: one read transaction, so the copy is the consistent snapshot of one moment, and in
// WAL mode the server writing `source` in another process is neither blocked nor restarted. The copy
// is fsynced. Returns its size in bytes. Throws std::runtime_error when SQLite refuses.
std::uintmax_t sqlite_online_backup(const std::filesystem::path& source, const std::filesystem::path& target);

// Switches a database file to the rollback journal (the copy carries the source's WAL flag): one
// self-contained file with no -wal beside it, fsynced. Returns its size in bytes.
std::uintmax_t sqlite_make_self_contained(const std::filesystem::path& file);

// PRAGMA integrity_check of a database file: "ok" or SQLite's first finding.
std::string sqlite_integrity_check(const std::filesystem::path& file);

// SHA-256 of a file's bytes, lowercase hex, read in chunks.
std::string sha256_file_hex(const std::filesystem::path& file);

// fsync of a file or a directory (after a rename into it).
void fsync_path(const std::filesystem::path& path);

}  // namespace medrisk::db
