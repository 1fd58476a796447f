// The compensation API as officers, mediators and adjusters meet it: the pure calculator with its
// itemized, localized formulas; saved calculations attached to a case and scoped to the recorded
// organizations; and every kind of bad input refused with a stable code.
#include "kernel/chinese_amount.hpp"
#include "kernel/money.hpp"
#include "support/api_fixture.hpp"
#include "support/pdf.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class CompensationApi : public ApiTest {};

// Grade 7 in Guangdong 2022 general area at 35, main cause (usual 75 %):
// disability 54,854 × 20 × 40 % = 438,832; medical 80,000; gross 518,832; liable 389,124;
// liability cover: deductible 10,000, limit 300,000 → the insurer pays 300,000.
json grade_seven() {
  return {{"province", "guangdong"}, {"area", "general"}, {"standard_year", 2022}, {"outcome", "disability"},
          {"victim_age", 35}, {"disability_grades", {7}}, {"medical_costs_fen", 8'000'000},
          {"causation", {{"fault", true}, {"degree", "main"}}},
          {"insurance", {{"liability", {{"deductible_fen", 1'000'000}, {"per_incident_limit_fen", 30'000'000}}},
                         {"coinsurers", {{{"name", "安和财险"}, {"share_bp", 7000}}, {{"name", "康泰财险"}, {"share_bp", 3000}}}}}}};
}

TEST_F(CompensationApi, TheCalculatorItemizesEveryLineWithItsFormula) {
  auto client = api();
  std::string token = client.login("mediator");
  auto r = client.post("/api/v1/compensation/calculate", grade_seven(), token);
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_EQ(r.body["lines"].size(), 2u);
  EXPECT_EQ(r.body["lines"][0]["item"], "medical_costs");
  EXPECT_EQ(r.body["lines"][1]["item"], "disability_compensation");
  EXPECT_EQ(r.body["lines"][1]["amount_fen"], 43'883'200);
  EXPECT_EQ(r.body["lines"][1]["formula_zh"], "城镇居民人均可支配收入 54,854.00元/年 × 20年 × 伤残系数 40%（7级40%） = 438,832.00元");
  EXPECT_EQ(r.body["gross_fen"], 51'883'200);
  EXPECT_EQ(r.body["causation_share_bp"], 7500);
  EXPECT_EQ(r.body["liable_fen"], 38'912'400);
  EXPECT_EQ(r.body["insurance"]["cover"], "liability");
  EXPECT_EQ(r.body["insurance"]["payable_fen"], 30'000'000);
  EXPECT_EQ(r.body["insurance"]["uncovered_fen"], 8'912'400);
  EXPECT_EQ(r.body["insurance"]["limited_by"], "per_incident_limit");
  EXPECT_EQ(r.body["insurance"]["coinsurers"][0]["amount_fen"], 21'000'000);
  EXPECT_EQ(r.body["insurance"]["coinsurers"][1]["amount_fen"], 9'000'000);
  EXPECT_EQ(r.body["parameter_version"], "spc-2022.1;guangdong.2026-1;2022;general");
  EXPECT_FALSE(r.body["parameters_verified"].get<bool>());
}

TEST_F(CompensationApi, WhoMayCalculate) {
  auto client = api();
  struct Row { std::string user; int status; };
  for (const auto& row : std::vector<Row>{{"officer", 200}, {"mediator", 200}, {"adjuster", 200}, {"lawyer", 200},
                                          {"doctor", 403}, {"patient", 403}, {"expert1", 403}}) {
    auto r = client.post("/api/v1/compensation/calculate", grade_seven(), client.login(row.user));
    EXPECT_EQ(r.status, row.status) << row.user << " " << r.raw;
  }
  expect_problem(client.post("/api/v1/compensation/calculate", grade_seven()), 401, "authentication_required");
}

TEST_F(CompensationApi, BadInputGetsAStableCode) {
  auto client = api();
  std::string token = client.login("officer");
  struct Row { std::string name; std::function<void(json&)> change; int status; std::string code; std::string field; };
  std::vector<Row> table = {
      {"age as text", [](json& j) { j["victim_age"] = "thirty-five"; }, 400, "request_invalid", "/victim_age"},
      {"negative medical costs", [](json& j) { j["medical_costs_fen"] = -1; }, 400, "request_invalid", "/medical_costs_fen"},
      {"money as a decimal", [](json& j) { j["medical_costs_fen"] = 12.5; }, 400, "request_invalid", "/medical_costs_fen"},
      {"grade 11", [](json& j) { j["disability_grades"] = {11}; }, 400, "request_invalid", "/disability_grades/0"},
      {"unknown outcome", [](json& j) { j["outcome"] = "coma"; }, 400, "request_invalid", "/outcome"},
      {"unknown field", [](json& j) { j["bonus_fen"] = 1; }, 400, "request_invalid", "/bonus_fen"},
      {"fault without a degree", [](json& j) { j["causation"].erase("degree"); }, 400, "request_invalid", "/causation/degree"},
      {"unknown province", [](json& j) { j["province"] = "atlantis"; }, 422, "province_not_in_parameters", ""},
      {"year without a standard", [](json& j) { j["standard_year"] = 2019; }, 422, "standard_year_not_in_parameters", ""},
      {"area of another province", [](json& j) { j["area"] = "hangzhou"; }, 422, "area_not_in_parameters", ""},
      {"figure not published", [](json& j) { j["standard_year"] = 2024; j["area"] = "shenzhen"; }, 422, "regional_figure_not_available", ""},
      {"share outside its degree", [](json& j) { j["causation"]["share_bp"] = 4000; }, 422, "causation_share_outside_degree_range", ""},
      {"shares not adding up", [](json& j) { j["insurance"]["coinsurers"][1]["share_bp"] = 2000; }, 422, "coinsurer_shares_must_sum_to_10000", ""},
      {"grades on a death", [](json& j) { j["outcome"] = "death"; }, 422, "disability_grades_only_for_disability", ""},
  };
  for (const auto& row : table) {
    json body = grade_seven();
    row.change(body);
    auto r = client.post("/api/v1/compensation/calculate", body, token);
    expect_problem(r, row.status, row.code);
    if (!row.field.empty()) {
      bool found = false;
      for (const auto& v : r.body["violations"]) found = found || v["field"] == row.field;
      EXPECT_TRUE(found) << row.name << ": " << r.raw;
    }
  }
  auto en = client.post("/api/v1/compensation/calculate", json{{"standard_year", 2019}, {"outcome", "injury"},
                        {"victim_age", 30}, {"causation", {{"fault", false}}}}, token, "en-US");
  expect_problem(en, 422, "standard_year_not_in_parameters");
  EXPECT_EQ(en.body["title"], "This province has no damages standard for that year");
}

TEST_F(CompensationApi, SavedCalculationsBelongToACaseAndItsParties) {
  auto client = api();
  std::string officer = client.login("officer"), mediator = client.login("mediator"), adjuster = client.login("adjuster");
  auto me = client.get("/api/v1/me", mediator);
  std::int64_t committee = me.body["user"]["organization"]["id"];
  auto saved = client.post("/api/v1/compensation/calculations",
                           {{"case_id", 501}, {"label", "调解前初算"}, {"organization_ids", {committee}}, {"input", grade_seven()}}, officer);
  ASSERT_EQ(saved.status, 201) << saved.raw;
  std::int64_t id = saved.body["id"];
  EXPECT_EQ(saved.body["liable_fen"], 38'912'400);
  EXPECT_EQ(saved.body["insurer_payable_fen"], 30'000'000);
  EXPECT_EQ(saved.body["result"]["lines"].size(), 2u);
  EXPECT_EQ(saved.body["input"]["victim_age"], 35);

  auto by_mediator = client.get("/api/v1/compensation/calculations/" + std::to_string(id), mediator);
  EXPECT_EQ(by_mediator.status, 200) << by_mediator.raw;
  expect_problem(client.get("/api/v1/compensation/calculations/" + std::to_string(id), adjuster), 404, "resource_not_found");
  expect_problem(client.get("/api/v1/compensation/calculations/abc", officer), 404, "resource_not_found");

  auto list = client.get("/api/v1/compensation/calculations?case_id=501", mediator);
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["id"], id);
  EXPECT_EQ(client.get("/api/v1/compensation/calculations?case_id=501", adjuster).body["items"].size(), 0u);
  expect_problem(client.get("/api/v1/compensation/calculations", officer), 400, "request_invalid");
  expect_problem(client.get("/api/v1/compensation/calculations?case_id=501&limit=201", officer), 400, "request_invalid");

  auto audit = client.get("/api/v1/audit?resource_type=compensation_calculation", client.login("admin"));
  ASSERT_EQ(audit.status, 200) << audit.raw;
  ASSERT_GE(audit.body["items"].size(), 1u);
  EXPECT_EQ(audit.body["items"][0]["action"], "compensation_calculation.create");
}

TEST_F(CompensationApi, SavingRefusesABadCaseOrInput) {
  auto client = api();
  std::string officer = client.login("officer");
  expect_problem(client.post("/api/v1/compensation/calculations", {{"case_id", 0}, {"input", grade_seven()}}, officer), 400,
                 "request_invalid");
  json bad = grade_seven();
  bad["standard_year"] = 2019;
  expect_problem(client.post("/api/v1/compensation/calculations", {{"case_id", 3}, {"input", bad}}, officer), 422,
                 "standard_year_not_in_parameters");
  expect_problem(client.post("/api/v1/compensation/calculations",
                             {{"case_id", 3}, {"organization_ids", {1, 2, 3, 4, 5, 6, 7, 8, 9}}, {"input", grade_seven()}}, officer),
                 400, "request_invalid");
}

TEST_F(CompensationApi, TheParametersListRegionsYearsAndDegrees) {
  auto client = api();
  auto r = client.get("/api/v1/compensation/parameters", client.login("adjuster"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["rules_version"], "spc-2022.1");
  EXPECT_EQ(r.body["causation_degrees"].size(), 6u);
  ASSERT_EQ(r.body["regions"].size(), 1u);
  EXPECT_EQ(r.body["regions"][0]["province"], "guangdong");
  bool has_2022 = false;
  for (const auto& s : r.body["regions"][0]["standards"])
    if (s["standard_year"] == 2022) {
      has_2022 = true;
      EXPECT_EQ(s["areas"]["general"]["urban_disposable_income_fen"], 5'485'400);
    }
  EXPECT_TRUE(has_2022);
}

// The saved calculation as an itemized PDF: every line with its formula and amount, the causation share,
// the deductible and limit lines, each co-insurer's part; amounts owed in figures and capitals; the
// fonts cover every character; readers exactly the calculation's readers.
TEST_F(CompensationApi, TheSavedCalculationPrintsAsAnItemizedPdf) {
  auto client = api();
  std::string officer = client.login("officer"), mediator = client.login("mediator"),
              adjuster = client.login("adjuster");
  std::int64_t committee = client.get("/api/v1/me", mediator).body["user"]["organization"]["id"];
  auto saved = client.post(
      "/api/v1/compensation/calculations",
      {{"case_id", 502}, {"label", "调解前初算"}, {"organization_ids", {committee}}, {"input", grade_seven()}},
      officer);
  ASSERT_EQ(saved.status, 201) << saved.raw;
  std::string url = "/api/v1/compensation/calculations/" + std::to_string(saved.body["id"].get<std::int64_t>());
  auto r = client.get(url + "/document.pdf", mediator);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.content_type, "application/pdf");
  std::string text = pdf_to_text(r.raw), flat = without_whitespace(text);
  auto yuan = [](const json& fen) { return Money::from_fen(fen.get<std::int64_t>()).to_string(); };
  const json& result = saved.body["result"];
  std::vector<std::string> parts = {
      "医疗损害赔偿计算明细表",
      "调解前初算",
      "损失合计" + yuan(result["gross_fen"]),
      result["causation"]["formula_zh"],
      "人民币" + yuan(result["liable_fen"]) + "元（大写：" +
          chinese_capital_amount(Money::from_fen(result["liable_fen"].get<std::int64_t>())) + "）",
      "保险人应付人民币" + yuan(result["insurance"]["payable_fen"]) + "元"};
  for (const json* lines : {&result["lines"], &result["insurance"]["lines"]})
    for (const auto& l : *lines) {
      parts.push_back(l["formula_zh"]);
      parts.push_back(yuan(l["amount_fen"]));
    }
  for (const auto& c : result["insurance"]["coinsurers"]) {
    parts.push_back(c["name"]);
    parts.push_back(chinese_capital_amount(Money::from_fen(c["amount_fen"].get<std::int64_t>())));
  }
  ASSERT_GE(parts.size(), 12u);
  for (const auto& part : parts)
    EXPECT_NE(flat.find(without_whitespace(part)), std::string::npos) << part << "\n" << text;
  EXPECT_EQ(flat.find("{{"), std::string::npos);
  EXPECT_EQ(uncovered_code_points(text), std::vector<std::string>{});
  EXPECT_GE(rendered_pages(r.raw), 1) << "pdftoppm draws every page without a complaint";
  EXPECT_TRUE(client.get(url + "/document.pdf", officer).raw == r.raw) << "byte-identical";
  // The adjuster's organization is not among the calculation's: 404, like the calculation.
  expect_problem(client.get(url, adjuster), 404, "resource_not_found");
  expect_problem(client.get(url + "/document.pdf", adjuster), 404, "resource_not_found");
  EXPECT_EQ(client.get(url + "/document.pdf").status, 401);
}

}  // namespace
}  // namespace medrisk::testing
