// Insurance tables (migrations 300–349) and their named queries: quotes with their rating input and
// explanation, policies with named clinicians, endorsements, funding splits and co-insurance shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/insurance/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance::store {

std::vector<db::Migration> migrations();

// ---- quotes ----
std::int64_t insert_quote(db::Tx& tx, const Quote& q);
std::optional<Quote> find_quote(db::Tx& tx, std::int64_t id);
// Newest first; insurer_org_id 0: every insurer's.
std::vector<Quote> list_quotes(db::Tx& tx, std::int64_t insurer_org_id, std::int64_t after_id, int limit);
void mark_quote_bound(db::Tx& tx, std::int64_t id);

// ---- policies ----
std::int64_t insert_policy(db::Tx& tx, const Policy& p);  // also its clinicians, funding and pool
std::optional<Policy> find_policy(db::Tx& tx, std::int64_t id);
std::optional<Policy> find_policy_by_certificate(db::Tx& tx, const std::string& code);
std::optional<std::int64_t> renewal_of(db::Tx& tx, std::int64_t policy_id);

// Who is listing: an organization (insured or pool member), a named clinician, a region (regulators)
// or everyone (platform administrators).
struct ListScope {
  std::optional<std::int64_t> organization_id;
  std::optional<std::int64_t> clinician_user_id;
  std::optional<std::string> region_prefix;
};
std::vector<Policy> list_policies(db::Tx& tx, const ListScope& scope, std::optional<std::int64_t> insured_org_id,
                                  const std::optional<std::string>& product_code, std::int64_t after_id, int limit);
// Every policy of an insured institution of the given kind, cancelled ones too (cover look-ups).
std::vector<Policy> policies_of_insured(db::Tx& tx, std::int64_t insured_org_id, const std::string& kind);

void add_clinician(db::Tx& tx, std::int64_t policy_id, const NamedClinician& c);
void remove_clinician(db::Tx& tx, std::int64_t policy_id, std::int64_t user_id, Date removed_on);
void update_premium(db::Tx& tx, std::int64_t policy_id, Money premium, const std::vector<FundingShare>& funding,
                    const std::vector<CoinsuranceMember>& pool);
void cancel_policy(db::Tx& tx, std::int64_t policy_id, Date cancelled_on, Money refund);

std::int64_t insert_endorsement(db::Tx& tx, const Endorsement& e, std::int64_t created_by);
std::vector<Endorsement> list_endorsements(db::Tx& tx, std::int64_t policy_id);

}  // namespace medrisk::insurance::store
