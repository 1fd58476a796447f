// Witnessing rules: the procedure templates of data/witnessing/, initials on the public page, what may
// change in which state, attachment checks by first bytes, and the canonical form that is sealed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "modules/witnessing/api.hpp"
#include "modules/witnessing/errors.hpp"
#include "modules/witnessing/rules.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::witnessing {
namespace {

using nlohmann::json;

const Templates& templates() {
  static const Templates t = load_templates("data/witnessing");
  return t;
}

WitnessRecord record() {
  const ProcedureTemplate* t = templates().find("51.23");
  WitnessRecord r;
  r.public_id = "AbCdEfGhIjKlMnOp";
  r.institution_id = 3;
  r.institution_name = "明湖市第一人民医院";
  r.surgeon_user_id = 7;
  r.surgeon_name = "吴思齐";
  r.procedure_code = t->code;
  r.procedure_name_zh = t->name_zh;
  r.templates_version = "2026-12";
  r.procedure_date = *Date::parse("2026-12-20");
  r.status = "draft";
  r.risks = risks_from(*t);
  r.personal.patient_name = "郑晓禾";
  r.personal.patient_phone = "17012340001";
  r.personal.questions = {{"住院几天？", "两到三天。"}};
  r.personal.salt = "salt";
  return r;
}

void acknowledge_all(WitnessRecord& r) {
  for (auto& k : r.risks) k.acknowledged_at = "2026-12-07T08:00:00Z";
}

TEST(WitnessTemplates, FiveCommonProceduresWithRisksAndAlternatives) {
  const Templates& t = templates();
  for (const char* code : {"51.23", "47.01", "74.1", "81.54", "00.66"}) {
    const ProcedureTemplate* p = t.find(code);
    ASSERT_NE(p, nullptr) << code;
    EXPECT_GE(p->risks.size(), 5u) << code;
    EXPECT_FALSE(p->alternatives.empty()) << code;
  }
  EXPECT_EQ(t.find("99.99"), nullptr);
  EXPECT_EQ(t.find("74.1")->name_zh, "子宫下段剖宫产术");
}

TEST(WitnessTemplates, ADuplicateRiskKeyIsRefused) {
  json j = {{"version", "x"},
            {"procedures",
             {{{"code", "1"}, {"name_zh", "a"}, {"name_en", "a"}, {"alternatives", json::array()},
               {"risks", {{{"key", "k"}, {"zh", "a"}, {"en", "a"}}, {{"key", "k"}, {"zh", "b"}, {"en", "b"}}}}}}}};
  EXPECT_THROW(parse_templates(j), std::runtime_error);
}

TEST(WitnessInitials, SurnameAndStarsForChineseFirstLettersForLatin) {
  EXPECT_EQ(initials("郑晓禾"), "郑**");
  EXPECT_EQ(initials("王伟"), "王*");
  EXPECT_EQ(initials("欧"), "欧*");
  EXPECT_EQ(initials("John Smith"), "J. S.");
  EXPECT_EQ(initials("anna-lena meyer"), "A. L. M.");
  EXPECT_EQ(initials(""), "");
}

TEST(WitnessStates, ContentLocksAtTheFirstSignatureAndEverythingAtTheSeal) {
  WitnessRecord r = record();
  EXPECT_TRUE(check_content_editable(r).ok());
  EXPECT_EQ(stage(r), "draft");
  r.personal.surgeon_signature = Signature{"吴思齐", "2026-12-07T08:00:00Z", 7, "d"};
  EXPECT_EQ(stage(r), "awaiting_patient");
  EXPECT_EQ(check_content_editable(r).error().code, errors::witness_record_signed);
  EXPECT_EQ(check_sign(r, true).error().code, errors::witness_already_signed);
  r.status = "sealed";
  EXPECT_EQ(stage(r), "sealed");
  EXPECT_EQ(check_content_editable(r).error().code, errors::witness_record_sealed);
  EXPECT_EQ(check_acknowledge(r, "bleeding").error().code, errors::witness_record_sealed);
  EXPECT_EQ(check_sign(r, false).error().code, errors::witness_record_sealed);
}

TEST(WitnessStates, ThePatientAcknowledgesEachRiskOnceThenSigns) {
  WitnessRecord r = record();
  EXPECT_EQ(check_sign(r, false).error().code, errors::witness_risks_not_all_acknowledged);
  EXPECT_EQ(check_acknowledge(r, "no_such_risk").error().code, errors::witness_risk_unknown);
  EXPECT_TRUE(check_acknowledge(r, "bleeding").ok());
  r.risks[0].acknowledged_at = "2026-12-07T08:00:00Z";
  EXPECT_EQ(check_acknowledge(r, r.risks[0].key).error().code, errors::witness_risk_already_acknowledged);
  EXPECT_EQ(acknowledged_count(r), 1);
  EXPECT_EQ(check_sign(r, false).error().code, errors::witness_risks_not_all_acknowledged);
  acknowledge_all(r);
  EXPECT_TRUE(check_sign(r, false).ok());
  EXPECT_TRUE(check_sign(r, true).ok()) << "the surgeon may sign before or after the patient";
}

TEST(WitnessAttachments, TypesAreCheckedByTheirFirstBytes) {
  EXPECT_TRUE(check_attachment("image/jpeg", "\xFF\xD8\xFF\xE0 jpeg").ok());
  EXPECT_TRUE(check_attachment("image/png", std::string("\x89PNG\r\n\x1A\n rest", 13)).ok());
  EXPECT_TRUE(check_attachment("audio/mpeg", "ID3\x03 mp3").ok());
  EXPECT_TRUE(check_attachment("audio/wav", std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16)).ok());
  EXPECT_TRUE(check_attachment("video/mp4", std::string("\0\0\0\x18" "ftypmp42", 12)).ok());
  EXPECT_TRUE(check_attachment("application/pdf", "%PDF-1.7").ok());
  EXPECT_EQ(check_attachment("image/png", "\xFF\xD8\xFF\xE0").error().code, errors::witness_attachment_content_does_not_match_type);
  EXPECT_EQ(check_attachment("text/plain", "hello").error().code, errors::witness_attachment_type_not_allowed);
  EXPECT_EQ(check_attachment("image/jpeg", "").error().code, errors::witness_attachment_empty);
  std::string big(kMaxAttachmentBytes + 1, 'x');
  big.replace(0, 3, "\xFF\xD8\xFF");
  EXPECT_EQ(check_attachment("image/jpeg", big).error().code, errors::witness_attachment_too_large);
  EXPECT_EQ(attachment_kind("audio/mp4"), "audio");
  EXPECT_EQ(attachment_kind("video/webm"), "video");
  EXPECT_EQ(attachment_kind("image/png"), "photo");
}

TEST(WitnessCanonicalForm, SortedCompactAndWithoutPersonalDataBeyondInitials) {
  WitnessRecord r = record();
  acknowledge_all(r);
  r.personal.surgeon_signature = Signature{"吴思齐", "2026-12-07T08:01:00Z", 7, session_digest(11, r.public_id)};
  r.personal.patient_signature = Signature{"郑晓禾", "2026-12-07T08:02:00Z", 9, session_digest(12, r.public_id)};
  std::string c = canonical_form(r, "2026-12-07T08:02:00Z");
  EXPECT_EQ(c, json::parse(c).dump()) << "canonical: what parsing and dumping again gives";
  EXPECT_EQ(c.find('\n'), std::string::npos);
  EXPECT_LT(c.find("\"attachments\""), c.find("\"format\"")) << "keys sorted";
  for (const char* personal : {"郑晓禾", "17012340001", "住院几天", "两到三天", "吴思齐"})
    EXPECT_EQ(c.find(personal), std::string::npos) << personal;
  json j = json::parse(c);
  EXPECT_EQ(j["format"], kCanonicalFormat);
  EXPECT_EQ(j["patient"]["initials"], "郑**");
  EXPECT_EQ(j["risks"].size(), r.risks.size());
  EXPECT_EQ(j["questions_count"], 1);
  EXPECT_EQ(j["personal_digest"], personal_digest(r.personal));
  EXPECT_EQ(canonical_form(r, "2026-12-07T08:02:00Z"), c) << "deterministic";
}

TEST(WitnessCanonicalForm, AnyChangeOfThePersonalPartChangesTheDigest) {
  WitnessRecord r = record();
  std::string before = personal_digest(r.personal);
  r.personal.questions[0].answer = "三天。";
  EXPECT_NE(personal_digest(r.personal), before);
  WitnessRecord s = record();
  s.personal.salt = "another";
  EXPECT_NE(personal_digest(s.personal), before) << "salted: the digest does not let anyone test a guessed name";
  EXPECT_NE(session_digest(1, "a"), session_digest(2, "a"));
}

}  // namespace
}  // namespace medrisk::witnessing
