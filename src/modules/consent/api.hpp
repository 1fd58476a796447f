// Consent (issue 15): the patient's data-sharing grants — a named user, organization or role, for a
// purpose, over named data, until a date, revocable — and the access log every read of shared data
// writes. Other modules reach consent only through this header, always in their own transaction:
// there is no cache anywhere, so a revocation committed on any node refuses the very next read on
// every node (the read checks the table inside the reader's transaction).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/accounts/api.hpp"
#include "modules/consent/model.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::consent {

inline constexpr int kMaxGrantsPerPatient = 500;  // live and past grants one patient may hold
inline constexpr int kMaxPageSize = 100;

// Reads data/consent/purposes.json; throws std::runtime_error when invalid.
Purposes load_purposes(const std::filesystem::path& dir);

class ConsentService {
 public:
  ConsentService(db::Database& db, const Clock& clock, Purposes purposes);

  // The schema (1200). module_spec() adds 1201, the move of disputes' case_consents, which needs the
  // disputes schema: a store test of another module may migrate ConsentService::migrations() alone.
  static std::vector<db::Migration> migrations();

  // ---- for other modules, in the caller's transaction ----
  // The live grant (not revoked, not past valid_until on the request's day) that lets the reader see the
  // data, if any.
  std::optional<Grant> live_grant(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q) const;
  bool allows(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q) const {
    return live_grant(tx, ctx, q).has_value();
  }
  // The one call a read of shared data makes: true when a live grant allows it, and then the access
  // entry is written in the same transaction (so the caller's transaction must be a write one).
  bool check_and_record(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q, const std::string& module,
                        const std::string& resource) const;
  // The access entry alone (e.g. a read allowed by another rule that the patient should still see).
  void record_access(db::Tx& tx, const RequestContext& ctx, const GrantQuery& q, std::optional<std::int64_t> grant_id,
                     const std::string& module, const std::string& resource) const;
  // The purpose the reader's roles read for (mediator → case_handling, data/consent/purposes.json), and
  // the role that matched; nullopt when none of the roles can be granted anything.
  std::optional<std::string> purpose_for_roles(const std::vector<std::string>& roles, std::string* role = nullptr) const;
  // A grant made for the patient by another module's screen (disputes' case consent panel), audited;
  // `representation_id` when the actor is the patient's legal representative.
  Result<Grant> grant(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id, const NewGrant& in,
                      const std::string& source, std::optional<std::int64_t> representation_id = {}) const;
  // Revokes one of the patient's grants (409 when revoked already); audited.
  Result<Grant> revoke(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id, std::int64_t grant_id) const;
  // The patient's grants (of one case when given), newest first.
  std::vector<Grant> grants_of(db::Tx& tx, std::int64_t patient_user_id, std::optional<std::int64_t> case_id) const;
  // active, revoked or expired, today.
  std::string state_of(const Grant& g) const;

  // ---- the patient's consent centre ----
  // The patient acts on their own grants; a legal representative (accounts' representations) on the
  // grants of the patient they represent, `for_patient`, while the representation is live: no
  // representation of that patient at all is 404, one that ended or was revoked 403
  // consent_representation_ended. A grant made so records the representative and the representation.
  Result<Grant> grant(const RequestContext& ctx, const NewGrant& in, std::optional<std::int64_t> for_patient = {});
  Result<Grant> revoke(const RequestContext& ctx, std::int64_t grant_id, std::optional<std::int64_t> for_patient = {});
  Result<std::vector<Grant>> list(const RequestContext& ctx, std::int64_t after_id, int limit,
                                  std::optional<std::int64_t> for_patient = {});
  Result<std::vector<AccessEntry>> access_log(const RequestContext& ctx, std::int64_t after_id, int limit,
                                              std::optional<std::int64_t> for_patient = {});
  // The organizations a patient may name in a grant (insurers, committees, legal-aid offices, the expert pool,
  // institutions, regulators), for the grant form.
  Result<std::vector<accounts::Organization>> parties(const RequestContext& ctx);
  // The active members of one of those organizations, for a grant to a named user.
  Result<std::vector<PartyMember>> party_members(const RequestContext& ctx, std::int64_t organization_id);

  const Purposes& purposes() const { return purposes_; }

 private:
  // Whose grants the actor manages in this request (see grant() above), read in tx.
  Result<Acting> acting(db::Tx& tx, const RequestContext& ctx, std::optional<std::int64_t> for_patient) const;
  db::Database& db_;
  const Clock& clock_;
  Purposes purposes_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::consent
