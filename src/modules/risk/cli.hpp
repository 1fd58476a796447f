// `medrisk risk import-exposure FILE`: the operator imports a CSV file of exposure (README.md has the
// format). One transaction: a file with any bad row is refused whole and every bad row is listed
// (line, column, reason in zh-CN and en-US); exit status 0 imported, 2 refused, 1 unreadable.
#pragma once

#include <CLI/CLI.hpp>

#include "platform/modules/module.hpp"

namespace medrisk::risk {

void add_risk_commands(CLI::App& cli, const modules::CommandHost& host, int& exit_code);

}  // namespace medrisk::risk
