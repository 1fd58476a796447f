// Advisory locks, NOTIFY and the LISTEN thread (see coordination.hpp). The listener speaks libpq
// directly: SOCI has no notification API, and the connection must stay out of the pool.
#include "platform/db/coordination.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>
#include <sys/select.h>

namespace medrisk::db {

std::int64_t advisory_key(std::string_view name) {
  std::uint64_t h = 14695981039346656037ull;
  std::string full = "medrisk:";
  full.append(name);
  for (unsigned char c : full) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

bool try_advisory_xact_lock(Tx& tx, std::string_view name) {
  if (tx.dialect() != Dialect::postgresql) return true;
  long long key = advisory_key(name);
  int got = 0;
  tx.sql() << "SELECT CASE WHEN pg_try_advisory_xact_lock(:k) THEN 1 ELSE 0 END", soci::use(key), soci::into(got);
  return got == 1;
}

void advisory_xact_lock(Tx& tx, std::string_view name) {
  if (tx.dialect() != Dialect::postgresql) return;
  long long key = advisory_key(name);
  int got = 0;
  tx.sql() << "SELECT 1 FROM (SELECT pg_advisory_xact_lock(:k)) AS l", soci::use(key), soci::into(got);
}

// ---------------------------------------------------------------- JobLocks

JobLocks::JobLocks(Database& db) : db_(db) {}
JobLocks::~JobLocks() = default;

JobLocks::Held::~Held() {
  if (owner_) owner_->unlock(key_);
}

std::optional<JobLocks::Held> JobLocks::try_lock(std::string_view name) {
  if (db_.dialect() != Dialect::postgresql) return Held(nullptr, 0);
  long long key = advisory_key(std::string("job:").append(name));
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!session_) {
        session_ = std::make_unique<soci::session>();
        session_->open(*soci::factory_postgresql(), db_.direct_connection_info());
      }
      int got = 0;
      *session_ << "SELECT CASE WHEN pg_try_advisory_lock(:k) THEN 1 ELSE 0 END", soci::use(key), soci::into(got);
      if (got != 1) return std::nullopt;
      return Held(this, key);
    } catch (const std::exception& e) {
      // A dropped connection released whatever it held: open a new one and try once more.
      spdlog::warn("job lock connection: {}", e.what());
      session_.reset();
    }
  }
  return std::nullopt;
}

void JobLocks::unlock(std::int64_t key) {
  std::lock_guard lock(mutex_);
  if (!session_) return;  // the connection dropped: the server released the lock with it
  try {
    long long k = key;
    int released = 0;
    *session_ << "SELECT CASE WHEN pg_advisory_unlock(:k) THEN 1 ELSE 0 END", soci::use(k), soci::into(released);
  } catch (const std::exception& e) {
    spdlog::warn("job lock connection: {}", e.what());
    session_.reset();
  }
}

// ---------------------------------------------------------------- NOTIFY / LISTEN

void notify(Tx& tx, const std::string& channel, const std::string& payload) {
  if (tx.dialect() != Dialect::postgresql) return;
  tx.sql() << "SELECT pg_notify(:c, :p)", soci::use(channel), soci::use(payload);
}

Listener::Listener(std::string conninfo, std::vector<std::string> channels, Handlers handlers,
                   std::string application_name, std::string reply_channel, std::chrono::milliseconds retry)
    : conninfo_(std::move(conninfo)),
      channels_(std::move(channels)),
      handlers_(std::move(handlers)),
      application_name_(std::move(application_name)),
      reply_channel_(std::move(reply_channel)),
      retry_(retry) {}

Listener::~Listener() {
  stop();
}

void Listener::start() {
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void Listener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool Listener::wait_subscribed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return subscribed_.load(); });
}

std::size_t Listener::received(const std::string& channel, const std::string& prefix) const {
  std::size_t n = 0;
  for (const auto& [c, p] : recent_)
    if (c == channel && p.compare(0, prefix.size(), prefix) == 0) ++n;
  return n;
}

std::size_t Listener::wait_for(const std::string& channel, const std::string& prefix, std::size_t count,
                               std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return received(channel, prefix) >= count; });
  return received(channel, prefix);
}

std::size_t count_listeners(Tx& tx, const std::string& application_name) {
  if (tx.dialect() != Dialect::postgresql) return 0;
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = :a AND datname = current_database()",
      soci::use(application_name), soci::into(n);
  return static_cast<std::size_t>(n);
}

namespace {

bool exec_ok(PGconn* conn, const std::string& sql, ExecStatusType expected) {
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == expected;
  PQclear(res);
  return ok;
}

}  // namespace

void Listener::run() {
  std::string conninfo = conninfo_ + " application_name='" + application_name_ + "'";
  while (!stopping_) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    bool ok = PQstatus(conn) == CONNECTION_OK;
    for (const auto& channel : channels_) {
      if (!ok) break;
      char* quoted = PQescapeIdentifier(conn, channel.c_str(), channel.size());
      ok = quoted && exec_ok(conn, std::string("LISTEN ") + quoted, PGRES_COMMAND_OK);
      if (quoted) PQfreemem(quoted);
    }
    if (ok) {
      {
        std::lock_guard lock(mutex_);
        subscribed_ = true;
      }
      cv_.notify_all();
      if (handlers_.on_subscribed) handlers_.on_subscribed();
      int fd = PQsocket(conn);
      while (!stopping_) {
        fd_set in;
        FD_ZERO(&in);
        FD_SET(fd, &in);
        timeval tv{0, 200'000};
        int n = ::select(fd + 1, &in, nullptr, nullptr, &tv);
        if (n < 0 && errno != EINTR) break;
        if (n <= 0) continue;
        if (!PQconsumeInput(conn)) break;
        while (PGnotify* note = PQnotifies(conn)) {
          std::string channel = note->relname ? note->relname : "", payload = note->extra ? note->extra : "";
          PQfreemem(note);
          std::string reply;
          try {
            if (handlers_.on_message) reply = handlers_.on_message(channel, payload);
          } catch (const std::exception& e) {
            spdlog::error("listener on {}: {}", channel, e.what());
          }
          if (!reply.empty() && !reply_channel_.empty()) {
            const char* params[] = {reply_channel_.c_str(), reply.c_str()};
            PGresult* res = PQexecParams(conn, "SELECT pg_notify($1, $2)", 2, nullptr, params, nullptr, nullptr, 0);
            PQclear(res);
          }
          {
            std::lock_guard lock(mutex_);
            recent_.emplace_back(channel, payload);
            if (recent_.size() > 1024) recent_.pop_front();
          }
          cv_.notify_all();
        }
        if (PQstatus(conn) != CONNECTION_OK) break;
      }
    }
    bool was_subscribed = subscribed_.exchange(false);
    if (!stopping_) {
      // Notifications may have been missed: whoever caches must forget and stop caching until
      // the next on_subscribed.
      if (handlers_.on_lost) handlers_.on_lost();
      if (was_subscribed) spdlog::warn("{}: connection lost; reconnecting", application_name_);
    }
    PQfinish(conn);
    for (auto waited = std::chrono::milliseconds(0); !stopping_ && waited < retry_;
         waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace medrisk::db
