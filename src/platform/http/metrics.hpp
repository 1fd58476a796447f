// Process metrics in Prometheus text format 0.0.4: request counters by route/method/status, latency
// histograms per route, and gauges read through callbacks (e.g. the database pool's in-use count).
// Thread-safe; observe() is on every request's path and takes only a shared lock and atomics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/router.hpp"

namespace medrisk::http {

class Metrics {
 public:
  using GaugeFn = std::function<double()>;
  // Upper bounds in seconds (Prometheus' defaults, plus 1 ms and 2.5 ms for a fast server).
  static constexpr std::array<double, 13> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                              0.25,  0.5,    1,     2.5,  5,     10};

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // One finished request: counts medrisk_http_requests_total and medrisk_http_request_duration_seconds.
  void observe(std::string_view route, std::string_view method, int status, std::chrono::microseconds duration);
  void observe(std::string_view route, Method method, int status, std::chrono::microseconds duration) {
    observe(route, to_string(method), status, duration);
  }
  // A gauge whose value is read when metrics are rendered; a second call with the same name replaces it.
  // `fn` must be cheap, thread-safe and must not call back into this registry.
  void register_gauge(std::string name, std::string help, GaugeFn fn);
  void unregister_gauge(std::string_view name);

  std::string render() const;  // Prometheus text exposition format 0.0.4
  std::uint64_t request_count(std::string_view route, std::string_view method, int status) const;
  std::uint64_t request_count(std::string_view route, Method method, int status) const {
    return request_count(route, to_string(method), status);
  }

 private:
  struct Counter;
  struct Histogram;
  struct Gauge {
    std::string name, help;
    GaugeFn fn;
  };
  Counter& counter(std::string_view route, std::string_view method, int status);
  Histogram& histogram(std::string_view route);

  mutable std::shared_mutex series_mutex_;
  std::map<std::string, std::unique_ptr<Counter>, std::less<>> counters_;  // key: route \x1f method \x1f status
  std::map<std::string, std::unique_ptr<Histogram>, std::less<>> histograms_;
  mutable std::mutex gauges_mutex_;
  std::vector<Gauge> gauges_;
};

}  // namespace medrisk::http
