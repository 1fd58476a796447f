// `medrisk actuarial …`: chain ladder, Mack, Bornhuetter–Ferguson and Cape Cod reserves from a
// long-layout CSV, and aggregate loss distributions; tables on stdout, or JSON with --json.
#pragma once

#include <CLI/CLI.hpp>

namespace medrisk::actuarial {

// Registers `actuarial chainladder|mack|bf|capecod|aggregate`. exit_code: 0 done, 1 refused input
// (error code and detail on stderr).
void add_actuarial_commands(CLI::App& app, int& exit_code);

}  // namespace medrisk::actuarial
