// See service.hpp. Every saved calculation is audited in the transaction that stores it.
#include "modules/compensation/api.hpp"

#include <algorithm>

#include "modules/accounts/api.hpp"
#include "modules/compensation/codec.hpp"
#include "modules/compensation/rules.hpp"
#include "modules/compensation/store.hpp"
#include "platform/audit/audit_log.hpp"

namespace medrisk::compensation {

CompensationService::CompensationService(db::Database& db, ParameterSet parameters)
    : db_(db), parameters_(std::move(parameters)) {}

std::vector<db::Migration> CompensationService::migrations() { return store::migrations(); }

Result<ParameterSet> CompensationService::read_parameters(const RequestContext& ctx) const {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  return parameters_;
}

Result<Calculation> CompensationService::calculate(const RequestContext& ctx, const CompensationInput& input) const {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  MEDRISK_TRY(Parameters p, select_parameters(parameters_, input.province, input.area, input.standard_year));
  return compensation::calculate(input, p);
}

Result<SavedCalculation> CompensationService::save(const RequestContext& ctx, const NewCalculation& n) {
  MEDRISK_TRY(Calculation c, calculate(ctx, n.input));
  SavedCalculation s;
  s.case_id = n.case_id;
  s.label = n.label;
  s.organization_ids = n.organization_ids;
  if (ctx.actor.organization_id != 0) s.organization_ids.push_back(ctx.actor.organization_id);
  std::sort(s.organization_ids.begin(), s.organization_ids.end());
  s.organization_ids.erase(std::unique(s.organization_ids.begin(), s.organization_ids.end()), s.organization_ids.end());
  s.created_by_user_id = ctx.actor.user_id;
  s.created_at = ctx.now().to_iso_utc();
  s.parameter_version = c.parameter_version;
  s.gross = c.gross;
  s.liable = c.liable;
  s.insurer_payable = c.insurance ? c.insurance->payable : Money::zero();
  s.input_json = n.input_json;
  s.result_json = to_json(c).dump();
  return db_.write([&](db::Tx& tx) -> Result<SavedCalculation> {
    s.id = store::insert_calculation(tx, s);
    audit::record(tx, ctx, {"compensation_calculation.create", "compensation_calculation", std::to_string(s.id),
                            std::nullopt, to_json(s)});
    return s;
  });
}

Result<SavedCalculation> CompensationService::get(const RequestContext& ctx, std::int64_t id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  auto found = db_.read([&](db::Tx& tx) { return store::find_calculation(tx, id); });
  if (!found) return Error::of("resource_not_found");
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission, accounts::Scope{found->organization_ids, found->created_by_user_id, std::nullopt}));
  return *found;
}

Result<std::vector<SavedCalculation>> CompensationService::list_by_case(const RequestContext& ctx, std::int64_t case_id,
                                                                        std::int64_t after_id, int limit) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  bool every = ctx.actor.has_role("platform_admin");
  return db_.read([&](db::Tx& tx) {
    return store::list_by_case(tx, case_id, ctx.actor.organization_id, every, after_id, limit);
  });
}

Result<InsuranceResult> CompensationService::insurance_part(const std::string& cover_kind, Money base, const Cover& cover,
                                                           const std::vector<Coinsurer>& coinsurers) {
  return apply_cover(cover_kind, base, cover, coinsurers);
}

}  // namespace medrisk::compensation
