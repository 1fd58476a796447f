// Per-visit micro-policies (就诊一元保险), the platform's hot path: hospital systems authenticate with
// a per-organization partner key and an HMAC-SHA256 signature, and issue one policy per visit, the
// hospital's visit id being the idempotency key. One transaction per request, with its audit entry.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/insurance/visit_model.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance {

struct Product;
// The visit_policy product of the catalogue (data/products/visit_policy.json) as issuance needs it.
VisitProduct visit_product_of(const Product& p);

// A verified partner: which key signed the request and for which organization.
struct PartnerIdentity {
  std::string key_id;
  std::int64_t organization_id = 0;
};

inline constexpr std::chrono::seconds kPartnerKeyCacheTtl{30};  // a revocation on another node takes effect within this
inline constexpr std::size_t kMaxIssuanceGroup = 256;  // single issuances committed together (group commit)
// Writers taking groups from the queue: on PostgreSQL their transactions commit side by side (audit
// entries are linked into the chain after commit, audit::link_pending), so the database's own group
// commit batches their fsyncs; on SQLite they take turns.
inline constexpr int kIssuanceWriters = 4;
inline constexpr int kDefaultVisitPageSize = 50;
inline constexpr int kMaxVisitPageSize = 200;

class VisitPolicyService {
 public:
  VisitPolicyService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, VisitProduct product);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();

  // ---- partner keys ----
  // Command line: the operator creates a key for a medical institution; the secret is returned once.
  Result<NewPartnerKey> create_partner_key_as_system(std::int64_t organization_id);
  // HTTP: needs partner_keys.manage.
  Result<NewPartnerKey> create_partner_key(const RequestContext& ctx, std::int64_t organization_id);
  Result<std::vector<PartnerKey>> list_partner_keys(const RequestContext& ctx, std::int64_t organization_id);
  Status revoke_partner_key(const RequestContext& ctx, const std::string& key_id);
  Status revoke_partner_key_as_system(const std::string& key_id);

  // Checks headers, clock skew, key and signature (no write). The nonce is recorded by issue().
  Result<PartnerIdentity> authenticate(const SignedRequest& req);

  // For the signed partner routes of other modules (risk's exposure import): records the nonce of a
  // request authenticate() accepted, in the caller's transaction; partner_nonce_replayed when used before.
  Status record_nonce(db::Tx& tx, const PartnerIdentity& partner, const std::string& nonce);

  // Issues a policy per visit in one transaction: records the nonce (a replay is refused), returns
  // the existing policy for a visit id already insured, inserts the rest in one statement, audits.
  Result<std::vector<Issued>> issue(const PartnerIdentity& partner, const std::string& nonce,
                                    const std::vector<NewVisit>& visits, const std::string& request_id);

  // One visit (POST /visit-policies). Concurrent calls are queued and
  // written by one writer in one transaction (each request still gets its own nonce check, its own
  // policy or refusal, and an answer only after the commit). The writer thread starts with the first
  // call; after stop_group_commit() it is issue() for one visit.
  Result<Issued> issue_one(const PartnerIdentity& partner, const std::string& nonce, const NewVisit& visit,
                           const std::string& request_id);
  // The same without waiting: `done` runs once the group is committed (on a writer thread), or at once
  // when the group commit is stopped. The HTTP route uses it so that no worker thread waits for a
  // commit and a group can take every connection's request, not one per worker.
  void issue_one_async(const PartnerIdentity& partner, const std::string& nonce, const NewVisit& visit,
                       const std::string& request_id, std::function<void(Result<Issued>)> done);
  void start_group_commit();
  void stop_group_commit();
  ~VisitPolicyService();

  // GET /visit-policies: an institution's officer sees the institution's, a patient their own
  // (matched by the blind index of the phone they registered with).
  Result<std::vector<VisitPolicy>> list(const RequestContext& ctx, std::int64_t before_id, int limit);

  // Forgets nonces past their retention (called by the server's periodic job).
  std::int64_t purge_nonces();
  // On PostgreSQL, makes sure the month partitions of visit_policies exist for every visit date a request
  // may carry today (by this service's clock, which tests set far from the real date) and three months
  // beyond, moving rows that waited in the default partition into their months. Called at start and
  // hourly by the server's job; nothing on SQLite. Returns the rows moved.
  std::int64_t ensure_partitions();
  const VisitProduct& product() const { return product_; }

 private:
  Result<NewPartnerKey> insert_partner_key(std::int64_t organization_id, const RequestContext& ctx);
  Status revoke(const std::string& key_id, const RequestContext& ctx);
  RequestContext system_context() const;
  struct CachedKey {
    std::int64_t organization_id = 0;
    std::string secret;
    bool revoked = false;
    Timestamp fetched_at;
  };
  Result<CachedKey> key_for(const std::string& key_id);
  RequestContext partner_context(const PartnerIdentity& p, const std::string& request_id) const;

  struct Pending;
  void writer_loop();
  void issue_group(std::vector<Pending*>& group);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  VisitProduct product_;
  std::mutex cache_mutex_;
  std::map<std::string, CachedKey, std::less<>> cache_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::vector<Pending*> queue_;
  bool group_commit_ = false, stopping_ = false;
  std::vector<std::thread> writers_;
  std::atomic<bool> writer_started_{false};
};

}  // namespace medrisk::insurance
