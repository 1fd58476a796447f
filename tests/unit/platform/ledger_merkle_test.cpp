// The ledger's Merkle rules (platform/ledger/merkle.hpp) against the RFC 6962 definition computed the naive
// way: the Certificate Transparency test vectors, every inclusion and consistency proof of every tree up to
// 70 leaves, and tampered proofs (a flipped byte, a wrong position or size, an element dropped or added).
#include <gtest/gtest.h>

#include <random>
#include <sodium.h>

#include "platform/ledger/merkle.hpp"

namespace medrisk::ledger {
namespace {

// MTH(D[begin:end]) straight from RFC 6962 §2.1.
Hash naive_mth(const std::vector<Hash>& leaves, std::uint64_t begin, std::uint64_t end) {
  std::uint64_t n = end - begin;
  if (n == 0) return empty_root();
  if (n == 1) return leaves[begin];
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return node_hash(naive_mth(leaves, begin, begin + k), naive_mth(leaves, begin + k, end));
}

std::vector<Hash> leaves_of(std::size_t n) {
  std::vector<Hash> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(leaf_hash("record " + std::to_string(i)));
  return out;
}

std::vector<Hash> proof_of(const std::vector<Hash>& leaves, const std::vector<Range>& ranges) {
  std::vector<Hash> out;
  for (const auto& r : ranges) out.push_back(naive_mth(leaves, r.begin, r.end));
  return out;
}

Hash flip(Hash h) {
  h[7] ^= 0x20;
  return h;
}

class Merkle : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
};

TEST_F(Merkle, CertificateTransparencyVectors) {
  // The eight leaves and roots of certificate-transparency's merkle_tree_test (RFC 6962 hashing).
  const std::vector<std::string> inputs = {"",
                                           std::string("\x00", 1),
                                           "\x10",
                                           "\x20\x21",
                                           "\x30\x31",
                                           "\x40\x41\x42\x43",
                                           "\x50\x51\x52\x53\x54\x55\x56\x57",
                                           "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  const std::vector<std::string> roots = {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                                          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                                          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                                          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                                          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                                          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                                          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                                          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  std::vector<Hash> leaves;
  RootBuilder builder;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    leaves.push_back(leaf_hash(inputs[i]));
    builder.add(leaves.back());
    EXPECT_EQ(to_hex(root_of(leaves)), roots[i]) << "tree size " << i + 1;
    EXPECT_EQ(to_hex(builder.root()), roots[i]);
    EXPECT_EQ(to_hex(naive_mth(leaves, 0, leaves.size())), roots[i]);
  }
  EXPECT_EQ(to_hex(empty_root()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(Merkle, DecomposedRangesFoldToTheirTreeHash) {
  auto leaves = leaves_of(70);
  for (std::uint64_t n = 1; n <= 70; ++n)
    for (std::uint64_t m = 0; m <= n; ++m) {
      std::vector<Range> ranges = m < n ? inclusion_ranges(m, n) : std::vector<Range>{};
      auto cons = consistency_ranges(m, n);
      ranges.insert(ranges.end(), cons.begin(), cons.end());
      ranges.push_back({0, n});
      for (const auto& r : ranges) {
        auto parts = decompose(r);
        ASSERT_FALSE(parts.empty());
        // Perfect, aligned subtrees, largest first, covering the range exactly.
        std::uint64_t at = r.begin;
        for (const auto& p : parts) {
          EXPECT_EQ(p.index << p.level, at);
          at += std::uint64_t(1) << p.level;
        }
        EXPECT_EQ(at, r.end);
        Hash h = naive_mth(leaves, parts.back().index << parts.back().level, r.end);
        for (std::size_t i = parts.size() - 1; i-- > 0;) {
          std::uint64_t b = parts[i].index << parts[i].level;
          h = node_hash(naive_mth(leaves, b, b + (std::uint64_t(1) << parts[i].level)), h);
        }
        EXPECT_EQ(h, naive_mth(leaves, r.begin, r.end)) << r.begin << ".." << r.end;
      }
    }
}

TEST_F(Merkle, EveryInclusionProofOfSmallTreesVerifiesAndTamperedOnesFail) {
  auto leaves = leaves_of(70);
  for (std::uint64_t n = 1; n <= 70; ++n) {
    Hash root = naive_mth(leaves, 0, n);
    for (std::uint64_t m = 0; m < n; ++m) {
      auto path = proof_of(leaves, inclusion_ranges(m, n));
      ASSERT_TRUE(verify_inclusion(m, n, leaves[m], path, root)) << m << " in " << n;
      EXPECT_FALSE(verify_inclusion(m, n, flip(leaves[m]), path, root));
      EXPECT_FALSE(verify_inclusion(m, n, leaves[m], path, flip(root)));
      if (n > 1) {
        EXPECT_FALSE(verify_inclusion((m + 1) % n, n, leaves[m], path, root)) << m << " in " << n;
        EXPECT_FALSE(verify_inclusion(m, n, leaves[(m + 1) % n], path, root));
      }
      for (std::size_t i = 0; i < path.size(); ++i) {
        auto bad = path;
        bad[i] = flip(bad[i]);
        EXPECT_FALSE(verify_inclusion(m, n, leaves[m], bad, root));
      }
      if (!path.empty()) {
        auto shorter = path;
        shorter.pop_back();
        EXPECT_FALSE(verify_inclusion(m, n, leaves[m], shorter, root));
      }
      auto longer = path;
      longer.push_back(root);
      EXPECT_FALSE(verify_inclusion(m, n, leaves[m], longer, root));
      EXPECT_FALSE(verify_inclusion(m, n + 1, leaves[m], path, root));
    }
  }
}

TEST_F(Merkle, EveryConsistencyProofOfSmallTreesVerifiesAndTamperedOnesFail) {
  auto leaves = leaves_of(70);
  for (std::uint64_t n = 1; n <= 70; ++n) {
    Hash new_root = naive_mth(leaves, 0, n);
    for (std::uint64_t m = 1; m <= n; ++m) {
      Hash old_root = naive_mth(leaves, 0, m);
      auto proof = proof_of(leaves, consistency_ranges(m, n));
      ASSERT_TRUE(verify_consistency(m, n, old_root, new_root, proof)) << m << " → " << n;
      EXPECT_FALSE(verify_consistency(m, n, flip(old_root), new_root, proof));
      EXPECT_FALSE(verify_consistency(m, n, old_root, flip(new_root), proof));
      for (std::size_t i = 0; i < proof.size(); ++i) {
        auto bad = proof;
        bad[i] = flip(bad[i]);
        EXPECT_FALSE(verify_consistency(m, n, old_root, new_root, bad)) << m << " → " << n << " element " << i;
      }
      if (!proof.empty()) {
        auto shorter = proof;
        shorter.pop_back();
        EXPECT_FALSE(verify_consistency(m, n, old_root, new_root, shorter));
      }
      if (m < n) {
        EXPECT_FALSE(verify_consistency(m, n + 1, old_root, new_root, proof));
        // A tree that rewrote an old leaf is not consistent with the old head.
        auto forged = leaves;
        forged[m - 1] = flip(forged[m - 1]);
        auto forged_proof = proof_of(forged, consistency_ranges(m, n));
        EXPECT_FALSE(verify_consistency(m, n, old_root, naive_mth(forged, 0, n), forged_proof));
      }
    }
  }
}

TEST_F(Merkle, CompletedSubtreesAreTheOnesEachAppendCloses) {
  RootBuilder b;
  std::vector<std::pair<NodeId, Hash>> completed;
  for (std::uint64_t i = 0; i < 300; ++i) {
    completed.clear();
    b.add(leaf_hash(std::to_string(i)), &completed);
    auto ids = completed_by(i);
    ASSERT_EQ(ids.size(), completed.size());
    for (std::size_t k = 0; k < ids.size(); ++k) EXPECT_EQ(ids[k], completed[k].first);
    // Resuming from the right edge gives the same roots as building from scratch.
    RootBuilder resumed(b.frontier(), b.size());
    EXPECT_EQ(resumed.root(), b.root());
  }
}

TEST_F(Merkle, SignedMessageNamesEveryField) {
  TreeHeadFields f{12, "ab", "2026-03-02T08:00:00Z", 40, "cd"};
  EXPECT_EQ(signed_message(f),
            "medrisk-ledger-sth-1\ntree_size=12\nroot_hash=ab\ntimestamp=2026-03-02T08:00:00Z\naudit_seq=40\naudit_hash=cd\n");
  EXPECT_EQ(from_hex("0aFf"), std::string("\x0a\xff"));
  EXPECT_FALSE(from_hex("0g"));
  EXPECT_FALSE(from_hex("abc"));
}

}  // namespace
}  // namespace medrisk::ledger
