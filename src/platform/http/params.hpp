// Parsing of numeric path and query parameters, shared by every module's routes: each module maps a
// failure to its own error (usually resource_not_found for a path id).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace medrisk::http {

// The whole text as a positive decimal integer (no sign, spaces or trailing characters), or nullopt.
std::optional<std::int64_t> positive_id(std::string_view text);

}  // namespace medrisk::http
