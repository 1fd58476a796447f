// Pure decisions of the witnessing module: the procedure templates, what may change in which state,
// the initials the public page shows, attachment checks, and the canonical form that is sealed into
// the platform ledger (documented in README.md "Canonical form"). No I/O; unit-tested.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/result.hpp"
#include "modules/witnessing/model.hpp"

namespace medrisk::witnessing {

inline constexpr std::size_t kMaxQuestions = 50;
inline constexpr std::size_t kMaxAlternatives = 20;
inline constexpr std::size_t kMaxTextLength = 2000;  // code points of one question, answer or alternative
inline constexpr std::size_t kMaxAttachments = 20;
inline constexpr std::size_t kMaxAttachmentBytes = 16u << 20;  // 16 MiB: a few minutes of audio or a short video
inline constexpr const char* kCanonicalFormat = "medrisk.witness-record/1";

// data/witnessing/procedures.json → Templates (throws std::runtime_error naming what is wrong).
Templates parse_templates(const nlohmann::json& j);

// A new record's risks: every risk of the template, none acknowledged.
std::vector<Risk> risks_from(const ProcedureTemplate& t);

const std::vector<std::string>& relationships();  // spouse, parent, child, sibling, guardian, other

// "郑晓禾" → "郑**", "John Smith" → "J. S.": all the public page says about a person.
std::string initials(std::string_view name);

// draft → awaiting_patient / awaiting_surgeon (one has signed) → sealed.
std::string stage(const WitnessRecord& r);

// The content (questions, answers, alternatives, attachments) changes only before anyone signed.
Status check_content_editable(const WitnessRecord& r);
Status check_acknowledge(const WitnessRecord& r, const std::string& risk_key);
// The patient signs after acknowledging every risk; each party signs once.
Status check_sign(const WitnessRecord& r, bool as_surgeon);
bool both_signed(const WitnessRecord& r);
int acknowledged_count(const WitnessRecord& r);

// Attachments: audio (MP3, M4A, WAV), video (MP4, WebM), photos (JPEG, PNG) and PDF scans, checked
// by their first bytes; the kind ("audio", "video", "photo") follows from the type.
Status check_attachment(std::string_view content_type, std::string_view bytes);
std::string attachment_kind(std::string_view content_type);

// SHA-256 over the salted, canonical JSON of the personal part (names, phone, representative,
// questions, alternatives, signature texts): binds them into the sealed record without revealing them.
std::string personal_digest(const Personal& p);
// SHA-256 of "<session id>:<public id>": the signer's session, without exposing the session id.
std::string session_digest(std::int64_t session_id, const std::string& public_id);

// The canonical form: a JSON object with sorted keys, no insignificant whitespace, UTF-8, integers as
// integers (nlohmann::json::dump()). It holds no personal data beyond initials; see README.md.
nlohmann::json canonical_json(const WitnessRecord& r, const std::string& sealed_at);
std::string canonical_form(const WitnessRecord& r, const std::string& sealed_at);

}  // namespace medrisk::witnessing
