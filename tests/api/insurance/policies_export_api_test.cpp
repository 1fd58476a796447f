// GET /api/v1/policies.xlsx and /compliance.xlsx read back with an independent reader: the same rows as
// the list for each reader's permissions and filters, Chinese headers, money in yuan with the currency
// format, dates as real dates.
#include "support/api_fixture.hpp"
#include "support/xlsx_reader.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class PoliciesExportApi : public ApiTest {
 protected:
  json list_all(const std::string& query, const std::string& token) {
    return list_all_pages("/api/v1/policies", query, token, 2);
  }
  void expect_same_rows(const std::string& query, const std::string& token) {
    json items = list_all(query, token);
    auto r = api().get("/api/v1/policies.xlsx" + (query.empty() ? "" : "?" + query), token);
    ASSERT_EQ(r.status, 200) << r.raw;
    json rows = read_xlsx_rows(r.raw);
    ASSERT_EQ(rows.size(), items.size() + 1) << query;
    const json& h = rows[0];
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(rows[i + 1][column_of(h, "保单号")], items[i]["policy_number"]);
      EXPECT_EQ(rows[i + 1][column_of(h, "产品")], items[i]["product_code"]);
      EXPECT_DOUBLE_EQ(rows[i + 1][column_of(h, "保险费（元）")].get<double>(),
                       items[i]["premium_fen"].get<double>() / 100.0);
      EXPECT_TRUE(rows[i + 1][column_of(h, "保险起期")].is_number()) << "a real date";
    }
  }
};

TEST_F(PoliciesExportApi, EachReaderExportsTheirOwnListWithItsFilter) {
  std::string underwriter = api().login("underwriter"), officer = api().login("officer");
  ASSERT_GT(list_all("", underwriter).size(), list_all("", officer).size()) << "the officer sees their hospital's only";
  expect_same_rows("", underwriter);
  expect_same_rows("", officer);
  expect_same_rows("product_code=institution_liability", underwriter);
  auto r = api().get("/api/v1/policies.xlsx", underwriter);
  EXPECT_NE(read_xlsx_part(r.raw, "xl/styles.xml").find("&quot;¥&quot;#,##0.00"), std::string::npos);
  EXPECT_EQ(read_xlsx_rows(api().get("/api/v1/policies.xlsx", underwriter, "en-US").raw)[0][0], "Policy number");
  // The list's own refusals: no token, and a role without policies.read.
  EXPECT_EQ(api().get("/api/v1/policies.xlsx").status, 401);
  std::string mediator = api().login("mediator");
  expect_problem(api().get("/api/v1/policies.xlsx", mediator), 403, "permission_denied");
  expect_problem(api().get("/api/v1/policies", mediator), 403, "permission_denied");
}

TEST_F(PoliciesExportApi, TheComplianceListExportsWithItsFiltersAndPermissions) {
  auto all_of = [&](const std::string& query, const std::string& token) {
    json all = json::array();
    std::string cursor;
    for (;;) {
      auto r = api().get("/api/v1/compliance?limit=2" + query + (cursor.empty() ? "" : "&cursor=" + cursor), token);
      EXPECT_EQ(r.status, 200) << r.raw;
      for (const auto& i : r.body["items"]) all.push_back(i);
      if (r.body["next_cursor"].is_null()) break;
      cursor = r.body["next_cursor"].get<std::string>();
    }
    return all;
  };
  std::string regulator = api().login("regulator"), officer = api().login("officer");
  json everyone = all_of("", regulator);
  ASSERT_GE(everyone.size(), 2u) << "the demo has compliance obligations";
  for (const auto& [query, token] : {std::pair{std::string(""), regulator}, std::pair{std::string(""), officer},
                                     std::pair{"&status=" + everyone[0]["status"].get<std::string>(), regulator}}) {
    json items = all_of(query, token);
    auto r = api().get("/api/v1/compliance.xlsx?x=1" + query, token);
    ASSERT_EQ(r.status, 200) << r.raw;
    json rows = read_xlsx_rows(r.raw);
    ASSERT_EQ(rows.size(), items.size() + 1) << query;
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_EQ(rows[i + 1][column_of(rows[0], "医疗机构")], items[i]["organization_name"]);
      EXPECT_EQ(rows[i + 1][column_of(rows[0], "状态")], items[i]["status"]);
      EXPECT_TRUE(rows[i + 1][column_of(rows[0], "应投保起始日")].is_number()) << "a real date";
    }
  }
  EXPECT_LT(all_of("", officer).size(), everyone.size()) << "the officer sees their own institution's only";
  auto bad = api().get("/api/v1/compliance.xlsx?status=bad", regulator);
  expect_problem(bad, 400, "compliance_filter_invalid");
  expect_problem(api().get("/api/v1/compliance.xlsx", api().login("patient")), 403, "permission_denied");
}

}  // namespace
}  // namespace medrisk::testing
