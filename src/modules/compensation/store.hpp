// Saved compensation calculations: the input and result as JSON, the headline amounts in fen, the
// dispute case they belong to (a plain reference to the disputes module's case id) and the
// organizations that may read them.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "modules/compensation/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::compensation::store {

std::vector<db::Migration> migrations();

std::int64_t insert_calculation(db::Tx& tx, const SavedCalculation& c);
std::optional<SavedCalculation> find_calculation(db::Tx& tx, std::int64_t id);
// Newest first, ids below `after_id` (0: from the newest); only those readable by
// `organization_id` unless `every_organization`.
std::vector<SavedCalculation> list_by_case(db::Tx& tx, std::int64_t case_id, std::int64_t organization_id,
                                           bool every_organization, std::int64_t after_id, int limit);

}  // namespace medrisk::compensation::store
