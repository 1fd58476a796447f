// HTTP ↔ risk service: decode the query, call one service function, encode.
#include "modules/risk/routes.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "modules/risk/errors.hpp"
#include "platform/http/params.hpp"

namespace medrisk::risk {
namespace {

using http::context_of;
using http::id_param;
using http::id_query;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr std::size_t kMaxImportBodyBytes = 64u << 20;  // ~500,000 CSV rows of exposure
constexpr int kMaxListLimit = 500;

json number(double v) { return std::isfinite(v) ? json(std::round(v * 1e6) / 1e6) : json(nullptr); }

json to_json(const MeasureRate& m) {
  return {{"events", number(m.events)}, {"rate", number(m.rate)}, {"z", number(m.z)},
          {"credibility_rate", number(m.credibility_rate)}, {"coefficient", number(m.coefficient)}};
}

json to_json(const StructuralParameters& p) {
  return {{"province_rate", number(p.province_rate)}, {"s2", number(p.s2)}, {"a", number(p.a)},
          {"k", p.k ? number(*p.k) : json(nullptr)}, {"units", p.units}};
}

json to_json(const RatesReport& r, double per) {
  json province = json::array();
  for (const auto& p : r.province_rows) {
    json m = json::object();
    for (const auto& [name, params] : p.parameters) {
      m[name] = to_json(params);
      m[name]["events"] = number(p.events.at(name));
    }
    province.push_back({{"department", p.department}, {"exposure_units", number(p.exposure_units)}, {"measures", m}});
  }
  json items = json::array();
  for (const auto& row : r.rows) {
    json m = json::object();
    for (const auto& [name, rate] : row.measures) m[name] = to_json(rate);
    items.push_back({{"organization_id", row.organization_id}, {"organization_name", row.organization_name},
                     {"department", row.department}, {"exposure_units", number(row.exposure_units)}, {"measures", m}});
  }
  return {{"level", r.level}, {"from", r.from_month}, {"to", r.to_month}, {"province", r.province},
          {"rate_per_units", per}, {"province_rows", province}, {"items", items}};
}

json to_json(const ImportReport& r) {
  json issues = json::array();
  for (const auto& i : r.issues)
    issues.push_back({{"row", i.row}, {"column", i.column}, {"code", i.code}});
  return {{"id", r.id}, {"source", r.source}, {"file_name", r.file_name},
          {"organization_id", http::nullable(r.organization_id)}, {"status", r.status}, {"rows", r.rows},
          {"replaced", r.replaced}, {"issues", issues}, {"created_at", r.created_at}};
}

// from/to (YYYY-MM); by default the 36 months before this one.
std::pair<std::string, std::string> period(const Request& req, const Clock& clock) {
  std::string this_month = clock.today().to_string().substr(0, 7);
  std::string to = req.query_param("to").value_or("");
  std::string from = req.query_param("from").value_or("");
  if (to.empty()) to = add_months(this_month, -1);
  if (from.empty()) from = is_month(to) ? add_months(to, -35) : to;
  return {from, to};
}

Result<int> limit_of(const Request& req, int fallback) {
  auto v = req.query_param("limit");
  if (!v || v->empty()) return fallback;
  auto n = http::positive_id(*v);
  if (!n || *n > kMaxListLimit)
    return Error::of(std::string(kernel_errors::request_invalid)).with("/limit", std::string(kernel_errors::field_out_of_range));
  return static_cast<int>(*n);
}

Result<RatesQuery> rates_query(const Request& req, const Clock& clock) {
  RatesQuery q;
  q.level = req.query_param("level").value_or("department");
  std::tie(q.from_month, q.to_month) = period(req, clock);
  MEDRISK_TRY(q.organization_id, id_query(req, "organization_id"));
  if (auto d = req.query_param("department"); d && !d->empty()) q.department = *d;
  return q;
}

}  // namespace

void add_routes(http::Router& r, RiskService& s, const Clock& clock) {
  r.get("/api/v1/risk/rates", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(RatesQuery q, rates_query(req, clock));
    MEDRISK_TRY(auto report, s.rates(context_of(req, clock), q));
    return Response::json(200, to_json(report, s.params().rate_per_units));
  });
  // The coefficients alone (credibility-weighted rate ÷ province rate), per unit and measure.
  r.get("/api/v1/risk/coefficients", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(RatesQuery q, rates_query(req, clock));
    MEDRISK_TRY(auto report, s.rates(context_of(req, clock), q));
    json items = json::array();
    for (const auto& row : report.rows) {
      json c = json::object(), z = json::object();
      for (const auto& [name, m] : row.measures) {
        c[name] = number(m.coefficient);
        z[name] = number(m.z);
      }
      items.push_back({{"organization_id", row.organization_id}, {"organization_name", row.organization_name},
                       {"department", row.department}, {"coefficients", c}, {"z", z}});
    }
    return Response::json(200, {{"level", report.level}, {"from", report.from_month}, {"to", report.to_month},
                                {"items", items}});
  });
  r.get("/api/v1/risk/clinicians/{id}/history", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, id_param(req, "id"));
    auto [from, to] = period(req, clock);
    MEDRISK_TRY(auto h, s.clinician_history(context_of(req, clock), id, from, to));
    json months = json::array();
    for (const auto& e : h.by_month)
      months.push_back({{"measure", e.measure}, {"month", e.month}, {"department", e.department},
                        {"organization_id", e.organization_id}, {"value", number(e.value)}});
    json totals = json::object();
    for (const auto& [k, v] : h.totals) totals[k] = number(v);
    return Response::json(200, {{"clinician_user_id", h.clinician_user_id}, {"display_name", h.display_name},
                                {"organization_id", h.organization_id}, {"from", h.from_month}, {"to", h.to_month},
                                {"totals", totals}, {"items", months}});
  });
  r.get("/api/v1/risk/exposure", [&s, &clock](Request& req) -> Result<Response> {
    ExposureQuery q;
    std::tie(q.from_month, q.to_month) = period(req, clock);
    MEDRISK_TRY(q.organization_id, id_query(req, "organization_id"));
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxListLimit));
    q.after_id = page.after_id;
    q.limit = page.limit;
    MEDRISK_TRY(auto rows, s.exposure(context_of(req, clock), q));
    json items = json::array();
    for (const auto& row : rows)
      items.push_back({{"id", row.id}, {"organization_id", row.r.organization_id}, {"department", row.r.department},
                       {"month", row.r.month}, {"outpatient_visits", row.r.outpatient_visits},
                       {"discharges", row.r.discharges}, {"bed_days", row.r.bed_days},
                       {"operations", row.r.operations}, {"exposure_units", number(exposure_units(row.r, s.params()))},
                       {"import_id", row.r.import_id}, {"updated_at", row.updated_at}});
    return Response::json(200, http::page_json(items, rows.size(), q.limit, rows.empty() ? 0 : rows.back().id));
  });
  r.get("/api/v1/risk/imports", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(int limit, limit_of(req, 50));
    MEDRISK_TRY(auto list, s.imports(context_of(req, clock), limit));
    json items = json::array();
    for (const auto& i : list) items.push_back(to_json(i));
    return Response::json(200, {{"items", items}});
  });
  // Hospital systems: a CSV file signed like POST /visit-policies (X-MedRisk-Key, -Timestamp, -Nonce, -Signature).
  http::Route upload;
  upload.method = http::Method::post;
  upload.pattern = "/api/v1/risk/exposure";
  upload.access = http::Access::public_;
  upload.body = http::Body::raw;
  upload.max_body_bytes = kMaxImportBodyBytes;
  upload.handler = [&s](Request& req) -> Result<Response> {
    insurance::SignedRequest signed_req{std::string(http::to_string(req.method)), req.path, req.body,
                                        std::string(req.header("x-medrisk-key")),
                                        std::string(req.header("x-medrisk-timestamp")),
                                        std::string(req.header("x-medrisk-nonce")),
                                        std::string(req.header("x-medrisk-signature"))};
    MEDRISK_TRY(auto report, s.import_csv_partner(signed_req, req.request_id));
    return Response::json(201, to_json(report));
  };
  r.add(std::move(upload));
}

}  // namespace medrisk::risk
