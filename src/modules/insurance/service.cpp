// Insurance use cases (see api.hpp): authorize → one transaction → store + audit (+ notify).
// Reads of another organization's policy or quote are resource_not_found, so ids reveal nothing.
#include "modules/insurance/api.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "modules/insurance/errors.hpp"
#include "modules/insurance/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;

Error not_found() {
  return err(errors::resource_not_found);
}

json read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  try {
    return json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (std::filesystem::is_directory(dir))
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

json audit_view(const Policy& p) {
  return {{"id", p.id},
          {"policy_number", p.policy_number},
          {"status", p.status},
          {"premium_fen", p.premium_fen.fen()},
          {"period_start", p.period_start.to_string()},
          {"period_end", p.period_end.to_string()},
          {"clinicians", p.clinicians.size()},
          {"refund_fen", p.refund_fen.fen()}};
}

std::vector<PoolMember> pool_of(const Policy& p) {
  std::vector<PoolMember> out;
  for (const auto& m : p.coinsurance_pool) out.push_back({m.insurer_org_id, m.share_bp});
  return out;
}

FundingShares funding_of(const Policy& p) {
  FundingShares s;
  for (const auto& f : p.funding_split) {
    if (f.payer == "state") s.state_bp = f.share_bp;
    if (f.payer == "institution") s.institution_bp = f.share_bp;
    if (f.payer == "clinician") s.clinician_bp = f.share_bp;
  }
  return s;
}

std::vector<ClinicianExposure> active_clinicians(const Policy& p) {
  std::vector<ClinicianExposure> out;
  for (const auto& c : p.clinicians)
    if (!c.removed_on) out.push_back({c.user_id, c.department_risk_class, c.title, c.years_of_practice});
  return out;
}

Status check_distinct_clinicians(const std::vector<ClinicianExposure>& cs) {
  std::set<std::int64_t> seen;
  for (const auto& c : cs)
    if (!seen.insert(c.user_id).second) return err(errors::clinician_named_twice, std::to_string(c.user_id));
  return {};
}

}  // namespace

std::vector<Product> load_products(const std::filesystem::path& dir) {
  std::vector<Product> out;
  std::set<std::string> codes;
  for (const auto& f : json_files(dir)) {
    Product p = product_from_json(read_json_file(f));
    if (!codes.insert(p.code).second) throw std::runtime_error("product defined twice: " + p.code);
    out.push_back(std::move(p));
  }
  if (out.empty()) throw std::runtime_error("no product files in " + dir.string());
  return out;
}

RatingTable load_rating_table(const std::filesystem::path& dir) {
  auto files = json_files(dir);
  if (files.empty()) throw std::runtime_error("no rating table in " + dir.string());
  return rating_table_from_json(read_json_file(files.back()));
}

InsuranceService::InsuranceService(db::Database& db, const Clock& clock, accounts::AccountsService& accounts,
                                   std::vector<Product> products, RatingTable rating)
    : db_(db), clock_(clock), accounts_(accounts), products_(std::move(products)), rating_(std::move(rating)) {}

std::vector<db::Migration> InsuranceService::migrations() {
  return store::migrations();
}

const Product* InsuranceService::find_product(std::string_view code) const {
  for (const auto& p : products_)
    if (p.code == code) return &p;
  return nullptr;
}

Result<std::vector<Product>> InsuranceService::list_products(const RequestContext& ctx) const {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "products.read"));
  return products_;
}

// ---------------------------------------------------------------- cover look-ups

bool InsuranceService::has_valid_cover(db::Tx& tx, std::int64_t org_id, std::int64_t clinician_user_id,
                                       std::string_view kind, Date on) const {
  auto policies = store::policies_of_insured(tx, org_id, std::string(kind));
  return std::any_of(policies.begin(), policies.end(), [&](const Policy& p) {
    return in_force_on(p, on) && (clinician_user_id == 0 || clinician_covered_on(p, clinician_user_id, on));
  });
}

std::optional<PolicyInForce> InsuranceService::find_policy_in_force(db::Tx& tx, std::int64_t org_id,
                                                                    std::int64_t clinician_user_id, Date incident,
                                                                    Date notice) const {
  for (const auto& p : store::policies_of_insured(tx, org_id, "liability")) {
    PolicyInForce f = in_force(p);
    if (cover_for(f, clinician_user_id, incident, notice) == Cover::responds) return f;
  }
  return std::nullopt;
}

std::optional<PolicyInForce> InsuranceService::find_policy_in_force(std::int64_t org_id, std::int64_t clinician_user_id,
                                                                    Date incident, Date notice) {
  return db_.read([&](db::Tx& tx) { return find_policy_in_force(tx, org_id, clinician_user_id, incident, notice); });
}

// Every named clinician is an existing clinician's account (issue 18: an unknown id reached the
// policy's foreign key and answered 500).
Status InsuranceService::check_clinicians_exist(const std::vector<ClinicianExposure>& clinicians) {
  return db_.read([&](db::Tx& tx) -> Status {
    for (const auto& c : clinicians)
      if (!accounts::directory::has_role(tx, accounts::UserId{c.user_id}, accounts::Role::clinician))
        return err(errors::clinician_not_found, std::to_string(c.user_id));
    return {};
  });
}

// ---------------------------------------------------------------- quotes

Result<RatingResult> InsuranceService::rate_with(const RatingInput& in) const {
  const Product* p = find_product(in.product_code);
  if (!p) return err(errors::product_not_found, in.product_code);
  return rate(*p, in, rating_);
}

Result<Quote> InsuranceService::create_quote(const RequestContext& ctx, const QuoteRequest& req) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "quotes.create"));
  const Product* product = find_product(req.input.product_code);
  if (!product) return err(errors::product_not_found, req.input.product_code);
  accounts::User probe;
  probe.organization_id = req.insured_org_id;
  MEDRISK_TRY(auto org, accounts_.organization_of(probe));
  if (!org) return err(errors::organization_not_found);
  if (org->kind != "medical_institution") return err(errors::insured_must_be_medical_institution);
  if (req.retroactive_date && *req.retroactive_date > req.period_start)
    return err(errors::retroactive_date_after_period_start);
  MEDRISK_CHECK(check_period_start(req.period_start, ctx.now().shanghai_date(), rating_.backdating_grace_days));
  MEDRISK_CHECK(check_distinct_clinicians(req.input.clinicians));
  MEDRISK_CHECK(check_clinicians_exist(req.input.clinicians));
  QuoteRequest rated = req;
  if (product->insured_party == "institution" && rated.input.institution) {
    rated.input.institution->category = org->category.value_or("");
    rated.input.institution->grade = org->grade.value_or("");
  }
  return db_.write([&](db::Tx& tx) { return insert_quote(tx, ctx, rated, *product, "open"); });
}

Result<Quote> InsuranceService::insert_quote(db::Tx& tx, const RequestContext& ctx, const QuoteRequest& req,
                                             const Product& p, const std::string& status) {
  RatingInput input = req.input;
  // Institution cover: the insured's own figures from the risk database when it holds any.
  if (experience_source_ && p.insured_party == "institution")
    if (auto f = experience_source_->experience_of(tx, req.insured_org_id, ctx.now().shanghai_date()))
      input.experience = f->experience;
  MEDRISK_TRY(RatingResult rating, rate(p, input, rating_));
  Quote q;
  q.product_code = p.code;
  q.insured_org_id = req.insured_org_id;
  q.insurer_org_id = ctx.actor.organization_id;
  q.input = input;
  q.rating = std::move(rating);
  q.period_start = req.period_start;
  q.period_end = annual_period_end(req.period_start);
  if (p.trigger == "claims_made") q.retroactive_date = req.retroactive_date.value_or(req.period_start);
  q.valid_until = ctx.now().shanghai_date().add_days(static_cast<std::int32_t>(rating_.quote_validity_days));
  q.status = status;
  q.created_by = ctx.actor.user_id;
  q.created_at = ctx.now().to_iso_utc();
  q.id = store::insert_quote(tx, q);
  audit::record(tx, ctx,
                {"quote.create", "quote", std::to_string(q.id), std::nullopt,
                 json{{"premium_fen", q.rating.premium_fen.fen()},
                      {"table_version", q.rating.table_version},
                      {"insured_org_id", q.insured_org_id}}});
  return q;
}

Result<Quote> InsuranceService::get_quote(const RequestContext& ctx, std::int64_t id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "quotes.create"));
  auto q = db_.read([&](db::Tx& tx) { return store::find_quote(tx, id); });
  if (!q) return not_found();
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "quotes.create", {{q->insurer_org_id}, std::nullopt, std::nullopt}));
  return *q;
}

Result<std::vector<Quote>> InsuranceService::list_quotes(const RequestContext& ctx, std::int64_t after_id, int limit) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "quotes.create"));
  std::int64_t org = ctx.actor.has_role("platform_admin") ? 0 : ctx.actor.organization_id;
  return db_.read(
      [&](db::Tx& tx) { return store::list_quotes(tx, org, after_id, std::clamp(limit, 1, kMaxPageSize)); });
}

// ---------------------------------------------------------------- binding

Result<Policy> InsuranceService::bind(const RequestContext& ctx, const BindRequest& req) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "policies.issue"));
  std::vector<PoolMember> pool = req.coinsurance;
  if (pool.empty()) pool.push_back({ctx.actor.organization_id, kOne});
  for (std::size_t i = 1; i < pool.size() && i <= kMaxCoinsurers; ++i) {
    accounts::User probe;
    probe.organization_id = pool[i].insurer_org_id;
    MEDRISK_TRY(auto org, accounts_.organization_of(probe));
    if (!org || org->kind != "insurer")
      return err(errors::coinsurer_must_be_insurer, std::to_string(pool[i].insurer_org_id));
  }
  BindRequest checked = req;
  checked.coinsurance = pool;
  return db_.write([&](db::Tx& tx) -> Result<Policy> {
    auto q = store::find_quote(tx, req.quote_id);
    if (!q) return not_found();
    MEDRISK_CHECK(accounts::authorize(ctx.actor, "policies.issue", {{q->insurer_org_id}, std::nullopt, std::nullopt}));
    if (q->status == "bound") return err(errors::quote_already_bound);
    if (ctx.now().shanghai_date() > q->valid_until) return err(errors::quote_expired, q->valid_until.to_string());
    MEDRISK_CHECK(check_period_start(q->period_start, ctx.now().shanghai_date(), rating_.backdating_grace_days));
    MEDRISK_CHECK(check_pool(pool, q->insurer_org_id));
    return issue(tx, ctx, *q, checked, std::nullopt);
  });
}

Result<Policy> InsuranceService::issue(db::Tx& tx, const RequestContext& ctx, const Quote& q, const BindRequest& req,
                                       std::optional<std::int64_t> renewed_from) {
  const Product* product = find_product(q.product_code);
  if (!product) return err(errors::product_not_found, q.product_code);
  MEDRISK_CHECK(check_pool(req.coinsurance, q.insurer_org_id));
  Policy p;
  p.product_code = product->code;
  p.product_version = product->version;
  p.kind = product->kind;
  p.trigger = product->trigger;
  p.quote_id = q.id;
  p.insured_org_id = q.insured_org_id;
  p.insurer_org_id = q.insurer_org_id;
  p.region_code = ctx.actor.region_code.empty() ? "000000" : ctx.actor.region_code;
  p.period_start = q.period_start;
  p.period_end = q.period_end;
  p.retroactive_date = q.retroactive_date;
  p.per_incident_limit_fen = q.input.per_incident_limit_fen;
  p.aggregate_limit_fen = product->aggregate_limit_fen;
  p.deductible_fen = q.input.deductible_fen;
  p.premium_fen = q.rating.premium_fen;
  p.certificate_code = crypto::random_token(18);  // 144 random bits, base64url
  p.renewed_from_policy_id = renewed_from;
  p.rating_table_version = q.rating.table_version;
  p.created_at = ctx.now().to_iso_utc();
  for (const auto& c : q.input.clinicians)
    p.clinicians.push_back(
        {c.user_id, c.department_risk_class, c.title, c.years_of_practice, q.period_start, std::nullopt});
  MEDRISK_TRY(p.funding_split, split_funding(p.premium_fen, req.funding));
  MEDRISK_TRY(p.coinsurance_pool, split_pool(p.premium_fen, req.coinsurance));
  std::int64_t id = store::insert_policy(tx, p);
  store::mark_quote_bound(tx, q.id);
  Policy stored = *store::find_policy(tx, id);
  audit::record(
      tx, ctx,
      {renewed_from ? "policy.renew" : "policy.issue", "policy", std::to_string(id), std::nullopt, audit_view(stored)});
  for (const auto& c : stored.clinicians)
    outbox::notify(tx, ctx.now(),
                   {c.user_id, "policy.issued", "您已列入医疗责任保险保单", "You are named on a liability policy",
                    "保单号 " + stored.policy_number + "，保险期间 " + stored.period_start.to_string() + " 至 " +
                        stored.period_end.to_string(),
                    "Policy " + stored.policy_number + ", " + stored.period_start.to_string() + " to " +
                        stored.period_end.to_string(),
                    "policy:" + std::to_string(id)});
  return stored;
}

// ---------------------------------------------------------------- reading policies

Status InsuranceService::authorize_read(const RequestContext& ctx, const Policy& p) const {
  if (ctx.actor.has("policies.read")) {
    accounts::Scope scope{{p.insured_org_id}, std::nullopt, p.region_code};
    for (const auto& m : p.coinsurance_pool) scope.organization_ids.push_back(m.insurer_org_id);
    return accounts::authorize(ctx.actor, "policies.read", scope);
  }
  if (ctx.actor.has("policies.read_own")) {
    bool named = std::any_of(p.clinicians.begin(), p.clinicians.end(),
                             [&](const NamedClinician& c) { return c.user_id == ctx.actor.user_id; });
    return accounts::authorize(ctx.actor, "policies.read_own", {{}, named ? ctx.actor.user_id : -1, std::nullopt});
  }
  return accounts::authorize(ctx.actor, "policies.read");
}

Result<Policy> InsuranceService::load_policy(db::Tx& tx, const RequestContext& ctx, std::int64_t id,
                                             std::string_view permission) {
  auto p = store::find_policy(tx, id);
  if (!p) return not_found();
  if (permission == "policies.issue") {
    MEDRISK_CHECK(accounts::authorize(ctx.actor, permission, {{p->insurer_org_id}, std::nullopt, std::nullopt}));
  } else {
    MEDRISK_CHECK(authorize_read(ctx, *p));
  }
  return *p;
}

Result<Policy> InsuranceService::get_policy(const RequestContext& ctx, std::int64_t id) {
  if (!ctx.actor.has("policies.read") && !ctx.actor.has("policies.read_own"))
    return accounts::authorize(ctx.actor, "policies.read").take_error();
  return db_.read([&](db::Tx& tx) { return load_policy(tx, ctx, id, "policies.read"); });
}

Result<std::vector<Policy>> InsuranceService::list_policies(const RequestContext& ctx, const PolicyFilter& f) {
  store::ListScope scope;
  const Actor& a = ctx.actor;
  if (a.has("policies.read")) {
    if (a.has_role("regulator"))
      scope.region_prefix = a.region_code.substr(0, 2);
    else if (!a.has_role("platform_admin"))
      scope.organization_id = a.organization_id;
  } else if (a.has("policies.read_own")) {
    scope.clinician_user_id = a.user_id;
  } else {
    return accounts::authorize(a, "policies.read").take_error();
  }
  if (a.user_id == 0) return accounts::authorize(a, "policies.read").take_error();
  return db_.read([&](db::Tx& tx) {
    return store::list_policies(tx, scope, f.insured_org_id, f.product_code, f.after_id,
                                std::clamp(f.limit, 1, kMaxPageSize));
  });
}

Result<std::vector<Endorsement>> InsuranceService::list_endorsements(const RequestContext& ctx,
                                                                     std::int64_t policy_id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Endorsement>> {
    MEDRISK_TRY(Policy p, load_policy(tx, ctx, policy_id, "policies.read"));
    return store::list_endorsements(tx, p.id);
  });
}

// ---------------------------------------------------------------- certificates

Result<CertificateView> InsuranceService::verify_certificate(std::string_view code) {
  if (code.empty() || code.size() > 64) return err(errors::certificate_not_found);
  auto p = db_.read([&](db::Tx& tx) { return store::find_policy_by_certificate(tx, std::string(code)); });
  if (!p) return err(errors::certificate_not_found);
  Date today = clock_.today();
  CertificateView v;
  v.status = status_on(*p, today);
  v.valid = v.status == "in_force";
  v.policy_number = p->policy_number;
  v.product_code = p->product_code;
  if (const Product* product = find_product(p->product_code)) {
    v.product_name_zh = product->name_zh;
    v.product_name_en = product->name_en;
  }
  v.kind = p->kind;
  v.trigger = p->trigger;
  accounts::User probe;
  probe.organization_id = p->insured_org_id;
  auto org = accounts_.organization_of(probe);
  if (org.ok() && *org) v.insured_name = (*org)->name;
  v.period_start = p->period_start;
  v.period_end = p->period_end;
  v.cancelled_on = p->cancelled_on;
  v.per_incident_limit_fen = p->per_incident_limit_fen;
  v.aggregate_limit_fen = p->aggregate_limit_fen;
  v.named_clinicians = std::count_if(p->clinicians.begin(), p->clinicians.end(),
                                     [&](const NamedClinician& c) { return c.added_on <= today && !c.removed_on; });
  v.checked_on = today.to_string();
  return v;
}

// ---------------------------------------------------------------- endorsements, cancellation, renewal

Result<Endorsement> InsuranceService::endorse(const RequestContext& ctx, std::int64_t policy_id,
                                              const EndorsementRequest& req) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "policies.issue"));
  return db_.write([&](db::Tx& tx) -> Result<Endorsement> {
    MEDRISK_TRY(Policy p, load_policy(tx, ctx, policy_id, "policies.issue"));
    if (p.status == "cancelled") return err(errors::policy_cancelled);
    auto named = std::find_if(p.clinicians.begin(), p.clinicians.end(),
                              [&](const NamedClinician& c) { return c.user_id == req.clinician.user_id; });
    bool adding = req.kind == "add_clinician";
    if (adding && named != p.clinicians.end()) return err(errors::clinician_already_named);
    if (!adding && (named == p.clinicians.end() || named->removed_on)) return err(errors::clinician_not_named);
    if (adding && active_clinicians(p).size() >= kMaxClinicians) return err(errors::too_many_clinicians);
    auto quote = store::find_quote(tx, p.quote_id);
    if (!quote) return not_found();
    RatingInput before = quote->input, after = quote->input;
    before.clinicians = active_clinicians(p);
    after.clinicians = before.clinicians;
    if (adding)
      after.clinicians.push_back(req.clinician);
    else
      std::erase_if(after.clinicians, [&](const ClinicianExposure& c) { return c.user_id == req.clinician.user_id; });
    MEDRISK_TRY(RatingResult old_rating, rate_with(before));
    MEDRISK_TRY(RatingResult new_rating, rate_with(after));
    // Day-based pro rata of the annual difference, half up to the fen.
    MEDRISK_TRY(ProRata pr, pro_rata(new_rating.premium_fen - old_rating.premium_fen, req.effective_date,
                                     p.period_start, p.period_end, Rounding::half_up));
    if (adding) MEDRISK_CHECK(check_clinicians_exist({req.clinician}));
    Endorsement e{0,
                  p.id,
                  req.kind,
                  req.effective_date,
                  req.clinician.user_id,
                  pr.amount_fen,
                  pr.days,
                  pr.period_days,
                  ctx.now().to_iso_utc()};
    if (adding)
      store::add_clinician(tx, p.id,
                           {req.clinician.user_id, req.clinician.department_risk_class, req.clinician.title,
                            req.clinician.years_of_practice, req.effective_date, std::nullopt});
    else
      store::remove_clinician(tx, p.id, req.clinician.user_id, req.effective_date);
    Money premium = p.premium_fen + pr.amount_fen;
    MEDRISK_TRY(auto funding, split_funding(premium, funding_of(p)));
    MEDRISK_TRY(auto pool, split_pool(premium, pool_of(p)));
    store::update_premium(tx, p.id, premium, funding, pool);
    e.id = store::insert_endorsement(tx, e, ctx.actor.user_id);
    audit::record(
        tx, ctx,
        {"policy.endorse", "policy", std::to_string(p.id), audit_view(p), audit_view(*store::find_policy(tx, p.id))});
    return e;
  });
}

Result<Policy> InsuranceService::cancel(const RequestContext& ctx, std::int64_t policy_id, Date effective) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "policies.issue"));
  return db_.write([&](db::Tx& tx) -> Result<Policy> {
    MEDRISK_TRY(Policy p, load_policy(tx, ctx, policy_id, "policies.issue"));
    if (p.status == "cancelled") return err(errors::policy_cancelled);
    // Never refund a period in which a claim was notified: the cancellation takes effect after the
    // latest notice of any claim on the policy (issue 18).
    if (claim_notices_)
      if (auto notice = claim_notices_->latest_notice(tx, p.id); notice && effective <= *notice)
        return err(errors::cancellation_before_claim_notice, notice->to_string());
    // Refund of each premium layer's unexpired days, rounded down to the fen (never more than was paid).
    MEDRISK_TRY(ProRata pr, pro_rata(p.premium_fen, effective, p.period_start, p.period_end, Rounding::down));
    MEDRISK_TRY(Money refund, cancellation_refund(p.premium_fen, store::list_endorsements(tx, p.id), effective,
                                                  p.period_start, p.period_end));
    store::cancel_policy(tx, p.id, effective, refund);
    Endorsement e{0, p.id, "cancellation", effective, 0, -refund, pr.days, pr.period_days, ctx.now().to_iso_utc()};
    store::insert_endorsement(tx, e, ctx.actor.user_id);
    Policy after = *store::find_policy(tx, p.id);
    audit::record(tx, ctx, {"policy.cancel", "policy", std::to_string(p.id), audit_view(p), audit_view(after)});
    return after;
  });
}

Result<Policy> InsuranceService::renew(const RequestContext& ctx, std::int64_t policy_id,
                                       const std::optional<Experience>& experience) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "policies.issue"));
  return db_.write([&](db::Tx& tx) -> Result<Policy> {
    MEDRISK_TRY(Policy p, load_policy(tx, ctx, policy_id, "policies.issue"));
    if (p.status == "cancelled") return err(errors::policy_cancelled);
    if (store::renewal_of(tx, p.id)) return err(errors::policy_already_renewed);
    auto old_quote = store::find_quote(tx, p.quote_id);
    const Product* product = find_product(p.product_code);
    if (!old_quote || !product) return not_found();
    QuoteRequest req;
    req.input = old_quote->input;
    req.input.clinicians = active_clinicians(p);
    if (experience) req.input.experience = *experience;
    req.insured_org_id = p.insured_org_id;
    req.period_start = p.period_end.add_days(1);
    req.retroactive_date = p.retroactive_date;  // claims-made continuity: the retroactive date carries over
    MEDRISK_TRY(Quote q, insert_quote(tx, ctx, req, *product, "open"));
    return issue(tx, ctx, q, BindRequest{q.id, funding_of(p), pool_of(p)}, p.id);
  });
}

}  // namespace medrisk::insurance
