// SQL of the consent module: consent_grants (one row per grant; revocation fills revoked_at, nothing is
// deleted) and consent_access_log (append-only, one row per read of shared data).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "modules/consent/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::consent::store {

std::vector<db::Migration> migrations();
// The one-time move of disputes' case_consents into consent_grants (migration_from_disputes.cpp).
std::vector<db::Migration> migrations_from_disputes();

std::int64_t insert_grant(db::Tx& tx, const Grant& g);
std::optional<Grant> find_grant(db::Tx& tx, std::int64_t id);
void mark_revoked(db::Tx& tx, std::int64_t id, const std::string& at, std::int64_t by_user_id);
// The patient's unrevoked grants for a purpose (liveness and coverage are decided by rules.hpp).
std::vector<Grant> unrevoked_grants(db::Tx& tx, std::int64_t patient_user_id, const std::string& purpose);
// Newest first, below `after_id` (0: from the newest); of one case when given.
std::vector<Grant> list_grants(db::Tx& tx, std::int64_t patient_user_id, std::optional<std::int64_t> case_id,
                               std::int64_t after_id, int limit);
int count_grants(db::Tx& tx, std::int64_t patient_user_id);

std::int64_t insert_access(db::Tx& tx, const AccessEntry& e);
std::vector<AccessEntry> list_access(db::Tx& tx, std::int64_t patient_user_id, std::int64_t after_id, int limit);

}  // namespace medrisk::consent::store
