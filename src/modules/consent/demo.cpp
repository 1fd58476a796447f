// Demo data of the consent module: a grant the demo patient made as guardian of the minor patient
// 郑小满 (to 明湖市妇幼保健院, case handling); the demo patient's grants — 康泰 (insurer2) for an insurance claim
// and 明湖市中医院 (hospital2) for research, both active; the regulator's risk database, revoked; the expert
// pool for appraisal, expired last month — and the access entries of expert1, who read the case file
// while the appraisal grant was live. The parties the API tests read as (insurer1, the committee, the
// legal-aid office) get no demo grant, so their reads of the demo patient's cases stay withheld until the
// patient grants them. Dates are relative to the clock's today. Nothing here is a real person.
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
  Date today = clock.today();
  demo_ok(service.grant(patient, to_org(dir.org("insurer2"), "insurer_claim", {"narrative", "attachments", "records"},
                                        today.add_days(180))),
          "insurer grant");
  demo_ok(service.grant(patient, to_org(dir.org("hospital2"), "research", {"records"}, today.add_days(90))), "research grant");
  auto risk = demo_ok(service.grant(patient, to_org(dir.org("regulator"), "risk_database", {"records"}, today.add_days(365))),
                      "risk database grant");
  demo_ok(service.revoke(patient, risk.id), "revocation");
  // 郑晓禾 as the guardian of the minor demo patient 郑小满 (accounts' demo representation): 妇幼保健院
  // (hospital2) may read the child's records for handling a case, granted by the parent.
  demo_ok(service.grant(patient, to_org(dir.org("hospital2"), "case_handling", {"records"}, today.add_days(120)),
                        dir.user("patient_minor")),
          "grant by the guardian");
  db.write([&](db::Tx& tx) {
    // An appraisal grant that ran out last month, written as it was made then (the rules refuse a past
    // date today), and expert1's reads while it was live.
    Timestamp now = patient.now();
    Grant expired;
    expired.patient_user_id = patient.actor.user_id;
    expired.grantee.kind = "organization";
    expired.grantee.organization_id = dir.org("pool");
    expired.purpose = "appraisal";
    expired.data_kinds = {"narrative", "attachments"};
    expired.valid_until = today.add_days(-30).to_string();
    expired.granted_by_user_id = patient.actor.user_id;
    expired.granted_at = (now - std::chrono::hours(24 * 120)).to_iso_utc();
    expired.source = "consent";
    std::int64_t grant_id = store::insert_grant(tx, expired);
    const std::pair<const char*, int> reads[] = {{"narrative", 100}, {"attachments", 100}, {"narrative", 45}};
    for (const auto& [kind, days_ago] : reads) {
      AccessEntry e;
      e.patient_user_id = patient.actor.user_id;
      e.grant_id = grant_id;
      e.reader_user_id = dir.user("expert1");
      e.reader_organization_id = dir.org("pool");
      e.reader_role = "expert";
      e.purpose = "appraisal";
      e.data_kind = kind;
      e.resource = "demo";
      e.module = "disputes";
      e.request_id = "demo";
      e.at = (now - std::chrono::hours(24 * days_ago)).to_iso_utc();
      store::insert_access(tx, e);
    }
  });
}

}  // namespace medrisk::consent
