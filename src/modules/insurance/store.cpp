// SQL of the insurance module (see store.hpp). Every statement is parameterized; dates are
// YYYY-MM-DD text, money {{bigint}} fen, rating inputs and explanations canonical JSON text.
#include "modules/insurance/store.hpp"

#include <soci/soci.h>

#include <cstdio>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "modules/insurance/rating.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::insurance::store {
namespace {

using nlohmann::json;

Date date_of(const std::string& s) {
  auto d = Date::parse(s);
  if (!d.ok()) throw std::runtime_error("stored date is malformed");
  return *d;
}

std::optional<Date> opt_date(const soci::row& r, std::size_t i) {
  auto s = db::opt_string_at(r, i);
  if (!s) return std::nullopt;
  return date_of(*s);
}

Money fen_at(const soci::row& r, std::size_t i) {
  return Money::from_fen(db::int64_at(r, i));
}


constexpr const char* kQuoteColumns =
    "id, product_code, insured_org_id, insurer_org_id, period_start, period_end, retroactive_date, valid_until, "
    "input_json, rating_json, status, created_by, created_at";

Quote read_quote(const soci::row& r) {
  Quote q;
  q.id = db::int64_at(r, 0);
  q.product_code = r.get<std::string>(1);
  q.insured_org_id = db::int64_at(r, 2);
  q.insurer_org_id = db::int64_at(r, 3);
  q.period_start = date_of(r.get<std::string>(4));
  q.period_end = date_of(r.get<std::string>(5));
  q.retroactive_date = opt_date(r, 6);
  q.valid_until = date_of(r.get<std::string>(7));
  q.input = rating_input_from_json(json::parse(r.get<std::string>(8)));
  q.rating = rating_result_from_json(json::parse(r.get<std::string>(9)));
  q.status = r.get<std::string>(10);
  q.created_by = db::int64_at(r, 11);
  q.created_at = r.get<std::string>(12);
  return q;
}

constexpr const char* kPolicyColumns =
    "p.id, p.policy_number, p.product_code, p.product_version, p.kind, p.cover_trigger, p.quote_id, p.insured_org_id, "
    "p.insurer_org_id, p.region_code, p.period_start, p.period_end, p.retroactive_date, p.per_incident_limit_fen, "
    "p.aggregate_limit_fen, p.deductible_fen, p.premium_fen, p.status, p.cancelled_on, p.refund_fen, "
    "p.certificate_code, p.renewed_from_policy_id, p.rating_table_version, p.created_at";

Policy read_policy_row(const soci::row& r) {
  Policy p;
  p.id = db::int64_at(r, 0);
  p.policy_number = r.get<std::string>(1);
  p.product_code = r.get<std::string>(2);
  p.product_version = r.get<std::string>(3);
  p.kind = r.get<std::string>(4);
  p.trigger = r.get<std::string>(5);
  p.quote_id = db::int64_at(r, 6);
  p.insured_org_id = db::int64_at(r, 7);
  p.insurer_org_id = db::int64_at(r, 8);
  p.region_code = r.get<std::string>(9);
  p.period_start = date_of(r.get<std::string>(10));
  p.period_end = date_of(r.get<std::string>(11));
  p.retroactive_date = opt_date(r, 12);
  p.per_incident_limit_fen = fen_at(r, 13);
  p.aggregate_limit_fen = fen_at(r, 14);
  p.deductible_fen = fen_at(r, 15);
  p.premium_fen = fen_at(r, 16);
  p.status = r.get<std::string>(17);
  p.cancelled_on = opt_date(r, 18);
  p.refund_fen = fen_at(r, 19);
  p.certificate_code = r.get<std::string>(20);
  p.renewed_from_policy_id = db::opt_int64_at(r, 21);
  p.rating_table_version = r.get<std::string>(22);
  p.created_at = r.get<std::string>(23);
  return p;
}

void load_children(db::Tx& tx, Policy& p) {
  long long id = p.id;
  soci::rowset<soci::row> cs = (tx.sql().prepare << "SELECT user_id, department_risk_class, title, years_of_practice, "
                                                    "added_on, removed_on FROM insurance_policy_clinicians "
                                                    "WHERE policy_id = :id ORDER BY user_id",
                                soci::use(id));
  for (const auto& r : cs)
    p.clinicians.push_back({db::int64_at(r, 0), r.get<std::string>(1), r.get<std::string>(2), db::int64_at(r, 3),
                            date_of(r.get<std::string>(4)), opt_date(r, 5)});
  soci::rowset<soci::row> fs = (tx.sql().prepare << "SELECT payer, share_bp, amount_fen FROM insurance_funding_splits "
                                                    "WHERE policy_id = :id ORDER BY position",
                                soci::use(id));
  for (const auto& r : fs) p.funding_split.push_back({r.get<std::string>(0), db::int64_at(r, 1), fen_at(r, 2)});
  soci::rowset<soci::row> ps =
      (tx.sql().prepare << "SELECT insurer_org_id, role, share_bp, premium_fen "
                           "FROM insurance_coinsurance_shares WHERE policy_id = :id ORDER BY position",
       soci::use(id));
  for (const auto& r : ps)
    p.coinsurance_pool.push_back({db::int64_at(r, 0), r.get<std::string>(1), db::int64_at(r, 2), fen_at(r, 3)});
}

std::vector<Policy> read_policies(db::Tx& tx, soci::rowset<soci::row>& rows) {
  std::vector<Policy> out;
  for (const auto& r : rows) out.push_back(read_policy_row(r));
  for (auto& p : out) load_children(tx, p);
  return out;
}

void insert_splits(db::Tx& tx, std::int64_t policy_id, const std::vector<FundingShare>& funding,
                   const std::vector<CoinsuranceMember>& pool) {
  long long id = policy_id;
  tx.sql() << "DELETE FROM insurance_funding_splits WHERE policy_id = :id", soci::use(id);
  tx.sql() << "DELETE FROM insurance_coinsurance_shares WHERE policy_id = :id", soci::use(id);
  int position = 0;
  for (const auto& f : funding) {
    long long bp = f.share_bp, fen = f.amount_fen.fen();
    tx.sql() << "INSERT INTO insurance_funding_splits (policy_id, position, payer, share_bp, amount_fen) "
                "VALUES (:p, :pos, :payer, :bp, :fen)",
        soci::use(id), soci::use(position), soci::use(f.payer), soci::use(bp), soci::use(fen);
    ++position;
  }
  position = 0;
  for (const auto& m : pool) {
    long long org = m.insurer_org_id, bp = m.share_bp, fen = m.premium_fen.fen();
    tx.sql() << "INSERT INTO insurance_coinsurance_shares (policy_id, position, insurer_org_id, role, share_bp, "
                "premium_fen) VALUES (:p, :pos, :org, :role, :bp, :fen)",
        soci::use(id), soci::use(position), soci::use(org), soci::use(m.role), soci::use(bp), soci::use(fen);
    ++position;
  }
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{300, "insurance_quotes_policies", R"(
CREATE TABLE insurance_quotes (
  id {{pk}},
  product_code TEXT NOT NULL,
  insured_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  retroactive_date TEXT,
  valid_until TEXT NOT NULL,
  input_json TEXT NOT NULL,
  rating_json TEXT NOT NULL,
  premium_fen {{bigint}} NOT NULL CHECK (premium_fen >= 0),
  table_version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'bound')),
  created_by {{bigint}} NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX insurance_quotes_insurer ON insurance_quotes (insurer_org_id, id);
CREATE TABLE insurance_policies (
  id {{pk}},
  policy_number TEXT NOT NULL UNIQUE,
  product_code TEXT NOT NULL,
  product_version TEXT NOT NULL,
  kind TEXT NOT NULL,
  cover_trigger TEXT NOT NULL CHECK (cover_trigger IN ('claims_made', 'occurrence')),
  quote_id {{bigint}} NOT NULL UNIQUE REFERENCES insurance_quotes (id),
  insured_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  region_code TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end TEXT NOT NULL,
  retroactive_date TEXT,
  per_incident_limit_fen {{bigint}} NOT NULL,
  aggregate_limit_fen {{bigint}} NOT NULL,
  deductible_fen {{bigint}} NOT NULL,
  premium_fen {{bigint}} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('issued', 'cancelled')),
  cancelled_on TEXT,
  refund_fen {{bigint}} NOT NULL DEFAULT 0,
  certificate_code TEXT NOT NULL UNIQUE,
  renewed_from_policy_id {{bigint}} UNIQUE REFERENCES insurance_policies (id),
  rating_table_version TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX insurance_policies_insured ON insurance_policies (insured_org_id, kind);
CREATE INDEX insurance_policies_region ON insurance_policies (region_code);
CREATE TABLE insurance_policy_clinicians (
  policy_id {{bigint}} NOT NULL REFERENCES insurance_policies (id),
  user_id {{bigint}} NOT NULL REFERENCES users (id),
  department_risk_class TEXT NOT NULL,
  title TEXT NOT NULL,
  years_of_practice INTEGER NOT NULL,
  added_on TEXT NOT NULL,
  removed_on TEXT,
  PRIMARY KEY (policy_id, user_id)
);
CREATE INDEX insurance_policy_clinicians_user ON insurance_policy_clinicians (user_id);
CREATE TABLE insurance_endorsements (
  id {{pk}},
  policy_id {{bigint}} NOT NULL REFERENCES insurance_policies (id),
  kind TEXT NOT NULL CHECK (kind IN ('add_clinician', 'remove_clinician', 'cancellation')),
  effective_date TEXT NOT NULL,
  clinician_user_id {{bigint}},
  premium_delta_fen {{bigint}} NOT NULL,
  days_charged INTEGER NOT NULL,
  period_days INTEGER NOT NULL,
  created_by {{bigint}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX insurance_endorsements_policy ON insurance_endorsements (policy_id, id);
CREATE TABLE insurance_funding_splits (
  policy_id {{bigint}} NOT NULL REFERENCES insurance_policies (id),
  position INTEGER NOT NULL,
  payer TEXT NOT NULL CHECK (payer IN ('state', 'institution', 'clinician')),
  share_bp INTEGER NOT NULL,
  amount_fen {{bigint}} NOT NULL,
  PRIMARY KEY (policy_id, payer)
);
CREATE TABLE insurance_coinsurance_shares (
  policy_id {{bigint}} NOT NULL REFERENCES insurance_policies (id),
  position INTEGER NOT NULL,
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'follower')),
  share_bp INTEGER NOT NULL CHECK (share_bp > 0),
  premium_fen {{bigint}} NOT NULL,
  PRIMARY KEY (policy_id, insurer_org_id)
);
CREATE INDEX insurance_coinsurance_insurer ON insurance_coinsurance_shares (insurer_org_id)
)"}};
}

std::int64_t insert_quote(db::Tx& tx, const Quote& q) {
  long long id = 0, insured = q.insured_org_id, insurer = q.insurer_org_id, by = q.created_by,
            premium = q.rating.premium_fen.fen();
  std::string start = q.period_start.to_string(), end = q.period_end.to_string(),
              retro = q.retroactive_date ? q.retroactive_date->to_string() : "", valid = q.valid_until.to_string(),
              input = to_json(q.input).dump(), rating = to_json(q.rating).dump();
  soci::indicator ri = q.retroactive_date ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO insurance_quotes (product_code, insured_org_id, insurer_org_id, period_start, period_end, "
              "retroactive_date, valid_until, input_json, rating_json, premium_fen, table_version, status, created_by, "
              "created_at) VALUES (:code, :insured, :insurer, :start, :end, :retro, :valid, :input, :rating, :premium, "
              ":version, :status, :by, :at) RETURNING id",
      soci::use(q.product_code), soci::use(insured), soci::use(insurer), soci::use(start), soci::use(end),
      soci::use(retro, ri), soci::use(valid), soci::use(input), soci::use(rating), soci::use(premium),
      soci::use(q.rating.table_version), soci::use(q.status), soci::use(by), soci::use(q.created_at), soci::into(id);
  return id;
}

std::optional<Quote> find_quote(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kQuoteColumns + " FROM insurance_quotes WHERE id = :id",
       soci::use(key));
  for (const auto& r : rows) return read_quote(r);
  return std::nullopt;
}

std::vector<Quote> list_quotes(db::Tx& tx, std::int64_t insurer_org_id, std::int64_t after_id, int limit) {
  long long org = insurer_org_id, before = db::before_or_max(after_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kQuoteColumns +
                               " FROM insurance_quotes WHERE (:org = 0 OR insurer_org_id = :org2) AND id < :before "
                               "ORDER BY id DESC LIMIT :lim",
       soci::use(org), soci::use(org), soci::use(before), soci::use(limit));
  std::vector<Quote> out;
  for (const auto& r : rows) out.push_back(read_quote(r));
  return out;
}

void mark_quote_bound(db::Tx& tx, std::int64_t id) {
  long long key = id;
  tx.sql() << "UPDATE insurance_quotes SET status = 'bound' WHERE id = :id", soci::use(key);
}

std::int64_t insert_policy(db::Tx& tx, const Policy& p) {
  long long id = 0, quote = p.quote_id, insured = p.insured_org_id, insurer = p.insurer_org_id,
            per = p.per_incident_limit_fen.fen(), agg = p.aggregate_limit_fen.fen(), ded = p.deductible_fen.fen(),
            premium = p.premium_fen.fen(), from = p.renewed_from_policy_id.value_or(0);
  std::string start = p.period_start.to_string(), end = p.period_end.to_string(),
              retro = p.retroactive_date ? p.retroactive_date->to_string() : "",
              pending = "pending:" + p.certificate_code;
  soci::indicator ri = p.retroactive_date ? soci::i_ok : soci::i_null,
                  fi = p.renewed_from_policy_id ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO insurance_policies (policy_number, product_code, product_version, kind, cover_trigger, "
              "quote_id, insured_org_id, insurer_org_id, region_code, period_start, period_end, retroactive_date, "
              "per_incident_limit_fen, aggregate_limit_fen, deductible_fen, premium_fen, status, certificate_code, "
              "renewed_from_policy_id, rating_table_version, created_at) VALUES (:num, :code, :ver, :kind, :trig, "
              ":quote, :insured, :insurer, :region, :start, :end, :retro, :per, :agg, :ded, :premium, 'issued', "
              ":cert, :from, :table, :at) RETURNING id",
      soci::use(pending), soci::use(p.product_code), soci::use(p.product_version), soci::use(p.kind),
      soci::use(p.trigger), soci::use(quote), soci::use(insured), soci::use(insurer), soci::use(p.region_code),
      soci::use(start), soci::use(end), soci::use(retro, ri), soci::use(per), soci::use(agg), soci::use(ded),
      soci::use(premium), soci::use(p.certificate_code), soci::use(from, fi), soci::use(p.rating_table_version),
      soci::use(p.created_at), soci::into(id);
  char number[40];
  std::snprintf(number, sizeof number, "MR%04d%08lld", p.period_start.year(), id);
  std::string num = number;
  tx.sql() << "UPDATE insurance_policies SET policy_number = :n WHERE id = :id", soci::use(num), soci::use(id);
  for (const auto& c : p.clinicians) add_clinician(tx, id, c);
  insert_splits(tx, id, p.funding_split, p.coinsurance_pool);
  return id;
}

std::optional<Policy> find_policy(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kPolicyColumns + " FROM insurance_policies p WHERE p.id = :id",
       soci::use(key));
  auto out = read_policies(tx, rows);
  if (out.empty()) return std::nullopt;
  return out.front();
}

std::optional<Policy> find_policy_by_certificate(db::Tx& tx, const std::string& code) {
  soci::rowset<soci::row> rows = (tx.sql().prepare << std::string("SELECT ") + kPolicyColumns +
                                                          " FROM insurance_policies p WHERE p.certificate_code = :c",
                                  soci::use(code));
  auto out = read_policies(tx, rows);
  if (out.empty()) return std::nullopt;
  return out.front();
}

std::optional<std::int64_t> renewal_of(db::Tx& tx, std::int64_t policy_id) {
  long long key = policy_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id FROM insurance_policies WHERE renewed_from_policy_id = :id", soci::use(key));
  for (const auto& r : rows) return db::int64_at(r, 0);
  return std::nullopt;
}

std::vector<Policy> list_policies(db::Tx& tx, const ListScope& scope, std::optional<std::int64_t> insured_org_id,
                                  const std::optional<std::string>& product_code, std::int64_t after_id, int limit) {
  long long org = scope.organization_id.value_or(0), clinician = scope.clinician_user_id.value_or(0),
            insured = insured_org_id.value_or(0), before = db::before_or_max(after_id);
  std::string region = scope.region_prefix.value_or("") + "%", code = product_code.value_or("");
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kPolicyColumns +
                               " FROM insurance_policies p WHERE p.id < :before"
                               " AND (:org = 0 OR p.insured_org_id = :org2 OR EXISTS (SELECT 1 FROM "
                               "insurance_coinsurance_shares s WHERE s.policy_id = p.id AND s.insurer_org_id = :org3))"
                               " AND (:cl = 0 OR EXISTS (SELECT 1 FROM insurance_policy_clinicians c WHERE "
                               "c.policy_id = p.id AND c.user_id = :cl2))"
                               " AND p.region_code LIKE :region"
                               " AND (:insured = 0 OR p.insured_org_id = :insured2)"
                               " AND (:code = '' OR p.product_code = :code2)"
                               " ORDER BY p.id DESC LIMIT :lim",
       soci::use(before), soci::use(org), soci::use(org), soci::use(org), soci::use(clinician), soci::use(clinician),
       soci::use(region), soci::use(insured), soci::use(insured), soci::use(code), soci::use(code), soci::use(limit));
  return read_policies(tx, rows);
}

std::vector<Policy> policies_of_insured(db::Tx& tx, std::int64_t insured_org_id, const std::string& kind) {
  long long org = insured_org_id;
  soci::rowset<soci::row> rows = (tx.sql().prepare << std::string("SELECT ") + kPolicyColumns +
                                                          " FROM insurance_policies p WHERE p.insured_org_id = :org "
                                                          "AND p.kind = :kind ORDER BY p.id",
                                  soci::use(org), soci::use(kind));
  return read_policies(tx, rows);
}

void add_clinician(db::Tx& tx, std::int64_t policy_id, const NamedClinician& c) {
  long long id = policy_id, user = c.user_id, years = c.years_of_practice;
  std::string added = c.added_on.to_string();
  tx.sql() << "INSERT INTO insurance_policy_clinicians (policy_id, user_id, department_risk_class, title, "
              "years_of_practice, added_on) VALUES (:p, :u, :c, :t, :y, :a)",
      soci::use(id), soci::use(user), soci::use(c.department_risk_class), soci::use(c.title), soci::use(years),
      soci::use(added);
}

void remove_clinician(db::Tx& tx, std::int64_t policy_id, std::int64_t user_id, Date removed_on) {
  long long id = policy_id, user = user_id;
  std::string on = removed_on.to_string();
  tx.sql() << "UPDATE insurance_policy_clinicians SET removed_on = :on WHERE policy_id = :p AND user_id = :u",
      soci::use(on), soci::use(id), soci::use(user);
}

void update_premium(db::Tx& tx, std::int64_t policy_id, Money premium, const std::vector<FundingShare>& funding,
                    const std::vector<CoinsuranceMember>& pool) {
  long long id = policy_id, fen = premium.fen();
  tx.sql() << "UPDATE insurance_policies SET premium_fen = :f WHERE id = :id", soci::use(fen), soci::use(id);
  insert_splits(tx, policy_id, funding, pool);
}

void cancel_policy(db::Tx& tx, std::int64_t policy_id, Date cancelled_on, Money refund) {
  long long id = policy_id, fen = refund.fen();
  std::string on = cancelled_on.to_string();
  tx.sql() << "UPDATE insurance_policies SET status = 'cancelled', cancelled_on = :on, refund_fen = :f WHERE id = :id",
      soci::use(on), soci::use(fen), soci::use(id);
}

std::int64_t insert_endorsement(db::Tx& tx, const Endorsement& e, std::int64_t created_by) {
  long long id = 0, policy = e.policy_id, user = e.clinician_user_id, delta = e.premium_delta_fen.fen(),
            days = e.days_charged, period = e.period_days, by = created_by;
  std::string eff = e.effective_date.to_string();
  soci::indicator ui = e.clinician_user_id ? soci::i_ok : soci::i_null;
  tx.sql() << "INSERT INTO insurance_endorsements (policy_id, kind, effective_date, clinician_user_id, "
              "premium_delta_fen, days_charged, period_days, created_by, created_at) VALUES (:p, :k, :e, :u, :d, "
              ":days, :period, :by, :at) RETURNING id",
      soci::use(policy), soci::use(e.kind), soci::use(eff), soci::use(user, ui), soci::use(delta), soci::use(days),
      soci::use(period), soci::use(by), soci::use(e.created_at), soci::into(id);
  return id;
}

std::vector<Endorsement> list_endorsements(db::Tx& tx, std::int64_t policy_id) {
  long long id = policy_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, policy_id, kind, effective_date, clinician_user_id, premium_delta_fen, "
                           "days_charged, period_days, created_at FROM insurance_endorsements WHERE policy_id = :p "
                           "ORDER BY id",
       soci::use(id));
  std::vector<Endorsement> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), db::int64_at(r, 1), r.get<std::string>(2), date_of(r.get<std::string>(3)),
                   db::int64_at(r, 4), fen_at(r, 5), db::int64_at(r, 6), db::int64_at(r, 7), r.get<std::string>(8)});
  return out;
}

}  // namespace medrisk::insurance::store
