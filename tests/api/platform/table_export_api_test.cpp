// POST /api/v1/exports/table: a chart's table comes back as a real workbook (read with an independent
// reader): the sheet named by the title, the headers and cells as sent, money_fen in yuan with the
// currency format; wrong cells are request_invalid with their pointers; a session is required.
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class TableExportApi : public ApiTest {};

TEST_F(TableExportApi, TheTableComesBackAsAWorkbook) {
  std::string regulator = api().login("regulator");
  json body = {{"title", "按地区统计 [2026]"},
               {"columns", {{{"header", "地区"}, {"type", "text"}},
                            {{"header", "案件数"}, {"type", "integer"}},
                            {{"header", "调解成功率"}, {"type", "number"}},
                            {{"header", "保费（元）"}, {"type", "money_fen"}}}},
               {"rows", {{"广东省", 5, 0.75, 43761496}, {"北京市", 0, nullptr, nullptr}}}};
  auto r = api().post("/api/v1/exports/table", body, regulator);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.header("X-Export-Rows"), "2");
  json rows = read_xlsx_rows(r.raw);
  ASSERT_EQ(rows.size(), 3u) << rows.dump();
  EXPECT_EQ(rows[0], json({"地区", "案件数", "调解成功率", "保费（元）"}));
  EXPECT_EQ(rows[1][0], "广东省");
  EXPECT_EQ(rows[1][1].get<double>(), 5);
  EXPECT_DOUBLE_EQ(rows[1][2].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(rows[1][3].get<double>(), 437614.96);
  EXPECT_EQ(rows[2][0], "北京市");
  EXPECT_NE(read_xlsx_part(r.raw, "xl/workbook.xml").find("按地区统计 _2026_"), std::string::npos)
      << "the sheet is named by the title without Excel's forbidden characters";
  EXPECT_NE(read_xlsx_part(r.raw, "xl/styles.xml").find("&quot;¥&quot;#,##0.00"), std::string::npos);
}

TEST_F(TableExportApi, BadTablesAreRefusedWithTheirPointers) {
  auto client = api();
  std::string token = client.login("patient");
  json columns = {{{"header", "地区"}, {"type", "text"}}, {{"header", "数"}, {"type", "integer"}}};
  auto wrong = client.post("/api/v1/exports/table", {{"title", "t"}, {"columns", columns}, {"rows", {{"a", "b"}, {"c"}}}},
                           token);
  expect_problem(wrong, 400, "request_invalid");
  ASSERT_EQ(wrong.body["violations"].size(), 2u) << wrong.raw;
  EXPECT_EQ(wrong.body["violations"][0]["field"], "/rows/0/1");
  EXPECT_EQ(wrong.body["violations"][1]["field"], "/rows/1");
  expect_problem(client.post("/api/v1/exports/table", {{"title", "t"}, {"columns", json::array()}, {"rows", json::array()}},
                             token),
                 400, "request_invalid");
  expect_problem(client.post("/api/v1/exports/table",
                             {{"title", "t"}, {"columns", {{{"header", "x"}, {"type", "formula"}}}}, {"rows", json::array()}},
                             token),
                 400, "request_invalid");
  json many = json::array();
  for (int i = 0; i < 10001; ++i) many.push_back({"x", i});
  expect_problem(client.post("/api/v1/exports/table", {{"title", "t"}, {"columns", columns}, {"rows", many}}, token), 400,
                 "request_invalid");
  expect_problem(client.post("/api/v1/exports/table", {{"title", "t"}, {"columns", columns}, {"rows", json::array()}}),
                 401, "authentication_required");
}

}  // namespace
}  // namespace medrisk::testing
