// The actuarial module's only SQL: it owns no tables (results are computed on request, never stored)
// and asks the catalogue whether the claims module's tables exist before the platform triangle is built.
#pragma once

#include <string_view>

#include "platform/db/database.hpp"

namespace medrisk::actuarial::store {

// The claims module's claim table (docs/GLOSSARY.md `insurance_claim`, issue 7).
inline constexpr std::string_view kClaimsTable = "insurance_claim";

// Whether a table of this name exists in the database (sqlite_master or information_schema).
bool table_exists(db::Tx& tx, std::string_view table);

}  // namespace medrisk::actuarial::store
