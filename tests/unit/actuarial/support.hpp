// Test helpers for the actuarial module: where the shared reference data lives
// ($MEDRISK_SHARED_DIR, else $MEDRISK_SOURCE_DIR/../shared, else ../shared from the working dir)
// and small loaders.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "modules/actuarial/rules.hpp"

namespace medrisk::actuarial::testing {

inline std::filesystem::path shared_dir() {
  if (const char* s = std::getenv("MEDRISK_SHARED_DIR"); s && *s) return s;
  if (const char* s = std::getenv("MEDRISK_SOURCE_DIR"); s && *s) return std::filesystem::path(s) / ".." / "shared";
  return std::filesystem::current_path() / ".." / "shared";
}

// The reference files are kept verbatim in data/actuarial/ (checked against SHA256SUMS by the
// actuarial_reference_data test); $MEDRISK_SHARED_DIR, when set, points at the original copies instead.
inline std::filesystem::path data_file(const std::string& name) {
  if (const char* s = std::getenv("MEDRISK_SHARED_DIR"); s && *s) return shared_dir() / "data" / "actuarial" / name;
  const char* src = std::getenv("MEDRISK_SOURCE_DIR");
  std::filesystem::path root = src && *src ? std::filesystem::path(src) : std::filesystem::current_path();
  return root / "data" / "actuarial" / name;
}

inline std::string read_data(const std::string& name) {
  auto text = read_text_file(data_file(name).string());
  if (!text) ADD_FAILURE() << "cannot read " << data_file(name) << ": " << text.error().detail;
  return text ? *text : std::string{};
}

inline const nlohmann::json& expected() {
  static const nlohmann::json j = nlohmann::json::parse(read_data("expected_public.json"));
  return j;
}

// Cumulative triangle of a shared CSV, default columns.
inline Triangle load_triangle(const std::string& name, CsvTriangleOptions options = {}) {
  auto t = triangle_from_csv_text(read_data(name), options);
  if (!t) {
    ADD_FAILURE() << name << ": " << t.error().code << " " << t.error().detail;
    return {};
  }
  return t->triangle;
}

// |a − b| within a relative tolerance, or within `abs` for figures near zero (rounded to 6 decimals).
inline ::testing::AssertionResult near_rel(double a, double b, double rel = 1e-9, double abs = 2e-6) {
  if (std::fabs(a - b) <= std::max(abs, rel * std::fabs(b))) return ::testing::AssertionSuccess();
  std::ostringstream os;
  os.precision(15);
  os << a << " vs expected " << b << " (diff " << a - b << ")";
  return ::testing::AssertionFailure() << os.str();
}

}  // namespace medrisk::actuarial::testing
