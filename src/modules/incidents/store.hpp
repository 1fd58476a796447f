// SQL of the incidents module: incidents, their corrective actions and reply messages. Narratives
// (description, root-cause analysis, messages) arrive here already encrypted by the service.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/incidents/api.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::incidents::store {

std::vector<db::Migration> migrations();

// An incident row with its narratives still encrypted.
struct IncidentRow {
  Incident i;  // description empty, rca unset
  std::string description_enc;
  std::optional<std::string> rca_enc;
  std::optional<std::string> reply_token_hash;
};

std::int64_t insert_incident(db::Tx& tx, const IncidentRow& row);
void update_incident(db::Tx& tx, const IncidentRow& row);
void lock_incident(db::Tx& tx, std::int64_t id);
std::optional<IncidentRow> find_incident(db::Tx& tx, std::int64_t id);
std::optional<IncidentRow> find_by_token_hash(db::Tx& tx, const std::string& hash);

// Who may see which incidents: one institution, or a province (region prefix).
struct Scope {
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> region_prefix;
};
// Newest first; `overdue_at` (ISO UTC) keeps only incidents without an authority report due before it.
std::vector<IncidentRow> list_incidents(db::Tx& tx, const Scope& scope, const IncidentFilter& f,
                                        const std::optional<std::string>& overdue_at);
std::vector<IncidentRow> to_review(db::Tx& tx, const Scope& scope, const std::string& now_iso, int limit);

struct Count {
  std::string key;
  std::int64_t count = 0;
};
std::vector<Count> count_by(db::Tx& tx, const Scope& scope, const std::string& column);
std::int64_t count_overdue(db::Tx& tx, const Scope& scope, const std::string& now_iso);
std::vector<Count> count_by_month(db::Tx& tx, const Scope& scope, const std::string& from_month);

// Overdue incidents never reminded of, oldest due first.
std::vector<IncidentRow> overdue_unreminded(db::Tx& tx, const std::string& now_iso, int limit);

std::vector<IncidentTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month);

std::int64_t insert_action(db::Tx& tx, const CorrectiveAction& a);
std::vector<CorrectiveAction> list_actions(db::Tx& tx, std::int64_t incident_id);
void update_action_status(db::Tx& tx, std::int64_t action_id, ActionStatus s, const std::optional<std::string>& done_at);

struct MessageRow {
  Message m;  // body empty
  std::string body_enc;
};
std::int64_t insert_message(db::Tx& tx, const MessageRow& m);
std::vector<MessageRow> list_messages(db::Tx& tx, std::int64_t incident_id, int limit);
int count_messages(db::Tx& tx, std::int64_t incident_id);

}  // namespace medrisk::incidents::store
