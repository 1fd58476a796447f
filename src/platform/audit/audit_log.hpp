// The audit log: every state change writes, in the same transaction, who (user, organization), what
// (action on resource type and id), digests of the resource before and after (never the data itself),
// the request id and the time — each entry chained to the previous one by SHA-256 (or SM3 under the 国密
// suite; every entry names its suite), so that `medrisk audit verify` proves nothing was altered,
// inserted or removed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"
#include "platform/context.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::audit {

struct Change {
  std::string action;         // "case.accept", "user.create", …
  std::string resource_type;  // "case", "user", …
  std::string resource_id;
  std::optional<nlohmann::json> before;  // only its digest is stored
  std::optional<nlohmann::json> after;
};

// Appends one entry inside the caller's transaction (which must be a write transaction).
void record(db::Tx& tx, const RequestContext& ctx, const Change& change);

// An entry recorded by a command-line or system job rather than an HTTP request.
void record_system(db::Tx& tx, Timestamp at, const std::string& job, const Change& change);

struct Entry {
  std::int64_t id = 0;
  std::string at;
  std::optional<std::int64_t> actor_user_id;
  std::optional<std::int64_t> actor_organization_id;
  std::string action, resource_type, resource_id;
  std::optional<std::string> before_digest, after_digest, request_id;
  std::string prev_hash, entry_hash;
  std::string suite = "default";  // of entry_hash: "default" SHA-256, "gm" SM3
  // The chain position (1, 2, …); none while the entry is not yet linked (PostgreSQL): then prev_hash
  // is empty and entry_hash covers the entry's own content.
  std::optional<std::int64_t> seq;
};

struct Filter {
  std::optional<std::string> resource_type, resource_id, action, from, to;
  std::optional<std::int64_t> actor_user_id, actor_organization_id;
  std::int64_t after_id = 0;  // cursor: entries with a smaller id (newest first)
  int limit = 50;
};
std::vector<Entry> list(db::Tx& tx, const Filter& filter);

struct Verification {
  bool ok = true;
  std::int64_t entries = 0;  // linked and not yet linked
  std::int64_t pending = 0;  // not yet linked: each one's content checked, but not their order or completeness
  std::optional<std::int64_t> first_bad_id;  // the first entry whose chain does not match
  std::string reason;
  std::string head_hash;  // the newest entry's hash (the genesis hash when empty), set when ok
};
Verification verify(db::Database& db);

// Links the committed entries that are not yet in the chain (PostgreSQL), in id order, `batch` per
// transaction, holding the head row: the next chain positions, each entry's hash over the previous
// one's. Returns how many it linked. The server runs it as a background job ("audit.sequencer");
// `audit verify`, the ledger's tree-head signing and tests call it to link everything committed. An
// entry whose content no longer matches its hash stops the linking there. Nothing to do on SQLite.
std::int64_t link_pending(db::Database& db, int batch = 5000);
// The same inside the caller's write transaction (which then holds the head row until it ends): links
// what it sees, its own entries included — for a signed tree head that must cover them.
std::int64_t link_pending(db::Tx& tx);

// Makes `suite` the hash of the entries appended from now on (the key file's crypto suite; called at
// start-up and by `keys rotate`). A change on a non-empty chain is itself recorded ("audit.suite_change",
// already under the new suite); on an empty chain it just sets the suite of the first entry.
void use_suite(db::Database& db, crypto::Suite suite, Timestamp at);

// The chain's head as the audit_head row holds it (what a ledger tree head signs), and the stored hash
// of the entry at one chain position (nullopt when none is there) — for the signed-head check
// (platform/ledger).
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash;
};
ChainHead chain_head(db::Tx& tx);
// An entry's chain hash under its own suite (nullopt for an unknown suite): what verify recomputes.
std::optional<std::string> chain_hash(const Entry& e);
std::optional<std::string> entry_hash(db::Tx& tx, std::int64_t seq);

std::string digest(const nlohmann::json& value);  // SHA-256 of the canonical (sorted-key) dump
std::vector<db::Migration> migrations();

}  // namespace medrisk::audit
