// See params.hpp.
#include "platform/http/params.hpp"

#include <charconv>
#include <string>

#include "kernel/errors.hpp"
#include "kernel/json.hpp"
#include "platform/http/errors.hpp"

namespace medrisk::http {

std::optional<std::int64_t> positive_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

RequestContext context_of(const Request& req, const Clock& clock) {
  RequestContext ctx;
  if (req.actor) ctx.actor = *req.actor;
  ctx.request_id = req.request_id;
  ctx.lang = req.lang;
  ctx.clock = &clock;
  return ctx;
}

Result<Upload> upload_params(const Request& req) {
  Upload u;
  u.media_type = std::string(req.header("content-type"));
  if (auto semi = u.media_type.find(';'); semi != std::string::npos) u.media_type.resize(semi);
  u.file_name = req.query_param("file_name").value_or("");
  auto length = utf8_length(u.file_name);
  if (u.file_name.empty() || !length || *length > kMaxFileNameCodePoints || u.file_name.find('/') != std::string::npos)
    return Error::of("request_invalid").with("/file_name", "field_required");
  return u;
}

Result<std::int64_t> id_param(const Request& req, std::string_view name) {
  if (auto id = positive_id(req.param(name))) return *id;
  return Error::of(std::string(errors::resource_not_found));
}

Result<std::optional<std::int64_t>> id_query(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  if (auto id = positive_id(*v)) return std::optional<std::int64_t>(*id);
  return Error::of(std::string(kernel_errors::request_invalid)).with("/" + std::string(name), "field_wrong_type");
}

Result<Page> page_params(const Request& req, int max_limit, int default_limit) {
  Page p;
  p.limit = default_limit;
  if (auto c = req.query_param("cursor"); c && !c->empty()) {
    auto id = positive_id(*c);
    if (!id) return Error::of(std::string(errors::cursor_invalid));
    p.after_id = *id;
  }
  if (auto l = req.query_param("limit"); l && !l->empty()) {
    auto n = positive_id(*l);
    if (!n || *n > max_limit)
      return Error::of(std::string(kernel_errors::request_invalid))
          .with("/limit", std::string(kernel_errors::field_out_of_range), "1.." + std::to_string(max_limit));
    p.limit = static_cast<int>(*n);
  }
  return p;
}

nlohmann::json page_json(nlohmann::json items, std::size_t count, int limit, std::int64_t last_id) {
  nlohmann::json out{{"items", std::move(items)}, {"next_cursor", nullptr}};
  if (count > 0 && count == static_cast<std::size_t>(limit)) out["next_cursor"] = std::to_string(last_id);
  return out;
}

}  // namespace medrisk::http
