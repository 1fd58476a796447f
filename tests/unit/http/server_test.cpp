// The RESTinio server in-process on port 0, driven by cpp-httplib's client: built-in endpoints,
// problem+json errors, limits, authentication, exceptions, overload, static files, metrics, drain.
#include <gtest/gtest.h>

#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "http_test_support.hpp"
#include "platform/http/server/server.hpp"

namespace medrisk::http {
namespace {

using namespace std::chrono_literals;

// Captures the access log (and keeps error logs off the test output).
std::ostringstream& access_log_text() {
  static std::ostringstream text;
  static std::shared_ptr<spdlog::logger> loggers[2] = {
      [] {
        auto l = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::ostream_sink_mt>(text));
        l->set_pattern("%v");
        spdlog::register_logger(l);
        return l;
      }(),
      [] {
        static std::ostringstream errors;
        auto l = std::make_shared<spdlog::logger>("http", std::make_shared<spdlog::sinks::ostream_sink_mt>(errors));
        spdlog::register_logger(l);
        return l;
      }()};
  return text;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    access_log_text();
    static_dir_ = testing::fresh_temp_dir("http-static");
    std::filesystem::create_directories(static_dir_ / "www/assets");
    write(static_dir_ / "www/index.html", "<!doctype html><title>MedRisk</title>");
    write(static_dir_ / "www/assets/app.3f9a1c.js", "console.log('hi');");
    write(static_dir_ / "secret.txt", "top secret");
    gate_future_ = gate_.get_future().share();

    router_.get("/api/v1/echo", [](Request& rq) -> Result<Response> {
      return Response::json(200, {{"lang", rq.lang}, {"q", rq.query_param("q").value_or("")},
                                  {"actor", rq.actor ? rq.actor->username : ""}});
    }, Access::public_);
    router_.add(Route{Method::post, "/api/v1/json", [](Request& rq) -> Result<Response> {
                        MEDRISK_TRY(auto body, rq.json_body());
                        return Response::json(200, body);
                      }, Access::public_, kDefaultMaxBodyBytes, false, ""});
    router_.get("/api/v1/cases/{id}", [](Request& rq) -> Result<Response> {
      if (rq.param("id") == "0") return Error::of("case_not_found");
      return Response::json(200, {{"id", rq.param("id")}});
    }, Access::public_);
    router_.get("/api/v1/anonymous-report", [](Request& rq) -> Result<Response> {
      rq.address_private = true;
      return Response::json(200, {{"ok", true}});
    }, Access::public_);
    router_.get("/api/v1/private", [](Request& rq) -> Result<Response> {
      return Response::json(200, {{"user", rq.actor->username}});
    });
    router_.get("/api/v1/boom", [](Request&) -> Result<Response> {
      throw std::runtime_error("secret detail 12345");
    }, Access::public_);
    router_.get("/api/v1/slow", [this](Request&) -> Result<Response> {
      ++slow_entered_;
      gate_future_.wait();
      return Response::json(200, {{"slow", true}});
    }, Access::public_);
  }

  void start(ServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = options.worker_threads == ServerOptions{}.worker_threads ? 2 : options.worker_threads;
    options.static_dir = static_dir_ / "www";
    options.drain_timeout = 5s;
    options.handle_signals = handle_signals_;
    server_ = std::make_unique<Server>(
        router_, testing::http_catalogue(), options,
        [](const Request& rq) -> Result<std::optional<Actor>> {
          if (rq.header("authorization") == "Bearer expired") return Error::of("session_expired");
          if (rq.header("authorization") == "Bearer good") {
            Actor a;
            a.user_id = 1;
            a.username = "doctor.li";
            return std::optional<Actor>(a);
          }
          return std::optional<Actor>();
        },
        [this]() -> Status {
          if (ready_) return {};
          return Error::of("database_unreachable");
        },
        metrics_);
    ASSERT_NE(server_->port(), 0);
    runner_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    release_gate();
    if (server_) server_->stop();
    if (runner_.joinable()) runner_.join();
    server_.reset();
    std::filesystem::remove_all(static_dir_);
  }

  void release_gate() {
    if (!gate_released_.exchange(true)) gate_.set_value();
  }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_tcp_nodelay(true);
    c.set_url_encode(false);  // send targets exactly as written
    c.set_read_timeout(5, 0);
    return c;
  }

  static void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

  static nlohmann::json json_of(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

  static void expect_problem(const httplib::Result& r, int status, const std::string& code) {
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json; charset=utf-8");
    const auto doc = nlohmann::json::parse(r->body);
    EXPECT_EQ(doc["code"], code);
    EXPECT_EQ(doc["status"], status);
    EXPECT_EQ(doc["request_id"], r->get_header_value("X-Request-Id"));
  }

  Router router_;
  Metrics metrics_;
  std::filesystem::path static_dir_;
  std::promise<void> gate_;
  std::shared_future<void> gate_future_;
  std::atomic<bool> gate_released_{false};
  std::atomic<int> slow_entered_{0};
  std::atomic<bool> ready_{true};
  bool handle_signals_ = false;
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

TEST_F(ServerTest, HealthReadinessAndSecurityHeaders) {
  start();
  auto c = client();
  auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json_of(health)["status"], "ok");
  EXPECT_EQ(health->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(c.Get("/readyz")->status, 200);
  ready_ = false;
  expect_problem(c.Get("/readyz"), 503, "service_not_ready");
  auto api = c.Get("/api/v1/echo?q=%E5%8C%BB%20x");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(json_of(api)["q"], "医 x");
  EXPECT_EQ(json_of(api)["lang"], "zh-CN");
}

TEST_F(ServerTest, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  start();
  auto c = client();
  auto given = c.Get("/api/v1/echo", {{"X-Request-Id", "edge-7f3a.1"}});
  ASSERT_TRUE(given);
  EXPECT_EQ(given->get_header_value("X-Request-Id"), "edge-7f3a.1");
  auto insane = c.Get("/api/v1/echo", {{"X-Request-Id", "<script>"}});
  ASSERT_TRUE(insane);
  EXPECT_NE(insane->get_header_value("X-Request-Id"), "<script>");
  EXPECT_EQ(insane->get_header_value("X-Request-Id").size(), 16u);
}

TEST_F(ServerTest, UnknownRoutesAndMethodsAreProblems) {
  start();
  auto c = client();
  expect_problem(c.Get("/api/v1/nope"), 404, "route_not_found");
  auto put = c.Put("/api/v1/cases/5", "{}", "application/json");
  expect_problem(put, 405, "method_not_allowed");
  EXPECT_EQ(put->get_header_value("Allow"), "GET") << "RFC 9110: a 405 names the methods the resource has";
  auto post = c.Post("/healthz", "", "text/plain");
  expect_problem(post, 405, "method_not_allowed");
  EXPECT_EQ(post->get_header_value("Allow"), "GET");
  expect_problem(c.Post("/no-such-page", "", "text/plain"), 404, "route_not_found");
  auto refused = c.Get("/api/v1/cases/0", {{"Accept-Language", "en-US,en;q=0.9"}});
  expect_problem(refused, 404, "case_not_found");
  EXPECT_EQ(json_of(refused)["title"], "No such case.");
  EXPECT_EQ(json_of(refused)["instance"], "/api/v1/cases/0");
  EXPECT_EQ(json_of(c.Get("/api/v1/cases/%E6%A1%88"))["id"], "案");
  EXPECT_EQ(json_of(c.Get("/api/v1/cases/a+b"))["id"], "a+b");
  expect_problem(c.Get("/api/v1/cases/%E6%A"), 404, "route_not_found");
  expect_problem(c.Get("/api/v1/cases/%00"), 404, "route_not_found");
}

TEST_F(ServerTest, QueryStringsTakeRfc3986CharactersAndRefuseBrokenEscapes) {
  start();
  auto c = client();
  // curl and scripts send a timestamp unescaped; RFC 3986 allows ':' '/' '?' '@' in a query.
  EXPECT_EQ(json_of(c.Get("/api/v1/echo?q=2026-12-07T20:46:17Z"))["q"], "2026-12-07T20:46:17Z");
  EXPECT_EQ(json_of(c.Get("/api/v1/echo?x=1&q=a/b?c@d"))["q"], "a/b?c@d");
  EXPECT_EQ(json_of(c.Get("/api/v1/echo?q=%E5%8C%BB+x"))["q"], "医 x") << "form encoding: '+' is a space";
  // A query that does not parse is refused, never read as "no filters".
  expect_problem(c.Get("/api/v1/echo?q=%zz"), 400, "request_invalid");
  expect_problem(c.Get("/api/v1/echo?q=%E6%A"), 400, "request_invalid");
  auto page = c.Get("/cases/7?tab=%zz");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200) << "a page's query is the single-page application's business";
}

TEST_F(ServerTest, BodyLimitsAndMalformedJson) {
  start();
  auto c = client();
  auto echoed = c.Post("/api/v1/json", R"({"amount_fen": 150000})", "application/json");
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->status, 200);
  EXPECT_EQ(json_of(echoed)["amount_fen"], 150000);
  expect_problem(c.Post("/api/v1/json", "{not json", "application/json"), 400, "malformed_json");
  expect_problem(c.Post("/api/v1/json", std::string(40, '[') + std::string(40, ']'), "application/json"), 400,
                 "json_too_deep");
  expect_problem(c.Post("/api/v1/json", std::string(2 << 20, ' '), "application/json"), 413,
                 "request_body_too_large");
  auto after = client().Get("/healthz");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, Authentication) {
  start();
  auto c = client();
  expect_problem(c.Get("/api/v1/private"), 401, "authentication_required");
  expect_problem(c.Get("/api/v1/private", {{"Authorization", "Bearer expired"}}), 401, "session_expired");
  auto ok = c.Get("/api/v1/private", {{"Authorization", "Bearer good"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(json_of(ok)["user"], "doctor.li");
  auto anonymous = c.Get("/api/v1/echo", {{"Authorization", "Bearer good"}});
  EXPECT_EQ(json_of(anonymous)["actor"], "doctor.li");  // public routes still see the actor
}

TEST_F(ServerTest, HandlerExceptionBecomes500WithoutLeakingTheMessage) {
  start();
  auto r = client().Get("/api/v1/boom", {{"Accept-Language", "en"}});
  expect_problem(r, 500, "internal_error");
  EXPECT_EQ(r->body.find("secret detail"), std::string::npos);
  EXPECT_EQ(json_of(r)["title"], testing::http_catalogue().find("internal_error").en_us);
}

TEST_F(ServerTest, FullWorkerQueueAnswers503WithRetryAfter) {
  ServerOptions options;
  options.worker_threads = 1;
  options.worker_queue_limit = 1;
  start(options);
  auto slow_request = [this] {
    return std::async(std::launch::async, [this] {
      auto r = client().Get("/api/v1/slow");
      return r ? r->status : -1;
    });
  };
  auto wait_for = [](const std::function<bool()>& condition) {
    for (int i = 0; i < 2000 && !condition(); ++i) std::this_thread::sleep_for(1ms);
    return condition();
  };
  // One request runs on the only worker, one waits in the queue: the next is refused.
  std::vector<std::future<int>> slow;
  slow.push_back(slow_request());
  ASSERT_TRUE(wait_for([this] { return slow_entered_ == 1; }));
  slow.push_back(slow_request());
  ASSERT_TRUE(wait_for([this] {
    auto m = client().Get("/metrics");
    return m && m->body.find("medrisk_http_worker_queue_depth 1\n") != std::string::npos;
  }));
  auto busy = client().Get("/api/v1/slow");
  ASSERT_TRUE(busy) << httplib::to_string(busy.error());
  expect_problem(busy, 503, "server_busy");
  EXPECT_EQ(busy->get_header_value("Retry-After"), "1");
  release_gate();
  for (auto& f : slow) EXPECT_EQ(f.get(), 200);
}

TEST_F(ServerTest, StaticFilesSpaFallbackAndTraversal) {
  start();
  auto c = client();
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index->get_header_value("Cache-Control"), "no-cache");
  auto asset = c.Get("/assets/app.3f9a1c.js");
  ASSERT_TRUE(asset);
  EXPECT_EQ(asset->body, "console.log('hi');");
  EXPECT_EQ(asset->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(asset->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  auto spa = c.Get("/cases/42/events");
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, "<!doctype html><title>MedRisk</title>");
  expect_problem(c.Get("/assets/missing.js"), 404, "route_not_found");
  for (const char* attack : {"/../../etc/passwd", "/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt"}) {
    auto r = client().Get(attack);
    if (!r) continue;  // the parser may refuse the target outright, which is fine
    EXPECT_EQ(r->status, 404) << attack;
    EXPECT_EQ(r->body.find("top secret"), std::string::npos) << attack;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << attack;
  }
}

TEST_F(ServerTest, MetricsAndAccessLog) {
  start();
  auto c = client();
  ASSERT_TRUE(c.Get("/api/v1/cases/77?token=hunter2", {{"X-Request-Id", "log-check-1"}}));
  auto m = c.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(m->body.find(R"(medrisk_http_requests_total{route="/api/v1/cases/{id}",method="GET",status="200"} 1)"),
            std::string::npos)
      << m->body;
  EXPECT_EQ(metrics_.request_count("/api/v1/cases/{id}", Method::get, 200), 1u);
  const std::string log = access_log_text().str();
  const auto at = log.find("\"request_id\":\"log-check-1\"");
  ASSERT_NE(at, std::string::npos) << log;
  const std::string line = log.substr(log.rfind('\n', at) + 1, log.find('\n', at) - log.rfind('\n', at) - 1);
  const auto entry = nlohmann::json::parse(line);
  EXPECT_EQ(entry["route"], "/api/v1/cases/{id}");
  EXPECT_EQ(entry["status"], 200);
  EXPECT_EQ(entry["method"], "GET");
  EXPECT_EQ(entry["remote_ip"], "127.0.0.1");
  EXPECT_TRUE(entry.contains("duration_us"));
  EXPECT_TRUE(entry.contains("bytes"));
  EXPECT_EQ(line.find("hunter2"), std::string::npos);
  EXPECT_EQ(line.find("cases/77"), std::string::npos);  // the pattern, never the raw path
}

TEST_F(ServerTest, AccessLogLeavesOutTheAddressOfAnAnonymousRequest) {
  start();
  ASSERT_TRUE(client().Get("/api/v1/anonymous-report", {{"X-Request-Id", "anon-1"}}));
  ASSERT_TRUE(client().Get("/api/v1/cases/5", {{"X-Request-Id", "named-1"}}));
  const std::string log = access_log_text().str();
  auto entry_of = [&](const std::string& id) {
    const auto at = log.find("\"request_id\":\"" + id + "\"");
    EXPECT_NE(at, std::string::npos) << log;
    return nlohmann::json::parse(log.substr(log.rfind('\n', at) + 1, log.find('\n', at) - log.rfind('\n', at) - 1));
  };
  EXPECT_TRUE(entry_of("anon-1")["remote_ip"].is_null());
  EXPECT_EQ(entry_of("named-1")["remote_ip"], "127.0.0.1");  // every other request keeps its address
}

TEST_F(ServerTest, StopDrainsAnInFlightRequest) {
  start();
  auto slow = std::async(std::launch::async, [this] {
    auto r = client().Get("/api/v1/slow");
    return r ? r->status : -1;
  });
  while (slow_entered_ == 0) std::this_thread::sleep_for(1ms);
  server_->stop();
  std::this_thread::sleep_for(50ms);  // the server is now draining and no longer accepts
  auto refused = client().Get("/healthz");
  EXPECT_FALSE(refused);
  release_gate();
  EXPECT_EQ(slow.get(), 200);
  runner_.join();  // run() returned after the drain
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  handle_signals_ = true;
  start();
  auto health = client().Get("/healthz");  // run() is serving, so its signal handler is installed
  ASSERT_TRUE(health);
  ASSERT_EQ(std::raise(SIGTERM), 0);
  runner_.join();  // run() returned
  EXPECT_FALSE(client().Get("/healthz"));
}

}  // namespace
}  // namespace medrisk::http
