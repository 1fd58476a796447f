// Statements a hot path runs again and again, compiled once per pooled SQLite connection.
// `run_cached(tx, query, soci::into(…), soci::use(…)…)` reads like `tx.sql() << query, …` and
// `for_each_cached(tx, query, each, soci::use(…)…)` like a `soci::rowset<soci::row>` loop; on SQLite the
// statement is the connection's compiled one (sqlite3_prepare was a quarter of the CPU of sealing a
// witness record), rebound for this run and reset after it. On PostgreSQL they are the usual one-shot
// statements: a server-side prepared statement kept across transactions would not survive a
// transaction-pooling PgBouncer (deploy/pgbouncer), and libpq sends a one-shot statement in one round trip.
// `query` is a fixed text (built from constants only): the connection keeps one statement per text.
#pragma once

#include <soci/soci.h>

#include <string>
#include <utility>

#include "platform/db/database.hpp"

namespace medrisk::db {
namespace detail {

struct CachedRun {
  Tx& tx;
  soci::statement& st;
  CachedRun(Tx& t, const std::string& query) : tx(t), st(t.cached_statement(query)) {}
  ~CachedRun() { tx.finish_cached(st); }
  CachedRun(const CachedRun&) = delete;
  CachedRun& operator=(const CachedRun&) = delete;
};

}  // namespace detail

// Runs `query` once with its soci::into / soci::use elements; true when it read a row.
template <class... Elements>
bool run_cached(Tx& tx, const std::string& query, Elements&&... elements) {
  if (tx.dialect() != Dialect::sqlite) {
    soci::session& sql = tx.sql();
    (sql << query, ..., std::forward<Elements>(elements));
    return sql.got_data();
  }
  detail::CachedRun run(tx, query);
  (run.st.exchange(std::forward<Elements>(elements)), ...);
  run.st.define_and_bind();
  return run.st.execute(true);
}

// Runs the INSERT, UPDATE or DELETE `query` with its soci::use elements; the number of rows it changed.
template <class... Uses>
long long execute_cached(Tx& tx, const std::string& query, Uses&&... uses) {
  if (tx.dialect() != Dialect::sqlite) {
    soci::statement st = (tx.sql().prepare << query, ..., std::forward<Uses>(uses));
    st.execute(true);
    return st.get_affected_rows();
  }
  detail::CachedRun run(tx, query);
  (run.st.exchange(std::forward<Uses>(uses)), ...);
  run.st.define_and_bind();
  run.st.execute(true);
  return run.st.get_affected_rows();
}

// Runs the SELECT `query` with its soci::use elements and calls each(const soci::row&) for every row.
template <class Each, class... Uses>
void for_each_cached(Tx& tx, const std::string& query, Each&& each, Uses&&... uses) {
  if (tx.dialect() != Dialect::sqlite) {
    soci::rowset<soci::row> rows = (tx.sql().prepare << query, ..., std::forward<Uses>(uses));
    for (const auto& r : rows) each(r);
    return;
  }
  detail::CachedRun run(tx, query);
  soci::row row;
  run.st.exchange(soci::into(row));
  (run.st.exchange(std::forward<Uses>(uses)), ...);
  run.st.define_and_bind();
  if (!run.st.execute(true)) return;
  do each(static_cast<const soci::row&>(row));
  while (run.st.fetch());
}

// The general form, for a statement whose elements vary in number: bind(soci::statement&) exchanges
// them (the into elements are the caller's variables), each() runs after every row read into them.
template <class Bind, class Each>
void for_each_bound(Tx& tx, const std::string& query, Bind&& bind, Each&& each) {
  if (tx.dialect() != Dialect::sqlite) {
    soci::statement st(tx.sql());
    st.alloc();
    st.prepare(query);
    bind(st);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) each();
    return;
  }
  detail::CachedRun run(tx, query);
  bind(run.st);
  run.st.define_and_bind();
  run.st.execute(false);
  while (run.st.fetch()) each();
}

}  // namespace medrisk::db
