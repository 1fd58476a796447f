// Connection pool and transactions over SOCI for SQLite and PostgreSQL. SQLite connections get WAL,
// synchronous=FULL (financial and legal records must survive power loss), foreign keys and a busy
// timeout; PostgreSQL connections a lock timeout. URLs with passwords are redacted for logs.
#include "platform/db/database.hpp"
#include "platform/db/storage_error.hpp"
#include "platform/db/wal_checkpointer.hpp"

#include "platform/errors.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <libpq-fe.h>

#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

namespace medrisk::db {
namespace {

std::string redact(const std::string& url) {
  static const std::regex password(R"(://([^:/@]+):[^@]*@)");
  return std::regex_replace(url, password, "://$1:***@");
}

std::string quote_conninfo(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string postgres_conninfo(const std::string& url) {
  static const std::regex form(R"(^postgres(?:ql)?://(?:([^:@/]*)(?::([^@/]*))?@)?([^/?]*)(?:/([^?]*))?(?:\?(.*))?$)");
  static const std::regex host_port(R"(^(\[[^\]]*\]|[^:]*)(?::(\d+))?$)");
  std::smatch m;
  if (!std::regex_match(url, m, form)) throw std::invalid_argument("malformed postgresql:// URL");
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    if (!out.empty()) out += ' ';
    out += key;
    out += '=';
    out += quote_conninfo(percent_decode(value));
  };
  // host[:port][,host[:port]…]: libpq takes the lists host=a,b port=p,q (an empty port is its default).
  std::string hosts, ports;
  bool any_port = false;
  const std::string authority = m[3];
  for (std::size_t pos = 0; pos <= authority.size();) {
    std::size_t comma = authority.find(',', pos);
    if (comma == std::string::npos) comma = authority.size();
    std::string one = authority.substr(pos, comma - pos);
    std::smatch hp;
    if (!std::regex_match(one, hp, host_port)) throw std::invalid_argument("malformed host in postgresql:// URL");
    if (pos > 0) {
      hosts += ',';
      ports += ',';
    }
    std::string host = hp[1];
    if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
    hosts += host;
    ports += hp[2];
    any_port = any_port || hp[2].matched;
    pos = comma + 1;
  }
  add("user", m[1]);
  add("password", m[2]);
  if (hosts.find_first_not_of(',') != std::string::npos) add("host", hosts);
  if (any_port) add("port", ports);
  add("dbname", m[4]);
  std::string params = m[5];
  for (std::size_t pos = 0; pos < params.size();) {
    std::size_t amp = params.find('&', pos);
    if (amp == std::string::npos) amp = params.size();
    std::string kv = params.substr(pos, amp - pos);
    if (auto eq = kv.find('='); eq != std::string::npos) add(kv.substr(0, eq).c_str(), kv.substr(eq + 1));
    pos = amp + 1;
  }
  return out;
}

std::unique_ptr<Database> Database::open(const std::string& url, DatabaseOptions options) {
  if (options.pool_size == 0) throw std::invalid_argument("database pool size must be positive");
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.empty()) throw std::invalid_argument("sqlite: URL needs a file path");
    // Once, before SQLite's first connection in this process: the pool hands a connection to one thread
    // at a time, so SQLite's per-connection mutexes are not needed (multi-thread mode), and no global
    // memory statistics (their one mutex was taken by every allocation of every connection, and was
    // where concurrent sealing threads queued). Refused (SQLITE_MISUSE) if SQLite is already running:
    // then it keeps its defaults.
    static std::once_flag configured;
    std::call_once(configured, [] {
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
    return std::unique_ptr<Database>(new Database(Dialect::sqlite, path, url, options));
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return std::unique_ptr<Database>(new Database(Dialect::postgresql, postgres_conninfo(url), url, options));
  }
  throw std::invalid_argument("database URL must start with sqlite: or postgresql://");
}

Database::Database(Dialect dialect, std::string connect_string, std::string redacted, DatabaseOptions options)
    : dialect_(dialect), connect_string_(std::move(connect_string)), redacted_url_(redact(redacted)),
      options_(options) {
  if (!options_.direct_url.empty()) {
    if (dialect_ != Dialect::postgresql) throw std::invalid_argument("a direct database URL is for PostgreSQL only");
    direct_connect_string_ = postgres_conninfo(options_.direct_url);
  }
  if (dialect_ == Dialect::sqlite) checkpointer_ = std::make_unique<WalCheckpointer>(connect_string_, sqlite_writer_);
  for (std::size_t i = 0; i < options_.pool_size; ++i) {
    sessions_.push_back(connect());
    txs_.push_back(std::make_unique<Tx>(*sessions_.back(), dialect_));
    idle_.push_back(sessions_.back().get());
  }
}

Database::~Database() {
  for (auto& tx : txs_) tx->drop_cached();  // statements before their connections
}

Tx::Tx(soci::session& session, Dialect dialect) : session_(session), dialect_(dialect) {}
Tx::~Tx() = default;

soci::statement& Tx::cached_statement(const std::string& query) {
  if (dialect_ != Dialect::sqlite) throw std::logic_error("cached statements are for SQLite connections");
  auto& st = cached_[query];
  if (!st) {
    auto fresh = std::make_unique<soci::statement>(session_);
    fresh->alloc();
    fresh->prepare(query);
    st = std::move(fresh);
  }
  return *st;
}

void Tx::finish_cached(soci::statement& st) noexcept {
  try {
    st.bind_clean_up();
  } catch (...) {
    // Unbinding only frees SOCI's own binding objects.
  }
  if (auto* backend = static_cast<soci::sqlite3_statement_backend*>(st.get_backend()); backend && backend->stmt_)
    sqlite_api::sqlite3_reset(backend->stmt_);
}

void Tx::drop_cached() noexcept {
  try {
    cached_.clear();
  } catch (...) {
    // Finalizing a SQLite statement does not fail; nothing is left to free.
  }
}

std::unique_ptr<soci::session> Database::connect() {
  auto s = std::make_unique<soci::session>();
  open_session(*s);
  return s;
}

void Database::open_session(soci::session& session) {
  soci::session* s = &session;
  if (dialect_ == Dialect::sqlite) {
    s->open(*soci::factory_sqlite3(), "db=\"" + connect_string_ + "\"");
    auto timeout_ms = std::to_string(options_.busy_timeout.count());
    *s << "PRAGMA busy_timeout = " + timeout_ms;
    *s << "PRAGMA journal_mode = WAL";
    *s << "PRAGMA synchronous = FULL";
    *s << "PRAGMA foreign_keys = ON";
    // SOCI declares SQLite's API inside its namespace sqlite_api: the same C struct under another name.
    auto* backend = static_cast<soci::sqlite3_session_backend*>(s->get_backend());
    if (checkpointer_) checkpointer_->watch(reinterpret_cast<::sqlite3*>(backend->conn_));
  } else {
    s->open(*soci::factory_postgresql(), connect_string_);
    *s << "SET lock_timeout = " + std::to_string(options_.busy_timeout.count());
    *s << "SET TIME ZONE 'UTC'";
  }
}

Tx* Database::tx_for(soci::session& s) {
  for (std::size_t i = 0; i < sessions_.size(); ++i)
    if (sessions_[i].get() == &s) return txs_[i].get();
  throw std::logic_error("session not from this pool");
}

namespace {
thread_local std::size_t t_connections_held = 0;  // by this thread, from any pool
}

soci::session& Database::acquire() {
  std::unique_lock lock(pool_mutex_);
  if (t_connections_held > 0) ++nested_;
  ++waiting_;
  bool got = pool_cv_.wait_for(lock, options_.acquire_timeout, [&] { return !idle_.empty(); });
  --waiting_;
  if (!got) throw PoolExhausted("no database connection free within the acquire timeout");
  soci::session* s = idle_.back();
  idle_.pop_back();
  ++t_connections_held;
  return *s;
}

void Database::release(soci::session& s) {
  if (t_connections_held > 0) --t_connections_held;
  {
    std::lock_guard lock(pool_mutex_);
    idle_.push_back(&s);
  }
  pool_cv_.notify_one();
}

bool Database::connection_ok(soci::session& s) const {
  if (dialect_ != Dialect::postgresql) return true;
  // The PostgreSQL dialect only ever opens the postgresql backend.
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  return backend != nullptr && backend->conn_ != nullptr && PQstatus(backend->conn_) == CONNECTION_OK;
}

void Database::reopen(soci::session& s) noexcept {
  try {
    tx_for(s)->drop_cached();
    s.close();
    open_session(s);
  } catch (...) {
    // Still unreachable (no primary yet): the next BEGIN tries again, /readyz reports it.
  }
}

void Database::begin(soci::session& s, bool write, bool wait_for_primary) {
  const char* statement = dialect_ == Dialect::sqlite ? (write ? "BEGIN IMMEDIATE" : "BEGIN")
                                                      : (write ? "BEGIN" : "BEGIN READ ONLY");
  const auto deadline = std::chrono::steady_clock::now() + options_.reconnect_timeout;
  for (;;) {
    try {
      if (!connection_ok(s)) throw ConnectionLost("the pooled connection is closed");
      s << statement;
      return;
    } catch (const std::exception&) {
      if (connection_ok(s)) throw;  // a live connection refused BEGIN: not ours to hide
    }
    // The pooled connection died (PostgreSQL restarted, or Patroni failed over to another member):
    // nothing of this transaction has run, so reconnecting (libpq picks the read-write host of a
    // multi-host URL) and beginning again is safe.
    reopen(s);
    if (connection_ok(s)) continue;
    if (!wait_for_primary || std::chrono::steady_clock::now() >= deadline)
      throw ConnectionLost("no database primary reachable within the reconnect timeout");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void Database::commit(soci::session& s) { s << "COMMIT"; }

bool Database::rollback(soci::session& s) noexcept {
  try {
    s << "ROLLBACK";
    return true;
  } catch (...) {
    if (connection_ok(s)) return true;  // ROLLBACK outside a transaction (BEGIN itself failed)
    // The connection itself is broken (server restart, failover): the transaction died with it.
    // Reopen it so the pool does not keep handing out a dead session.
    reopen(s);
    return false;
  }
}

bool storage_refuses_writes(const std::exception& e) {
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    int primary = lite->result() & 0xff;  // extended codes keep the primary code in the low byte
    return primary == 13 /* SQLITE_FULL */ || primary == 8 /* SQLITE_READONLY */ || primary == 10 /* SQLITE_IOERR */;
  }
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    return state == "53100" || state == "53000" || state == "25006";
  }
  return false;
}

Status Database::ping() {
  try {
    // Like read(), but without waiting for a primary: /readyz answers at once while there is none.
    int one = 0;
    Lease lease(*this);
    soci::session& s = lease.s;
    begin(s, false, false);
    try {
      s << "SELECT 1", soci::into(one);
      commit(s);
    } catch (...) {
      rollback(s);
      throw;
    }
    if (one != 1) return Error::of(std::string(platform_errors::database_unreachable), "SELECT 1 returned an unexpected value");
    return {};
  } catch (const std::exception& e) {
    return Error::of(std::string(platform_errors::database_unreachable), e.what());
  }
}

PoolStats Database::stats() const {
  std::lock_guard lock(pool_mutex_);
  return PoolStats{sessions_.size(), sessions_.size() - idle_.size(), waiting_, nested_};
}

}  // namespace medrisk::db
