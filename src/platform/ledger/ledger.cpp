// The verifiable ledger's store and signing (see ledger.hpp).
#include "platform/ledger/ledger.hpp"

#include "platform/ledger/anchoring.hpp"

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <map>
#include <mutex>
#include <unordered_map>

#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/cached.hpp"
#include "platform/db/coordination.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::ledger {
namespace {

constexpr std::string_view kLock = "ledger.append";

std::uint64_t current_size(db::Tx& tx) {
  long long n = 0;
  soci::indicator ind = soci::i_null;
  db::run_cached(tx, "SELECT MAX(idx) FROM ledger_leaves", soci::into(n, ind));
  return ind == soci::i_ok ? static_cast<std::uint64_t>(n) + 1 : 0;
}

SignedTreeHead head_from_row(const soci::row& r) {
  SignedTreeHead h;
  h.id = db::int64_at(r, 0);
  h.tree_size = static_cast<std::uint64_t>(db::int64_at(r, 1));
  h.root_hash = r.get<std::string>(2);
  h.timestamp = r.get<std::string>(3);
  h.audit_seq = db::int64_at(r, 4);
  h.audit_hash = r.get<std::string>(5);
  h.key_id = r.get<std::string>(6);
  h.signature = r.get<std::string>(7);
  return h;
}

constexpr const char* kHeadColumns = "id, tree_size, root_hash, signed_at, audit_seq, audit_hash, key_id, signature";

Leaf leaf_from_row(const soci::row& r) {
  Leaf l;
  l.index = static_cast<std::uint64_t>(db::int64_at(r, 0));
  l.kind = r.get<std::string>(1);
  l.subject_id = r.get<std::string>(2);
  l.data = r.get<std::string>(3);
  l.leaf_hash = r.get<std::string>(4);
  l.at = r.get<std::string>(5);
  return l;
}

constexpr const char* kLeafColumns = "idx, kind, subject_id, data, leaf_hash, at";

std::uint64_t key_of(const NodeId& n) { return (static_cast<std::uint64_t>(n.level) << 58) | n.index; }

std::mutex& file_mutex() {
  static std::mutex m;
  return m;
}

// The newest head id this process knows in each heads file (by file and database label), under
// file_mutex(): the file is read once, not at every head (it grows by a line per second and per signing
// group). A restore marker is written by `medrisk restore`, a process of its own.
std::map<std::string, std::int64_t>& heads_in_file() {
  static std::map<std::string, std::int64_t> m;
  return m;
}

bool same_head(const SignedTreeHead& a, const SignedTreeHead& b) {
  return a.id == b.id && a.tree_size == b.tree_size && a.root_hash == b.root_hash && a.timestamp == b.timestamp &&
         a.audit_seq == b.audit_seq && a.audit_hash == b.audit_hash && a.key_id == b.key_id && a.signature == b.signature;
}

constexpr std::string_view kRestoreFormat = "medrisk-ledger-restore/1";

// What a restore marker signs: the database label, the time, the restored database's newest signed head
// and audit chain head, and the backup file's SHA-256 (its manifest's).
std::string restore_message(const std::string& label, const nlohmann::json& r) {
  std::string head = "none";
  if (r.contains("head") && r["head"].is_object())
    head = std::to_string(r["head"].value("id", std::int64_t{0})) + " " + std::to_string(r["head"].value("tree_size", std::uint64_t{0})) +
           " " + r["head"].value("root_hash", "") + " " + r["head"].value("signature", "");
  return std::string(kRestoreFormat) + "\n" + label + "\n" + r.value("at", "") + "\n" + head + "\n" +
         std::to_string(r.value("audit_seq", std::int64_t{0})) + " " + r.value("audit_hash", "") + "\n" +
         r.value("backup", nlohmann::json::object()).value("sha256", "");
}

bool restore_signature_ok(const std::string& label, const nlohmann::json& r, const crypto::KeyRing& keys) {
  auto pk = keys.ledger_public_key(r.value("key_id", ""));
  if (!pk) return false;
  std::string sig;
  try {
    sig = crypto::base64_decode(r.value("signature", ""));
  } catch (const std::exception&) {
    return false;
  }
  return ed25519_verify(restore_message(label, r), sig, *pk);
}

// Heads of one database label in the heads file, as its timeline stands: a restore marker (`medrisk
// restore`, signed with the ledger key) sets aside the heads newer than the restored database's newest
// head that came before it (the abandoned timeline); a line that does not parse, a marker whose
// signature does not verify, or one head id with two different contents outside a restore is reported.
struct FileRestore {
  nlohmann::json marker;
  std::optional<SignedTreeHead> head;  // the restored database's newest signed head
  std::size_t set_aside = 0;
};
struct FileHeads {
  std::vector<SignedTreeHead> heads;  // by id
  std::vector<std::string> bad_lines;
  std::vector<FileRestore> restores;
};
FileHeads read_heads_file(const LedgerOptions& o, const crypto::KeyRing& keys) {
  FileHeads out;
  if (o.heads_file.empty() || !std::filesystem::exists(o.heads_file)) return out;
  std::ifstream in(o.heads_file);
  std::string line;
  std::size_t n = 0;
  std::map<std::int64_t, SignedTreeHead> by_id;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      out.bad_lines.push_back("line " + std::to_string(n) + " is malformed");
      continue;
    }
    if (j.value("database", "") != o.database_label) continue;
    if (j.contains("restore")) {
      const auto& r = j["restore"];
      if (!r.is_object() || r.value("format", "") != kRestoreFormat || !restore_signature_ok(o.database_label, r, keys)) {
        out.bad_lines.push_back("line " + std::to_string(n) + " is a restore marker whose signature does not verify");
        continue;
      }
      FileRestore fr{r, std::nullopt, 0};
      if (r.contains("head") && r["head"].is_object()) fr.head = head_from_json(r["head"]);
      std::int64_t keep = fr.head ? fr.head->id : 0;
      for (auto it = by_id.upper_bound(keep); it != by_id.end(); ++fr.set_aside) it = by_id.erase(it);
      out.restores.push_back(std::move(fr));
      continue;
    }
    auto h = head_from_json(j);
    if (!h) {
      out.bad_lines.push_back("line " + std::to_string(n) + " is malformed");
      continue;
    }
    auto [it, fresh] = by_id.try_emplace(h->id, *h);
    if (!fresh && !same_head(it->second, *h))
      out.bad_lines.push_back("line " + std::to_string(n) + ": signed head #" + std::to_string(h->id) +
                              " differs from an earlier line of the same head");
  }
  for (auto& [id, h] : by_id) out.heads.push_back(h);
  return out;
}

}  // namespace

std::filesystem::path heads_file_beside(const std::filesystem::path& keys_path) {
  return keys_path.parent_path() / "ledger-heads.jsonl";
}

Ledger::Ledger(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, LedgerOptions options)
    : db_(db), keys_(keys), clock_(clock), options_(std::move(options)) {}

LeafRef Ledger::append(db::Tx& tx, std::string_view kind, std::string_view subject_id, std::string_view canonical) {
  return append_batch(tx, {{std::string(kind), std::string(subject_id), std::string(canonical)}}).front();
}

std::vector<LeafRef> Ledger::append_batch(db::Tx& tx, const std::vector<NewLeaf>& leaves) {
  std::vector<LeafRef> refs;
  if (leaves.empty()) return refs;
  db::advisory_xact_lock(tx, kLock);
  std::uint64_t size = current_size(tx);
  // The right edge of the tree: its complete subtrees, largest first.
  std::vector<NodeId> edge = decompose({0, size});
  std::vector<Hash> edge_hashes = node_hashes(tx, edge);
  std::vector<std::pair<NodeId, Hash>> frontier;
  for (std::size_t i = 0; i < edge.size(); ++i) frontier.push_back({edge[i], edge_hashes[i]});
  RootBuilder builder(std::move(frontier), size);

  std::string at = clock_.now().to_iso_utc();
  long long idx = 0, node_index = 0;
  int level = 0;
  std::string kind, subject, data, hash_hex, node_hex;
  std::vector<std::pair<NodeId, Hash>> completed;
  for (const auto& leaf : leaves) {
    Hash h = leaf_hash(leaf.canonical);
    idx = static_cast<long long>(builder.size());
    kind = leaf.kind;
    subject = leaf.subject_id;
    data = leaf.canonical;
    hash_hex = to_hex(h);
    db::run_cached(tx,
                   "INSERT INTO ledger_leaves (idx, kind, subject_id, data, leaf_hash, at) "
                   "VALUES (:idx, :kind, :subject, :data, :hash, :at)",
                   soci::use(idx), soci::use(kind), soci::use(subject), soci::use(data), soci::use(hash_hex),
                   soci::use(at));
    refs.push_back({builder.size(), hash_hex});
    completed.clear();
    builder.add(h, &completed);
    for (const auto& [id, nh] : completed) {
      level = id.level;
      node_index = static_cast<long long>(id.index);
      node_hex = to_hex(nh);
      db::run_cached(tx, "INSERT INTO ledger_nodes (lvl, idx, hash) VALUES (:l, :i, :h)", soci::use(level),
                     soci::use(node_index), soci::use(node_hex));
    }
  }
  return refs;
}

std::vector<Hash> Ledger::node_hashes(db::Tx& tx, const std::vector<NodeId>& ids) {
  std::vector<Hash> out(ids.size());
  if (ids.empty()) return out;
  auto missing = [](NodeId id) {
    return std::runtime_error("ledger: stored subtree " + std::to_string(id.level) + "/" + std::to_string(id.index) +
                              " is missing or malformed");
  };
  if (tx.dialect() == db::Dialect::sqlite) {
    // In-process: one compiled look-up per node costs less than compiling a query naming them all.
    for (std::size_t i = 0; i < ids.size(); ++i) {
      int level = ids[i].level;
      long long index = static_cast<long long>(ids[i].index);
      std::string hex;
      bool got = db::run_cached(tx, "SELECT hash FROM ledger_nodes WHERE lvl = :l AND idx = :i", soci::into(hex),
                                soci::use(level), soci::use(index));
      auto raw = got ? from_hex(hex) : std::nullopt;
      if (!raw || raw->size() != 32) throw missing(ids[i]);
      out[i] = *raw;
    }
    return out;
  }
  // PostgreSQL: one round trip for every node (integers we computed: safe to write into the statement).
  std::string sql = "SELECT lvl, idx, hash FROM ledger_nodes WHERE ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) sql += " OR ";
    sql += "(lvl = " + std::to_string(ids[i].level) + " AND idx = " + std::to_string(ids[i].index) + ")";
  }
  std::unordered_map<std::uint64_t, Hash> found;
  soci::rowset<soci::row> rows = tx.sql().prepare << sql;
  for (const auto& r : rows) {
    NodeId id{static_cast<int>(db::int64_at(r, 0)), static_cast<std::uint64_t>(db::int64_at(r, 1))};
    auto raw = from_hex(r.get<std::string>(2));
    if (raw && raw->size() == 32) found[key_of(id)] = *raw;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto it = found.find(key_of(ids[i]));
    if (it == found.end()) throw missing(ids[i]);
    out[i] = it->second;
  }
  return out;
}

std::vector<std::string> Ledger::range_hashes(db::Tx& tx, const std::vector<Range>& ranges) {
  std::vector<std::vector<NodeId>> parts;
  std::vector<NodeId> all;
  for (const auto& r : ranges) {
    parts.push_back(decompose(r));
    all.insert(all.end(), parts.back().begin(), parts.back().end());
  }
  std::vector<Hash> hashes = node_hashes(tx, all);
  std::vector<std::string> out;
  std::size_t at = 0;
  for (const auto& p : parts) {
    // Right fold: H(p1, H(p2, … pk)).
    Hash h = hashes[at + p.size() - 1];
    for (std::size_t i = p.size() - 1; i-- > 0;) h = node_hash(hashes[at + i], h);
    at += p.size();
    out.push_back(to_hex(h));
  }
  return out;
}

std::uint64_t Ledger::size(db::Tx& tx) { return current_size(tx); }

Result<std::string> Ledger::root(db::Tx& tx, std::uint64_t tree_size) {
  if (tree_size > current_size(tx)) return err(kTreeSizeOutOfRange, std::to_string(tree_size));
  if (tree_size == 0) return to_hex(empty_root());
  return range_hashes(tx, {{0, tree_size}}).front();
}

Result<InclusionProof> Ledger::prove_inclusion(db::Tx& tx, std::uint64_t leaf_index, std::uint64_t tree_size) {
  std::uint64_t n = current_size(tx);
  if (leaf_index >= n) return err(kLeafNotFound, std::to_string(leaf_index));
  if (tree_size > n || leaf_index >= tree_size) return err(kTreeSizeOutOfRange, std::to_string(tree_size));
  auto ranges = inclusion_ranges(leaf_index, tree_size);
  ranges.insert(ranges.begin(), Range{leaf_index, leaf_index + 1});  // the leaf's own hash, same query
  auto hashes = range_hashes(tx, ranges);
  InclusionProof p{leaf_index, tree_size, hashes.front(), {hashes.begin() + 1, hashes.end()}};
  return p;
}

Result<ConsistencyProof> Ledger::prove_consistency(db::Tx& tx, std::uint64_t old_size, std::uint64_t new_size) {
  std::uint64_t n = current_size(tx);
  if (new_size > n || old_size > new_size) return err(kTreeSizeOutOfRange, std::to_string(old_size) + ".." + std::to_string(new_size));
  return ConsistencyProof{old_size, new_size, range_hashes(tx, consistency_ranges(old_size, new_size))};
}

SignedTreeHead Ledger::sign_head(db::Tx& tx) {
  db::advisory_xact_lock(tx, kLock);
  SignedTreeHead h;
  h.tree_size = current_size(tx);
  h.root_hash = h.tree_size == 0 ? to_hex(empty_root()) : range_hashes(tx, {{0, h.tree_size}}).front();
  h.timestamp = clock_.now().to_iso_utc();
  audit::link_pending(tx);  // PostgreSQL: the entries this transaction sees, its own included
  auto chain = audit::chain_head(tx);
  h.audit_seq = chain.seq;
  h.audit_hash = chain.hash;
  auto sig = keys_.ledger_sign(signed_message(h.fields()));
  h.key_id = sig.key_id;
  h.signature = crypto::base64_encode(sig.signature);
  long long last = 0;
  soci::indicator ind = soci::i_null;
  db::run_cached(tx, "SELECT MAX(id) FROM ledger_heads", soci::into(last, ind));
  h.id = ind == soci::i_ok ? last + 1 : 1;
  long long id = h.id, size = static_cast<long long>(h.tree_size), seq = h.audit_seq;
  db::run_cached(tx,
                 "INSERT INTO ledger_heads (id, tree_size, root_hash, signed_at, audit_seq, audit_hash, key_id, "
                 "signature) VALUES (:id, :size, :root, :at, :seq, :ahash, :kid, :sig)",
                 soci::use(id), soci::use(size), soci::use(h.root_hash), soci::use(h.timestamp), soci::use(seq),
                 soci::use(h.audit_hash), soci::use(h.key_id), soci::use(h.signature));
  return h;
}

std::optional<SignedTreeHead> Ledger::latest_head(db::Tx& tx) {
  soci::rowset<soci::row> rows =
      tx.sql().prepare << std::string("SELECT ") + kHeadColumns + " FROM ledger_heads ORDER BY id DESC LIMIT 1";
  for (const auto& r : rows) return head_from_row(r);
  return std::nullopt;
}

std::vector<SignedTreeHead> Ledger::heads(db::Tx& tx) {
  std::vector<SignedTreeHead> out;
  soci::rowset<soci::row> rows = tx.sql().prepare << std::string("SELECT ") + kHeadColumns + " FROM ledger_heads ORDER BY id";
  for (const auto& r : rows) out.push_back(head_from_row(r));
  return out;
}

std::optional<Leaf> Ledger::leaf(db::Tx& tx, std::uint64_t index) {
  long long i = static_cast<long long>(index);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kLeafColumns + " FROM ledger_leaves WHERE idx = :i", soci::use(i));
  for (const auto& r : rows) return leaf_from_row(r);
  return std::nullopt;
}

std::optional<Leaf> Ledger::find_leaf(db::Tx& tx, std::string_view kind, std::string_view subject_id) {
  std::string k(kind), s(subject_id);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kLeafColumns +
                               " FROM ledger_leaves WHERE (:k = '' OR kind = :k2) AND subject_id = :s ORDER BY idx DESC LIMIT 1",
       soci::use(k), soci::use(k), soci::use(s));
  for (const auto& r : rows) return leaf_from_row(r);
  return std::nullopt;
}

std::optional<SignedTreeHead> Ledger::sign_if_changed() {
  audit::link_pending(db_);  // the head signed covers every audit entry committed so far
  auto signed_head = db_.write([&](db::Tx& tx) -> std::optional<SignedTreeHead> {
    db::advisory_xact_lock(tx, kLock);
    auto latest = latest_head(tx);
    auto chain = audit::chain_head(tx);
    if (latest && latest->tree_size == current_size(tx) && latest->audit_seq == chain.seq &&
        latest->audit_hash == chain.hash)
      return std::nullopt;
    return sign_head(tx);
  });
  sync_heads_file();
  return signed_head;
}

void Ledger::sync_heads_file() {
  if (options_.heads_file.empty()) return;
  std::lock_guard lock(file_mutex());
  // The file is read once per Ledger (it grows by a line per head: a head per second and per sealing
  // group); afterwards the newest id this process wrote is enough.
  std::string cache_key = options_.heads_file.string() + "\n" + options_.database_label;
  auto cached = heads_in_file().find(cache_key);
  if (cached == heads_in_file().end()) {
    std::int64_t have = 0;
    for (const auto& h : read_heads_file(options_, keys_).heads) have = std::max(have, h.id);
    cached = heads_in_file().emplace(cache_key, have).first;
  }
  long long after = cached->second;
  std::vector<SignedTreeHead> fresh;
  db_.read([&](db::Tx& tx) {
    soci::rowset<soci::row> rows =
        (tx.sql().prepare << std::string("SELECT ") + kHeadColumns + " FROM ledger_heads WHERE id > :a ORDER BY id",
         soci::use(after));
    for (const auto& r : rows) fresh.push_back(head_from_row(r));
  });
  if (fresh.empty()) return;
  if (options_.heads_file.has_parent_path()) std::filesystem::create_directories(options_.heads_file.parent_path());
  std::ofstream out(options_.heads_file, std::ios::app);
  for (const auto& h : fresh) {
    auto j = to_json(h);
    j["database"] = options_.database_label;
    out << j.dump() << '\n';
  }
  out.flush();
  if (out) cached->second = fresh.back().id;
  if (!out) spdlog::error("ledger: cannot append to the heads file {}", options_.heads_file.string());
}

bool mark_restore(db::Database& restored, const crypto::KeyRing& keys, const LedgerOptions& options,
                  const RestoredBackup& backup, Timestamp at) {
  if (options.heads_file.empty() || !std::filesystem::exists(options.heads_file) || !keys.has_ledger_key()) return false;
  SystemClock clock;
  Ledger ledger(restored, keys, clock, options);
  nlohmann::json r = {{"format", kRestoreFormat}, {"at", at.to_iso_utc()}};
  bool has_ledger = db::migrations_applied(restored, Ledger::migrations());  // a backup from before the ledger
  restored.read([&](db::Tx& tx) {
    auto head = has_ledger ? ledger.latest_head(tx) : std::nullopt;
    r["head"] = head ? to_json(*head) : nlohmann::json(nullptr);
    auto chain = audit::chain_head(tx);
    r["audit_seq"] = chain.seq;
    r["audit_hash"] = chain.hash;
  });
  r["backup"] = {{"file", backup.file}, {"sha256", backup.sha256}, {"created_at", backup.created_at}, {"audit", backup.audit}};
  auto sig = keys.ledger_sign(restore_message(options.database_label, r));
  r["key_id"] = sig.key_id;
  r["signature"] = crypto::base64_encode(sig.signature);
  std::lock_guard lock(file_mutex());
  std::ofstream out(options.heads_file, std::ios::app);
  out << nlohmann::json{{"database", options.database_label}, {"restore", r}}.dump() << '\n';
  out.flush();
  if (!out) throw std::runtime_error("cannot append to the heads file " + options.heads_file.string());
  return true;
}

std::vector<std::string> restore_notes(const crypto::KeyRing& keys, const LedgerOptions& options) {
  std::vector<std::string> out;
  for (const auto& r : read_heads_file(options, keys).restores)
    out.push_back("restore of " + r.marker.value("backup", nlohmann::json::object()).value("file", "a backup") + " at " +
                  r.marker.value("at", "") + ": " + std::to_string(r.set_aside) +
                  " newer head(s) of the replaced database set aside");
  return out;
}

bool verify_head_signature(const SignedTreeHead& h, const crypto::KeyRing& keys) {
  auto pk = keys.ledger_public_key(h.key_id);
  if (!pk) return false;
  std::string sig;
  try {
    sig = crypto::base64_decode(h.signature);
  } catch (const std::exception&) {
    return false;
  }
  return ed25519_verify(signed_message(h.fields()), sig, *pk);
}

std::vector<db::Migration> Ledger::migrations() {
  return {{130, "ledger", R"(
CREATE TABLE ledger_leaves (
  idx {{bigint}} PRIMARY KEY,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  data TEXT NOT NULL,
  leaf_hash TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ledger_leaves_subject ON ledger_leaves (kind, subject_id);
CREATE TABLE ledger_nodes (
  lvl INTEGER NOT NULL,
  idx {{bigint}} NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (lvl, idx)
);
CREATE TABLE ledger_heads (
  id {{bigint}} PRIMARY KEY,
  tree_size {{bigint}} NOT NULL,
  root_hash TEXT NOT NULL,
  signed_at TEXT NOT NULL,
  audit_seq {{bigint}} NOT NULL,
  audit_hash TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL
)
)"}};
}

// ------------------------------------------------------------------------------------------------ JSON

nlohmann::json to_json(const SignedTreeHead& h) {
  return {{"id", h.id},
          {"tree_size", h.tree_size},
          {"root_hash", h.root_hash},
          {"timestamp", h.timestamp},
          {"audit_seq", h.audit_seq},
          {"audit_hash", h.audit_hash},
          {"key_id", h.key_id},
          {"signature", h.signature}};
}

nlohmann::json to_json(const InclusionProof& p) {
  return {{"leaf_index", p.leaf_index}, {"tree_size", p.tree_size}, {"leaf_hash", p.leaf_hash}, {"audit_path", p.audit_path}};
}

nlohmann::json to_json(const ConsistencyProof& p) {
  return {{"from", p.old_size}, {"to", p.new_size}, {"proof", p.proof}};
}

std::optional<SignedTreeHead> head_from_json(const nlohmann::json& j) {
  try {
    SignedTreeHead h;
    h.id = j.at("id").get<std::int64_t>();
    h.tree_size = j.at("tree_size").get<std::uint64_t>();
    h.root_hash = j.at("root_hash").get<std::string>();
    h.timestamp = j.at("timestamp").get<std::string>();
    h.audit_seq = j.at("audit_seq").get<std::int64_t>();
    h.audit_hash = j.at("audit_hash").get<std::string>();
    h.key_id = j.at("key_id").get<std::string>();
    h.signature = j.at("signature").get<std::string>();
    return h;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

Result<nlohmann::json> proof_bundle(Ledger& ledger, db::Tx& tx, std::uint64_t leaf_index) {
  auto leaf = ledger.leaf(tx, leaf_index);
  if (!leaf) return err(kLeafNotFound, std::to_string(leaf_index));
  // The newest head covering the leaf.
  auto head = ledger.latest_head(tx);
  if (!head || head->tree_size <= leaf_index) return err(kNoTreeHead, "no signed tree head covers leaf " + std::to_string(leaf_index));
  MEDRISK_TRY(InclusionProof p, ledger.prove_inclusion(tx, leaf_index, head->tree_size));
  auto pk = ledger.keys().ledger_public_key(head->key_id);
  return nlohmann::json{{"format", "medrisk-ledger-proof-1"},
                        {"leaf", {{"index", leaf->index},
                                  {"kind", leaf->kind},
                                  {"subject_id", leaf->subject_id},
                                  {"data", leaf->data},
                                  {"leaf_hash", p.leaf_hash},
                                  {"at", leaf->at}}},
                        {"leaf_index", p.leaf_index},
                        {"tree_size", p.tree_size},
                        {"audit_path", p.audit_path},
                        {"tree_head", to_json(*head)},
                        {"public_key", pk ? to_hex(*pk) : std::string()}};
}

// ---------------------------------------------------------------------------------------- verification

namespace {

void add(LedgerVerification& v, std::string what) {
  v.ok = false;
  if (v.findings.size() < 50) v.findings.push_back({std::move(what)});
}

std::string describe(const SignedTreeHead& h) {
  return "signed head #" + std::to_string(h.id) + " (tree size " + std::to_string(h.tree_size) + ", audit entry " +
         std::to_string(h.audit_seq) + ", signed " + h.timestamp + ")";
}

// The database's heads and the file's, checked against each other; returns every head with a valid
// signature (the file's copy of a head the database lost included).
std::vector<SignedTreeHead> trusted_heads(db::Database& db, const crypto::KeyRing& keys, const LedgerOptions& o,
                                          LedgerVerification& v) {
  SystemClock clock;
  Ledger ledger(db, keys, clock, o);
  std::vector<SignedTreeHead> in_db = db.read([&](db::Tx& tx) { return ledger.heads(tx); });
  FileHeads file = read_heads_file(o, keys);
  for (const auto& l : file.bad_lines) add(v, "heads file " + o.heads_file.string() + ": " + l);
  for (const auto& r : file.restores) {
    std::string what = "restore of " + r.marker.value("backup", nlohmann::json::object()).value("file", "a backup") +
                       " at " + r.marker.value("at", "");
    if (!r.head) continue;
    // The marker names the restored database's newest head: the database must still hold it, unchanged.
    auto it = std::find_if(in_db.begin(), in_db.end(), [&](const SignedTreeHead& d) { return d.id == r.head->id; });
    if (it == in_db.end() || !same_head(*it, *r.head))
      add(v, what + " names " + describe(*r.head) + ", which the database does not hold as signed");
  }
  std::map<std::int64_t, SignedTreeHead> by_id;
  for (const auto& h : in_db) {
    if (!verify_head_signature(h, keys)) {
      add(v, describe(h) + ": its signature does not verify with the key file's key " + h.key_id);
      continue;
    }
    by_id[h.id] = h;
  }
  for (const auto& h : file.heads) {
    if (!verify_head_signature(h, keys)) {
      add(v, "heads file: " + describe(h) + ": its signature does not verify");
      continue;
    }
    auto it = std::find_if(in_db.begin(), in_db.end(), [&](const SignedTreeHead& d) { return d.id == h.id; });
    if (it == in_db.end())
      add(v, describe(h) + " is in the heads file but missing from the database");
    else if (!same_head(*it, h))
      add(v, describe(h) + " differs between the heads file and the database");
    by_id.try_emplace(h.id, h);
  }
  std::vector<SignedTreeHead> out;
  for (auto& [id, h] : by_id) out.push_back(h);
  v.heads = out.size();
  return out;
}

}  // namespace

LedgerVerification verify_ledger(db::Database& db, const crypto::KeyRing& keys, const LedgerOptions& options) {
  LedgerVerification v;
  auto heads = trusted_heads(db, keys, options, v);
  std::multimap<std::uint64_t, const SignedTreeHead*> by_size;
  for (const auto& h : heads) by_size.emplace(h.tree_size, &h);
  auto check_roots_at = [&](std::uint64_t size, const Hash& root) {
    auto [lo, hi] = by_size.equal_range(size);
    for (auto it = lo; it != hi; ++it)
      if (it->second->root_hash != to_hex(root))
        add(v, describe(*it->second) + ": its root does not match the leaves (the ledger was altered)");
  };
  db.read([&](db::Tx& tx) {
    std::unordered_map<std::uint64_t, std::string> nodes;
    {
      soci::rowset<soci::row> rows = tx.sql().prepare << "SELECT lvl, idx, hash FROM ledger_nodes";
      for (const auto& r : rows)
        nodes[key_of({static_cast<int>(db::int64_at(r, 0)), static_cast<std::uint64_t>(db::int64_at(r, 1))})] =
            r.get<std::string>(2);
    }
    RootBuilder builder;
    check_roots_at(0, builder.root());
    std::vector<std::pair<NodeId, Hash>> completed;
    soci::rowset<soci::row> rows =
        tx.sql().prepare << std::string("SELECT ") + kLeafColumns + " FROM ledger_leaves ORDER BY idx";
    std::size_t expected_nodes = 0;
    for (const auto& r : rows) {
      Leaf leaf = leaf_from_row(r);
      std::string name = "leaf " + std::to_string(leaf.index) + " (" + leaf.kind + " " + leaf.subject_id + ")";
      if (leaf.index != builder.size()) {
        add(v, "leaf " + std::to_string(builder.size()) + " is missing");
        return;
      }
      Hash h = leaf_hash(leaf.data);
      if (to_hex(h) != leaf.leaf_hash) add(v, name + ": its stored bytes do not match its leaf hash (the record was altered)");
      completed.clear();
      builder.add(h, &completed);
      for (const auto& [id, nh] : completed) {
        ++expected_nodes;
        auto it = nodes.find(key_of(id));
        if (it == nodes.end())
          add(v, "stored subtree " + std::to_string(id.level) + "/" + std::to_string(id.index) + " is missing");
        else if (it->second != to_hex(nh))
          add(v, (id.level == 0 ? name + ": its stored tree node" : "stored subtree " + std::to_string(id.level) + "/" +
                                                                        std::to_string(id.index)) +
                     " does not match the leaves");
      }
      check_roots_at(builder.size(), builder.root());
    }
    v.leaves = builder.size();
    if (nodes.size() != expected_nodes)
      add(v, std::to_string(nodes.size()) + " stored subtrees where " + std::to_string(expected_nodes) + " were expected");
    for (const auto& h : heads)
      if (h.tree_size > v.leaves)
        add(v, describe(h) + " covers more leaves than the ledger holds (" + std::to_string(v.leaves) +
                   "): leaves were removed");
  });
  if (!v.ok) return v;
  // Consistency between consecutive heads, from the stored subtrees (what the public route serves).
  SystemClock clock;
  Ledger ledger(db, keys, clock, options);
  db.read([&](db::Tx& tx) {
    for (std::size_t i = 1; i < heads.size(); ++i) {
      const auto& a = heads[i - 1];
      const auto& b = heads[i];
      auto p = ledger.prove_consistency(tx, a.tree_size, b.tree_size);
      std::vector<Hash> proof;
      if (p.ok())
        for (const auto& x : p->proof) proof.push_back(from_hex(x).value_or(""));
      if (!p.ok() || !verify_consistency(a.tree_size, b.tree_size, from_hex(a.root_hash).value_or(""),
                                         from_hex(b.root_hash).value_or(""), proof))
        add(v, describe(b) + " is not consistent with " + describe(a));
    }
  });
  return v;
}

LedgerVerification verify_audit_anchors(db::Database& db, const crypto::KeyRing& keys, const LedgerOptions& options) {
  LedgerVerification v;
  auto heads = trusted_heads(db, keys, options, v);
  db.read([&](db::Tx& tx) {
    for (const auto& h : heads) {
      if (h.audit_seq <= 0) continue;
      auto stored = audit::entry_hash(tx, h.audit_seq);
      if (!stored)
        add(v, "audit entries up to " + std::to_string(h.audit_seq) + " are covered by " + describe(h) + " but entry " +
                   std::to_string(h.audit_seq) + " is missing (the newest entries were removed)");
      else if (*stored != h.audit_hash)
        add(v, "audit entry " + std::to_string(h.audit_seq) + " does not have the hash signed in " + describe(h) +
                   " (entries up to it were altered and the chain re-hashed)");
    }
  });
  return v;
}

}  // namespace medrisk::ledger
