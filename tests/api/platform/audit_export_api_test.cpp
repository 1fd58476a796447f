// GET /api/v1/audit.xlsx read back with an independent reader: the audit list's rows for its filters,
// Chinese headers, times as real Excel dates; the list's own permission (audit.read).
#include <ctime>

#include "support/api_fixture.hpp"
#include "support/xlsx_reader.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class AuditExportApi : public ApiTest {};

// "now − 2 s" as RFC 3339: the server's jobs keep writing entries, so the list and the export are compared
// over entries written before a moment both requests see alike.
std::string two_seconds_ago() {
  std::time_t t = std::time(nullptr) - 2;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

TEST_F(AuditExportApi, TheAuditLogExportsWithTheListsFiltersAndPermission) {
  std::string admin = api().login("admin");
  const std::string to = "&to=" + two_seconds_ago();
  for (std::string query : {"resource_type=insurance_claim", "resource_type=policy", "resource_type=case"}) {
    const std::string type = query.substr(query.find('=') + 1);
    query += to;
    json items = json::array();
    std::string cursor;
    for (;;) {
      auto r =
          api().get(std::string("/api/v1/audit?limit=7&") + query + (cursor.empty() ? "" : "&cursor=" + cursor), admin);
      ASSERT_EQ(r.status, 200) << r.raw;
      for (const auto& i : r.body["items"]) {
        EXPECT_EQ(i["resource_type"], type) << "the filter holds beside to= and the cursor";
        items.push_back(i);
      }
      if (!r.body.contains("next_cursor") || r.body["next_cursor"].is_null()) break;
      cursor = r.body["next_cursor"].get<std::string>();
    }
    if (type == "insurance_claim")
      EXPECT_GE(items.size(), 7u) << "the demo's claims, over pages";
    auto x = api().get(std::string("/api/v1/audit.xlsx?") + query, admin);
    ASSERT_EQ(x.status, 200) << x.raw;
    EXPECT_EQ(x.header("X-Export-Rows"), std::to_string(items.size())) << query;
    json rows = read_xlsx_rows(x.raw);
    ASSERT_EQ(rows.size(), items.size() + 1) << query;
    EXPECT_EQ(rows[0][0], "序号");
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_DOUBLE_EQ(rows[i + 1][0].get<double>(), items[i]["id"].get<double>());
      EXPECT_EQ(rows[i + 1][4], items[i]["action"]);
      EXPECT_EQ(rows[i + 1][5], items[i]["resource_type"]);
      EXPECT_TRUE(rows[i + 1][1].is_number()) << "a real date-time";
    }
  }
  auto bad = api().get("/api/v1/audit.xlsx?actor_user_id=abc", admin);
  expect_problem(bad, 400, "request_invalid");
  expect_problem(api().get("/api/v1/audit?to=yesterday", admin), 400, "request_invalid");
  auto later = api().get("/api/v1/audit?from=" + two_seconds_ago() + "&to=2000-01-01T08:00:00%2B08:00", admin);
  ASSERT_EQ(later.status, 200) << later.raw;
  EXPECT_TRUE(later.body["items"].empty()) << "from after to selects nothing";
  std::string officer = api().login("officer");
  auto list = api().get("/api/v1/audit", officer);
  expect_problem(api().get("/api/v1/audit.xlsx", officer), list.status, list.body.value("code", ""));
  EXPECT_EQ(api().get("/api/v1/audit.xlsx").status, 401);
}

}  // namespace
}  // namespace medrisk::testing
