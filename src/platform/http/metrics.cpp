// Metrics registry: series are created once under an exclusive lock, then updated with atomics under
// a shared lock, so concurrent requests on different routes never serialize on the hot path.
#include "platform/http/metrics.hpp"

#include <cstdio>

namespace medrisk::http {

struct Metrics::Counter {
  std::string route;
  std::string method;
  int status = 0;
  std::atomic<std::uint64_t> value{0};
};

struct Metrics::Histogram {
  std::string route;
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size()> buckets{};  // not cumulative
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> sum_us{0};
};

namespace {

// route \x1f METHOD \x1f status
void make_key(std::string_view route, std::string_view method, int status, std::string& out) {
  out.clear();
  out.append(route).append(1, '\x1f').append(method).append(1, '\x1f');
  out.append(std::to_string(status));
}

void append_escaped_label(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

void append_number(std::string& out, double v) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.9g", v);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::Counter& Metrics::counter(std::string_view route, std::string_view method, int status) {
  thread_local std::string key;
  make_key(route, method, status, key);
  {
    std::shared_lock lock(series_mutex_);
    if (auto it = counters_.find(key); it != counters_.end()) return *it->second;
  }
  std::unique_lock lock(series_mutex_);
  auto& slot = counters_[key];
  if (!slot) {
    slot = std::make_unique<Counter>();
    slot->route = std::string(route);
    slot->method = std::string(method);
    slot->status = status;
  }
  return *slot;
}

Metrics::Histogram& Metrics::histogram(std::string_view route) {
  {
    std::shared_lock lock(series_mutex_);
    if (auto it = histograms_.find(route); it != histograms_.end()) return *it->second;
  }
  std::unique_lock lock(series_mutex_);
  auto& slot = histograms_[std::string(route)];
  if (!slot) {
    slot = std::make_unique<Histogram>();
    slot->route = std::string(route);
  }
  return *slot;
}

void Metrics::observe(std::string_view route, std::string_view method, int status, std::chrono::microseconds duration) {
  counter(route, method, status).value.fetch_add(1, std::memory_order_relaxed);
  Histogram& h = histogram(route);
  const double seconds = static_cast<double>(duration.count()) / 1e6;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      h.buckets[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  h.count.fetch_add(1, std::memory_order_relaxed);
  h.sum_us.fetch_add(static_cast<std::uint64_t>(duration.count() < 0 ? 0 : duration.count()),
                     std::memory_order_relaxed);
}

std::uint64_t Metrics::request_count(std::string_view route, std::string_view method, int status) const {
  std::string key;
  make_key(route, method, status, key);
  std::shared_lock lock(series_mutex_);
  const auto it = counters_.find(key);
  return it == counters_.end() ? 0 : it->second->value.load(std::memory_order_relaxed);
}

void Metrics::register_gauge(std::string name, std::string help, GaugeFn fn) {
  std::lock_guard lock(gauges_mutex_);
  for (Gauge& g : gauges_) {
    if (g.name == name) {
      g.help = std::move(help);
      g.fn = std::move(fn);
      return;
    }
  }
  gauges_.push_back(Gauge{std::move(name), std::move(help), std::move(fn)});
}

void Metrics::unregister_gauge(std::string_view name) {
  std::lock_guard lock(gauges_mutex_);
  std::erase_if(gauges_, [&](const Gauge& g) { return g.name == name; });
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  {
    std::shared_lock lock(series_mutex_);
    out += "# HELP medrisk_http_requests_total HTTP requests by route, method and status.\n";
    out += "# TYPE medrisk_http_requests_total counter\n";
    for (const auto& [key, c] : counters_) {
      out += "medrisk_http_requests_total{route=\"";
      append_escaped_label(out, c->route);
      out += "\",method=\"";
      append_escaped_label(out, c->method);
      out += "\",status=\"";
      out += std::to_string(c->status);
      out += "\"} ";
      out += std::to_string(c->value.load(std::memory_order_relaxed));
      out += '\n';
    }
    out += "# HELP medrisk_http_request_duration_seconds HTTP request handling time by route.\n";
    out += "# TYPE medrisk_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : histograms_) {
      std::string label = "route=\"";
      append_escaped_label(label, route);
      label += '"';
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += h->buckets[i].load(std::memory_order_relaxed);
        out += "medrisk_http_request_duration_seconds_bucket{" + label + ",le=\"";
        append_number(out, kLatencyBuckets[i]);
        out += "\"} ";
        out += std::to_string(cumulative);
        out += '\n';
      }
      const std::uint64_t count = h->count.load(std::memory_order_relaxed);
      out += "medrisk_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} ";
      out += std::to_string(count);
      out += '\n';
      out += "medrisk_http_request_duration_seconds_sum{" + label + "} ";
      append_number(out, static_cast<double>(h->sum_us.load(std::memory_order_relaxed)) / 1e6);
      out += "\nmedrisk_http_request_duration_seconds_count{" + label + "} ";
      out += std::to_string(count);
      out += '\n';
    }
  }
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(gauges_mutex_);
    gauges = gauges_;
  }
  for (const Gauge& g : gauges) {
    out += "# HELP " + g.name + ' ' + g.help + "\n# TYPE " + g.name + " gauge\n" + g.name + ' ';
    append_number(out, g.fn ? g.fn() : 0.0);
    out += '\n';
  }
  return out;
}

}  // namespace medrisk::http
