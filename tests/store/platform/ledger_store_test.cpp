// The verifiable ledger on a real database (platform/ledger): thousands of appends in batches with heads
// signed between them; inclusion proofs of every leaf against several tree sizes and consistency proofs
// between random pairs of heads verify, tampered ones do not; heads are signed with the key file's Ed25519
// key and carry the audit chain's head; `verify_ledger` names an altered leaf, and the audit chain check
// catches removed or re-hashed entries that a signed head covers (also when the newest heads were deleted
// from the database but are still in the heads file).
#include <soci/soci.h>

#include <fstream>
#include <random>
#include <thread>

#include "platform/ledger/ledger.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

std::vector<ledger::Hash> raw(const std::vector<std::string>& hex) {
  std::vector<ledger::Hash> out;
  for (const auto& h : hex) out.push_back(ledger::from_hex(h).value());
  return out;
}
ledger::Hash raw(const std::string& hex) { return ledger::from_hex(hex).value(); }

class Ledger : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    heads_file = temp_dir("ledgerheads") / "ledger-heads.jsonl";
    options = {heads_file, url};
    ledger = std::make_unique<ledger::Ledger>(*db, keys, clock, options);
  }
  std::string record(std::uint64_t i) { return R"({"kind":"test","n":)" + std::to_string(i) + "}"; }
  void audit_something(const std::string& id) {
    db->write([&](db::Tx& tx) { audit::record_system(tx, clock.now(), "test", {"thing.touch", "thing", id, {}, {}}); });
  }

  std::filesystem::path heads_file;
  ledger::LedgerOptions options;
  std::unique_ptr<ledger::Ledger> ledger;
};

TEST_F(Ledger, ThousandsOfAppendsProveInclusionAndConsistencyAndRefuseTamperedProofs) {
  const std::uint64_t total = on_postgresql() ? 1500 : 3000;
  std::mt19937_64 rng(15);
  std::vector<ledger::SignedTreeHead> heads;
  std::uint64_t n = 0;
  while (n < total) {
    std::uint64_t batch = 1 + rng() % 97;
    std::vector<ledger::Ledger::NewLeaf> leaves;
    for (std::uint64_t i = 0; i < batch && n + i < total; ++i) leaves.push_back({"test", "r" + std::to_string(n + i), record(n + i)});
    auto refs = db->write([&](db::Tx& tx) {
      auto r = ledger->append_batch(tx, leaves);
      heads.push_back(ledger->sign_head(tx));
      return r;
    });
    for (std::size_t i = 0; i < refs.size(); ++i) {
      ASSERT_EQ(refs[i].index, n + i);
      EXPECT_EQ(refs[i].leaf_hash, ledger::to_hex(ledger::leaf_hash(record(n + i))));
    }
    n += refs.size();
  }
  ASSERT_GT(heads.size(), 20u);
  db->read([&](db::Tx& tx) {
    EXPECT_EQ(ledger->size(tx), total);
    // Every head's root is the RFC 6962 root of its leaves, and its signature verifies.
    std::vector<ledger::Hash> leaves;
    for (std::uint64_t i = 0; i < total; ++i) leaves.push_back(ledger::leaf_hash(record(i)));
    for (const auto& h : heads) {
      EXPECT_EQ(h.root_hash, ledger::to_hex(ledger::root_of({leaves.begin(), leaves.begin() + h.tree_size})));
      EXPECT_TRUE(ledger::verify_head_signature(h, keys));
    }
    // Inclusion: every leaf against the newest head, its own first head and a random later one.
    for (std::uint64_t i = 0; i < total; ++i) {
      std::vector<const ledger::SignedTreeHead*> against{&heads.back()};
      std::size_t first = 0;
      while (heads[first].tree_size <= i) ++first;
      against.push_back(&heads[first]);  // the first head that covers the leaf
      against.push_back(&heads[first + rng() % (heads.size() - first)]);
      for (const auto* h : against) {
        auto p = ledger->prove_inclusion(tx, i, h->tree_size);
        ASSERT_TRUE(p.ok()) << p.error().code;
        ASSERT_TRUE(ledger::verify_inclusion(i, h->tree_size, raw(p->leaf_hash), raw(p->audit_path), raw(h->root_hash)))
            << "leaf " << i << " in " << h->tree_size;
        // Tampered: another leaf's data, a flipped path byte, another position.
        EXPECT_FALSE(ledger::verify_inclusion(i, h->tree_size, ledger::leaf_hash(record(i + 1)), raw(p->audit_path),
                                              raw(h->root_hash)));
        if (!p->audit_path.empty()) {
          auto bad = raw(p->audit_path);
          bad[rng() % bad.size()][3] ^= 1;
          EXPECT_FALSE(ledger::verify_inclusion(i, h->tree_size, raw(p->leaf_hash), bad, raw(h->root_hash)));
          EXPECT_FALSE(ledger::verify_inclusion((i + 1) % h->tree_size, h->tree_size, raw(p->leaf_hash),
                                                raw(p->audit_path), raw(h->root_hash)));
        }
      }
    }
    // Consistency between random pairs of heads.
    for (int k = 0; k < 400; ++k) {
      const auto& a = heads[rng() % heads.size()];
      const auto& b = heads[rng() % heads.size()];
      const auto& older = a.tree_size <= b.tree_size ? a : b;
      const auto& newer = a.tree_size <= b.tree_size ? b : a;
      auto p = ledger->prove_consistency(tx, older.tree_size, newer.tree_size);
      ASSERT_TRUE(p.ok());
      ASSERT_TRUE(ledger::verify_consistency(older.tree_size, newer.tree_size, raw(older.root_hash), raw(newer.root_hash),
                                             raw(p->proof)))
          << older.tree_size << " → " << newer.tree_size;
      if (!p->proof.empty()) {
        auto bad = raw(p->proof);
        bad[rng() % bad.size()][0] ^= 0x80;
        EXPECT_FALSE(ledger::verify_consistency(older.tree_size, newer.tree_size, raw(older.root_hash),
                                                raw(newer.root_hash), bad));
      }
    }
    EXPECT_FALSE(ledger->prove_inclusion(tx, total, total).ok());
    EXPECT_FALSE(ledger->prove_inclusion(tx, 5, total + 1).ok());
    EXPECT_FALSE(ledger->prove_consistency(tx, 10, total + 1).ok());
  });
  EXPECT_TRUE(ledger::verify_ledger(*db, keys, options).ok);
}

TEST_F(Ledger, ARolledBackAppendLeavesNoLeafAndAppendsFromTwoThreadsStayOneTree) {
  try {
    db->write([&](db::Tx& tx) {
      ledger->append(tx, "test", "gone", record(999));
      throw std::runtime_error("the caller's change failed");
    });
  } catch (const std::runtime_error&) {
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i)
        db->write([&](db::Tx& tx) { ledger->append(tx, "test", "t" + std::to_string(t), record(t * 100 + i)); });
    });
  for (auto& t : threads) t.join();
  ledger->sign_if_changed();
  EXPECT_EQ(db->read([&](db::Tx& tx) { return ledger->size(tx); }), 80u);
  auto v = ledger::verify_ledger(*db, keys, options);
  EXPECT_TRUE(v.ok) << (v.findings.empty() ? "" : v.findings.front().what);
}

TEST_F(Ledger, HeadsAreSignedWithTheKeyFileKeyAndCarryTheAuditChainHead) {
  audit_something("1");
  auto head = ledger->sign_if_changed();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->tree_size, 0u);
  EXPECT_EQ(head->root_hash, ledger::to_hex(ledger::empty_root()));
  auto chain = db->read([](db::Tx& tx) { return audit::chain_head(tx); });
  EXPECT_EQ(head->audit_seq, chain.seq);
  EXPECT_EQ(head->audit_hash, chain.hash);
  EXPECT_EQ(head->key_id, keys.ledger_key_id());
  EXPECT_TRUE(ledger::verify_head_signature(*head, keys));
  EXPECT_FALSE(ledger->sign_if_changed()) << "nothing moved: no new head";
  // Another ring (another key file) does not verify it; a changed field breaks the signature.
  EXPECT_FALSE(ledger::verify_head_signature(*head, crypto::KeyRing::ephemeral()));
  auto forged = *head;
  forged.audit_seq += 1;
  EXPECT_FALSE(ledger::verify_head_signature(forged, keys));
  // The heads file holds it.
  std::ifstream in(heads_file);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(ledger::head_from_json(nlohmann::json::parse(line))->signature, head->signature);
}

TEST_F(Ledger, VerifyNamesAnAlteredLeafAndARemovedHead) {
  db->write([&](db::Tx& tx) {
    for (int i = 0; i < 20; ++i) ledger->append(tx, "test", "r" + std::to_string(i), record(i));
  });
  ledger->sign_if_changed();
  db->write([&](db::Tx& tx) { ledger->append(tx, "test", "r20", record(20)); });
  ledger->sign_if_changed();
  ASSERT_TRUE(ledger::verify_ledger(*db, keys, options).ok);

  db->write([](db::Tx& tx) { tx.sql() << "UPDATE ledger_leaves SET data = '{\"kind\":\"test\",\"n\":77}' WHERE idx = 7"; });
  auto v = ledger::verify_ledger(*db, keys, options);
  ASSERT_FALSE(v.ok);
  EXPECT_NE(v.findings.front().what.find("leaf 7 (test r7)"), std::string::npos) << v.findings.front().what;
  db->write([&](db::Tx& tx) {
    std::string original = record(7);
    tx.sql() << "UPDATE ledger_leaves SET data = :d WHERE idx = 7", soci::use(original);
  });
  ASSERT_TRUE(ledger::verify_ledger(*db, keys, options).ok);

  // Rewriting a leaf together with its stored hash and subtrees still breaks every signed root.
  db->write([&](db::Tx& tx) {
    std::string forged = record(77), hash = ledger::to_hex(ledger::leaf_hash(forged));
    tx.sql() << "UPDATE ledger_leaves SET data = :d, leaf_hash = :h WHERE idx = 7", soci::use(forged), soci::use(hash);
  });
  EXPECT_FALSE(ledger::verify_ledger(*db, keys, options).ok);
  db->write([&](db::Tx& tx) {
    std::string original = record(7), hash = ledger::to_hex(ledger::leaf_hash(original));
    tx.sql() << "UPDATE ledger_leaves SET data = :d, leaf_hash = :h WHERE idx = 7", soci::use(original), soci::use(hash);
  });

  db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM ledger_heads WHERE id = (SELECT MAX(id) FROM ledger_heads)"; });
  v = ledger::verify_ledger(*db, keys, options);
  ASSERT_FALSE(v.ok);
  EXPECT_NE(v.findings.front().what.find("missing from the database"), std::string::npos) << v.findings.front().what;
}

class AuditAnchors : public Ledger {
 protected:
  // The attacker's rewrite: every entry from `from` on re-hashed (audit::chain_hash of each suite).
  void rehash_from(std::int64_t from) {
    db->write([&](db::Tx& tx) {
      audit::Filter f;
      f.limit = 100000;
      auto entries = audit::list(tx, f);  // newest first
      std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
      std::string prev = entries[static_cast<std::size_t>(from) - 2].entry_hash;
      for (auto& e : entries) {
        if (e.id < from) continue;
        e.prev_hash = prev;
        e.entry_hash = audit::chain_hash(e).value();
        long long id = e.id;
        tx.sql() << "UPDATE audit_log SET prev_hash = :p, entry_hash = :h WHERE id = :id", soci::use(e.prev_hash),
            soci::use(e.entry_hash), soci::use(id);
        prev = e.entry_hash;
      }
      tx.sql() << "UPDATE audit_head SET last_hash = :h WHERE singleton = 1", soci::use(prev);
    });
  }
  void seed(int entries) {
    for (int i = 0; i < entries; ++i) audit_something(std::to_string(i));
    ASSERT_TRUE(ledger->sign_if_changed());
  }
};

TEST_F(AuditAnchors, AnUntouchedChainMatchesItsSignedHeads) {
  seed(10);
  EXPECT_TRUE(audit::verify(*db).ok);
  auto v = ledger::verify_audit_anchors(*db, keys, options);
  EXPECT_TRUE(v.ok) << (v.findings.empty() ? "" : v.findings.front().what);
  EXPECT_EQ(v.heads, 1u);
}

TEST_F(AuditAnchors, RemovedNewestEntriesWithARewrittenHeadAreCaught) {
  seed(10);
  std::int64_t last = db->read([](db::Tx& tx) { return audit::chain_head(tx).seq; });
  db->write([&](db::Tx& tx) {
    long long keep = last - 3;
    std::string hash;
    tx.sql() << "SELECT entry_hash FROM audit_log WHERE id = :k", soci::use(keep), soci::into(hash);
    tx.sql() << "DELETE FROM audit_log WHERE id > :k", soci::use(keep);
    tx.sql() << "UPDATE audit_head SET last_id = :k, last_hash = :h WHERE singleton = 1", soci::use(keep), soci::use(hash);
  });
  ASSERT_TRUE(audit::verify(*db).ok) << "the unkeyed chain alone cannot tell";
  auto v = ledger::verify_audit_anchors(*db, keys, options);
  ASSERT_FALSE(v.ok);
  EXPECT_NE(v.findings.front().what.find("entry " + std::to_string(last) + " is missing"), std::string::npos)
      << v.findings.front().what;
  // Deleting the signed heads from the database too: the heads file still has them.
  db->write([](db::Tx& tx) { tx.sql() << "DELETE FROM ledger_heads"; });
  EXPECT_FALSE(ledger::verify_audit_anchors(*db, keys, options).ok);
}

TEST_F(AuditAnchors, AnEditedEntryWithTheChainReHashedAfterItIsCaught) {
  seed(10);
  db->write([](db::Tx& tx) { tx.sql() << "UPDATE audit_log SET action = 'thing.delete' WHERE id = 4"; });
  ASSERT_FALSE(audit::verify(*db).ok);
  rehash_from(4);
  ASSERT_TRUE(audit::verify(*db).ok) << "the unkeyed chain alone cannot tell";
  auto v = ledger::verify_audit_anchors(*db, keys, options);
  ASSERT_FALSE(v.ok);
  EXPECT_NE(v.findings.front().what.find("re-hashed"), std::string::npos) << v.findings.front().what;
}

}  // namespace
}  // namespace medrisk::testing
