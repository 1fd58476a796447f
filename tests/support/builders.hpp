// Short builders for test data that reads like the business tables: Y(1'500'000) is 1,500,000 CNY in
// fen, D("2026-03-02") a date. Shared by every tier so no test file writes its own.
#pragma once

#include <cstdint>
#include <string_view>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::testing {

inline Money Y(std::int64_t yuan) { return Money::from_fen(yuan * 100); }
inline Date D(std::string_view text) { return *Date::parse(text); }

}  // namespace medrisk::testing
