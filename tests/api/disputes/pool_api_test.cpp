// Issue 13: a use case that spans modules is one transaction on one connection. Accepting a case asks
// the insurance module for the policy in force; that look-up used to open a second transaction inside
// the write (a second pooled connection held by one request). Here the server runs with the smallest
// pool (2 workers → 4 connections) while 16 clients open and accept cases at once: every request must
// succeed and the server's metric of nested connection acquisitions must stay at 0.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <thread>

#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class SmallPoolApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    keys() = temp_dir("poolkeys") / "keys.json";
    server() = std::make_unique<ServerProcess>(fresh_database_url("SmallPoolApi"), keys(),
                                               std::vector<std::string>{"--demo", "--workers", "2"});
    server()->start();
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server()->stop(), 0);
    server().reset();
  }
  static std::unique_ptr<ServerProcess>& server() { static std::unique_ptr<ServerProcess> s; return s; }
  static std::filesystem::path& keys() { static std::filesystem::path p; return p; }
  Api api() { return Api(server()->port()); }

  double metric(const std::string& name) {
    auto r = api().get("/metrics");
    EXPECT_EQ(r.status, 200);
    std::smatch m;
    std::regex line("\n" + name + " ([0-9.e+]+)");
    if (!std::regex_search(r.raw, m, line)) ADD_FAILURE() << name << " missing from /metrics";
    return m.empty() ? -1 : std::stod(m[1]);
  }
};

TEST_F(SmallPoolApi, CasesOpenedAndAcceptedUnderLoadNeverHoldTwoConnections) {
  auto admin = api();
  std::string patient = admin.login("patient"), mediator = admin.login("mediator");
  auto orgs = admin.get("/api/v1/complaints/institutions", patient);
  ASSERT_EQ(orgs.status, 200) << orgs.raw;
  std::int64_t hospital = orgs.body["items"][0]["id"].get<std::int64_t>();

  constexpr int kClients = 16, kCasesEach = 3;
  std::atomic<int> accepted{0}, failures{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&] {
      Api client(server()->port());
      for (int n = 0; n < kCasesEach; ++n) {
        auto filed = client.post("/api/v1/cases",
                                 {{"institution_org_id", hospital}, {"case_type", "other_harm"}, {"department", "骨科"},
                                  {"incident_date", "2025-10-20"}, {"narrative", "术后切口感染。"},
                                  {"compensation_demand_fen", 500000}},
                                 patient);
        if (filed.status != 201) { ++failures; continue; }
        auto id = filed.body["id"].get<std::int64_t>();
        auto ok = client.post("/api/v1/cases/" + std::to_string(id) + "/transitions",
                              {{"action", "accept"}, {"channel", "people_mediation"}}, mediator);
        if (ok.status == 200) ++accepted;
        else ++failures;
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(accepted.load(), kClients * kCasesEach);
  EXPECT_EQ(metric("medrisk_db_nested_acquisitions_total"), 0) << "a request took a second pooled connection";
  // Every connection back in the pool: a background job (the audit sequencer runs every 50 ms on PostgreSQL)
  // may hold one for a moment, a leaked one stays out.
  double in_use = metric("medrisk_db_pool_in_use");
  for (int i = 0; i < 100 && in_use != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    in_use = metric("medrisk_db_pool_in_use");
  }
  EXPECT_EQ(in_use, 0);
}

}  // namespace
}  // namespace medrisk::testing
