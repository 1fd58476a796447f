// The pure rules of the verifiable ledger (RFC 6962 §2.1 / RFC 9162 §2.1, Certificate Transparency): leaf
// and node hashes, the Merkle Tree Hash (MTH) of any number of leaves, which stored subtrees a proof is made
// of, the audit paths and consistency proofs, their verification, and the bytes a tree head's signature
// covers. No I/O: unit-tested in tests/unit/platform/ledger_merkle_test.cpp. Hashes are raw 32-byte strings
// here; the store and the JSON codecs use lowercase hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medrisk::ledger {

using Hash = std::string;  // 32 raw bytes (SHA-256)

Hash leaf_hash(std::string_view data);               // SHA-256(0x00 ‖ data)
Hash node_hash(std::string_view left, std::string_view right);  // SHA-256(0x01 ‖ left ‖ right)
Hash empty_root();                                   // SHA-256("") — MTH of the empty tree

std::string to_hex(std::string_view raw);
std::optional<std::string> from_hex(std::string_view hex);  // nullopt when not even-length hex

// The largest power of two strictly smaller than n (n ≥ 2).
std::uint64_t split_point(std::uint64_t n);

// A range of leaves [begin, end): every proof element is the MTH of one.
struct Range {
  std::uint64_t begin = 0, end = 0;
  bool operator==(const Range&) const = default;
};

// A complete ("perfect") subtree as stored: 2^level leaves starting at index × 2^level. Level 0 is a leaf.
struct NodeId {
  int level = 0;
  std::uint64_t index = 0;
  bool operator==(const NodeId&) const = default;
  bool operator<(const NodeId& o) const { return level != o.level ? level < o.level : index < o.index; }
};

// The perfect subtrees whose right fold (largest first: H(p1, H(p2, … pk))) is MTH(D[begin:end]), for a
// range as RFC 6962's recursion produces them (begin aligned to a power of two ≥ end − begin).
std::vector<NodeId> decompose(Range r);

// The nodes that become complete when leaf `index` is appended (level 0 first): the leaf itself, then
// each parent whose right child it completes. At most ⌈log2⌉ + 1.
std::vector<NodeId> completed_by(std::uint64_t index);

// RFC 6962 §2.1.1 PATH(m, D[n]) as ranges, from the leaf's sibling up to the root's child.
std::vector<Range> inclusion_ranges(std::uint64_t leaf_index, std::uint64_t tree_size);
// RFC 6962 §2.1.2 PROOF(m, D[n]) as ranges (empty when m == n or m == 0).
std::vector<Range> consistency_ranges(std::uint64_t old_size, std::uint64_t new_size);

// RFC 9162 §2.1.3.2: the audit path leads from leaf_hash at leaf_index to root in a tree of tree_size.
bool verify_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf, const std::vector<Hash>& path,
                      const Hash& root);
// The root the audit path leads to, or nullopt when the path has the wrong length for the position.
std::optional<Hash> root_from_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf,
                                        const std::vector<Hash>& path);
// RFC 9162 §2.1.4.2: the tree of new_size with new_root extends the tree of old_size with old_root.
bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        const std::vector<Hash>& proof);

// The MTH of a list of leaf hashes in one pass (RFC 6962 definition, for the verifier and tests).
Hash root_of(const std::vector<Hash>& leaf_hashes);

// Streams leaves and yields the root after each (O(log n) memory): the verifier's recomputation.
class RootBuilder {
 public:
  RootBuilder() = default;
  // Continues a tree of `size` leaves from its complete subtrees at the right edge (decompose({0, size})).
  RootBuilder(std::vector<std::pair<NodeId, Hash>> frontier, std::uint64_t size)
      : stack_(std::move(frontier)), size_(size) {}
  // Adds a leaf hash; when `completed` is given, appends every subtree the leaf completes (itself first).
  void add(const Hash& leaf, std::vector<std::pair<NodeId, Hash>>* completed = nullptr);
  std::uint64_t size() const { return size_; }
  Hash root() const;
  // The complete subtrees of the current tree, largest first (what the store keeps at the right edge).
  const std::vector<std::pair<NodeId, Hash>>& frontier() const { return stack_; }

 private:
  std::vector<std::pair<NodeId, Hash>> stack_;
  std::uint64_t size_ = 0;
};

// What a signed tree head signs (UTF-8, "\n"-terminated lines; tools/verify_ledger_proof.py rebuilds it):
//   medrisk-ledger-sth-1
//   tree_size=<n>
//   root_hash=<hex>
//   timestamp=<ISO 8601 UTC>
//   audit_seq=<id of the newest audit entry>
//   audit_hash=<its entry hash>
struct TreeHeadFields {
  std::uint64_t tree_size = 0;
  std::string root_hash_hex;
  std::string timestamp;
  std::int64_t audit_seq = 0;
  std::string audit_hash;
};
std::string signed_message(const TreeHeadFields& h);

// Ed25519 (RFC 8032) detached signature check over raw bytes (libsodium).
bool ed25519_verify(std::string_view message, std::string_view signature, std::string_view public_key);

}  // namespace medrisk::ledger
