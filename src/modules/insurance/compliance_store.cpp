// SQL of compulsory-cover compliance (see compliance_store.hpp). Every statement is parameterized.
#include "modules/insurance/compliance_store.hpp"

#include <map>

#include "modules/accounts/api.hpp"

#include <soci/soci.h>

#include <limits>

#include "platform/db/rows.hpp"

namespace medrisk::insurance::compliance_store {
namespace {

std::optional<Date> opt_date(const soci::row& r, std::size_t i) {
  auto s = db::opt_string_at(r, i);
  if (!s) return std::nullopt;
  auto d = Date::parse(*s);
  if (!d.ok()) throw std::runtime_error("stored date is malformed");
  return *d;
}

std::string text(const std::optional<Date>& d) { return d ? d->to_string() : std::string(); }
soci::indicator ind(const std::optional<Date>& d) { return d ? soci::i_ok : soci::i_null; }

constexpr const char* kColumns =
    "o.id, o.rule_id, o.subject_kind, o.product_kind, o.region_code, o.organization_id, o.clinician_user_id, "
    "'', o.obliged_since, o.status, o.clock_start, o.deadline, o.last_covered_on, o.warned_on, o.escalated_on, "
    "o.checked_on";

Obligation read_obligation(const soci::row& r) {
  Obligation o;
  o.id = db::int64_at(r, 0);
  o.rule_id = r.get<std::string>(1);
  o.subject_kind = r.get<std::string>(2);
  o.product_kind = r.get<std::string>(3);
  o.region_code = r.get<std::string>(4);
  o.organization_id = db::int64_at(r, 5);
  o.clinician_user_id = db::int64_at(r, 6);
  o.organization_name = db::opt_string_at(r, 7).value_or("");
  o.obliged_since = *opt_date(r, 8);
  o.status = r.get<std::string>(9);
  o.clock_start = opt_date(r, 10);
  o.deadline = opt_date(r, 11);
  o.last_covered_on = opt_date(r, 12);
  o.warned_on = opt_date(r, 13);
  o.escalated_on = opt_date(r, 14);
  o.checked_on = opt_date(r, 15);
  return o;
}

// The organization names shown with obligations, from the accounts directory.
void with_names(db::Tx& tx, std::vector<Obligation>& list) {
  std::vector<std::int64_t> ids;
  for (const auto& o : list) ids.push_back(o.organization_id);
  auto names = accounts::directory::organization_names(tx, ids);
  for (auto& o : list) o.organization_name = names[o.organization_id];
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{360, "insurance_compliance", R"(
CREATE TABLE compliance_clinicians (
  user_id {{bigint}} PRIMARY KEY REFERENCES users (id),
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  department TEXT NOT NULL,
  department_risk_class TEXT NOT NULL CHECK (department_risk_class IN ('I', 'II', 'III', 'IV')),
  updated_at TEXT NOT NULL
);
CREATE TABLE compliance_obligations (
  id {{pk}},
  rule_id TEXT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('institution', 'clinician')),
  product_kind TEXT NOT NULL,
  region_code TEXT NOT NULL,
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  clinician_user_id {{bigint}} NOT NULL,
  obliged_since TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('compliant', 'within_grace', 'overdue', 'escalated')),
  clock_start TEXT,
  deadline TEXT,
  last_covered_on TEXT,
  warned_on TEXT,
  escalated_on TEXT,
  checked_on TEXT,
  UNIQUE (rule_id, organization_id, clinician_user_id)
);
CREATE INDEX compliance_obligations_region ON compliance_obligations (region_code, id);
CREATE INDEX compliance_obligations_organization ON compliance_obligations (organization_id, id)
)"}};
}

std::vector<InstitutionFacts> list_institutions(db::Tx& tx, std::int64_t after_id, int limit) {
  std::vector<InstitutionFacts> out;
  for (const auto& o : accounts::directory::organizations_of_kind(tx, accounts::OrganizationKind::medical_institution,
                                                                  after_id, limit))
    out.push_back({o.id, o.category.value_or(""), o.grade.value_or(""), o.region_code});
  return out;
}

std::vector<ClinicianFacts> list_clinicians(db::Tx& tx, std::int64_t after_user_id, int limit) {
  long long after = after_user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT c.user_id, c.organization_id, c.department, c.department_risk_class "
                           "FROM compliance_clinicians c WHERE c.user_id > :a ORDER BY c.user_id LIMIT :l",
       soci::use(after), soci::use(limit));
  std::vector<ClinicianFacts> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), db::int64_at(r, 1), r.get<std::string>(2), r.get<std::string>(3), {}});
  std::map<std::int64_t, std::string> regions;
  for (auto& c : out) {
    if (!regions.count(c.organization_id)) {
      auto org = accounts::directory::organization(tx, accounts::OrganizationId{c.organization_id});
      regions[c.organization_id] = org ? org->region_code : "";
    }
    c.region_code = regions[c.organization_id];
  }
  return out;
}

void upsert_clinician(db::Tx& tx, const ClinicianFacts& c, const std::string& at) {
  long long user = c.user_id, org = c.organization_id;
  tx.sql() << "INSERT INTO compliance_clinicians (user_id, organization_id, department, department_risk_class, updated_at) "
              "VALUES (:u, :o, :d, :c, :a) ON CONFLICT (user_id) DO UPDATE SET organization_id = excluded.organization_id, "
              "department = excluded.department, department_risk_class = excluded.department_risk_class, "
              "updated_at = excluded.updated_at",
      soci::use(user), soci::use(org), soci::use(c.department), soci::use(c.department_risk_class), soci::use(at);
}

std::optional<std::int64_t> organization_of_clinician(db::Tx& tx, std::int64_t user_id) {
  if (!accounts::directory::has_role(tx, accounts::UserId{user_id}, accounts::Role::clinician)) return std::nullopt;
  auto u = accounts::directory::user(tx, accounts::UserId{user_id});
  return u ? u->organization_id : std::nullopt;
}

std::optional<Obligation> find_obligation(db::Tx& tx, const std::string& rule_id, std::int64_t organization_id,
                                          std::int64_t clinician_user_id) {
  long long org = organization_id, user = clinician_user_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM compliance_obligations o "
                               "WHERE o.rule_id = :r AND o.organization_id = :o AND o.clinician_user_id = :u",
       soci::use(rule_id), soci::use(org), soci::use(user));
  for (const auto& r : rows) {
    std::vector<Obligation> one{read_obligation(r)};
    with_names(tx, one);
    return one.front();
  }
  return std::nullopt;
}

std::int64_t insert_obligation(db::Tx& tx, const Obligation& o) {
  long long org = o.organization_id, user = o.clinician_user_id, id = 0;
  tx.sql() << "INSERT INTO compliance_obligations (rule_id, subject_kind, product_kind, region_code, organization_id, "
              "clinician_user_id, obliged_since, status) VALUES (:r, :s, :p, :g, :o, :u, :since, :st) RETURNING id",
      soci::use(o.rule_id), soci::use(o.subject_kind), soci::use(o.product_kind), soci::use(o.region_code),
      soci::use(org), soci::use(user), soci::use(o.obliged_since.to_string()), soci::use(o.status), soci::into(id);
  return id;
}

void update_obligation(db::Tx& tx, const Obligation& o) {
  long long id = o.id;
  std::string cs = text(o.clock_start), dl = text(o.deadline), lc = text(o.last_covered_on), w = text(o.warned_on),
              e = text(o.escalated_on), ch = text(o.checked_on);
  soci::indicator csi = ind(o.clock_start), dli = ind(o.deadline), lci = ind(o.last_covered_on), wi = ind(o.warned_on),
                  ei = ind(o.escalated_on), chi = ind(o.checked_on);
  tx.sql() << "UPDATE compliance_obligations SET status = :st, clock_start = :cs, deadline = :dl, last_covered_on = :lc, "
              "warned_on = :w, escalated_on = :e, checked_on = :ch WHERE id = :id",
      soci::use(o.status), soci::use(cs, csi), soci::use(dl, dli), soci::use(lc, lci), soci::use(w, wi),
      soci::use(e, ei), soci::use(ch, chi), soci::use(id);
}

std::vector<Obligation> list_obligations(db::Tx& tx, const ObligationFilter& f) {
  long long org = f.organization_id.value_or(0);
  long long before = f.before_id > 0 ? f.before_id : std::numeric_limits<long long>::max();
  std::string prefix = f.region_prefix.value_or("") + "%", status = f.status.value_or("");
  int limit = f.limit;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM compliance_obligations o "
                               "WHERE o.id < :b AND (:o = 0 OR o.organization_id = :o2) AND o.region_code LIKE :p "
                               "AND (:s = '' OR o.status = :s2) ORDER BY o.id DESC LIMIT :l",
       soci::use(before), soci::use(org), soci::use(org), soci::use(prefix), soci::use(status), soci::use(status),
       soci::use(limit));
  std::vector<Obligation> out;
  for (const auto& r : rows) out.push_back(read_obligation(r));
  with_names(tx, out);
  return out;
}

}  // namespace medrisk::insurance::compliance_store
