// The witnessing module's types: the procedure templates (data/witnessing/procedures.json) and a
// witness record of a pre-operative consent talk (术前谈话见证) with its risks, questions,
// alternatives, attachments and the two signatures. Personal fields live in `Personal` (encrypted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace medrisk::witnessing {

struct RiskTemplate {
  std::string key, text_zh, text_en;
};

struct AlternativeTemplate {
  std::string text_zh, text_en;
};

struct ProcedureTemplate {
  std::string code;  // ICD-9-CM-3 style, "51.23"
  std::string name_zh, name_en;
  std::vector<RiskTemplate> risks;
  std::vector<AlternativeTemplate> alternatives;
};

struct Templates {
  std::string version;  // of data/witnessing/procedures.json
  std::vector<ProcedureTemplate> procedures;
  const ProcedureTemplate* find(const std::string& code) const;
};

// One risk explained from the template and whether (and when) the patient acknowledged it.
struct Risk {
  std::string key, text_zh, text_en;
  std::optional<std::string> acknowledged_at;
};

struct QuestionAnswer {
  std::string question, answer;
};

struct Signature {
  std::string text;       // what the signer typed (their name), personal
  std::string signed_at;  // ISO UTC
  std::int64_t user_id = 0;
  std::string session_digest;  // SHA-256 of the signer's session id and the record's public id
};

// Everything personal about a record: stored encrypted in one column, bound into the sealed
// canonical form by its salted digest (rules.hpp personal_digest).
struct Personal {
  std::string patient_name;
  std::string patient_phone;  // normalized
  std::optional<std::string> representative_name;
  std::optional<std::string> representative_relationship;  // spouse, parent, child, sibling, guardian, other
  std::vector<QuestionAnswer> questions;
  std::vector<std::string> alternatives;
  std::optional<Signature> surgeon_signature;
  std::optional<Signature> patient_signature;
  std::string salt;  // random; makes the digest useless for guessing names
};

struct Attachment {
  std::int64_t id = 0;
  std::int64_t record_id = 0;
  std::string kind;  // audio, video, photo (of a signed paper form)
  std::string file_name, content_type, sha256;
  std::int64_t size_bytes = 0;
  std::int64_t uploaded_by = 0;
  std::string storage_key;
  std::string uploaded_at;
};

struct WitnessRecord {
  std::int64_t id = 0;
  std::string public_id;  // printed in the certificate's QR code: /verify/witness/{public_id}
  std::int64_t institution_id = 0;
  std::string institution_name;
  std::int64_t surgeon_user_id = 0;
  std::string surgeon_name;
  std::string procedure_code, procedure_name_zh, procedure_name_en, templates_version;
  Date procedure_date;
  std::string status;  // draft | sealed
  std::vector<Risk> risks;
  Personal personal;
  std::string patient_phone_index;  // blind index, for the patient's own list
  std::vector<Attachment> attachments;
  std::optional<std::int64_t> corrects_id;      // this record corrects that (sealed) one
  std::optional<std::int64_t> corrected_by_id;  // a later sealed record corrected this one
  std::optional<std::string> corrects_public_id;
  std::optional<std::string> record_hash;  // SHA-256 of the canonical form, once sealed
  std::optional<std::string> canonical;    // the canonical form appended to the ledger
  std::optional<std::int64_t> leaf_index;  // in the platform ledger
  std::optional<std::string> sealed_at;
  std::string created_at, updated_at;
};

}  // namespace medrisk::witnessing
