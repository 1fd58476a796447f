// Strongly typed row ids: a PolicyId cannot be passed where a CaseId is expected, at no run-time cost.
// Usage: `struct PolicyTag; using PolicyId = Id<PolicyTag>;`, then `PolicyId{42}`.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <ostream>

namespace medrisk {

template <class Tag>
struct Id {
  std::int64_t value = 0;  // 0: not yet assigned; database ids start at 1

  constexpr bool is_set() const { return value > 0; }
  constexpr auto operator<=>(const Id&) const = default;
};

template <class Tag>
std::ostream& operator<<(std::ostream& out, Id<Tag> id) {
  return out << id.value;
}

}  // namespace medrisk

template <class Tag>
struct std::hash<medrisk::Id<Tag>> {
  std::size_t operator()(medrisk::Id<Tag> id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
