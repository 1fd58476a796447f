// Disputes tables and their named, parameterized queries: complaints, dispute_cases, case_events,
// case_pauses, case_materials, case_attachments, case_consents, mediation_sessions, mediation_offers,
// case_agreements. Narratives and responses are stored encrypted (*_enc); files live on disk, encrypted.
// The directory look-ups read the accounts module's organizations/users/user_roles tables (read-only).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/disputes/model.hpp"
#include "modules/disputes/rules.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::disputes::store {

std::vector<db::Migration> migrations();

// ---- assignment ----
// Of `candidates` (users), the one with the fewest open cases in `column` (mediator_user_id,
// adjuster_user_id, lawyer_user_id); ties to the lowest id; nullopt when there are none.
std::optional<std::int64_t> least_loaded(db::Tx& tx, const std::vector<std::int64_t>& candidates,
                                         const std::string& column);

// ---- complaints (narrative_enc / response_enc hold ciphertext) ----
struct ComplaintRow {
  Complaint c;
  std::string narrative_enc;
  std::optional<std::string> response_enc;
};
// Complaints and cases with an incident date in [from, to] (YYYY-MM-DD), counted by institution,
// department, clinician and incident month (the risk database).
std::vector<DisputeTally> tallies(db::Tx& tx, const std::string& from_date, const std::string& to_date);
std::int64_t insert_complaint(db::Tx& tx, const ComplaintRow& row);
std::optional<ComplaintRow> find_complaint(db::Tx& tx, std::int64_t id);
void update_complaint(db::Tx& tx, const ComplaintRow& row);
struct ComplaintFilter {
  std::optional<std::int64_t> patient_user_id, institution_org_id;
  std::optional<std::string> state;
  std::int64_t after_id = 0;
  int limit = 50;
};
std::vector<ComplaintRow> list_complaints(db::Tx& tx, const ComplaintFilter& f);

// ---- cases ----
struct CaseRow {
  DisputeCase c;
  std::string narrative_enc;
  std::optional<std::string> due_on;  // the running clock's due date; null when none runs (or paused)
};
std::int64_t insert_case(db::Tx& tx, const CaseRow& row);
std::optional<CaseRow> find_case(db::Tx& tx, std::int64_t id);
void update_case(db::Tx& tx, const CaseRow& row);
// The health-authority report's reminder (data/deadlines/disputes.json health_authority_report): an open
// case of one of `case_types` created before `filed_before` (ISO UTC, now less the reminder's hours) with no
// report_to_health_authority event is overdue.
struct ReportOverdue {
  std::vector<std::string> case_types;
  std::string filed_before;
};
struct CaseScopeFilter {
  std::optional<std::int64_t> patient_user_id;  // patients: their own
  std::optional<std::int64_t> party_org_id;     // organizations: cases they are party to
  std::optional<std::string> region_prefix;     // regulators
  std::optional<std::string> overdue_before;    // due_on < this date, or the report overdue (below)
  std::optional<ReportOverdue> report_overdue;  // read only together with overdue_before
};
std::vector<CaseRow> list_cases(db::Tx& tx, const CaseScopeFilter& scope, const CaseFilter& f);

// Open cases whose running clock is past due (due_on < today) or whose health-authority report is overdue,
// oldest first.
std::vector<CaseRow> list_overdue(db::Tx& tx, const std::string& today, const ReportOverdue& report, int limit);
// The summary's facts of the cases in `scope` (patient, party organization or region; overdue fields
// ignored), `limit` of them after `after_id` in id order.
std::vector<CaseFact> case_facts(db::Tx& tx, const CaseScopeFilter& scope, std::int64_t after_id, int limit);
// Complaints per state: the patient's own, or the institution's.
std::map<std::string, std::int64_t> complaint_state_counts(db::Tx& tx, std::optional<std::int64_t> patient_user_id,
                                                           std::optional<std::int64_t> institution_org_id);
bool has_event(db::Tx& tx, std::int64_t case_id, const std::string& kind, const std::string& details_json);
// Whether the case's timeline holds an event of `kind` at all (e.g. report_to_health_authority).
bool has_event_kind(db::Tx& tx, std::int64_t case_id, const std::string& kind);
// Every event of one kind of a case, oldest first (e.g. the mediation extensions).
std::vector<CaseEvent> events_of_kind(db::Tx& tx, std::int64_t case_id, const std::string& kind);
std::int64_t insert_event(db::Tx& tx, const CaseEvent& e);
std::vector<CaseEvent> list_events(db::Tx& tx, std::int64_t case_id, std::int64_t after_id, int limit);

void open_pause(db::Tx& tx, std::int64_t case_id, const std::string& reason, Date from);
void close_pauses(db::Tx& tx, std::int64_t case_id, Date to);
std::vector<Pause> list_pauses(db::Tx& tx, std::int64_t case_id);

// ---- materials ----
std::vector<MaterialStatus> list_material_statuses(db::Tx& tx, std::int64_t case_id);
void put_material_status(db::Tx& tx, std::int64_t case_id, const MaterialStatus& s, const std::string& at);
std::int64_t insert_attachment(db::Tx& tx, const Attachment& a);
std::vector<Attachment> list_attachments(db::Tx& tx, std::int64_t case_id);
std::optional<Attachment> find_attachment(db::Tx& tx, std::int64_t case_id, std::int64_t id);
int count_attachments(db::Tx& tx, std::int64_t case_id, const std::string& item_id);


// ---- mediation ----
std::int64_t insert_session(db::Tx& tx, const MediationSession& s);
std::vector<MediationSession> list_sessions(db::Tx& tx, std::int64_t case_id, int limit);

std::optional<Agreement> find_agreement(db::Tx& tx, std::int64_t case_id);
void put_agreement(db::Tx& tx, const Agreement& a);

}  // namespace medrisk::disputes::store
