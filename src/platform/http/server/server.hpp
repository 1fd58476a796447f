// MedRisk's HTTP server: adapts RESTinio (hidden in server.cpp) to Router/Request/Response, enforces
// limits, authenticates /api requests, runs blocking handlers on a bounded pool, serves the SPA and
// the operational endpoints (/healthz, /readyz, /metrics), and drains gracefully on SIGTERM/SIGINT.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "kernel/actor.hpp"
#include "kernel/error_catalogue.hpp"
#include "kernel/result.hpp"
#include "platform/http/metrics.hpp"
#include "platform/http/router.hpp"

namespace medrisk::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port, see Server::port()
  std::size_t io_threads = 2;
  std::size_t worker_threads = 8;
  std::size_t worker_queue_limit = 1024;  // waiting blocking requests; beyond → 503 server_busy
  std::size_t max_connections = 2048;
  std::size_t max_header_bytes = 16 * 1024;  // per header field and for the request target
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds handle_timeout{60};
  std::filesystem::path static_dir;  // web/dist; empty = none
  std::chrono::seconds drain_timeout{20};  // how long stop() waits for in-flight requests
  // Bodies above a route's max_body_bytes get 413; bodies above this hard limit make the connection
  // close before the body is read. 0: four times the largest route limit (at least 4 MiB).
  std::size_t max_request_bytes = 0;
  bool handle_signals = true;  // run() stops on SIGTERM / SIGINT
};

// error → problem (e.g. 401 session_expired); nullopt → anonymous.
using Authenticator = std::function<Result<std::optional<Actor>>(const Request&)>;
using ReadinessCheck = std::function<Status()>;

class Server {
 public:
  // Binds and listens at once (throws std::exception when the address is taken), so port() is valid
  // after construction; requests are served once run() is called. The references must outlive the server.
  Server(const Router& router, const ErrorCatalogue& catalogue, ServerOptions options, Authenticator authenticator,
         ReadinessCheck readiness, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Blocks until stop() or SIGTERM/SIGINT (when handle_signals), then drains: stops accepting, answers requests that arrive
  // on open connections with 503 + Connection: close, waits for in-flight requests (bounded by
  // drain_timeout) and returns.
  void run();
  void stop();  // thread-safe, async-signal-unsafe; may be called before run()
  std::uint16_t port() const;  // the bound port

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace medrisk::http
