// Load generator for the platform's hot path (DESIGN.md §7): several threads, each with a keep-alive
// cpp-httplib connection, send signed POST /api/v1/visit-policies (one new visit each) to the real
// `medrisk serve --demo` for a fixed time, then the same database's raw durable insert rate is taken
// through SOCI (one row per transaction, the same number of threads). Prints issuances/s, p50/p99
// latency, inserts/s and the ratio. Usage: bench_visit_policies --db URL [--threads N] [--seconds S]
// [--workers W]; MEDRISK_BINARY names the server binary (default: beside this program's build dir).
#include <httplib.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "platform/crypto/crypto.hpp"
#include "platform/db/database.hpp"
#include "support/server_process.hpp"
#include "support/test_env.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using medrisk::crypto::hmac_sha256_hex;
using medrisk::crypto::sha256_hex;

struct Options {
  std::string db;
  int threads = 16;
  int seconds = 10;
  int workers = 8;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") o.db = v;
    else if (k == "--threads") o.threads = std::stoi(v);
    else if (k == "--seconds") o.seconds = std::stoi(v);
    else if (k == "--workers") o.workers = std::stoi(v);
  }
  if (o.db.empty()) throw std::runtime_error("usage: bench_visit_policies --db URL [--threads N] [--seconds S] [--workers W]");
  return o;
}

struct Result {
  long long ok = 0, failed = 0;
  std::vector<double> latencies_ms;
};

std::string today_shanghai() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// One connection: signed requests back to back until `stop`.
void client_loop(int port, int id, const std::string& key_id, const std::string& secret, const std::atomic<bool>& stop,
                 Result& out) {
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);  // headers and body go out in two writes: without this, Nagle + delayed ACK add 40 ms
  const std::string path = "/api/v1/visit-policies", date = today_shanghai();
  long long n = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    std::string visit = "B" + std::to_string(id) + "-" + std::to_string(n++) + "-" + std::to_string(std::time(nullptr));
    std::string body = R"({"visit_id":")" + visit + R"(","patient_phone":"1709999)" + std::to_string(1000 + id % 9000) +
                       R"(","department":"内科","visit_date":")" + date + "\"}";
    std::string ts = std::to_string(std::time(nullptr));
    std::string nonce = "bench-" + std::to_string(id) + "-" + std::to_string(n) + "-" + ts;
    std::string sig = hmac_sha256_hex(secret, "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + sha256_hex(body));
    httplib::Headers h = {{"X-MedRisk-Key", key_id}, {"X-MedRisk-Timestamp", ts}, {"X-MedRisk-Nonce", nonce},
                          {"X-MedRisk-Signature", sig}};
    auto t0 = Clock::now();
    auto r = c.Post(path, h, body, "application/json");
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (r && r->status == 201) {
      ++out.ok;
      out.latencies_ms.push_back(ms);
    } else {
      if (out.failed++ < 3) std::cerr << "request failed: " << (r ? std::to_string(r->status) + " " + r->body : "no response") << "\n";
    }
  }
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

struct LoadFigures {
  double per_second = 0, p50 = 0, p99 = 0;
  long long failed = 0;
};

LoadFigures run_load(int port, const Options& o, const std::string& key_id, const std::string& secret) {
  std::atomic<bool> stop{false};
  std::vector<Result> results(static_cast<std::size_t>(o.threads));
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int i = 0; i < o.threads; ++i)
    threads.emplace_back(client_loop, port, i, key_id, secret, std::cref(stop), std::ref(results[static_cast<std::size_t>(i)]));
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  LoadFigures f;
  std::vector<double> all;
  long long ok = 0;
  for (auto& r : results) {
    ok += r.ok;
    f.failed += r.failed;
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  f.per_second = static_cast<double>(ok) / elapsed;
  f.p50 = percentile(all, 0.50);
  f.p99 = percentile(all, 0.99);
  return f;
}

// The same database, the same number of threads, one durable single-row INSERT per transaction.
double raw_insert_rate(const Options& o) {
  auto db = medrisk::db::Database::open(o.db, medrisk::db::DatabaseOptions{static_cast<std::size_t>(o.threads)});
  db->write([](medrisk::db::Tx& tx) {
    tx.sql() << (tx.dialect() == medrisk::db::Dialect::postgresql
                     ? "CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)"
                     : "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL)");
  });
  std::atomic<bool> stop{false};
  std::atomic<long long> done{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int i = 0; i < o.threads; ++i)
    threads.emplace_back([&] {
      const std::string payload(300, 'x');  // about the size of a visit-policy row
      while (!stop.load(std::memory_order_relaxed)) {
        db->write([&](medrisk::db::Tx& tx) { tx.sql() << "INSERT INTO bench_raw (payload) VALUES (:p)", soci::use(payload); });
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  return static_cast<double>(done.load()) / std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options o = parse(argc, argv);
    medrisk::crypto::init();
    auto keys = medrisk::testing::temp_dir("benchkeys") / "keys.json";
    medrisk::testing::ServerProcess server(o.db, keys, {"--demo", "--workers", std::to_string(o.workers)});
    server.start();
    std::smatch m;
    std::string log = server.log();
    if (!std::regex_search(log, m, std::regex("Demo partner key of \\S+: (\\S+) secret (\\S+)")))
      throw std::runtime_error("no demo partner key in the server output (database already seeded?)");
    std::string key_id = m[1], secret = m[2];
    LoadFigures f = run_load(server.port(), o, key_id, secret);
    server.stop();
    double raw = raw_insert_rate(o);
    std::printf("database          %s\n", o.db.rfind("sqlite:", 0) == 0 ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL (fsync, synchronous_commit=on)");
    std::printf("load              %d keep-alive connections, %d server workers, %d s, %u cores\n", o.threads, o.workers,
                o.seconds, std::thread::hardware_concurrency());
    std::printf("issuances/s       %.0f  (failed %lld)\n", f.per_second, f.failed);
    std::printf("latency p50/p99   %.2f ms / %.2f ms\n", f.p50, f.p99);
    std::printf("raw inserts/s     %.0f  (one durable single-row INSERT per transaction, %d threads)\n", raw, o.threads);
    std::printf("ratio             raw / issuance = %.2f  (target <= 2)\n", f.per_second > 0 ? raw / f.per_second : 0.0);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_visit_policies: " << e.what() << "\n";
    return 1;
  }
}
