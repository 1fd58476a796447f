// The actuarial API as an actuary and a regulator meet it (real server, SQLite and PostgreSQL): RAA by
// Mack gives Mack's (1994) published figures, other roles are refused, bad triangles and requests above
// the named limits get problem+json with stable codes.
#include <cmath>
#include <fstream>
#include <sstream>

#include "support/api_fixture.hpp"
#include "support/xlsx_reader.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class ActuarialApi : public ApiTest {
 protected:
  std::string actuary() {
    static std::string token;
    if (token.empty()) token = api().login("actuary");
    return token;
  }
  static std::string raa_csv() {
    std::ifstream in(source_dir() / "data" / "actuarial" / "raa.csv");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  ApiResponse reserve(const json& body) { return api().post("/api/v1/actuarial/reserving", body, actuary()); }
  ApiResponse aggregate(const json& body) { return api().post("/api/v1/actuarial/aggregate", body, actuary()); }
};

TEST_F(ActuarialApi, MackOnRaaGivesThePublishedIbnrAndStandardError) {
  // Mack (1994), CAS Forum p. 130: IBNR 52,135; s.e. per origin 1982…1990 and 26,909 in total.
  const std::vector<double> se = {206, 623, 747, 1469, 2002, 2209, 5358, 6333, 24566};
  for (const json& triangle : {json{{"dataset", "raa"}}, json{{"csv", raa_csv()}}}) {
    auto r = reserve({{"triangle", triangle}, {"basis", "incurred"}, {"method", "mack"}});
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_NEAR(r.body["total"]["ibnr"].get<double>(), 52135.228261, 1e-5);
    EXPECT_NEAR(r.body["total"]["mack_se"].get<double>(), 26909.011156, 1e-5);
    ASSERT_EQ(r.body["origins"].size(), 10u);
    for (std::size_t i = 0; i < se.size(); ++i)
      EXPECT_NEAR(r.body["origins"][i + 1]["mack_se"].get<double>(), se[i], 0.5) << i;
    EXPECT_EQ(r.body["development"].size(), 9u);
    EXPECT_EQ(r.body["triangle"]["origins"].size(), 10u);
    EXPECT_TRUE(r.body["triangle"]["cells"][9][1].is_null());
    EXPECT_EQ(r.body["basis"], "incurred");
  }
}

TEST_F(ActuarialApi, CellsCumulativeOrIncrementalGiveTheSameReserve) {
  auto tri = api().get("/api/v1/actuarial/datasets/raa/triangle", actuary());
  ASSERT_EQ(tri.status, 200) << tri.raw;
  json cumulative = json::array(), incremental = json::array();
  const auto& t = tri.body["triangle"];
  for (std::size_t i = 0; i < t["origins"].size(); ++i) {
    double before = 0;
    for (std::size_t k = 0; k < t["cells"][i].size(); ++k) {
      if (t["cells"][i][k].is_null()) continue;
      double v = t["cells"][i][k].get<double>();
      cumulative.push_back({{"origin", t["origins"][i]}, {"development", k + 1}, {"value", v}});
      incremental.push_back({{"origin", t["origins"][i]}, {"development", k + 1}, {"value", v - before}});
      before = v;
    }
  }
  auto a = reserve({{"triangle", {{"cells", cumulative}}}, {"method", "chainladder"}});
  auto b = reserve({{"triangle", {{"cells", incremental}, {"cumulative", false}, {"allow_negative", true}}},
                    {"method", "chainladder"}});
  ASSERT_EQ(a.status, 200) << a.raw;
  ASSERT_EQ(b.status, 200) << b.raw;
  EXPECT_NEAR(a.body["total"]["ibnr"].get<double>(), 52135.228261, 1e-5);
  EXPECT_NEAR(b.body["total"]["ibnr"].get<double>(), 52135.228261, 1e-5);
}

TEST_F(ActuarialApi, BornhuetterFergusonAndCapeCodTakeExposures) {
  // RAA BF, premium 40,000, a-priori loss ratio 0.70 (data/actuarial/README.md): IBNR 1990 = 24,861.068855.
  auto bf = reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "bf"}, {"exposures", {40000}},
                     {"apriori_loss_ratios", {0.7}}});
  ASSERT_EQ(bf.status, 200) << bf.raw;
  EXPECT_NEAR(bf.body["origins"][9]["ibnr"].get<double>(), 24861.068855, 1e-5);
  auto cc = reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "capecod"}, {"exposures", {40000}}});
  ASSERT_EQ(cc.status, 200) << cc.raw;
  EXPECT_GT(cc.body["elr"].get<double>(), 0);
  expect_problem(reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "bf"}, {"exposures", {40000}}}), 400,
                 "apriori_loss_ratio_invalid");
  expect_problem(reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "capecod"}, {"exposures", {1, 2, 3}}}), 400,
                 "exposure_count_mismatch");
}

TEST_F(ActuarialApi, OptionsChangeTheEstimate) {
  struct Row { json options; double mack_se; };
  const std::vector<Row> table = {
      {json::object(), 26909.011156},
      {{{"sigma_rule", "loglinear"}}, 26880.74033},
      {{{"tail", 1.05}}, 28669.91},
  };
  for (const auto& row : table) {
    auto r = reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "mack"}, {"options", row.options}});
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_NEAR(r.body["total"]["mack_se"].get<double>(), row.mack_se, 0.01) << row.options.dump();
  }
  auto excluded = reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "chainladder"},
                           {"options", {{"average", "simple"}, {"exclusions", {{{"origin", 1982}, {"lag", 1}}}}}}});
  ASSERT_EQ(excluded.status, 200) << excluded.raw;
  EXPECT_EQ(excluded.body["average"], "simple");
  EXPECT_NE(excluded.body["total"]["ibnr"].get<double>(), 52135.228261);
  expect_problem(reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "mack"},
                          {"options", {{"exclusions", {{{"origin", 1900}, {"lag", 1}}}}}}}),
                 400, "exclusion_out_of_range");
}

TEST_F(ActuarialApi, BadTrianglesAreRefusedWithTheirCodes) {
  struct Row { std::string name; json triangle; int status; std::string code; };
  const std::vector<Row> table = {
      {"non-numeric CSV value", {{"csv", "origin,development,value\n2020,1,abc\n"}}, 400, "csv_value_not_numeric"},
      {"negative cumulative value", {{"cells", {{{"origin", 2020}, {"development", 1}, {"value", -5}},
                                                {{"origin", 2021}, {"development", 1}, {"value", 4}}}}}, 400,
       "triangle_value_negative"},
      {"one origin only", {{"cells", {{{"origin", 2020}, {"development", 1}, {"value", 5}}}}}, 400, "triangle_too_small"},
      {"ragged", {{"cells", {{{"origin", 2020}, {"development", 1}, {"value", 5}},
                             {{"origin", 2021}, {"development", 1}, {"value", 4}},
                             {{"origin", 2021}, {"development", 2}, {"value", 6}}}}}, 400, "triangle_ragged"},
      {"gap in a row", {{"cells", {{{"origin", 2020}, {"development", 1}, {"value", 5}},
                                   {{"origin", 2020}, {"development", 3}, {"value", 9}},
                                   {{"origin", 2021}, {"development", 1}, {"value", 4}}}}}, 400, "triangle_cell_missing"},
      {"unknown dataset", {{"dataset", "nope"}}, 404, "dataset_not_found"},
      {"no source", json::object(), 400, "request_invalid"},
      {"two sources", {{"dataset", "raa"}, {"csv", "a,b\n1,2\n"}}, 400, "request_invalid"},
      {"value not a number", {{"cells", {{{"origin", 2020}, {"development", 1}, {"value", "5"}}}}}, 400, "request_invalid"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.name);
    expect_problem(reserve({{"triangle", row.triangle}, {"method", "chainladder"}}), row.status, row.code);
  }
  auto bad = reserve({{"triangle", {{"dataset", "raa"}}}, {"method", "bootstrap"}, {"basis", "both"}, {"extra", 1}});
  expect_problem(bad, 400, "request_invalid");
  std::set<std::string> fields;
  for (const auto& v : bad.body["violations"]) fields.insert(v["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"/method", "/basis", "/extra"}));
}

TEST_F(ActuarialApi, AggregateGivesMomentsQuantilesStopLossAndAChartableCdf) {
  // Poisson(2) × a claim of exactly 1,000 (empirical): S/1000 is Poisson(2), mean 2,000, sd √2 × 1,000.
  auto r = aggregate({{"frequency", "poisson:2"}, {"severity", "empirical:1000"}, {"method", "panjer"},
                      {"span", 100}, {"points", 1000}, {"levels", {0.5, 0.995}}, {"retentions", {0, 3000}}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_NEAR(r.body["mean"].get<double>(), 2000, 1e-6);
  EXPECT_NEAR(r.body["sd"].get<double>(), std::sqrt(2.0) * 1000, 1e-6);
  EXPECT_NEAR(r.body["levels"][0]["var"].get<double>(), 2000, 1e-9);  // P(N ≤ 2) = 0.677 ≥ 0.5 > P(N ≤ 1)
  EXPECT_NEAR(r.body["stop_loss"][0]["premium"].get<double>(), 2000, 1e-6);
  ASSERT_FALSE(r.body["cdf"].empty());
  EXPECT_LE(r.body["cdf"].size(), 401u);
  EXPECT_NEAR(r.body["cdf"].back()["cdf"].get<double>(), 1.0, 1e-2);
  for (const char* method : {"fft", "mc"}) {
    auto m = aggregate({{"frequency", "poisson:10"}, {"severity", "lognormal:7,1"}, {"method", method},
                        {"points", 4096}, {"draws", 20000}, {"seed", 7}});
    ASSERT_EQ(m.status, 200) << m.raw;
    EXPECT_NEAR(m.body["mean"].get<double>(), 10 * std::exp(7.5), 10 * std::exp(7.5) * 0.02) << method;
  }
}

TEST_F(ActuarialApi, RequestsAboveTheNamedLimitsAreRefusedWith422) {
  struct Row { std::string name; json body; std::string code; };
  const json base = {{"frequency", "poisson:10"}, {"severity", "lognormal:7,1"}};
  auto with = [&](json extra) { json b = base; b.update(extra); return b; };
  const std::vector<Row> table = {
      {"FFT grid above 2^20", with({{"method", "fft"}, {"points", (1 << 20) + 1}}), "grid_points_above_api_limit"},
      {"Panjer grid above 2^16", with({{"method", "panjer"}, {"points", (1 << 16) + 1}}), "grid_points_above_api_limit"},
      {"draws above 10^6", with({{"method", "mc"}, {"draws", 1'000'001}}), "draws_above_api_limit"},
      {"draws × claims above 10^8", {{"frequency", "poisson:1000"}, {"severity", "lognormal:7,1"}, {"method", "mc"},
                                     {"draws", 1'000'000}}, "simulated_claims_above_api_limit"},
      {"FFT padded beyond 2^22", {{"frequency", "poisson:100000"}, {"severity", "lognormal:7,1"}, {"method", "fft"},
                                  {"points", 1024}, {"span", 1}}, "fft_length_above_api_limit"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.name);
    expect_problem(aggregate(row.body), 422, row.code);
  }
  // At the limit itself the request is served.
  auto at_limit = aggregate(with({{"method", "mc"}, {"draws", 1'000'000}, {"frequency", "poisson:1"}}));
  EXPECT_EQ(at_limit.status, 200) << at_limit.raw;
  expect_problem(aggregate({{"frequency", "poisson:-1"}, {"severity", "lognormal:7,1"}}), 400,
                 "distribution_parameter_invalid");
  expect_problem(aggregate({{"frequency", "zipf:2"}, {"severity", "lognormal:7,1"}}), 400, "frequency_spec_invalid");
  expect_problem(aggregate(with({{"levels", {1.5}}})), 400, "request_invalid");
}

TEST_F(ActuarialApi, DatasetsAndThePlatformTriangleAreServed) {
  auto list = api().get("/api/v1/actuarial/datasets", actuary());
  ASSERT_EQ(list.status, 200) << list.raw;
  std::set<std::string> names;
  for (const auto& d : list.body["items"]) {
    names.insert(d["name"].get<std::string>());
    EXPECT_FALSE(d["source"].get<std::string>().empty());
  }
  EXPECT_EQ(names, (std::set<std::string>{"raa", "genins", "abc", "ukmotor", "mortgage"}));
  auto genins = api().get("/api/v1/actuarial/datasets/genins/triangle", actuary());
  ASSERT_EQ(genins.status, 200);
  EXPECT_EQ(genins.body["triangle"]["cells"][0][0], 357848.0);
  expect_problem(api().get("/api/v1/actuarial/datasets/clrd/triangle", actuary()), 404, "dataset_not_found");

  // The demo province's three years of claims (claims demo history) through the ClaimsHistory port.
  for (const char* basis : {"paid", "incurred"})
    for (const char* origin : {"accident", "report"}) {
      auto p = api().get(std::string("/api/v1/actuarial/triangles/platform?basis=") + basis + "&origin=" + origin,
                         actuary());
      ASSERT_EQ(p.status, 200) << p.raw;
      EXPECT_EQ(p.body["basis"], basis);
      EXPECT_EQ(p.body["origin"], origin);
      EXPECT_EQ(p.body["available"], true);
      EXPECT_TRUE(p.body["note"].is_null());
      EXPECT_GE(p.body["triangle"]["origins"].size(), 3u) << basis << " " << origin;
    }
  auto mack = reserve({{"triangle", {{"platform", "accident"}}}, {"basis", "paid"}, {"method", "mack"}});
  ASSERT_EQ(mack.status, 200) << mack.raw;
  EXPECT_TRUE(std::isfinite(mack.body["total"]["ibnr"].get<double>()));
  EXPECT_GT(mack.body["total"]["mack_se"].get<double>(), 0);
  expect_problem(api().get("/api/v1/actuarial/triangles/platform?basis=reported", actuary()), 400, "request_invalid");
  expect_problem(api().get("/api/v1/actuarial/triangles/platform?origin=notified", actuary()), 400, "request_invalid");
  expect_problem(reserve({{"triangle", {{"platform", "accident"}, {"dataset", "raa"}}}, {"method", "mack"}}), 400,
                 "request_invalid");
}

TEST_F(ActuarialApi, RegulatorsReadItAndOtherRolesAreRefused) {
  auto client = api();
  const json body = {{"triangle", {{"dataset", "raa"}}}, {"method", "mack"}};
  auto reg = client.post("/api/v1/actuarial/reserving", body, client.login("regulator"));
  ASSERT_EQ(reg.status, 200) << reg.raw;
  EXPECT_NEAR(reg.body["total"]["ibnr"].get<double>(), 52135.228261, 1e-5);
  for (const char* user : {"adjuster", "officer", "patient", "underwriter"}) {
    SCOPED_TRACE(user);
    const std::string token = client.login(user);
    expect_problem(client.post("/api/v1/actuarial/reserving", body, token), 403, "permission_denied");
    expect_problem(client.post("/api/v1/actuarial/aggregate", {{"frequency", "poisson:1"}, {"severity", "empirical:1"}}, token),
                   403, "permission_denied");
    expect_problem(client.get("/api/v1/actuarial/datasets", token), 403, "permission_denied");
    expect_problem(client.get("/api/v1/actuarial/triangles/platform", token), 403, "permission_denied");
  }
  expect_problem(client.get("/api/v1/actuarial/datasets"), 401, "authentication_required");
}

TEST_F(ActuarialApi, TrianglesExportToExcelWithTheJsonsCellsAndPermissions) {
  auto tri = api().get("/api/v1/actuarial/datasets/raa/triangle", actuary());
  ASSERT_EQ(tri.status, 200) << tri.raw;
  auto x = api().get("/api/v1/actuarial/datasets/raa/triangle.xlsx", actuary());
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.raw.find("PK"), std::string::npos);
  json rows = read_xlsx_rows(x.raw);
  const auto& t = tri.body["triangle"];
  ASSERT_EQ(rows.size(), t["origins"].size() + 1);  // the header row, then one row per origin
  EXPECT_EQ(rows[0][0], "事故年度");
  EXPECT_EQ(rows[0][1], "第1期");
  for (std::size_t i = 0; i < t["origins"].size(); ++i) {
    EXPECT_EQ(rows[i + 1][0], t["origins"][i]) << i;
    for (std::size_t k = 0; k < t["cells"][i].size(); ++k) {
      const json cell = k + 1 < rows[i + 1].size() ? rows[i + 1][k + 1] : json();
      if (t["cells"][i][k].is_null()) EXPECT_TRUE(cell.is_null()) << i << "," << k;
      else EXPECT_EQ(cell.get<double>(), t["cells"][i][k].get<double>()) << i << "," << k;
    }
  }
  auto en = api().get("/api/v1/actuarial/datasets/raa/triangle.xlsx", actuary(), "en-US");
  EXPECT_EQ(read_xlsx_rows(en.raw)[0][0], "Origin");
  auto platform = api().get("/api/v1/actuarial/triangles/platform.xlsx?basis=incurred&origin=report", actuary());
  ASSERT_EQ(platform.status, 200);
  auto json_platform = api().get("/api/v1/actuarial/triangles/platform?basis=incurred&origin=report", actuary());
  const auto platform_rows = read_xlsx_rows(platform.raw);
  EXPECT_EQ(platform_rows.size(), json_platform.body["triangle"]["origins"].size() + 1);  // the header and one row per report year
  EXPECT_EQ(platform_rows[0][0], "报案年度");
  expect_problem(api().get("/api/v1/actuarial/datasets/clrd/triangle.xlsx", actuary()), 404, "dataset_not_found");
  expect_problem(api().get("/api/v1/actuarial/triangles/platform.xlsx?basis=reported", actuary()), 400, "request_invalid");
  auto client = api();
  expect_problem(client.get("/api/v1/actuarial/datasets/raa/triangle.xlsx", client.login("adjuster")), 403,
                 "permission_denied");
  expect_problem(client.get("/api/v1/actuarial/triangles/platform.xlsx"), 401, "authentication_required");
}

}  // namespace
}  // namespace medrisk::testing
