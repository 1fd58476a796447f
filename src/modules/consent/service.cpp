// Consent use cases (see api.hpp): the patient's grants and revocations, each audited in its
// transaction; the live-grant check and the access entry other modules call in their transaction.
// No cache: every check reads consent_grants in the caller's transaction, so a revocation committed
// on one node is seen by the next request on every node (PostgreSQL read committed / SQLite WAL snapshot
// taken at the request's BEGIN, after the revoking COMMIT).
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/consent/api.hpp"
#include "modules/consent/errors.hpp"
#include "modules/consent/rules.hpp"
#include "modules/consent/store.hpp"
#include "platform/audit/audit_log.hpp"

namespace medrisk::consent {
namespace {

using nlohmann::json;

json audit_view(const Grant& g) {
  return {{"patient_user_id", g.patient_user_id},
          {"case_id", g.case_id ? json(*g.case_id) : json(nullptr)},
          {"grantee_kind", g.grantee.kind},
          {"grantee_user_id", g.grantee.user_id ? json(*g.grantee.user_id) : json(nullptr)},
          {"grantee_organization_id", g.grantee.organization_id ? json(*g.grantee.organization_id) : json(nullptr)},
          {"grantee_role", g.grantee.role ? json(*g.grantee.role) : json(nullptr)},
          {"purpose", g.purpose},
          {"data_kinds", g.data_kinds},
          {"valid_until", g.valid_until ? json(*g.valid_until) : json(nullptr)},
          {"revoked_at", g.revoked_at ? json(*g.revoked_at) : json(nullptr)},
          {"granted_by_user_id", g.granted_by_user_id},
          {"representation_id", g.representation_id ? json(*g.representation_id) : json(nullptr)}};
}

Status check_patient(const Actor& a) {
  if (!a.has_role("patient")) return err(errors::consent_managed_only_by_patient);
  return accounts::authorize(a, "consents.manage");
}

}  // namespace

Purposes load_purposes(const std::filesystem::path& dir) {
  std::ifstream in(dir / "purposes.json");
  if (!in) throw std::runtime_error("cannot read " + (dir / "purposes.json").string());
  json j = json::parse(in);
  Purposes p;
  p.version = j.at("version").get<std::string>();
  p.source = j.at("source").get<std::string>();
  p.max_valid_days = j.at("max_valid_days").get<int>();
  if (p.max_valid_days < 1) throw std::runtime_error("purposes.json: max_valid_days must be positive");
  for (const auto& x : j.at("purposes"))
    p.purposes.push_back({x.at("id").get<std::string>(), x.at("zh-CN").get<std::string>(),
                          x.at("en-US").get<std::string>(), x.at("roles").get<std::vector<std::string>>()});
  for (const auto& x : j.at("data_kinds"))
    p.data_kinds.push_back({x.at("id").get<std::string>(), x.at("zh-CN").get<std::string>(), x.at("en-US").get<std::string>()});
  if (p.purposes.empty() || p.data_kinds.empty()) throw std::runtime_error("purposes.json: no purposes or data kinds");
  return p;
}

ConsentService::ConsentService(db::Database& db, const Clock& clock, Purposes purposes)
    : db_(db), clock_(clock), purposes_(std::move(purposes)) {}

// ---------------------------------------------------------------- for other modules

std::optional<Grant> ConsentService::live_grant(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q) const {
  // The request's day (the server's clock; the demo history replays the past on its own).
  Date today = ctx.now().shanghai_date();
  for (auto& g : store::unrevoked_grants(tx, q.patient_user_id, q.purpose))
    if (is_live(g, today) && covers(g, q)) return std::move(g);
  return std::nullopt;
}

bool ConsentService::check_and_record(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q,
                                      const std::string& module, const std::string& resource) const {
  auto g = live_grant(tx, ctx, q);
  if (!g) return false;
  record_access(tx, ctx, q, g->id, module, resource);
  return true;
}

void ConsentService::record_access(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q,
                                   std::optional<std::int64_t> grant_id, const std::string& module,
                                   const std::string& resource) const {
  AccessEntry e;
  e.patient_user_id = q.patient_user_id;
  e.grant_id = grant_id;
  e.reader_user_id = q.reader_user_id;
  if (q.reader_organization_id) e.reader_organization_id = q.reader_organization_id;
  std::string role;
  purpose_for_roles(q.reader_roles, &role);
  e.reader_role = role.empty() && !q.reader_roles.empty() ? q.reader_roles.front() : role;
  e.purpose = q.purpose;
  e.data_kind = q.data_kind;
  e.resource = resource;
  e.module = module;
  e.request_id = ctx.request_id;
  e.at = ctx.now().to_iso_utc();
  store::insert_access(tx, e);
}

std::optional<std::string> ConsentService::purpose_for_roles(const std::vector<std::string>& roles,
                                                             std::string* role) const {
  return consent::purpose_for_roles(purposes_, roles, role);
}

Result<Grant> ConsentService::grant(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id,
                                    const NewGrant& in, const std::string& source,
                                    std::optional<std::int64_t> representation_id) const {
  // The request's own clock, like granted_at below (a demo replaying the past grants on its day).
  MEDRISK_CHECK(check_new_grant(in, purposes_, ctx.now().shanghai_date()));
  if (in.grantee.user_id && !accounts::directory::user(tx, accounts::UserId{*in.grantee.user_id}))
    return err(errors::consent_grantee_not_found);
  if (in.grantee.organization_id &&
      !accounts::directory::organization(tx, accounts::OrganizationId{*in.grantee.organization_id}))
    return err(errors::consent_grantee_not_found);
  if (store::count_grants(tx, patient_user_id) >= kMaxGrantsPerPatient) return err(errors::consent_grant_limit_reached);
  Grant g;
  g.patient_user_id = patient_user_id;
  g.case_id = in.case_id;
  g.grantee = in.grantee;
  g.purpose = in.purpose;
  g.data_kinds = in.data_kinds;
  g.valid_until = in.valid_until;
  g.granted_by_user_id = ctx.actor.user_id;
  g.granted_at = ctx.now().to_iso_utc();
  g.source = source;
  g.representation_id = representation_id;
  g.granted_by_name = accounts::directory::display_names(tx, {ctx.actor.user_id})[ctx.actor.user_id];
  if (g.grantee.user_id) g.grantee_name = accounts::directory::display_names(tx, {*g.grantee.user_id})[*g.grantee.user_id];
  if (g.grantee.organization_id) g.grantee_name = accounts::directory::organization(tx, accounts::OrganizationId{*g.grantee.organization_id})->name;
  g.id = store::insert_grant(tx, g);
  audit::record(tx, ctx, {"consent.grant", "consent_grant", std::to_string(g.id), std::nullopt, audit_view(g)});
  return g;
}

Result<Grant> ConsentService::revoke(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id,
                                     std::int64_t grant_id) const {
  auto g = store::find_grant(tx, grant_id);
  if (!g || g->patient_user_id != patient_user_id) return err(errors::resource_not_found);
  if (g->revoked_at) return err(errors::consent_grant_already_revoked);
  Grant before = *g;
  g->revoked_at = ctx.now().to_iso_utc();
  g->revoked_by_user_id = ctx.actor.user_id;
  store::mark_revoked(tx, g->id, *g->revoked_at, ctx.actor.user_id);
  audit::record(tx, ctx, {"consent.revoke", "consent_grant", std::to_string(g->id), audit_view(before), audit_view(*g)});
  return *g;
}

std::vector<Grant> ConsentService::grants_of(db::Tx& tx, std::int64_t patient_user_id,
                                             std::optional<std::int64_t> case_id) const {
  return store::list_grants(tx, patient_user_id, case_id, 0, kMaxGrantsPerPatient);
}

std::string ConsentService::state_of(const Grant& g) const { return consent::state_of(g, clock_.today()); }

// ---------------------------------------------------------------- the patient's consent centre

Result<Acting> ConsentService::acting(db::Tx& tx, const RequestContext& ctx, std::optional<std::int64_t> for_patient) const {
  if (!for_patient || *for_patient == ctx.actor.user_id) {
    MEDRISK_CHECK(check_patient(ctx.actor));
    return Acting{ctx.actor.user_id, std::nullopt};
  }
  // Acting for another patient: only on a live representation of that patient (accounts decides what
  // live means); none at all reveals nothing (404).
  auto reps = accounts::representation::between(tx, ctx.actor.user_id, *for_patient);
  if (reps.empty()) return err(errors::resource_not_found);
  Date today = ctx.now().shanghai_date();
  for (const auto& r : reps)
    if (accounts::is_live(r, today)) return Acting{*for_patient, r.id};
  return err(errors::consent_representation_ended);
}

Result<Grant> ConsentService::grant(const RequestContext& ctx, const NewGrant& in, std::optional<std::int64_t> for_patient) {
  return db_.write([&](db::Tx& tx) -> Result<Grant> {
    MEDRISK_TRY(Acting a, acting(tx, ctx, for_patient));
    return grant(tx, ctx, a.patient_user_id, in, "consent", a.representation_id);
  });
}

Result<Grant> ConsentService::revoke(const RequestContext& ctx, std::int64_t grant_id, std::optional<std::int64_t> for_patient) {
  return db_.write([&](db::Tx& tx) -> Result<Grant> {
    MEDRISK_TRY(Acting a, acting(tx, ctx, for_patient));
    return revoke(tx, ctx, a.patient_user_id, grant_id);
  });
}

Result<std::vector<Grant>> ConsentService::list(const RequestContext& ctx, std::int64_t after_id, int limit,
                                                std::optional<std::int64_t> for_patient) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Grant>> {
    MEDRISK_TRY(Acting a, acting(tx, ctx, for_patient));
    auto list = store::list_grants(tx, a.patient_user_id, std::nullopt, after_id, limit);
    std::vector<std::int64_t> users, orgs;
    for (const auto& g : list) {
      users.push_back(g.granted_by_user_id);
      if (g.grantee.user_id) users.push_back(*g.grantee.user_id);
      if (g.grantee.organization_id) orgs.push_back(*g.grantee.organization_id);
    }
    auto names = accounts::directory::display_names(tx, users);
    auto org_names = accounts::directory::organization_names(tx, orgs);
    for (auto& g : list) {
      g.granted_by_name = names[g.granted_by_user_id];
      if (g.grantee.user_id) g.grantee_name = names[*g.grantee.user_id];
      if (g.grantee.organization_id) g.grantee_name = org_names[*g.grantee.organization_id];
    }
    return list;
  });
}

Result<std::vector<accounts::Organization>> ConsentService::parties(const RequestContext& ctx) {
  MEDRISK_CHECK(check_patient(ctx.actor));
  using K = accounts::OrganizationKind;
  return db_.read([&](db::Tx& tx) -> Result<std::vector<accounts::Organization>> {
    std::vector<accounts::Organization> out;
    for (K k : {K::mediation_committee, K::insurer, K::legal_aid, K::appraisal_pool, K::medical_institution, K::regulator})
      for (auto& o : accounts::directory::organizations_of_kind(tx, k, 0, accounts::directory::kMaxMembers))
        out.push_back(std::move(o));
    return out;
  });
}

Result<std::vector<PartyMember>> ConsentService::party_members(const RequestContext& ctx, std::int64_t organization_id) {
  MEDRISK_CHECK(check_patient(ctx.actor));
  return db_.read([&](db::Tx& tx) -> Result<std::vector<PartyMember>> {
    auto org = accounts::directory::organization(tx, accounts::OrganizationId{organization_id});
    if (!org || org->kind == "platform") return err(errors::resource_not_found);
    std::vector<PartyMember> out;
    for (const auto& role : accounts::all_roles()) {
      auto r = accounts::role_from_string(role);
      if (!r || *r == accounts::Role::patient) continue;
      for (auto id : accounts::directory::members_with_role(tx, accounts::OrganizationId{organization_id}, *r))
        out.push_back({id, "", role});
    }
    std::vector<std::int64_t> ids;
    for (const auto& m : out) ids.push_back(m.user_id);
    auto names = accounts::directory::display_names(tx, ids);
    for (auto& m : out) m.display_name = names[m.user_id];
    return out;
  });
}

Result<std::vector<AccessEntry>> ConsentService::access_log(const RequestContext& ctx, std::int64_t after_id, int limit,
                                                            std::optional<std::int64_t> for_patient) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<AccessEntry>> {
    MEDRISK_TRY(Acting a, acting(tx, ctx, for_patient));
    auto list = store::list_access(tx, a.patient_user_id, after_id, limit);
    std::vector<std::int64_t> users, orgs;
    for (const auto& e : list) {
      users.push_back(e.reader_user_id);
      if (e.reader_organization_id) orgs.push_back(*e.reader_organization_id);
    }
    auto names = accounts::directory::display_names(tx, users);
    auto org_names = accounts::directory::organization_names(tx, orgs);
    for (auto& e : list) {
      e.reader_name = names[e.reader_user_id];
      if (e.reader_organization_id) e.organization_name = org_names[*e.reader_organization_id];
    }
    return list;
  });
}

std::vector<db::Migration> ConsentService::migrations() { return store::migrations(); }

}  // namespace medrisk::consent
