// The claim's notices as PDFs, read back with poppler on the demo's claims: the refusal notice of the
// denied claim (拒绝赔偿通知书, 保险法 art. 24: the reasons in their data/claims/reasons.json wording, the
// decision date, the claimant's recourse) and the settlement and payment notice of the paid claim
// (payable and each co-insurer's share in figures and in capitals, the payment with its masked account);
// every character covered by the embedded Noto CJK fonts; the second download byte-identical; a claim in
// another state refused with a clear code; another insurer, hospital or patient answered like the claim.
#include "kernel/chinese_amount.hpp"
#include "kernel/date.hpp"
#include "kernel/money.hpp"
#include "support/api_fixture.hpp"
#include "support/pdf.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

std::string chinese_date_of(const std::string& iso_timestamp) {
  Date d = Timestamp::parse(iso_timestamp)->shanghai_date();
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}

std::string figures(const json& fen) {
  return Money::from_fen(fen.get<std::int64_t>()).to_string();
}
std::string capitals(const json& fen) {
  return chinese_capital_amount(Money::from_fen(fen.get<std::int64_t>()));
}

class ClaimNoticesPdfApi : public ApiTest {
 protected:
  static std::map<std::string, std::string>& tokens() {
    static std::map<std::string, std::string> t;
    return t;
  }

  void SetUp() override {
    if (!tokens().empty()) return;
    auto client = api();
    std::string admin = client.login("admin");
    std::map<std::string, std::int64_t> orgs;
    auto listed = client.get("/api/v1/organizations?limit=200", admin);
    ASSERT_EQ(listed.status, 200) << listed.raw;
    for (const auto& o : listed.body["items"]) orgs[o["name"].get<std::string>()] = o["id"].get<std::int64_t>();
    auto far = client.post("/api/v1/organizations",
                           {{"name", "测试远方财产保险"}, {"kind", "insurer"}, {"region_code", "440000"}}, admin);
    ASSERT_EQ(far.status, 201) << far.raw;
    for (auto [name, role, org] :
         {std::tuple{"notice_adjuster2", "adjuster", std::optional(far.body["id"].get<std::int64_t>())},
          std::tuple{"notice_follower", "adjuster", std::optional(orgs.at("康泰财产保险明湖分公司"))},
          std::tuple{"notice_officer2", "medical_officer", std::optional(orgs.at("明湖市中医院"))},
          std::tuple{"notice_patient2", "patient", std::optional<std::int64_t>()}}) {
      json body{{"username", name}, {"display_name", name}, {"password", "medrisk-demo"}, {"roles", {role}}};
      if (org) body["organization_id"] = *org;
      ASSERT_EQ(client.post("/api/v1/users", body, admin).status, 201);
    }
    for (const char* u : {"adjuster", "patient", "officer", "notice_adjuster2", "notice_follower", "notice_officer2",
                          "notice_patient2"})
      tokens()[u] = client.login(u);
  }
  std::string t(const std::string& user) { return tokens().at(user); }

  // The demo's showcase claim in `state`: the newest (highest id) in the lead adjuster's list; the demo's
  // three years of history come before it.
  json demo_claim(const std::string& state) {
    json items = list_all_pages("/api/v1/claims", "state=" + state, t("adjuster"), 50);
    EXPECT_FALSE(items.empty()) << "the demo has a " << state << " claim";
    json newest = json::object();
    for (const auto& c : items)
      if (newest.empty() || c["id"].get<std::int64_t>() > newest["id"].get<std::int64_t>()) newest = c;
    return newest;
  }
  static std::string url(const json& claim, const std::string& doc) {
    return "/api/v1/claims/" + std::to_string(claim["id"].get<std::int64_t>()) + "/" + doc + "/document.pdf";
  }
  // No tofu: every font embedded Noto, every character of the text in the fonts' coverage.
  static void expect_fonts_cover(const std::string& pdf, const std::string& text) {
    auto fonts = pdf_fonts(pdf);
    ASSERT_FALSE(fonts.empty());
    for (const auto& f : fonts) {
      EXPECT_NE(f.find("Noto"), std::string::npos) << f;
      EXPECT_NE(f.find(" yes "), std::string::npos) << "embedded: " << f;
    }
    EXPECT_EQ(uncovered_code_points(text), std::vector<std::string>{});
    EXPECT_GE(rendered_pages(pdf), 1) << "pdftoppm draws every page without a complaint";
  }
  // The claim's readers get the PDF; everyone else the claim's own answer (status and code).
  void expect_same_access_as_claim(const json& claim, const std::string& doc) {
    std::string path = "/api/v1/claims/" + std::to_string(claim["id"].get<std::int64_t>());
    for (const char* reader : {"adjuster", "notice_follower", "patient", "officer"}) {
      ASSERT_EQ(api().get(path, t(reader)).status, 200) << reader;
      EXPECT_EQ(api().get(url(claim, doc), t(reader)).status, 200) << reader << " reads the claim and its " << doc;
    }
    for (const char* outsider : {"notice_adjuster2", "notice_officer2", "notice_patient2"}) {
      auto own = api().get(path, t(outsider));
      ASSERT_GE(own.status, 400) << outsider;
      auto r = api().get(url(claim, doc), t(outsider));
      expect_problem(r, own.status, own.body.value("code", ""));
      EXPECT_EQ(r.body.value("code", ""), "resource_not_found") << outsider;
    }
    EXPECT_EQ(api().get(url(claim, doc)).status, 401);
    expect_problem(api().get("/api/v1/claims/999999/" + doc + "/document.pdf", t("adjuster")), 404,
                   "resource_not_found");
  }
};

TEST_F(ClaimNoticesPdfApi, TheRefusalNoticeGivesTheReasonsTheDecisionDateAndTheClaimantsRecourse) {
  json claim = demo_claim("denied");
  ASSERT_FALSE(claim.empty());
  ASSERT_EQ(claim["decision"]["reason_codes"], json::array({"excluded_cause"}));
  auto r = api().get(url(claim, "refusal-notice"), t("patient"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_EQ(r.raw.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(r.header("X-Document-Version"), "1");
  std::string text = pdf_to_text(r.raw), flat = without_whitespace(text);
  for (const std::string part :
       {std::string("拒绝赔偿通知书"), claim["claim_number"].get<std::string>(),
        claim["policy_number"].get<std::string>(), std::string("明湖市第一人民医院"), std::string("第二十四条"),
        std::string("属于责任免除情形"),  // data/claims/reasons.json: excluded_cause
        claim["decision"]["note"].get<std::string>(), "核定日期" + chinese_date_of(claim["decision"]["decided_at"]),
        std::string("申请仲裁"), std::string("提起诉讼"), std::string("诉讼时效期间为二年"), std::string("12378")})
    EXPECT_NE(flat.find(part), std::string::npos) << part << "\n" << text;
  EXPECT_EQ(flat.find("{{"), std::string::npos) << "every placeholder filled";
  EXPECT_NE(flat.find(r.header("X-Document-Digest")), std::string::npos) << "the footer's digest";
  expect_fonts_cover(r.raw, text);

  auto again = api().get(url(claim, "refusal-notice"), t("adjuster"));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.header("X-Document-Version"), "1");
  EXPECT_TRUE(again.raw == r.raw) << "byte-identical second download";
}

TEST_F(ClaimNoticesPdfApi, TheSettlementNoticeGivesThePayableEachSharesAmountAndThePaymentsMasked) {
  json claim = demo_claim("paid");
  ASSERT_FALSE(claim.empty());
  ASSERT_GE(claim["shares"].size(), 2u) << "the demo pool has a follower";
  auto payments =
      api().get("/api/v1/claims/" + std::to_string(claim["id"].get<std::int64_t>()) + "/payments", t("adjuster"));
  ASSERT_EQ(payments.status, 200);
  ASSERT_FALSE(payments.body["items"].empty());

  auto r = api().get(url(claim, "settlement-notice"), t("officer"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.content_type, "application/pdf");
  std::string text = pdf_to_text(r.raw), flat = without_whitespace(text);
  std::vector<std::string> parts = {
      "赔款支付通知书",
      claim["claim_number"],
      "第二十三条",
      "明湖市第一人民医院",
      "核定赔款人民币" + figures(claim["payable_fen"]) + "元（大写：" + capitals(claim["payable_fen"]) + "）",
      "赔款已全部支付",
      "已支付赔款人民币" + figures(claim["paid_fen"]) + "元",
      capitals(claim["paid_fen"]),
      "尚待支付人民币0.00元"};
  for (const auto& s : claim["shares"]) {
    parts.push_back(s["insurer_name"]);
    parts.push_back(figures(s["payable_fen"]));
    parts.push_back(capitals(s["payable_fen"]));
  }
  for (const auto& p : payments.body["items"]) {
    parts.push_back(p["reference"]);
    parts.push_back(p["account_masked"]);
    parts.push_back(figures(p["amount_fen"]));
  }
  for (const auto& part : parts)
    EXPECT_NE(flat.find(without_whitespace(part)), std::string::npos) << part << "\n" << text;
  EXPECT_EQ(flat.find("6230580000001230"), std::string::npos) << "the account number only masked";
  EXPECT_EQ(flat.find("{{"), std::string::npos);
  expect_fonts_cover(r.raw, text);
  EXPECT_TRUE(api().get(url(claim, "settlement-notice"), t("patient")).raw == r.raw) << "byte-identical";
}

TEST_F(ClaimNoticesPdfApi, AClaimInAnotherStateHasNoSuchNotice) {
  json paid = demo_claim("paid"), denied = demo_claim("denied"), open = demo_claim("open");
  expect_problem(api().get(url(paid, "refusal-notice"), t("adjuster")), 409, "claim_not_denied");
  expect_problem(api().get(url(open, "refusal-notice"), t("adjuster")), 409, "claim_not_denied");
  expect_problem(api().get(url(denied, "settlement-notice"), t("adjuster")), 409, "claim_not_settled");
  expect_problem(api().get(url(open, "settlement-notice"), t("patient")), 409, "claim_not_settled");
}

TEST_F(ClaimNoticesPdfApi, AnotherInsurerHospitalOrPatientIsAnsweredLikeTheClaim) {
  expect_same_access_as_claim(demo_claim("denied"), "refusal-notice");
  expect_same_access_as_claim(demo_claim("paid"), "settlement-notice");
}

}  // namespace
}  // namespace medrisk::testing
