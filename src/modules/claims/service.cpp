// Claims use cases (see api.hpp): opening, reading, materials, withdrawal, and the event + audit +
// notification trail every change writes in its transaction.
#include "modules/claims/api.hpp"
#include "modules/claims/store.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/claims/errors.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::claims {
namespace {

using nlohmann::json;

constexpr int kMaxNotifiedOfficers = 20;


json load_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return json::parse(in);
}

json audit_view(const Claim& c) {
  return {{"id", c.id},
          {"state", c.state},
          {"policy_id", c.policy_id},
          {"case_id", c.case_id ? json(*c.case_id) : json()},
          {"outstanding_fen", c.outstanding_fen.fen()},
          {"paid_fen", c.paid_fen.fen()},
          {"payable_fen", c.payable_fen ? json(c.payable_fen->fen()) : json()}};
}

}  // namespace

ClaimsParams load_params(const std::filesystem::path& dir) {
  auto p = params_from_json(load_json(dir / ".." / "deadlines" / "claims.json"), load_json(dir / "reasons.json"),
                            load_json(dir / "authority.json"));
  if (!p.ok()) throw std::runtime_error("claims parameters: " + p.error().detail);
  ClaimsParams params = std::move(p).value();
  params.pdf = documents::load_document_set(dir / ".." / "documents");
  for (const char* id : {"claim_refusal_notice", "claim_settlement_notice"})
    if (!params.pdf.find(id)) throw std::runtime_error(std::string("data/documents: ") + id + " missing");
  auto states = StateNames::from_json(load_json(dir / "states.json").value("claims", json::object()), claim_states());
  if (!states.ok()) throw std::runtime_error("data/claims/states.json: " + states.error().detail);
  params.states = std::move(states).value();
  return params;
}

std::string claim_number(const Claim& c) {
  std::string n = std::to_string(c.id);
  return "CLM-" + c.created_at.substr(0, 4) + "-" + std::string(n.size() < 6 ? 6 - n.size() : 0, '0') + n;
}

ClaimsService::ClaimsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                             const WorkingCalendar& calendar, ClaimsParams params,
                             insurance::InsuranceService& insurance, CaseSource* cases, PaymentChannel& channel)
    : db_(db),
      keys_(keys),
      clock_(clock),
      calendar_(calendar),
      params_(std::move(params)),
      insurance_(insurance),
      cases_(cases),
      channel_(channel) {}

std::vector<db::Migration> ClaimsService::migrations() {
  return store::migrations();
}

std::vector<crypto::EncryptedColumn> ClaimsService::encrypted_columns() {
  return {{"claim_payments", "id", "account_enc"}};
}

RequestContext ClaimsService::system_context(const std::string& job) const {
  RequestContext ctx;
  ctx.request_id = "system:" + job;
  ctx.clock = &clock_;
  return ctx;
}

// ---------------------------------------------------------------- views

namespace {
store::PolicyTable table_of(const Claim& c) {
  return c.policy_kind == kVisitPolicyKind ? store::PolicyTable::visit : store::PolicyTable::term;
}
}  // namespace

Money ClaimsService::consumed_by_others(db::Tx& tx, const Claim& c) {
  Money total;
  for (const auto& other : store::claims_of_policy(tx, table_of(c), c.policy_id))
    if (other.id != c.id) total += consumed_by(other);
  return total;
}

Money ClaimsService::in_flight(db::Tx& tx, std::int64_t claim_id) {
  Money total;
  for (const auto& p : store::list_payments(tx, claim_id))
    if (p.p.state == "instructed") total += p.p.amount_fen;
  return total;
}

std::optional<Date> ClaimsService::first_advance_on(db::Tx& tx, std::int64_t claim_id) {
  for (const auto& p : store::list_payments(tx, claim_id))
    // The legal date of the payment is its day in Asia/Shanghai, not the UTC day of the stored instant.
    if (p.p.kind == "advance" && p.p.state != "failed") return Timestamp::parse(p.p.created_at)->shanghai_date();
  return std::nullopt;
}

ClaimView ClaimsService::view_of(db::Tx& tx, const Claim& c) {
  ClaimView v;
  v.c = c;
  v.in_flight_fen = in_flight(tx, c.id);
  v.incurred_fen = c.paid_fen + c.outstanding_fen;
  Money others = consumed_by_others(tx, c);
  v.aggregate_consumed_fen = others + consumed_by(c);
  v.remaining_limit_fen = remaining_limit(c.per_incident_limit_fen, c.aggregate_limit_fen, others, c.paid_fen);
  std::optional<std::vector<Money>> payable_split;
  if (c.payable_fen)
    if (auto s = split_by_shares(*c.payable_fen, c.shares); s.ok()) payable_split = *s;
  std::map<std::int64_t, Money> paid_by;
  for (const auto& a : store::trial_balance_of_claim(tx, c.id))
    if (a.account == "claims_paid") paid_by[a.insurer_org_id] += a.debit_fen;
  for (std::size_t i = 0; i < c.shares.size(); ++i) {
    ShareView s{c.shares[i], std::nullopt, paid_by[c.shares[i].insurer_org_id]};
    if (payable_split) s.payable_fen = (*payable_split)[i];
    v.shares.push_back(std::move(s));
  }
  v.deadlines = claim_deadlines(calendar_, params_, clock_facts(c, first_advance_on(tx, c.id)), clock_.today());
  return v;
}

Result<Claim> ClaimsService::load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, const char* write) {
  const Actor& a = ctx.actor;
  if (write) store::lock_claim(tx, id);
  auto c = store::find_claim(tx, id);
  bool patient = a.has_role("patient");
  std::string read_perm = patient ? "claims.read_own" : (a.has("claims.read") ? "claims.read" : "cases.read");
  MEDRISK_CHECK(accounts::authorize(a, read_perm));
  if (!c) return Error::of("resource_not_found");
  std::vector<std::int64_t> orgs;
  if (read_perm == "claims.read") {
    orgs.push_back(c->insurer_org_id);
    for (const auto& s : c->shares) orgs.push_back(s.insurer_org_id);
  } else if (read_perm == "cases.read") {
    orgs.push_back(c->insured_org_id);
  }
  MEDRISK_CHECK(accounts::authorize(a, read_perm, accounts::Scope{orgs, c->patient_user_id, std::nullopt}));
  if (write) {
    MEDRISK_CHECK(accounts::authorize(a, write));
    // Only the lead insurer's adjusters handle the claim; co-insurers read it.
    if (a.organization_id != c->insurer_org_id) return Error::of("permission_denied", "not the lead insurer");
  }
  return *c;
}

Result<ClaimView> ClaimsService::get(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    return view_of(tx, c);
  });
}

Result<std::vector<ClaimView>> ClaimsService::list(const RequestContext& ctx, const ClaimFilter& filter) {
  const Actor& a = ctx.actor;
  store::ClaimScope scope;
  if (a.has_role("patient")) {
    MEDRISK_CHECK(accounts::authorize(a, "claims.read_own"));
    scope.patient_user_id = a.user_id;
  } else if (a.has("claims.read")) {
    MEDRISK_CHECK(accounts::authorize(a, "claims.read"));
    scope.insurer_org_id = a.organization_id;
  } else {
    // The institution's officer: its own institution's claims, read-only.
    MEDRISK_CHECK(accounts::authorize(a, "cases.read"));
    scope.insured_org_id = a.organization_id;
  }
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ClaimView>> {
    std::vector<ClaimView> out;
    ClaimFilter f = filter;
    // Overdue is computed from the clock, not stored: scan pages until the page is full.
    for (int pages = 0; pages < 50; ++pages) {
      auto rows = store::list_claims(tx, scope, f);
      for (const auto& c : rows) {
        ClaimView v = view_of(tx, c);
        bool overdue = std::any_of(v.deadlines.begin(), v.deadlines.end(), [](const auto& d) { return d.overdue; });
        if (!filter.overdue_only || overdue) out.push_back(std::move(v));
        if (static_cast<int>(out.size()) >= filter.limit) return out;
      }
      if (!filter.overdue_only || static_cast<int>(rows.size()) < f.limit) break;
      f.after_id = rows.back().id;
    }
    return out;
  });
}

Result<std::vector<ClaimEvent>> ClaimsService::events(const RequestContext& ctx, std::int64_t id, std::int64_t after_id,
                                                      int limit) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ClaimEvent>> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    return store::list_events(tx, c.id, after_id, limit);
  });
}

Result<std::vector<Reserve>> ClaimsService::reserves(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Reserve>> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, nullptr));
    return store::list_reserves(tx, c.id);
  });
}

// ---------------------------------------------------------------- opening

Result<Claim> ClaimsService::build_claim(db::Tx& tx, std::int64_t policy_id, std::int64_t patient, Date incident,
                                         Date notice) {
  auto p = insurance_.policy_for_claim(tx, policy_id);
  if (!p) return err(errors::claim_policy_not_found);
  if (notice < incident)
    return Error::of("request_invalid").with("/notice_date", std::string(errors::claim_notice_before_incident));
  // Insurance's one coverage rule (cancellation included), not a copy of it.
  switch (insurance::Cover cover = insurance::cover_for(*p, std::nullopt, incident, notice)) {
    case insurance::Cover::responds:
      break;
    case insurance::Cover::cancelled:
      return err(errors::claim_policy_cancelled, p->cancelled_on ? p->cancelled_on->to_string() : std::string());
    default:
      return err(errors::claim_incident_outside_cover, std::string(insurance::to_string(cover)));
  }
  if (!accounts::directory::has_role(tx, accounts::UserId{patient}, accounts::Role::patient)) return err(errors::claim_patient_not_found);
  if (auto dup = store::find_duplicate(tx, store::PolicyTable::term, policy_id, patient, incident))
    return err(errors::claim_duplicates_open_claim).with_member("existing_claim_id", dup->id);
  Claim c;
  c.state = "open";
  c.policy_id = p->policy_id;
  c.policy_number = p->policy_number;
  c.product_code = p->product_code;
  c.policy_kind = p->kind;
  c.insurer_org_id = p->insurer_org_id;
  c.insured_org_id = p->insured_org_id;
  c.patient_user_id = patient;
  c.incident_date = incident;
  c.notice_date = notice;
  c.per_incident_limit_fen = p->per_incident_limit_fen;
  c.deductible_fen = p->deductible_fen;
  c.aggregate_limit_fen = p->aggregate_limit_fen;
  for (const auto& m : p->coinsurance_pool) c.shares.push_back({m.insurer_org_id, "", m.role, m.share_bp});
  if (c.shares.empty()) c.shares.push_back({p->insurer_org_id, "", "lead", 10000});
  return c;
}

Result<ClaimView> ClaimsService::insert_claim(db::Tx& tx, const RequestContext& ctx, Claim c) {
  c.created_at = c.updated_at = ctx.now().to_iso_utc();
  c.id = store::insert_claim(tx, c);
  store::put_shares(tx, c.id, c.shares);
  c = *store::find_claim(tx, c.id);
  after_change(tx, ctx, c, "open", std::nullopt, {{"source", c.source}});
  return view_of(tx, c);
}

Result<std::optional<ClaimView>> ClaimsService::open_from_case(std::int64_t case_id, const std::string& source) {
  RequestContext ctx = system_context("claim-from-case");
  return db_.write([&](db::Tx& tx) -> Result<std::optional<ClaimView>> {
    if (auto existing = store::find_live_by_case(tx, case_id)) return std::optional<ClaimView>(view_of(tx, *existing));
    auto k = cases_ ? cases_->find(tx, case_id) : std::nullopt;
    if (!k || !k->policy_id) return std::optional<ClaimView>();
    Date today = clock_.today();
    auto built = build_claim(tx, *k->policy_id, k->patient_user_id, k->incident_date, *Date::parse(k->filed_on));
    if (!built.ok() && built.error().code == errors::claim_duplicates_open_claim) {
      // The adjuster already opened a claim for this notice: link it to the case instead of opening another.
      auto dup = store::find_duplicate(tx, store::PolicyTable::term, *k->policy_id, k->patient_user_id, k->incident_date);
      if (dup && !dup->case_id) {
        Claim c = *store::find_claim(tx, dup->id);
        c.case_id = case_id;
        c.mediator_user_id = k->mediator_user_id;
        if (!c.decision) c.agreed_amount_fen = source == "judgment" ? k->judgment_fen : k->agreement_insurer_fen;
        after_change(tx, ctx, c, "linked_to_case", c.state, {{"case_id", case_id}, {"source", source}});
        return std::optional<ClaimView>(view_of(tx, c));
      }
    }
    if (!built.ok()) return built.take_error();
    Claim c = std::move(built).value();
    c.source = source;
    c.case_id = case_id;
    c.adjuster_user_id = k->adjuster_user_id;
    c.mediator_user_id = k->mediator_user_id;
    c.agreed_amount_fen = source == "judgment" ? k->judgment_fen : k->agreement_insurer_fen;
    if (k->materials_complete) {
      c.state = "assessing";
      c.materials_complete_on = today.to_string();
    }
    MEDRISK_TRY(ClaimView v, insert_claim(tx, ctx, std::move(c)));
    return std::optional<ClaimView>(std::move(v));
  });
}

Result<ClaimView> ClaimsService::file_claim(const RequestContext& ctx, const NewClaim& in) {
  const Actor& a = ctx.actor;
  bool patient = a.has_role("patient");
  MEDRISK_CHECK(accounts::authorize(a, patient ? "claims.file" : "claims.handle"));
  if (patient) return file_direct(ctx, in);
  if (in.incident_date > clock_.today())
    return Error::of("request_invalid").with("/incident_date", "incident_date_in_future");
  if (in.notice_date > clock_.today())
    return Error::of("request_invalid").with("/notice_date", std::string(errors::claim_notice_date_in_future));
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    std::optional<disputes::CaseForClaim> k;
    if (in.case_id) {
      k = cases_ ? cases_->find(tx, *in.case_id) : std::nullopt;
      if (!k || k->policy_id != in.policy_id) return err(errors::claim_case_not_of_policy);
      if (auto existing = store::find_live_by_case(tx, *in.case_id))
        return err(errors::claim_duplicates_open_claim).with_member("existing_claim_id", existing->id);
    }
    std::optional<std::int64_t> patient_id = k ? std::optional<std::int64_t>(k->patient_user_id) : in.patient_user_id;
    if (!patient_id)
      return Error::of("request_invalid").with("/patient_user_id", std::string(errors::claim_patient_required));
    MEDRISK_TRY(Claim c, build_claim(tx, in.policy_id, *patient_id, in.incident_date, in.notice_date));
    if (c.insurer_org_id != a.organization_id) return err(errors::claim_policy_not_found);
    c.source = "adjuster";
    c.adjuster_user_id = a.user_id;
    if (k) {
      c.case_id = k->case_id;
      c.mediator_user_id = k->mediator_user_id;
      c.agreed_amount_fen = k->agreement_insurer_fen ? k->agreement_insurer_fen : k->judgment_fen;
    }
    return insert_claim(tx, ctx, std::move(c));
  });
}

// The patient's direct claim on a per-visit accident policy: the policy must be theirs (blind phone
// index) and cover the incident date; the insurer that answers it is the lead insurer of the issuing
// hospital's liability policy on the visit date (InsuranceService::visit_underwriter). The cover is the
// visit's sum insured, without deductible; the claim starts `open`, the adjusters of that insurer told.
Result<ClaimView> ClaimsService::file_direct(const RequestContext& ctx, const NewClaim& in) {
  if (!in.visit_policy_number) return Error::of("request_invalid").with("/visit_policy_number", "field_required");
  if (in.incident_date > clock_.today())
    return Error::of("request_invalid").with("/incident_date", "incident_date_in_future");
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    auto vp = insurance_.visit_policy_for_claim(tx, *in.visit_policy_number, ctx.actor.user_id);
    if (!vp) return err(errors::visit_policy_not_found);
    if (in.incident_date < vp->cover_start || in.incident_date > vp->cover_end)
      return err(errors::claim_incident_outside_cover);
    auto insurer = insurance_.visit_underwriter(tx, vp->organization_id, vp->visit_date);
    if (!insurer) return err(errors::visit_policy_direct_claim_unavailable, "no insurer covers the institution");
    if (auto dup = store::find_duplicate(tx, store::PolicyTable::visit, vp->id, ctx.actor.user_id, in.incident_date))
      return err(errors::claim_duplicates_open_claim).with_member("existing_claim_id", dup->id);
    Claim c;
    c.state = "open";
    c.source = "patient";
    c.policy_id = vp->id;
    c.policy_number = vp->policy_number;
    c.product_code = vp->product_code;
    c.policy_kind = std::string(kVisitPolicyKind);
    c.insurer_org_id = insurer->insurer_org_id;
    c.insured_org_id = vp->organization_id;
    c.patient_user_id = ctx.actor.user_id;
    c.incident_date = in.incident_date;
    c.notice_date = clock_.today();
    c.per_incident_limit_fen = vp->sum_insured;
    c.aggregate_limit_fen = vp->sum_insured;
    c.shares.push_back({insurer->insurer_org_id, "", "lead", 10000});
    return insert_claim(tx, ctx, std::move(c));
  });
}

// ---------------------------------------------------------------- materials, withdrawal

Result<ClaimView> ClaimsService::materials_complete(const RequestContext& ctx, std::int64_t id) {
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "claims.handle"));
    MEDRISK_TRY(std::string to, next_state(c.state, "materials_complete"));
    if (c.case_id && cases_) {
      auto k = cases_->find(tx, *c.case_id);
      if (!k || !k->materials_complete) return err(errors::case_materials_incomplete);
    }
    std::string from = c.state;
    c.state = to;
    c.materials_complete_on = clock_.today().to_string();
    after_change(tx, ctx, c, "materials_complete", from, json::object());
    return view_of(tx, c);
  });
}

Result<ClaimView> ClaimsService::withdraw(const RequestContext& ctx, std::int64_t id, const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) return err(errors::withdraw_reason_required);
  return db_.write([&](db::Tx& tx) -> Result<ClaimView> {
    MEDRISK_TRY(Claim c, load_for(tx, ctx, id, "claims.handle"));
    MEDRISK_TRY(std::string to, next_state(c.state, "withdraw"));
    if (!in_flight(tx, c.id).is_zero()) return err(errors::claim_action_not_allowed_in_state, "payment in flight");
    std::string from = c.state;
    Money before = c.outstanding_fen;
    c.state = to;
    c.withdrawn_reason = reason;
    c.outstanding_fen = Money::zero();
    if (!before.is_zero())
      store::insert_reserve(tx,
                            {0, c.id, Money::zero(), before, "withdrawn", ctx.actor.user_id, ctx.now().to_iso_utc()});
    after_change(tx, ctx, c, "withdraw", from, {{"reason", reason}});
    return view_of(tx, c);
  });
}

// ---------------------------------------------------------------- trail

ClaimEvent ClaimsService::after_change(db::Tx& tx, const RequestContext& ctx, Claim& c, const std::string& kind,
                                       const std::optional<std::string>& from, const json& details) {
  c.updated_at = ctx.now().to_iso_utc();
  // Every claim write passes here: the money invariant holds after it or the transaction rolls back.
  if (auto money = check_claim_money(c, in_flight(tx, c.id)); !money.ok())
    throw std::logic_error(money.error().code + ": claim " + std::to_string(c.id) + ": " + money.error().detail);
  store::update_claim(tx, c);
  std::optional<std::int64_t> actor;
  if (ctx.actor.user_id != 0) actor = ctx.actor.user_id;
  ClaimEvent e{0, c.id, kind, from, c.state, actor, details.dump(), c.updated_at};
  e.id = store::insert_event(tx, e);
  if (ctx.actor.user_id != 0)
    audit::record(tx, ctx, {"claim." + kind, "insurance_claim", std::to_string(c.id), std::nullopt, audit_view(c)});
  else
    audit::record_system(tx, ctx.now(), ctx.request_id,
                         {"claim." + kind, "insurance_claim", std::to_string(c.id), std::nullopt, audit_view(c)});
  notify_parties(tx, ctx, c, kind);
  return e;
}

void ClaimsService::notify_parties(db::Tx& tx, const RequestContext& ctx, const Claim& c, const std::string& kind) {
  std::vector<std::int64_t> to =
      accounts::directory::members_with_role(tx, accounts::OrganizationId{c.insured_org_id}, accounts::Role::medical_officer,
                                               kMaxNotifiedOfficers);
  to.push_back(c.patient_user_id);
  for (auto u : {c.adjuster_user_id, c.mediator_user_id})
    if (u) to.push_back(*u);
  if (!c.adjuster_user_id)
    for (auto u : accounts::directory::members_with_role(tx, accounts::OrganizationId{c.insurer_org_id}, accounts::Role::adjuster,
                                                   kMaxNotifiedOfficers)) to.push_back(u);
  std::sort(to.begin(), to.end());
  to.erase(std::unique(to.begin(), to.end()), to.end());
  std::string no = claim_number(c);
  for (auto user : to)
    if (user != ctx.actor.user_id)
      outbox::notify(tx, ctx.now(),
                     {user, "claim." + kind, "理赔 " + no + " 有新进展", "Claim " + no + " moved on",
                      "理赔状态：" + params_.states.zh(c.state), "Claim state: " + params_.states.en(c.state), "claim:" + std::to_string(c.id)});
}

}  // namespace medrisk::claims
