// Load generator for the platform's hot path (DESIGN.md §7): keep-alive connections driven by two
// epoll threads send signed POST /api/v1/visit-policies (one new visit each) to the real
// `medrisk serve --demo` for a fixed time, then the same database's raw durable insert rate is taken
// through SOCI (one row per transaction, the same number of threads). Prints issuances/s, p50/p99
// latency, inserts/s and the ratio, and where the CPU went per issuance (server, load generator,
// PostgreSQL, the rest of the machine, idle) from /proc. With --nginx (PostgreSQL), the same load goes
// through Debian's nginx to two `medrisk serve` nodes on the one database.
// Usage: bench_visit_policies --db URL [--threads N] [--seconds S] [--workers W] [--nginx 1];
// MEDRISK_BINARY names the server binary (default: beside this program's build dir).
#include <httplib.h>
#include <signal.h>
#include <soci/soci.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
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
  bool nginx = false;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") o.db = v;
    else if (k == "--threads") o.threads = std::stoi(v);
    else if (k == "--seconds") o.seconds = std::stoi(v);
    else if (k == "--workers") o.workers = std::stoi(v);
    else if (k == "--nginx") o.nginx = v == "1";
  }
  if (o.db.empty()) throw std::runtime_error("usage: bench_visit_policies --db URL [--threads N] [--seconds S] [--workers W]");
  return o;
}

// ---- CPU accounting from /proc (clock ticks) ----
long long ticks_per_second() { return sysconf(_SC_CLK_TCK); }

// utime + stime of one process (all its threads), and its parent pid.
bool proc_cpu(pid_t pid, long long& ticks, pid_t* ppid = nullptr) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 2));
  std::string f[15];
  for (auto& x : f) rest >> x;  // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
  if (ppid) *ppid = static_cast<pid_t>(std::stol(f[1]));
  ticks = std::stoll(f[11]) + std::stoll(f[12]);
  return true;
}

// The children of `parent` (PostgreSQL's backends are the postmaster's children), summed.
long long children_cpu(pid_t parent) {
  long long total = 0;
  for (const auto& d : std::filesystem::directory_iterator("/proc")) {
    const std::string name = d.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    long long t = 0;
    pid_t pp = 0;
    if (proc_cpu(static_cast<pid_t>(std::stol(name)), t, &pp) && pp == parent) total += t;
  }
  return total;
}

struct MachineCpu {
  long long busy = 0, idle = 0;
};
MachineCpu machine_cpu() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  long long v[10] = {};
  in >> cpu;
  for (auto& x : v) in >> x;
  MachineCpu m;
  m.idle = v[3] + v[4];
  for (long long x : v) m.busy += x;
  m.busy -= m.idle + v[8] + v[9];  // guest time is already in user
  return m;
}

long long self_cpu_ticks() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto us = [](const timeval& t) { return static_cast<long long>(t.tv_sec) * 1'000'000 + t.tv_usec; };
  return (us(u.ru_utime) + us(u.ru_stime)) * ticks_per_second() / 1'000'000;
}

struct CpuSample {
  std::vector<long long> servers;
  long long postgres = 0, self = 0, nginx = 0;
  MachineCpu machine;
};

struct Watched {
  std::vector<pid_t> servers;
  pid_t postmaster = 0, nginx = 0;
};

CpuSample sample(const Watched& w) {
  CpuSample c;
  for (pid_t p : w.servers) {
    long long t = 0;
    proc_cpu(p, t);
    c.servers.push_back(t);
  }
  if (w.postmaster) c.postgres = children_cpu(w.postmaster);
  if (w.nginx) {
    proc_cpu(w.nginx, c.nginx);
    c.nginx += children_cpu(w.nginx);
  }
  c.self = self_cpu_ticks();
  c.machine = machine_cpu();
  return c;
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

// One keep-alive connection's signed request: a new visit, nonce and timestamp, HMAC-signed as a
// hospital system would sign it (nothing is precomputed).
std::string signed_request(int id, long long n, const std::string& date, const std::string& key_id,
                           const std::string& secret) {
  const std::string path = "/api/v1/visit-policies";
  const std::string now = std::to_string(std::time(nullptr));
  std::string body = R"({"visit_id":"B)" + std::to_string(id) + "-" + std::to_string(n) + "-" + now +
                     R"(","patient_phone":"1709999)" + std::to_string(1000 + id % 9000) +
                     R"(","department":"内科","visit_date":")" + date + "\"}";
  std::string nonce = "bench-" + std::to_string(id) + "-" + std::to_string(n) + "-" + now;
  std::string sig = hmac_sha256_hex(secret, "POST\n" + path + "\n" + now + "\n" + nonce + "\n" + sha256_hex(body));
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-MedRisk-Key: " + key_id +
         "\r\nX-MedRisk-Timestamp: " + now + "\r\nX-MedRisk-Nonce: " + nonce + "\r\nX-MedRisk-Signature: " + sig +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A cheap load generator (it shares the 2 cores with the server): one thread drives several
// keep-alive connections with epoll, each sending its next request as soon as the answer is in.
void event_loop(int port, int first_id, int connections, const std::string& key_id, const std::string& secret,
                const std::atomic<bool>& stop, Result& out) {
  struct Conn {
    int fd = -1, id = 0;
    long long n = 0;
    std::string out, in;
    std::size_t sent = 0;
    Clock::time_point t0;
  };
  const std::string date = today_shanghai();
  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<std::size_t>(connections));
  auto next = [&](Conn& c) {
    c.out = signed_request(c.id, c.n++, date, key_id, secret);
    c.sent = 0;
    c.in.clear();
    c.t0 = Clock::now();
  };
  auto pump_write = [&](Conn& c) {
    while (c.sent < c.out.size()) {
      ssize_t w = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (w <= 0) return;
      c.sent += static_cast<std::size_t>(w);
    }
  };
  auto open = [&](Conn& c, int i) {
    c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
  };
  for (int i = 0; i < connections; ++i) {
    Conn& c = conns[static_cast<std::size_t>(i)];
    c.id = first_id + i;
    open(c, i);
    next(c);
    pump_write(c);
  }
  std::vector<epoll_event> events(static_cast<std::size_t>(connections));
  char buf[16384];
  while (!stop.load(std::memory_order_relaxed)) {
    int k = epoll_wait(ep, events.data(), connections, 100);
    for (int e = 0; e < k; ++e) {
      const std::uint32_t i = events[static_cast<std::size_t>(e)].data.u32;
      Conn& c = conns[i];
      bool closed = false;
      for (;;) {
        ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) closed = true;
        if (r <= 0) break;
        c.in.append(buf, static_cast<std::size_t>(r));
      }
      if (closed && c.in.find("\r\n\r\n") == std::string::npos) {
        // The peer closed the keep-alive connection (e.g. after its request limit): a new connection and
        // a new request (a request lost with the old one is neither counted nor retried).
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        open(c, static_cast<int>(i));
        next(c);
        pump_write(c);
        continue;
      }
      std::size_t head_end = c.in.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      std::size_t length = 0;
      std::string head = c.in.substr(0, head_end);
      for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (auto at = head.find("content-length:"); at != std::string::npos) length = std::stoul(head.substr(at + 15));
      if (c.in.size() < head_end + 4 + length) continue;
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - c.t0).count();
      int status = std::atoi(c.in.c_str() + 9);
      if (status == 201) {
        ++out.ok;
        out.latencies_ms.push_back(ms);
      } else if (out.failed++ < 3) {
        std::cerr << "request failed: " << c.in.substr(0, 300) << "\n";
      }
      next(c);
      pump_write(c);
    }
  }
  for (auto& c : conns) ::close(c.fd);
  ::close(ep);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

struct LoadFigures {
  double per_second = 0, p50 = 0, p99 = 0, seconds = 0;
  long long ok = 0, failed = 0;
  CpuSample before, after;
};

LoadFigures run_load(int port, const Options& o, const std::string& key_id, const std::string& secret,
                     const Watched& watched) {
  LoadFigures f;
  f.before = sample(watched);
  std::atomic<bool> stop{false};
  constexpr int kLoops = 2;  // event-loop threads, one per core
  std::vector<Result> results(kLoops);
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int i = 0; i < kLoops; ++i) {
    int first = i * o.threads / kLoops, count = (i + 1) * o.threads / kLoops - first;
    threads.emplace_back(event_loop, port, first, count, std::cref(key_id), std::cref(secret), std::cref(stop),
                         std::ref(results[static_cast<std::size_t>(i)]));
  }
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  f.after = sample(watched);
  f.seconds = elapsed;
  std::vector<double> all;
  long long ok = 0;
  for (auto& r : results) {
    ok += r.ok;
    f.failed += r.failed;
    all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  f.ok = ok;
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


// The postmaster of the database the bench talks to (the parent of a backend), 0 on SQLite.
pid_t postmaster_of(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return 0;
  auto db = medrisk::db::Database::open(url, medrisk::db::DatabaseOptions{1});
  long long backend = 0;
  db->read([&](medrisk::db::Tx& tx) { tx.sql() << "SELECT pg_backend_pid()", soci::into(backend); });
  long long t = 0;
  pid_t parent = 0;
  proc_cpu(static_cast<pid_t>(backend), t, &parent);
  return parent;
}

// Debian's nginx in front of the nodes (deploy/nginx/medrisk.conf without TLS), as a child process.
struct Nginx {
  pid_t pid = -1;
  int port = 0;
  std::filesystem::path dir;
  Nginx(const std::vector<int>& node_ports) {
    dir = medrisk::testing::temp_dir("benchnginx");
    port = medrisk::testing::free_port();
    std::ofstream conf(dir / "nginx.conf");
    conf << "user root;\nworker_processes 1;\npid " << (dir / "nginx.pid").string() << ";\nerror_log "
         << (dir / "error.log").string() << " warn;\nevents { worker_connections 1024; }\nhttp {\n  access_log off;\n"
         << "  client_body_temp_path " << (dir / "body").string() << ";\n  proxy_temp_path " << (dir / "proxy").string()
         << ";\n  fastcgi_temp_path " << (dir / "f").string() << ";\n  uwsgi_temp_path " << (dir / "u").string()
         << ";\n  scgi_temp_path " << (dir / "s").string() << ";\n  upstream medrisk_nodes {\n";
    for (int p : node_ports) conf << "    server 127.0.0.1:" << p << " max_fails=2 fail_timeout=10s;\n";
    conf << "    keepalive 64;\n    keepalive_requests 10000000;\n  }\n  server {\n    listen 127.0.0.1:" << port << ";\n"
         << "    keepalive_requests 10000000;\n"
         << "    proxy_http_version 1.1;\n    proxy_set_header Connection \"\";\n    proxy_set_header Host $host;\n"
         << "    proxy_set_header X-Request-Id $request_id;\n    proxy_buffering off;\n"
         << "    proxy_next_upstream error timeout http_502 http_503 http_504;\n    proxy_next_upstream_tries 2;\n"
         << "    location / { proxy_pass http://medrisk_nodes; }\n  }\n}\n";
    conf.close();
    pid = ::fork();
    if (pid == 0) {
      std::string c = (dir / "nginx.conf").string(), prefix = dir.string() + "/";
      ::execl("/usr/sbin/nginx", "nginx", "-p", prefix.c_str(), "-c", c.c_str(), "-g", "daemon off;", (char*)nullptr);
      _exit(127);
    }
    httplib::Client probe("127.0.0.1", port);
    for (int i = 0; i < 100; ++i) {
      if (auto r = probe.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("nginx did not start (is Debian's nginx installed? MEDRISK_SETUP_BENCH=1 scripts/setup.sh)");
  }
  ~Nginx() {
    if (pid > 0) {
      ::kill(pid, SIGQUIT);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

void print_cpu(const LoadFigures& f, const Watched& w) {
  const double per = f.ok > 0 ? 1000.0 / static_cast<double>(ticks_per_second()) / static_cast<double>(f.ok) : 0;
  long long server = 0;
  for (std::size_t i = 0; i < f.after.servers.size(); ++i) server += f.after.servers[i] - f.before.servers[i];
  const long long self = f.after.self - f.before.self, pg = f.after.postgres - f.before.postgres,
                  ngx = f.after.nginx - f.before.nginx;
  const long long busy = f.after.machine.busy - f.before.machine.busy, idle = f.after.machine.idle - f.before.machine.idle;
  const long long other = std::max(0LL, busy - server - self - pg - ngx);
  std::printf("CPU per issuance  server %.3f ms, load generator %.3f ms", server * per, self * per);
  if (w.postmaster) std::printf(", PostgreSQL %.3f ms", pg * per);
  if (w.nginx) std::printf(", nginx %.3f ms", ngx * per);
  std::printf("\n");
  const double total = static_cast<double>(busy + idle);
  auto pct = [&](long long x) { return total > 0 ? 100.0 * static_cast<double>(x) / total : 0.0; };
  std::printf("where the time goes  of the machine's %.1f CPU-seconds: server %.0f%%, load generator %.0f%%", total / ticks_per_second(),
              pct(server), pct(self));
  if (w.postmaster) std::printf(", PostgreSQL %.0f%%", pct(pg));
  if (w.nginx) std::printf(", nginx %.0f%%", pct(ngx));
  std::printf(", everything else (other builds) %.0f%%, idle %.0f%%\n", pct(other), pct(idle));
  double load = 0;
  std::ifstream("/proc/loadavg") >> load;
  std::printf("load average      %.2f (1 min, at the end of the load)\n", load);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options o = parse(argc, argv);
    medrisk::crypto::init();
    const bool sqlite = o.db.rfind("sqlite:", 0) == 0;
    if (o.nginx && sqlite) throw std::runtime_error("--nginx needs PostgreSQL (SQLite has one writer process)");
    auto keys = medrisk::testing::temp_dir("benchkeys") / "keys.json";
    medrisk::testing::ServerProcess server(o.db, keys, {"--demo", "--workers", std::to_string(o.workers)});
    server.start();
    std::smatch m;
    std::string log = server.log();
    if (!std::regex_search(log, m, std::regex("Demo partner key of \\S+: (\\S+) secret (\\S+)")))
      throw std::runtime_error("no demo partner key in the server output (database already seeded?)");
    std::string key_id = m[1], secret = m[2];
    Watched watched;
    watched.servers.push_back(server.pid());
    watched.postmaster = postmaster_of(o.db);
    std::unique_ptr<medrisk::testing::ServerProcess> second;
    std::unique_ptr<Nginx> nginx;
    int port = server.port();
    if (o.nginx) {
      second = std::make_unique<medrisk::testing::ServerProcess>(
          o.db, keys, std::vector<std::string>{"--workers", std::to_string(o.workers)});
      second->start();
      watched.servers.push_back(second->pid());
      nginx = std::make_unique<Nginx>(std::vector<int>{server.port(), second->port()});
      watched.nginx = nginx->pid;
      port = nginx->port;
    }
    LoadFigures f = run_load(port, o, key_id, secret, watched);
    nginx.reset();
    if (second) second->stop();
    server.stop();
    double raw = raw_insert_rate(o);
    std::printf("database          %s\n", sqlite ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL (fsync, synchronous_commit=on)");
    std::printf("load              %d keep-alive connections, %d server workers, %d s, %u cores%s\n", o.threads, o.workers,
                o.seconds, std::thread::hardware_concurrency(),
                o.nginx ? ", through nginx to two nodes" : "");
    std::printf("issuances/s       %.0f  (failed %lld)\n", f.per_second, f.failed);
    std::printf("latency p50/p99   %.2f ms / %.2f ms\n", f.p50, f.p99);
    std::printf("raw inserts/s     %.0f  (one durable single-row INSERT per transaction, %d threads, same run)\n", raw, o.threads);
    std::printf("ratio             issuance / raw = %.2f  (target >= 1.5)\n", raw > 0 ? f.per_second / raw : 0.0);
    print_cpu(f, watched);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_visit_policies: " << e.what() << "\n";
    return 1;
  }
}
