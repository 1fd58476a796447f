// The only translation unit that includes RESTinio (slow to compile): one catch-all handler turns
// RESTinio requests into medrisk::http::Request, dispatches through the Router and writes Responses,
// problem+json errors, static files, metrics and one JSON access-log line per request.
#include "platform/http/server/server.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <future>
#include <mutex>
#include <random>
#include <nlohmann/json.hpp>
#include <restinio/all.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <thread>

#include "kernel/errors.hpp"
#include "platform/db/database.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/storage_error.hpp"
#include "platform/errors.hpp"
#include "platform/http/errors.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/worker_pool.hpp"

namespace medrisk::http {
namespace {

struct Traits : restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
};
using RestinioServer = restinio::http_server_t<Traits>;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxRequestIdLength = 64;

std::optional<Method> parse_method(restinio::http_method_id_t id) {
  if (id == restinio::http_method_get()) return Method::get;
  if (id == restinio::http_method_post()) return Method::post;
  if (id == restinio::http_method_put()) return Method::put;
  if (id == restinio::http_method_patch()) return Method::patch;
  if (id == restinio::http_method_delete()) return Method::del;
  return std::nullopt;
}

bool is_sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string generate_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes a request path ('+' stays '+'); nullopt on a broken escape or a NUL byte.
std::optional<std::string> decode_path(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return std::nullopt;
      const int hi = hex_value(raw[i + 1]);
      const int lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool has_prefix_path(std::string_view path, std::string_view prefix) {
  return path == prefix || (path.starts_with(prefix) && path.size() > prefix.size() && path[prefix.size()] == '/');
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string_view content_type_for(const std::filesystem::path& file) {
  const std::string ext = to_lower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".gif") return "image/gif";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff") return "font/woff";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".pdf") return "application/pdf";
  return "application/octet-stream";
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

std::string utc_now_iso8601() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::shared_ptr<spdlog::logger> named_logger(const std::string& name, bool message_only) {
  if (auto existing = spdlog::get(name)) return existing;
  try {
    auto logger = spdlog::stderr_logger_mt(name);
    if (message_only) logger->set_pattern("%v");
    return logger;
  } catch (const spdlog::spdlog_ex&) {  // registered meanwhile by another thread
    return spdlog::get(name);
  }
}

// One request travelling through the server: the RESTinio handle, MedRisk's Request and what the
// access log and metrics need.
struct Exchange {
  restinio::request_handle_t raw;
  Request request;
  std::string method_text;
  std::string route_label = "unmatched";
  Clock::time_point started;
  bool api = false;
  bool bad_path = false;   // a broken percent escape in the path
  bool bad_query = false;  // a query string that does not parse (a broken escape, invalid UTF-8)
};
using ExchangePtr = std::shared_ptr<Exchange>;

}  // namespace

struct Server::Impl {
  const Router& router;
  const ErrorCatalogue& catalogue;
  ServerOptions options;
  Authenticator authenticator;
  ReadinessCheck readiness;
  Metrics& metrics;

  std::filesystem::path static_root;  // canonical, or empty
  std::shared_ptr<spdlog::logger> access_log = named_logger("access", true);
  std::shared_ptr<spdlog::logger> error_log = named_logger("http", false);

  asio::io_context io;
  std::unique_ptr<RestinioServer> server;
  std::unique_ptr<WorkerPool> pool;
  std::atomic<std::uint16_t> bound_port{0};

  std::atomic<bool> draining{false};
  std::atomic<std::size_t> in_flight{0};
  std::mutex state_mutex;
  std::condition_variable state_changed;  // stop requested, or in_flight reached zero
  bool stop_requested = false;

  Impl(const Router& r, const ErrorCatalogue& c, ServerOptions o, Authenticator a, ReadinessCheck rc, Metrics& m)
      : router(r), catalogue(c), options(std::move(o)), authenticator(std::move(a)), readiness(std::move(rc)),
        metrics(m) {
    if (!options.static_dir.empty() && std::filesystem::is_directory(options.static_dir)) {
      static_root = std::filesystem::canonical(options.static_dir);
    }
    pool = std::make_unique<WorkerPool>(options.worker_threads, options.worker_queue_limit);
    server = std::make_unique<RestinioServer>(restinio::external_io_context(io), make_settings());
    server->open_sync();  // binds and listens; nothing runs on `io` yet, so this is not a race
    metrics.register_gauge("medrisk_http_in_flight_requests", "HTTP requests being handled.",
                           [this] { return static_cast<double>(in_flight.load()); });
    metrics.register_gauge("medrisk_http_worker_queue_depth", "Blocking requests waiting for a worker.",
                           [this] { return static_cast<double>(pool->queued()); });
  }

  ~Impl() {
    metrics.unregister_gauge("medrisk_http_in_flight_requests");
    metrics.unregister_gauge("medrisk_http_worker_queue_depth");
  }

  std::size_t hard_body_limit() const {
    if (options.max_request_bytes != 0) return options.max_request_bytes;
    std::size_t largest = kDefaultMaxBodyBytes;
    for (const Route& r : router.routes()) largest = std::max(largest, r.max_body_bytes);
    return std::max<std::size_t>(largest * 4, 4u << 20);
  }

  restinio::server_settings_t<Traits> make_settings() {
    restinio::server_settings_t<Traits> s;
    s.address(options.address)
        .port(options.port)
        .max_parallel_connections(options.max_connections)
        .read_next_http_message_timelimit(options.read_timeout)
        .handle_request_timeout(options.handle_timeout)
        .write_http_response_timelimit(options.read_timeout)
        .max_pipelined_requests(1)
        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                      .max_url_size(options.max_header_bytes)
                                      .max_field_name_size(1024)
                                      .max_field_value_size(options.max_header_bytes)
                                      .max_field_count(100)
                                      .max_body_size(hard_body_limit()))
        .acceptor_post_bind_hook([this](asio::ip::tcp::acceptor& acceptor) {
          bound_port = acceptor.local_endpoint().port();
        })
        .request_handler([this](restinio::request_handle_t req) { return on_request(std::move(req)); });
    return s;
  }

  // --- the catch-all handler -------------------------------------------------------------------

  restinio::request_handling_status_t on_request(restinio::request_handle_t req) {
    ++in_flight;
    auto ex = std::make_shared<Exchange>();
    ex->raw = std::move(req);
    ex->started = Clock::now();
    try {
      dispatch(ex);
    } catch (const db::Unavailable& e) {
      unavailable(ex, e.what());
    } catch (const std::exception& e) {
      fail(ex, e);
    } catch (...) {
      fail(ex, "unknown exception");
    }
    return restinio::request_accepted();
  }

  // The database cannot serve now (pool exhausted, connection lost, no primary during a failover):
  // 503 with Retry-After; a write's client retries with its idempotency key.
  void unavailable(const ExchangePtr& ex, std::string_view what) {
    error_log->warn("request {} failed: database unavailable: {}", ex->request.request_id, what);
    Response r = problem(ex, platform_errors::database_unreachable);  // kind unavailable: 503
    r.headers.emplace_back("Retry-After", "1");
    send(ex, std::move(r));
  }

  // Disk full or a read-only database: the write was rolled back whole; 503, try again later.
  // The Argon2id gate and its queue full (a login flood): 503 at once, nothing done.
  void fail(const ExchangePtr& ex, const std::exception& e) {
    if (dynamic_cast<const crypto::HashingBusy*>(&e) != nullptr) {
      error_log->warn("request {} refused: password hashing at its limit", ex->request.request_id);
      Response r = problem(ex, platform_errors::password_hashing_busy);
      r.headers.emplace_back("Retry-After", "1");
      return send(ex, std::move(r));
    }
    if (!db::storage_refuses_writes(e)) return fail(ex, std::string_view(e.what()));
    error_log->error("request {} refused: the database cannot take writes: {}", ex->request.request_id, e.what());
    Response r = problem(ex, platform_errors::database_unwritable);
    r.headers.emplace_back("Retry-After", "5");
    send(ex, std::move(r));
  }

  void fail(const ExchangePtr& ex, std::string_view what) {
    error_log->error("request {} failed: {}", ex->request.request_id, what);
    send(ex, problem(ex, errors::internal_error));
  }

  void dispatch(const ExchangePtr& ex) {
    const std::optional<Method> method = decode(*ex);
    Request& rq = ex->request;
    ex->api = has_prefix_path(rq.path, "/api");
    if (ex->bad_path) return send(ex, problem(ex, errors::route_not_found, "malformed percent-encoding in the path"));
    // An API call's broken query is refused; a page or file request ignores its query (the SPA reads its own).
    if (ex->bad_query && ex->api)
      return send(ex, problem(ex, kernel_errors::request_invalid, "malformed query string", 400));
    if (draining) {
      send(ex, problem(ex, errors::service_not_ready, "the server is shutting down"));
      return;
    }
    if (rq.path == "/healthz" || rq.path == "/readyz" || rq.path == "/metrics") {
      ex->route_label = rq.path;
      if (method != Method::get) return send(ex, not_allowed(ex, {Method::get}));
      return serve_builtin(ex);
    }
    if (!method) {
      return send(ex, problem(ex, errors::method_not_allowed, {}, 405));
    }
    Router::Match match = router.match(*method, rq.path);
    if (match.route != nullptr) {
      ex->route_label = match.route->name;
      rq.path_params = std::move(match.params);
      return serve_route(ex, *match.route);
    }
    if (match.path_known) return send(ex, not_allowed(ex, match.allowed));
    if (ex->api || *method != Method::get) return send(ex, problem(ex, errors::route_not_found));
    serve_static(ex);
  }

  // Fills ex.request from the RESTinio request; returns the method if MedRisk knows it.
  std::optional<Method> decode(Exchange& ex) {
    const auto& h = ex.raw->header();
    Request& rq = ex.request;
    const std::optional<Method> method = parse_method(h.method());
    ex.method_text = h.method().c_str();
    if (method) rq.method = *method;
    h.for_each_field([&rq](const restinio::http_header_field_t& f) {
      rq.headers.emplace_back(to_lower(f.name()), std::string(f.value()));
    });
    const std::string_view given_id = rq.header("x-request-id");
    rq.request_id = is_sane_request_id(given_id) ? std::string(given_id) : generate_request_id();
    rq.lang = negotiate_language(rq.header("accept-language"));
    std::optional<std::string> path = decode_path(h.path());
    ex.bad_path = !path;
    rq.path = path ? std::move(*path) : std::string("/");
    // RFC 3986 §3.4 lets a query carry ':', '/', '?' and '@' unescaped (curl sends a timestamp as is); a query that
    // still does not parse is refused, never read as "no filters".
    if (auto query = restinio::try_parse_query<restinio::parse_query_traits::relaxed>(h.query())) {
      for (const auto& [key, value] : *query) rq.query.emplace(std::string(key), std::string(value));
    } else {
      ex.bad_query = true;
    }
    rq.remote_ip = ex.raw->remote_endpoint().address().to_string();
    rq.body = ex.raw->body();
    return method;
  }

  Response problem(const ExchangePtr& ex, std::string_view code, std::string detail = {},
                   std::optional<int> status = std::nullopt) {
    return problem_response(Error::of(std::string(code), std::move(detail)), catalogue, ex->request, status);
  }

  // 405 with the Allow header RFC 9110 §15.5.6 asks for.
  Response not_allowed(const ExchangePtr& ex, const std::vector<Method>& allowed) {
    Response r = problem(ex, errors::method_not_allowed, {}, 405);
    std::string allow;
    for (Method m : allowed) allow += (allow.empty() ? "" : ", ") + std::string(to_string(m));
    r.headers.emplace_back("Allow", allow);
    return r;
  }

  void serve_builtin(const ExchangePtr& ex) {
    const std::string& path = ex->request.path;
    if (path == "/healthz") return send(ex, Response::json(200, nlohmann::json{{"status", "ok"}}));
    if (path == "/metrics") {
      Response r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = metrics.render();
      return send(ex, std::move(r));
    }
    // /readyz may touch the database: run it like a blocking handler.
    run_blocking(ex, [this, ex] {
      const Status status = readiness ? readiness() : Status{};
      if (status.ok()) return send(ex, Response::json(200, nlohmann::json{{"status", "ready"}}));
      Error error = status.error();
      if (error.detail.empty()) error.detail = "readiness check failed: " + error.code;
      error.code = std::string(errors::service_not_ready);
      send(ex, problem_response(error, catalogue, ex->request));
    });
  }

  void serve_route(const ExchangePtr& ex, const Route& route) {
    if (ex->request.body.size() > route.max_body_bytes) {
      return send(ex, problem(ex, errors::request_body_too_large,
                              "the limit of this endpoint is " + std::to_string(route.max_body_bytes) + " bytes"));
    }
    auto job = [this, ex, &route] { call_handler(ex, route); };
    if (route.blocking) return run_blocking(ex, std::move(job));
    job();
  }

  template <class Job>
  void run_blocking(const ExchangePtr& ex, Job job) {
    auto guarded = [this, ex, job = std::move(job)]() mutable {
      try {
        job();
      } catch (const db::Unavailable& e) {
        unavailable(ex, e.what());
      } catch (const std::exception& e) {
        fail(ex, e);
      } catch (...) {
        fail(ex, "unknown exception");
      }
    };
    if (!pool->try_post(std::move(guarded))) {
      Response busy = problem(ex, errors::server_busy, "the worker queue is full");
      busy.headers.emplace_back("Retry-After", "1");
      send(ex, std::move(busy));
    }
  }

  void call_handler(const ExchangePtr& ex, const Route& route) {
    Request& rq = ex->request;
    if (ex->api && authenticator) {
      Result<std::optional<Actor>> who = authenticator(rq);
      // A stale or forged session on a public route (the login page itself) is simply anonymous.
      if (who.ok()) rq.actor = std::move(who.value());
      else if (route.access == Access::authenticated) return send(ex, problem_response(who.error(), catalogue, rq));
    }
    if (route.access == Access::authenticated && !rq.actor) {
      return send(ex, problem(ex, errors::authentication_required));
    }
    if (auto body = prepare_body(route, rq); !body.ok()) return send(ex, problem_response(body.error(), catalogue, rq));
    if (route.async_handler) {
      route.async_handler(rq, [this, ex](Result<Response> result) {
        if (!result.ok()) return send(ex, problem_response(result.error(), catalogue, ex->request));
        send(ex, std::move(result.value()));
      });
      return;
    }
    Result<Response> result = route.handler(rq);
    if (!result.ok()) return send(ex, problem_response(result.error(), catalogue, rq));
    send(ex, std::move(result.value()));
  }

  // --- static files and the single-page application ----------------------------------------------

  void serve_static(const ExchangePtr& ex) {
    const std::string& path = ex->request.path;
    const bool traversal = path.find("/../") != std::string::npos || path.ends_with("/..") ||
                           path.find('\\') != std::string::npos;
    if (static_root.empty() || traversal) return send(ex, problem(ex, errors::route_not_found));
    std::error_code ec;
    std::filesystem::path candidate = static_root / std::filesystem::path(path).relative_path();
    candidate = std::filesystem::weakly_canonical(candidate, ec);
    if (!ec && inside_root(candidate) && std::filesystem::is_regular_file(candidate, ec)) {
      ex->route_label = "static";
      return send_file(ex, candidate);
    }
    // Hashed assets that do not exist are a stale page's request, not an SPA route.
    if (has_prefix_path(path, "/assets")) return send(ex, problem(ex, errors::route_not_found));
    const std::filesystem::path index = static_root / "index.html";
    if (!std::filesystem::is_regular_file(index, ec)) return send(ex, problem(ex, errors::route_not_found));
    ex->route_label = "spa";
    send_file(ex, index);
  }

  bool inside_root(const std::filesystem::path& candidate) const {
    auto [root_end, unused] = std::mismatch(static_root.begin(), static_root.end(), candidate.begin(), candidate.end());
    (void)unused;
    return root_end == static_root.end();
  }

  void send_file(const ExchangePtr& ex, const std::filesystem::path& file) {
    const bool hashed = has_prefix_path(ex->request.path, "/assets");
    auto builder = ex->raw->create_response(restinio::http_status_line_t{restinio::http_status_code_t{200}, "OK"});
    builder.append_header("Content-Type", std::string(content_type_for(file)))
        .append_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache")
        .append_header("X-Content-Type-Options", "nosniff")
        .append_header("X-Request-Id", ex->request.request_id);
    auto sf = restinio::sendfile(file.string());
    const auto bytes = static_cast<std::size_t>(sf.meta().file_total_size());
    builder.set_body(std::move(sf));
    finish(ex, builder, 200, bytes);
  }

  // --- responses ------------------------------------------------------------------------------

  void send(const ExchangePtr& ex, Response response) {
    try {
      const int status = response.status;
      auto builder = ex->raw->create_response(restinio::http_status_line_t{
          restinio::http_status_code_t{static_cast<std::uint16_t>(status)}, std::string(reason_phrase(status))});
      bool has_cache_control = false;
      for (const auto& [name, value] : response.headers) {
        has_cache_control = has_cache_control || to_lower(name) == "cache-control";
        builder.append_header(name, value);
      }
      if (!response.content_type.empty()) builder.append_header("Content-Type", response.content_type);
      builder.append_header("X-Request-Id", ex->request.request_id);
      builder.append_header("X-Content-Type-Options", "nosniff");
      if ((ex->api || status >= 400) && !has_cache_control) builder.append_header("Cache-Control", "no-store");
      const std::size_t bytes = response.body.size();
      builder.set_body(std::move(response.body));
      finish(ex, builder, status, bytes);
    } catch (const std::exception& e) {
      error_log->error("request {}: could not write the response: {}", ex->request.request_id, e.what());
      written();
    }
  }

  template <class Builder>
  void finish(const ExchangePtr& ex, Builder& builder, int status, std::size_t bytes) {
    // Recorded before done(): once the bytes are out, a client may already read /metrics.
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - ex->started);
    metrics.observe(ex->route_label, ex->method_text, status, elapsed);
    log_access(*ex, status, elapsed, bytes);
    if (draining) builder.connection_close();
    builder.done([this](const asio::error_code&) { written(); });
  }

  void written() {
    if (--in_flight == 0 && draining) {
      std::lock_guard lock(state_mutex);
      state_changed.notify_all();
    }
  }

  void log_access(const Exchange& ex, int status, std::chrono::microseconds elapsed, std::size_t bytes) {
    if (!access_log->should_log(spdlog::level::info)) return;
    std::string line;
    line.reserve(256);
    line += "{\"time\":\"";
    line += utc_now_iso8601();
    line += "\",\"request_id\":";
    append_json_string(line, ex.request.request_id);
    line += ",\"method\":";
    append_json_string(line, ex.method_text);
    line += ",\"route\":";
    append_json_string(line, ex.route_label);
    line += ",\"status\":";
    line += std::to_string(status);
    line += ",\"duration_us\":";
    line += std::to_string(elapsed.count());
    line += ",\"bytes\":";
    line += std::to_string(bytes);
    line += ",\"remote_ip\":";
    if (ex.request.address_private)
      line += "null";
    else
      append_json_string(line, ex.request.remote_ip);
    line += '}';
    access_log->info(line);
  }

  // --- life cycle -----------------------------------------------------------------------------

  void request_stop() {
    std::lock_guard lock(state_mutex);
    stop_requested = true;
    state_changed.notify_all();
  }

  void run() {
    auto work = asio::make_work_guard(io);
    std::optional<asio::signal_set> signals;  // registered before the first request can be served
    if (options.handle_signals) {
      signals.emplace(io, SIGINT, SIGTERM);
      signals->async_wait([this](const asio::error_code& ec, int) {
        if (!ec) request_stop();
      });
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < std::max<std::size_t>(options.io_threads, 1); ++i) {
      threads.emplace_back([this] { io.run(); });
    }
    {
      std::unique_lock lock(state_mutex);
      state_changed.wait(lock, [this] { return stop_requested; });
    }
    drain();
    if (signals) {
      std::promise<void> cancelled;
      asio::post(io, [&] {
        asio::error_code ignored;
        signals->cancel(ignored);
        cancelled.set_value();
      });
      cancelled.get_future().wait_for(std::chrono::seconds(1));
    }
    work.reset();
    io.stop();
    for (std::thread& t : threads) t.join();
  }

  void drain() {
    draining = true;
    std::promise<void> closed;
    server->close_async([&closed] { closed.set_value(); },
                        [&closed](std::exception_ptr) { closed.set_value(); });
    closed.get_future().wait_for(std::chrono::seconds(5));
    {
      std::unique_lock lock(state_mutex);
      state_changed.wait_for(lock, options.drain_timeout, [this] { return in_flight.load() == 0; });
    }
    if (in_flight.load() != 0) {
      error_log->warn("drain timeout: {} requests still in flight", in_flight.load());
    }
    pool->shutdown();
  }
};

Server::Server(const Router& router, const ErrorCatalogue& catalogue, ServerOptions options,
               Authenticator authenticator, ReadinessCheck readiness, Metrics& metrics)
    : impl_(std::make_unique<Impl>(router, catalogue, std::move(options), std::move(authenticator),
                                   std::move(readiness), metrics)) {}

Server::~Server() = default;

void Server::run() { impl_->run(); }
void Server::stop() { impl_->request_stop(); }
std::uint16_t Server::port() const { return impl_->bound_port.load(); }

}  // namespace medrisk::http
