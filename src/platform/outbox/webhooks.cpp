// Webhook subscriptions and delivery (see webhooks.hpp).
#include "platform/outbox/webhooks.hpp"

#include <httplib.h>
#include <soci/soci.h>

#include <regex>

#include "platform/crypto/crypto.hpp"
#include "platform/db/rows.hpp"
#include "platform/errors.hpp"

namespace medrisk::webhooks {
namespace {

constexpr std::string_view kSecretAad = "webhook_subscriptions.secret_enc";

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto comma = s.find(',', pos);
    if (comma == std::string::npos) comma = s.size();
    if (comma > pos) out.push_back(s.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

Subscription read(const soci::row& r) {
  Subscription s;
  s.id = db::int64_at(r, 0);
  s.organization_id = db::int64_at(r, 1);
  s.url = r.get<std::string>(2);
  s.event_types = split(r.get<std::string>(3));
  s.active = db::int64_at(r, 4) != 0;
  s.created_at = r.get<std::string>(5);
  return s;
}

bool wants(const Subscription& s, const std::string& event_type) {
  for (const auto& t : s.event_types)
    if (t == "*" || t == event_type) return true;
  return false;
}

}  // namespace

std::string signature(const std::string& secret, const std::string& timestamp, const std::string& body) {
  return crypto::hmac_sha256_hex(secret, timestamp + "." + body);
}

Result<Created> subscribe(db::Tx& tx, const crypto::KeyRing& keys, Timestamp now, std::int64_t organization_id,
                          const std::string& url, const std::vector<std::string>& event_types) {
  static const std::regex form(R"(^https?://[A-Za-z0-9.\-]+(:\d{1,5})?(/[^\s]*)?$)");
  if (url.size() > kMaxUrlLength || !std::regex_match(url, form))
    return Error::of(std::string(platform_errors::webhook_url_invalid));
  if (event_types.empty()) return Error::of("request_invalid").with("/event_types", "field_required");
  long long org = organization_id, count = 0;
  tx.sql() << "SELECT COUNT(*) FROM webhook_subscriptions WHERE organization_id = :o AND active = 1", soci::use(org),
      soci::into(count);
  if (count >= static_cast<long long>(kMaxSubscriptionsPerOrganization))
    return Error::of(std::string(platform_errors::webhook_limit_reached));
  Created c;
  c.secret = crypto::random_token(32);
  std::string secret_enc = keys.encrypt(c.secret, kSecretAad), types = join(event_types), at = now.to_iso_utc();
  long long id = 0;
  tx.sql() << "INSERT INTO webhook_subscriptions (organization_id, url, secret_enc, event_types, active, created_at) "
              "VALUES (:o, :u, :s, :t, 1, :at) RETURNING id",
      soci::use(org), soci::use(url), soci::use(secret_enc), soci::use(types), soci::use(at), soci::into(id);
  c.subscription = {id, organization_id, url, event_types, true, at};
  return c;
}

std::vector<Subscription> list(db::Tx& tx, std::int64_t organization_id) {
  long long org = organization_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, organization_id, url, event_types, active, created_at FROM webhook_subscriptions "
                           "WHERE organization_id = :o ORDER BY id",
       soci::use(org));
  std::vector<Subscription> out;
  for (const auto& r : rows) out.push_back(read(r));
  return out;
}

bool deactivate(db::Tx& tx, std::int64_t organization_id, std::int64_t subscription_id) {
  long long org = organization_id, id = subscription_id, n = 0;
  tx.sql() << "SELECT COUNT(*) FROM webhook_subscriptions WHERE id = :id AND organization_id = :o", soci::use(id),
      soci::use(org), soci::into(n);
  if (!n) return false;
  tx.sql() << "UPDATE webhook_subscriptions SET active = 0 WHERE id = :id", soci::use(id);
  return true;
}

int emit(db::Tx& tx, Timestamp now, const std::vector<std::int64_t>& organization_ids, const std::string& event_type,
         const nlohmann::json& data) {
  int queued = 0;
  for (std::int64_t org : organization_ids) {
    for (const auto& s : list(tx, org)) {
      if (!s.active || !wants(s, event_type)) continue;
      outbox::publish(tx, now, std::string(kTopic),
                      {{"subscription_id", s.id}, {"delivery_id", crypto::random_token(12)}, {"event", event_type},
                       {"occurred_at", now.to_iso_utc()}, {"data", data}});
      ++queued;
    }
  }
  return queued;
}

outbox::Deliverer deliverer(db::Database& db, const crypto::KeyRing& keys, const Clock& clock) {
  return [&db, &keys, &clock](const nlohmann::json& message) -> Status {
    long long id = message.at("subscription_id").get<long long>();
    std::string url, secret_enc;
    int active = 0;
    bool found = db.read([&](db::Tx& tx) {
      soci::indicator ind = soci::i_null;
      tx.sql() << "SELECT url, secret_enc, active FROM webhook_subscriptions WHERE id = :id", soci::use(id),
          soci::into(url, ind), soci::into(secret_enc), soci::into(active);
      return ind == soci::i_ok;
    });
    if (!found || !active) return {};  // unsubscribed since: nothing left to deliver
    std::string body = nlohmann::json{{"id", message.at("delivery_id")}, {"event", message.at("event")},
                                      {"occurred_at", message.at("occurred_at")}, {"data", message.at("data")}}.dump();
    std::string timestamp = std::to_string(clock.now().micros() / 1000000);
    static const std::regex parts(R"(^(https?://[^/]+)(/.*)?$)");
    std::smatch m;
    if (!std::regex_match(url, m, parts)) return Error::of(std::string(platform_errors::webhook_url_invalid));
    httplib::Client client(m[1].str());
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(10));
    httplib::Headers headers = {{"X-MedRisk-Event", message.at("event").get<std::string>()},
                                {"X-MedRisk-Delivery", message.at("delivery_id").get<std::string>()},
                                {"X-MedRisk-Timestamp", timestamp},
                                {"X-MedRisk-Signature", signature(keys.decrypt(secret_enc, kSecretAad), timestamp, body)}};
    auto res = client.Post(m[2].matched ? m[2].str() : "/", headers, body, "application/json");
    if (!res) return Error::of(std::string(platform_errors::outbox_delivery_failed), "no response from the receiver");
    if (res->status < 200 || res->status >= 300)
      return Error::of(std::string(platform_errors::outbox_delivery_failed), "receiver answered " + std::to_string(res->status));
    return {};
  };
}

std::vector<db::Migration> migrations() {
  return {{111, "webhook_subscriptions", R"(
CREATE TABLE webhook_subscriptions (
  id {{pk}},
  organization_id {{bigint}} NOT NULL,
  url TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  event_types TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (organization_id)
)"}};
}

}  // namespace medrisk::webhooks
