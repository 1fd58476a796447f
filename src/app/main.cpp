// medrisk — the server and the command-line tool. This file only wires the layers together:
// settings → database and keys → services → routes → HTTP server, and the operator's commands.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "app/app.hpp"
#include "app/commands.hpp"
#include "platform/db/writer_lock.hpp"

int main(int argc, char** argv) {
  using namespace medrisk::app;
  // A closed stdout/stderr pipe (a supervisor that went away) must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App cli{"MedRisk (医险通) — Internet+ medical risk-sharing platform"};
  cli.require_subcommand(1);
  cli.fallthrough();  // `medrisk serve --db …` works as well as `medrisk --db … serve`
  Settings settings;
  if (const char* env = std::getenv("MEDRISK_DB"); env && *env) settings.db_url = env;
  if (const char* env = std::getenv("MEDRISK_KEYS"); env && *env) settings.keys_path = env;
  cli.add_option("--db", settings.db_url, "sqlite:PATH or postgresql://… (env MEDRISK_DB)");
  if (const char* env = std::getenv("MEDRISK_DB_DIRECT"); env && *env) settings.db_direct_url = env;
  cli.add_option("--db-direct", settings.db_direct_url,
                 "postgresql://… of the server itself when --db goes through PgBouncer in transaction mode: "
                 "LISTEN and job locks use it (env MEDRISK_DB_DIRECT)");
  cli.add_option("--keys", settings.keys_path, "field-encryption key file (env MEDRISK_KEYS)");
  int exit_code = 0;
  try {
    settings.home = find_home(argv[0]);
    add_serve_command(cli, settings, exit_code);
    add_admin_commands(cli, settings, exit_code);
    add_backup_commands(cli, settings, exit_code);
    add_ledger_commands(cli, settings, exit_code);
    for (const auto& spec : module_list())
      if (spec.add_commands) spec.add_commands(cli, command_host(settings), exit_code);
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const medrisk::db::DatabaseInUse& e) {
    std::cerr << "medrisk: " << e.what() << std::endl;
    return kExitDatabaseInUse;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return exit_code;
}
