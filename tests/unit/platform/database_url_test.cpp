// postgresql:// URLs to libpq connection strings: one host, several hosts with their ports (Patroni
// members, target_session_attrs=read-write), IPv6, percent-encoded passwords, and malformed URLs.
#include <gtest/gtest.h>

#include "platform/db/database.hpp"

namespace medrisk::db {
namespace {

TEST(PostgresConninfo, OneHost) {
  EXPECT_EQ(postgres_conninfo("postgresql://app:s%40cret@db1:5433/medrisk?sslmode=require"),
            "user='app' password='s@cret' host='db1' port='5433' dbname='medrisk' sslmode='require'");
  EXPECT_EQ(postgres_conninfo("postgres://db1/medrisk"), "host='db1' dbname='medrisk'");
}

TEST(PostgresConninfo, SeveralHostsBecomeLibpqLists) {
  EXPECT_EQ(postgres_conninfo("postgresql://app@10.0.0.1:5432,10.0.0.2:5433,10.0.0.3:5434/medrisk"
                              "?target_session_attrs=read-write&connect_timeout=2"),
            "user='app' host='10.0.0.1,10.0.0.2,10.0.0.3' port='5432,5433,5434' dbname='medrisk' "
            "target_session_attrs='read-write' connect_timeout='2'");
  // A host without a port keeps libpq's default in its place in the list.
  EXPECT_EQ(postgres_conninfo("postgresql://db1:6000,db2/medrisk"), "host='db1,db2' port='6000,' dbname='medrisk'");
  EXPECT_EQ(postgres_conninfo("postgresql://[::1]:5432,[fe80::2]:5433/x"), "host='::1,fe80::2' port='5432,5433' dbname='x'");
}

TEST(PostgresConninfo, MalformedUrlsAreRefused) {
  EXPECT_THROW(postgres_conninfo("mysql://db1/x"), std::invalid_argument);
  EXPECT_THROW(postgres_conninfo("postgresql://db1:port/x"), std::invalid_argument);
  EXPECT_THROW(postgres_conninfo("postgresql://db1:5432:5433/x"), std::invalid_argument);
}

}  // namespace
}  // namespace medrisk::db
