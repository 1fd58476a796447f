// HTTP ↔ ComplianceService: decode the filter, list, encode.
#include "modules/insurance/compliance_routes.hpp"

#include <nlohmann/json.hpp>

#include "modules/insurance/api.hpp"
#include "modules/insurance/visit_errors.hpp"
#include "platform/exports/xlsx.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;
using http::Request;
using http::Response;

constexpr int kMaxCompliancePage = 200;

json date_or_null(const std::optional<Date>& d) { return d ? json(d->to_string()) : json(nullptr); }

json to_json(const Obligation& o) {
  return {{"id", o.id}, {"rule_id", o.rule_id}, {"subject_kind", o.subject_kind}, {"product_kind", o.product_kind},
          {"region_code", o.region_code}, {"organization_id", o.organization_id},
          {"organization_name", o.organization_name},
          {"clinician_user_id", o.clinician_user_id ? json(o.clinician_user_id) : json(nullptr)},
          {"obliged_since", o.obliged_since.to_string()}, {"status", o.status},
          {"clock_start", date_or_null(o.clock_start)}, {"deadline", date_or_null(o.deadline)},
          {"last_covered_on", date_or_null(o.last_covered_on)}, {"warned_on", date_or_null(o.warned_on)},
          {"escalated_on", date_or_null(o.escalated_on)}, {"checked_on", date_or_null(o.checked_on)}};
}

Result<std::optional<std::int64_t>> positive(const Request& req, std::string_view name, std::int64_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>{};
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size() && n >= 1 && n <= max) return std::optional<std::int64_t>(n);
  } catch (const std::exception&) {
  }
  return Error::of(std::string(visit_errors::compliance_filter_invalid)).with("/" + std::string(name), "field_out_of_range");
}

Result<ComplianceFilter> filter_of(const Request& req) {
  ComplianceFilter f;
  MEDRISK_TRY(f.organization_id, positive(req, "organization_id", INT64_MAX));
  MEDRISK_TRY(auto cursor, positive(req, "cursor", INT64_MAX));
  MEDRISK_TRY(auto limit, positive(req, "limit", kMaxCompliancePage));
  f.before_id = cursor.value_or(0);
  f.limit = static_cast<int>(limit.value_or(50));
  if (auto s = req.query_param("status"); s && !s->empty()) {
    if (*s != "compliant" && *s != "within_grace" && *s != "overdue" && *s != "escalated")
      return Error::of(std::string(visit_errors::compliance_filter_invalid)).with("/status", "field_value_not_allowed");
    f.status = *s;
  }
  return f;
}

}  // namespace

// The columns of GET /compliance.xlsx: keys of the list item's JSON.
const std::vector<exports::Column>& compliance_export_columns() {
  using exports::Type;
  static const std::vector<exports::Column> columns = {
      {"organization_name", "医疗机构", "Institution", Type::text, 24},
      {"organization_id", "机构编号", "Institution id", Type::integer, 10},
      {"clinician_user_id", "医务人员编号", "Clinician id", Type::integer, 12},
      {"rule_id", "规则", "Rule", Type::text, 20},
      {"product_kind", "险种", "Product kind", Type::text, 12},
      {"region_code", "行政区划", "Region", Type::text, 10},
      {"status", "状态", "Status", Type::text, 14},
      {"obliged_since", "应投保起始日", "Obliged since", Type::date, 14},
      {"deadline", "期限", "Deadline", Type::date, 12},
      {"last_covered_on", "最后有保障日", "Last covered on", Type::date, 14},
      {"warned_on", "提醒日", "Warned on", Type::date, 12},
      {"escalated_on", "上报日", "Escalated on", Type::date, 12},
      {"checked_on", "检查日", "Checked on", Type::date, 12}};
  return columns;
}

void add_compliance_routes(http::Router& router, ComplianceService& service, const Clock& clock) {
  // The list as an Excel workbook: the same filters, permissions and service call (platform/exports).
  router.get("/api/v1/compliance.xlsx", [&service, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(ComplianceFilter f, filter_of(req));
    RequestContext ctx;
    if (req.actor) ctx.actor = *req.actor;
    ctx.request_id = req.request_id;
    ctx.lang = req.lang;
    ctx.clock = &clock;
    return exports::export_list(req.lang == "en-US" ? "Compliance" : "投保合规", compliance_export_columns(), req.lang,
                                "compliance", kMaxCompliancePage,
                                [&](std::int64_t after_id, int limit) -> Result<exports::ExportPage> {
                                  f.before_id = after_id;  // the list runs newest first
                                  f.limit = limit;
                                  MEDRISK_TRY(auto items, service.list(ctx, f));
                                  exports::ExportPage page;
                                  for (const auto& o : items) page.rows.push_back(to_json(o));
                                  if (!items.empty()) page.last_id = items.back().id;
                                  return page;
                                });
  });
  router.get("/api/v1/compliance", [&service, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(ComplianceFilter f, filter_of(req));
    RequestContext ctx;
    if (req.actor) ctx.actor = *req.actor;
    ctx.request_id = req.request_id;
    ctx.lang = req.lang;
    ctx.clock = &clock;
    MEDRISK_TRY(auto items, service.list(ctx, f));
    json out{{"items", json::array()}, {"next_cursor", nullptr}, {"rules_version", service.params().version},
             {"proof_days", service.params().proof_days}};
    for (const auto& o : items) out["items"].push_back(to_json(o));
    if (static_cast<int>(items.size()) == f.limit) out["next_cursor"] = std::to_string(items.back().id);
    return Response::json(200, out);
  });
}

}  // namespace medrisk::insurance
