// Catalogue queries on SQLite and PostgreSQL: named, parameterized, no string building.
#include "modules/actuarial/store.hpp"

#include <soci/soci.h>

#include <string>

namespace medrisk::actuarial::store {
namespace {

constexpr const char* kSqliteTableExists =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = :name";
constexpr const char* kPostgresTableExists =
    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = :name";

}  // namespace

bool table_exists(db::Tx& tx, std::string_view table) {
  const std::string name(table);
  int count = 0;
  tx.sql() << (tx.dialect() == db::Dialect::sqlite ? kSqliteTableExists : kPostgresTableExists), soci::use(name),
      soci::into(count);
  return count > 0;
}

}  // namespace medrisk::actuarial::store
