// libFuzzer target: the verifiable ledger's proofs (platform/ledger/merkle) with outside numbers and
// bytes — the tree_size / from / to of GET /api/v1/ledger/… and the hex audit path a verifier is handed.
// The first 16 bytes pick a leaf index, tree size and old size; the rest is hex path elements (one per
// line). Nothing may crash; an honest proof built from the ranges over a tree of up to 64 leaves verifies,
// and a fuzzed path verifies only if it equals the honest one.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "platform/ledger/merkle.hpp"

namespace l = medrisk::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 16) return 0;
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, data, 8);
  std::memcpy(&b, data + 8, 8);
  std::string_view rest(reinterpret_cast<const char*>(data) + 16, size - 16);
  // Arbitrary 64-bit sizes (the routes check index < size and from <= to first; the ranges throw
  // std::out_of_range otherwise): the ranges are O(log n) whatever the sizes.
  if (a < b && l::inclusion_ranges(a, b).size() > 64) __builtin_trap();
  if (a <= b && l::consistency_ranges(a, b).size() > 128) __builtin_trap();
  (void)l::decompose({a < b ? a : b, a < b ? b : a});
  std::vector<l::Hash> path;
  while (!rest.empty() && path.size() < 80) {
    auto nl = rest.find('\n');
    auto h = l::from_hex(rest.substr(0, nl));
    if (h) path.push_back(*h);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  // A small real tree.
  const std::uint64_t n = b % 64 + 1, i = a % n, m = (a >> 32) % n + 1;
  std::vector<l::Hash> leaves;
  for (std::uint64_t k = 0; k < n; ++k) leaves.push_back(l::leaf_hash("leaf " + std::to_string(k)));
  auto mth = [&](l::Range r) {
    return l::root_of(std::vector<l::Hash>(leaves.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                           leaves.begin() + static_cast<std::ptrdiff_t>(r.end)));
  };
  const l::Hash root = l::root_of(leaves);
  std::vector<l::Hash> honest;
  for (auto r : l::inclusion_ranges(i, n)) honest.push_back(mth(r));
  if (!l::verify_inclusion(i, n, leaves[i], honest, root)) __builtin_trap();
  if (l::verify_inclusion(i, n, leaves[i], path, root) && path != honest) __builtin_trap();
  (void)l::root_from_inclusion(a, b, leaves[i], path);
  std::vector<l::Hash> consistency;
  for (auto r : l::consistency_ranges(m, n)) consistency.push_back(mth(r));
  const l::Hash old_root = mth({0, m});
  if (!l::verify_consistency(m, n, old_root, root, consistency)) __builtin_trap();
  if (l::verify_consistency(m, n, old_root, root, path) && path != consistency) __builtin_trap();
  (void)l::verify_consistency(a, b, old_root, root, path);
  return 0;
}
