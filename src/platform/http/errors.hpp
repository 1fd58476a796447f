// Error codes refused by the HTTP layer itself (bad JSON, limits, routing, authentication, overload).
// Each code has an entry in data/errors/http.json; the code is also the JSON `code` and the i18n key.
#pragma once

#include <string_view>

namespace medrisk::http::errors {

inline constexpr std::string_view malformed_json = "malformed_json";
inline constexpr std::string_view json_too_deep = "json_too_deep";
inline constexpr std::string_view json_body_must_be_object = "json_body_must_be_object";
inline constexpr std::string_view request_body_too_large = "request_body_too_large";
inline constexpr std::string_view route_not_found = "route_not_found";
inline constexpr std::string_view method_not_allowed = "method_not_allowed";
inline constexpr std::string_view authentication_required = "authentication_required";
inline constexpr std::string_view server_busy = "server_busy";
inline constexpr std::string_view internal_error = "internal_error";
inline constexpr std::string_view service_not_ready = "service_not_ready";
inline constexpr std::string_view cursor_invalid = "cursor_invalid";
// A path id that is not a positive integer reads like an unknown id (catalogued with accounts, whose
// authorize() answers it for resources out of scope).
inline constexpr std::string_view resource_not_found = "resource_not_found";
// The body of a write is not JSON: Content-Type must be application/json.
inline constexpr std::string_view unsupported_media_type = "unsupported_media_type";

}  // namespace medrisk::http::errors
