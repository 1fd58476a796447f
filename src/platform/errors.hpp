// Stable error codes of the platform layer (database, outbox, exports); messages in data/errors/platform.json.
#pragma once

#include <string_view>

namespace medrisk::platform_errors {

inline constexpr std::string_view database_unreachable = "database_unreachable";
inline constexpr std::string_view database_unwritable = "database_unwritable";  // disk full or read-only: 503
inline constexpr std::string_view password_hashing_busy = "password_hashing_busy";  // Argon2id gate full: 503
inline constexpr std::string_view outbox_no_deliverer = "outbox_no_deliverer";
inline constexpr std::string_view outbox_delivery_failed = "outbox_delivery_failed";
inline constexpr std::string_view webhook_url_invalid = "webhook_url_invalid";
inline constexpr std::string_view webhook_limit_reached = "webhook_limit_reached";
inline constexpr std::string_view export_too_large = "export_too_large";  // more than exports::kMaxExportRows

}  // namespace medrisk::platform_errors
