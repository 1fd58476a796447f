// HTTP ↔ actuarial service: decode the body with JsonReader (every bad field at once), call one service
// function, encode with the engine's to_json (json.hpp) so the CLI's --json and the API agree.
#include "modules/actuarial/routes.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "platform/exports/xlsx.hpp"
#include "platform/http/params.hpp"
#include "modules/actuarial/json.hpp"

namespace medrisk::actuarial {
namespace {

using http::context_of;

using http::Request;
using http::Response;
using nlohmann::json;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A finite number in [min, max]; nullopt (with a violation when required) otherwise.
std::optional<double> number(JsonReader& in, const json& obj, std::string_view field, double min, double max,
                             bool required = false) {
  const auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) {
    if (required) in.add(field, "field_required");
    return std::nullopt;
  }
  if (!it->is_number()) {
    in.add(field, "field_wrong_type");
    return std::nullopt;
  }
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    in.add(field, "field_out_of_range", "expected a number in [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return v;
}

std::vector<double> numbers(JsonReader& in, std::string_view field, std::size_t max_items, double min, double max) {
  std::vector<double> out;
  const json* arr = in.array(field, max_items, false);
  if (arr == nullptr) return out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const json& v = (*arr)[i];
    const std::string at = std::string(field) + "/" + std::to_string(i);
    if (!v.is_number()) in.add(at, "field_wrong_type");
    else if (double d = v.get<double>(); !std::isfinite(d) || d < min || d > max) in.add(at, "field_out_of_range");
    else out.push_back(d);
  }
  return out;
}

std::optional<std::string> optional_choice(JsonReader& in, const json& obj, std::string_view field,
                                           std::initializer_list<std::string_view> allowed) {
  const auto it = obj.find(std::string(field));
  if (it == obj.end() || it->is_null()) return std::nullopt;
  return in.one_of(field, allowed);
}

// An origin label: a string, or an integer year as in most published triangles.
std::optional<std::string> origin_label(const json& v) {
  if (v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 40) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return std::nullopt;
}

void decode_cells(JsonReader& t, TriangleSource& s) {
  const json* cells = t.array("cells", kApiMaxCells, false);
  if (cells == nullptr) return;
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const std::string at = "cells/" + std::to_string(i);
    if (!(*cells)[i].is_object()) {
      t.add(at, "field_wrong_type");
      continue;
    }
    JsonReader c((*cells)[i], t.path_of(at));
    const auto origin = (*cells)[i].contains("origin") ? origin_label((*cells)[i]["origin"]) : std::nullopt;
    if (!origin) c.add("origin", "field_wrong_type", "a year or a label of at most 40 characters");
    const auto lag = c.integer("development", 1, static_cast<std::int64_t>(kMaxDevelopmentPeriods));
    const auto value = number(c, (*cells)[i], "value", -kInf, kInf, true);
    c.allow_only({"origin", "development", "value"});
    if (c.ok()) s.cells.push_back({*origin, static_cast<int>(lag), *value});
    t.merge(std::move(c));
  }
}

void decode_csv_options(JsonReader& t, const json& obj, CsvTriangleOptions& o) {
  o.origin_column = t.optional_string("origin_column", 100).value_or("");
  o.development_column = t.optional_string("development_column", 100).value_or("");
  o.value_column = t.optional_string("value_column", 100).value_or("");
  o.exposure_column = t.optional_string("exposure_column", 100).value_or("");
  if (auto k = optional_choice(t, obj, "development_kind", {"auto", "lag", "calendar"}))
    o.development = *k == "lag" ? DevelopmentKind::lag : *k == "calendar" ? DevelopmentKind::calendar : DevelopmentKind::automatic;
  if (const json* filters = t.object("filters", false)) {
    for (const auto& [column, value] : filters->items()) {
      if (!value.is_string()) t.add("filters/" + column, "field_wrong_type");
      else o.filters.emplace_back(column, value.get<std::string>());
    }
  }
}

void decode_triangle(JsonReader& in, ReservingRequest& r) {
  const json* obj = in.object("triangle");
  if (obj == nullptr) return;
  JsonReader t(*obj, in.path_of("triangle"));
  auto& s = r.source;
  if (auto p = optional_choice(t, *obj, "platform", {"accident", "report"})) {
    TriangleOrigin origin = TriangleOrigin::accident;
    parse_origin(*p, origin);
    s.platform = origin;
  }
  s.dataset = t.optional_string("dataset", 40);
  s.csv = t.optional_string("csv", kApiMaxCsvBytes);
  decode_cells(t, s);
  const int given =
      (obj->contains("platform") ? 1 : 0) + (s.dataset ? 1 : 0) + (s.csv ? 1 : 0) + (obj->contains("cells") ? 1 : 0);
  if (given != 1) t.add("dataset", "field_required", "give exactly one of platform, dataset, csv and cells");
  s.build.incremental_input = !t.optional_boolean("cumulative").value_or(true);
  s.build.allow_negative = t.optional_boolean("allow_negative").value_or(false);
  decode_csv_options(t, *obj, s.csv_options);
  s.csv_options.build = s.build;
  r.exposure_from_csv = !s.csv_options.exposure_column.empty();
  t.allow_only({"platform", "dataset", "csv", "cells", "cumulative", "allow_negative", "origin_column", "development_column",
                "value_column", "exposure_column", "development_kind", "filters"});
  in.merge(std::move(t));
}

void decode_exclusions(JsonReader& o, ReservingRequest& r) {
  const json* list = o.array("exclusions", kApiMaxExclusions, false);
  if (list == nullptr) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "exclusions/" + std::to_string(i);
    if (!(*list)[i].is_object()) {
      o.add(at, "field_wrong_type");
      continue;
    }
    JsonReader x((*list)[i], o.path_of(at));
    const auto origin = (*list)[i].contains("origin") ? origin_label((*list)[i]["origin"]) : std::nullopt;
    if (!origin) x.add("origin", "field_wrong_type");
    const auto lag = x.integer("lag", 1, static_cast<std::int64_t>(kMaxDevelopmentPeriods));
    x.allow_only({"origin", "lag"});
    if (x.ok()) r.exclusions.push_back({*origin, static_cast<int>(lag)});
    o.merge(std::move(x));
  }
}

void decode_options(JsonReader& in, ReservingRequest& r) {
  const json* obj = in.object("options", false);
  if (obj == nullptr) return;
  JsonReader o(*obj, in.path_of("options"));
  if (auto a = optional_choice(o, *obj, "average", {"volume", "simple", "regression"})) parse_average(*a, r.chain_ladder.average);
  r.chain_ladder.n_periods = static_cast<std::size_t>(
      o.optional_integer("periods", 0, static_cast<std::int64_t>(kMaxDevelopmentPeriods)).value_or(0));
  r.chain_ladder.tail = number(o, *obj, "tail", 0.5, 100).value_or(1.0);
  if (auto s = optional_choice(o, *obj, "sigma_rule", {"mack", "loglinear"})) parse_sigma_rule(*s, r.sigma_rule);
  r.tail_se = number(o, *obj, "tail_se", 0, 100);
  r.tail_sigma = number(o, *obj, "tail_sigma", 0, 1e12);
  decode_exclusions(o, r);
  o.allow_only({"average", "periods", "tail", "sigma_rule", "tail_se", "tail_sigma", "exclusions"});
  in.merge(std::move(o));
}

Result<ReservingRequest> decode_reserving(const json& body) {
  JsonReader in(body);
  ReservingRequest r;
  decode_triangle(in, r);
  if (auto b = optional_choice(in, body, "basis", {"paid", "incurred"})) parse_basis(*b, r.basis);
  parse_reserving_method(in.one_of("method", {"chainladder", "mack", "bf", "capecod"}), r.method);
  decode_options(in, r);
  r.exposure = numbers(in, "exposures", kMaxOrigins, 0, 1e18);
  r.apriori = numbers(in, "apriori_loss_ratios", kMaxOrigins, 0, 100);
  in.allow_only({"triangle", "basis", "method", "options", "exposures", "apriori_loss_ratios"});
  MEDRISK_CHECK(in.finish());
  return r;
}

json reserving_json(const ReservingOutcome& o, TriangleBasis basis) {
  json j = std::visit([](const auto& result) { return to_json(result); }, o.result);
  j["basis"] = std::string(to_string(basis));
  j["triangle"] = to_json(o.triangle);
  return j;
}

Result<AggregateRequest> decode_aggregate(const json& body) {
  JsonReader in(body);
  AggregateRequest r;
  r.frequency = in.string("frequency", 200);
  r.severity = in.string("severity", 20'000);
  if (auto m = optional_choice(in, body, "method", {"panjer", "fft", "mc"})) parse_aggregate_method(*m, r.options.method);
  if (auto d = optional_choice(in, body, "discretization", {"unbiased", "rounding"}))
    r.options.discretization = *d == "rounding" ? Discretization::rounding : Discretization::unbiased;
  r.options.span = number(in, body, "span", 0, 1e18).value_or(0);
  r.options.points = static_cast<std::size_t>(in.optional_integer("points", 2, std::int64_t{1} << 40).value_or(8192));
  r.options.draws = static_cast<std::size_t>(in.optional_integer("draws", 1, std::int64_t{1} << 40).value_or(100'000));
  r.options.seed = static_cast<std::uint64_t>(in.optional_integer("seed", 0, INT64_MAX).value_or(20240601));
  if (body.contains("levels")) r.levels = numbers(in, "levels", kApiMaxLevels, 1e-9, 1 - 1e-12);
  r.retentions = numbers(in, "retentions", kApiMaxRetentions, 0, 1e18);
  in.allow_only({"frequency", "severity", "method", "discretization", "span", "points", "draws", "seed", "levels",
                 "retentions"});
  MEDRISK_CHECK(in.finish());
  return r;
}

json aggregate_json(const AggregateRequest& r, const AggregateOutcome& o) {
  json j = to_json(o.distribution, o.levels);
  j["frequency"] = {{"spec", r.frequency}, {"mean", o.frequency.mean()}, {"variance", o.frequency.variance()}};
  const double sev_mean = o.severity.mean();
  j["severity"] = {{"spec", r.severity}, {"mean", std::isfinite(sev_mean) ? json(sev_mean) : json(nullptr)}};
  auto stop_loss = json::array();
  for (double d : o.retentions) stop_loss.push_back({{"retention", d}, {"premium", o.distribution.stop_loss(d)}});
  j["stop_loss"] = std::move(stop_loss);
  auto cdf = json::array();
  for (const auto& p : o.cdf) cdf.push_back({{"x", p.x}, {"cdf", p.cdf}});
  j["cdf"] = std::move(cdf);
  return j;
}

json dataset_json(const Dataset& d) {
  return {{"name", d.name}, {"title_zh", d.title_zh}, {"title_en", d.title_en}, {"basis", d.basis}, {"source", d.source}};
}

// A triangle as an Excel sheet: one row per origin, one column per development lag, amounts as numbers
// (the reference data sets are in their sources' units, not fen); empty cells stay empty.
Response triangle_xlsx(const Triangle& t, const Request& req, const std::string& file_stem,
                       TriangleOrigin origin = TriangleOrigin::accident) {
  std::vector<exports::Column> columns = {origin == TriangleOrigin::report
                                              ? exports::Column{"origin", "报案年度", "Report year", exports::Type::text, 12}
                                              : exports::Column{"origin", "事故年度", "Origin", exports::Type::text, 12}};
  for (std::size_t k = 0; k < t.n_dev; ++k) {
    const std::string lag = std::to_string(k + 1);
    columns.push_back({"lag" + lag, "第" + lag + "期", "Lag " + lag, exports::Type::number, 14});
  }
  exports::XlsxStream sheet(req.lang == "en-US" ? "Triangle" : "赔付三角形", columns, req.lang);
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    json row = {{"origin", t.origins[i]}};
    for (std::size_t k = 0; k < t.n_dev; ++k)
      if (std::isfinite(t.at(i, k))) row["lag" + std::to_string(k + 1)] = t.at(i, k);
    sheet.add(row);
  }
  auto rows = sheet.rows();
  return exports::xlsx_response(sheet.finish(), file_stem, rows);
}

// ?basis=paid|incurred&origin=accident|report of the platform triangle (paid, accident by default).
Result<std::pair<TriangleBasis, TriangleOrigin>> platform_query(const Request& req) {
  TriangleBasis basis = TriangleBasis::paid;
  if (!parse_basis(req.query_param("basis").value_or("paid"), basis))
    return Error::of("request_invalid").with("/basis", "field_value_not_allowed", "paid or incurred");
  TriangleOrigin origin = TriangleOrigin::accident;
  if (!parse_origin(req.query_param("origin").value_or("accident"), origin))
    return Error::of("request_invalid").with("/origin", "field_value_not_allowed", "accident or report");
  return std::pair{basis, origin};
}

void add_dataset_routes(http::Router& router, ActuarialService& s, const Clock& clock) {
  router.get("/api/v1/actuarial/datasets", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto list, s.datasets(context_of(req, clock)));
    json items = json::array();
    for (const auto& d : list) items.push_back(dataset_json(d));
    return Response::json(200, {{"items", std::move(items)}});
  });

  router.get("/api/v1/actuarial/datasets/{name}/triangle", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto found, s.dataset_triangle(context_of(req, clock), std::string(req.param("name"))));
    return Response::json(200, {{"dataset", dataset_json(found.first)}, {"triangle", to_json(found.second)}});
  });

  // The same triangles as Excel sheets, with the same permission and errors as the JSON.
  router.get("/api/v1/actuarial/datasets/{name}/triangle.xlsx", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto found, s.dataset_triangle(context_of(req, clock), std::string(req.param("name"))));
    return triangle_xlsx(found.second, req, "triangle-" + found.first.name);
  });

  router.get("/api/v1/actuarial/triangles/platform.xlsx", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto query, platform_query(req));
    MEDRISK_TRY(PlatformTriangle t, s.platform_triangle(context_of(req, clock), query.first, query.second));
    return triangle_xlsx(t.triangle, req,
                         std::string("triangle-platform-") + std::string(to_string(t.basis)) +
                             (t.origin == TriangleOrigin::report ? "-report" : ""),
                         t.origin);
  });

  router.get("/api/v1/actuarial/triangles/platform", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto query, platform_query(req));
    MEDRISK_TRY(PlatformTriangle t, s.platform_triangle(context_of(req, clock), query.first, query.second));
    return Response::json(200, {{"basis", std::string(to_string(t.basis))}, {"origin", std::string(to_string(t.origin))},
                                {"available", t.available}, {"note", t.note ? json(*t.note) : json(nullptr)},
                                {"triangle", to_json(t.triangle)}});
  });
}

}  // namespace

void add_routes(http::Router& router, ActuarialService& s, const Clock& clock) {
  http::Route reserving;
  reserving.method = http::Method::post;
  reserving.pattern = "/api/v1/actuarial/reserving";
  reserving.max_body_bytes = kApiMaxBodyBytes;
  reserving.handler = [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(ReservingRequest r, decode_reserving(body));
    MEDRISK_TRY(ReservingOutcome o, s.reserve(context_of(req, clock), r));
    return Response::json(200, reserving_json(o, r.basis));
  };
  router.add(std::move(reserving));

  router.post("/api/v1/actuarial/aggregate", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(AggregateRequest r, decode_aggregate(body));
    MEDRISK_TRY(AggregateOutcome o, s.aggregate_loss(context_of(req, clock), r));
    return Response::json(200, aggregate_json(r, o));
  });
  add_dataset_routes(router, s, clock);
}

}  // namespace medrisk::actuarial
