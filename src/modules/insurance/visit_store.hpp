// Tables and named queries of per-visit micro-policies and partner API keys (migrations 350–359).
// Patient identifiers are stored encrypted with a keyed blind index beside them for look-up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/insurance/visit_model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance::visit_store {

std::vector<db::Migration> migrations();

// ---- partner keys and nonces ----
struct PartnerKeyRow {
  PartnerKey key;
  std::string secret_enc;
};
std::int64_t insert_partner_key(db::Tx& tx, const PartnerKey& k, const std::string& secret_enc);
std::optional<PartnerKeyRow> find_partner_key(db::Tx& tx, const std::string& key_id);
std::vector<PartnerKey> list_partner_keys(db::Tx& tx, std::int64_t organization_id);
bool revoke_partner_key(db::Tx& tx, const std::string& key_id, const std::string& at);
// False when the (key, nonce) pair was seen before (a replay).
bool insert_nonce(db::Tx& tx, const std::string& key_id, const std::string& nonce, const std::string& expires_at);
struct NonceRow {
  std::string key_id, nonce, expires_at;
};
// One multi-row INSERT … ON CONFLICT DO NOTHING; returns, per row, whether it was new (false: a replay).
std::vector<bool> insert_nonces(db::Tx& tx, std::vector<NonceRow> rows);
std::int64_t purge_nonces(db::Tx& tx, const std::string& now_iso);

// ---- visit policies ----
struct PolicyRow {
  VisitPolicy policy;
  std::string partner_key_id;
  std::optional<std::string> id_number_enc, id_number_index, phone_enc, phone_index;
};
// The policies the organization already holds for any of these visit ids.
std::vector<VisitPolicy> find_by_visit_ids(db::Tx& tx, std::int64_t organization_id,
                                           const std::vector<std::string>& visit_ids);
// One multi-row INSERT per chunk; fills each row's policy.id.
void insert_policies(db::Tx& tx, std::vector<PolicyRow>& rows);
// Newest first, ids below `before_id` (0: from the newest).
std::vector<VisitPolicy> list_for_organization(db::Tx& tx, std::int64_t organization_id, std::int64_t before_id, int limit);
std::vector<VisitPolicy> list_for_indexes(db::Tx& tx, const std::optional<std::string>& phone_index,
                                          std::int64_t before_id, int limit);
// The policy with this number whose insured person has this blind phone index (a patient's own policy).
std::optional<VisitPolicy> find_by_number_for_phone(db::Tx& tx, const std::string& policy_number,
                                                    const std::string& phone_index);
// The same by policy id.
std::optional<VisitPolicy> find_by_id_for_phone(db::Tx& tx, std::int64_t id, const std::string& phone_index);
std::int64_t count_policies(db::Tx& tx);

}  // namespace medrisk::insurance::visit_store
