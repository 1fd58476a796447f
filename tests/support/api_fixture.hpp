// One real `medrisk serve --demo` per test suite, on a fresh database of the tier being run.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "support/api_client.hpp"
#include "support/server_process.hpp"
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
