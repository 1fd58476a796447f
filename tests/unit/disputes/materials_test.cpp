// The claim materials checklist from data/disputes/materials.json, the negotiation threshold from
// data/disputes/negotiation.json, the attachment checks (named limits) and who needs consent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/disputes/errors.hpp"
#include "modules/disputes/rules.hpp"

namespace medrisk::disputes {
namespace {

nlohmann::json load(const char* name) {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  std::ifstream in(std::filesystem::path(s ? s : ".") / "data/disputes" / name);
  return nlohmann::json::parse(in);
}

TEST(Materials, EachCaseTypeHasItsChecklistAndThePatientSeesWhatIsMissing) {
  auto p = materials_params_from_json(load("materials.json"));
  ASSERT_TRUE(p.ok()) << p.error().detail;
  const auto& death = p->by_case_type.at("death");
  std::vector<MaterialStatus> recorded = {{"death_certificate", "accepted", {}},
                                          {"kinship_proof", "rejected", "盖章不清"},
                                          {"claimant_identity", "uploaded", {}}};
  auto missing = missing_items(death, recorded);
  EXPECT_EQ(missing, (std::vector<std::string>{"compensation_demand_letter", "claimant_identity", "medical_records_copy",
                                               "autopsy_report_or_waiver", "kinship_proof", "medical_expense_invoices"}));
  auto status = checklist_status(death, recorded);
  EXPECT_EQ(status.size(), death.size());
  EXPECT_EQ(status[5].status, "rejected");
  std::vector<MaterialStatus> all;
  for (const auto& i : death)
    if (i.required) all.push_back({i.id, "accepted", {}});
  EXPECT_TRUE(missing_items(death, all).empty()) << "optional funeral invoices do not block payment";
  EXPECT_TRUE(p->by_case_type.contains("disability"));
  EXPECT_TRUE(p->by_case_type.contains("other_harm"));
}

TEST(Negotiation, ThresholdPerRegionFallsBackToTheProvince) {
  auto p = negotiation_params_from_json(load("negotiation.json"));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(negotiation_threshold(*p, "440000"), Money::from_fen(1'000'000));
  EXPECT_EQ(negotiation_threshold(*p, "440106"), Money::from_fen(1'000'000)) << "a Guangdong district";
  EXPECT_EQ(negotiation_threshold(*p, "110000"), std::nullopt) << "no national amount";
  EXPECT_EQ(p->max_representatives_per_side, 5);
}

TEST(Attachments, TypeSizeAndContentAreChecked) {
  std::string pdf = "%PDF-1.7\n...";
  std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "data";
  std::string jpeg = "\xFF\xD8\xFF\xE0 jfif";
  struct C { std::string type, content, code; };
  const std::vector<C> table = {
      {"application/pdf", pdf, ""},
      {"image/png", png, ""},
      {"image/jpeg", jpeg, ""},
      {"application/pdf", "", std::string(errors::attachment_empty)},
      {"application/zip", "PK\x03\x04", std::string(errors::attachment_type_not_allowed)},
      {"image/png", pdf, std::string(errors::attachment_content_does_not_match_type)},
      {"application/pdf", "%PDF-" + std::string(kMaxAttachmentBytes - 5, 'x'), ""},
      {"application/pdf", "%PDF-" + std::string(kMaxAttachmentBytes - 4, 'x'), std::string(errors::attachment_too_large)},
  };
  for (const auto& c : table) {
    auto s = check_attachment(c.type, c.content);
    EXPECT_EQ(s.ok() ? "" : s.error().code, c.code) << c.type << " " << c.content.size();
  }
}

TEST(Consent, WhoNeedsThePatientsConsent) {
  // Which grant counts, and for which role, is the consent module's rule (tests/unit/consent).
  EXPECT_FALSE(needs_consent({"patient"}));
  EXPECT_FALSE(needs_consent({"medical_officer"}));
  for (const char* r : {"mediator", "adjuster", "expert", "lawyer", "regulator", "platform_admin"})
    EXPECT_TRUE(needs_consent({r})) << r;
}

}  // namespace
}  // namespace medrisk::disputes
