// Legal representation (法定代理人/监护人, 委托代理人): a representative user acting for a patient user on
// one legal basis (data/accounts/representation_bases.json: guardian of a minor, 民法典 art. 27; guardian
// of an adult without full capacity, art. 28; agent by written authorization, arts. 161, 165), valid from
// a date (until a date), with the reference of the evidence document checked. Made by the patient or by
// an officer/administrator who checked the evidence (representations.manage), revocable by the patient,
// the representative or such a manager; every change audited. Part of accounts' api.hpp: other modules
// (consent) read representations here, in their own transaction, and judge them with is_live().
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::accounts {

struct Representation {
  std::int64_t id = 0;
  std::int64_t patient_user_id = 0;
  std::int64_t representative_user_id = 0;
  std::string basis;                      // guardian_minor, guardian_adult, agent_written
  std::string valid_from;                 // YYYY-MM-DD
  std::optional<std::string> valid_until;  // YYYY-MM-DD inclusive; absent: until revoked
  std::string evidence_ref;               // the evidence document's reference (certificate no., file no.)
  std::int64_t created_by_user_id = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::int64_t> revoked_by_user_id;
  std::string patient_name, representative_name;  // filled for display
};

struct NewRepresentation {
  std::int64_t patient_user_id = 0;
  std::int64_t representative_user_id = 0;
  std::string basis;
  std::string valid_from;
  std::optional<std::string> valid_until;
  std::string evidence_ref;
};

struct RepresentationBasis {
  std::string id, name_zh, name_en, source;
  bool requires_valid_until = false;  // a written authorization states its term (民法典 art. 165)
};

// Reads data/accounts/representation_bases.json; throws std::runtime_error when invalid.
std::vector<RepresentationBasis> load_representation_bases(const std::filesystem::path& dir);

// ---- pure rules ----
inline constexpr std::size_t kMaxEvidenceRefLength = 200;
// Known basis, two different users, an evidence reference, valid_from ≤ valid_until, valid_until when
// the basis requires one, not ending before today.
Status check_new_representation(const NewRepresentation& r, const std::vector<RepresentationBasis>& bases, Date today);
// Not revoked, and valid_from ≤ today ≤ valid_until (when given).
bool is_live(const Representation& r, Date today);
std::string state_of(const Representation& r, Date today);  // active, pending, ended, revoked

namespace representation {
inline constexpr int kMaxPerUser = 100;
// Every representation (live or not) of `representative_user_id` for `patient_user_id`, newest first.
std::vector<Representation> between(db::Tx& tx, std::int64_t representative_user_id, std::int64_t patient_user_id);
}  // namespace representation

class RepresentationService {
 public:
  RepresentationService(db::Database& db, const Clock& clock, std::vector<RepresentationBasis> bases);
  static std::vector<db::Migration> migrations();  // 210

  Result<Representation> create(const RequestContext& ctx, const NewRepresentation& in);
  Result<Representation> revoke(const RequestContext& ctx, std::int64_t id);
  // The actor's own (as patient or as representative), or — for a manager — those of one patient.
  Result<std::vector<Representation>> list(const RequestContext& ctx, std::optional<std::int64_t> patient_user_id);
  std::string state_of(const Representation& r) const { return accounts::state_of(r, clock_.today()); }
  const std::vector<RepresentationBasis>& bases() const { return bases_; }

 private:
  db::Database& db_;
  const Clock& clock_;
  std::vector<RepresentationBasis> bases_;
};

}  // namespace medrisk::accounts
