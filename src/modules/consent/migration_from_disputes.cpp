// The one-time move of the disputes module's per-case consent (case_consents, migration 400) into
// consent_grants (issue 15 part 2). It is the only consent SQL that names another module's tables:
// a forward-only data move that runs once, in version order after both schemas exist;
// scripts/check-layers.sh allows it in files named migration_from_<module>.cpp and nowhere else.
// Disputes no longer reads case_consents; its rows stay as they were (history, never deleted).
// The role → purpose mapping is the one of data/consent/purposes.json when the move was written
// (mediator → case_handling, adjuster → insurer_claim, expert → appraisal, lawyer → legal_aid); the
// data kinds are the ones disputes withheld: the narrative and the attachments. A refused role (granted 0)
// becomes a revoked grant; none has an end date (the disputes panel had none).
#include "modules/consent/store.hpp"

namespace medrisk::consent::store {

std::vector<db::Migration> migrations_from_disputes() {
  return {{1201, "consent_from_disputes_case_consents", R"(
INSERT INTO consent_grants (patient_user_id, case_id, grantee_kind, grantee_user_id, grantee_organization_id,
  grantee_role, purpose, data_kinds_json, valid_until, granted_by_user_id, granted_at, revoked_at,
  revoked_by_user_id, source)
SELECT d.patient_user_id, c.case_id, 'role', NULL, NULL, c.grantee_role,
  CASE c.grantee_role WHEN 'mediator' THEN 'case_handling' WHEN 'adjuster' THEN 'insurer_claim'
    WHEN 'expert' THEN 'appraisal' ELSE 'legal_aid' END,
  '["narrative","attachments"]', NULL, d.patient_user_id, c.changed_at,
  CASE WHEN c.granted = 0 THEN c.changed_at ELSE NULL END,
  CASE WHEN c.granted = 0 THEN d.patient_user_id ELSE NULL END,
  'migration'
FROM case_consents c JOIN dispute_cases d ON d.id = c.case_id
ORDER BY c.case_id, c.grantee_role
)"}};
}

}  // namespace medrisk::consent::store
