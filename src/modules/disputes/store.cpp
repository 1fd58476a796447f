// SQL of the disputes module (see store.hpp). Every statement is parameterized; column lists are
// constants of this file, never user input.
#include "modules/disputes/store.hpp"

#include <soci/soci.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "platform/db/rows.hpp"

namespace medrisk::disputes::store {
namespace {

using db::int64_at;
using db::opt_int64_at;
using db::opt_string_at;



constexpr const char* kComplaintColumns =
    "id, patient_user_id, institution_org_id, filed_by_user_id, category, department, incident_date, multi_department, "
    "narrative_enc, state, response_enc, responded_on, case_id, filed_on, created_at, updated_at, reopened_on";

ComplaintRow read_complaint(const soci::row& r) {
  ComplaintRow x;
  Complaint& c = x.c;
  c.id = int64_at(r, 0);
  c.patient_user_id = int64_at(r, 1);
  c.institution_org_id = int64_at(r, 2);
  c.filed_by_user_id = int64_at(r, 3);
  c.category = r.get<std::string>(4);
  c.department = r.get<std::string>(5);
  c.incident_date = *Date::parse(r.get<std::string>(6));
  c.multi_department = int64_at(r, 7) != 0;
  x.narrative_enc = r.get<std::string>(8);
  c.state = r.get<std::string>(9);
  x.response_enc = opt_string_at(r, 10);
  c.responded_on = opt_string_at(r, 11);
  c.case_id = opt_int64_at(r, 12);
  c.filed_on = r.get<std::string>(13);
  c.created_at = r.get<std::string>(14);
  c.updated_at = r.get<std::string>(15);
  c.reopened_on = opt_string_at(r, 16);
  return x;
}

constexpr const char* kCaseColumns =
    "id, complaint_id, patient_user_id, institution_org_id, clinician_user_id, region_code, case_type, department, "
    "incident_date, death_at, narrative_enc, compensation_demand_fen, state, channel, refusal_reason, committee_org_id, "
    "mediator_user_id, insurer_org_id, adjuster_user_id, policy_id, legal_aid_org_id, lawyer_user_id, court, "
    "court_case_number, judgment_summary, judgment_fen, agreement_fen, filed_on, accepted_on, patient_confirmed_at, "
    "payment_started_on, due_on, created_at, updated_at";

CaseRow read_case(const soci::row& r) {
  CaseRow x;
  DisputeCase& c = x.c;
  c.id = int64_at(r, 0);
  c.complaint_id = opt_int64_at(r, 1);
  c.patient_user_id = int64_at(r, 2);
  c.institution_org_id = int64_at(r, 3);
  c.clinician_user_id = opt_int64_at(r, 4);
  c.region_code = r.get<std::string>(5);
  c.case_type = r.get<std::string>(6);
  c.department = r.get<std::string>(7);
  c.incident_date = *Date::parse(r.get<std::string>(8));
  c.death_at = opt_string_at(r, 9);
  x.narrative_enc = r.get<std::string>(10);
  c.compensation_demand_fen = Money::from_fen(int64_at(r, 11));
  c.state = r.get<std::string>(12);
  c.channel = opt_string_at(r, 13);
  c.refusal_reason = opt_string_at(r, 14);
  c.committee_org_id = opt_int64_at(r, 15);
  c.mediator_user_id = opt_int64_at(r, 16);
  c.insurer_org_id = opt_int64_at(r, 17);
  c.adjuster_user_id = opt_int64_at(r, 18);
  c.policy_id = opt_int64_at(r, 19);
  c.legal_aid_org_id = opt_int64_at(r, 20);
  c.lawyer_user_id = opt_int64_at(r, 21);
  c.court = opt_string_at(r, 22);
  c.court_case_number = opt_string_at(r, 23);
  c.judgment_summary = opt_string_at(r, 24);
  c.judgment_fen = db::opt_money_at(r, 25);
  c.agreement_fen = db::opt_money_at(r, 26);
  c.filed_on = r.get<std::string>(27);
  c.accepted_on = opt_string_at(r, 28);
  c.patient_confirmed_at = opt_string_at(r, 29);
  c.payment_started_on = opt_string_at(r, 30);
  x.due_on = opt_string_at(r, 31);
  c.created_at = r.get<std::string>(32);
  c.updated_at = r.get<std::string>(33);
  return x;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{400, "disputes", R"(
CREATE TABLE complaints (
  id {{pk}},
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  institution_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  filed_by_user_id {{bigint}} NOT NULL REFERENCES users (id),
  category TEXT NOT NULL,
  department TEXT NOT NULL,
  incident_date TEXT NOT NULL,
  multi_department INTEGER NOT NULL,
  narrative_enc TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'responded', 'closed', 'escalated')),
  response_enc TEXT,
  responded_on TEXT,
  case_id {{bigint}},
  filed_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX complaints_patient ON complaints (patient_user_id);
CREATE INDEX complaints_institution ON complaints (institution_org_id);
CREATE TABLE dispute_cases (
  id {{pk}},
  complaint_id {{bigint}} REFERENCES complaints (id),
  patient_user_id {{bigint}} NOT NULL REFERENCES users (id),
  institution_org_id {{bigint}} NOT NULL REFERENCES organizations (id),
  clinician_user_id {{bigint}},
  region_code TEXT NOT NULL,
  case_type TEXT NOT NULL CHECK (case_type IN ('death', 'disability', 'other_harm')),
  department TEXT NOT NULL,
  incident_date TEXT NOT NULL,
  death_at TEXT,
  narrative_enc TEXT NOT NULL,
  compensation_demand_fen {{bigint}} NOT NULL,
  state TEXT NOT NULL,
  channel TEXT,
  refusal_reason TEXT,
  committee_org_id {{bigint}},
  mediator_user_id {{bigint}},
  insurer_org_id {{bigint}},
  adjuster_user_id {{bigint}},
  policy_id {{bigint}},
  legal_aid_org_id {{bigint}},
  lawyer_user_id {{bigint}},
  court TEXT,
  court_case_number TEXT,
  judgment_summary TEXT,
  judgment_fen {{bigint}},
  agreement_fen {{bigint}},
  filed_on TEXT NOT NULL,
  accepted_on TEXT,
  patient_confirmed_at TEXT,
  payment_started_on TEXT,
  due_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX dispute_cases_patient ON dispute_cases (patient_user_id);
CREATE INDEX dispute_cases_institution ON dispute_cases (institution_org_id);
CREATE INDEX dispute_cases_committee ON dispute_cases (committee_org_id);
CREATE INDEX dispute_cases_insurer ON dispute_cases (insurer_org_id);
CREATE INDEX dispute_cases_due ON dispute_cases (due_on);
CREATE TABLE case_events (
  id {{pk}},
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  kind TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  actor_user_id {{bigint}},
  details TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE TABLE case_pauses (
  id {{pk}},
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  reason TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT
);
CREATE TABLE case_materials (
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  item_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('uploaded', 'accepted', 'rejected')),
  rejection_reason TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (case_id, item_id)
);
CREATE TABLE case_attachments (
  id {{pk}},
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  item_id TEXT NOT NULL,
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes {{bigint}} NOT NULL,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL UNIQUE,
  uploaded_by_user_id {{bigint}} NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, item_id);
-- case_consents: no longer used; its rows were moved to the consent module (consent migration 1201).
CREATE TABLE case_consents (
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  grantee_role TEXT NOT NULL,
  granted INTEGER NOT NULL,
  changed_at TEXT NOT NULL,
  PRIMARY KEY (case_id, grantee_role)
);
CREATE TABLE mediation_sessions (
  id {{pk}},
  case_id {{bigint}} NOT NULL REFERENCES dispute_cases (id),
  scheduled_at TEXT NOT NULL,
  place TEXT NOT NULL,
  attendees TEXT NOT NULL,
  minutes TEXT,
  offers TEXT NOT NULL,
  outcome TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id);
CREATE TABLE case_agreements (
  case_id {{bigint}} PRIMARY KEY REFERENCES dispute_cases (id),
  amount_fen {{bigint}} NOT NULL,
  payers TEXT NOT NULL,
  patient_signature TEXT,
  patient_signed_at TEXT,
  provider_signature TEXT,
  provider_signed_at TEXT,
  created_at TEXT NOT NULL
)
)"},
          // A reopened complaint's response clock restarts on the day it was reopened (issue 18).
          {401, "complaints_reopened_on", R"(
ALTER TABLE complaints ADD COLUMN reopened_on TEXT;
)"}};
}

// ---------------------------------------------------------------- assignment

std::optional<std::int64_t> least_loaded(db::Tx& tx, const std::vector<std::int64_t>& candidates,
                                         const std::string& column) {
  if (column != "mediator_user_id" && column != "adjuster_user_id" && column != "lawyer_user_id")
    throw std::invalid_argument("least_loaded: unknown column");
  std::optional<std::int64_t> best;
  long long best_open = 0;
  for (std::int64_t id : candidates) {
    long long u = id, open = 0;
    tx.sql() << "SELECT COUNT(*) FROM dispute_cases WHERE " + column +
                    " = :u AND state NOT IN ('closed', 'refused', 'withdrawn')",
        soci::use(u), soci::into(open);
    if (!best || open < best_open || (open == best_open && id < *best)) best = id, best_open = open;
  }
  return best;
}

// ---------------------------------------------------------------- complaints

std::vector<DisputeTally> tallies(db::Tx& tx, const std::string& from_date, const std::string& to_date) {
  std::vector<DisputeTally> out;
  {
    soci::rowset<soci::row> rs =
        (tx.sql().prepare << "SELECT institution_org_id, department, substr(incident_date, 1, 7), COUNT(*) FROM complaints "
                             "WHERE incident_date >= :a AND incident_date <= :b GROUP BY institution_org_id, department, "
                             "substr(incident_date, 1, 7)",
         soci::use(from_date), soci::use(to_date));
    for (const auto& r : rs)
      out.push_back({"complaint", db::int64_at(r, 0), r.get<std::string>(1), std::nullopt, r.get<std::string>(2),
                     db::int64_at(r, 3)});
  }
  soci::rowset<soci::row> rs =
      (tx.sql().prepare << "SELECT institution_org_id, department, clinician_user_id, substr(incident_date, 1, 7), "
                           "COUNT(*) FROM dispute_cases WHERE incident_date >= :a AND incident_date <= :b "
                           "GROUP BY institution_org_id, department, clinician_user_id, substr(incident_date, 1, 7)",
       soci::use(from_date), soci::use(to_date));
  for (const auto& r : rs)
    out.push_back({"case", db::int64_at(r, 0), r.get<std::string>(1), db::opt_int64_at(r, 2), r.get<std::string>(3),
                   db::int64_at(r, 4)});
  return out;
}

std::int64_t insert_complaint(db::Tx& tx, const ComplaintRow& x) {
  const Complaint& c = x.c;
  long long id = 0, patient = c.patient_user_id, org = c.institution_org_id, by = c.filed_by_user_id;
  int multi = c.multi_department ? 1 : 0;
  std::string incident = c.incident_date.to_string();
  tx.sql() << "INSERT INTO complaints (patient_user_id, institution_org_id, filed_by_user_id, category, department, "
              "incident_date, multi_department, narrative_enc, state, filed_on, created_at, updated_at) VALUES "
              "(:p, :o, :b, :cat, :dep, :inc, :m, :n, :s, :f, :c, :u) RETURNING id",
      soci::use(patient), soci::use(org), soci::use(by), soci::use(c.category), soci::use(c.department),
      soci::use(incident), soci::use(multi), soci::use(x.narrative_enc), soci::use(c.state), soci::use(c.filed_on),
      soci::use(c.created_at), soci::use(c.updated_at), soci::into(id);
  return id;
}

std::optional<ComplaintRow> find_complaint(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kComplaintColumns + " FROM complaints WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return read_complaint(r);
  return std::nullopt;
}

void update_complaint(db::Tx& tx, const ComplaintRow& x) {
  long long id = x.c.id;
  db::NullableText response(x.response_enc), responded(x.c.responded_on), reopened(x.c.reopened_on);
  db::NullableInt case_id(x.c.case_id);
  tx.sql() << "UPDATE complaints SET state = :s, response_enc = :r, responded_on = :ro, case_id = :c, updated_at = :u, "
              "reopened_on = :re WHERE id = :id",
      soci::use(x.c.state), soci::use(response.v, response.ind), soci::use(responded.v, responded.ind),
      soci::use(case_id.v, case_id.ind), soci::use(x.c.updated_at), soci::use(reopened.v, reopened.ind), soci::use(id);
}

std::vector<ComplaintRow> list_complaints(db::Tx& tx, const ComplaintFilter& f) {
  long long before = db::before_or_max(f.after_id), patient = f.patient_user_id.value_or(0),
            org = f.institution_org_id.value_or(0);
  std::string state = f.state.value_or("");
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kComplaintColumns +
                               " FROM complaints WHERE id < :b AND (:p = 0 OR patient_user_id = :p2) "
                               "AND (:o = 0 OR institution_org_id = :o2) AND (:s = '' OR state = :s2) "
                               "ORDER BY id DESC LIMIT :l",
       soci::use(before), soci::use(patient), soci::use(patient), soci::use(org), soci::use(org), soci::use(state),
       soci::use(state), soci::use(f.limit));
  std::vector<ComplaintRow> out;
  for (const auto& r : rows) out.push_back(read_complaint(r));
  return out;
}

// ---------------------------------------------------------------- cases

std::int64_t insert_case(db::Tx& tx, const CaseRow& x) {
  const DisputeCase& c = x.c;
  long long id = 0, patient = c.patient_user_id, org = c.institution_org_id, demand = c.compensation_demand_fen.fen();
  std::string incident = c.incident_date.to_string();
  tx.sql() << "INSERT INTO dispute_cases (patient_user_id, institution_org_id, region_code, case_type, department, "
              "incident_date, narrative_enc, compensation_demand_fen, state, filed_on, created_at, updated_at) VALUES "
              "(:p, :o, :r, :t, :d, :i, :n, :f, :s, :fo, :c, :u) RETURNING id",
      soci::use(patient), soci::use(org), soci::use(c.region_code), soci::use(c.case_type), soci::use(c.department),
      soci::use(incident), soci::use(x.narrative_enc), soci::use(demand), soci::use(c.state), soci::use(c.filed_on),
      soci::use(c.created_at), soci::use(c.updated_at), soci::into(id);
  CaseRow with_id = x;
  with_id.c.id = id;
  update_case(tx, with_id);
  return id;
}

std::optional<CaseRow> find_case(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kCaseColumns + " FROM dispute_cases WHERE id = :id", soci::use(key));
  for (const auto& r : rows) return read_case(r);
  return std::nullopt;
}

void update_case(db::Tx& tx, const CaseRow& x) {
  const DisputeCase& c = x.c;
  long long id = c.id;
  db::NullableInt complaint(c.complaint_id), clinician(c.clinician_user_id), committee(c.committee_org_id),
      mediator(c.mediator_user_id), insurer(c.insurer_org_id), adjuster(c.adjuster_user_id), policy(c.policy_id),
      legal_aid(c.legal_aid_org_id), lawyer(c.lawyer_user_id), judgment(c.judgment_fen),
      agreement(c.agreement_fen);
  db::NullableText death(c.death_at), channel(c.channel), refusal(c.refusal_reason), court(c.court), number(c.court_case_number),
      summary(c.judgment_summary), accepted(c.accepted_on), confirmed(c.patient_confirmed_at),
      payment(c.payment_started_on), due(x.due_on);
  tx.sql() << "UPDATE dispute_cases SET complaint_id = :a1, clinician_user_id = :a2, death_at = :a3, state = :a4, "
              "channel = :a5, refusal_reason = :a6, committee_org_id = :a7, mediator_user_id = :a8, insurer_org_id = :a9, "
              "adjuster_user_id = :b1, policy_id = :b2, legal_aid_org_id = :b3, lawyer_user_id = :b4, court = :b5, "
              "court_case_number = :b6, judgment_summary = :b7, judgment_fen = :b8, agreement_fen = :b9, "
              "accepted_on = :c1, patient_confirmed_at = :c2, payment_started_on = :c3, due_on = :c4, updated_at = :c5 "
              "WHERE id = :id",
      soci::use(complaint.v, complaint.ind), soci::use(clinician.v, clinician.ind), soci::use(death.v, death.ind),
      soci::use(c.state), soci::use(channel.v, channel.ind), soci::use(refusal.v, refusal.ind),
      soci::use(committee.v, committee.ind), soci::use(mediator.v, mediator.ind), soci::use(insurer.v, insurer.ind),
      soci::use(adjuster.v, adjuster.ind), soci::use(policy.v, policy.ind), soci::use(legal_aid.v, legal_aid.ind),
      soci::use(lawyer.v, lawyer.ind), soci::use(court.v, court.ind), soci::use(number.v, number.ind),
      soci::use(summary.v, summary.ind), soci::use(judgment.v, judgment.ind), soci::use(agreement.v, agreement.ind),
      soci::use(accepted.v, accepted.ind), soci::use(confirmed.v, confirmed.ind), soci::use(payment.v, payment.ind),
      soci::use(due.v, due.ind), soci::use(c.updated_at), soci::use(id);
}

namespace {
// The report-overdue test of ReportOverdue; its case types are bound as one comma-joined parameter.
constexpr const char* kReportOverdueSql =
    "(state NOT IN ('closed', 'refused', 'withdrawn') AND created_at < :rb"
    " AND (',' || CAST(:rt AS TEXT) || ',') LIKE ('%,' || case_type || ',%')"
    " AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = dispute_cases.id"
    "                 AND e.kind = 'report_to_health_authority'))";

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}
}  // namespace

std::vector<CaseRow> list_cases(db::Tx& tx, const CaseScopeFilter& s, const CaseFilter& f) {
  long long before = db::before_or_max(f.after_id), patient = s.patient_user_id.value_or(0),
            party = s.party_org_id.value_or(0), inst = f.institution_org_id.value_or(0);
  std::string region = s.region_prefix ? *s.region_prefix + "%" : "", state = f.state.value_or(""),
              overdue = s.overdue_before.value_or("");
  // Without a report reminder the report test matches nothing (no case was created before '').
  std::string report_before = s.report_overdue ? s.report_overdue->filed_before : "",
              report_types = s.report_overdue ? joined(s.report_overdue->case_types) : "";
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kCaseColumns +
                               " FROM dispute_cases WHERE id < :b"
                               " AND (:p = 0 OR patient_user_id = :p2)"
                               " AND (:o = 0 OR institution_org_id = :o2 OR committee_org_id = :o3"
                               "      OR insurer_org_id = :o4 OR legal_aid_org_id = :o5)"
                               " AND (:r = '' OR region_code LIKE :r2)"
                               " AND (:s = '' OR state = :s2) AND (:i = 0 OR institution_org_id = :i2)"
                               " AND (:d = '' OR due_on < :d2 OR " + kReportOverdueSql + ")"
                               " ORDER BY id DESC LIMIT :l",
       soci::use(before), soci::use(patient), soci::use(patient), soci::use(party), soci::use(party), soci::use(party),
       soci::use(party), soci::use(party), soci::use(region), soci::use(region), soci::use(state), soci::use(state),
       soci::use(inst), soci::use(inst), soci::use(overdue), soci::use(overdue), soci::use(report_before),
       soci::use(report_types), soci::use(f.limit));
  std::vector<CaseRow> out;
  for (const auto& r : rows) out.push_back(read_case(r));
  return out;
}

std::vector<CaseRow> list_overdue(db::Tx& tx, const std::string& today, const ReportOverdue& report, int limit) {
  std::string types = joined(report.case_types);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kCaseColumns +
                               " FROM dispute_cases WHERE (due_on IS NOT NULL AND due_on < :t"
                               " AND state NOT IN ('closed', 'refused', 'withdrawn')) OR " + kReportOverdueSql +
                               " ORDER BY id LIMIT :l",
       soci::use(today), soci::use(report.filed_before), soci::use(types), soci::use(limit));
  std::vector<CaseRow> out;
  for (const auto& r : rows) out.push_back(read_case(r));
  return out;
}

std::vector<CaseFact> case_facts(db::Tx& tx, const CaseScopeFilter& s, std::int64_t after_id, int limit) {
  long long after = after_id, patient = s.patient_user_id.value_or(0), party = s.party_org_id.value_or(0);
  std::string region = s.region_prefix ? *s.region_prefix + "%" : "";
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, state, channel, region_code, due_on, filed_on,"
                           " (SELECT MIN(e.at) FROM case_events e WHERE e.case_id = dispute_cases.id AND e.to_state = 'closed'),"
                           " (SELECT COUNT(*) FROM case_events e WHERE e.case_id = dispute_cases.id AND e.to_state = 'agreement'),"
                           " (SELECT COUNT(*) FROM case_events e WHERE e.case_id = dispute_cases.id"
                           "  AND e.to_state = 'mediation_failed')"
                           " FROM dispute_cases WHERE id > :a"
                           " AND (:p = 0 OR patient_user_id = :p2)"
                           " AND (:o = 0 OR institution_org_id = :o2 OR committee_org_id = :o3"
                           "      OR insurer_org_id = :o4 OR legal_aid_org_id = :o5)"
                           " AND (:r = '' OR region_code LIKE :r2)"
                           " ORDER BY id LIMIT :l",
       soci::use(after), soci::use(patient), soci::use(patient), soci::use(party), soci::use(party), soci::use(party),
       soci::use(party), soci::use(party), soci::use(region), soci::use(region), soci::use(limit));
  std::vector<CaseFact> out;
  for (const auto& r : rows) {
    CaseFact f;
    f.id = int64_at(r, 0);
    f.state = r.get<std::string>(1);
    f.channel = opt_string_at(r, 2);
    f.region_code = r.get<std::string>(3);
    f.due_on = opt_string_at(r, 4);
    f.filed_on = r.get<std::string>(5);
    if (auto at = opt_string_at(r, 6))
      if (auto t = Timestamp::parse(*at); t.ok()) f.closed_on = t->shanghai_date();
    f.mediation_agreed = int64_at(r, 7) > 0;
    f.mediation_failed = int64_at(r, 8) > 0;
    out.push_back(std::move(f));
  }
  return out;
}

std::map<std::string, std::int64_t> complaint_state_counts(db::Tx& tx, std::optional<std::int64_t> patient_user_id,
                                                           std::optional<std::int64_t> institution_org_id) {
  long long patient = patient_user_id.value_or(0), inst = institution_org_id.value_or(0);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT state, COUNT(*) FROM complaints WHERE (:p = 0 OR patient_user_id = :p2)"
                           " AND (:i = 0 OR institution_org_id = :i2) GROUP BY state",
       soci::use(patient), soci::use(patient), soci::use(inst), soci::use(inst));
  std::map<std::string, std::int64_t> out;
  for (const auto& r : rows) out[r.get<std::string>(0)] = int64_at(r, 1);
  return out;
}

bool has_event(db::Tx& tx, std::int64_t case_id, const std::string& kind, const std::string& details_json) {
  long long c = case_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM case_events WHERE case_id = :c AND kind = :k AND details = :d", soci::use(c),
      soci::use(kind), soci::use(details_json), soci::into(n);
  return n > 0;
}

bool has_event_kind(db::Tx& tx, std::int64_t case_id, const std::string& kind) {
  long long c = case_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM case_events WHERE case_id = :c AND kind = :k", soci::use(c), soci::use(kind),
      soci::into(n);
  return n > 0;
}

std::vector<CaseEvent> events_of_kind(db::Tx& tx, std::int64_t case_id, const std::string& kind) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, case_id, kind, from_state, to_state, actor_user_id, details, at FROM case_events "
                           "WHERE case_id = :c AND kind = :k ORDER BY id",
       soci::use(c), soci::use(kind));
  std::vector<CaseEvent> out;
  for (const auto& r : rows)
    out.push_back({int64_at(r, 0), int64_at(r, 1), r.get<std::string>(2), opt_string_at(r, 3), opt_string_at(r, 4),
                   opt_int64_at(r, 5), r.get<std::string>(6), r.get<std::string>(7)});
  return out;
}

std::int64_t insert_event(db::Tx& tx, const CaseEvent& e) {
  long long id = 0, case_id = e.case_id;
  db::NullableText from(e.from_state), to(e.to_state);
  db::NullableInt actor(e.actor_user_id);
  tx.sql() << "INSERT INTO case_events (case_id, kind, from_state, to_state, actor_user_id, details, at) "
              "VALUES (:c, :k, :f, :t, :a, :d, :at) RETURNING id",
      soci::use(case_id), soci::use(e.kind), soci::use(from.v, from.ind), soci::use(to.v, to.ind),
      soci::use(actor.v, actor.ind), soci::use(e.details_json), soci::use(e.at), soci::into(id);
  return id;
}

std::vector<CaseEvent> list_events(db::Tx& tx, std::int64_t case_id, std::int64_t after_id, int limit) {
  long long c = case_id, after = after_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, case_id, kind, from_state, to_state, actor_user_id, details, at FROM case_events "
                           "WHERE case_id = :c AND id > :a ORDER BY id LIMIT :l",
       soci::use(c), soci::use(after), soci::use(limit));
  std::vector<CaseEvent> out;
  for (const auto& r : rows)
    out.push_back({int64_at(r, 0), int64_at(r, 1), r.get<std::string>(2), opt_string_at(r, 3), opt_string_at(r, 4),
                   opt_int64_at(r, 5), r.get<std::string>(6), r.get<std::string>(7)});
  return out;
}

void open_pause(db::Tx& tx, std::int64_t case_id, const std::string& reason, Date from) {
  long long c = case_id;
  std::string f = from.to_string();
  tx.sql() << "INSERT INTO case_pauses (case_id, reason, from_date) VALUES (:c, :r, :f)", soci::use(c), soci::use(reason),
      soci::use(f);
}

void close_pauses(db::Tx& tx, std::int64_t case_id, Date to) {
  long long c = case_id;
  std::string t = to.to_string();
  tx.sql() << "UPDATE case_pauses SET to_date = :t WHERE case_id = :c AND to_date IS NULL", soci::use(t), soci::use(c);
}

std::vector<Pause> list_pauses(db::Tx& tx, std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT from_date, to_date FROM case_pauses WHERE case_id = :c ORDER BY id", soci::use(c));
  std::vector<Pause> out;
  for (const auto& r : rows) {
    Pause p{*Date::parse(r.get<std::string>(0)), std::nullopt};
    if (auto to = opt_string_at(r, 1)) p.to = *Date::parse(*to);
    out.push_back(p);
  }
  return out;
}

// ---------------------------------------------------------------- materials

std::vector<MaterialStatus> list_material_statuses(db::Tx& tx, std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT item_id, status, rejection_reason FROM case_materials WHERE case_id = :c ORDER BY item_id",
       soci::use(c));
  std::vector<MaterialStatus> out;
  for (const auto& r : rows) out.push_back({r.get<std::string>(0), r.get<std::string>(1), opt_string_at(r, 2)});
  return out;
}

void put_material_status(db::Tx& tx, std::int64_t case_id, const MaterialStatus& s, const std::string& at) {
  long long c = case_id;
  db::NullableText reason(s.rejection_reason);
  tx.sql() << "DELETE FROM case_materials WHERE case_id = :c AND item_id = :i", soci::use(c), soci::use(s.item_id);
  tx.sql() << "INSERT INTO case_materials (case_id, item_id, status, rejection_reason, updated_at) "
              "VALUES (:c, :i, :s, :r, :at)",
      soci::use(c), soci::use(s.item_id), soci::use(s.status), soci::use(reason.v, reason.ind), soci::use(at);
}

namespace {
constexpr const char* kAttachmentColumns =
    "id, case_id, item_id, file_name, content_type, size_bytes, sha256, uploaded_by_user_id, storage_key, uploaded_at";
Attachment read_attachment(const soci::row& r) {
  return {int64_at(r, 0), int64_at(r, 1), r.get<std::string>(2), r.get<std::string>(3), r.get<std::string>(4),
          r.get<std::string>(6), int64_at(r, 5), int64_at(r, 7), r.get<std::string>(8), r.get<std::string>(9)};
}
}  // namespace

std::int64_t insert_attachment(db::Tx& tx, const Attachment& a) {
  long long id = 0, c = a.case_id, size = a.size_bytes, by = a.uploaded_by_user_id;
  tx.sql() << "INSERT INTO case_attachments (case_id, item_id, file_name, content_type, size_bytes, sha256, storage_key, "
              "uploaded_by_user_id, uploaded_at) VALUES (:c, :i, :f, :t, :s, :h, :k, :b, :at) RETURNING id",
      soci::use(c), soci::use(a.item_id), soci::use(a.file_name), soci::use(a.content_type), soci::use(size),
      soci::use(a.sha256), soci::use(a.storage_key), soci::use(by), soci::use(a.uploaded_at), soci::into(id);
  return id;
}

std::vector<Attachment> list_attachments(db::Tx& tx, std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kAttachmentColumns +
                               " FROM case_attachments WHERE case_id = :c ORDER BY id",
       soci::use(c));
  std::vector<Attachment> out;
  for (const auto& r : rows) out.push_back(read_attachment(r));
  return out;
}

std::optional<Attachment> find_attachment(db::Tx& tx, std::int64_t case_id, std::int64_t id) {
  long long c = case_id, key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kAttachmentColumns +
                               " FROM case_attachments WHERE case_id = :c AND id = :id",
       soci::use(c), soci::use(key));
  for (const auto& r : rows) return read_attachment(r);
  return std::nullopt;
}

int count_attachments(db::Tx& tx, std::int64_t case_id, const std::string& item_id) {
  long long c = case_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM case_attachments WHERE case_id = :c AND item_id = :i", soci::use(c),
      soci::use(item_id), soci::into(n);
  return n;
}

// ---------------------------------------------------------------- mediation

std::int64_t insert_session(db::Tx& tx, const MediationSession& s) {
  long long id = 0, c = s.case_id;
  nlohmann::json offers = nlohmann::json::array();
  for (const auto& o : s.offers) offers.push_back({{"party", o.party}, {"amount_fen", o.amount_fen.fen()}, {"note", o.note}});
  std::string attendees = nlohmann::json(s.attendees).dump(), offers_text = offers.dump();
  db::NullableText minutes(s.minutes), outcome(s.outcome);
  tx.sql() << "INSERT INTO mediation_sessions (case_id, scheduled_at, place, attendees, minutes, offers, outcome, "
              "created_at) VALUES (:c, :s, :p, :a, :m, :o, :out, :at) RETURNING id",
      soci::use(c), soci::use(s.scheduled_at), soci::use(s.place), soci::use(attendees), soci::use(minutes.v, minutes.ind),
      soci::use(offers_text), soci::use(outcome.v, outcome.ind), soci::use(s.created_at), soci::into(id);
  return id;
}

std::vector<MediationSession> list_sessions(db::Tx& tx, std::int64_t case_id, int limit) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, case_id, scheduled_at, place, attendees, minutes, offers, outcome, created_at "
                           "FROM mediation_sessions WHERE case_id = :c ORDER BY id LIMIT :l",
       soci::use(c), soci::use(limit));
  std::vector<MediationSession> out;
  for (const auto& r : rows) {
    MediationSession s;
    s.id = int64_at(r, 0);
    s.case_id = int64_at(r, 1);
    s.scheduled_at = r.get<std::string>(2);
    s.place = r.get<std::string>(3);
    s.attendees = nlohmann::json::parse(r.get<std::string>(4)).get<std::vector<std::string>>();
    s.minutes = opt_string_at(r, 5);
    for (const auto& o : nlohmann::json::parse(r.get<std::string>(6)))
      s.offers.push_back({o.at("party").get<std::string>(), Money::from_fen(o.at("amount_fen").get<std::int64_t>()),
                          o.at("note").get<std::string>()});
    s.outcome = opt_string_at(r, 7);
    s.created_at = r.get<std::string>(8);
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<Agreement> find_agreement(db::Tx& tx, std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT case_id, amount_fen, payers, patient_signature, patient_signed_at, provider_signature, "
                           "provider_signed_at, created_at FROM case_agreements WHERE case_id = :c",
       soci::use(c));
  for (const auto& r : rows) {
    Agreement a;
    a.case_id = int64_at(r, 0);
    a.amount_fen = Money::from_fen(int64_at(r, 1));
    for (const auto& p : nlohmann::json::parse(r.get<std::string>(2)))
      a.payers.push_back({p.at("payer").get<std::string>(), Money::from_fen(p.at("amount_fen").get<std::int64_t>())});
    a.patient_signature = opt_string_at(r, 3);
    a.patient_signed_at = opt_string_at(r, 4);
    a.provider_signature = opt_string_at(r, 5);
    a.provider_signed_at = opt_string_at(r, 6);
    a.created_at = r.get<std::string>(7);
    return a;
  }
  return std::nullopt;
}

void put_agreement(db::Tx& tx, const Agreement& a) {
  long long c = a.case_id, amount = a.amount_fen.fen();
  nlohmann::json payers = nlohmann::json::array();
  for (const auto& p : a.payers) payers.push_back({{"payer", p.payer}, {"amount_fen", p.amount_fen.fen()}});
  std::string payers_text = payers.dump();
  db::NullableText ps(a.patient_signature), pa(a.patient_signed_at), vs(a.provider_signature), va(a.provider_signed_at);
  tx.sql() << "DELETE FROM case_agreements WHERE case_id = :c", soci::use(c);
  tx.sql() << "INSERT INTO case_agreements (case_id, amount_fen, payers, patient_signature, patient_signed_at, "
              "provider_signature, provider_signed_at, created_at) VALUES (:c, :a, :p, :ps, :pa, :vs, :va, :at)",
      soci::use(c), soci::use(amount), soci::use(payers_text), soci::use(ps.v, ps.ind), soci::use(pa.v, pa.ind),
      soci::use(vs.v, vs.ind), soci::use(va.v, va.ind), soci::use(a.created_at);
}

}  // namespace medrisk::disputes::store
