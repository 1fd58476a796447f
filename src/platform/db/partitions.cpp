// pg_partman partitions (see partitions.hpp). The conversion is one DO block so that it reads the old
// table's own catalogue entries (whatever columns, keys and indexes earlier migrations, including other
// engineers' later ones, gave it) instead of repeating its definition.
#include "platform/db/partitions.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "platform/db/coordination.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::db::partitions {
namespace {

void require_name(const std::string& s) {
  if (s.empty() || s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    throw std::logic_error("partitions: not a plain lower-case name: " + s);
}

bool has_partman(Tx& tx) {
  if (tx.dialect() != Dialect::postgresql) return false;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_partman'", soci::into(n);
  return n > 0;
}

std::string first_of_month(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-01", year, month);
  return buf;
}

}  // namespace

std::string convert_sql(const Spec& s) {
  require_name(s.table);
  require_name(s.column);
  for (char c : s.interval)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ') throw std::logic_error("partitions: bad interval");
  const std::string old = s.table + "_unpartitioned";
  const bool id = s.kind == Spec::Kind::id;
  // The first partition: the range of the oldest row (or, for an empty table, pg_partman's default:
  // id 0, or the current month less `premake` months).
  const std::string start =
      id ? "(SELECT (COALESCE(min(" + s.column + "), 0) / " + s.interval + " * " + s.interval + ")::text FROM " + old + ")"
         : "(SELECT date_trunc('month', min(" + s.column + "))::date::text FROM " + old + ")";
  return R"(CREATE SCHEMA IF NOT EXISTS partman;
CREATE EXTENSION IF NOT EXISTS pg_partman SCHEMA partman;
DO $$
DECLARE
  t text := ')" + s.table + R"(';
  old text := ')" + old + R"(';
  r record;
  defs text[] := '{}';
  d text;
BEGIN
  -- primary, unique, foreign and exclusion keys, then the other indexes, as DDL to replay on the new parent
  FOR r IN SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE conrelid = t::regclass AND contype IN ('p', 'u', 'f', 'x') ORDER BY contype DESC, conname LOOP
    defs := defs || format('ALTER TABLE %I ADD CONSTRAINT %I %s', t, r.conname, r.def);
  END LOOP;
  FOR r IN SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
           WHERE i.indrelid = t::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
           ORDER BY i.indexrelid LOOP
    defs := defs || r.def;
  END LOOP;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', t, old);
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED '
                 'INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (%I)', t, old, ')" + s.column + R"(');
  -- a serial column's sequence moves to the new table (it would be dropped with the old one)
  FOR r IN SELECT a.attname, pg_get_serial_sequence(quote_ident(old), a.attname) AS seq FROM pg_attribute a
           WHERE a.attrelid = old::regclass AND a.attnum > 0 AND NOT a.attisdropped LOOP
    IF r.seq IS NOT NULL THEN EXECUTE format('ALTER SEQUENCE %s OWNED BY %I.%I', r.seq, t, r.attname); END IF;
  END LOOP;
  PERFORM partman.create_parent('public.' || t, ')" + s.column + R"(', 'native', ')" + s.interval + R"(',
                                p_premake := )" + std::to_string(s.premake) + R"(, p_start_partition := )" + start + R"(,
                                p_jobmon := false);
  EXECUTE format('INSERT INTO %I SELECT * FROM %I', t, old);
  EXECUTE format('DROP TABLE %I', old);
  FOREACH d IN ARRAY defs LOOP EXECUTE d; END LOOP;
  -- rows beyond the premade partitions went to the default partition: move them into their own
  PERFORM partman.)" + (id ? "partition_data_id" : "partition_data_time") + R"(('public.' || t, p_batch_count := 1000000, p_analyze := false);
END $$)";
}

bool managed(Tx& tx, const std::string& table) {
  if (!has_partman(tx)) return false;
  int n = 0;
  std::string parent = "public." + table;
  tx.sql() << "SELECT COUNT(*) FROM partman.part_config WHERE parent_table = :p", soci::use(parent), soci::into(n);
  return n > 0;
}

long long ensure_months(Database& db, const std::string& table, Date from, Date to) {
  require_name(table);
  if (db.dialect() != Dialect::postgresql) return 0;
  std::string months;
  for (int y = from.year(), m = from.month(); y < to.year() || (y == to.year() && m <= to.month());) {
    months += (months.empty() ? "'" : ", '") + first_of_month(y, m) + "'";
    if (++m == 13) m = 1, ++y;
  }
  return db.write([&](Tx& tx) -> long long {
    if (!managed(tx, table)) return 0;
    advisory_xact_lock(tx, "partitions:" + table);  // two nodes starting at once create each month once
    std::string parent = "public." + table;
    long long moved = 0;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT partman.partition_data_time(:p, p_batch_count := 1000, p_analyze := false)", soci::use(parent),
        soci::into(moved, ind);
    int created = 0;
    tx.sql() << "SELECT partman.create_partition_time(:p, ARRAY[" + months + "]::timestamptz[], p_analyze := false)::int",
        soci::use(parent), soci::into(created);
    return ind == soci::i_ok ? moved : 0;
  });
}

void run_maintenance(Database& db) {
  if (db.dialect() != Dialect::postgresql) return;
  db.write([&](Tx& tx) {
    if (!has_partman(tx)) return;
    advisory_xact_lock(tx, "partitions:maintenance");
    tx.sql() << "SELECT partman.run_maintenance(p_analyze := false, p_jobmon := false)";
  });
}

std::vector<std::pair<std::string, long long>> rows_per_partition(Tx& tx, const std::string& table) {
  require_name(table);
  std::vector<std::pair<std::string, long long>> out;
  std::string sql = tx.dialect() == Dialect::postgresql
                        ? "SELECT tableoid::regclass::text, COUNT(*) FROM " + table + " GROUP BY 1"
                        : "SELECT '" + table + "', COUNT(*) FROM " + table;
  soci::rowset<soci::row> rows = (tx.sql().prepare << sql);
  for (const auto& r : rows) out.emplace_back(r.get<std::string>(0), int64_at(r, 1));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    bool ad = a.first.ends_with("_default"), bd = b.first.ends_with("_default");
    if (ad != bd) return bd;
    if (a.first.size() != b.first.size()) return a.first.size() < b.first.size();  // p0 < p10000000
    return a.first < b.first;
  });
  return out;
}

}  // namespace medrisk::db::partitions
