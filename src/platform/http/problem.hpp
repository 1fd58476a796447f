// RFC 9457 problem details: renders a refused Result's Error as application/problem+json, localized
// through the error catalogue, and picks the response language from Accept-Language.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/error_catalogue.hpp"
#include "kernel/result.hpp"
#include "platform/http/router.hpp"

namespace medrisk::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json; charset=utf-8";
inline constexpr std::string_view kProblemTypeBase = "https://medrisk.example/problems/";

// "en", "en-US,en;q=0.9" → "en-US"; "zh", "zh-TW", "*", empty, unknown → "zh-CN" (the default).
// Honours q-values; the first of equally weighted ranges wins.
std::string negotiate_language(std::string_view accept_language);

// Identifies where a problem happened, for the `instance` and `request_id` members.
struct ProblemContext {
  std::string_view lang = "zh-CN";
  std::string_view instance;  // the request path
  std::string_view request_id;
};

// The problem document: type, title, status, detail (if any), code, instance, request_id, violations.
// `status_override` replaces the catalogue's status (405 has no ErrorKind of its own).
nlohmann::json problem_json(const Error& error, const ErrorCatalogue& catalogue, const ProblemContext& where,
                            std::optional<int> status_override = std::nullopt);

// The same as a Response with content type application/problem+json.
Response problem_response(const Error& error, const ErrorCatalogue& catalogue, const ProblemContext& where,
                          std::optional<int> status_override = std::nullopt);
Response problem_response(const Error& error, const ErrorCatalogue& catalogue, const Request& request,
                          std::optional<int> status_override = std::nullopt);

}  // namespace medrisk::http
