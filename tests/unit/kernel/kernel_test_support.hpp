// Small helpers shared by the kernel unit tests: where the data files are, and terse literals.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "kernel/date.hpp"
#include "kernel/money.hpp"

namespace medrisk::test {

// CTest sets MEDRISK_SOURCE_DIR to the repository root; run by hand, the working directory is used.
inline std::filesystem::path source_dir() {
  const char* dir = std::getenv("MEDRISK_SOURCE_DIR");
  return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir) : std::filesystem::current_path();
}

// A date literal that must be valid: D("2025-10-01").
inline Date D(const std::string& text) {
  auto d = Date::parse(text);
  if (!d) throw std::invalid_argument("bad test date " + text);
  return *d;
}

inline Timestamp T(const std::string& text) {
  auto t = Timestamp::parse(text);
  if (!t) throw std::invalid_argument("bad test timestamp " + text);
  return *t;
}

inline Money fen(std::int64_t f) { return Money::from_fen(f); }

}  // namespace medrisk::test
