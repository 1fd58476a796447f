// MedRisk's own HTTP vocabulary: Request, Response, Route and Router. Module routes.cpp files see only
// this header; the RESTinio server (platform/http/server/) adapts to it, so modules compile fast and
// the server can be tested and replaced on its own.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/actor.hpp"
#include "kernel/result.hpp"

namespace medrisk::http {

enum class Method { get, post, put, patch, del };
std::string_view to_string(Method m);  // "GET", …

inline constexpr std::size_t kDefaultMaxBodyBytes = 1 << 20;  // 1 MiB unless a route says more
inline constexpr int kMaxJsonDepth = 32;

struct Request {
  Method method = Method::get;
  std::string path;                                          // decoded path, without the query
  std::map<std::string, std::string> path_params;            // {id} → "42"
  std::multimap<std::string, std::string> query;             // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string request_id;
  std::string lang = "zh-CN";  // from Accept-Language: "zh-CN" or "en-US"
  std::string remote_ip;
  // Set by a handler whose request must not be tied to an address (an anonymous incident report): the
  // access log then leaves remote_ip out.
  bool address_private = false;
  std::optional<Actor> actor;  // set when the request carried a valid session or API key
  // The body as parsed by prepare_body before the handler ran (JSON routes); null otherwise.
  std::shared_ptr<const nlohmann::json> parsed_body;

  std::string_view header(std::string_view lower_case_name) const;
  std::string_view param(std::string_view name) const;  // path parameter; "" when absent
  std::optional<std::string> query_param(std::string_view name) const;
  // The body as a JSON object: the one prepare_body parsed, else parsed here within kMaxJsonDepth
  // (malformed_json / json_too_deep / json_body_must_be_object on failure).
  Result<nlohmann::json> json_body() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, const nlohmann::json& body);
  static Response no_content();
};

using Handler = std::function<Result<Response>(Request&)>;
// A handler that answers later: it hands `reply` on (e.g. to a group-commit queue) and returns, so the
// worker thread is free while the answer waits; `reply` may run on any thread, exactly once.
using Reply = std::function<void(Result<Response>)>;
using AsyncHandler = std::function<void(Request&, Reply)>;

enum class Access {
  public_,        // anyone, no session needed (login, certificates, health)
  authenticated,  // a valid session or API key; the service decides what the actor may do
};

// What a write (POST, PUT, PATCH) takes as its body; checked by prepare_body before the handler runs,
// so no route can forget it and every refusal has the same problem+json shape.
enum class Body {
  json,  // a JSON object (Content-Type application/json): malformed, too deep, not an object → 400
  none,  // nothing: an empty body or {}; anything else → 400 (a field is field_unknown)
  raw,   // the handler reads the bytes itself (uploads): its own checks
};

struct Route {
  Method method = Method::get;
  std::string pattern;  // "/api/v1/cases/{id}/events"
  Handler handler;
  Access access = Access::authenticated;
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  bool blocking = true;    // touches the database: runs on the bounded worker pool
  std::string name;        // metrics label; defaults to the pattern
  Body body = Body::json;  // writes only; GET and DELETE bodies are ignored
  AsyncHandler async_handler;  // when set, used instead of `handler`
};

// Checks the body of a write against its route before the handler runs: 415 unsupported_media_type
// for a non-JSON Content-Type on a JSON route, 400 for malformed JSON, a JSON body that is not an
// object, or fields sent to a route that takes none. Stores the parsed object in req.parsed_body.
Status prepare_body(const Route& route, Request& req);

class Router {
 public:
  void add(Route route);
  void get(std::string pattern, Handler h, Access a = Access::authenticated);
  void post(std::string pattern, Handler h, Access a = Access::authenticated, Body b = Body::json);
  void put(std::string pattern, Handler h, Access a = Access::authenticated);
  void patch(std::string pattern, Handler h, Access a = Access::authenticated);
  void del(std::string pattern, Handler h, Access a = Access::authenticated);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;      // some route has this path with another method → 405
    std::vector<Method> allowed;  // the methods of the routes with this path (the 405's Allow header)
  };
  Match match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace medrisk::http
