// Disputes vocabulary: complaints (投诉), dispute cases (纠纷案件) and their timeline, materials
// checklist items, attachments, consent grants and mediation sessions. Money is integer fen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::disputes {

// ---- complaints ----
struct Complaint {
  std::int64_t id = 0;
  std::int64_t patient_user_id = 0;
  std::int64_t institution_org_id = 0;
  std::int64_t filed_by_user_id = 0;
  std::string category;    // diagnosis_treatment, nursing, service_attitude, fees, medical_records, other
  std::string department;
  Date incident_date;
  bool multi_department = false;
  std::optional<std::string> narrative;  // decrypted; nullopt when withheld
  std::string state;       // open, responded, closed, escalated
  std::optional<std::string> response;
  std::optional<std::string> responded_on;  // YYYY-MM-DD
  std::optional<std::int64_t> case_id;
  std::string filed_on;    // YYYY-MM-DD
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> reopened_on;  // YYYY-MM-DD of the last reopening: the response clock restarts
};

struct NewComplaint {
  std::optional<std::int64_t> patient_user_id;  // required when an officer files on a patient's behalf
  std::int64_t institution_org_id = 0;
  std::string category, department, narrative;
  Date incident_date;
  bool multi_department = false;
};

// ---- dispute cases ----
struct DisputeCase {
  std::int64_t id = 0;
  std::optional<std::int64_t> complaint_id;
  std::int64_t patient_user_id = 0;
  std::int64_t institution_org_id = 0;
  std::optional<std::int64_t> clinician_user_id;
  std::string region_code;
  std::string case_type;  // death, disability, other_harm
  std::string department;
  Date incident_date;
  std::optional<std::string> death_at;  // ISO UTC, death cases
  std::optional<std::string> narrative;  // decrypted; nullopt when withheld
  bool narrative_withheld = false;
  Money compensation_demand_fen;
  std::string state;
  std::optional<std::string> channel;  // negotiation, people_mediation, administrative_mediation, litigation
  std::optional<std::string> refusal_reason;
  std::optional<std::int64_t> committee_org_id, mediator_user_id;
  std::optional<std::int64_t> insurer_org_id, adjuster_user_id, policy_id;
  std::optional<std::int64_t> legal_aid_org_id, lawyer_user_id;
  std::optional<std::string> court, court_case_number, judgment_summary;
  std::optional<Money> judgment_fen;
  std::optional<Money> agreement_fen;
  std::string filed_on;
  std::optional<std::string> accepted_on;
  std::optional<std::string> patient_confirmed_at;
  std::optional<std::string> payment_started_on;
  std::string created_at, updated_at;
};

struct NewCase {
  std::optional<std::int64_t> patient_user_id;
  std::int64_t institution_org_id = 0;
  std::optional<std::int64_t> clinician_user_id;
  std::string case_type, department, narrative;
  Date incident_date;
  std::optional<std::string> death_at;
  Money compensation_demand_fen;
  std::optional<std::int64_t> complaint_id;
};

struct CaseEvent {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string kind;  // transition action, material.*, consent.*, session.*, record.*
  std::optional<std::string> from_state, to_state;
  std::optional<std::int64_t> actor_user_id;
  std::string details_json;  // never the narrative or file contents
  std::string at;
};

struct CaseFilter {
  std::optional<std::string> state;
  std::optional<std::int64_t> institution_org_id;
  bool overdue_only = false;
  std::int64_t after_id = 0;
  int limit = 50;
};

// ---- materials ----
struct Attachment {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string item_id;
  std::string file_name, content_type, sha256;
  std::int64_t size_bytes = 0;
  std::int64_t uploaded_by_user_id = 0;
  std::string storage_key;
  std::string uploaded_at;
};

struct MaterialStatus {
  std::string item_id;
  std::string status = "missing";  // missing, uploaded, accepted, rejected
  std::optional<std::string> rejection_reason;
};

// ---- consent ----
// One row of a case's consent panel: whether the role holds a live grant for this case (consent module).
struct ConsentGrant {
  std::string grantee_role;  // mediator, adjuster, expert, lawyer
  bool granted = false;
  std::string changed_at;
};

// ---- mediation sessions ----
struct Offer {
  std::string party;  // patient_side, provider, insurer
  Money amount_fen;
  std::string note;
};

struct MediationSession {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string scheduled_at;
  std::string place;
  std::vector<std::string> attendees;
  std::optional<std::string> minutes;
  std::vector<Offer> offers;
  std::optional<std::string> outcome;  // continued, agreed, failed
  std::string created_at;
};

// The mediation agreement (调解协议) and who pays what of it.
struct Payer {
  std::string payer;  // insurer, institution, accident_cover
  Money amount_fen;
};
struct Agreement {
  std::int64_t case_id = 0;
  Money amount_fen;
  std::vector<Payer> payers;
  std::optional<std::string> patient_signature, patient_signed_at, provider_signature, provider_signed_at;
  std::string created_at;
};

// For the risk database (risk module): complaints and dispute cases counted by institution, department,
// clinician (cases only: a complaint names none) and incident month (YYYY-MM).
struct DisputeTally {
  std::string kind;  // complaint, case
  std::int64_t organization_id = 0;
  std::string department;
  std::optional<std::int64_t> clinician_user_id;
  std::string month;
  std::int64_t count = 0;
};

}  // namespace medrisk::disputes
