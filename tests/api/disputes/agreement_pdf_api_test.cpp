// The mediation agreement as a PDF (GET /cases/{id}/agreement/document.pdf), read back with poppler:
// a draft until both parties sign, then the signed agreement with the parties, the amount in figures and
// in Chinese capitals and both signatures; every character covered by the embedded Noto CJK fonts (no
// tofu); the second download byte-identical; another organization's or patient's request 404 like the case.
#include "support/api_fixture.hpp"
#include "support/pdf.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class AgreementPdfApi : public ApiTest {
 protected:
  static std::map<std::string, std::string>& tokens() {
    static std::map<std::string, std::string> t;
    return t;
  }
  static std::int64_t& hospital1() {
    static std::int64_t id = 0;
    return id;
  }

  void SetUp() override {
    if (!tokens().empty()) return;
    auto client = api();
    std::string admin = client.login("admin");
    std::map<std::string, std::int64_t> orgs;
    auto listed = client.get("/api/v1/organizations?limit=200", admin);
    ASSERT_EQ(listed.status, 200) << listed.raw;
    for (const auto& o : listed.body["items"]) orgs[o["name"].get<std::string>()] = o["id"].get<std::int64_t>();
    hospital1() = orgs.at("明湖市第一人民医院");
    for (auto [name, role, org] :
         {std::tuple{"pdf_officer2", "medical_officer", std::optional(orgs.at("明湖市中医院"))},
          std::tuple{"pdf_patient2", "patient", std::optional<std::int64_t>()}}) {
      json body{{"username", name}, {"display_name", name}, {"password", "medrisk-demo"}, {"roles", {role}}};
      if (org) body["organization_id"] = *org;
      ASSERT_EQ(client.post("/api/v1/users", body, admin).status, 201);
    }
    for (const char* u : {"patient", "pdf_patient2", "officer", "pdf_officer2", "mediator"})
      tokens()[u] = client.login(u);
  }
  std::string t(const std::string& user) { return tokens().at(user); }
  std::string path(std::int64_t id, const std::string& rest) { return "/api/v1/cases/" + std::to_string(id) + rest; }

  // A case of 明湖市第一人民医院 in mediation with a drafted agreement of 224,562.00 CNY.
  std::int64_t case_with_draft() {
    auto filed = api().post("/api/v1/cases",
                            {{"institution_org_id", hospital1()},
                             {"case_type", "other_harm"},
                             {"department", "骨科"},
                             {"incident_date", "2025-10-20"},
                             {"narrative", "术后切口感染，二次手术。"},
                             {"compensation_demand_fen", 30000000}},
                            t("patient"));
    EXPECT_EQ(filed.status, 201) << filed.raw;
    std::int64_t id = filed.body["id"];
    for (json step : {json{{"action", "accept"}, {"channel", "people_mediation"}},
                      json{{"action", "start_investigation"}}, json{{"action", "start_mediation"}}}) {
      auto r = api().post(path(id, "/transitions"), step, t("mediator"));
      EXPECT_EQ(r.status, 200) << r.raw;
    }
    auto drafted = api().post(
        path(id, "/agreement"),
        {{"amount_fen", 22456200},
         {"payers",
          {{{"payer", "insurer"}, {"amount_fen", 20000000}}, {{"payer", "institution"}, {"amount_fen", 2456200}}}}},
        t("mediator"));
    EXPECT_EQ(drafted.status, 201) << drafted.raw;
    return id;
  }
};

TEST_F(AgreementPdfApi, TheSignedAgreementNamesThePartiesTheAmountInFiguresAndCapitalsAndBothSignatures) {
  std::int64_t id = case_with_draft();
  std::string url = path(id, "/agreement/document.pdf");

  auto draft = api().get(url, t("patient"));
  ASSERT_EQ(draft.status, 200) << draft.raw;
  EXPECT_EQ(draft.content_type, "application/pdf");
  EXPECT_EQ(draft.raw.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(draft.header("X-Document-Version"), "1");
  EXPECT_NE(without_whitespace(pdf_to_text(draft.raw)).find("草稿"), std::string::npos)
      << "unsigned: marked as a draft";

  ASSERT_EQ(api().post(path(id, "/agreement/signatures"), {{"signature_text", "郑晓禾"}}, t("patient")).status, 200);
  ASSERT_EQ(api().post(path(id, "/agreement/signatures"), {{"signature_text", "周明远"}}, t("officer")).status, 200);

  auto signed_pdf = api().get(url, t("patient"));
  ASSERT_EQ(signed_pdf.status, 200) << signed_pdf.raw;
  EXPECT_EQ(signed_pdf.header("X-Document-Version"), "2") << "the signatures changed the content: a new version";
  EXPECT_NE(signed_pdf.header("X-Document-Digest"), draft.header("X-Document-Digest"));
  std::string text = pdf_to_text(signed_pdf.raw);
  std::string flat = without_whitespace(text);
  for (const char* part :
       {"医疗纠纷人民调解协议书", "患者郑晓禾", "明湖市第一人民医院", "224,562.00", "贰拾贰万肆仟伍佰陆拾贰元整",
        "200,000.00", "贰拾万元整", "24,562.00", "贰万肆仟伍佰陆拾贰元整", "第三十九条", "司法确认"})
    EXPECT_NE(flat.find(part), std::string::npos) << part << "\n" << text;
  // Both signatures, each under its side's heading.
  auto patient_sig = flat.find("患方（签名）");
  auto provider_sig = flat.find("医方（签名或者盖章）");
  ASSERT_NE(patient_sig, std::string::npos);
  ASSERT_NE(provider_sig, std::string::npos);
  EXPECT_NE(flat.find("郑晓禾", patient_sig), std::string::npos);
  EXPECT_NE(flat.find("周明远", provider_sig), std::string::npos);
  EXPECT_EQ(flat.find("草稿"), std::string::npos);
  EXPECT_EQ(flat.find("未签署"), std::string::npos);
  EXPECT_EQ(flat.find("{{"), std::string::npos) << "every placeholder filled";
  EXPECT_EQ(text.find("术后切口感染"), std::string::npos) << "the patient's narrative is not printed";
  EXPECT_NE(flat.find(signed_pdf.header("X-Document-Digest")), std::string::npos) << "the footer's digest";
  EXPECT_EQ(signed_pdf.header("X-Content-SHA256").size(), 64u);

  // No tofu: every font embedded, every character of the text in the Noto CJK fonts' coverage.
  auto fonts = pdf_fonts(signed_pdf.raw);
  ASSERT_FALSE(fonts.empty());
  for (const auto& f : fonts) {
    EXPECT_NE(f.find("Noto"), std::string::npos) << f;
    EXPECT_NE(f.find(" yes "), std::string::npos) << "embedded: " << f;
  }
  EXPECT_EQ(uncovered_code_points(text), std::vector<std::string>{});
  EXPECT_GE(rendered_pages(signed_pdf.raw), 1) << "pdftoppm draws every page without a complaint";

  // The same content again: the same version and the same bytes, for every reader of the case.
  auto again = api().get(url, t("officer"));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.header("X-Document-Version"), "2");
  EXPECT_TRUE(again.raw == signed_pdf.raw) << "byte-identical second download";
  auto mediator = api().get(url, t("mediator"));
  EXPECT_TRUE(mediator.raw == signed_pdf.raw);
}

TEST_F(AgreementPdfApi, AnotherOrganizationOrPatientGets404LikeTheCase) {
  std::int64_t id = case_with_draft();
  std::string url = path(id, "/agreement/document.pdf");
  expect_problem(api().get(url, t("pdf_officer2")), 404, "resource_not_found");
  expect_problem(api().get(url, t("pdf_patient2")), 404, "resource_not_found");
  expect_problem(api().get(path(id, ""), t("pdf_officer2")), 404, "resource_not_found");
  EXPECT_EQ(api().get(url).status, 401);
  expect_problem(api().get(path(999999, "/agreement/document.pdf"), t("officer")), 404, "resource_not_found");
}

TEST_F(AgreementPdfApi, ACaseWithoutAnAgreementHasNoDocument) {
  auto filed = api().post("/api/v1/cases",
                          {{"institution_org_id", hospital1()},
                           {"case_type", "other_harm"},
                           {"department", "骨科"},
                           {"incident_date", "2025-11-02"},
                           {"narrative", "术后发热。"},
                           {"compensation_demand_fen", 100000}},
                          t("patient"));
  ASSERT_EQ(filed.status, 201);
  auto r = api().get(path(filed.body["id"], "/agreement/document.pdf"), t("patient"));
  EXPECT_EQ(r.status, api().get(path(filed.body["id"], "/agreement"), t("patient")).status);
  EXPECT_EQ(r.body.value("code", ""), "agreement_missing");
}

// The legal-aid "1+3" documents as PDFs: the same readers and refusals as the Markdown route, the case's
// values in extractable Chinese text, no character outside the fonts.
TEST_F(AgreementPdfApi, LegalAidDocumentsArePdfsForTheirReadersOnly) {
  auto filed = api().post("/api/v1/cases",
                          {{"institution_org_id", hospital1()},
                           {"case_type", "other_harm"},
                           {"department", "骨科"},
                           {"incident_date", "2025-10-20"},
                           {"narrative", "术后切口感染，二次手术。"},
                           {"compensation_demand_fen", 800000}},
                          t("patient"));
  ASSERT_EQ(filed.status, 201);
  std::int64_t id = filed.body["id"];
  for (const char* tpl : {"complaint_letter", "mediation_application", "statement_of_claim"}) {
    std::string url = path(id, std::string("/documents/") + tpl + "/document.pdf");
    auto r = api().get(url, t("patient"));
    ASSERT_EQ(r.status, 200) << tpl << r.raw;
    EXPECT_EQ(r.content_type, "application/pdf");
    std::string text = pdf_to_text(r.raw), flat = without_whitespace(text);
    for (const char* part :
         {"明湖市第一人民医院", "骨科", "2025年10月20日", "人民币8,000.00元", "术后切口感染，二次手术。"})
      EXPECT_NE(flat.find(part), std::string::npos) << tpl << ": " << part << "\n" << text;
    EXPECT_EQ(flat.find("{{"), std::string::npos) << tpl;
    EXPECT_EQ(flat.find("#"), std::string::npos) << tpl << ": Markdown marks are layout, not text";
    EXPECT_EQ(uncovered_code_points(text), std::vector<std::string>{}) << tpl;
    EXPECT_GE(rendered_pages(r.raw), 1) << tpl;
    EXPECT_TRUE(api().get(url, t("patient")).raw == r.raw) << tpl << ": byte-identical on the same day";
    EXPECT_EQ(api().get(url, t("officer")).status, 200) << tpl;
    expect_problem(api().get(url, t("mediator")), 403, "document_not_for_role");
    expect_problem(api().get(url, t("pdf_officer2")), 404, "resource_not_found");
  }
  expect_problem(api().get(path(id, "/documents/will_and_testament/document.pdf"), t("patient")), 404,
                 "document_template_unknown");
}

}  // namespace
}  // namespace medrisk::testing
