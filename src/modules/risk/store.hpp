// Risk tables (migrations 1000–1099) and their named, parameterized queries: risk_exposure (one row per
// institution × department × month, replaced on re-import) and risk_imports (every import, refused ones
// with their issues). Organization look-ups go through the accounts directory (api.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/risk/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::risk::store {

std::vector<db::Migration> migrations();

// Upserts the rows (keyed by organization, department and month) in chunks; returns how many replaced
// an existing row.
std::int64_t upsert_exposure(db::Tx& tx, const std::vector<ExposureRecord>& rows, std::int64_t import_id,
                             const std::string& at);
// Every row of [from, to] (all organizations, or one).
std::vector<ExposureRecord> exposure_between(db::Tx& tx, const std::string& from_month, const std::string& to_month,
                                             std::optional<std::int64_t> organization_id);
// Pages of the list (newest id first is not needed: ordered by id after `after_id`).
std::vector<ExposureRow> list_exposure(db::Tx& tx, const ExposureQuery& q, const std::vector<std::int64_t>& visible_orgs,
                                       bool all_orgs);

std::int64_t insert_import(db::Tx& tx, const ImportReport& r);
void set_replaced(db::Tx& tx, std::int64_t import_id, std::int64_t replaced);
std::vector<ImportReport> list_imports(db::Tx& tx, std::optional<std::int64_t> organization_id, int limit);

}  // namespace medrisk::risk::store
