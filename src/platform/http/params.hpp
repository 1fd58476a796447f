// Parsing of numeric path and query parameters, shared by every module's routes: each module maps a
// failure of a path id to its own error (usually resource_not_found); paging is the same everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/result.hpp"
#include "platform/http/router.hpp"

namespace medrisk::http {

// The whole text as a positive decimal integer (no sign, spaces or trailing characters), or nullopt.
std::optional<std::int64_t> positive_id(std::string_view text);

// Keyset paging of every list endpoint: `cursor` is the `next_cursor` of the previous page (an id;
// absent or empty: the first page), `limit` 1..max_limit (default default_limit).
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;
struct Page {
  std::int64_t after_id = 0;
  int limit = kDefaultPageSize;
};
// A malformed cursor → 400 cursor_invalid; a limit out of range → 400 request_invalid at /limit.
Result<Page> page_params(const Request& req, int max_limit = kMaxPageSize, int default_limit = kDefaultPageSize);
// {"items": items, "next_cursor": last_id as text when the page is full, else null}.
nlohmann::json page_json(nlohmann::json items, std::size_t count, int limit, std::int64_t last_id);
// The same for a list of records with an `id`.
template <class T>
nlohmann::json page_json(const std::vector<T>& list, nlohmann::json items, int limit) {
  return page_json(std::move(items), list.size(), limit, list.empty() ? 0 : list.back().id);
}

}  // namespace medrisk::http
