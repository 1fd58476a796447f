// Micro-benchmarks of the HTTP layer's hot path: what each request pays before and after its handler.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "platform/http/metrics.hpp"
#include "platform/http/problem.hpp"
#include "platform/http/router.hpp"
#include "platform/http/server/server.hpp"

namespace medrisk::http {
namespace {

Router hundred_routes() {
  Router r;
  auto ok = [](Request&) -> Result<Response> { return Response::no_content(); };
  for (int i = 0; i < 25; ++i) {
    const std::string base = "/api/v1/resource" + std::to_string(i);
    r.get(base, ok);
    r.post(base, ok);
    r.get(base + "/{id}", ok);
    r.get(base + "/{id}/events", ok);
  }
  return r;
}

void BM_RouterMatch(benchmark::State& state) {
  const Router r = hundred_routes();
  for (auto _ : state) {
    auto m = r.match(Method::get, "/api/v1/resource24/12345/events");
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_RouterMatch);

void BM_MetricsObserve(benchmark::State& state) {
  static Metrics metrics;
  for (auto _ : state) {
    metrics.observe("/api/v1/cases/{id}", Method::get, 200, std::chrono::microseconds(120));
  }
}
BENCHMARK(BM_MetricsObserve)->Threads(1)->Threads(2);

void BM_JsonBody1KiB(benchmark::State& state) {
  Request rq;
  nlohmann::json doc;
  for (int i = 0; i < 20; ++i) doc["field_" + std::to_string(i)] = {{"amount_fen", 150000 + i}, {"note", "医疗纠纷"}};
  rq.body = doc.dump();
  for (auto _ : state) {
    auto r = rq.json_body();
    benchmark::DoNotOptimize(r);
  }
  state.counters["bytes"] = static_cast<double>(rq.body.size());
}
BENCHMARK(BM_JsonBody1KiB);

void BM_ProblemRender(benchmark::State& state) {
  ErrorCatalogue c;
  c.add("case_not_found", ErrorInfo{ErrorKind::not_found, "案件不存在。", "No such case."});
  Request rq;
  rq.path = "/api/v1/cases/9";
  rq.request_id = "0123456789abcdef";
  for (auto _ : state) {
    auto r = problem_response(Error::of("case_not_found"), c, rq);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ProblemRender);

// One keep-alive client, sequential small GETs: server and client share the machine's cores.
void BM_ServerHealthzRoundTrip(benchmark::State& state) {
  spdlog::drop("access");
  spdlog::register_logger(std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::null_sink_mt>()));
  Router router;
  ErrorCatalogue catalogue;
  Metrics metrics;
  ServerOptions options;
  options.port = 0;
  options.handle_signals = false;
  Server server(router, catalogue, options, nullptr, nullptr, metrics);
  std::thread runner([&] { server.run(); });
  {
    httplib::Client client("127.0.0.1", server.port());
    client.set_tcp_nodelay(true);
    client.set_keep_alive(true);
    for (auto _ : state) {
      auto r = client.Get("/healthz");
      if (!r || r->status != 200) state.SkipWithError("request failed");
    }
  }
  server.stop();
  runner.join();
}
BENCHMARK(BM_ServerHealthzRoundTrip)->UseRealTime();

}  // namespace
}  // namespace medrisk::http

BENCHMARK_MAIN();
