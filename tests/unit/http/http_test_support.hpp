// Shared helpers for the HTTP layer's tests: an error catalogue loaded from data/errors/http.json
// (alone, so other modules' work in progress cannot break these tests).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "kernel/error_catalogue.hpp"

namespace medrisk::http::testing {

inline std::filesystem::path source_dir() {
  const char* dir = std::getenv("MEDRISK_SOURCE_DIR");
  return dir != nullptr ? std::filesystem::path(dir) : std::filesystem::current_path();
}

inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("medrisk-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline const ErrorCatalogue& http_catalogue() {
  static const ErrorCatalogue catalogue = [] {
    const auto dir = fresh_temp_dir("http-errors");
    std::filesystem::copy_file(source_dir() / "data/errors/http.json", dir / "http.json");
    ErrorCatalogue c;
    c.load_directory(dir);
    std::filesystem::remove_all(dir);
    c.add("patient_phone_invalid", ErrorInfo{ErrorKind::invalid_input, "患者电话号码格式不正确。",
                                             "The patient's phone number is malformed."});
    c.add("session_expired", ErrorInfo{ErrorKind::unauthenticated, "会话已过期，请重新登录。",
                                       "The session has expired; please sign in again."});
    c.add("case_not_found", ErrorInfo{ErrorKind::not_found, "案件不存在。", "No such case."});
    return c;
  }();
  return catalogue;
}

}  // namespace medrisk::http::testing
