// The subcommands of `medrisk`: serve, migrate, keys, audit, org, user, backup, restore.
#pragma once

#include <CLI/CLI.hpp>

#include "app/app.hpp"

namespace medrisk::app {

// Exit codes beside 0 (done), 1 (error), 2 (refused: bad input), 3 (`audit verify`: broken chain).
inline constexpr int kExitDatabaseInUse = 4;  // SQLite: another process holds the writer lock

void add_serve_command(CLI::App& cli, Settings& settings, int& exit_code);
void add_admin_commands(CLI::App& cli, Settings& settings, int& exit_code);
void add_backup_commands(CLI::App& cli, Settings& settings, int& exit_code);  // backup_commands.cpp
void add_ledger_commands(CLI::App& cli, Settings& settings, int& exit_code);  // ledger_commands.cpp

}  // namespace medrisk::app
