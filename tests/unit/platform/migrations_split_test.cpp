// Splitting a migration into statements: at ";\n", but never inside a dollar-quoted body (a DO block
// or a PL/pgSQL function, as in the partitioning migrations 105 and 356); and the partition conversion
// text names the table and key it was given and refuses anything that is not a plain name.
#include <gtest/gtest.h>

#include "platform/db/migrations.hpp"
#include "platform/db/partitions.hpp"

namespace medrisk::db {
namespace {

TEST(SplitStatements, SplitsAtSemicolonNewline) {
  EXPECT_EQ(split_statements("CREATE TABLE a (x INT);\nCREATE INDEX i ON a (x);\n"),
            (std::vector<std::string>{"CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"}));
  EXPECT_EQ(split_statements("SELECT 1"), (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(split_statements(" ;\n\n").empty());
}

TEST(SplitStatements, KeepsADollarQuotedBodyWhole) {
  std::string fn = "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  INSERT INTO k VALUES (1);\n"
                   "  RETURN NEW;\nEND $$";
  auto parts = split_statements("DO $$\nBEGIN\n  PERFORM 1;\n  PERFORM 2;\nEND $$;\n" + fn + ";\nSELECT 3");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "DO $$\nBEGIN\n  PERFORM 1;\n  PERFORM 2;\nEND $$");
  EXPECT_EQ(parts[1], fn);
  EXPECT_EQ(parts[2], "SELECT 3");
}

TEST(PartitionConversion, NamesItsTableAndKeyAndRefusesOddNames) {
  auto sql = partitions::convert_sql({"audit_log", "id", partitions::Spec::Kind::id, "10000000", 4});
  EXPECT_NE(sql.find("t text := 'audit_log'"), std::string::npos);
  EXPECT_NE(sql.find("partition_data_id"), std::string::npos);
  EXPECT_EQ(split_statements(sql).size(), 3u);  // schema, extension, one DO block
  EXPECT_THROW(partitions::convert_sql({"audit_log; DROP TABLE x", "id", partitions::Spec::Kind::id, "10", 4}),
               std::logic_error);
  EXPECT_THROW(partitions::convert_sql({"audit_log", "id", partitions::Spec::Kind::id, "1'0", 4}), std::logic_error);
}

}  // namespace
}  // namespace medrisk::db
