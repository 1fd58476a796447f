// Metrics registry: counters, cumulative histogram buckets, gauges and the Prometheus text format.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "platform/http/metrics.hpp"
#include "platform/http/worker_pool.hpp"

namespace medrisk::http {
namespace {

using std::chrono::microseconds;

TEST(Metrics, CountsAndRenders) {
  Metrics m;
  m.observe("/api/v1/cases/{id}", Method::get, 200, microseconds(800));
  m.observe("/api/v1/cases/{id}", Method::get, 200, microseconds(3000));
  m.observe("/api/v1/cases/{id}", Method::get, 404, microseconds(20));
  m.observe("/api/v1/cases/{id}", Method::get, 200, microseconds(20'000'000));
  EXPECT_EQ(m.request_count("/api/v1/cases/{id}", Method::get, 200), 3u);
  EXPECT_EQ(m.request_count("/api/v1/cases/{id}", Method::get, 404), 1u);
  EXPECT_EQ(m.request_count("/api/v1/cases/{id}", Method::post, 200), 0u);
  double pool_in_use = 3;
  m.register_gauge("medrisk_db_pool_in_use", "Database connections in use.", [&] { return pool_in_use; });
  const std::string text = m.render();
  EXPECT_NE(text.find("# TYPE medrisk_http_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_requests_total{route="/api/v1/cases/{id}",method="GET",status="200"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_request_duration_seconds_bucket{route="/api/v1/cases/{id}",le="0.001"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_request_duration_seconds_bucket{route="/api/v1/cases/{id}",le="0.005"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_request_duration_seconds_bucket{route="/api/v1/cases/{id}",le="10"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_request_duration_seconds_bucket{route="/api/v1/cases/{id}",le="+Inf"} 4)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(medrisk_http_request_duration_seconds_count{route="/api/v1/cases/{id}"} 4)"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE medrisk_db_pool_in_use gauge\nmedrisk_db_pool_in_use 3\n"), std::string::npos);
  m.unregister_gauge("medrisk_db_pool_in_use");
  EXPECT_EQ(m.render().find("medrisk_db_pool_in_use"), std::string::npos);
}

TEST(Metrics, EscapesLabels) {
  Metrics m;
  m.observe("a\"b\\c\nd", "GET", 200, microseconds(1));
  EXPECT_NE(m.render().find(R"(route="a\"b\\c\nd")"), std::string::npos);
}

TEST(Metrics, ConcurrentObservationsAreAllCounted) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 10000; ++i) m.observe(i % 2 ? "/a" : "/b", Method::get, 200 + t, microseconds(i));
    });
  }
  for (auto& t : threads) t.join();
  std::uint64_t total = 0;
  for (int t = 0; t < 4; ++t) total += m.request_count("/a", Method::get, 200 + t) + m.request_count("/b", Method::get, 200 + t);
  EXPECT_EQ(total, 40000u);
}

TEST(WorkerPool, RefusesBeyondQueueLimitAndDrainsOnShutdown) {
  WorkerPool pool(1, 2);
  std::mutex gate;
  std::unique_lock hold(gate);
  std::atomic<int> done{0};
  std::atomic<bool> started{false};
  ASSERT_TRUE(pool.try_post([&] { started = true; std::lock_guard g(gate); ++done; }));
  while (!started) std::this_thread::yield();
  EXPECT_TRUE(pool.try_post([&] { ++done; }));
  EXPECT_TRUE(pool.try_post([&] { ++done; }));
  EXPECT_FALSE(pool.try_post([&] { ++done; }));  // two waiting: full
  EXPECT_EQ(pool.queued(), 2u);
  hold.unlock();
  pool.shutdown();
  EXPECT_EQ(done, 3);
  EXPECT_FALSE(pool.try_post([] {}));
}

}  // namespace
}  // namespace medrisk::http
