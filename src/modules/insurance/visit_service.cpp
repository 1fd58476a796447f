// Visit-policy use cases (see visit_api.hpp): partner keys, request authentication and issuance.
#include "modules/insurance/visit_api.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "modules/accounts/api.hpp"
#include "modules/insurance/model.hpp"
#include "modules/insurance/visit_errors.hpp"
#include "modules/insurance/visit_rules.hpp"
#include "modules/insurance/visit_store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/partitions.hpp"
#include "platform/errors.hpp"

namespace medrisk::insurance {
namespace {


constexpr std::string_view kKeyAad = "partner_keys.secret_enc";

std::optional<std::string> kind_of(db::Tx& tx, std::int64_t organization_id) {
  auto org = accounts::directory::organization(tx, accounts::OrganizationId{organization_id});
  if (!org) return std::nullopt;
  return org->kind;
}

nlohmann::json audit_json(const VisitPolicy& p) {
  return {{"policy_number", p.policy_number}, {"organization_id", p.organization_id}, {"visit_id", p.visit_id},
          {"visit_date", p.visit_date.to_string()}, {"premium_fen", p.premium.fen()}, {"product_version", p.product_version}};
}

std::string new_policy_number(Date visit_date) {
  std::string d = visit_date.to_string();
  d.erase(std::remove(d.begin(), d.end(), '-'), d.end());
  return "VP" + d + "-" + crypto::random_token(9);  // 72 random bits: collisions are not a practical concern
}

}  // namespace

VisitProduct visit_product_of(const Product& p) {
  VisitProduct v;
  v.code = p.code;
  v.version = p.version;
  v.premium = p.premium_fen.value_or(Money::from_fen(100));
  v.sum_insured = p.per_person_limit_fen;
  v.cover_days = p.term_days;
  return v;
}

VisitPolicyService::VisitPolicyService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                                       VisitProduct product)
    : db_(db), keys_(keys), clock_(clock), product_(std::move(product)) {}

std::vector<db::Migration> VisitPolicyService::migrations() { return visit_store::migrations(); }

std::vector<crypto::EncryptedColumn> VisitPolicyService::encrypted_columns() {
  return {{"partner_keys", "id", "secret_enc"},
          {"visit_policies", "id", "id_number_enc"},
          {"visit_policies", "id", "phone_enc"}};
}

Result<NewPartnerKey> VisitPolicyService::insert_partner_key(std::int64_t organization_id, const RequestContext& ctx) {
  return db_.write([&](db::Tx& tx) -> Result<NewPartnerKey> {
    auto kind = kind_of(tx, organization_id);
    if (!kind) return Error::of("organization_not_found");  // the accounts module's code
    if (*kind != "medical_institution") return err(visit_errors::partner_organization_not_institution);
    NewPartnerKey out;
    out.secret = crypto::random_token(32);
    out.key.key_id = "mk_" + crypto::random_token(12);
    out.key.organization_id = organization_id;
    out.key.created_at = ctx.now().to_iso_utc();
    out.key.id = visit_store::insert_partner_key(tx, out.key, keys_.encrypt(out.secret, kKeyAad));
    audit::record(tx, ctx, {"partner_key.create", "partner_key", out.key.key_id, std::nullopt,
                            nlohmann::json{{"organization_id", organization_id}}});
    return out;
  });
}

RequestContext VisitPolicyService::system_context() const {
  RequestContext ctx;
  ctx.request_id = "system:partner-key";
  ctx.clock = &clock_;
  return ctx;
}

Result<NewPartnerKey> VisitPolicyService::create_partner_key_as_system(std::int64_t organization_id) {
  return insert_partner_key(organization_id, system_context());
}

Result<NewPartnerKey> VisitPolicyService::create_partner_key(const RequestContext& ctx, std::int64_t organization_id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "partner_keys.manage"));
  return insert_partner_key(organization_id, ctx);
}

Result<std::vector<PartnerKey>> VisitPolicyService::list_partner_keys(const RequestContext& ctx,
                                                                      std::int64_t organization_id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "partner_keys.manage"));
  return db_.read([&](db::Tx& tx) { return visit_store::list_partner_keys(tx, organization_id); });
}

Status VisitPolicyService::revoke(const std::string& key_id, const RequestContext& ctx) {
  Status s = db_.write([&](db::Tx& tx) -> Status {
    if (!visit_store::revoke_partner_key(tx, key_id, ctx.now().to_iso_utc())) return err(visit_errors::partner_key_not_found);
    audit::record(tx, ctx, {"partner_key.revoke", "partner_key", key_id, std::nullopt, std::nullopt});
    return {};
  });
  std::lock_guard lock(cache_mutex_);
  cache_.erase(key_id);
  return s;
}

Status VisitPolicyService::revoke_partner_key(const RequestContext& ctx, const std::string& key_id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "partner_keys.manage"));
  return revoke(key_id, ctx);
}

Status VisitPolicyService::revoke_partner_key_as_system(const std::string& key_id) {
  return revoke(key_id, system_context());
}

Result<VisitPolicyService::CachedKey> VisitPolicyService::key_for(const std::string& key_id) {
  Timestamp now = clock_.now();
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(key_id);
    if (it != cache_.end() && now - it->second.fetched_at < kPartnerKeyCacheTtl) return it->second;
  }
  auto row = db_.read([&](db::Tx& tx) { return visit_store::find_partner_key(tx, key_id); });
  if (!row) return err(visit_errors::partner_key_unknown);
  CachedKey k{row->key.organization_id, keys_.decrypt(row->secret_enc, kKeyAad), row->key.revoked_at.has_value(), now};
  std::lock_guard lock(cache_mutex_);
  cache_[key_id] = k;
  return k;
}

Result<PartnerIdentity> VisitPolicyService::authenticate(const SignedRequest& req) {
  if (req.key_id.empty() || req.timestamp.empty() || req.nonce.empty() || req.signature.empty())
    return err(visit_errors::partner_signature_missing);
  MEDRISK_CHECK(check_timestamp(req.timestamp, clock_.now()));
  MEDRISK_CHECK(check_nonce(req.nonce));
  if (req.key_id.size() > 64) return err(visit_errors::partner_key_unknown);
  MEDRISK_TRY(CachedKey key, key_for(req.key_id));
  if (key.revoked) return err(visit_errors::partner_key_revoked);
  std::string expected = sign_request(key.secret, canonical_request(req.method, req.path, req.timestamp, req.nonce, req.body));
  if (!crypto::constant_time_equal(expected, req.signature)) return err(visit_errors::partner_signature_invalid);
  return PartnerIdentity{req.key_id, key.organization_id};
}

RequestContext VisitPolicyService::partner_context(const PartnerIdentity& p, const std::string& request_id) const {
  RequestContext ctx;
  ctx.actor.organization_id = p.organization_id;
  ctx.actor.username = "partner:" + p.key_id;
  ctx.request_id = request_id;
  ctx.clock = &clock_;
  return ctx;
}

namespace {

visit_store::PolicyRow new_row(const NewVisit& v, const PartnerIdentity& p, const VisitProduct& product,
                               const crypto::KeyRing& keys, const std::string& now_iso) {
  visit_store::PolicyRow r;
  VisitPolicy& pol = r.policy;
  pol.policy_number = new_policy_number(v.visit_date);
  pol.organization_id = p.organization_id;
  pol.visit_id = v.visit_id;
  pol.department = v.department;
  pol.visit_date = v.visit_date;
  DateInterval cover = cover_period(v.visit_date, product);
  pol.cover_start = cover.from;
  pol.cover_end = cover.to;
  pol.product_code = product.code;
  pol.product_version = product.version;
  pol.premium = product.premium;
  pol.sum_insured = product.sum_insured;
  pol.created_at = now_iso;
  r.partner_key_id = p.key_id;
  if (v.id_number) {
    r.id_number_enc = keys.encrypt(*v.id_number, "visit_policies.id_number_enc");
    r.id_number_index = keys.blind_index("id_number", *v.id_number);
    pol.patient_masked = mask_id_number(*v.id_number);
  }
  if (v.phone) {
    r.phone_enc = keys.encrypt(*v.phone, "visit_policies.phone_enc");
    r.phone_index = keys.blind_index("phone", *v.phone);  // same domain and normalization as accounts' users
    if (pol.patient_masked.empty()) pol.patient_masked = accounts::mask_phone(*v.phone);
  }
  return r;
}

void audit_issuance(db::Tx& tx, const RequestContext& ctx, const std::vector<Issued>& out) {
  std::vector<const VisitPolicy*> created;
  for (const auto& i : out)
    if (i.created) created.push_back(&i.policy);
  if (created.empty()) return;
  if (created.size() == 1) {
    audit::record(tx, ctx, {"visit_policy.issue", "visit_policy", std::to_string(created[0]->id), std::nullopt,
                            audit_json(*created[0])});
    return;
  }
  // A batch is one audited change: its entry digests every policy it issued.
  nlohmann::json all = nlohmann::json::array();
  for (const auto* p : created) all.push_back(audit_json(*p));
  audit::record(tx, ctx, {"visit_policy.issue_batch", "visit_policy",
                          std::to_string(created.front()->id) + ".." + std::to_string(created.back()->id), std::nullopt,
                          all});
}

}  // namespace

Result<std::vector<Issued>> VisitPolicyService::issue(const PartnerIdentity& partner, const std::string& nonce,
                                                      const std::vector<NewVisit>& visits,
                                                      const std::string& request_id) {
  RequestContext ctx = partner_context(partner, request_id);
  Timestamp now = ctx.now();
  std::string now_iso = now.to_iso_utc();
  // Encryption and indexes are computed before the transaction so that it stays short.
  std::vector<visit_store::PolicyRow> rows;
  rows.reserve(visits.size());
  std::vector<std::string> visit_ids;
  for (const auto& v : visits) {
    rows.push_back(new_row(v, partner, product_, keys_, now_iso));
    visit_ids.push_back(v.visit_id);
  }
  auto attempt = [&](db::Tx& tx) -> Result<std::vector<Issued>> {
    if (!visit_store::insert_nonce(tx, partner.key_id, nonce, (now + kNonceRetention).to_iso_utc()))
      return err(visit_errors::partner_nonce_replayed);
    std::map<std::string, VisitPolicy> existing;
    for (auto& p : visit_store::find_by_visit_ids(tx, partner.organization_id, visit_ids)) existing[p.visit_id] = p;
    std::vector<visit_store::PolicyRow> fresh;
    for (auto& r : rows)
      if (!existing.count(r.policy.visit_id)) fresh.push_back(r);  // a copy: a retried attempt needs `rows` again
    visit_store::insert_policies(tx, fresh);
    std::map<std::string, const VisitPolicy*> inserted;
    for (const auto& r : fresh) inserted[r.policy.visit_id] = &r.policy;
    std::vector<Issued> out;
    out.reserve(visits.size());
    for (const auto& v : visits) {
      if (auto it = inserted.find(v.visit_id); it != inserted.end()) out.push_back({*it->second, true});
      else out.push_back({existing.at(v.visit_id), false});
    }
    audit_issuance(tx, ctx, out);  // last: on SQLite the audit chain's head is then held only until commit
    return out;
  };
  try {
    return db_.write(attempt);
  } catch (const db::Unavailable&) {
    throw;  // no primary, or the connection died (perhaps in COMMIT): 503, the partner retries with a new nonce
  } catch (const std::exception&) {
    // Two requests raced on the same new visit id and the unique (organization, visit_id) refused
    // the second: run it again once, and it finds the policy the first one committed.
    return db_.write(attempt);
  }
}

Result<std::vector<VisitPolicy>> VisitPolicyService::list(const RequestContext& ctx, std::int64_t before_id, int limit) {
  const Actor& a = ctx.actor;
  if (a.organization_id != 0 && a.has("policies.read")) {
    MEDRISK_CHECK(accounts::authorize(a, "policies.read", accounts::Scope{{a.organization_id}, std::nullopt, std::nullopt}));
    return db_.read([&](db::Tx& tx) { return visit_store::list_for_organization(tx, a.organization_id, before_id, limit); });
  }
  MEDRISK_CHECK(accounts::authorize(a, "policies.read_own"));
  return db_.read([&](db::Tx& tx) {
    return visit_store::list_for_indexes(tx, accounts::directory::phone_index(tx, accounts::UserId{a.user_id}), before_id, limit);
  });
}

Status VisitPolicyService::record_nonce(db::Tx& tx, const PartnerIdentity& partner, const std::string& nonce) {
  if (!visit_store::insert_nonce(tx, partner.key_id, nonce, (clock_.now() + kNonceRetention).to_iso_utc()))
    return err(visit_errors::partner_nonce_replayed);
  return {};
}

std::int64_t VisitPolicyService::ensure_partitions() {
  Date today = Date::from_timestamp_shanghai(clock_.now());
  return db::partitions::ensure_months(db_, "visit_policies", today.add_days(-kVisitDateMaxDaysBack),
                                       today.add_days(kVisitDateMaxDaysAhead + 92));
}

std::int64_t VisitPolicyService::purge_nonces() {
  return db_.write([&](db::Tx& tx) { return visit_store::purge_nonces(tx, clock_.now().to_iso_utc()); });
}

}  // namespace medrisk::insurance

// ---- group commit of single issuances ----
namespace medrisk::insurance {

struct VisitPolicyService::Pending {
  PartnerIdentity partner;
  std::string nonce;
  NewVisit visit;
  std::string request_id;
  std::optional<Result<Issued>> result;
  bool done = false;
  std::function<void(Result<Issued>)> on_done;  // issue_one_async: called, and this Pending deleted, when done
};

VisitPolicyService::~VisitPolicyService() { stop_group_commit(); }

void VisitPolicyService::start_group_commit() {
  std::lock_guard lock(queue_mutex_);
  if (group_commit_) return;
  group_commit_ = true;
  stopping_ = false;
  for (int i = 0; i < kIssuanceWriters; ++i) writers_.emplace_back([this] { writer_loop(); });
}

void VisitPolicyService::stop_group_commit() {
  {
    std::lock_guard lock(queue_mutex_);
    if (!group_commit_) return;
    stopping_ = true;
  }
  queue_cv_.notify_all();
  for (auto& w : writers_) w.join();
  writers_.clear();
  std::lock_guard lock(queue_mutex_);
  group_commit_ = false;
}

Result<Issued> VisitPolicyService::issue_one(const PartnerIdentity& partner, const std::string& nonce,
                                             const NewVisit& visit, const std::string& request_id) {
  Pending p{partner, nonce, visit, request_id, std::nullopt, false, {}};
  if (!writer_started_.exchange(true)) start_group_commit();  // the writer starts with the first single issuance
  {
    std::unique_lock lock(queue_mutex_);
    if (!group_commit_ || stopping_) {
      lock.unlock();
      MEDRISK_TRY(auto issued, issue(partner, nonce, {visit}, request_id));
      return issued.front();
    }
    queue_.push_back(&p);
    queue_cv_.notify_all();
    queue_cv_.wait(lock, [&p] { return p.done; });
  }
  return std::move(*p.result);
}

void VisitPolicyService::issue_one_async(const PartnerIdentity& partner, const std::string& nonce,
                                         const NewVisit& visit, const std::string& request_id,
                                         std::function<void(Result<Issued>)> done) {
  auto p = std::make_unique<Pending>(Pending{partner, nonce, visit, request_id, std::nullopt, false, std::move(done)});
  if (!writer_started_.exchange(true)) start_group_commit();
  {
    std::unique_lock lock(queue_mutex_);
    if (group_commit_ && !stopping_) {
      queue_.push_back(p.release());
      queue_cv_.notify_all();
      return;
    }
  }
  auto issued = issue(partner, nonce, {visit}, request_id);
  p->on_done(issued.ok() ? Result<Issued>(issued->front()) : Result<Issued>(issued.take_error()));
}

void VisitPolicyService::writer_loop() {
  std::unique_lock lock(queue_mutex_);
  while (true) {
    queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    std::vector<Pending*> group;
    std::size_t n = std::min(queue_.size(), kMaxIssuanceGroup);
    group.assign(queue_.begin(), queue_.begin() + static_cast<long>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
    lock.unlock();
    try {
      issue_group(group);
    } catch (const db::Unavailable& e) {
      // No primary, or the connection died — perhaps during COMMIT, so the group may be committed:
      // trying each request again would answer "nonce replayed" for a policy that exists. Each
      // partner gets 503 and retries with a new nonce, which finds the policy if it was issued.
      for (auto* p : group) p->result = Result<Issued>(Error::of(std::string(platform_errors::database_unreachable), e.what()));
    } catch (const std::exception&) {
      // The shared transaction failed (a race on a visit id with another node):
      // each request is tried on its own so that one cannot fail the others.
      for (auto* p : group) {
        try {
          auto r = issue(p->partner, p->nonce, {p->visit}, p->request_id);
          p->result = r.ok() ? Result<Issued>(r->front()) : Result<Issued>(r.take_error());
        } catch (const db::Unavailable& e) {
          p->result = Result<Issued>(Error::of(std::string(platform_errors::database_unreachable), e.what()));
        } catch (const std::exception& e) {
          p->result = Result<Issued>(Error::of("internal_error", e.what()));
        }
      }
    }
    // Asynchronous requests are answered here, outside the lock; the waiting ones are woken.
    std::vector<Pending*> waiting;
    for (auto* p : group) {
      if (!p->on_done) {
        waiting.push_back(p);
        continue;
      }
      std::unique_ptr<Pending> owned(p);
      try {
        owned->on_done(std::move(*owned->result));
      } catch (const std::exception&) {
        // the response could not be written (connection gone): nothing else to do
      }
    }
    lock.lock();
    for (auto* p : waiting) p->done = true;
    queue_cv_.notify_all();
  }
}

void VisitPolicyService::issue_group(std::vector<Pending*>& group) {
  Timestamp now = clock_.now();
  std::string now_iso = now.to_iso_utc(), expires = (now + kNonceRetention).to_iso_utc();
  std::vector<visit_store::NonceRow> nonces;
  for (auto* p : group) nonces.push_back({p->partner.key_id, p->nonce, expires});
  std::vector<visit_store::PolicyRow> rows;
  for (auto* p : group) rows.push_back(new_row(p->visit, p->partner, product_, keys_, now_iso));
  std::vector<std::optional<Result<Issued>>> results(group.size());
  db_.write([&](db::Tx& tx) {
    std::vector<bool> fresh_nonce = visit_store::insert_nonces(tx, nonces);
    std::set<std::pair<std::string, std::string>> seen_nonce;
    std::map<std::int64_t, std::vector<std::string>> visit_ids_by_org;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (!fresh_nonce[i] || !seen_nonce.insert({nonces[i].key_id, nonces[i].nonce}).second)
        results[i] = Result<Issued>(err(visit_errors::partner_nonce_replayed));
      else visit_ids_by_org[group[i]->partner.organization_id].push_back(group[i]->visit.visit_id);
    }
    std::map<std::pair<std::int64_t, std::string>, VisitPolicy> known;
    for (auto& [org, ids] : visit_ids_by_org)
      for (auto& p : visit_store::find_by_visit_ids(tx, org, ids)) known[{org, p.visit_id}] = p;
    std::vector<visit_store::PolicyRow> fresh;
    std::vector<std::size_t> fresh_of(group.size(), SIZE_MAX);
    std::map<std::pair<std::int64_t, std::string>, std::size_t> new_in_group;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (results[i]) continue;
      std::pair<std::int64_t, std::string> k{group[i]->partner.organization_id, group[i]->visit.visit_id};
      if (auto it = known.find(k); it != known.end()) results[i] = Result<Issued>(Issued{it->second, false});
      else if (auto jt = new_in_group.find(k); jt != new_in_group.end()) fresh_of[i] = jt->second;
      else {
        new_in_group[k] = fresh.size();
        fresh_of[i] = fresh.size();
        fresh.push_back(rows[i]);
      }
    }
    visit_store::insert_policies(tx, fresh);
    std::vector<bool> first(fresh.size(), true);
    std::map<std::int64_t, std::pair<const Pending*, std::vector<Issued>>> audited_by_org;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (results[i]) continue;
      std::size_t f = fresh_of[i];
      results[i] = Result<Issued>(Issued{fresh[f].policy, first[f]});  // a second request for the same new visit: 200
      if (first[f]) {
        auto& slot = audited_by_org[group[i]->partner.organization_id];
        if (!slot.first) slot.first = group[i];
        slot.second.push_back({fresh[f].policy, true});
      }
      first[f] = false;
    }
    // One entry per hospital in the group, attributed to that hospital's partner key; it digests every
    // policy the hospital's requests in this group issued.
    for (auto& [org, slot] : audited_by_org) {
      RequestContext ctx = partner_context(slot.first->partner, "group:" + slot.first->request_id);
      audit_issuance(tx, ctx, slot.second);
    }
  });
  for (std::size_t i = 0; i < group.size(); ++i) group[i]->result = std::move(results[i]);
}

}  // namespace medrisk::insurance
