// See test_env.hpp.
#include "support/test_env.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <atomic>
#include <cctype>

#include "platform/db/database.hpp"
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

namespace medrisk::testing {

std::filesystem::path source_dir() {
  if (const char* s = std::getenv("MEDRISK_SOURCE_DIR")) return s;
  return std::filesystem::current_path();
}

std::filesystem::path binary_path() {
  if (const char* s = std::getenv("MEDRISK_BINARY")) return s;
  return source_dir() / "build" / "medrisk";
}

std::filesystem::path temp_dir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             ("medrisk-" + prefix + "-" + std::to_string(rd()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

bool on_postgresql() {
  const char* f = std::getenv("MEDRISK_TEST_PG_URL_FILE");
  return f && *f;
}

crypto::Suite crypto_suite() {
  const char* s = std::getenv("MEDRISK_CRYPTO_SUITE");
  return s && *s ? crypto::parse_suite(s) : crypto::Suite::standard;
}

std::string fresh_database_url(const std::string& name) {
  std::string clean;
  for (char c : name) clean.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_');
  clean = clean.substr(0, 40);
  if (!on_postgresql()) return "sqlite:" + (temp_dir("db") / (clean + ".db")).string();
  std::ifstream in(std::getenv("MEDRISK_TEST_PG_URL_FILE"));
  std::string admin_url;
  std::getline(in, admin_url);
  if (admin_url.empty()) throw std::runtime_error("PostgreSQL test cluster URL file is empty");
  std::random_device rd;
  std::string db = "t_" + clean + "_" + std::to_string(rd() % 1000000);
  {
    soci::session s(*soci::factory_postgresql(), db::postgres_conninfo(admin_url));
    s << "DROP DATABASE IF EXISTS " + db;
    s << "CREATE DATABASE " + db;
  }
  return admin_url.substr(0, admin_url.rfind('/') + 1) + db;
}

}  // namespace medrisk::testing
