// HTTP ↔ compensation service: decode, call one service function, encode.
#include "modules/compensation/routes.hpp"
#include "platform/documents/http.hpp"
#include "platform/http/params.hpp"

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/compensation/codec.hpp"

namespace medrisk::compensation {
namespace {

using http::context_of;
using http::id_param;

using http::Request;
using http::Response;
using nlohmann::json;



Result<std::int64_t> positive_query(const Request& req, std::string_view name, bool required, std::int64_t fallback) {
  auto v = req.query_param(name);
  if (!v || v->empty()) {
    if (required) return Error::of("request_invalid").with("/" + std::string(name), "field_required");
    return fallback;
  }
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size() && n > 0) return static_cast<std::int64_t>(n);
  } catch (const std::exception&) {
  }
  return Error::of("request_invalid").with("/" + std::string(name), "field_wrong_type", "a positive integer");
}

Result<NewCalculation> decode_new(const json& body) {
  JsonReader in(body);
  NewCalculation n;
  n.case_id = in.integer("case_id", 1, INT64_MAX);
  n.label = in.optional_string("label", 100).value_or("");
  if (const json* orgs = in.array("organization_ids", kMaxOrganizationsPerCalculation, false)) {
    for (std::size_t i = 0; i < orgs->size(); ++i) {
      if (!(*orgs)[i].is_number_integer() || (*orgs)[i].get<std::int64_t>() <= 0)
        in.add("organization_ids", "field_wrong_type", "positive integers");
      else n.organization_ids.push_back((*orgs)[i].get<std::int64_t>());
    }
  }
  if (const json* input = in.object("input")) {
    JsonReader sub(*input, in.path_of("input"));
    decode_input(sub, n.input);
    in.merge(std::move(sub));
    n.input_json = input->dump();
  }
  in.allow_only({"case_id", "label", "organization_ids", "input"});
  MEDRISK_CHECK(in.finish());
  return n;
}

}  // namespace

void add_routes(http::Router& r, CompensationService& s, const Clock& clock) {
  r.get("/api/v1/compensation/parameters", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(ParameterSet p, s.read_parameters(context_of(req, clock)));
    return Response::json(200, to_json(p));
  });

  r.post("/api/v1/compensation/calculate", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    CompensationInput input;
    decode_input(in, input);
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(Calculation c, s.calculate(context_of(req, clock), input));
    return Response::json(200, to_json(c));
  });

  r.post("/api/v1/compensation/calculations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(NewCalculation n, decode_new(body));
    MEDRISK_TRY(SavedCalculation saved, s.save(context_of(req, clock), n));
    return Response::json(201, to_json(saved));
  });

  r.get("/api/v1/compensation/calculations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t case_id, positive_query(req, "case_id", true, 0));
    MEDRISK_TRY(http::Page page, http::page_params(req, kMaxPageSize));
    MEDRISK_TRY(auto list, s.list_by_case(context_of(req, clock), case_id, page.after_id, page.limit));
    json items = json::array();
    for (const auto& c : list) items.push_back(to_json(c));
    return Response::json(200, http::page_json(list, items, page.limit));
  });

  r.get("/api/v1/compensation/calculations/{id}/document.pdf", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(auto d, s.calculation_pdf(context_of(req, clock), id));
    return documents::pdf_response(d, "compensation-calculation-" + std::to_string(id));
  });
  r.get("/api/v1/compensation/calculations/{id}", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t id, id_param(req));
    MEDRISK_TRY(SavedCalculation c, s.get(context_of(req, clock), id));
    return Response::json(200, to_json(c));
  });
}

}  // namespace medrisk::compensation
