// Typed reads from a soci::row that work on both backends (SQLite reports INTEGER columns as int,
// PostgreSQL BIGINT as long long, and soci::row::get throws std::bad_cast on the other one), and the
// binds of nullable values every store needs.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "kernel/money.hpp"

namespace medrisk::db {

inline std::optional<std::int64_t> opt_int64_at(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<std::int64_t>(r.get<double>(i));
    default: return std::stoll(r.get<std::string>(i));
  }
}

inline std::int64_t int64_at(const soci::row& r, std::size_t i) { return opt_int64_at(r, i).value_or(0); }

inline std::optional<std::string> opt_string_at(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return r.get<std::string>(i);
}

inline std::optional<Money> opt_money_at(const soci::row& r, std::size_t i) {
  auto v = opt_int64_at(r, i);
  return v ? std::optional<Money>(Money::from_fen(*v)) : std::nullopt;
}

// Nullable binds: SOCI needs the value and its indicator as lvalues that outlive the statement.
// Usage: `db::NullableInt case_id(c.case_id); sql << "… :c", soci::use(case_id.v, case_id.ind);`
struct NullableInt {
  long long v = 0;
  soci::indicator ind = soci::i_null;
  explicit NullableInt(std::optional<std::int64_t> o) {
    if (o) v = *o, ind = soci::i_ok;
  }
  explicit NullableInt(const std::optional<Money>& m) {
    if (m) v = m->fen(), ind = soci::i_ok;
  }
};
struct NullableText {
  std::string v;
  soci::indicator ind = soci::i_null;
  explicit NullableText(const std::optional<std::string>& o) {
    if (o) v = *o, ind = soci::i_ok;
  }
};
template <class T>
soci::indicator indicator_of(const std::optional<T>& v) {
  return v ? soci::i_ok : soci::i_null;
}

// Keyset paging of newest-first lists: the id to read below (no cursor: every id).
inline long long before_or_max(std::int64_t after_id) {
  return after_id > 0 ? after_id : std::numeric_limits<long long>::max();
}

}  // namespace medrisk::db
