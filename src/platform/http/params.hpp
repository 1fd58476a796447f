// What every module's routes share: the service context of a request, path ids and id query
// parameters, paging, and JSON for optional values — one definition each, so no route does it its own way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/clock.hpp"
#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "platform/context.hpp"
#include "platform/http/router.hpp"

namespace medrisk::http {

// The whole text as a positive decimal integer (no sign, spaces or trailing characters), or nullopt.
std::optional<std::int64_t> positive_id(std::string_view text);

// The service's context of a request: actor, request id, language, clock.
RequestContext context_of(const Request& req, const Clock& clock);
// A path id ({id}): anything but a positive integer is resource_not_found (404), like an unknown id.
Result<std::int64_t> id_param(const Request& req, std::string_view name = "id");
// An optional id in the query (?case_id=12): absent or empty → nullopt; malformed → 400 request_invalid at /name.
Result<std::optional<std::int64_t>> id_query(const Request& req, std::string_view name);

// A raw upload (the request body is the file): its media type (Content-Type without parameters) and its
// file name from ?file_name= (1..200 code points of valid UTF-8, no '/'; else 400 request_invalid at
// /file_name). The module checks the media type against the file's first bytes.
inline constexpr std::size_t kMaxFileNameCodePoints = 200;
struct Upload {
  std::string file_name, media_type;
};
Result<Upload> upload_params(const Request& req);

// JSON of optional values: null when absent; money as integer fen, dates as YYYY-MM-DD.
inline nlohmann::json nullable(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
inline nlohmann::json nullable(const std::optional<std::int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
inline nlohmann::json nullable(const std::optional<Money>& v) { return v ? nlohmann::json(v->fen()) : nlohmann::json(); }
inline nlohmann::json nullable(const std::optional<Date>& v) {
  return v ? nlohmann::json(v->to_string()) : nlohmann::json();
}

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
