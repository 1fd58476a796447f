// HTTP ↔ VisitPolicyService: verify the partner signature, decode the visits, issue, encode.
#include "modules/insurance/visit_routes.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "kernel/errors.hpp"
#include "kernel/json.hpp"
#include "platform/http/params.hpp"
#include "modules/accounts/api.hpp"
#include "modules/insurance/visit_errors.hpp"
#include "modules/insurance/visit_rules.hpp"

namespace medrisk::insurance {
namespace {

using http::context_of;

using nlohmann::json;
using http::Request;
using http::Response;

constexpr std::size_t kBatchMaxBodyBytes = 2 << 20;  // 1,000 visits of ~300 bytes, with room

json to_json(const VisitPolicy& p) {
  return {{"id", p.id}, {"policy_number", p.policy_number}, {"organization_id", p.organization_id},
          {"visit_id", p.visit_id}, {"department", p.department}, {"visit_date", p.visit_date.to_string()},
          {"cover_start", p.cover_start.to_string()}, {"cover_end", p.cover_end.to_string()},
          {"product_code", p.product_code}, {"product_version", p.product_version}, {"premium_fen", p.premium.fen()},
          {"sum_insured_fen", p.sum_insured.fen()}, {"status", p.status}, {"created_at", p.created_at},
          {"patient_masked", p.patient_masked}};
}

json to_json(const Issued& i) {
  json j = to_json(i.policy);
  j["created"] = i.created;
  return j;
}

SignedRequest signed_request(const Request& req) {
  return {std::string(http::to_string(req.method)), req.path, req.body,
          std::string(req.header("x-medrisk-key")), std::string(req.header("x-medrisk-timestamp")),
          std::string(req.header("x-medrisk-nonce")), std::string(req.header("x-medrisk-signature"))};
}

// One visit object; violations are collected into `in` (prefixed with the item's path).
NewVisit read_visit(JsonReader& in, Date today) {
  NewVisit v;
  v.visit_id = in.string("visit_id", kVisitIdMaxLength);
  auto id_number = in.optional_string("patient_id_number", 18);
  auto phone = in.optional_string("patient_phone", 20);
  v.department = in.string("department", kDepartmentMaxLength);
  v.visit_date = in.date("visit_date");
  in.allow_only({"visit_id", "patient_id_number", "patient_phone", "department", "visit_date"});
  if (!v.visit_id.empty() && !is_valid_visit_id(v.visit_id)) in.add("visit_id", visit_errors::visit_id_invalid);
  if (!id_number && !phone) in.add("patient_id_number", visit_errors::patient_identifier_required);
  if (id_number) {
    auto n = normalize_id_number(*id_number);
    if (n.ok()) v.id_number = *n;
    else in.add("patient_id_number", visit_errors::id_number_invalid);
  }
  if (phone) {
    auto n = accounts::normalize_phone(*phone);
    if (n.ok()) v.phone = *n;
    else in.add("patient_phone", "phone_invalid");
  }
  if (in.ok() && !check_visit_date(v.visit_date, today).ok()) in.add("visit_date", visit_errors::visit_date_out_of_window);
  return v;
}

Result<std::vector<NewVisit>> read_batch(const json& body, Date today) {
  const json* items = body.is_object() ? &body["visits"] : nullptr;
  if (!items || !items->is_array())
    return Error::of(std::string(kernel_errors::request_invalid)).with("/visits", std::string(kernel_errors::field_required));
  if (items->empty()) return Error::of(std::string(visit_errors::visit_batch_empty));
  if (items->size() > kMaxVisitsPerBatch)
    return Error::of(std::string(visit_errors::visit_batch_too_large), std::to_string(items->size()) + " visits");
  JsonReader top(body);
  top.allow_only({"visits"});
  std::vector<NewVisit> out;
  std::vector<Violation> wrong_type;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    std::string path = "/visits/" + std::to_string(i);
    if (!item.is_object()) {
      wrong_type.push_back({path, std::string(kernel_errors::field_wrong_type), "a visit is an object"});
      continue;
    }
    JsonReader in(item, path);
    out.push_back(read_visit(in, today));
    if (!out.back().visit_id.empty() && !seen.insert(out.back().visit_id).second)
      in.add("visit_id", visit_errors::visit_id_duplicate_in_batch);
    top.merge(std::move(in));
  }
  Status st = top.finish();
  if (st.ok() && wrong_type.empty()) return out;
  Error e = st.ok() ? Error::of(std::string(kernel_errors::request_invalid)) : st.take_error();
  for (auto& v : wrong_type) e.violations.push_back(std::move(v));
  return e;
}

void add_partner_routes(http::Router& r, VisitPolicyService& s, const Clock& clock) {
  // Answered when the group holding this request commits (VisitPolicyService::issue_one_async): the
  // worker thread that checked the signature and the body is free again at once.
  http::Route single;
  single.method = http::Method::post;
  single.pattern = "/api/v1/visit-policies";
  single.access = http::Access::public_;
  single.async_handler = [&s, &clock](Request& req, http::Reply reply) {
    auto checked = [&]() -> Result<std::pair<PartnerIdentity, NewVisit>> {
      MEDRISK_TRY(PartnerIdentity partner, s.authenticate(signed_request(req)));
      MEDRISK_TRY(json body, req.json_body());
      JsonReader in(body);
      NewVisit v = read_visit(in, clock.today());
      MEDRISK_CHECK(in.finish());
      return std::pair{std::move(partner), std::move(v)};
    }();
    if (!checked.ok()) return reply(checked.take_error());
    s.issue_one_async(checked->first, std::string(req.header("x-medrisk-nonce")), checked->second, req.request_id,
                      [reply = std::move(reply)](Result<Issued> issued) {
                        if (!issued.ok()) return reply(issued.take_error());
                        reply(Response::json(issued->created ? 201 : 200, to_json(*issued)));
                      });
  };
  r.add(std::move(single));

  http::Route batch;
  batch.method = http::Method::post;
  batch.pattern = "/api/v1/visit-policies/batch";
  batch.access = http::Access::public_;
  batch.max_body_bytes = kBatchMaxBodyBytes;
  batch.handler = [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(PartnerIdentity partner, s.authenticate(signed_request(req)));
    MEDRISK_TRY(json body, req.json_body());
    MEDRISK_TRY(auto visits, read_batch(body, clock.today()));
    MEDRISK_TRY(auto issued, s.issue(partner, std::string(req.header("x-medrisk-nonce")), visits, req.request_id));
    json items = json::array();
    int created = 0;
    for (const auto& i : issued) {
      items.push_back(to_json(i));
      created += i.created ? 1 : 0;
    }
    json out{{"items", items}, {"created_count", created},
             {"existing_count", static_cast<int>(issued.size()) - created}};
    return Response::json(created > 0 ? 201 : 200, out);
  };
  r.add(std::move(batch));
}

Result<std::int64_t> int_query(const Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                               std::int64_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  try {
    std::size_t used = 0;
    long long n = std::stoll(*v, &used);
    if (used == v->size() && n >= min && n <= max) return static_cast<std::int64_t>(n);
  } catch (const std::exception&) {
  }
  return Error::of(std::string(kernel_errors::request_invalid))
      .with("/" + std::string(name), std::string(kernel_errors::field_out_of_range));
}

void add_list_routes(http::Router& r, VisitPolicyService& s, const Clock& clock) {
  r.get("/api/v1/visit-policies", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t before, int_query(req, "cursor", 0, 1, INT64_MAX));
    MEDRISK_TRY(std::int64_t limit, int_query(req, "limit", kDefaultVisitPageSize, 1, kMaxVisitPageSize));
    MEDRISK_TRY(auto policies, s.list(context_of(req, clock), before,
                                      static_cast<int>(limit)));
    json items = json::array();
    for (const auto& p : policies) items.push_back(to_json(p));
    json out{{"items", items}, {"next_cursor", nullptr}};
    if (static_cast<std::int64_t>(policies.size()) == limit) out["next_cursor"] = std::to_string(policies.back().id);
    return Response::json(200, out);
  });
}

json to_json(const PartnerKey& k) {
  return {{"key_id", k.key_id}, {"organization_id", k.organization_id}, {"created_at", k.created_at},
          {"revoked_at", k.revoked_at ? json(*k.revoked_at) : json(nullptr)}};
}

void add_key_routes(http::Router& r, VisitPolicyService& s, const Clock& clock) {
  r.post("/api/v1/partner-keys", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    auto org = in.integer("organization_id", 1, INT64_MAX);
    in.allow_only({"organization_id"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(NewPartnerKey k, s.create_partner_key(context_of(req, clock), org));
    json out = to_json(k.key);
    out["secret"] = k.secret;  // shown once
    return Response::json(201, out);
  });
  r.get("/api/v1/partner-keys", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(std::int64_t org, int_query(req, "organization_id", 0, 1, INT64_MAX));
    MEDRISK_TRY(auto keys, s.list_partner_keys(context_of(req, clock), org));
    json items = json::array();
    for (const auto& k : keys) items.push_back(to_json(k));
    return Response::json(200, json{{"items", items}});
  });
  r.post("/api/v1/partner-keys/{key_id}/revoke", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_CHECK(s.revoke_partner_key(context_of(req, clock),
                                       std::string(req.param("key_id"))));
    return Response::no_content();
  }, http::Access::authenticated, http::Body::none);
}

}  // namespace

void add_visit_routes(http::Router& router, VisitPolicyService& service, const Clock& clock) {
  add_partner_routes(router, service, clock);
  add_list_routes(router, service, clock);
  add_key_routes(router, service, clock);
}

}  // namespace medrisk::insurance
