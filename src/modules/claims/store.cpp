// SQL of the claims module (see store.hpp). Every statement is parameterized; column lists are
// constants of this file, never user input.
#include "modules/claims/store.hpp"

#include "modules/accounts/api.hpp"

#include <soci/soci.h>

#include <map>
#include <nlohmann/json.hpp>

#include "platform/db/rows.hpp"

namespace medrisk::claims::store {
namespace {

using db::int64_at;
using db::opt_int64_at;
using db::opt_string_at;
using nlohmann::json;


std::optional<std::string> decision_text(const std::optional<Decision>& d) {
  if (!d) return std::nullopt;
  json j{{"outcome", d->outcome},
         {"reason_codes", d->reason_codes},
         {"note", d->note},
         {"decided_by_user_id", d->decided_by_user_id},
         {"decided_at", d->decided_at},
         {"decided_on", d->decided_on}};
  j["amount_fen"] = d->amount_fen ? json(d->amount_fen->fen()) : json(nullptr);
  j["approved_by_user_id"] = d->approved_by_user_id ? json(*d->approved_by_user_id) : json(nullptr);
  return j.dump();
}
std::optional<Decision> decision_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  json j = json::parse(*text);
  Decision d;
  d.outcome = j.at("outcome").get<std::string>();
  if (!j.at("amount_fen").is_null()) d.amount_fen = Money::from_fen(j.at("amount_fen").get<std::int64_t>());
  d.reason_codes = j.at("reason_codes").get<std::vector<std::string>>();
  d.note = j.at("note").get<std::string>();
  d.decided_by_user_id = j.at("decided_by_user_id").get<std::int64_t>();
  d.decided_at = j.at("decided_at").get<std::string>();
  d.decided_on = j.at("decided_on").get<std::string>();
  if (!j.at("approved_by_user_id").is_null()) d.approved_by_user_id = j.at("approved_by_user_id").get<std::int64_t>();
  return d;
}

constexpr const char* kClaimColumns =
    "id, state, source, policy_id, policy_number, product_code, policy_kind, insurer_org_id, insured_org_id, case_id, "
    "patient_user_id, adjuster_user_id, mediator_user_id, incident_date, notice_date, materials_complete_on, "
    "agreed_amount_fen, decision, payable_fen, payable_fixed_on, paid_on, outstanding_fen, paid_fen, "
    "per_incident_limit_fen, deductible_fen, aggregate_limit_fen, payee, withdrawn_reason, created_at, updated_at";

Claim read_claim(const soci::row& r) {
  Claim c;
  c.id = int64_at(r, 0);
  c.state = r.get<std::string>(1);
  c.source = r.get<std::string>(2);
  c.policy_id = int64_at(r, 3);
  c.policy_number = r.get<std::string>(4);
  c.product_code = r.get<std::string>(5);
  c.policy_kind = r.get<std::string>(6);
  c.insurer_org_id = int64_at(r, 7);
  c.insured_org_id = int64_at(r, 8);
  c.case_id = opt_int64_at(r, 9);
  c.patient_user_id = int64_at(r, 10);
  c.adjuster_user_id = opt_int64_at(r, 11);
  c.mediator_user_id = opt_int64_at(r, 12);
  c.incident_date = *Date::parse(r.get<std::string>(13));
  c.notice_date = *Date::parse(r.get<std::string>(14));
  c.materials_complete_on = opt_string_at(r, 15);
  c.agreed_amount_fen = db::opt_money_at(r, 16);
  c.decision = decision_of(opt_string_at(r, 17));
  c.payable_fen = db::opt_money_at(r, 18);
  c.payable_fixed_on = opt_string_at(r, 19);
  c.paid_on = opt_string_at(r, 20);
  c.outstanding_fen = Money::from_fen(int64_at(r, 21));
  c.paid_fen = Money::from_fen(int64_at(r, 22));
  c.per_incident_limit_fen = Money::from_fen(int64_at(r, 23));
  c.deductible_fen = Money::from_fen(int64_at(r, 24));
  c.aggregate_limit_fen = Money::from_fen(int64_at(r, 25));
  c.payee = r.get<std::string>(26);
  c.withdrawn_reason = opt_string_at(r, 27);
  c.created_at = r.get<std::string>(28);
  c.updated_at = r.get<std::string>(29);
  return c;
}

std::vector<ClaimShare> shares_of(db::Tx& tx, std::int64_t claim_id) {
  long long c = claim_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT s.insurer_org_id, s.role, s.share_bp FROM claim_shares s "
                           "WHERE s.claim_id = :c ORDER BY s.role, s.insurer_org_id",
       soci::use(c));
  std::vector<ClaimShare> out;
  std::vector<std::int64_t> insurers;
  for (const auto& r : rows) {
    insurers.push_back(int64_at(r, 0));
    out.push_back({int64_at(r, 0), {}, r.get<std::string>(1), int64_at(r, 2)});
  }
  auto names = accounts::directory::organization_names(tx, insurers);
  for (auto& s : out) s.insurer_name = names[s.insurer_org_id];
  return out;
}

std::vector<Claim> query_claims(db::Tx& tx, const std::string& where, long long a, long long b, int limit) {
  std::string sql = std::string("SELECT ") + kClaimColumns + " FROM insurance_claims WHERE " + where;
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql, soci::use(a), soci::use(b), soci::use(limit));
  std::vector<Claim> out;
  for (const auto& r : rows) out.push_back(read_claim(r));
  for (auto& c : out) c.shares = shares_of(tx, c.id);
  return out;
}

constexpr const char* kPaymentColumns =
    "id, claim_id, insurer_org_id, kind, amount_fen, payee, account_enc, account_masked, state, attempt, reference, "
    "bank_transaction_id, failure_reason, idempotency_key, request_hash, created_at, confirmed_at, sent_at, "
    "created_by_user_id";

PaymentRow read_payment(const soci::row& r) {
  PaymentRow x;
  Payment& p = x.p;
  p.id = int64_at(r, 0);
  p.claim_id = int64_at(r, 1);
  p.insurer_org_id = int64_at(r, 2);
  p.kind = r.get<std::string>(3);
  p.amount_fen = Money::from_fen(int64_at(r, 4));
  p.payee = r.get<std::string>(5);
  x.account_enc = r.get<std::string>(6);
  p.account_masked = r.get<std::string>(7);
  p.state = r.get<std::string>(8);
  p.attempt = static_cast<int>(int64_at(r, 9));
  p.reference = r.get<std::string>(10);
  p.bank_transaction_id = opt_string_at(r, 11);
  p.failure_reason = opt_string_at(r, 12);
  p.idempotency_key = r.get<std::string>(13);
  p.request_hash = r.get<std::string>(14);
  p.created_at = r.get<std::string>(15);
  p.confirmed_at = opt_string_at(r, 16);
  p.sent_at = opt_string_at(r, 17);
  p.created_by_user_id = int64_at(r, 18);
  return x;
}

std::optional<PaymentRow> one_payment(db::Tx& tx, const std::string& where, const std::string& s, long long n) {
  std::string sql = std::string("SELECT ") + kPaymentColumns + " FROM claim_payments WHERE " + where;
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql, soci::use(n), soci::use(s));
  for (const auto& r : rows) return read_payment(r);
  return std::nullopt;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{700, "claims", R"(
CREATE TABLE insurance_claims (
  id {{pk}},
  state TEXT NOT NULL CHECK (state IN ('open', 'assessing', 'awaiting_approval', 'approved', 'paid', 'denied', 'withdrawn')),
  source TEXT NOT NULL CHECK (source IN ('agreement', 'judgment', 'adjuster', 'patient')),
  policy_id {{bigint}} NOT NULL,
  policy_number TEXT NOT NULL,
  product_code TEXT NOT NULL,
  policy_kind TEXT NOT NULL,
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  insured_org_id {{bigint}} NOT NULL,
  case_id {{bigint}},
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  adjuster_user_id {{bigint}},
  mediator_user_id {{bigint}},
  incident_date TEXT NOT NULL,
  notice_date TEXT NOT NULL,
  materials_complete_on TEXT,
  agreed_amount_fen {{bigint}},
  decision TEXT,
  payable_fen {{bigint}},
  payable_fixed_on TEXT,
  paid_on TEXT,
  outstanding_fen {{bigint}} NOT NULL CHECK (outstanding_fen >= 0),
  paid_fen {{bigint}} NOT NULL CHECK (paid_fen >= 0),
  per_incident_limit_fen {{bigint}} NOT NULL,
  deductible_fen {{bigint}} NOT NULL,
  aggregate_limit_fen {{bigint}} NOT NULL,
  payee TEXT NOT NULL CHECK (payee IN ('patient', 'institution')),
  withdrawn_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX insurance_claims_one_per_case ON insurance_claims (case_id) WHERE state <> 'withdrawn';
CREATE UNIQUE INDEX insurance_claims_one_per_notice ON insurance_claims (policy_id, patient_user_id, incident_date)
  WHERE state <> 'withdrawn';
CREATE INDEX insurance_claims_insurer ON insurance_claims (insurer_org_id, id);
CREATE INDEX insurance_claims_patient ON insurance_claims (patient_user_id);
CREATE TABLE claim_shares (
  claim_id {{bigint}} NOT NULL REFERENCES insurance_claims (id),
  insurer_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'follower')),
  share_bp {{bigint}} NOT NULL CHECK (share_bp > 0 AND share_bp <= 10000),
  PRIMARY KEY (claim_id, insurer_org_id)
);
CREATE TABLE claim_reserves (
  id {{pk}},
  claim_id {{bigint}} NOT NULL REFERENCES insurance_claims (id),
  amount_fen {{bigint}} NOT NULL CHECK (amount_fen >= 0),
  previous_fen {{bigint}} NOT NULL,
  reason TEXT NOT NULL,
  set_by_user_id {{bigint}},
  set_at TEXT NOT NULL
);
CREATE INDEX claim_reserves_claim ON claim_reserves (claim_id, id);
CREATE TABLE claim_events (
  id {{pk}},
  claim_id {{bigint}} NOT NULL REFERENCES insurance_claims (id),
  kind TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  actor_user_id {{bigint}},
  details TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);
CREATE TABLE claim_authority (
  user_id {{bigint}} PRIMARY KEY REFERENCES users (id),
  limit_fen {{bigint}} NOT NULL CHECK (limit_fen >= 0)
);
CREATE TABLE claim_payments (
  id {{pk}},
  claim_id {{bigint}} NOT NULL REFERENCES insurance_claims (id),
  insurer_org_id {{bigint}} NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('final', 'advance')),
  amount_fen {{bigint}} NOT NULL CHECK (amount_fen > 0),
  payee TEXT NOT NULL,
  account_enc TEXT NOT NULL,
  account_masked TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('instructed', 'confirmed', 'failed')),
  attempt INTEGER NOT NULL,
  reference TEXT NOT NULL,
  bank_transaction_id TEXT,
  failure_reason TEXT,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  sent_at TEXT,
  created_by_user_id {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX claim_payments_idempotency ON claim_payments (insurer_org_id, idempotency_key);
CREATE INDEX claim_payments_claim ON claim_payments (claim_id, id);
CREATE INDEX claim_payments_reference ON claim_payments (reference);
CREATE TABLE ledger_entries (
  id {{pk}},
  payment_id {{bigint}} NOT NULL REFERENCES claim_payments (id),
  claim_id {{bigint}} NOT NULL,
  insurer_org_id {{bigint}} NOT NULL,
  account TEXT NOT NULL CHECK (account IN ('claims_paid', 'bank')),
  debit_fen {{bigint}} NOT NULL CHECK (debit_fen >= 0),
  credit_fen {{bigint}} NOT NULL CHECK (credit_fen >= 0),
  at TEXT NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (payment_id, insurer_org_id, account);
)"},
          // A claim's policy may be a per-visit policy (policy_kind visit_policy), whose ids are counted apart
          // from insurance policies: the duplicate-notice index names the kind too.
          {701, "claims_visit_policies", R"(
DROP INDEX insurance_claims_one_per_notice;
CREATE UNIQUE INDEX insurance_claims_one_per_notice
  ON insurance_claims (policy_kind, policy_id, patient_user_id, incident_date) WHERE state <> 'withdrawn';
)"}};
}

// ---------------------------------------------------------------- claims

std::int64_t insert_claim(db::Tx& tx, const Claim& c) {
  long long id = 0, policy = c.policy_id, insurer = c.insurer_org_id, insured = c.insured_org_id,
            patient = c.patient_user_id, out = c.outstanding_fen.fen(), paid = c.paid_fen.fen(),
            per = c.per_incident_limit_fen.fen(), ded = c.deductible_fen.fen(), agg = c.aggregate_limit_fen.fen();
  db::NullableInt case_id(c.case_id), adjuster(c.adjuster_user_id), mediator(c.mediator_user_id),
      agreed(c.agreed_amount_fen);
  db::NullableText materials(c.materials_complete_on);
  std::string incident = c.incident_date.to_string(), notice = c.notice_date.to_string();
  tx.sql()
      << "INSERT INTO insurance_claims (state, source, policy_id, policy_number, product_code, policy_kind, "
         "insurer_org_id, insured_org_id, case_id, patient_user_id, adjuster_user_id, mediator_user_id, incident_date, "
         "notice_date, materials_complete_on, agreed_amount_fen, outstanding_fen, paid_fen, per_incident_limit_fen, "
         "deductible_fen, aggregate_limit_fen, payee, created_at, updated_at) VALUES (:st, :so, :p, :pn, :pc, :pk, "
         ":i, :io, :c, :pa, :ad, :me, :inc, :no, :mc, :ag, :ou, :pd, :per, :ded, :agg, :py, :ca, :ua) RETURNING id",
      soci::use(c.state), soci::use(c.source), soci::use(policy), soci::use(c.policy_number), soci::use(c.product_code),
      soci::use(c.policy_kind), soci::use(insurer), soci::use(insured), soci::use(case_id.v, case_id.ind),
      soci::use(patient), soci::use(adjuster.v, adjuster.ind), soci::use(mediator.v, mediator.ind), soci::use(incident),
      soci::use(notice), soci::use(materials.v, materials.ind), soci::use(agreed.v, agreed.ind), soci::use(out),
      soci::use(paid), soci::use(per), soci::use(ded), soci::use(agg), soci::use(c.payee), soci::use(c.created_at),
      soci::use(c.updated_at), soci::into(id);
  return id;
}

void update_claim(db::Tx& tx, const Claim& c) {
  long long id = c.id, out = c.outstanding_fen.fen(), paid = c.paid_fen.fen();
  db::NullableInt adjuster(c.adjuster_user_id), payable(c.payable_fen), agreed(c.agreed_amount_fen),
      case_id(c.case_id), mediator(c.mediator_user_id);
  db::NullableText materials(c.materials_complete_on), decision(decision_text(c.decision)), fixed(c.payable_fixed_on),
      paid_on(c.paid_on), withdrawn(c.withdrawn_reason);
  tx.sql()
      << "UPDATE insurance_claims SET state = :st, adjuster_user_id = :ad, case_id = :ca, mediator_user_id = :me, "
         "materials_complete_on = :mc, "
         "agreed_amount_fen = :ag, decision = :de, payable_fen = :pf, payable_fixed_on = :fo, paid_on = :po, "
         "outstanding_fen = :ou, paid_fen = :pd, payee = :py, withdrawn_reason = :wr, updated_at = :ua WHERE id = :id",
      soci::use(c.state), soci::use(adjuster.v, adjuster.ind), soci::use(case_id.v, case_id.ind),
      soci::use(mediator.v, mediator.ind), soci::use(materials.v, materials.ind),
      soci::use(agreed.v, agreed.ind), soci::use(decision.v, decision.ind), soci::use(payable.v, payable.ind),
      soci::use(fixed.v, fixed.ind), soci::use(paid_on.v, paid_on.ind), soci::use(out), soci::use(paid),
      soci::use(c.payee), soci::use(withdrawn.v, withdrawn.ind), soci::use(c.updated_at), soci::use(id);
}

std::optional<Claim> find_claim(db::Tx& tx, std::int64_t id) {
  auto v = query_claims(tx, "id = :a AND :b = 0 LIMIT :l", id, 0, 1);
  if (v.empty()) return std::nullopt;
  return v.front();
}

void lock_claim(db::Tx& tx, std::int64_t id) {
  if (tx.dialect() != db::Dialect::postgresql) return;
  long long i = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id FROM insurance_claims WHERE id = :i FOR UPDATE", soci::use(i));
  for (const auto& r : rows) (void)r;
}

std::optional<Claim> find_live_by_case(db::Tx& tx, std::int64_t case_id) {
  auto v = query_claims(tx, "case_id = :a AND state <> 'withdrawn' AND :b = 0 LIMIT :l", case_id, 0, 1);
  if (v.empty()) return std::nullopt;
  return v.front();
}

// Term policies and per-visit policies number their ids separately: every query by policy id says which.
const char* policy_table(PolicyTable t) {
  return t == PolicyTable::visit ? " AND policy_kind = 'visit_policy'" : " AND policy_kind <> 'visit_policy'";
}

std::optional<Claim> find_duplicate(db::Tx& tx, PolicyTable table, std::int64_t policy_id, std::int64_t patient,
                                    Date incident) {
  std::string sql = std::string("SELECT ") + kClaimColumns +
                    " FROM insurance_claims WHERE policy_id = :p AND patient_user_id = :u AND incident_date = :d "
                    "AND state <> 'withdrawn'" + policy_table(table);
  long long p = policy_id, u = patient;
  std::string d = incident.to_string();
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql, soci::use(p), soci::use(u), soci::use(d));
  for (const auto& r : rows) return read_claim(r);
  return std::nullopt;
}

std::vector<Claim> list_claims(db::Tx& tx, const ClaimScope& s, const ClaimFilter& f) {
  long long after = f.after_id, ins = s.insurer_org_id.value_or(0), pat = s.patient_user_id.value_or(0),
            insd = s.insured_org_id.value_or(0), cs = f.case_id.value_or(0), pol = f.policy_id.value_or(0);
  std::string st = f.state.value_or("");
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kClaimColumns +
                               " FROM insurance_claims WHERE id > :a"
                               " AND (:i = 0 OR insurer_org_id = :i2"
                               "      OR id IN (SELECT claim_id FROM claim_shares WHERE insurer_org_id = :i3))"
                               " AND (:p = 0 OR patient_user_id = :p2) AND (:o = 0 OR insured_org_id = :o2)"
                               " AND (:s = '' OR state = :s2) AND (:c = 0 OR case_id = :c2)"
                               " AND (:y = 0 OR (policy_id = :y2 AND policy_kind <> 'visit_policy'))"
                               " ORDER BY id LIMIT :l",
       soci::use(after), soci::use(ins), soci::use(ins), soci::use(ins), soci::use(pat), soci::use(pat),
       soci::use(insd), soci::use(insd), soci::use(st), soci::use(st), soci::use(cs), soci::use(cs), soci::use(pol),
       soci::use(pol), soci::use(f.limit));
  std::vector<Claim> out;
  for (const auto& r : rows) out.push_back(read_claim(r));
  for (auto& c : out) c.shares = shares_of(tx, c.id);
  return out;
}

std::vector<Claim> list_clock_claims(db::Tx& tx, std::int64_t after_id, int limit) {
  return query_claims(tx,
                      "id > :a AND state IN ('open', 'assessing', 'awaiting_approval', 'approved', 'denied') "
                      "AND :b = 0 ORDER BY id LIMIT :l",
                      after_id, 0, limit);
}

std::vector<Claim> claims_of_policy(db::Tx& tx, PolicyTable table, std::int64_t policy_id) {
  return query_claims(tx, std::string("policy_id = :a AND :b = 0") + policy_table(table) + " ORDER BY id LIMIT :l",
                      policy_id, 0, 100000);
}

std::vector<Claim> claims_of_insurer(db::Tx& tx, std::int64_t insurer_org_id) {
  return query_claims(tx,
                      "(insurer_org_id = :a OR id IN (SELECT claim_id FROM claim_shares WHERE insurer_org_id = :b)) "
                      "ORDER BY id LIMIT :l",
                      insurer_org_id, insurer_org_id, 100000);
}

std::vector<ClaimTallyRow> tally_rows(db::Tx& tx, const std::string& from_date, const std::string& to_date) {
  std::vector<ClaimTallyRow> out;
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT insured_org_id, case_id, substr(incident_date, 1, 7), paid_fen + outstanding_fen "
                           "FROM insurance_claims WHERE state <> 'withdrawn' AND incident_date >= :a AND incident_date <= :b "
                           "ORDER BY id",
       soci::use(from_date), soci::use(to_date));
  for (const auto& r : rs)
    out.push_back({db::int64_at(r, 0), db::opt_int64_at(r, 1), r.get<std::string>(2), Money::from_fen(db::int64_at(r, 3))});
  return out;
}

void put_shares(db::Tx& tx, std::int64_t claim_id, const std::vector<ClaimShare>& shares) {
  long long c = claim_id;
  tx.sql() << "DELETE FROM claim_shares WHERE claim_id = :c", soci::use(c);
  for (const auto& s : shares) {
    long long org = s.insurer_org_id, bp = s.share_bp;
    tx.sql() << "INSERT INTO claim_shares (claim_id, insurer_org_id, role, share_bp) VALUES (:c, :o, :r, :b)",
        soci::use(c), soci::use(org), soci::use(s.role), soci::use(bp);
  }
}

// ---------------------------------------------------------------- reserves, events, authority

std::int64_t insert_reserve(db::Tx& tx, const Reserve& r) {
  long long id = 0, c = r.claim_id, a = r.amount_fen.fen(), p = r.previous_fen.fen();
  db::NullableInt by(r.set_by_user_id);
  tx.sql() << "INSERT INTO claim_reserves (claim_id, amount_fen, previous_fen, reason, set_by_user_id, set_at) "
              "VALUES (:c, :a, :p, :r, :b, :t) RETURNING id",
      soci::use(c), soci::use(a), soci::use(p), soci::use(r.reason), soci::use(by.v, by.ind), soci::use(r.set_at),
      soci::into(id);
  return id;
}

std::vector<Reserve> list_reserves(db::Tx& tx, std::int64_t claim_id) {
  long long c = claim_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, claim_id, amount_fen, previous_fen, reason, set_by_user_id, set_at "
                           "FROM claim_reserves WHERE claim_id = :c ORDER BY id",
       soci::use(c));
  std::vector<Reserve> out;
  for (const auto& r : rows)
    out.push_back({int64_at(r, 0), int64_at(r, 1), Money::from_fen(int64_at(r, 2)), Money::from_fen(int64_at(r, 3)),
                   r.get<std::string>(4), opt_int64_at(r, 5), r.get<std::string>(6)});
  return out;
}

std::vector<ClaimHistoryFacts> history_facts(db::Tx& tx) {
  std::map<std::int64_t, ClaimHistoryFacts> by_claim;
  const auto day_of = [](const std::string& at) { return Timestamp::parse(at)->shanghai_date(); };
  {
    soci::rowset<soci::row> rows = (tx.sql().prepare << "SELECT id, incident_date, notice_date FROM insurance_claims");
    for (const auto& r : rows)
      by_claim[int64_at(r, 0)] = {*Date::parse(r.get<std::string>(1)), *Date::parse(r.get<std::string>(2)), {}, {}};
  }
  {
    soci::rowset<soci::row> rows =
        (tx.sql().prepare << "SELECT claim_id, amount_fen, confirmed_at FROM claim_payments "
                             "WHERE state = 'confirmed' AND confirmed_at IS NOT NULL ORDER BY confirmed_at, id");
    for (const auto& r : rows)
      if (auto it = by_claim.find(int64_at(r, 0)); it != by_claim.end())
        it->second.payments.push_back({day_of(r.get<std::string>(2)), Money::from_fen(int64_at(r, 1))});
  }
  {
    soci::rowset<soci::row> rows =
        (tx.sql().prepare << "SELECT claim_id, amount_fen, set_at FROM claim_reserves ORDER BY set_at, id");
    for (const auto& r : rows)
      if (auto it = by_claim.find(int64_at(r, 0)); it != by_claim.end())
        it->second.reserves.push_back({day_of(r.get<std::string>(2)), Money::from_fen(int64_at(r, 1))});
  }
  std::vector<ClaimHistoryFacts> out;
  out.reserve(by_claim.size());
  for (auto& [id, facts] : by_claim) out.push_back(std::move(facts));
  return out;
}

std::int64_t insert_event(db::Tx& tx, const ClaimEvent& e) {
  long long id = 0, c = e.claim_id;
  db::NullableText from(e.from_state), to(e.to_state);
  db::NullableInt actor(e.actor_user_id);
  tx.sql() << "INSERT INTO claim_events (claim_id, kind, from_state, to_state, actor_user_id, details, at) "
              "VALUES (:c, :k, :f, :t, :a, :d, :at) RETURNING id",
      soci::use(c), soci::use(e.kind), soci::use(from.v, from.ind), soci::use(to.v, to.ind),
      soci::use(actor.v, actor.ind), soci::use(e.details_json), soci::use(e.at), soci::into(id);
  return id;
}

std::vector<ClaimEvent> list_events(db::Tx& tx, std::int64_t claim_id, std::int64_t after_id, int limit) {
  long long c = claim_id, after = after_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare
           << "SELECT id, claim_id, kind, from_state, to_state, actor_user_id, details, at FROM claim_events "
              "WHERE claim_id = :c AND id > :a ORDER BY id LIMIT :l",
       soci::use(c), soci::use(after), soci::use(limit));
  std::vector<ClaimEvent> out;
  for (const auto& r : rows)
    out.push_back({int64_at(r, 0), int64_at(r, 1), r.get<std::string>(2), opt_string_at(r, 3), opt_string_at(r, 4),
                   opt_int64_at(r, 5), r.get<std::string>(6), r.get<std::string>(7)});
  return out;
}

bool has_event(db::Tx& tx, std::int64_t claim_id, const std::string& kind, const std::string& details) {
  long long c = claim_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM claim_events WHERE claim_id = :c AND kind = :k AND details = :d", soci::use(c),
      soci::use(kind), soci::use(details), soci::into(n);
  return n > 0;
}

std::optional<Money> authority_of(db::Tx& tx, std::int64_t user_id) {
  long long u = user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT limit_fen FROM claim_authority WHERE user_id = :u", soci::use(u));
  for (const auto& r : rows) return Money::from_fen(int64_at(r, 0));
  return std::nullopt;
}

void put_authority(db::Tx& tx, std::int64_t user_id, Money limit) {
  long long u = user_id, l = limit.fen();
  tx.sql() << "DELETE FROM claim_authority WHERE user_id = :u", soci::use(u);
  tx.sql() << "INSERT INTO claim_authority (user_id, limit_fen) VALUES (:u, :l)", soci::use(u), soci::use(l);
}

// ---------------------------------------------------------------- payments

std::int64_t insert_payment(db::Tx& tx, const PaymentRow& x) {
  const Payment& p = x.p;
  long long id = 0, c = p.claim_id, ins = p.insurer_org_id, amount = p.amount_fen.fen(), by = p.created_by_user_id;
  int attempt = p.attempt;
  tx.sql()
      << "INSERT INTO claim_payments (claim_id, insurer_org_id, kind, amount_fen, payee, account_enc, account_masked, "
         "state, attempt, reference, idempotency_key, request_hash, created_at, created_by_user_id) VALUES (:c, :i, "
         ":k, :a, :p, :e, :m, :s, :t, :r, :key, :h, :ca, :by) RETURNING id",
      soci::use(c), soci::use(ins), soci::use(p.kind), soci::use(amount), soci::use(p.payee), soci::use(x.account_enc),
      soci::use(p.account_masked), soci::use(p.state), soci::use(attempt), soci::use(p.reference),
      soci::use(p.idempotency_key), soci::use(p.request_hash), soci::use(p.created_at), soci::use(by), soci::into(id);
  return id;
}

void update_payment(db::Tx& tx, const Payment& p) {
  long long id = p.id;
  int attempt = p.attempt;
  db::NullableText bank(p.bank_transaction_id), failure(p.failure_reason), confirmed(p.confirmed_at), sent(p.sent_at);
  tx.sql() << "UPDATE claim_payments SET state = :s, attempt = :t, reference = :r, bank_transaction_id = :b, "
              "failure_reason = :f, confirmed_at = :c, sent_at = :sa WHERE id = :id",
      soci::use(p.state), soci::use(attempt), soci::use(p.reference), soci::use(bank.v, bank.ind),
      soci::use(failure.v, failure.ind), soci::use(confirmed.v, confirmed.ind), soci::use(sent.v, sent.ind),
      soci::use(id);
}

std::optional<PaymentRow> find_payment(db::Tx& tx, std::int64_t id) {
  return one_payment(tx, "id = :n AND :s = ''", "", id);
}

std::optional<PaymentRow> find_payment_by_key(db::Tx& tx, std::int64_t insurer_org_id, const std::string& key) {
  return one_payment(tx, "insurer_org_id = :n AND idempotency_key = :s", key, insurer_org_id);
}

std::optional<PaymentRow> find_payment_by_reference(db::Tx& tx, const std::string& reference) {
  return one_payment(tx, ":n = 0 AND reference = :s", reference, 0);
}

std::vector<PaymentRow> list_payments(db::Tx& tx, std::int64_t claim_id) {
  long long c = claim_id;
  std::string sql = std::string("SELECT ") + kPaymentColumns + " FROM claim_payments WHERE claim_id = :c ORDER BY id";
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql, soci::use(c));
  std::vector<PaymentRow> out;
  for (const auto& r : rows) out.push_back(read_payment(r));
  return out;
}

std::vector<PaymentRow> instructed_payments(db::Tx& tx, bool only_unsent, int limit) {
  std::string sql = std::string("SELECT ") + kPaymentColumns + " FROM claim_payments WHERE state = 'instructed'" +
                    (only_unsent ? " AND sent_at IS NULL" : "") + " ORDER BY id LIMIT :l";
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql, soci::use(limit));
  std::vector<PaymentRow> out;
  for (const auto& r : rows) out.push_back(read_payment(r));
  return out;
}

void mark_sent(db::Tx& tx, std::int64_t payment_id, const std::string& reference, const std::string& at) {
  long long id = payment_id;
  tx.sql() << "UPDATE claim_payments SET sent_at = :a WHERE id = :id AND reference = :r AND state = 'instructed'",
      soci::use(at), soci::use(id), soci::use(reference);
}

// ---------------------------------------------------------------- ledger

void insert_ledger(db::Tx& tx, const LedgerEntry& e) {
  long long p = e.payment_id, c = e.claim_id, i = e.insurer_org_id, d = e.debit_fen.fen(), cr = e.credit_fen.fen();
  tx.sql() << "INSERT INTO ledger_entries (payment_id, claim_id, insurer_org_id, account, debit_fen, credit_fen, at) "
              "VALUES (:p, :c, :i, :a, :d, :cr, :at)",
      soci::use(p), soci::use(c), soci::use(i), soci::use(e.account), soci::use(d), soci::use(cr), soci::use(e.at);
}

std::vector<LedgerAccount> trial_balance(db::Tx& tx, std::optional<std::int64_t> scope_org) {
  long long org = scope_org.value_or(0), org2 = org;
  int all = scope_org ? 0 : 1;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT l.account, l.insurer_org_id, CAST(SUM(l.debit_fen) AS BIGINT), "
                           "CAST(SUM(l.credit_fen) AS BIGINT) FROM ledger_entries l "
                           "JOIN insurance_claims c ON c.id = l.claim_id "
                           "WHERE :all = 1 OR l.insurer_org_id = :o OR c.insurer_org_id = :o2 "
                           "GROUP BY l.account, l.insurer_org_id ORDER BY l.account, l.insurer_org_id",
       soci::use(all), soci::use(org), soci::use(org2));
  std::vector<LedgerAccount> out;
  for (const auto& r : rows)
    out.push_back(
        {r.get<std::string>(0), int64_at(r, 1), Money::from_fen(int64_at(r, 2)), Money::from_fen(int64_at(r, 3))});
  return out;
}

std::vector<LedgerAccount> trial_balance_of_claim(db::Tx& tx, std::int64_t claim_id) {
  long long c = claim_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare
           << "SELECT account, insurer_org_id, CAST(SUM(debit_fen) AS BIGINT), CAST(SUM(credit_fen) AS BIGINT) "
              "FROM ledger_entries WHERE claim_id = :c GROUP BY account, insurer_org_id",
       soci::use(c));
  std::vector<LedgerAccount> out;
  for (const auto& r : rows)
    out.push_back(
        {r.get<std::string>(0), int64_at(r, 1), Money::from_fen(int64_at(r, 2)), Money::from_fen(int64_at(r, 3))});
  return out;
}

}  // namespace medrisk::claims::store
