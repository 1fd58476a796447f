// Router matching ({param} segments, exact segments beat parameters, 405 detection) and the small
// Request/Response helpers module handlers use: headers, parameters, bounded JSON bodies.
#include "platform/http/router.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "platform/http/errors.hpp"

namespace medrisk::http {
namespace {

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits off the next '/'-separated segment of `rest` (which starts after a '/').
std::string_view next_segment(std::string_view& rest) {
  const auto slash = rest.find('/');
  std::string_view segment = rest.substr(0, slash);
  rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  return segment;
}

// Whether `path` fits `pattern`, in one pass that stops at the first differing character (most
// routes differ early). `literal_mask` gets one bit per segment, most significant first, set where
// the pattern segment is literal, so that the larger mask is the more specific route.
bool fits(std::string_view pattern, std::string_view path, std::uint64_t& literal_mask) {
  if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') return false;
  literal_mask = 0;
  std::size_t i = 0;  // at a '/' of pattern
  std::size_t j = 0;  // at a '/' of path
  for (;;) {
    ++i;
    ++j;
    literal_mask <<= 1;
    std::size_t segment_end = pattern.find('/', i);
    if (segment_end == std::string_view::npos) segment_end = pattern.size();
    if (is_param(pattern.substr(i, segment_end - i))) {
      const std::size_t start = j;
      while (j < path.size() && path[j] != '/') ++j;
      if (j == start) return false;
      i = segment_end;
    } else {
      for (; i < segment_end; ++i, ++j) {
        if (j >= path.size() || path[j] != pattern[i]) return false;
      }
      if (j < path.size() && path[j] != '/') return false;
      literal_mask |= 1;
    }
    const bool pattern_done = i >= pattern.size();
    const bool path_done = j >= path.size();
    if (pattern_done || path_done) return pattern_done && path_done;
  }
}

void capture(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& out) {
  pattern.remove_prefix(1);
  path.remove_prefix(1);
  while (!pattern.empty() || !path.empty()) {
    const std::string_view p = next_segment(pattern);
    const std::string_view s = next_segment(path);
    if (is_param(p)) out.emplace(std::string(p.substr(1, p.size() - 2)), std::string(s));
  }
}

// Nesting depth of a JSON text, counted without recursion; strings are skipped.
int json_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) deepest = depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string_view to_string(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
  }
  return "GET";
}

std::string_view Request::header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return value;
  }
  return {};
}

std::string_view Request::param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

Result<nlohmann::json> Request::json_body() const {
  if (parsed_body) return *parsed_body;
  if (json_depth(body) > kMaxJsonDepth) {
    return Error::of(std::string(errors::json_too_deep), "JSON nesting exceeds the limit of 32");
  }
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error::of(std::string(errors::malformed_json));
  if (!parsed.is_object()) return Error::of(std::string(errors::json_body_must_be_object));
  return parsed;
}

namespace {

bool is_json_media_type(std::string_view type) {
  if (auto semi = type.find(';'); semi != std::string_view::npos) type = type.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  std::string lower(type);
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower == "application/json" || (lower.rfind("application/", 0) == 0 && lower.ends_with("+json"));
}

}  // namespace

Status prepare_body(const Route& route, Request& req) {
  if (req.method == Method::get || req.method == Method::del || route.body == Body::raw) return {};
  if (route.body == Body::none && req.body.empty()) return {};
  if (!req.body.empty() && !is_json_media_type(req.header("content-type")))
    return Error::of(std::string(errors::unsupported_media_type), "send the body as application/json");
  req.parsed_body = nullptr;
  MEDRISK_TRY(nlohmann::json parsed, req.json_body());
  if (route.body == Body::none && !parsed.empty()) {
    Error e = Error::of(std::string(kernel_errors::request_invalid), "this request takes no fields");
    for (const auto& [key, unused] : parsed.items()) e.with("/" + key, std::string(kernel_errors::field_unknown));
    return e;
  }
  req.parsed_body = std::make_shared<const nlohmann::json>(std::move(parsed));
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void Router::add(Route route) {
  assert((route.handler || route.async_handler) && "a route needs a handler");
  assert(!route.pattern.empty() && route.pattern.front() == '/');
  if (route.name.empty()) route.name = route.pattern;
  routes_.push_back(std::move(route));
}

void Router::get(std::string pattern, Handler h, Access a) {
  add(Route{Method::get, std::move(pattern), std::move(h), a, kDefaultMaxBodyBytes, true, {}});
}
void Router::post(std::string pattern, Handler h, Access a, Body b) {
  add(Route{Method::post, std::move(pattern), std::move(h), a, kDefaultMaxBodyBytes, true, {}, b});
}
void Router::put(std::string pattern, Handler h, Access a) {
  add(Route{Method::put, std::move(pattern), std::move(h), a, kDefaultMaxBodyBytes, true, {}});
}
void Router::patch(std::string pattern, Handler h, Access a) {
  add(Route{Method::patch, std::move(pattern), std::move(h), a, kDefaultMaxBodyBytes, true, {}});
}
void Router::del(std::string pattern, Handler h, Access a) {
  add(Route{Method::del, std::move(pattern), std::move(h), a, kDefaultMaxBodyBytes, true, {}});
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match m;
  std::uint64_t best_mask = 0;
  for (const Route& route : routes_) {
    std::uint64_t mask = 0;
    if (!fits(route.pattern, path, mask)) continue;
    if (std::find(m.allowed.begin(), m.allowed.end(), route.method) == m.allowed.end())
      m.allowed.push_back(route.method);
    if (route.method != method) {
      m.path_known = true;
      continue;
    }
    if (m.route == nullptr || mask > best_mask) {
      m.route = &route;
      best_mask = mask;
    }
  }
  if (m.route != nullptr) {
    m.path_known = true;
    capture(m.route->pattern, path, m.params);
  }
  return m;
}

}  // namespace medrisk::http
