// HTTP ↔ insurance service: decode with JsonReader (every violation at once), call one service
// function, encode. Money is always integer fen in `*_fen` fields, shares in basis points `*_bp`.
#include "platform/http/params.hpp"
#include "modules/insurance/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "kernel/json.hpp"
#include "modules/insurance/errors.hpp"
#include "platform/documents/http.hpp"
#include "platform/exports/xlsx.hpp"

namespace medrisk::insurance {
namespace {

using http::context_of;
using http::id_param;
using http::nullable;

using http::Request;
using http::Response;
using nlohmann::json;

const Money kMaxFen = Money::from_fen(1'000'000'000'000LL);  // 10 billion CNY: far above any limit or loss


json to_json(const Product& p) {
  json benefits = json::array();
  for (const auto& b : p.disability_benefits)
    benefits.push_back({{"disability_grade", b.disability_grade}, {"share_bp", b.share_bp}});
  return {{"code", p.code},
          {"version", p.version},
          {"kind", p.kind},
          {"insured_party", p.insured_party},
          {"name_zh", p.name_zh},
          {"name_en", p.name_en},
          {"trigger", p.trigger},
          {"per_incident_limit_fen", p.per_incident_limit_fen.fen()},
          {"aggregate_limit_fen", p.aggregate_limit_fen.fen()},
          {"per_person_limit_fen", p.per_person_limit_fen.fen()},
          {"deductible_fen", p.deductible_fen.fen()},
          {"defence_costs", p.defence_costs},
          {"defence_costs_limit_fen", p.defence_costs_limit_fen.fen()},
          {"medical_costs_limit_fen", p.medical_costs_limit_fen.fen()},
          {"disability_benefits", benefits},
          {"premium_fen", p.premium_fen ? json(p.premium_fen->fen()) : json(nullptr)},
          {"term_days", p.term_days},
          {"rated", p.rated},
          {"source", p.source},
          {"verified", p.verified}};
}

json to_json(const Quote& q) {
  return {{"id", q.id},
          {"product_code", q.product_code},
          {"insured_org_id", q.insured_org_id},
          {"insurer_org_id", q.insurer_org_id},
          {"period_start", q.period_start.to_string()},
          {"period_end", q.period_end.to_string()},
          {"retroactive_date", nullable(q.retroactive_date)},
          {"valid_until", q.valid_until.to_string()},
          {"status", q.status},
          {"input", to_json(q.input)},
          {"explanation", to_json(q.rating)},
          {"premium_fen", q.rating.premium_fen.fen()},
          {"created_at", q.created_at}};
}

// Who gets the refund of a cancelled policy back (null while nothing is refunded).
json refund_json(const Policy& p) {
  if (p.refund_fen.is_zero()) return nullptr;
  auto split = refund_split(p);
  if (!split.ok()) return nullptr;
  json funding = json::array(), pool = json::array();
  for (const auto& f : split->funding) funding.push_back({{"payer", f.payer}, {"amount_fen", f.amount_fen.fen()}});
  for (const auto& m : split->coinsurance)
    pool.push_back({{"insurer_org_id", m.insurer_org_id}, {"amount_fen", m.premium_fen.fen()}});
  return {{"funding", funding}, {"coinsurance", pool}};
}

json to_json(const Policy& p, Date today) {
  json clinicians = json::array(), funding = json::array(), pool = json::array();
  for (const auto& c : p.clinicians)
    clinicians.push_back({{"user_id", c.user_id},
                          {"department_risk_class", c.department_risk_class},
                          {"title", c.title},
                          {"years_of_practice", c.years_of_practice},
                          {"added_on", c.added_on.to_string()},
                          {"removed_on", nullable(c.removed_on)}});
  for (const auto& f : p.funding_split)
    funding.push_back({{"payer", f.payer}, {"share_bp", f.share_bp}, {"amount_fen", f.amount_fen.fen()}});
  for (const auto& m : p.coinsurance_pool)
    pool.push_back({{"insurer_org_id", m.insurer_org_id},
                    {"role", m.role},
                    {"share_bp", m.share_bp},
                    {"premium_fen", m.premium_fen.fen()}});
  return {{"id", p.id},
          {"policy_number", p.policy_number},
          {"product_code", p.product_code},
          {"product_version", p.product_version},
          {"kind", p.kind},
          {"trigger", p.trigger},
          {"quote_id", p.quote_id},
          {"insured_org_id", p.insured_org_id},
          {"insurer_org_id", p.insurer_org_id},
          {"region_code", p.region_code},
          {"period_start", p.period_start.to_string()},
          {"period_end", p.period_end.to_string()},
          {"retroactive_date", nullable(p.retroactive_date)},
          {"per_incident_limit_fen", p.per_incident_limit_fen.fen()},
          {"aggregate_limit_fen", p.aggregate_limit_fen.fen()},
          {"deductible_fen", p.deductible_fen.fen()},
          {"premium_fen", p.premium_fen.fen()},
          {"status", status_on(p, today)},
          {"cancelled_on", nullable(p.cancelled_on)},
          {"refund_fen", p.refund_fen.fen()},
          {"certificate_code", p.certificate_code},
          {"renewed_from_policy_id", p.renewed_from_policy_id ? json(*p.renewed_from_policy_id) : json(nullptr)},
          {"rating_table_version", p.rating_table_version},
          {"created_at", p.created_at},
          {"clinicians", clinicians},
          {"funding_split", funding},
          {"coinsurance_pool", pool},
          {"refund_split", refund_json(p)}};
}

json to_json(const Endorsement& e) {
  return {{"id", e.id},
          {"policy_id", e.policy_id},
          {"kind", e.kind},
          {"effective_date", e.effective_date.to_string()},
          {"clinician_user_id", e.clinician_user_id ? json(e.clinician_user_id) : json(nullptr)},
          {"premium_delta_fen", e.premium_delta_fen.fen()},
          {"days_charged", e.days_charged},
          {"period_days", e.period_days},
          {"created_at", e.created_at}};
}

json to_json(const CertificateView& v) {
  return {{"valid", v.valid},
          {"status", v.status},
          {"policy_number", v.policy_number},
          {"product_code", v.product_code},
          {"product_name_zh", v.product_name_zh},
          {"product_name_en", v.product_name_en},
          {"kind", v.kind},
          {"trigger", v.trigger},
          {"insured_name", v.insured_name},
          {"period_start", v.period_start.to_string()},
          {"period_end", v.period_end.to_string()},
          {"cancelled_on", nullable(v.cancelled_on)},
          {"per_incident_limit_fen", v.per_incident_limit_fen.fen()},
          {"aggregate_limit_fen", v.aggregate_limit_fen.fen()},
          {"named_clinicians", v.named_clinicians},
          {"checked_on", v.checked_on}};
}


ClinicianExposure read_clinician(const json& j, const std::string& path, JsonReader& parent, bool full) {
  JsonReader in(j, path);
  ClinicianExposure c;
  c.user_id = in.integer("user_id", 1, INT64_MAX);
  if (full) {
    c.department_risk_class = in.one_of("department_risk_class", {"I", "II", "III", "IV"});
    c.title = in.string("title", 40);
    c.years_of_practice = in.integer("years_of_practice", 0, 80);
    in.allow_only({"user_id", "department_risk_class", "title", "years_of_practice"});
  } else {
    in.allow_only({"user_id"});
  }
  parent.merge(std::move(in));
  return c;
}

std::optional<Experience> read_experience(JsonReader& in) {
  const json* e = in.object("experience", false);
  if (!e) return std::nullopt;
  JsonReader ex(*e, in.path_of("experience"));
  Experience out{ex.integer("years", 0, 50), ex.money_fen("incurred_losses_fen", Money::zero(), kMaxFen)};
  ex.allow_only({"years", "incurred_losses_fen"});
  in.merge(std::move(ex));
  return out;
}

Result<QuoteRequest> read_quote_request(const json& body) {
  JsonReader in(body);
  QuoteRequest q;
  q.input.product_code = in.string("product_code", 40);
  q.insured_org_id = in.integer("insured_org_id", 1, INT64_MAX);
  q.period_start = in.date("period_start");
  q.retroactive_date = in.optional_date("retroactive_date");
  if (const json* inst = in.object("institution", false)) {
    JsonReader ir(*inst, in.path_of("institution"));
    q.input.institution = InstitutionExposure{"", "", ir.integer("beds", 0, 100000)};
    ir.allow_only({"beds"});
    in.merge(std::move(ir));
  }
  if (const json* cs = in.array("clinicians", kMaxClinicians, false))
    for (std::size_t i = 0; i < cs->size(); ++i)
      q.input.clinicians.push_back(
          read_clinician((*cs)[i], in.path_of("clinicians") + "/" + std::to_string(i), in, true));
  q.input.experience = read_experience(in).value_or(Experience{});
  q.input.per_incident_limit_fen = in.money_fen("per_incident_limit_fen", Money::from_fen(1), kMaxFen);
  q.input.deductible_fen = in.money_fen("deductible_fen", Money::zero(), kMaxFen);
  in.allow_only({"product_code", "insured_org_id", "period_start", "retroactive_date", "institution", "clinicians",
                 "experience", "per_incident_limit_fen", "deductible_fen"});
  MEDRISK_CHECK(in.finish());
  return q;
}

Result<BindRequest> read_bind_request(const json& body) {
  JsonReader in(body);
  BindRequest b;
  b.quote_id = in.integer("quote_id", 1, INT64_MAX);
  b.funding = {0, kOne, 0};
  if (const json* f = in.object("funding_split", false)) {
    JsonReader fr(*f, in.path_of("funding_split"));
    b.funding = {fr.integer("state_bp", 0, kOne), fr.integer("institution_bp", 0, kOne),
                 fr.integer("clinician_bp", 0, kOne)};
    fr.allow_only({"state_bp", "institution_bp", "clinician_bp"});
    in.merge(std::move(fr));
  }
  if (const json* pool = in.array("coinsurance_pool", kMaxCoinsurers, false))
    for (std::size_t i = 0; i < pool->size(); ++i) {
      JsonReader m((*pool)[i], in.path_of("coinsurance_pool") + "/" + std::to_string(i));
      b.coinsurance.push_back({m.integer("insurer_org_id", 1, INT64_MAX), m.integer("share_bp", 0, kOne)});
      m.allow_only({"insurer_org_id", "share_bp"});
      in.merge(std::move(m));
    }
  in.allow_only({"quote_id", "funding_split", "coinsurance_pool"});
  MEDRISK_CHECK(in.finish());
  return b;
}

Result<EndorsementRequest> read_endorsement(const json& body) {
  JsonReader in(body);
  EndorsementRequest e;
  e.kind = in.one_of("kind", {"add_clinician", "remove_clinician"});
  e.effective_date = in.date("effective_date");
  if (const json* c = in.object("clinician"))
    e.clinician = read_clinician(*c, in.path_of("clinician"), in, e.kind != "remove_clinician");
  in.allow_only({"kind", "effective_date", "clinician"});
  MEDRISK_CHECK(in.finish());
  return e;
}

void add_quote_routes(http::Router& r, InsuranceService& s, const Clock& clock) {
  r.get("/api/v1/products", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto products, s.list_products(context_of(req, clock)));
    json items = json::array();
    for (const auto& p : products) items.push_back(to_json(p));
    return Response::json(200, {{"items", items}, {"rating_table_version", s.rating_table().version}});
  });
  r.post("/api/v1/quotes", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(QuoteRequest q, read_quote_request(body));
    MEDRISK_TRY(Quote quote, s.create_quote(context_of(req, clock), q));
    return Response::json(201, to_json(quote));
  });
  r.get("/api/v1/quotes", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req));
    MEDRISK_TRY(auto quotes, s.list_quotes(context_of(req, clock), page.after_id, page.limit));
    json items = json::array();
    for (const auto& q : quotes) items.push_back(to_json(q));
    json out = http::page_json(quotes, items, page.limit);
    return Response::json(200, out);
  });
  r.get("/api/v1/quotes/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(Quote q, s.get_quote(context_of(req, clock), id));
    return Response::json(200, to_json(q));
  });
}

// The list's filters (GET /policies and GET /policies.xlsx): product_code.
PolicyFilter policy_filter(const Request& req) {
  PolicyFilter f;
  if (auto code = req.query_param("product_code"); code && !code->empty()) f.product_code = *code;
  return f;
}

void add_policy_routes(http::Router& r, InsuranceService& s, const Clock& clock) {
  r.get("/api/v1/insurance/summary", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto sum, s.summary(context_of(req, clock)));
    auto figures = [](const PolicyFigures& f) {
      return json{{"policies", f.policies}, {"in_force", f.in_force}, {"written_premium_fen", f.written_premium_fen.fen()},
                  {"obligations", f.obligations}, {"compliant", f.compliant}};
    };
    json out = figures(sum.all);
    out["as_of"] = sum.as_of;
    out["by_status"] = sum.policies_by_status;
    out["compliance_by_status"] = sum.compliance_by_status ? json(*sum.compliance_by_status) : json(nullptr);
    json regions = json::array();
    for (const auto& [code, f] : sum.by_region) {
      json r = figures(f);
      r["region_code"] = code;
      regions.push_back(r);
    }
    out["by_region"] = regions;
    json expiring = json::array();
    for (const auto& p : sum.in_force_by_expiry)
      expiring.push_back({{"id", p.id}, {"policy_number", p.policy_number}, {"product_code", p.product_code},
                          {"insured_org_id", p.insured_org_id}, {"period_end", p.period_end.to_string()},
                          {"days_left", p.days_left}});
    out["in_force_by_expiry"] = expiring;
    return Response::json(200, out);
  });
  r.post("/api/v1/policies", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(BindRequest b, read_bind_request(body));
    MEDRISK_TRY(Policy p, s.bind(context_of(req, clock), b));
    return Response::json(201, to_json(p, clock.today()));
  });
  r.get("/api/v1/policies", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(http::Page page, http::page_params(req));
    PolicyFilter f = policy_filter(req);
    f.after_id = page.after_id;
    f.limit = page.limit;
    MEDRISK_TRY(auto policies, s.list_policies(context_of(req, clock), f));
    json items = json::array();
    for (const auto& p : policies) items.push_back(to_json(p, clock.today()));
    json out = http::page_json(policies, items, page.limit);
    return Response::json(200, out);
  });
  // The list as an Excel workbook: the same filters, permissions and service call (platform/exports).
  r.get("/api/v1/policies.xlsx", [&s, &clock](Request& req) -> Result<Response> {
    PolicyFilter f = policy_filter(req);
    auto ctx = context_of(req, clock);
    return exports::export_list(req.lang == "en-US" ? "Policies" : "保单", policy_export_columns(), req.lang,
                                "policies", kMaxPageSize,
                                [&](std::int64_t after_id, int limit) -> Result<exports::ExportPage> {
                                  f.after_id = after_id;
                                  f.limit = limit;
                                  MEDRISK_TRY(auto list, s.list_policies(ctx, f));
                                  exports::ExportPage page;
                                  for (const auto& p : list) page.rows.push_back(to_json(p, clock.today()));
                                  if (!list.empty()) page.last_id = list.back().id;
                                  return page;
                                });
  });
  r.get("/api/v1/policies/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(Policy p, s.get_policy(context_of(req, clock), id));
    return Response::json(200, to_json(p, clock.today()));
  });
}

void add_change_routes(http::Router& r, InsuranceService& s, const Clock& clock) {
  // The policy (保险单) as a PDF, for the policy's readers (another organization's policy: 404 like it).
  r.get("/api/v1/policies/{id}/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.policy_pdf(context_of(req, clock), id));
    return documents::pdf_response(d, "policy-" + std::to_string(id));
  });
  r.get("/api/v1/policies/{id}/endorsements", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(auto list, s.list_endorsements(context_of(req, clock), id));
    json items = json::array();
    for (const auto& e : list) items.push_back(to_json(e));
    return Response::json(200, {{"items", items}});
  });
  r.post("/api/v1/policies/{id}/endorsements", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(EndorsementRequest e, read_endorsement(body));
    MEDRISK_TRY(Endorsement done, s.endorse(context_of(req, clock), id, e));
    return Response::json(201, to_json(done));
  });
  r.post("/api/v1/policies/{id}/cancellation", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    Date effective = in.date("effective_date");
    in.allow_only({"effective_date"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Policy p, s.cancel(context_of(req, clock), id, effective));
    return Response::json(200, to_json(p, clock.today()));
  });
  r.post("/api/v1/policies/{id}/renewal", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto experience = read_experience(in);
    in.allow_only({"experience"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Policy p, s.renew(context_of(req, clock), id, experience));
    return Response::json(201, to_json(p, clock.today()));
  });
  r.get(
      "/api/v1/certificates/{code}",
      [&s](Request& req) -> Result<Response> {
        MEDRISK_TRY(CertificateView v, s.verify_certificate(req.param("code")));
        return Response::json(200, to_json(v));
      },
      http::Access::public_);
}

}  // namespace

// The columns of GET /policies.xlsx: keys of the list item's JSON, money in yuan with the currency format.
const std::vector<exports::Column>& policy_export_columns() {
  using exports::Type;
  static const std::vector<exports::Column> columns = {
      {"policy_number", "保单号", "Policy number", Type::text, 20},
      {"product_code", "产品", "Product", Type::text, 20},
      {"kind", "险种", "Kind", Type::text, 12},
      {"trigger", "承保方式", "Trigger", Type::text, 14},
      {"status", "状态", "Status", Type::text, 14},
      {"insured_org_id", "被保险人编号", "Insured", Type::integer, 12},
      {"period_start", "保险起期", "Period start", Type::date, 12},
      {"period_end", "保险止期", "Period end", Type::date, 12},
      {"per_incident_limit_fen", "每次事故限额（元）", "Per-incident limit (CNY)", Type::money_fen, 18},
      {"aggregate_limit_fen", "累计限额（元）", "Aggregate limit (CNY)", Type::money_fen, 18},
      {"deductible_fen", "免赔额（元）", "Deductible (CNY)", Type::money_fen, 14},
      {"premium_fen", "保险费（元）", "Premium (CNY)", Type::money_fen, 16},
      {"refund_fen", "退还保险费（元）", "Refund (CNY)", Type::money_fen, 16},
      {"created_at", "签发时间", "Issued at", Type::timestamp, 18}};
  return columns;
}

void add_routes(http::Router& router, InsuranceService& service, const Clock& clock) {
  add_quote_routes(router, service, clock);
  add_policy_routes(router, service, clock);
  add_change_routes(router, service, clock);
}

}  // namespace medrisk::insurance
