// GET /api/v1/claims.xlsx read back with an independent reader (python3 zipfile + the sheet XML): the
// same rows as the list, for each reader's permissions and the list's filters; Chinese headers (English
// with Accept-Language: en-US); money as numbers in yuan with a currency number format.
#include <algorithm>
#include <set>

#include "support/api_fixture.hpp"
#include "support/xlsx_reader.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class ClaimsExportApi : public ApiTest {
 protected:
  json list_all(const std::string& query, const std::string& token) {
    return list_all_pages("/api/v1/claims", query, token, 2);
  }
  json export_rows(const std::string& query, const std::string& token, const std::string& lang = "") {
    return export_sheet("/api/v1/claims.xlsx", query, token, lang);
  }
  // Each export row against the list item in the same position.
  void expect_same_rows(const json& rows, const json& items) {
    ASSERT_EQ(rows.size(), items.size() + 1) << "header plus one row per list item";
    const json& h = rows[0];
    for (std::size_t i = 0; i < items.size(); ++i) {
      const json& row = rows[i + 1];
      const json& item = items[i];
      EXPECT_EQ(row[column_of(h, "理赔编号")], item["claim_number"]);
      EXPECT_EQ(row[column_of(h, "状态")], item["state"]);
      EXPECT_EQ(row[column_of(h, "保单号")], item["policy_number"]);
      EXPECT_DOUBLE_EQ(row[column_of(h, "已付赔款（元）")].get<double>(), item["paid_fen"].get<double>() / 100.0);
      EXPECT_DOUBLE_EQ(row[column_of(h, "未决赔款（元）")].get<double>(), item["outstanding_fen"].get<double>() / 100.0);
      if (item["payable_fen"].is_null())
        EXPECT_TRUE(row.size() <= std::size_t(column_of(h, "核定赔款（元）")) ||
                    row[column_of(h, "核定赔款（元）")].is_null());
      else
        EXPECT_DOUBLE_EQ(row[column_of(h, "核定赔款（元）")].get<double>(), item["payable_fen"].get<double>() / 100.0);
    }
  }
};

TEST_F(ClaimsExportApi, TheDemosClaimsExportWithTheListsRowsHeadersAndCurrencyFormat) {
  std::string adjuster = api().login("adjuster");
  json items = list_all("", adjuster);
  ASSERT_GE(items.size(), 3u) << "the demo has claims in several states";
  json rows = export_rows("", adjuster);
  ASSERT_FALSE(rows.empty());
  for (const char* h : {"理赔编号", "状态", "保单号", "出险日期", "已付赔款（元）", "核定赔款（元）", "立案时间"})
    EXPECT_NE(std::find(rows[0].begin(), rows[0].end(), h), rows[0].end()) << h;
  expect_same_rows(rows, items);
  // Dates are real dates (serial numbers), money is a number shown with the yuan format.
  EXPECT_TRUE(rows[1][column_of(rows[0], "出险日期")].is_number()) << rows[1].dump();
  auto r = api().get("/api/v1/claims.xlsx", adjuster);
  EXPECT_NE(read_xlsx_part(r.raw, "xl/styles.xml").find("&quot;¥&quot;#,##0.00"), std::string::npos);
  EXPECT_EQ(r.header("X-Export-Rows"), std::to_string(items.size()));
}

TEST_F(ClaimsExportApi, TheListsFiltersAndPermissionsApply) {
  std::string adjuster = api().login("adjuster");
  std::set<std::string> states;
  for (const auto& i : list_all("", adjuster)) states.insert(i["state"]);
  ASSERT_GE(states.size(), 2u);
  for (const auto& st : states) {
    json filtered = list_all("state=" + st, adjuster);
    EXPECT_FALSE(filtered.empty());
    expect_same_rows(export_rows("state=" + st, adjuster), filtered);
  }

  std::string patient = api().login("patient");
  json own = list_all("", patient);
  expect_same_rows(export_rows("", patient), own);
  EXPECT_LT(own.size(), list_all("", adjuster).size() + 1);

  EXPECT_EQ(api().get("/api/v1/claims.xlsx").status, 401);
  auto bad = api().get("/api/v1/claims.xlsx?case_id=abc", adjuster);
  EXPECT_EQ(bad.status, api().get("/api/v1/claims?case_id=abc", adjuster).status) << bad.raw;
  EXPECT_NE(bad.content_type.find("application/problem+json"), std::string::npos);
}

TEST_F(ClaimsExportApi, EnglishReadersGetEnglishHeaders) {
  std::string adjuster = api().login("adjuster");
  json rows = export_rows("", adjuster, "en-US");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0][0], "Claim number");
  EXPECT_NE(std::find(rows[0].begin(), rows[0].end(), "Paid (CNY)"), rows[0].end());
}

}  // namespace
}  // namespace medrisk::testing
