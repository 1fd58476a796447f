// RFC 6962 / RFC 9162 Merkle tree rules (see merkle.hpp).
#include "platform/ledger/merkle.hpp"

#include <sodium.h>

#include <bit>
#include <stdexcept>

namespace medrisk::ledger {
namespace {

Hash sha256_of(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  for (std::string_view part : {a, b, c})
    crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  Hash out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256_final(&st, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

void inclusion(std::uint64_t m, std::uint64_t begin, std::uint64_t end, std::vector<Range>& out) {
  std::uint64_t n = end - begin;
  if (n <= 1) return;
  std::uint64_t k = split_point(n);
  if (m - begin < k) {
    inclusion(m, begin, begin + k, out);
    out.push_back({begin + k, end});
  } else {
    inclusion(m, begin + k, end, out);
    out.push_back({begin, begin + k});
  }
}

// SUBPROOF(m, D[begin:end], b) with m counted from begin.
void subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool b, std::vector<Range>& out) {
  std::uint64_t n = end - begin;
  if (m == n) {
    if (!b) out.push_back({begin, end});
    return;
  }
  std::uint64_t k = split_point(n);
  if (m <= k) {
    subproof(m, begin, begin + k, b, out);
    out.push_back({begin + k, end});
  } else {
    subproof(m - k, begin + k, end, false, out);
    out.push_back({begin, begin + k});
  }
}

}  // namespace

Hash leaf_hash(std::string_view data) { return sha256_of(std::string_view("\x00", 1), data); }
Hash node_hash(std::string_view left, std::string_view right) { return sha256_of("\x01", left, right); }
Hash empty_root() { return sha256_of({}); }

std::string to_hex(std::string_view raw) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> from_hex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi << 4 | lo);
  }
  return out;
}

std::uint64_t split_point(std::uint64_t n) {
  if (n < 2) throw std::logic_error("split_point of fewer than 2 leaves");
  return std::bit_floor(n - 1);
}

std::vector<NodeId> decompose(Range r) {
  std::vector<NodeId> out;
  std::uint64_t at = r.begin;
  while (at < r.end) {
    std::uint64_t size = std::bit_floor(r.end - at);
    if (at != 0) size = std::min(size, at & (~at + 1));  // aligned to its own size
    int level = std::countr_zero(size);
    out.push_back({level, at >> level});
    at += size;
  }
  return out;
}

std::vector<NodeId> completed_by(std::uint64_t index) {
  std::vector<NodeId> out{{0, index}};
  std::uint64_t count = index + 1;
  for (int level = 1; level < 64 && count % (std::uint64_t(1) << level) == 0; ++level)
    out.push_back({level, (count >> level) - 1});
  return out;
}

std::vector<Range> inclusion_ranges(std::uint64_t leaf_index, std::uint64_t tree_size) {
  if (leaf_index >= tree_size) throw std::out_of_range("leaf index beyond the tree");
  std::vector<Range> out;
  inclusion(leaf_index, 0, tree_size, out);
  return out;
}

std::vector<Range> consistency_ranges(std::uint64_t old_size, std::uint64_t new_size) {
  if (old_size > new_size) throw std::out_of_range("old tree larger than the new one");
  std::vector<Range> out;
  if (old_size == 0 || old_size == new_size) return out;
  subproof(old_size, 0, new_size, true, out);
  return out;
}

std::optional<Hash> root_from_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf,
                                        const std::vector<Hash>& path) {
  if (leaf_index >= tree_size) return std::nullopt;
  std::uint64_t fn = leaf_index, sn = tree_size - 1;
  Hash r = leaf;
  for (const Hash& p : path) {
    if (sn == 0) return std::nullopt;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      if (!(fn & 1))
        while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return std::nullopt;
  return r;
}

bool verify_inclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf, const std::vector<Hash>& path,
                      const Hash& root) {
  auto r = root_from_inclusion(leaf_index, tree_size, leaf, path);
  return r && *r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        const std::vector<Hash>& proof) {
  if (old_size > new_size) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (old_size == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Hash fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      if (!(fn & 1))
        while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1, sn >>= 1;
  }
  return sn == 0 && fr == old_root && sr == new_root;
}

void RootBuilder::add(const Hash& leaf, std::vector<std::pair<NodeId, Hash>>* completed) {
  stack_.push_back({{0, size_}, leaf});
  if (completed) completed->push_back(stack_.back());
  ++size_;
  while (stack_.size() >= 2 && stack_[stack_.size() - 2].first.level == stack_.back().first.level) {
    auto right = std::move(stack_.back());
    stack_.pop_back();
    auto& left = stack_.back();
    left.second = node_hash(left.second, right.second);
    left.first = {left.first.level + 1, left.first.index >> 1};
    if (completed) completed->push_back(left);
  }
}

Hash RootBuilder::root() const {
  if (stack_.empty()) return empty_root();
  Hash r = stack_.back().second;
  for (std::size_t i = stack_.size() - 1; i-- > 0;) r = node_hash(stack_[i].second, r);
  return r;
}

Hash root_of(const std::vector<Hash>& leaf_hashes) {
  RootBuilder b;
  for (const auto& h : leaf_hashes) b.add(h);
  return b.root();
}

std::string signed_message(const TreeHeadFields& h) {
  return "medrisk-ledger-sth-1\ntree_size=" + std::to_string(h.tree_size) + "\nroot_hash=" + h.root_hash_hex +
         "\ntimestamp=" + h.timestamp + "\naudit_seq=" + std::to_string(h.audit_seq) + "\naudit_hash=" + h.audit_hash +
         "\n";
}

bool ed25519_verify(std::string_view message, std::string_view signature, std::string_view public_key) {
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

}  // namespace medrisk::ledger
