// One real `medrisk serve --demo` per test suite, on a fresh database of the tier being run.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "support/api_client.hpp"
#include "support/server_process.hpp"
#include "support/xlsx_reader.hpp"
#include "support/test_env.hpp"

namespace medrisk::testing {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys_path() = temp_dir("apikeys") / "keys.json";
    db_url() = fresh_database_url(::testing::UnitTest::GetInstance()->current_test_suite()->name());
    server() = std::make_unique<ServerProcess>(db_url(), keys_path());
    server()->start();
  }
  static void TearDownTestSuite() {
    if (server()) {
      EXPECT_EQ(server()->stop(), 0) << "graceful shutdown on SIGTERM";
      server().reset();
    }
  }
  static std::unique_ptr<ServerProcess>& server() { static std::unique_ptr<ServerProcess> s; return s; }
  static std::string& db_url() { static std::string u; return u; }
  static std::filesystem::path& keys_path() { static std::filesystem::path p; return p; }

  Api api() { return Api(server()->port()); }

  // Every item of a list, page by page with its cursor, `page` items at a time (`query` without '?').
  nlohmann::json list_all_pages(const std::string& path, const std::string& query, const std::string& token, int page) {
    nlohmann::json all = nlohmann::json::array();
    std::string cursor;
    for (;;) {
      auto r = api().get(path + "?limit=" + std::to_string(page) + (query.empty() ? "" : "&" + query) +
                             (cursor.empty() ? "" : "&cursor=" + cursor),
                         token);
      EXPECT_EQ(r.status, 200) << r.raw;
      for (const auto& i : r.body["items"]) all.push_back(i);
      if (!r.body.contains("next_cursor") || r.body["next_cursor"].is_null()) break;
      cursor = r.body["next_cursor"].get<std::string>();
    }
    return all;
  }
  // An export's rows (the header row first), read back with an independent reader (xlsx_reader.hpp).
  nlohmann::json export_sheet(const std::string& path, const std::string& query, const std::string& token,
                              const std::string& lang) {
    auto r = api().get(path + (query.empty() ? "" : "?" + query), token, lang);
    EXPECT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r.raw.rfind("PK", 0), 0u) << "a zip package";
    return read_xlsx_rows(r.raw);
  }
};

// A problem+json body with the given status and code, localized.
inline void expect_problem(const ApiResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.raw;
  EXPECT_NE(r.content_type.find("application/problem+json"), std::string::npos) << r.content_type;
  ASSERT_TRUE(r.body.is_object()) << r.raw;
  EXPECT_EQ(r.body.value("code", ""), code) << r.raw;
  EXPECT_EQ(r.body.value("status", 0), status);
  EXPECT_FALSE(r.body.value("title", "").empty());
}

}  // namespace medrisk::testing
