// Hash-chained audit log (see audit_log.hpp). The chain head lives in a one-row table. On SQLite (one
// writer at a time) each entry is linked as it is written. On PostgreSQL an entry is written unlinked
// (id from a sequence, no chain position, its hash covering its own content only) and link_pending —
// one linker at a time, holding the head row — gives committed entries the next chain positions, so
// no writer waits for another's commit. Deleting the newest linked entries is caught because the head
// no longer matches.
#include "platform/audit/audit_log.hpp"

#include <soci/soci.h>
#include "platform/db/cached.hpp"
#include "platform/db/rows.hpp"

#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm.hpp"
#include "platform/db/partitions.hpp"

namespace medrisk::audit {
namespace {

constexpr char kSep = '\x1f';
const std::string kGenesis(64, '0');

std::string opt(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); }
std::string opt(const std::optional<std::string>& v) { return v.value_or(std::string()); }

}  // namespace

// The entry's hash under its own suite: SHA-256 ("default", every entry written before migration 101)
// or SM3 ("gm"); nullopt for a suite this binary does not know.
std::optional<std::string> chain_hash(const Entry& e) {
  std::string m = e.prev_hash;
  for (const std::string& f : {std::to_string(e.id), e.at, opt(e.actor_user_id), opt(e.actor_organization_id), e.action,
                               e.resource_type, e.resource_id, opt(e.before_digest), opt(e.after_digest),
                               opt(e.request_id)}) {
    m += kSep;
    m += f;
  }
  if (e.suite == "gm") return crypto::gm::sm3_hex(m);
  if (e.suite == "default") return crypto::sha256_hex(m);
  return std::nullopt;
}

namespace {

soci::indicator ind(bool present) { return present ? soci::i_ok : soci::i_null; }

void insert_entry(db::Tx& tx, const Entry& e) {
  long long uid = e.actor_user_id.value_or(0), oid = e.actor_organization_id.value_or(0);
  std::string before = opt(e.before_digest), after = opt(e.after_digest), rid = opt(e.request_id);
  long long id = e.id, seq = e.seq.value_or(0);
  soci::indicator uid_i = ind(e.actor_user_id.has_value()), oid_i = ind(e.actor_organization_id.has_value()),
                  before_i = ind(e.before_digest.has_value()), after_i = ind(e.after_digest.has_value()),
                  rid_i = ind(e.request_id.has_value()), seq_i = ind(e.seq.has_value());
  db::run_cached(
      tx,
      "INSERT INTO audit_log (id, at, actor_user_id, actor_organization_id, action, resource_type, resource_id, "
      "before_digest, after_digest, request_id, prev_hash, entry_hash, suite, seq) VALUES (:id, :at, :uid, "
      ":oid, :action, :rtype, :rid, :before, :after, :req, :prev, :hash, :suite, :seq)",
      soci::use(id), soci::use(e.at), soci::use(uid, uid_i), soci::use(oid, oid_i), soci::use(e.action),
      soci::use(e.resource_type), soci::use(e.resource_id), soci::use(before, before_i), soci::use(after, after_i),
      soci::use(rid, rid_i), soci::use(e.prev_hash), soci::use(e.entry_hash), soci::use(e.suite),
      soci::use(seq, seq_i));
}

void append(db::Tx& tx, Entry e) {
  if (tx.dialect() == db::Dialect::postgresql) {
    // Unlinked: nothing here waits for another transaction. The id comes from a sequence (ids commit
    // out of order and a rollback leaves a gap; the chain position is given by link_pending).
    long long id = 0;
    tx.sql() << "SELECT nextval('audit_log_ids_id_seq') + id_base, suite FROM audit_head WHERE singleton = 1",
        soci::into(id), soci::into(e.suite);
    e.id = id;
    e.prev_hash.clear();
    e.entry_hash = chain_hash(e).value();  // its own content, checked by verify and before linking
    insert_entry(tx, e);
    return;
  }
  // SQLite serializes writers: link at once (chain position = id).
  long long last_id = 0;
  std::string last_hash;
  db::run_cached(tx, "SELECT last_id, last_hash, suite FROM audit_head WHERE singleton = 1", soci::into(last_id),
                 soci::into(last_hash), soci::into(e.suite));
  long long id = last_id + 1;
  e.id = id;
  e.seq = e.id;
  e.prev_hash = last_hash;
  e.entry_hash = chain_hash(e).value();
  insert_entry(tx, e);
  db::run_cached(tx, "UPDATE audit_head SET last_id = :id, last_hash = :hash WHERE singleton = 1", soci::use(id),
                 soci::use(e.entry_hash));
}

Entry from_change(const Change& c) {
  Entry e;
  e.action = c.action;
  e.resource_type = c.resource_type;
  e.resource_id = c.resource_id;
  if (c.before) e.before_digest = digest(*c.before);
  if (c.after) e.after_digest = digest(*c.after);
  return e;
}

Entry read_row(const soci::row& r) {
  Entry e;
  e.id = db::int64_at(r, 0);
  e.at = r.get<std::string>(1);
  if (r.get_indicator(2) == soci::i_ok) e.actor_user_id = db::int64_at(r, 2);
  if (r.get_indicator(3) == soci::i_ok) e.actor_organization_id = db::int64_at(r, 3);
  e.action = r.get<std::string>(4);
  e.resource_type = r.get<std::string>(5);
  e.resource_id = r.get<std::string>(6);
  if (r.get_indicator(7) == soci::i_ok) e.before_digest = r.get<std::string>(7);
  if (r.get_indicator(8) == soci::i_ok) e.after_digest = r.get<std::string>(8);
  if (r.get_indicator(9) == soci::i_ok) e.request_id = r.get<std::string>(9);
  e.prev_hash = r.get<std::string>(10);
  e.entry_hash = r.get<std::string>(11);
  e.suite = r.get<std::string>(12);
  if (r.get_indicator(13) == soci::i_ok) e.seq = db::int64_at(r, 13);
  return e;
}

constexpr const char* kColumns =
    "id, at, actor_user_id, actor_organization_id, action, resource_type, resource_id, before_digest, "
    "after_digest, request_id, prev_hash, entry_hash, suite, seq";

}  // namespace

ChainHead chain_head(db::Tx& tx) {
  ChainHead h;
  long long seq = 0;
  db::run_cached(tx, "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1", soci::into(seq),
                 soci::into(h.hash));
  h.seq = seq;
  return h;
}

std::optional<std::string> entry_hash(db::Tx& tx, std::int64_t seq) {
  long long key = seq;
  std::string hash;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT entry_hash FROM audit_log WHERE seq = :s", soci::use(key), soci::into(hash, ind);
  if (!tx.sql().got_data() || ind != soci::i_ok) return std::nullopt;
  return hash;
}

std::string digest(const nlohmann::json& value) { return crypto::sha256_hex(value.dump()); }

void record(db::Tx& tx, const RequestContext& ctx, const Change& change) {
  Entry e = from_change(change);
  e.at = ctx.now().to_iso_utc();
  if (ctx.actor.user_id) e.actor_user_id = ctx.actor.user_id;
  if (ctx.actor.organization_id) e.actor_organization_id = ctx.actor.organization_id;
  if (!ctx.request_id.empty()) e.request_id = ctx.request_id;
  append(tx, std::move(e));
}

void record_system(db::Tx& tx, Timestamp at, const std::string& job, const Change& change) {
  Entry e = from_change(change);
  e.at = at.to_iso_utc();
  e.request_id = "system:" + job;
  append(tx, std::move(e));
}

std::vector<Entry> list(db::Tx& tx, const Filter& f) {
  // Every filter is bound; an absent one is written as "(:x IS NULL OR col = :x)" with a null value.
  std::string rtype = f.resource_type.value_or(""), rid = f.resource_id.value_or(""), action = f.action.value_or("");
  std::string from = f.from.value_or(""), to = f.to.value_or("");
  long long uid = f.actor_user_id.value_or(0), oid = f.actor_organization_id.value_or(0);
  long long after = f.after_id > 0 ? f.after_id : std::numeric_limits<long long>::max();
  int limit = f.limit;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kColumns +
                               " FROM audit_log WHERE id < :after AND (:rtype = '' OR resource_type = :rtype2)"
                               " AND (:rid = '' OR resource_id = :rid2) AND (:action = '' OR action = :action2)"
                               " AND (:from = '' OR at >= :from2) AND (:to = '' OR at < :to2)"
                               " AND (:uid = 0 OR actor_user_id = :uid2) AND (:oid = 0 OR actor_organization_id = :oid2)"
                               " ORDER BY id DESC LIMIT :limit",
       soci::use(after), soci::use(rtype), soci::use(rtype), soci::use(rid), soci::use(rid), soci::use(action),
       soci::use(action), soci::use(from), soci::use(from), soci::use(to), soci::use(to), soci::use(uid),
       soci::use(uid), soci::use(oid), soci::use(oid), soci::use(limit));
  std::vector<Entry> out;
  for (const auto& r : rows) out.push_back(read_row(r));
  return out;
}

namespace {

// An unlinked entry's hash covers its content only (an empty previous hash).
bool content_intact(const Entry& e) {
  if (!e.prev_hash.empty()) return false;
  auto hash = chain_hash(e);
  return hash && *hash == e.entry_hash;
}

std::int64_t link_in(db::Tx& tx, int limit) {
  auto& sql = tx.sql();
  long long last_seq = 0;
  std::string last_hash;
  std::string lock = tx.dialect() == db::Dialect::postgresql ? " FOR UPDATE" : "";
  sql << "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1" + lock, soci::into(last_seq),
      soci::into(last_hash);
  std::vector<Entry> batch;
  {
    soci::rowset<soci::row> rows = (sql.prepare << std::string("SELECT ") + kColumns +
                                                       " FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT :n",
                                    soci::use(limit));
    for (const auto& r : rows) batch.push_back(read_row(r));
  }
  if (batch.empty()) return 0;
  std::vector<long long> ids, seqs;
  std::vector<std::string> prevs, hashes;
  for (Entry& e : batch) {
    // An entry altered while waiting is not linked (that would launder it): verify names it.
    if (!content_intact(e)) break;
    e.seq = ++last_seq;
    e.prev_hash = last_hash;
    e.entry_hash = chain_hash(e).value();
    last_hash = e.entry_hash;
    ids.push_back(e.id);
    seqs.push_back(*e.seq);
    prevs.push_back(e.prev_hash);
    hashes.push_back(e.entry_hash);
  }
  if (ids.empty()) return 0;
  sql << "UPDATE audit_log SET seq = :s, prev_hash = :p, entry_hash = :h WHERE id = :id AND seq IS NULL",
      soci::use(seqs), soci::use(prevs), soci::use(hashes), soci::use(ids);
  sql << "UPDATE audit_head SET last_id = :id, last_hash = :hash WHERE singleton = 1", soci::use(last_seq),
      soci::use(last_hash);
  return static_cast<std::int64_t>(ids.size());
}

}  // namespace

std::int64_t link_pending(db::Tx& tx) {
  if (tx.dialect() == db::Dialect::sqlite) return 0;  // linked as written
  std::int64_t total = 0;
  for (std::int64_t n = 0; (n = link_in(tx, 5000)) > 0;) total += n;
  return total;
}

std::int64_t link_pending(db::Database& db, int batch) {
  if (db.dialect() == db::Dialect::sqlite) return 0;  // linked as written
  std::int64_t total = 0;
  for (;;) {
    std::int64_t n = db.write([&](db::Tx& tx) { return link_in(tx, batch); });
    total += n;
    if (n < batch) return total;
  }
}

Verification verify(db::Database& db) {
  Verification v;
  db.read([&](db::Tx& tx) {
    std::string prev = kGenesis;
    std::int64_t expected = 1;
    {
      soci::rowset<soci::row> rows =
          (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq IS NOT NULL ORDER BY seq");
      for (const auto& r : rows) {
        Entry e = read_row(r);
        ++v.entries;
        std::string reason;
        std::optional<std::string> hash = chain_hash(e);
        if (e.seq != expected)
          reason = "entry " + std::to_string(expected) + " is missing";
        else if (e.prev_hash != prev)
          reason = "its previous-entry hash does not match the entry before it";
        else if (!hash)
          reason = "its hash suite \"" + e.suite + "\" is unknown";
        else if (*hash != e.entry_hash)
          reason = "its content does not match its hash";
        if (!reason.empty()) {
          v.ok = false;
          v.first_bad_id = e.id;
          v.reason = reason;
          return;
        }
        prev = e.entry_hash;
        ++expected;
      }
    }
    long long last_id = 0;
    std::string last_hash;
    tx.sql() << "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1", soci::into(last_id), soci::into(last_hash);
    if (last_id != expected - 1 || last_hash != prev) {
      v.ok = false;
      v.first_bad_id = expected;
      v.reason = "the newest entries were removed: the chain head records entry " + std::to_string(last_id);
      return;
    }
    v.head_hash = prev;
    // Not yet linked (PostgreSQL, committed since the last link_pending): each one's own content.
    soci::rowset<soci::row> rows =
        (tx.sql().prepare << std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq IS NULL ORDER BY id");
    for (const auto& r : rows) {
      Entry e = read_row(r);
      ++v.entries;
      ++v.pending;
      if (!content_intact(e)) {
        v.ok = false;
        v.first_bad_id = e.id;
        v.reason = chain_hash(e) ? "its content does not match its hash (not yet linked)"
                                 : "its hash suite \"" + e.suite + "\" is unknown";
        v.head_hash.clear();
        return;
      }
    }
  });
  return v;
}

void use_suite(db::Database& db, crypto::Suite suite, Timestamp at) {
  std::string name(crypto::suite_name(suite));
  db.write([&](db::Tx& tx) {
    link_pending(tx);  // PostgreSQL: whether the chain is empty counts the entries not yet linked too
    long long last_id = 0;
    std::string current;
    std::string lock = tx.dialect() == db::Dialect::postgresql ? " FOR UPDATE" : "";
    tx.sql() << "SELECT last_id, suite FROM audit_head WHERE singleton = 1" + lock, soci::into(last_id),
        soci::into(current);
    if (current == name) return;
    tx.sql() << "UPDATE audit_head SET suite = :s WHERE singleton = 1", soci::use(name);
    if (last_id > 0)
      record_system(tx, at, "keys",
                    {"audit.suite_change", "audit_chain", "1", nlohmann::json{{"suite", current}},
                     nlohmann::json{{"suite", name}}});
  });
}

std::vector<db::Migration> migrations() {
  return {{100, "audit_log", R"(
CREATE TABLE audit_log (
  id {{bigint}} PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id {{bigint}},
  actor_organization_id {{bigint}},
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  before_digest TEXT,
  after_digest TEXT,
  request_id TEXT,
  prev_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL
);
CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id);
CREATE TABLE audit_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id {{bigint}} NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
)"},
          // Issue 16: each entry names the suite of its hash; the head holds the suite of new entries.
          {101, "audit_suite", R"(
ALTER TABLE audit_log ADD COLUMN suite TEXT NOT NULL DEFAULT 'default';
ALTER TABLE audit_head ADD COLUMN suite TEXT NOT NULL DEFAULT 'default'
)"},
          // Issue 17: the chain position `seq` is given after commit by link_pending (PostgreSQL), so
          // writers no longer queue on the head row. Entries so far keep their id as position. New ids
          // on PostgreSQL are id_base + the audit_log_ids sequence (id_base: the largest id so far).
          {102, "audit_sequencer", R"(
ALTER TABLE audit_log ADD COLUMN seq {{bigint}};
UPDATE audit_log SET seq = id;
CREATE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_unlinked ON audit_log (id) WHERE seq IS NULL;
ALTER TABLE audit_head ADD COLUMN id_base {{bigint}} NOT NULL DEFAULT 0;
UPDATE audit_head SET id_base = (SELECT COALESCE(MAX(id), 0) FROM audit_log) WHERE singleton = 1;
CREATE TABLE audit_log_ids (id {{pk}})
)"},
          // Issue 17: on PostgreSQL the log is partitioned by ranges of its id, the chain order (docs/scale.md:
          // `at` is text and follows the request's clock, the id only grows; the primary key (id) stays
          // the whole log's key, and verify reads the partitions in order). 10,000,000 entries a partition
          // is about a month of a large province's worst case; pg_partman keeps 4 ranges ready ahead.
          // Generic: whatever columns 102-104 added carry over. SQLite keeps one table.
          {105, "audit_log_partitions",
           db::partitions::convert_sql({"audit_log", "id", db::partitions::Spec::Kind::id, "10000000", 4}), "",
           db::Dialect::postgresql}};
}

}  // namespace medrisk::audit
