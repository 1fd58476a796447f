// Typed reads from a soci::row that work on both backends: SQLite reports INTEGER columns as int,
// PostgreSQL BIGINT as long long, and soci::row::get throws std::bad_cast on the other one.
#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

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

}  // namespace medrisk::db
