// Tables and named queries of compulsory-cover compliance (migrations 360–369): the clinicians'
// department risk classes and one row per obligation with its proof-of-cover clock. Institutions and
// the users to notify are read from the accounts tables, read-only (see README).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/insurance/compliance_model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance::compliance_store {

std::vector<db::Migration> migrations();

std::vector<InstitutionFacts> list_institutions(db::Tx& tx, std::int64_t after_id, int limit);
std::vector<ClinicianFacts> list_clinicians(db::Tx& tx, std::int64_t after_user_id, int limit);
void upsert_clinician(db::Tx& tx, const ClinicianFacts& c, const std::string& at);
std::optional<std::int64_t> organization_of_clinician(db::Tx& tx, std::int64_t user_id);

std::optional<Obligation> find_obligation(db::Tx& tx, const std::string& rule_id, std::int64_t organization_id,
                                          std::int64_t clinician_user_id);
std::int64_t insert_obligation(db::Tx& tx, const Obligation& o);
void update_obligation(db::Tx& tx, const Obligation& o);

struct ObligationFilter {
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> region_prefix;  // "44": the regulator's province
  std::optional<std::string> status;
  std::int64_t before_id = 0;
  int limit = 50;
};
std::vector<Obligation> list_obligations(db::Tx& tx, const ObligationFilter& f);


}  // namespace medrisk::insurance::compliance_store
