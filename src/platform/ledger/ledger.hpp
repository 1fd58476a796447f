// The verifiable ledger (issue 15, DESIGN.md §2.10–2.11): an append-only Merkle tree in the RFC 6962 /
// Certificate Transparency style that the witnessing module, the disputes module (record sealing) and the
// audit chain anchor their records in. Each leaf holds a record's canonical bytes (kind, subject id, time);
// the tree's complete subtrees are stored as they complete (table ledger_nodes), so an inclusion or
// consistency proof reads O(log n) stored hashes in one query and hashes O(log n) times. A signed tree head
// (tree size, root, time and the audit chain's head — sequence and hash) is signed with the Ed25519 key of
// the key file (never stored in the database); every head is also appended to a file beside the key file
// (`ledger-heads.jsonl`), so deleting the newest heads from the database is noticed too.
//
// Appends are serialized (one writer): on PostgreSQL by the transaction-scoped advisory lock "ledger.append"
// (platform/db/coordination.hpp), on SQLite by its single writer. Callers append inside their own write
// transaction (the leaf commits or rolls back with their change), then sign a head once per batch.
//
// Public routes (no personal data: leaves are shown by hash only): GET /api/v1/ledger/tree-head,
// GET /api/v1/ledger/leaves/{index}/proof?tree_size=, GET /api/v1/ledger/consistency?from=&to=.
// Operator commands: `medrisk ledger verify`, `medrisk ledger prove --record|--leaf`; `medrisk audit verify`
// checks the audit chain against the signed heads (verify_audit_anchors).
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/ledger/errors.hpp"
#include "platform/ledger/merkle.hpp"

namespace medrisk::http {
class Router;
}

namespace medrisk::ledger {

// Stable problem codes (errors.hpp, data/errors/platform.json).
inline constexpr std::string_view kLeafNotFound = errors::ledger_leaf_not_found;
inline constexpr std::string_view kTreeSizeOutOfRange = errors::ledger_tree_size_out_of_range;
inline constexpr std::string_view kNoTreeHead = errors::ledger_no_tree_head;

struct LeafRef {
  std::uint64_t index = 0;
  std::string leaf_hash;  // hex
};

struct Leaf {
  std::uint64_t index = 0;
  std::string kind;        // "disputes.record_sealing", "witnessing.record", …
  std::string subject_id;  // the record's id in its module ("case:12", "witness-record:5")
  std::string data;        // the canonical bytes (UTF-8 canonical JSON by convention; no personal data)
  std::string leaf_hash;   // hex SHA-256(0x00 ‖ data)
  std::string at;          // ISO 8601 UTC
};

struct SignedTreeHead {
  std::int64_t id = 0;  // sequence of heads
  std::uint64_t tree_size = 0;
  std::string root_hash;  // hex
  std::string timestamp;  // ISO 8601 UTC
  std::int64_t audit_seq = 0;  // the audit chain's newest entry id when signed
  std::string audit_hash;      // and its entry hash
  std::string key_id;          // the Ed25519 key of the key file ("l1")
  std::string signature;       // base64 of the 64-byte Ed25519 signature over signed_message()
  TreeHeadFields fields() const { return {tree_size, root_hash, timestamp, audit_seq, audit_hash}; }
};

struct InclusionProof {
  std::uint64_t leaf_index = 0, tree_size = 0;
  std::string leaf_hash;                // hex
  std::vector<std::string> audit_path;  // hex, from the leaf's sibling upwards (RFC 6962 PATH)
};

struct ConsistencyProof {
  std::uint64_t old_size = 0, new_size = 0;
  std::vector<std::string> proof;  // hex (RFC 6962 PROOF)
};

struct LedgerOptions {
  // Every signed head is appended here (JSON lines); empty: none (tests of the store alone).
  std::filesystem::path heads_file;
  // Which database the heads in the file belong to (several databases may share one key folder):
  // the database URL without its password.
  std::string database_label;
};

// The file beside the key file that keeps every signed head outside the database.
std::filesystem::path heads_file_beside(const std::filesystem::path& keys_path);

class Ledger {
 public:
  Ledger(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, LedgerOptions options = {});

  // Appends one leaf in the caller's write transaction; returns its index and hash.
  LeafRef append(db::Tx& tx, std::string_view kind, std::string_view subject_id, std::string_view canonical);
  // Several leaves at once (one look-up of the tree's right edge, prepared inserts): what a batch of
  // witness records uses.
  struct NewLeaf {
    std::string kind, subject_id, canonical;
  };
  std::vector<LeafRef> append_batch(db::Tx& tx, const std::vector<NewLeaf>& leaves);
  // Signs a head of the tree as it is in `tx` (with the audit chain's head) and stores it. The heads file is
  // written by sync_heads_file() after the commit (sign_if_changed does both).
  SignedTreeHead sign_head(db::Tx& tx);
  std::optional<SignedTreeHead> latest_head(db::Tx& tx);
  std::vector<SignedTreeHead> heads(db::Tx& tx);  // every head, oldest first
  std::uint64_t size(db::Tx& tx);
  std::optional<Leaf> leaf(db::Tx& tx, std::uint64_t index);
  // The newest leaf of a kind (any kind when empty) and subject.
  std::optional<Leaf> find_leaf(db::Tx& tx, std::string_view kind, std::string_view subject_id);
  // The root of the first `tree_size` leaves (from stored subtrees).
  Result<std::string> root(db::Tx& tx, std::uint64_t tree_size);
  Result<InclusionProof> prove_inclusion(db::Tx& tx, std::uint64_t leaf_index, std::uint64_t tree_size);
  Result<ConsistencyProof> prove_consistency(db::Tx& tx, std::uint64_t old_size, std::uint64_t new_size);

  // Signs a head in a transaction of its own when the tree or the audit chain moved since the newest head
  // (the background job, each shutdown), then writes new heads to the heads file.
  std::optional<SignedTreeHead> sign_if_changed();
  // Appends to the heads file every head of this database it does not hold yet.
  void sync_heads_file();

  const crypto::KeyRing& keys() const { return keys_; }
  template <class F>
  auto db_read(F&& f) {
    return db_.read(std::forward<F>(f));
  }
  const LedgerOptions& options() const { return options_; }
  static std::vector<db::Migration> migrations();

 private:
  std::vector<Hash> node_hashes(db::Tx& tx, const std::vector<NodeId>& ids);
  std::vector<std::string> range_hashes(db::Tx& tx, const std::vector<Range>& ranges);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  LedgerOptions options_;
};

// Checks a head's signature with the key file's public key of its key id.
bool verify_head_signature(const SignedTreeHead& h, const crypto::KeyRing& keys);

// ---- verification (the operator commands) ----
struct Finding {
  std::string what;  // "leaf 17 (disputes.record_sealing case:3): its data does not match its hash"
};
struct LedgerVerification {
  bool ok = true;
  std::uint64_t leaves = 0, heads = 0;
  std::vector<Finding> findings;
};
// Recomputes every leaf hash from its stored bytes, every stored subtree, every head's root and signature,
// consistency between consecutive heads, and compares the heads file with the database.
LedgerVerification verify_ledger(db::Database& db, const crypto::KeyRing& keys, const LedgerOptions& options);
// The audit chain against every signed head (database and heads file): each head's audit entry must be
// present with the signed hash; reports entries covered by a signed head that are missing or altered.
LedgerVerification verify_audit_anchors(db::Database& db, const crypto::KeyRing& keys, const LedgerOptions& options);

// ---- JSON ----
nlohmann::json to_json(const SignedTreeHead& h);
nlohmann::json to_json(const InclusionProof& p);
nlohmann::json to_json(const ConsistencyProof& p);
std::optional<SignedTreeHead> head_from_json(const nlohmann::json& j);
// The standalone proof `medrisk ledger prove` prints (tools/verify_ledger_proof.py checks it): leaf data and
// hash, index, tree size, audit path, the signed head of that size and the Ed25519 public key (hex).
Result<nlohmann::json> proof_bundle(Ledger& ledger, db::Tx& tx, std::uint64_t leaf_index);

// The public routes.
void add_routes(http::Router& router, Ledger& ledger);

}  // namespace medrisk::ledger
