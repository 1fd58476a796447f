// The subcommands of `medrisk`: serve, migrate, keys, audit, org, user.
#pragma once

#include <CLI/CLI.hpp>

#include "app/app.hpp"

namespace medrisk::app {

void add_serve_command(CLI::App& cli, Settings& settings, int& exit_code);
void add_admin_commands(CLI::App& cli, Settings& settings, int& exit_code);

}  // namespace medrisk::app
