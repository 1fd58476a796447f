// HTTP ↔ claims service: decode (JsonReader), call one service function, encode.
#include "modules/claims/routes.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/claims/errors.hpp"
#include "platform/documents/http.hpp"
#include "platform/exports/xlsx.hpp"
#include "platform/http/params.hpp"

namespace medrisk::claims {
namespace {

using http::context_of;
using http::id_param;
using http::id_query;
using http::nullable;

using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxTextCodePoints = 2000;
const Money kMaxAmount = Money::from_fen(100'000'000'000);  // 1 billion CNY: a sanity bound, not law

json to_json(const ClaimView& v) {
  const Claim& c = v.c;
  json shares = json::array();
  for (const auto& s : v.shares)
    shares.push_back({{"insurer_org_id", s.share.insurer_org_id},
                      {"insurer_name", s.share.insurer_name},
                      {"role", s.share.role},
                      {"share_bp", s.share.share_bp},
                      {"payable_fen", nullable(s.payable_fen)},
                      {"paid_fen", s.paid_fen.fen()}});
  json deadlines = json::array();
  for (const auto& d : v.deadlines)
    deadlines.push_back({{"id", d.id},
                         {"due", d.due},
                         {"overdue", d.overdue},
                         {"met_on", nullable(d.met_on)},
                         {"calendar_uncovered", d.calendar_uncovered}});
  json decision = nullptr;
  if (c.decision)
    decision = {{"outcome", c.decision->outcome},
                {"amount_fen", nullable(c.decision->amount_fen)},
                {"reason_codes", c.decision->reason_codes},
                {"note", c.decision->note},
                {"decided_by_user_id", c.decision->decided_by_user_id},
                {"decided_at", c.decision->decided_at},
                {"approved_by_user_id", nullable(c.decision->approved_by_user_id)}};
  return {{"id", c.id},
          {"claim_number", claim_number(c)},
          {"state", c.state},
          {"source", c.source},
          {"policy_id", c.policy_id},
          {"policy_number", c.policy_number},
          {"product_code", c.product_code},
          {"insurer_org_id", c.insurer_org_id},
          {"insured_org_id", c.insured_org_id},
          {"case_id", nullable(c.case_id)},
          {"patient_user_id", c.patient_user_id},
          {"adjuster_user_id", nullable(c.adjuster_user_id)},
          {"incident_date", c.incident_date.to_string()},
          {"notice_date", c.notice_date.to_string()},
          {"materials_complete_on", nullable(c.materials_complete_on)},
          {"agreed_amount_fen", nullable(c.agreed_amount_fen)},
          {"decision", decision},
          {"payable_fen", nullable(c.payable_fen)},
          {"outstanding_fen", c.outstanding_fen.fen()},
          {"paid_fen", c.paid_fen.fen()},
          {"in_flight_fen", v.in_flight_fen.fen()},
          {"incurred_fen", v.incurred_fen.fen()},
          {"per_incident_limit_fen", c.per_incident_limit_fen.fen()},
          {"deductible_fen", c.deductible_fen.fen()},
          {"aggregate_limit_fen", c.aggregate_limit_fen.fen()},
          {"aggregate_consumed_fen", v.aggregate_consumed_fen.fen()},
          {"remaining_limit_fen", v.remaining_limit_fen.fen()},
          {"shares", shares},
          {"payee", c.payee},
          {"withdrawn_reason", nullable(c.withdrawn_reason)},
          {"deadlines", deadlines},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

json to_json(const Payment& p) {
  return {{"id", p.id},
          {"claim_id", p.claim_id},
          {"kind", p.kind},
          {"amount_fen", p.amount_fen.fen()},
          {"payee", p.payee},
          {"account_masked", p.account_masked},
          {"state", p.state},
          {"attempt", p.attempt},
          {"reference", p.reference},
          {"bank_transaction_id", nullable(p.bank_transaction_id)},
          {"failure_reason", nullable(p.failure_reason)},
          {"created_at", p.created_at},
          {"confirmed_at", nullable(p.confirmed_at)}};
}

json to_json(const Reserve& r) {
  return {{"id", r.id},
          {"claim_id", r.claim_id},
          {"amount_fen", r.amount_fen.fen()},
          {"previous_fen", r.previous_fen.fen()},
          {"reason", r.reason},
          {"set_by_user_id", nullable(r.set_by_user_id)},
          {"set_at", r.set_at}};
}

json to_json(const ClaimEvent& e) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"from_state", nullable(e.from_state)},
          {"to_state", nullable(e.to_state)},
          {"actor_user_id", nullable(e.actor_user_id)},
          {"details", json::parse(e.details_json)},
          {"at", e.at}};
}

template <class T>
Response items(const std::vector<T>& list) {
  json out = json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return Response::json(200, {{"items", out}});
}

// The list's filters (GET /claims and GET /claims.xlsx): case_id, policy_id, state, overdue=true.
Result<ClaimFilter> list_filter(const Request& req) {
  ClaimFilter f;
  MEDRISK_TRY(f.case_id, id_query(req, "case_id"));
  MEDRISK_TRY(f.policy_id, id_query(req, "policy_id"));
  if (auto st = req.query_param("state"); st && !st->empty()) f.state = *st;
  f.overdue_only = req.query_param("overdue").value_or("") == "true";
  return f;
}


void add_report_routes(http::Router& r, ClaimsService& s, const Clock& clock) {
  r.get("/api/v1/claims/portfolio", [&s, &clock](Request& req) -> Result<Response> {
    Date as_of = clock.today();
    if (auto a = req.query_param("as_of"); a && !a->empty()) {
      auto d = Date::parse(*a);
      if (!d.ok()) return Error::of("request_invalid").with("/as_of", "field_wrong_type");
      as_of = *d;
    }
    MEDRISK_TRY(auto rows, s.portfolio(context_of(req, clock), as_of));
    json out = json::array();
    for (const auto& p : rows)
      out.push_back({{"product_code", p.product_code},
                     {"underwriting_year", p.underwriting_year},
                     {"policies", p.policies},
                     {"written_premium_fen", p.written_premium_fen.fen()},
                     {"earned_premium_fen", p.earned_premium_fen.fen()},
                     {"open_claims", p.open_claims},
                     {"outstanding_fen", p.outstanding_fen.fen()},
                     {"paid_fen", p.paid_fen.fen()},
                     {"incurred_fen", p.incurred_fen.fen()},
                     {"loss_ratio_bp", nullable(p.loss_ratio_bp)}});
    return Response::json(200, {{"as_of", as_of.to_string()}, {"items", out}});
  });
  r.get("/api/v1/claims/summary", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto sum, s.summary(context_of(req, clock)));
    auto figures = [](const ClaimFigures& f) {
      return json{{"claims", f.claims}, {"open", f.open}, {"overdue", f.overdue},
                  {"outstanding_fen", f.outstanding_fen.fen()}, {"paid_fen", f.paid_fen.fen()},
                  {"incurred_fen", (f.outstanding_fen + f.paid_fen).fen()}};
    };
    json out = figures(sum.all);
    out["as_of"] = sum.as_of;
    out["by_state"] = sum.by_state;
    json regions = json::array();
    for (const auto& [code, f] : sum.by_region) {
      json r = figures(f);
      r["region_code"] = code;
      regions.push_back(r);
    }
    out["by_region"] = regions;
    json due = json::array();
    for (const auto& d : sum.due_soon)
      due.push_back({{"id", d.id}, {"claim_number", d.number}, {"state", d.state}, {"deadline", d.deadline},
                     {"due", d.due}, {"overdue", d.overdue}});
    out["due_soon"] = due;
    return Response::json(200, out);
  });
  r.get("/api/v1/claims/ledger/trial-balance", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto tb, s.trial_balance(context_of(req, clock)));
    json accounts = json::array();
    for (const auto& a : tb.accounts)
      accounts.push_back({{"account", a.account},
                          {"insurer_org_id", a.insurer_org_id},
                          {"debit_fen", a.debit_fen.fen()},
                          {"credit_fen", a.credit_fen.fen()}});
    return Response::json(200, {{"debit_fen", tb.debit_fen.fen()},
                                {"credit_fen", tb.credit_fen.fen()},
                                {"balanced", tb.balanced},
                                {"accounts", accounts}});
  });
}

void add_claim_routes(http::Router& r, ClaimsService& s, const Clock& clock) {
  r.get("/api/v1/claims", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(ClaimFilter f, list_filter(req));
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxListPage));
    f.limit = page.limit;
    f.after_id = page.after_id;
    MEDRISK_TRY(auto list, s.list(context_of(req, clock), f));
    json out = json::array();
    for (const auto& v : list) out.push_back(to_json(v));
    return Response::json(200, http::page_json(out, list.size(), f.limit, list.empty() ? 0 : list.back().c.id));
  });
  // The list as an Excel workbook: the same filters and the same service call, paged through with the cursor.
  r.get("/api/v1/claims.xlsx", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(ClaimFilter f, list_filter(req));
    auto ctx = context_of(req, clock);
    return exports::export_list(req.lang == "en-US" ? "Claims" : "理赔", export_columns(), req.lang, "claims",
                                kMaxListPage, [&](std::int64_t after_id, int limit) -> Result<exports::ExportPage> {
                                  f.after_id = after_id;
                                  f.limit = limit;
                                  MEDRISK_TRY(auto list, s.list(ctx, f));
                                  exports::ExportPage page;
                                  for (const auto& v : list) page.rows.push_back(to_json(v));
                                  if (!list.empty()) page.last_id = list.back().c.id;
                                  return page;
                                });
  });
  r.post("/api/v1/claims", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewClaim c;
    bool direct = body.contains("visit_policy_number");
    c.visit_policy_number = in.optional_string("visit_policy_number", 64);
    if (!direct) c.policy_id = in.integer("policy_id", 1, INT64_MAX);
    c.case_id = in.optional_integer("case_id", 1, INT64_MAX);
    c.patient_user_id = in.optional_integer("patient_user_id", 1, INT64_MAX);
    c.incident_date = in.date("incident_date");
    c.notice_date = in.optional_date("notice_date").value_or(clock.today());
    in.allow_only({"policy_id", "case_id", "patient_user_id", "visit_policy_number", "incident_date", "notice_date"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.file_claim(context_of(req, clock), c));
    return Response::json(201, to_json(v));
  });
  r.get("/api/v1/claims/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.get(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  });
  r.get("/api/v1/claims/{id}/events", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxListPage));
    MEDRISK_TRY(auto list, s.events(context_of(req, clock), id, page.after_id, page.limit));
    json out = json::array();
    for (const auto& e : list) out.push_back(to_json(e));
    return Response::json(200, http::page_json(list, out, page.limit));
  });
  // The claim's notices as PDFs, for the claim's readers (the same 404 for another organization).
  r.get("/api/v1/claims/{id}/refusal-notice/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.refusal_notice_pdf(context_of(req, clock), id));
    return documents::pdf_response(d, "claim-refusal-notice-" + std::to_string(id));
  });
  r.get("/api/v1/claims/{id}/settlement-notice/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto d, s.settlement_notice_pdf(context_of(req, clock), id));
    return documents::pdf_response(d, "claim-settlement-notice-" + std::to_string(id));
  });
  r.post("/api/v1/claims/{id}/materials-complete", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto v, s.materials_complete(context_of(req, clock), id));
    return Response::json(200, to_json(v));
  }, http::Access::authenticated, http::Body::none);
  r.post("/api/v1/claims/{id}/withdraw", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto reason = in.string("reason", kMaxTextCodePoints);
    in.allow_only({"reason"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.withdraw(context_of(req, clock), id, reason));
    return Response::json(200, to_json(v));
  });
}

void add_money_routes(http::Router& r, ClaimsService& s, const Clock& clock) {
  r.get("/api/v1/claims/{id}/reserves", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto list, s.reserves(context_of(req, clock), id));
    return items(list);
  });
  r.post("/api/v1/claims/{id}/reserves", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    ReserveInput r;
    r.amount_fen = in.money_fen("amount_fen", Money::zero(), kMaxAmount);
    r.reason = in.string("reason", kMaxTextCodePoints);
    if (const json* shares = in.array("shares", 10, false)) {
      r.shares.emplace();
      for (std::size_t i = 0; i < shares->size(); ++i) {
        JsonReader s((*shares)[i], in.path_of("shares") + "/" + std::to_string(i));
        r.shares->push_back({s.integer("insurer_org_id", 1, INT64_MAX), "", "", s.integer("share_bp", 1, 10000)});
        s.allow_only({"insurer_org_id", "share_bp"});
        in.merge(std::move(s));
      }
    }
    in.allow_only({"amount_fen", "reason", "shares"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.set_reserve(context_of(req, clock), id, r));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/claims/{id}/decision", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    DecisionInput d;
    d.outcome = in.one_of("outcome", {"approve", "partial", "deny"});
    d.amount_fen = in.optional_money_fen("amount_fen", Money::from_fen(1), kMaxAmount);
    if (const json* codes = in.array("reason_codes", kMaxReasonCodes, false))
      for (const auto& c : *codes) {
        if (c.is_string())
          d.reason_codes.push_back(c.get<std::string>());
        else
          in.add("reason_codes", "field_wrong_type");
      }
    d.note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    in.allow_only({"outcome", "amount_fen", "reason_codes", "note"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.decide(context_of(req, clock), id, d));
    return Response::json(200, to_json(v));
  });
  r.post("/api/v1/claims/{id}/decision/approval", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    bool approve = in.boolean("approve");
    auto note = in.optional_string("note", kMaxTextCodePoints).value_or("");
    in.allow_only({"approve", "note"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.approve_decision(context_of(req, clock), id, approve, note));
    return Response::json(200, to_json(v));
  });
}

void add_payment_routes(http::Router& r, ClaimsService& s, const Clock& clock) {
  r.get("/api/v1/claims/{id}/payments", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto list, s.payments(context_of(req, clock), id));
    return items(list);
  });
  r.post("/api/v1/claims/{id}/payments", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    NewPayment p;
    p.idempotency_key = std::string(req.header("idempotency-key"));
    if (p.idempotency_key.empty()) return Error::of(std::string(errors::idempotency_key_required));
    if (p.idempotency_key.size() > kMaxIdempotencyKeyLength)
      return Error::of("request_invalid").with("/Idempotency-Key", "field_too_long");
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    p.kind = in.one_of("kind", {"final", "advance"});
    p.amount_fen = in.money_fen("amount_fen", Money::from_fen(1), kMaxAmount);
    if (auto payee = in.optional_string("payee", 20)) {
      if (*payee != "patient" && *payee != "institution") in.add("payee", "field_value_not_allowed");
      p.payee = *payee;
    }
    if (const json* account = in.object("bank_account")) {
      JsonReader a(*account, in.path_of("bank_account"));
      p.account.holder = a.string("holder", 100);
      p.account.bank = a.string("bank", 100);
      p.account.number = a.string("number", 34);
      bool digits =
          p.account.number.size() >= 8 && p.account.number.find_first_not_of("0123456789 ") == std::string::npos;
      if (a.ok() && !digits) a.add("number", std::string(errors::bank_account_invalid));
      a.allow_only({"holder", "bank", "number"});
      in.merge(std::move(a));
    }
    in.allow_only({"kind", "amount_fen", "payee", "bank_account"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto r, s.instruct_payment(context_of(req, clock), id, p));
    return Response::json(r.created ? 201 : 200, to_json(r.payment));
  });
  r.post("/api/v1/claims/{id}/payments/{pid}/retry", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    MEDRISK_TRY(auto pid, id_param(req, "pid"));
    MEDRISK_TRY(auto p, s.retry_payment(context_of(req, clock), id, pid));
    return Response::json(200, to_json(p));
  }, http::Access::authenticated, http::Body::none);
}

}  // namespace

// The export's columns: keys of the list item's JSON, money in yuan with the currency format.
const std::vector<exports::Column>& export_columns() {
  using exports::Type;
  static const std::vector<exports::Column> columns = {
      {"claim_number", "理赔编号", "Claim number", Type::text, 18},
      {"state", "状态", "State", Type::text, 14},
      {"source", "来源", "Source", Type::text, 12},
      {"policy_number", "保单号", "Policy number", Type::text, 20},
      {"product_code", "产品", "Product", Type::text, 16},
      {"case_id", "纠纷案件编号", "Case", Type::integer, 12},
      {"incident_date", "出险日期", "Incident date", Type::date, 12},
      {"notice_date", "报案日期", "Notice date", Type::date, 12},
      {"agreed_amount_fen", "协议或判决金额（元）", "Agreed amount (CNY)", Type::money_fen, 18},
      {"payable_fen", "核定赔款（元）", "Payable (CNY)", Type::money_fen, 16},
      {"outstanding_fen", "未决赔款（元）", "Outstanding (CNY)", Type::money_fen, 16},
      {"paid_fen", "已付赔款（元）", "Paid (CNY)", Type::money_fen, 16},
      {"incurred_fen", "已发生赔款（元）", "Incurred (CNY)", Type::money_fen, 16},
      {"per_incident_limit_fen", "每次事故限额（元）", "Per-incident limit (CNY)", Type::money_fen, 18},
      {"deductible_fen", "免赔额（元）", "Deductible (CNY)", Type::money_fen, 14},
      {"payee", "领款人", "Payee", Type::text, 12},
      {"created_at", "立案时间", "Opened at", Type::timestamp, 18}};
  return columns;
}

void add_routes(http::Router& router, ClaimsService& service, const Clock& clock) {
  add_report_routes(router, service, clock);  // literal paths before /claims/{id}
  add_claim_routes(router, service, clock);
  add_money_routes(router, service, clock);
  add_payment_routes(router, service, clock);
}

}  // namespace medrisk::claims
