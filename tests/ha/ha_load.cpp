// Write load for the high-availability test (tests/ha/run.sh): client threads spread over several
// `medrisk serve` nodes issue signed per-visit policies (POST /api/v1/visit-policies) for a fixed time
// while the script kills the PostgreSQL primary. A visit is retried (same visit id, new nonce) until a
// node acknowledges it (201 new, 200 already issued) or the time is up; every acknowledged visit id is
// written to --acked, one per line, for the script to look up on the new primary afterwards. Two more
// threads log in as the demo patient and file complaints (a case-side write with its timeline and audit
// entry); the ids of the acknowledged ones go to --acked with ".complaints" appended.
// Prints the acknowledged count, the failures by kind and the longest gap between two acknowledgements
// (the outage the clients saw). Usage: ha_load --ports P1,P2 --key ID --secret S --seconds N
// [--threads T] --acked FILE
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/crypto/crypto.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<int> ports;
  std::string key, secret, acked;
  int seconds = 40, threads = 8;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--ports") {
      std::stringstream in(v);
      for (std::string p; std::getline(in, p, ',');) o.ports.push_back(std::stoi(p));
    } else if (k == "--key") o.key = v;
    else if (k == "--secret") o.secret = v;
    else if (k == "--seconds") o.seconds = std::stoi(v);
    else if (k == "--threads") o.threads = std::stoi(v);
    else if (k == "--acked") o.acked = v;
  }
  if (o.ports.empty() || o.key.empty() || o.secret.empty() || o.acked.empty())
    throw std::runtime_error("usage: ha_load --ports P1,P2 --key ID --secret S --seconds N [--threads T] --acked FILE");
  return o;
}

std::string today_shanghai() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

struct Shared {
  std::mutex mutex;
  std::vector<std::string> acked;
  std::vector<Clock::time_point> ack_times;
  std::map<std::string, long long> failures;  // "no response", "503", …
  std::vector<long long> complaints;          // ids of acknowledged complaints
  void failed(const std::string& what, const httplib::Result& r) {
    std::string kind = what + (r ? " " + std::to_string(r->status) : " no response");
    std::lock_guard lock(mutex);
    if (failures[kind]++ < 2 && r) std::cerr << "ha_load: " << kind << " " << r->body.substr(0, 200) << "\n";
  }
};

void client_loop(const Options& o, int id, Clock::time_point end, Shared& shared) {
  const int port = o.ports[static_cast<std::size_t>(id) % o.ports.size()];
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  c.set_connection_timeout(2);
  c.set_read_timeout(20);  // a request may wait for the new primary (reconnect_timeout)
  const std::string path = "/api/v1/visit-policies", date = today_shanghai();
  const std::string run = std::to_string(std::time(nullptr));
  long long n = 0, attempt = 0;
  while (Clock::now() < end) {
    const std::string visit = "HA" + run + "-" + std::to_string(id) + "-" + std::to_string(n);
    const std::string body = R"({"visit_id":")" + visit + R"(","patient_phone":"1709998)" +
                             std::to_string(1000 + id % 9000) + R"(","department":"内科","visit_date":")" + date + "\"}";
    bool acked = false;
    while (!acked && Clock::now() < end) {
      const std::string ts = std::to_string(std::time(nullptr));
      const std::string nonce = "ha-" + run + "-" + std::to_string(id) + "-" + std::to_string(attempt++);
      const std::string sig = medrisk::crypto::hmac_sha256_hex(
          o.secret, "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + medrisk::crypto::sha256_hex(body));
      httplib::Headers h = {{"X-MedRisk-Key", o.key}, {"X-MedRisk-Timestamp", ts}, {"X-MedRisk-Nonce", nonce},
                            {"X-MedRisk-Signature", sig}};
      auto r = c.Post(path, h, body, "application/json");
      if (r && (r->status == 201 || r->status == 200)) {
        acked = true;
        std::lock_guard lock(shared.mutex);
        shared.acked.push_back(visit);
        shared.ack_times.push_back(Clock::now());
      } else {
        shared.failed("visit", r);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    ++n;
  }
}

// The demo patient files complaints against the first institution offered, one after the other.
void complaint_loop(const Options& o, int id, Clock::time_point end, Shared& shared) {
  const int port = o.ports[static_cast<std::size_t>(id) % o.ports.size()];
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_connection_timeout(2);
  c.set_read_timeout(20);
  // The demo password is accepted only by a node started with --demo (the first); the session it gives
  // is valid on every node.
  httplib::Client first("127.0.0.1", o.ports.front());
  std::string token;
  long long institution = 0;
  while (Clock::now() < end && (token.empty() || institution == 0)) {
    if (token.empty()) {
      auto r = first.Post("/api/v1/auth/login", R"({"username":"patient","password":"medrisk-demo"})", "application/json");
      if (r && r->status == 200) token = nlohmann::json::parse(r->body).at("token").get<std::string>();
      else shared.failed("login", r);
    } else {
      auto r = c.Get("/api/v1/complaints/institutions", {{"Authorization", "Bearer " + token}});
      if (r && r->status == 200) institution = nlohmann::json::parse(r->body).at("items").at(0).at("id").get<long long>();
      else shared.failed("institutions", r);
    }
    if (token.empty() || institution == 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const nlohmann::json body = {{"institution_org_id", institution}, {"category", "diagnosis_treatment"},
                               {"department", "急诊科"}, {"incident_date", "2026-11-20"},
                               {"narrative", "高可用测试：急诊留观期间未复查血钾（虚构）。"}};
  while (Clock::now() < end) {
    auto r = c.Post("/api/v1/complaints", {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    if (r && r->status == 201) {
      std::lock_guard lock(shared.mutex);
      shared.complaints.push_back(nlohmann::json::parse(r->body).at("id").get<long long>());
    } else {
      shared.failed("complaint", r);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    medrisk::crypto::init();
    Shared shared;
    const auto start = Clock::now();
    const auto end = start + std::chrono::seconds(o.seconds);
    std::vector<std::thread> threads;
    for (int i = 0; i < o.threads; ++i) threads.emplace_back(client_loop, std::cref(o), i, end, std::ref(shared));
    for (int i = 0; i < 2; ++i) threads.emplace_back(complaint_loop, std::cref(o), i, end, std::ref(shared));
    for (auto& t : threads) t.join();

    std::ofstream complaints(o.acked + ".complaints");
    for (long long id : shared.complaints) complaints << id << '\n';
    complaints.close();
    if (!complaints) throw std::runtime_error("cannot write " + o.acked + ".complaints");

    std::ofstream out(o.acked);
    for (const auto& v : shared.acked) out << v << '\n';
    out.close();
    if (!out) throw std::runtime_error("cannot write " + o.acked);

    std::sort(shared.ack_times.begin(), shared.ack_times.end());
    double longest_gap = 0;
    for (std::size_t i = 1; i < shared.ack_times.size(); ++i)
      longest_gap = std::max(longest_gap, std::chrono::duration<double>(shared.ack_times[i] - shared.ack_times[i - 1]).count());
    long long failed = 0;
    for (const auto& [kind, count] : shared.failures) failed += count;
    std::printf("acknowledged      %zu visit policies in %d s over %zu nodes, %d threads\n", shared.acked.size(), o.seconds,
                o.ports.size(), o.threads);
    std::printf("complaints        %zu acknowledged\n", shared.complaints.size());
    std::printf("failed attempts   %lld", failed);
    for (const auto& [kind, count] : shared.failures) std::printf("  [%s: %lld]", kind.c_str(), count);
    std::printf("\nlongest write gap %.1f s (the outage the clients saw)\n", longest_gap);
    const auto tail_from = end - std::chrono::seconds(10);
    const auto tail = std::count_if(shared.ack_times.begin(), shared.ack_times.end(), [&](auto t) { return t >= tail_from; });
    std::printf("last 10 s         %ld acknowledged\n", static_cast<long>(tail));
    return shared.acked.empty() || shared.complaints.empty() ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "ha_load: " << e.what() << "\n";
    return 2;
  }
}
