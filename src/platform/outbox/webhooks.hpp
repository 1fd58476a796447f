// Webhooks for partner systems (hospital HIS, insurer core systems): an organization subscribes a URL
// to event types; `emit` queues one outbox message per matching subscription in the caller's
// transaction; the dispatcher POSTs it signed with the subscription's secret (HMAC-SHA256 over
// "timestamp.body"), retrying with backoff until the receiver answers 2xx or the message is dead.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::webhooks {

inline constexpr std::string_view kTopic = "webhook";
inline constexpr std::size_t kMaxSubscriptionsPerOrganization = 20;
inline constexpr std::size_t kMaxUrlLength = 500;

struct Subscription {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string url;
  std::vector<std::string> event_types;  // "*" for all
  bool active = true;
  std::string created_at;
};

struct Created {
  Subscription subscription;
  std::string secret;  // shown once; stored encrypted
};

// Refuses a URL that is not http(s) (webhook_url_invalid) or an organization over its limit.
Result<Created> subscribe(db::Tx& tx, const crypto::KeyRing& keys, Timestamp now, std::int64_t organization_id,
                          const std::string& url, const std::vector<std::string>& event_types);
std::vector<Subscription> list(db::Tx& tx, std::int64_t organization_id);
bool deactivate(db::Tx& tx, std::int64_t organization_id, std::int64_t subscription_id);

// Queues the event for every active subscription of the given organizations that wants it.
int emit(db::Tx& tx, Timestamp now, const std::vector<std::int64_t>& organization_ids, const std::string& event_type,
         const nlohmann::json& data);

// The outbox deliverer for kTopic.
outbox::Deliverer deliverer(db::Database& db, const crypto::KeyRing& keys, const Clock& clock);

// The signature a receiver recomputes: hex HMAC-SHA256(secret, timestamp + "." + body).
std::string signature(const std::string& secret, const std::string& timestamp, const std::string& body);

std::vector<db::Migration> migrations();

}  // namespace medrisk::webhooks

namespace medrisk::http {
class Router;
}
namespace medrisk::webhooks {
// GET/POST /api/v1/webhooks, DELETE /api/v1/webhooks/{id} (organizations.manage).
void add_routes(http::Router& router, db::Database& db, const crypto::KeyRing& keys, const Clock& clock);
}  // namespace medrisk::webhooks
