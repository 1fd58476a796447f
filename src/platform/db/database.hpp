// One SQL interface for SQLite (embedded default) and PostgreSQL (scale store), over SOCI.
// Stores run their named, parameterized statements on the `soci::session` of a transaction handed
// to them by `Database::write` / `Database::read`; nothing outside platform/db opens connections.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kernel/result.hpp"

namespace soci {
class session;
class statement;
}

namespace medrisk::db {

enum class Dialect { sqlite, postgresql };

class WalCheckpointer;

struct DatabaseOptions {
  std::size_t pool_size = 8;
  std::chrono::milliseconds busy_timeout{10000};  // SQLite lock wait; PG lock_timeout
  std::chrono::milliseconds acquire_timeout{10000};  // waiting for a free pooled connection
  // PostgreSQL: how long a transaction waits at BEGIN for a reachable primary when its pooled
  // connection was lost (server restart, Patroni failover) before it gives up with ConnectionLost.
  std::chrono::milliseconds reconnect_timeout{15000};
  // PostgreSQL: the URL of the server itself when the pool's URL goes through PgBouncer in transaction
  // mode (deploy/pgbouncer): the connections outside the pool, which keep session state (LISTEN,
  // session advisory locks), use it. Empty: the pool's URL.
  std::string direct_url;
};

struct PoolStats {
  std::size_t size = 0;
  std::size_t in_use = 0;
  std::size_t waiting = 0;
  // Times a thread took a connection while already holding one: a use case that opened a second
  // transaction inside its own (another snapshot; under load, pool starvation). Should stay 0.
  std::uint64_t nested_acquisitions = 0;
};

// The database cannot serve the request now; the HTTP server answers 503 database_unreachable with
// Retry-After, and a client retries (writes with their idempotency key).
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// No connection freed up within acquire_timeout.
struct PoolExhausted : Unavailable {
  using Unavailable::Unavailable;
};
// The connection was lost inside a transaction (it died with the connection: nothing of it is
// committed unless the loss came during COMMIT, whose outcome is then unknown), or no primary was
// reachable within reconnect_timeout.
struct ConnectionLost : Unavailable {
  using Unavailable::Unavailable;
};

class Tx {
 public:
  Tx(soci::session& session, Dialect dialect);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  soci::session& sql() { return session_; }
  Dialect dialect() const { return dialect_; }

  // SQLite only (see platform/db/cached.hpp): the pooled connection's statement for `query`, compiled
  // on its first use and kept as long as the connection; `finish_cached` unbinds it and resets it after
  // each run, so that a half-read SELECT holds no read snapshot into the next transaction.
  soci::statement& cached_statement(const std::string& query);
  void finish_cached(soci::statement& st) noexcept;

 private:
  friend class Database;
  void drop_cached() noexcept;  // before the connection is closed or reopened

  soci::session& session_;
  Dialect dialect_;
  std::unordered_map<std::string, std::unique_ptr<soci::statement>> cached_;
};

template <class T>
struct is_result : std::false_type {};
template <class T>
struct is_result<Result<T>> : std::true_type {};

class Database {
 public:
  // url: "sqlite:PATH" or "postgresql://user@host:port/db?…" (also "postgres://").
  static std::unique_ptr<Database> open(const std::string& url, DatabaseOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const { return dialect_; }
  const std::string& url_for_logs() const { return redacted_url_; }
  // The libpq conninfo (PostgreSQL) or file path (SQLite) the pool connects with; for connections
  // that live outside the pool (platform/db/coordination.hpp). Never log it: it may hold a password.
  const std::string& connection_info() const { return connect_string_; }
  // The conninfo of DatabaseOptions::direct_url (or connection_info() when none): for LISTEN and
  // session advisory locks, which a transaction-pooling PgBouncer cannot carry.
  const std::string& direct_connection_info() const {
    return direct_connect_string_.empty() ? connect_string_ : direct_connect_string_;
  }

  // Runs f(Tx&) in one write transaction: committed when f returns (a Result that is ok, or any
  // other value), rolled back when f throws or returns a refused Result. SQLite writers are
  // serialized in-process and use BEGIN IMMEDIATE so they never deadlock on the file lock.
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F, Tx&> {
    return run(true, std::forward<F>(f));
  }
  // Runs f(Tx&) in a read transaction (a consistent snapshot).
  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F, Tx&> {
    return run(false, std::forward<F>(f));
  }

  Status ping();
  PoolStats stats() const;

 private:
  Database(Dialect dialect, std::string connect_string, std::string redacted, DatabaseOptions options);
  std::unique_ptr<soci::session> connect();
  void open_session(soci::session& s);
  soci::session& acquire();
  void release(soci::session& s);
  // BEGIN; on PostgreSQL a connection found dead is reopened and BEGIN retried (nothing has run yet,
  // so this is always safe), waiting up to reconnect_timeout for a primary when `wait_for_primary`.
  void begin(soci::session& s, bool write, bool wait_for_primary);
  void commit(soci::session& s);
  // Rolls back; returns false when the connection itself was broken (it is reopened, or left for
  // the next BEGIN to reopen).
  bool rollback(soci::session& s) noexcept;
  bool connection_ok(soci::session& s) const;
  void reopen(soci::session& s) noexcept;

  // A pooled connection held for one transaction and returned to the pool however the scope ends.
  struct Lease {
    Database& db;
    soci::session& s;
    explicit Lease(Database& d) : db(d), s(d.acquire()) {}
    ~Lease() { db.release(s); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
  };

  template <class F>
  auto run(bool write, F&& f) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    std::unique_lock<std::mutex> writer;
    if (write && dialect_ == Dialect::sqlite) writer = std::unique_lock(sqlite_writer_);
    Lease lease(*this);
    soci::session& s = lease.s;
    begin(s, write, true);
    try {
      if constexpr (std::is_void_v<R>) {
        f(*tx_for(s));
        commit(s);
      } else {
        R result = f(*tx_for(s));
        bool keep = true;
        if constexpr (is_result<R>::value) keep = result.ok();
        if (keep) commit(s); else rollback(s);
        return result;
      }
    } catch (...) {
      if (!rollback(s)) throw ConnectionLost("the database connection was lost during the transaction");
      throw;
    }
  }
  Tx* tx_for(soci::session& s);

  Dialect dialect_;
  std::string connect_string_;
  std::string direct_connect_string_;
  std::string redacted_url_;
  DatabaseOptions options_;
  std::mutex sqlite_writer_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // SQLite; outlives the pool's connections, which call it
  mutable std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  std::vector<std::unique_ptr<Tx>> txs_;
  std::vector<soci::session*> idle_;
  std::size_t waiting_ = 0;
  std::uint64_t nested_ = 0;
};

// libpq key=value connection string from a postgresql:// URL (SOCI 4.0 appends its own options to
// the string, which breaks the URI form): user, password, host, port, database and ?key=value pairs.
// Several hosts (`postgresql://u@h1:5432,h2:5433/db?target_session_attrs=read-write`) become libpq's
// host=h1,h2 port=5432,5433: libpq tries them in turn and keeps the one that accepts writes.
std::string postgres_conninfo(const std::string& url);

}  // namespace medrisk::db
