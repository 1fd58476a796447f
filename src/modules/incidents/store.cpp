// SQL of the incidents module (see store.hpp). Every statement is parameterized; absent filters are
// bound as '' or 0 and written "(:x = '' OR col = :x)"; column lists are constants of this file.
#include "modules/incidents/store.hpp"

#include <soci/soci.h>

#include "platform/db/rows.hpp"

namespace medrisk::incidents::store {
namespace {

using db::int64_at;
using db::opt_int64_at;
using db::opt_string_at;

constexpr const char* kColumns =
    "id, organization_id, region_code, anonymous, reporter_user_id, category, department, place, harm_degree, "
    "occurred_at, occurred_month, discovered_at, description_enc, severity_class, report_due_at, state, rca_enc, "
    "authority_reported_at, authority_name, authority_reference, authority_report_late, complaint_id, case_id, "
    "insurer_org_id, insurer_notified_at, overdue_reminded_at, reply_token_hash, created_at, updated_at";

IncidentRow read_row(const soci::row& r) {
  IncidentRow x;
  Incident& i = x.i;
  i.id = int64_at(r, 0);
  i.organization_id = int64_at(r, 1);
  i.region_code = r.get<std::string>(2);
  i.anonymous = int64_at(r, 3) != 0;
  i.reporter_user_id = opt_int64_at(r, 4);
  i.category = r.get<std::string>(5);
  i.department = r.get<std::string>(6);
  i.place = r.get<std::string>(7);
  i.harm_degree = r.get<std::string>(8);
  i.occurred_at = r.get<std::string>(9);
  i.occurred_month = r.get<std::string>(10);
  i.discovered_at = r.get<std::string>(11);
  x.description_enc = r.get<std::string>(12);
  i.severity_class = *class_from_string(r.get<std::string>(13));
  i.report_due_at = r.get<std::string>(14);
  i.state = *state_from_string(r.get<std::string>(15));
  x.rca_enc = opt_string_at(r, 16);
  if (auto at = opt_string_at(r, 17))
    i.authority_report = AuthorityReport{*at, opt_string_at(r, 18).value_or(""), opt_string_at(r, 19).value_or(""),
                                         int64_at(r, 20) != 0};
  i.complaint_id = opt_int64_at(r, 21);
  i.case_id = opt_int64_at(r, 22);
  i.insurer_org_id = opt_int64_at(r, 23);
  i.insurer_notified_at = opt_string_at(r, 24);
  i.overdue_reminded_at = opt_string_at(r, 25);
  x.reply_token_hash = opt_string_at(r, 26);
  i.created_at = r.get<std::string>(27);
  i.updated_at = r.get<std::string>(28);
  return x;
}

std::vector<IncidentRow> read_all(soci::rowset<soci::row>& rows) {
  std::vector<IncidentRow> out;
  for (const auto& r : rows) out.push_back(read_row(r));
  return out;
}

// The scope as two binds: organization id (0: any) and region prefix ('': any).
struct ScopeBinds {
  long long org = 0;
  std::string region;
  explicit ScopeBinds(const Scope& s) : org(s.organization_id.value_or(0)), region(s.region_prefix.value_or("")) {}
};
constexpr const char* kScopeWhere =
    "(:org = 0 OR organization_id = :org2) AND (:reg = '' OR substr(region_code, 1, 2) = :reg2)";

}  // namespace

std::vector<db::Migration> migrations() {
  return {{900, "incidents", R"(
CREATE TABLE incidents (
  id {{pk}},
  organization_id {{bigint}} NOT NULL REFERENCES organizations (id),
  region_code TEXT NOT NULL,
  anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
  reporter_user_id {{bigint}} REFERENCES users (id),
  category TEXT NOT NULL,
  department TEXT NOT NULL,
  place TEXT NOT NULL,
  harm_degree TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  occurred_month TEXT NOT NULL,
  discovered_at TEXT NOT NULL,
  description_enc TEXT NOT NULL,
  severity_class TEXT NOT NULL CHECK (severity_class IN ('general', 'major', 'extraordinary')),
  report_due_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('reported', 'under_review', 'root_cause_analysis', 'actions', 'closed')),
  rca_enc TEXT,
  authority_reported_at TEXT,
  authority_name TEXT,
  authority_reference TEXT,
  authority_report_late INTEGER NOT NULL DEFAULT 0,
  complaint_id {{bigint}},
  case_id {{bigint}},
  insurer_org_id {{bigint}},
  insurer_notified_at TEXT,
  overdue_reminded_at TEXT,
  reply_token_hash TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (anonymous = 0 OR reporter_user_id IS NULL)
);
CREATE INDEX incidents_organization ON incidents (organization_id, id);
CREATE INDEX incidents_due ON incidents (report_due_at);
CREATE INDEX incidents_case ON incidents (case_id);
CREATE INDEX incidents_month ON incidents (occurred_month);
CREATE UNIQUE INDEX incidents_reply_token ON incidents (reply_token_hash);
CREATE TABLE incident_actions (
  id {{pk}},
  incident_id {{bigint}} NOT NULL REFERENCES incidents (id),
  description TEXT NOT NULL,
  owner_user_id {{bigint}} NOT NULL REFERENCES users (id),
  due_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'done')),
  done_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX incident_actions_incident ON incident_actions (incident_id, id);
CREATE TABLE incident_messages (
  id {{pk}},
  incident_id {{bigint}} NOT NULL REFERENCES incidents (id),
  author TEXT NOT NULL CHECK (author IN ('reporter', 'reviewer')),
  author_user_id {{bigint}} REFERENCES users (id),
  body_enc TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX incident_messages_incident ON incident_messages (incident_id, id);
)", ""}};
}

std::int64_t insert_incident(db::Tx& tx, const IncidentRow& x) {
  const Incident& i = x.i;
  long long id = 0, org = i.organization_id;
  int anonymous = i.anonymous ? 1 : 0;
  db::NullableInt reporter(i.reporter_user_id), complaint(i.complaint_id), case_id(i.case_id);
  db::NullableText token(x.reply_token_hash);
  std::string cls(to_string(i.severity_class)), state(to_string(i.state));
  tx.sql() << "INSERT INTO incidents (organization_id, region_code, anonymous, reporter_user_id, category, department, "
              "place, harm_degree, occurred_at, occurred_month, discovered_at, description_enc, severity_class, "
              "report_due_at, state, complaint_id, case_id, reply_token_hash, created_at, updated_at) VALUES (:o, :r, "
              ":a, :u, :c, :d, :p, :h, :oa, :om, :da, :de, :sc, :due, :st, :co, :ca, :t, :cr, :up) RETURNING id",
      soci::use(org), soci::use(i.region_code), soci::use(anonymous), soci::use(reporter.v, reporter.ind),
      soci::use(i.category), soci::use(i.department), soci::use(i.place), soci::use(i.harm_degree),
      soci::use(i.occurred_at), soci::use(i.occurred_month), soci::use(i.discovered_at), soci::use(x.description_enc),
      soci::use(cls), soci::use(i.report_due_at), soci::use(state), soci::use(complaint.v, complaint.ind),
      soci::use(case_id.v, case_id.ind), soci::use(token.v, token.ind), soci::use(i.created_at),
      soci::use(i.updated_at), soci::into(id);
  return id;
}

void update_incident(db::Tx& tx, const IncidentRow& x) {
  const Incident& i = x.i;
  long long id = i.id;
  std::string state(to_string(i.state));
  db::NullableText rca(x.rca_enc), rep_at(i.authority_report ? std::optional(i.authority_report->reported_at) : std::nullopt),
      rep_name(i.authority_report ? std::optional(i.authority_report->authority) : std::nullopt),
      rep_ref(i.authority_report ? std::optional(i.authority_report->reference) : std::nullopt),
      notified(i.insurer_notified_at), reminded(i.overdue_reminded_at);
  int late = i.authority_report && i.authority_report->late ? 1 : 0;
  db::NullableInt complaint(i.complaint_id), case_id(i.case_id), insurer(i.insurer_org_id);
  tx.sql() << "UPDATE incidents SET state = :s, rca_enc = :r, authority_reported_at = :ra, authority_name = :rn, "
              "authority_reference = :rr, authority_report_late = :rl, complaint_id = :co, case_id = :ca, "
              "insurer_org_id = :io, insurer_notified_at = :ia, overdue_reminded_at = :or, updated_at = :u "
              "WHERE id = :id",
      soci::use(state), soci::use(rca.v, rca.ind), soci::use(rep_at.v, rep_at.ind), soci::use(rep_name.v, rep_name.ind),
      soci::use(rep_ref.v, rep_ref.ind), soci::use(late), soci::use(complaint.v, complaint.ind),
      soci::use(case_id.v, case_id.ind), soci::use(insurer.v, insurer.ind), soci::use(notified.v, notified.ind),
      soci::use(reminded.v, reminded.ind), soci::use(i.updated_at), soci::use(id);
}

void lock_incident(db::Tx& tx, std::int64_t id) {
  if (tx.dialect() != db::Dialect::postgresql) return;
  long long i = id;
  soci::rowset<soci::row> rows = (tx.sql().prepare << "SELECT id FROM incidents WHERE id = :i FOR UPDATE", soci::use(i));
  for (const auto& r : rows) (void)r;
}

std::optional<IncidentRow> find_incident(db::Tx& tx, std::int64_t id) {
  long long i = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM incidents WHERE id = :i", soci::use(i));
  for (const auto& r : rows) return read_row(r);
  return std::nullopt;
}

std::optional<IncidentRow> find_by_token_hash(db::Tx& tx, const std::string& hash) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM incidents WHERE reply_token_hash = :h",
       soci::use(hash));
  for (const auto& r : rows) return read_row(r);
  return std::nullopt;
}

std::vector<IncidentRow> list_incidents(db::Tx& tx, const Scope& scope, const IncidentFilter& f,
                                        const std::optional<std::string>& overdue_at) {
  ScopeBinds s(scope);
  std::string state = f.state ? std::string(to_string(*f.state)) : "", cls = f.severity_class ? std::string(to_string(*f.severity_class)) : "";
  std::string due = overdue_at.value_or("");
  long long case_id = f.case_id.value_or(0), complaint = f.complaint_id.value_or(0), before = db::before_or_max(f.after_id);
  int limit = f.limit;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM incidents WHERE " + kScopeWhere +
                               " AND id < :before AND (:st = '' OR state = :st2) AND (:cl = '' OR severity_class = :cl2)"
                               " AND (:ca = 0 OR case_id = :ca2) AND (:co = 0 OR complaint_id = :co2)"
                               " AND (:due = '' OR (authority_reported_at IS NULL AND report_due_at < :due2))"
                               " ORDER BY id DESC LIMIT :limit",
       soci::use(s.org), soci::use(s.org), soci::use(s.region), soci::use(s.region), soci::use(before),
       soci::use(state), soci::use(state), soci::use(cls), soci::use(cls), soci::use(case_id), soci::use(case_id),
       soci::use(complaint), soci::use(complaint), soci::use(due), soci::use(due), soci::use(limit));
  return read_all(rows);
}

std::vector<IncidentRow> to_review(db::Tx& tx, const Scope& scope, const std::string& now_iso, int limit) {
  ScopeBinds s(scope);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM incidents WHERE " + kScopeWhere +
                               " AND (state IN ('reported', 'under_review') OR (state <> 'closed' AND "
                               "authority_reported_at IS NULL AND report_due_at < :now)) ORDER BY id LIMIT :limit",
       soci::use(s.org), soci::use(s.org), soci::use(s.region), soci::use(s.region), soci::use(now_iso),
       soci::use(limit));
  return read_all(rows);
}

std::vector<Count> count_by(db::Tx& tx, const Scope& scope, const std::string& column) {
  // `column` is one of two constants of the service, never input.
  if (column != "state" && column != "severity_class") throw std::logic_error("incidents: count_by column");
  ScopeBinds s(scope);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " + column + ", COUNT(*) FROM incidents WHERE " + kScopeWhere + " GROUP BY " + column,
       soci::use(s.org), soci::use(s.org), soci::use(s.region), soci::use(s.region));
  std::vector<Count> out;
  for (const auto& r : rows) out.push_back({r.get<std::string>(0), int64_at(r, 1)});
  return out;
}

std::int64_t count_overdue(db::Tx& tx, const Scope& scope, const std::string& now_iso) {
  ScopeBinds s(scope);
  long long n = 0;
  tx.sql() << std::string("SELECT COUNT(*) FROM incidents WHERE ") + kScopeWhere +
                  " AND authority_reported_at IS NULL AND report_due_at < :now",
      soci::use(s.org), soci::use(s.org), soci::use(s.region), soci::use(s.region), soci::use(now_iso), soci::into(n);
  return n;
}

std::vector<Count> count_by_month(db::Tx& tx, const Scope& scope, const std::string& from_month) {
  ScopeBinds s(scope);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT occurred_month, COUNT(*) FROM incidents WHERE ") + kScopeWhere +
                               " AND occurred_month >= :m GROUP BY occurred_month",
       soci::use(s.org), soci::use(s.org), soci::use(s.region), soci::use(s.region), soci::use(from_month));
  std::vector<Count> out;
  for (const auto& r : rows) out.push_back({r.get<std::string>(0), int64_at(r, 1)});
  return out;
}

std::vector<IncidentRow> overdue_unreminded(db::Tx& tx, const std::string& now_iso, int limit) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM incidents WHERE authority_reported_at IS NULL AND overdue_reminded_at IS NULL"
                               " AND report_due_at < :now ORDER BY report_due_at LIMIT :limit",
       soci::use(now_iso), soci::use(limit));
  return read_all(rows);
}

std::vector<IncidentTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT organization_id, department, occurred_month, severity_class, COUNT(*) FROM incidents "
                           "WHERE occurred_month >= :f AND occurred_month <= :t "
                           "GROUP BY organization_id, department, occurred_month, severity_class "
                           "ORDER BY organization_id, department, occurred_month, severity_class",
       soci::use(from_month), soci::use(to_month));
  std::vector<IncidentTally> out;
  for (const auto& r : rows)
    out.push_back({int64_at(r, 0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3), int64_at(r, 4)});
  return out;
}

std::int64_t insert_action(db::Tx& tx, const CorrectiveAction& a) {
  long long id = 0, inc = a.incident_id, owner = a.owner_user_id;
  std::string due = a.due_on.to_string(), status(to_string(a.status));
  tx.sql() << "INSERT INTO incident_actions (incident_id, description, owner_user_id, due_on, status, created_at) "
              "VALUES (:i, :d, :o, :due, :s, :c) RETURNING id",
      soci::use(inc), soci::use(a.description), soci::use(owner), soci::use(due), soci::use(status),
      soci::use(a.created_at), soci::into(id);
  return id;
}

std::vector<CorrectiveAction> list_actions(db::Tx& tx, std::int64_t incident_id) {
  long long i = incident_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, incident_id, description, owner_user_id, due_on, status, done_at, created_at "
                           "FROM incident_actions WHERE incident_id = :i ORDER BY id",
       soci::use(i));
  std::vector<CorrectiveAction> out;
  for (const auto& r : rows) {
    CorrectiveAction a;
    a.id = int64_at(r, 0);
    a.incident_id = int64_at(r, 1);
    a.description = r.get<std::string>(2);
    a.owner_user_id = int64_at(r, 3);
    a.due_on = *Date::parse(r.get<std::string>(4));
    a.status = *action_status_from_string(r.get<std::string>(5));
    a.done_at = opt_string_at(r, 6);
    a.created_at = r.get<std::string>(7);
    out.push_back(std::move(a));
  }
  return out;
}

void update_action_status(db::Tx& tx, std::int64_t action_id, ActionStatus s, const std::optional<std::string>& done_at) {
  long long id = action_id;
  std::string status(to_string(s));
  db::NullableText at(done_at);
  tx.sql() << "UPDATE incident_actions SET status = :s, done_at = :d WHERE id = :id", soci::use(status),
      soci::use(at.v, at.ind), soci::use(id);
}

std::int64_t insert_message(db::Tx& tx, const MessageRow& x) {
  long long id = 0, inc = x.m.incident_id;
  std::string author(to_string(x.m.author));
  db::NullableInt user(x.m.author_user_id);
  tx.sql() << "INSERT INTO incident_messages (incident_id, author, author_user_id, body_enc, at) "
              "VALUES (:i, :a, :u, :b, :t) RETURNING id",
      soci::use(inc), soci::use(author), soci::use(user.v, user.ind), soci::use(x.body_enc), soci::use(x.m.at),
      soci::into(id);
  return id;
}

std::vector<MessageRow> list_messages(db::Tx& tx, std::int64_t incident_id, int limit) {
  long long i = incident_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, incident_id, author, author_user_id, body_enc, at FROM incident_messages "
                           "WHERE incident_id = :i ORDER BY id LIMIT :l",
       soci::use(i), soci::use(limit));
  std::vector<MessageRow> out;
  for (const auto& r : rows) {
    MessageRow x;
    x.m.id = int64_at(r, 0);
    x.m.incident_id = int64_at(r, 1);
    x.m.author = *author_from_string(r.get<std::string>(2));
    x.m.author_user_id = opt_int64_at(r, 3);
    x.body_enc = r.get<std::string>(4);
    x.m.at = r.get<std::string>(5);
    out.push_back(std::move(x));
  }
  return out;
}

int count_messages(db::Tx& tx, std::int64_t incident_id) {
  long long i = incident_id, n = 0;
  tx.sql() << "SELECT COUNT(*) FROM incident_messages WHERE incident_id = :i", soci::use(i), soci::into(n);
  return static_cast<int>(n);
}

}  // namespace medrisk::incidents::store
