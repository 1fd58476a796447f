// Demo data of the consent module: the demo patient's grants — the insurer for its claim, the legal-aid
// office, research for a university-less "risk database" at the regulator (revoked), and one expired
// appraisal grant — and access entries of the insurer's adjuster reading under the live grant. Dates
// are relative to the clock's today, so the same clock gives the same data. Nothing here is a real person.
#include <stdexcept>

#include "modules/accounts/api.hpp"
#include "modules/consent/demo.hpp"
#include "modules/consent/store.hpp"

namespace medrisk::consent {
namespace {

template <class T>
T demo_ok(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error("demo consent: " + what + ": " + r.error().code + " " + r.error().detail);
  return std::move(r).value();
}

NewGrant to_org(std::int64_t org, const std::string& purpose, std::vector<std::string> kinds, Date until) {
  NewGrant g;
  g.grantee.kind = "organization";
  g.grantee.organization_id = org;
  g.purpose = purpose;
  g.data_kinds = std::move(kinds);
  g.valid_until = until.to_string();
  return g;
}

}  // namespace

void seed_demo_consent(ConsentService& service, db::Database& db, const modules::DemoDirectory& dir, const Clock& clock) {
  auto patient = accounts::demo_context(dir, clock, "patient", "patient", "");
  auto adjuster = accounts::demo_context(dir, clock, "adjuster", "adjuster", "insurer1");
  Date today = clock.today();
  auto insurer = demo_ok(service.grant(patient, to_org(dir.org("insurer1"), "insurer_claim",
                                                       {"narrative", "attachments", "records"}, today.add_days(180))),
                         "insurer grant");
  demo_ok(service.grant(patient, to_org(dir.org("legal_aid"), "legal_aid", {"narrative", "attachments"}, today.add_days(90))),
          "legal aid grant");
  auto risk = demo_ok(service.grant(patient, to_org(dir.org("regulator"), "risk_database", {"records"}, today.add_days(365))),
                      "risk database grant");
  demo_ok(service.revoke(patient, risk.id), "revocation");
  db.write([&](db::Tx& tx) {
    // An appraisal grant that ran out last month: written as it was then (the rules refuse a past date today).
    Grant expired;
    expired.patient_user_id = patient.actor.user_id;
    expired.grantee.kind = "organization";
    expired.grantee.organization_id = dir.org("pool");
    expired.purpose = "appraisal";
    expired.data_kinds = {"narrative", "attachments", "records"};
    expired.valid_until = today.add_days(-30).to_string();
    expired.granted_by_user_id = patient.actor.user_id;
    expired.granted_at = (patient.now() - std::chrono::hours(24 * 120)).to_iso_utc();
    expired.source = "consent";
    store::insert_grant(tx, expired);
    // The adjuster read the patient's narrative and records under the insurer's grant.
    GrantQuery q{patient.actor.user_id, std::nullopt, adjuster.actor.user_id, adjuster.actor.organization_id,
                 adjuster.actor.roles, "insurer_claim", "narrative"};
    for (const char* kind : {"narrative", "records"}) {
      q.data_kind = kind;
      service.record_access(tx, adjuster, q, insurer.id, "claims", "demo");
    }
  });
}

}  // namespace medrisk::consent
