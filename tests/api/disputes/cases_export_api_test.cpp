// GET /api/v1/cases.xlsx read back with an independent reader (python3 zipfile + the sheet XML): the same
// rows as the list for each reader's permissions and the list's filters, Chinese headers (English with
// Accept-Language: en-US), money as numbers in yuan with the currency format; no narrative in the sheet.
#include <algorithm>
#include <set>

#include "support/api_fixture.hpp"
#include "support/xlsx_reader.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class CasesExportApi : public ApiTest {
 protected:
  json list_all(const std::string& query, const std::string& token) {
    return list_all_pages("/api/v1/cases", query, token, 3);
  }
  json export_rows(const std::string& query, const std::string& token, const std::string& lang = "") {
    return export_sheet("/api/v1/cases.xlsx", query, token, lang);
  }
  void expect_same_rows(const json& rows, const json& items) {
    ASSERT_EQ(rows.size(), items.size() + 1) << "header plus one row per list item";
    const json& h = rows[0];
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json& row = rows[i + 1];
      const json& item = items[i];
      EXPECT_DOUBLE_EQ(row[column_of(h, "案件编号")].get<double>(), item["id"].get<double>());
      EXPECT_EQ(row[column_of(h, "状态")], item["state"]);
      EXPECT_EQ(row[column_of(h, "科室")], item["department"]);
      EXPECT_DOUBLE_EQ(row[column_of(h, "索赔金额（元）")].get<double>(),
                       item["compensation_demand_fen"].get<double>() / 100.0);
    }
  }
};

TEST_F(CasesExportApi, EachReaderExportsTheirOwnListWithItsFilters) {
  for (const char* user : {"mediator", "officer", "patient"}) {
    std::string token = api().login(user);
    json items = list_all("", token);
    ASSERT_FALSE(items.empty()) << user << ": the demo has cases for every party";
    json rows = export_rows("", token);
    expect_same_rows(rows, items);
    for (const auto& item : items)
      for (const auto& row : rows)
        for (const auto& cell : row)
          if (cell.is_string() && item["narrative"].is_string() && !item["narrative"].get<std::string>().empty())
            EXPECT_NE(cell, item["narrative"]) << "the narrative stays out of the export";
  }
  std::string mediator = api().login("mediator");
  std::set<std::string> states;
  for (const auto& i : list_all("", mediator)) states.insert(i["state"]);
  ASSERT_GE(states.size(), 2u);
  for (const auto& st : states)
    expect_same_rows(export_rows("state=" + st, mediator), list_all("state=" + st, mediator));

  auto r = api().get("/api/v1/cases.xlsx", mediator);
  EXPECT_NE(read_xlsx_part(r.raw, "xl/styles.xml").find("&quot;¥&quot;#,##0.00"), std::string::npos);
  EXPECT_EQ(r.header("X-Export-Rows"), std::to_string(list_all("", mediator).size()));
  EXPECT_EQ(export_rows("", mediator, "en-US")[0][0], "Case");

  EXPECT_EQ(api().get("/api/v1/cases.xlsx").status, 401);
  auto bad = api().get("/api/v1/cases.xlsx?institution_org_id=abc", mediator);
  auto bad_list = api().get("/api/v1/cases?institution_org_id=abc", mediator);
  expect_problem(bad, bad_list.status, bad_list.body.value("code", ""));
  auto adjuster = api().get("/api/v1/cases", api().login("underwriter"));
  auto adjuster_export = api().get("/api/v1/cases.xlsx", api().login("underwriter"));
  EXPECT_EQ(adjuster_export.status, adjuster.status) << "the list's own permission";
}

}  // namespace
}  // namespace medrisk::testing
