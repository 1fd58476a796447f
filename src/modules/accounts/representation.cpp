// Legal representation (see representation.hpp): the bases file, the pure rules, the SQL of the
// representations table (migration 210), the use cases and their routes.
#include "modules/accounts/representation.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/accounts/directory.hpp"
#include "modules/accounts/errors.hpp"
#include "modules/accounts/rules.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/db/rows.hpp"
#include "platform/http/params.hpp"
#include "platform/http/router.hpp"

namespace medrisk::accounts {
namespace {

using nlohmann::json;

constexpr const char* kSelect =
    "SELECT id, patient_user_id, representative_user_id, basis, valid_from, valid_until, evidence_ref, "
    "created_by_user_id, created_at, revoked_at, revoked_by_user_id FROM representations ";

Representation read_row(const soci::row& r) {
  Representation x;
  x.id = db::int64_at(r, 0);
  x.patient_user_id = db::int64_at(r, 1);
  x.representative_user_id = db::int64_at(r, 2);
  x.basis = r.get<std::string>(3);
  x.valid_from = r.get<std::string>(4);
  x.valid_until = db::opt_string_at(r, 5);
  x.evidence_ref = r.get<std::string>(6);
  x.created_by_user_id = db::int64_at(r, 7);
  x.created_at = r.get<std::string>(8);
  x.revoked_at = db::opt_string_at(r, 9);
  x.revoked_by_user_id = db::opt_int64_at(r, 10);
  return x;
}

std::vector<Representation> select_where(db::Tx& tx, const std::string& where, long long a, long long b = 0) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string(kSelect) + where + " ORDER BY id DESC LIMIT " +
                               std::to_string(representation::kMaxPerUser),
       soci::use(a), soci::use(b));
  std::vector<Representation> out;
  for (const auto& r : rows) out.push_back(read_row(r));
  return out;
}

std::optional<Representation> find(db::Tx& tx, std::int64_t id) {
  auto v = select_where(tx, "WHERE id = :a AND :b = 0", id);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::int64_t insert(db::Tx& tx, const Representation& r) {
  long long id = 0, p = r.patient_user_id, rep = r.representative_user_id, by = r.created_by_user_id;
  db::NullableText until(r.valid_until);
  tx.sql() << "INSERT INTO representations (patient_user_id, representative_user_id, basis, valid_from, valid_until, "
              "evidence_ref, created_by_user_id, created_at) VALUES (:p, :r, :b, :f, :u, :e, :by, :at) RETURNING id",
      soci::use(p), soci::use(rep), soci::use(r.basis), soci::use(r.valid_from), soci::use(until.v, until.ind),
      soci::use(r.evidence_ref), soci::use(by), soci::use(r.created_at), soci::into(id);
  return id;
}

json audit_view(const Representation& r) {
  return {{"patient_user_id", r.patient_user_id},
          {"representative_user_id", r.representative_user_id},
          {"basis", r.basis},
          {"valid_from", r.valid_from},
          {"valid_until", r.valid_until ? json(*r.valid_until) : json(nullptr)},
          {"evidence_ref", r.evidence_ref},
          {"revoked_at", r.revoked_at ? json(*r.revoked_at) : json(nullptr)}};
}

void fill_names(db::Tx& tx, std::vector<Representation>& list) {
  std::vector<std::int64_t> ids;
  for (const auto& r : list) {
    ids.push_back(r.patient_user_id);
    ids.push_back(r.representative_user_id);
  }
  auto names = directory::display_names(tx, ids);
  for (auto& r : list) {
    r.patient_name = names[r.patient_user_id];
    r.representative_name = names[r.representative_user_id];
  }
}

bool manages(const Actor& a) { return a.has("representations.manage"); }

}  // namespace

std::vector<RepresentationBasis> load_representation_bases(const std::filesystem::path& dir) {
  std::ifstream in(dir / "representation_bases.json");
  if (!in) throw std::runtime_error("cannot read " + (dir / "representation_bases.json").string());
  json j = json::parse(in);
  std::vector<RepresentationBasis> out;
  for (const auto& b : j.at("bases"))
    out.push_back({b.at("id").get<std::string>(), b.at("zh-CN").get<std::string>(), b.at("en-US").get<std::string>(),
                   b.at("source").get<std::string>(), b.at("requires_valid_until").get<bool>()});
  if (out.empty()) throw std::runtime_error("representation_bases.json: no bases");
  return out;
}

// ---------------------------------------------------------------- rules

Status check_new_representation(const NewRepresentation& r, const std::vector<RepresentationBasis>& bases, Date today) {
  auto basis = std::find_if(bases.begin(), bases.end(), [&](const RepresentationBasis& b) { return b.id == r.basis; });
  if (basis == bases.end()) return err(errors::representation_basis_unknown, r.basis);
  if (r.patient_user_id == r.representative_user_id) return err(errors::representation_self);
  if (r.evidence_ref.empty() || r.evidence_ref.size() > kMaxEvidenceRefLength)
    return err(errors::representation_evidence_required);
  auto from = Date::parse(r.valid_from);
  if (!from) return err(errors::representation_dates_invalid);
  if (!r.valid_until) {
    if (basis->requires_valid_until) return err(errors::representation_valid_until_required, r.basis);
    return {};
  }
  auto until = Date::parse(*r.valid_until);
  if (!until || *until < *from || *until < today) return err(errors::representation_dates_invalid);
  return {};
}

bool is_live(const Representation& r, Date today) {
  if (r.revoked_at) return false;
  auto from = Date::parse(r.valid_from);
  if (!from || today < *from) return false;
  if (!r.valid_until) return true;
  auto until = Date::parse(*r.valid_until);
  return until && today <= *until;
}

std::string state_of(const Representation& r, Date today) {
  if (r.revoked_at) return "revoked";
  if (is_live(r, today)) return "active";
  auto from = Date::parse(r.valid_from);
  return from && today < *from ? "pending" : "ended";
}

namespace representation {
std::vector<Representation> between(db::Tx& tx, std::int64_t representative_user_id, std::int64_t patient_user_id) {
  return select_where(tx, "WHERE representative_user_id = :a AND patient_user_id = :b", representative_user_id,
                      patient_user_id);
}
}  // namespace representation

// ---------------------------------------------------------------- service

RepresentationService::RepresentationService(db::Database& db, const Clock& clock, std::vector<RepresentationBasis> bases)
    : db_(db), clock_(clock), bases_(std::move(bases)) {}

std::vector<db::Migration> RepresentationService::migrations() {
  return {{210, "representations", R"(
CREATE TABLE representations (
  id {{pk}},
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  representative_user_id {{bigint}} NOT NULL REFERENCES users (id),
  basis TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT,
  evidence_ref TEXT NOT NULL,
  created_by_user_id {{bigint}} NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by_user_id {{bigint}} REFERENCES users (id),
  CHECK (patient_user_id <> representative_user_id)
);
CREATE INDEX representations_patient ON representations (patient_user_id);
CREATE INDEX representations_representative ON representations (representative_user_id, patient_user_id)
)"}};
}

Result<Representation> RepresentationService::create(const RequestContext& ctx, const NewRepresentation& in) {
  const Actor& a = ctx.actor;
  bool own = a.user_id == in.patient_user_id && a.has_role("patient");
  if (!own) MEDRISK_CHECK(authorize(a, "representations.manage"));
  Date today = ctx.now().shanghai_date();
  MEDRISK_CHECK(check_new_representation(in, bases_, today));
  return db_.write([&](db::Tx& tx) -> Result<Representation> {
    auto patient = directory::user(tx, UserId{in.patient_user_id});
    if (!patient || patient->status != "active" ||
        std::find(patient->roles.begin(), patient->roles.end(), "patient") == patient->roles.end())
      return err(errors::representation_patient_invalid);
    auto rep = directory::user(tx, UserId{in.representative_user_id});
    if (!rep || rep->status != "active") return err(errors::representation_representative_invalid);
    for (const auto& r : representation::between(tx, in.representative_user_id, in.patient_user_id))
      if (!r.revoked_at && accounts::state_of(r, today) != "ended") return err(errors::representation_exists);
    Representation r;
    r.patient_user_id = in.patient_user_id;
    r.representative_user_id = in.representative_user_id;
    r.basis = in.basis;
    r.valid_from = in.valid_from;
    r.valid_until = in.valid_until;
    r.evidence_ref = in.evidence_ref;
    r.created_by_user_id = a.user_id;
    r.created_at = ctx.now().to_iso_utc();
    r.id = insert(tx, r);
    audit::record(tx, ctx, {"representation.create", "representation", std::to_string(r.id), std::nullopt, audit_view(r)});
    r.patient_name = patient->display_name;
    r.representative_name = rep->display_name;
    return r;
  });
}

Result<Representation> RepresentationService::revoke(const RequestContext& ctx, std::int64_t id) {
  return db_.write([&](db::Tx& tx) -> Result<Representation> {
    auto r = find(tx, id);
    const Actor& a = ctx.actor;
    if (!r || (a.user_id != r->patient_user_id && a.user_id != r->representative_user_id && !manages(a)))
      return err(errors::resource_not_found);
    if (r->revoked_at) return err(errors::representation_already_revoked);
    json before = audit_view(*r);
    r->revoked_at = ctx.now().to_iso_utc();
    r->revoked_by_user_id = a.user_id;
    long long i = id, by = a.user_id;
    tx.sql() << "UPDATE representations SET revoked_at = :at, revoked_by_user_id = :b WHERE id = :i AND revoked_at IS NULL",
        soci::use(*r->revoked_at), soci::use(by), soci::use(i);
    audit::record(tx, ctx, {"representation.revoke", "representation", std::to_string(id), before, audit_view(*r)});
    std::vector<Representation> one{*r};
    fill_names(tx, one);
    return one.front();
  });
}

Result<std::vector<Representation>> RepresentationService::list(const RequestContext& ctx,
                                                                 std::optional<std::int64_t> patient_user_id) {
  if (patient_user_id && *patient_user_id != ctx.actor.user_id) MEDRISK_CHECK(authorize(ctx.actor, "representations.manage"));
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Representation>> {
    long long u = patient_user_id.value_or(ctx.actor.user_id);
    auto list = patient_user_id ? select_where(tx, "WHERE patient_user_id = :a AND :b = 0", u)
                                : select_where(tx, "WHERE patient_user_id = :a OR representative_user_id = :b", u, u);
    fill_names(tx, list);
    return list;
  });
}

// ---------------------------------------------------------------- routes

namespace {

json to_json(const Representation& r, const std::string& state) {
  return {{"id", r.id},
          {"patient_user_id", r.patient_user_id},
          {"patient_name", r.patient_name},
          {"representative_user_id", r.representative_user_id},
          {"representative_name", r.representative_name},
          {"basis", r.basis},
          {"valid_from", r.valid_from},
          {"valid_until", http::nullable(r.valid_until)},
          {"evidence_ref", r.evidence_ref},
          {"state", state},
          {"created_by_user_id", r.created_by_user_id},
          {"created_at", r.created_at},
          {"revoked_at", http::nullable(r.revoked_at)}};
}

}  // namespace

void add_representation_routes(http::Router& router, RepresentationService& s, const Clock& clock) {
  using http::Request;
  using http::Response;
  router.get("/api/v1/representations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto patient, http::id_query(req, "patient_user_id"));
    MEDRISK_TRY(auto list, s.list(http::context_of(req, clock), patient));
    json items = json::array();
    for (const auto& r : list) items.push_back(to_json(r, s.state_of(r)));
    return Response::json(200, {{"items", items}});
  });
  router.post("/api/v1/representations", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    NewRepresentation r;
    r.patient_user_id = in.integer("patient_user_id", 1, INT64_MAX);
    r.representative_user_id = in.integer("representative_user_id", 1, INT64_MAX);
    r.basis = in.string("basis", 40);
    r.valid_from = in.date("valid_from").to_string();
    if (auto until = in.optional_date("valid_until")) r.valid_until = until->to_string();
    r.evidence_ref = in.string("evidence_ref", kMaxEvidenceRefLength);
    in.allow_only({"patient_user_id", "representative_user_id", "basis", "valid_from", "valid_until", "evidence_ref"});
    MEDRISK_CHECK(in.finish());
    MEDRISK_TRY(auto v, s.create(http::context_of(req, clock), r));
    return Response::json(201, to_json(v, s.state_of(v)));
  });
  router.post("/api/v1/representations/{id}/revoke", [&s, &clock](Request& req) -> Result<Response> {
    MEDRISK_TRY(auto id, http::id_param(req, "id"));
    MEDRISK_TRY(auto v, s.revoke(http::context_of(req, clock), id));
    return Response::json(200, to_json(v, s.state_of(v)));
  }, http::Access::authenticated, http::Body::none);
  router.get("/api/v1/representations/bases", [&s](Request&) -> Result<Response> {
    json items = json::array();
    for (const auto& b : s.bases())
      items.push_back({{"id", b.id}, {"name_zh", b.name_zh}, {"name_en", b.name_en}, {"source", b.source},
                       {"requires_valid_until", b.requires_valid_until}});
    return Response::json(200, {{"items", items}});
  });
}

}  // namespace medrisk::accounts
