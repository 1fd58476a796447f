// Consent types: a patient's data-sharing grant (who, for what purpose, which data, until when) and
// the access log entry written by every read of shared data. Spelling as in docs/GLOSSARY.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medrisk::consent {

// Kinds of data a grant covers (data/consent/purposes.json `data_kinds`).
inline constexpr const char* kNarrative = "narrative";
inline constexpr const char* kAttachments = "attachments";
inline constexpr const char* kRecords = "records";
inline constexpr const char* kWitnessRecords = "witness_records";

// Who receives a grant: one named user, one named organization, or everyone holding a role (e.g. the
// mediators of the case's committee, who still need the case's own authorization).
struct Grantee {
  std::string kind;  // user, organization, role
  std::optional<std::int64_t> user_id, organization_id;
  std::optional<std::string> role;
};

struct Grant {
  std::int64_t id = 0;
  std::int64_t patient_user_id = 0;
  std::optional<std::int64_t> case_id;  // one dispute case, or every record of the patient when absent
  Grantee grantee;
  std::string purpose;                  // case_handling, appraisal, legal_aid, insurer_claim, risk_database, research
  std::vector<std::string> data_kinds;  // narrative, attachments, records, witness_records
  std::optional<std::string> valid_until;  // YYYY-MM-DD inclusive; absent: until revoked (grants moved from disputes)
  std::int64_t granted_by_user_id = 0;
  std::string granted_at;
  std::optional<std::string> revoked_at;
  std::optional<std::int64_t> revoked_by_user_id;
  std::string source = "consent";  // consent (the consent centre), disputes_case (a case's consent panel), migration
  // Set when a legal representative granted it for the patient (granted_by_user_id is then the
  // representative): the accounts representation it was granted on.
  std::optional<std::int64_t> representation_id;
  std::string grantee_name;        // the named user's or organization's name, filled for the patient's list
  std::string granted_by_name;     // filled for the patient's list
};

struct NewGrant {
  std::optional<std::int64_t> case_id;
  Grantee grantee;
  std::string purpose;
  std::vector<std::string> data_kinds;
  std::optional<std::string> valid_until;
};

// What a reader asks: may this party see this data of this patient for this purpose now?
struct GrantQuery {
  std::int64_t patient_user_id = 0;
  std::optional<std::int64_t> case_id;
  std::int64_t reader_user_id = 0;
  std::int64_t reader_organization_id = 0;
  std::vector<std::string> reader_roles;
  std::string purpose;
  std::string data_kind;
};

// One read of shared data, for the patient's "who looked at my data".
struct AccessEntry {
  std::int64_t id = 0;
  std::int64_t patient_user_id = 0;
  std::optional<std::int64_t> grant_id;
  std::int64_t reader_user_id = 0;
  std::optional<std::int64_t> reader_organization_id;
  std::string reader_role;
  std::string purpose;
  std::string data_kind;
  std::string resource;  // e.g. case:12, case:12/attachment:3
  std::string module;    // the module that served the read: disputes, claims, appraisal, …
  std::string request_id;
  std::string at;
  std::string reader_name, organization_name;  // filled for the patient's view
};

// Whose consent centre a request acts in: the patient's own, or a patient's through a live representation.
struct Acting {
  std::int64_t patient_user_id = 0;
  std::optional<std::int64_t> representation_id;  // set when the actor is the patient's representative
};

// A member of an organization a patient may name in a user grant.
struct PartyMember {
  std::int64_t user_id = 0;
  std::string display_name;
  std::string role;
};

struct Purpose {
  std::string id, name_zh, name_en;
  std::vector<std::string> roles;  // the roles that read for this purpose (mediator → case_handling)
};

struct DataKind {
  std::string id, name_zh, name_en;
};

struct Purposes {
  std::string version, source;
  std::vector<Purpose> purposes;
  std::vector<DataKind> data_kinds;
  int max_valid_days = 0;  // the longest a grant may run
};

}  // namespace medrisk::consent
