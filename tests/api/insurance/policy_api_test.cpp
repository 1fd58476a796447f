// Products, quotes, policies and certificates over HTTP against the real `medrisk serve --demo`:
// an underwriter quotes with an explanation and binds into a co-insured policy; every party sees
// only its own policies; bad input gets problem+json; anyone can check a certificate.
#include "kernel/chinese_amount.hpp"
#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "support/api_fixture.hpp"
#include "support/pdf.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

// Cover may not start before the policy is issued (beyond data/rating backdating_grace), so the
// policies here start on the server's day in Shanghai, and every later date is counted from it.
Date today_in_shanghai() {
  return Timestamp::from_micros(
             std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count())
      .shanghai_date();
}

class InsuranceApi : public ApiTest {
 protected:
  std::int64_t org_id(Api& client, const std::string& name) {
    auto orgs = client.get("/api/v1/organizations?limit=200", client.login("admin"));
    for (const auto& o : orgs.body["items"])
      if (o["name"] == name) return o["id"].get<std::int64_t>();
    ADD_FAILURE() << "no demo organization " << name;
    return 0;
  }
  json quote_body(std::int64_t insured, std::int64_t limit_fen = 100000000) {
    return {{"product_code", "institution_liability"},
            {"insured_org_id", insured},
            {"period_start", today_in_shanghai().to_string()},
            {"institution", {{"beds", 300}}},
            {"clinicians", json::array()},
            {"experience", {{"years", 2}, {"incurred_losses_fen", 500000}}},
            {"per_incident_limit_fen", limit_fen},
            {"deductible_fen", 0}};
  }
  json bound_policy(Api& client, const std::string& token, std::int64_t insured) {
    auto q = client.post("/api/v1/quotes", quote_body(insured), token);
    EXPECT_EQ(q.status, 201) << q.raw;
    auto p = client.post("/api/v1/policies",
                         {{"quote_id", q.body["id"]},
                          {"funding_split", {{"state_bp", 2500}, {"institution_bp", 7500}, {"clinician_bp", 0}}},
                          {"coinsurance_pool",
                           {{{"insurer_org_id", org_id(client, "安和财产保险明湖分公司")}, {"share_bp", 7000}},
                            {{"insurer_org_id", org_id(client, "康泰财产保险明湖分公司")}, {"share_bp", 3000}}}}},
                         token);
    EXPECT_EQ(p.status, 201) << p.raw;
    return p.body;
  }
};

TEST_F(InsuranceApi, TheCatalogueListsSeed002sProductsForUnderwriters) {
  auto client = api();
  auto r = client.get("/api/v1/products", client.login("underwriter"));
  ASSERT_EQ(r.status, 200) << r.raw;
  std::map<std::string, json> by_code;
  for (const auto& p : r.body["items"]) by_code[p["code"]] = p;
  EXPECT_EQ(by_code.size(), 6u);
  EXPECT_EQ(by_code["visit_policy"]["premium_fen"], 100);
  EXPECT_EQ(by_code["institution_liability"]["per_incident_limit_fen"], 150000000);
  EXPECT_EQ(by_code["patient_accident"]["disability_benefits"].size(), 10u);
  EXPECT_FALSE(by_code["institution_liability"]["source"].get<std::string>().empty());
  expect_problem(client.get("/api/v1/products", client.login("officer")), 403, "permission_denied");
  expect_problem(client.get("/api/v1/products"), 401, "authentication_required");
}

TEST_F(InsuranceApi, AQuoteExplainsEveryLineAndBindsIntoACoinsuredPolicy) {
  auto client = api();
  std::string uw = client.login("underwriter");
  auto q = client.post("/api/v1/quotes", quote_body(org_id(client, "明湖市妇幼保健院")), uw);
  ASSERT_EQ(q.status, 201) << q.raw;
  std::int64_t sum = 0;
  for (const auto& l : q.body["explanation"]["lines"]) {
    sum += l["amount_fen"].get<std::int64_t>();
    EXPECT_FALSE(l["label_zh"].get<std::string>().empty());
    EXPECT_FALSE(l["label_en"].get<std::string>().empty());
  }
  EXPECT_EQ(sum, q.body["premium_fen"].get<std::int64_t>());
  EXPECT_EQ(q.body["explanation"]["table_version"], "liability-2026-01");
  EXPECT_EQ(q.body["input"]["institution"]["category"], "maternal_child");

  auto p = client.post("/api/v1/policies",
                       {{"quote_id", q.body["id"]},
                        {"coinsurance_pool",
                         {{{"insurer_org_id", org_id(client, "安和财产保险明湖分公司")}, {"share_bp", 5001}},
                          {{"insurer_org_id", org_id(client, "康泰财产保险明湖分公司")}, {"share_bp", 4999}}}}},
                       uw);
  ASSERT_EQ(p.status, 201) << p.raw;
  std::int64_t pool = 0;
  for (const auto& m : p.body["coinsurance_pool"]) pool += m["premium_fen"].get<std::int64_t>();
  EXPECT_EQ(pool, p.body["premium_fen"].get<std::int64_t>());
  EXPECT_EQ(p.body["funding_split"][1]["payer"], "institution");
  EXPECT_EQ(p.body["funding_split"][1]["amount_fen"], p.body["premium_fen"]);
  auto again = client.get("/api/v1/policies/" + std::to_string(p.body["id"].get<std::int64_t>()), uw);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body["policy_number"], p.body["policy_number"]);
  expect_problem(client.post("/api/v1/policies", {{"quote_id", q.body["id"]}}, uw), 409, "quote_already_bound");
}

TEST_F(InsuranceApi, BadInputIsAProblemWithAStableCode) {
  auto client = api();
  std::string uw = client.login("underwriter");
  std::int64_t h = org_id(client, "明湖市中医院");
  auto typed = client.post("/api/v1/quotes",
                           {{"product_code", 7},
                            {"insured_org_id", "x"},
                            {"period_start", "2026-13-01"},
                            {"per_incident_limit_fen", 1.5},
                            {"deductible_fen", -1},
                            {"extra", true}},
                           uw);
  expect_problem(typed, 400, "request_invalid");
  std::set<std::string> fields;
  for (const auto& v : typed.body["violations"]) fields.insert(v["field"].get<std::string>());
  for (const char* f :
       {"/product_code", "/insured_org_id", "/period_start", "/per_incident_limit_fen", "/deductible_fen", "/extra"})
    EXPECT_TRUE(fields.contains(f)) << f;
  expect_problem(client.post("/api/v1/quotes", quote_body(h, 70000000), uw), 422, "per_incident_limit_not_offered");
  auto en = client.post("/api/v1/quotes", quote_body(h, 200000000), uw, "en-US");
  expect_problem(en, 422, "per_incident_limit_above_product_maximum");
  EXPECT_EQ(en.body["title"], "The per-incident limit exceeds the product's maximum");
  auto q = client.post("/api/v1/quotes", quote_body(h), uw);
  expect_problem(client.post("/api/v1/policies",
                             {{"quote_id", q.body["id"]},
                              {"funding_split", {{"state_bp", 5000}, {"institution_bp", 4000}, {"clinician_bp", 0}}}},
                             uw),
                 422, "funding_shares_must_sum_to_10000");
  expect_problem(client.post("/api/v1/quotes", quote_body(h), client.login("officer")), 403, "permission_denied");
  expect_problem(client.get("/api/v1/policies/abc", uw), 404, "resource_not_found");
}

TEST_F(InsuranceApi, EachPartySeesOnlyItsOwnPolicies) {
  auto client = api();
  std::int64_t hospital1 = org_id(client, "明湖市第一人民医院");
  struct Row {
    std::string user;
    std::size_t min, max;
    bool only_hospital1;
  };
  std::vector<Row> rows = {{"officer", 2, 2, true},     {"doctor", 2, 4, false},      {"underwriter", 4, 100, false},
                           {"adjuster", 4, 100, false}, {"regulator", 4, 100, false}, {"patient", 0, 0, true}};
  std::int64_t hospital2_policy = 0;
  for (const auto& row : rows) {
    auto r = client.get("/api/v1/policies", client.login(row.user));
    ASSERT_EQ(r.status, 200) << row.user << r.raw;
    EXPECT_GE(r.body["items"].size(), row.min) << row.user;
    EXPECT_LE(r.body["items"].size(), row.max) << row.user;
    for (const auto& p : r.body["items"]) {
      if (row.only_hospital1) {
        EXPECT_EQ(p["insured_org_id"], hospital1) << row.user;
      }
      if (p["insured_org_id"] != hospital1) hospital2_policy = p["id"].get<std::int64_t>();
    }
  }
  ASSERT_GT(hospital2_policy, 0);
  for (const char* who : {"officer", "doctor", "patient"})
    expect_problem(client.get("/api/v1/policies/" + std::to_string(hospital2_policy), client.login(who)), 404,
                   "resource_not_found");
  expect_problem(client.get("/api/v1/policies", client.login("mediator")), 403, "permission_denied");
}

TEST_F(InsuranceApi, EndorseCancelAndRenewOverHttp) {
  auto client = api();
  std::string uw = client.login("underwriter");
  json p = bound_policy(client, uw, org_id(client, "明湖市清溪社区卫生服务中心"));
  std::string base = "/api/v1/policies/" + std::to_string(p["id"].get<std::int64_t>());
  auto doctor = client.get("/api/v1/me", client.login("doctor"));
  Date start = *Date::parse(p["period_start"].get<std::string>());
  Date end = *Date::parse(p["period_end"].get<std::string>());
  std::string mid = start.add_days(181).to_string(), late = start.add_days(273).to_string();
  auto e = client.post(base + "/endorsements",
                       {{"kind", "add_clinician"},
                        {"effective_date", mid},
                        {"clinician",
                         {{"user_id", doctor.body["user"]["id"]},
                          {"department_risk_class", "III"},
                          {"title", "attending"},
                          {"years_of_practice", 4}}}},
                       uw);
  ASSERT_EQ(e.status, 201) << e.raw;
  EXPECT_GT(e.body["premium_delta_fen"].get<std::int64_t>(), 0);
  EXPECT_EQ(e.body["days_charged"], (end - start.add_days(181)) + 1);
  expect_problem(client.post(base + "/endorsements", {{"kind", "rename"}, {"effective_date", mid}}, uw), 400,
                 "request_invalid");
  auto renewed = client.post(base + "/renewal", json::object(), uw);
  ASSERT_EQ(renewed.status, 201) << renewed.raw;
  EXPECT_EQ(renewed.body["period_start"], end.add_days(1).to_string());
  EXPECT_EQ(renewed.body["clinicians"].size(), 1u);
  expect_problem(client.post(base + "/renewal", json::object(), uw), 409, "policy_already_renewed");
  auto cancelled = client.post(base + "/cancellation", {{"effective_date", late}}, uw);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_GT(cancelled.body["refund_fen"].get<std::int64_t>(), 0);
  std::int64_t returned = 0;
  for (const auto& f : cancelled.body["refund_split"]["funding"]) returned += f["amount_fen"].get<std::int64_t>();
  EXPECT_EQ(returned, cancelled.body["refund_fen"].get<std::int64_t>()) << "state and institution get their shares back";
  expect_problem(client.post(base + "/cancellation", {{"effective_date", late}}, uw), 409, "policy_cancelled");
  auto list = client.get(base + "/endorsements", client.login("regulator"));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["items"].size(), 2u);
  expect_problem(client.post(base + "/cancellation", {{"effective_date", late}}, client.login("officer")), 403,
                 "permission_denied");
}

TEST_F(InsuranceApi, AnyoneCanCheckACertificateWithoutSeeingPersonalData) {
  auto client = api();
  auto list = client.get("/api/v1/policies", client.login("officer"));
  ASSERT_FALSE(list.body["items"].empty());
  std::string code = list.body["items"][0]["certificate_code"];
  auto r = client.get("/api/v1/certificates/" + code);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_TRUE(r.body["valid"].get<bool>());
  EXPECT_EQ(r.body["status"], "in_force");
  EXPECT_EQ(r.body["insured_name"], "明湖市第一人民医院");
  EXPECT_FALSE(r.body.contains("clinicians"));
  EXPECT_EQ(r.raw.find("user_id"), std::string::npos);
  auto missing = client.get("/api/v1/certificates/not-a-real-code", "", "en-US");
  expect_problem(missing, 404, "certificate_not_found");
  EXPECT_EQ(missing.body["title"], "No certificate has this verification code");
}

// Issue 18 item 4: a 2020 policy could be quoted and issued today (cover for a period wholly in the
// past). Item 8: a quote naming a non-existent clinician was accepted and binding it answered 500.
TEST_F(InsuranceApi, NoBackdatedCoverAndNoUnknownClinician) {
  auto client = api();
  std::string uw = client.login("underwriter");
  json body = quote_body(org_id(client, "明湖市中医院"));
  body["period_start"] = "2020-01-01";
  expect_problem(client.post("/api/v1/quotes", body, uw), 422, "period_start_before_issue_date");
  body["period_start"] = today_in_shanghai().add_days(-31).to_string();
  expect_problem(client.post("/api/v1/quotes", body, uw), 422, "period_start_before_issue_date");
  body["period_start"] = today_in_shanghai().add_days(-30).to_string();
  EXPECT_EQ(client.post("/api/v1/quotes", body, uw).status, 201) << "within the 30-day grace";
  body["period_start"] = today_in_shanghai().to_string();
  body["clinicians"] = json::array(
      {{{"user_id", 987654}, {"department_risk_class", "III"}, {"title", "attending"}, {"years_of_practice", 4}}});
  expect_problem(client.post("/api/v1/quotes", body, uw), 422, "clinician_not_found");
}

// The policy as a PDF (保险单): the parties, the co-insurers' shares, product, period, limits, the premium
// in figures and in capitals with who pays it, the clinicians covered; every character in the embedded
// fonts; byte-identical again, a new version after an endorsement; readers exactly the policy's readers.
TEST_F(InsuranceApi, ThePolicyPdfNamesThePartiesSharesLimitsPremiumAndClinicians) {
  auto client = api();
  std::string uw = client.login("underwriter");
  json p = bound_policy(client, uw, org_id(client, "明湖市清溪社区卫生服务中心"));
  std::string base = "/api/v1/policies/" + std::to_string(p["id"].get<std::int64_t>());
  auto chinese = [](const json& iso) {
    Date d = *Date::parse(iso.get<std::string>());
    return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
  };
  auto fen = [](const json& f) { return Money::from_fen(f.get<std::int64_t>()); };
  std::string product_name;
  auto products = client.get("/api/v1/products", uw);
  for (const auto& pr : products.body["items"])
    if (pr["code"] == p["product_code"]) product_name = pr["name_zh"];
  ASSERT_FALSE(product_name.empty());

  auto r = client.get(base + "/document.pdf", uw);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_EQ(r.header("X-Document-Version"), "1");
  std::string text = pdf_to_text(r.raw), flat = without_whitespace(text);
  std::vector<std::string> parts = {
      product_name + "保险单",
      p["policy_number"],
      "明湖市清溪社区卫生服务中心",
      "安和财产保险明湖分公司",
      "康泰财产保险明湖分公司",
      "70%",
      "30%",
      "第十三条",
      "自" + chinese(p["period_start"]) + "零时起至" + chinese(p["period_end"]) + "二十四时止",
      "每次事故赔偿限额人民币" + fen(p["per_incident_limit_fen"]).to_string() + "元",
      "保险费合计人民币" + fen(p["premium_fen"]).to_string() + "元（大写：" +
          chinese_capital_amount(fen(p["premium_fen"])) + "）",
      p["certificate_code"],
      "未列明医务人员"};
  for (const auto& f : p["funding_split"]) {
    if (f["amount_fen"].get<std::int64_t>() == 0) continue;
    parts.push_back(fen(f["amount_fen"]).to_string());
    parts.push_back(chinese_capital_amount(fen(f["amount_fen"])));
  }
  for (const auto& m : p["coinsurance_pool"]) parts.push_back(fen(m["premium_fen"]).to_string());
  for (const auto& part : parts) EXPECT_NE(flat.find(part), std::string::npos) << part << "\n" << text;
  EXPECT_EQ(flat.find("{{"), std::string::npos);
  for (const auto& f : pdf_fonts(r.raw)) EXPECT_NE(f.find(" yes "), std::string::npos) << "embedded: " << f;
  EXPECT_EQ(uncovered_code_points(text), std::vector<std::string>{});
  EXPECT_GE(rendered_pages(r.raw), 1) << "pdftoppm draws every page without a complaint";
  EXPECT_TRUE(client.get(base + "/document.pdf", client.login("regulator")).raw == r.raw) << "byte-identical";

  // An endorsement adds a clinician: new content, a new version naming them.
  auto doctor = client.get("/api/v1/me", client.login("doctor"));
  Date start = *Date::parse(p["period_start"].get<std::string>());
  auto e = client.post(base + "/endorsements",
                       {{"kind", "add_clinician"},
                        {"effective_date", start.add_days(30).to_string()},
                        {"clinician",
                         {{"user_id", doctor.body["user"]["id"]},
                          {"department_risk_class", "III"},
                          {"title", "attending"},
                          {"years_of_practice", 4}}}},
                       uw);
  ASSERT_EQ(e.status, 201) << e.raw;
  auto v2 = client.get(base + "/document.pdf", uw);
  ASSERT_EQ(v2.status, 200);
  EXPECT_EQ(v2.header("X-Document-Version"), "2");
  std::string flat2 = without_whitespace(pdf_to_text(v2.raw));
  for (const std::string part : {without_whitespace(doctor.body["user"]["display_name"].get<std::string>()),
                                 std::string("主治医师"), chinese(json(start.add_days(30).to_string()))})
    EXPECT_NE(flat2.find(part), std::string::npos) << part << "\n" << flat2;

  // Another hospital's officer and a patient are answered exactly like the policy itself.
  for (const char* who : {"officer", "patient"}) {
    std::string token = client.login(who);
    auto own = client.get(base, token);
    ASSERT_GE(own.status, 400) << who;
    expect_problem(client.get(base + "/document.pdf", token), own.status, own.body.value("code", ""));
  }
  EXPECT_EQ(client.get(base + "/document.pdf").status, 401);
  expect_problem(client.get("/api/v1/policies/999999/document.pdf", uw), 404, "resource_not_found");
}

}  // namespace
}  // namespace medrisk::testing
