// The error catalogue: for every stable error code, its kind (which fixes the HTTP status) and its
// message in zh-CN and en-US. Loaded from data/errors/*.json at start-up; a test checks that every
// code declared in a module's errors.hpp has an entry and that no entry is orphaned.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace medrisk {

enum class ErrorKind {
  invalid_input,      // 400
  unauthenticated,    // 401
  forbidden,          // 403
  not_found,          // 404
  conflict,           // 409: state conflict, duplicate
  too_large,          // 413
  unsupported_media_type,  // 415
  rule_violated,      // 422: a business rule refused a well-formed request
  too_many_requests,  // 429
  unavailable,        // 503
  internal,           // 500
};

int http_status(ErrorKind kind);
std::string_view to_string(ErrorKind kind);
bool parse_error_kind(std::string_view text, ErrorKind& out);

struct ErrorInfo {
  ErrorKind kind = ErrorKind::internal;
  std::string zh_cn;
  std::string en_us;
  const std::string& message(std::string_view lang) const { return lang.starts_with("en") ? en_us : zh_cn; }
};

class ErrorCatalogue {
 public:
  // Reads every *.json in `dir`: { "code": { "kind": "conflict", "zh-CN": "…", "en-US": "…" }, … }.
  // Throws std::runtime_error on a malformed file or a code defined twice.
  void load_directory(const std::filesystem::path& dir);
  void add(std::string code, ErrorInfo info);
  // Unknown codes map to a generic internal error (and are a bug the catalogue test catches).
  const ErrorInfo& find(std::string_view code) const;
  bool contains(std::string_view code) const;
  const std::map<std::string, ErrorInfo, std::less<>>& all() const { return entries_; }

 private:
  std::map<std::string, ErrorInfo, std::less<>> entries_;
};

}  // namespace medrisk
