// The legal-aid "1+3" documents: data/disputes/templates/*.md filled from a case by the pure renderer
// (party names, institution, incident date, facts only with consent, the demand in CNY from fen).
#include <gtest/gtest.h>

#include <cstdlib>

#include "modules/disputes/documents.hpp"
#include "modules/disputes/api.hpp"

namespace medrisk::disputes {
namespace {

std::filesystem::path templates_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return std::filesystem::path(s ? s : ".") / "data/disputes/templates";
}

DocumentFacts case_of_wang(std::optional<std::string> facts) {
  return {7, "王小明", "明湖市第一人民医院", "骨科", "disability", *Date::parse("2026-03-05"), std::move(facts),
          Money::from_fen(12345678), *Date::parse("2026-11-25")};
}

TEST(Documents, PlaceholdersAreReplacedAndUnknownOnesStayVisible) {
  struct Row {
    std::string body, expected;
  } rows[] = {
      {"投诉人：{{patient_name}}", "投诉人：王小明"},
      {"{{institution_name}}{{department}}", "明湖市第一人民医院骨科"},
      {"共计{{demand_cny}}", "共计人民币 123,456.78 元"},
      {"于{{incident_date}}", "于2026年3月5日"},
      {"{{no_such_field}}", "{{no_such_field}}"},
      {"未闭合 {{patient_name", "未闭合 {{patient_name"},
      {"", ""},
  };
  auto values = document_values(case_of_wang("术后感染。"));
  for (const auto& r : rows) EXPECT_EQ(render_document(r.body, values), r.expected) << r.body;
}

TEST(Documents, FactsAppearOnlyWhenTheReaderMaySeeTheNarrative) {
  EXPECT_EQ(document_values(case_of_wang("术后感染。")).at("facts"), "术后感染。");
  auto withheld = document_values(case_of_wang(std::nullopt)).at("facts");
  EXPECT_EQ(withheld.find("术后感染"), std::string::npos);
  EXPECT_NE(withheld.find("患者本人补充"), std::string::npos);
}

TEST(Documents, EachOfTheThreeTemplatesRendersCompletelyFromACase) {
  auto templates = load_templates(templates_dir());
  struct Row {
    std::string id, title, must_contain;
  } rows[] = {
      {"complaint_letter", "投诉书", "投诉人：王小明"},
      {"mediation_application", "医疗纠纷人民调解申请书", "被申请人：明湖市第一人民医院"},
      {"statement_of_claim", "民事起诉状", "原告：王小明"},
  };
  auto values = document_values(case_of_wang("术后感染。"));
  for (const auto& r : rows) {
    const auto& t = templates.at(r.id);
    EXPECT_EQ(t.title, r.title);
    std::string doc = render_document(t.body, values);
    EXPECT_NE(doc.find(r.must_contain), std::string::npos) << r.id;
    EXPECT_NE(doc.find("人民币 123,456.78 元"), std::string::npos) << r.id;
    EXPECT_NE(doc.find("2026年3月5日"), std::string::npos) << r.id;
    EXPECT_NE(doc.find("术后感染。"), std::string::npos) << r.id;
    EXPECT_EQ(doc.find("{{"), std::string::npos) << r.id << " leaves a placeholder unfilled";
  }
}

}  // namespace
}  // namespace medrisk::disputes
