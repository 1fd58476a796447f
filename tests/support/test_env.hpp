// Test environment helpers shared by the store and API suites: where the sources and the binary are,
// and a fresh database of the tier being run — a temporary SQLite file, or a new database in the
// throw-away PostgreSQL cluster (tests/support/pg-cluster.sh) when MEDRISK_TEST_PG_URL_FILE is set.
#pragma once

#include <filesystem>
#include <string>

#include "platform/crypto/crypto.hpp"

namespace medrisk::testing {

std::filesystem::path source_dir();
std::filesystem::path binary_path();
std::filesystem::path temp_dir(const std::string& prefix);  // new, empty, removed by the OS eventually
bool on_postgresql();
// The crypto suite of the run: MEDRISK_CRYPTO_SUITE ("gm" in the *_gm CTest variants, which also makes
// `medrisk serve --demo` create a gm key file), else the default suite.
crypto::Suite crypto_suite();
// A fresh, empty database URL named after the test.
std::string fresh_database_url(const std::string& name);

}  // namespace medrisk::testing
