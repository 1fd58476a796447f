// Moderation of review comments against data/reviews/moderation.json: what is masked (phone, ID with a
// valid GB 11643 check character, 15-digit ID with a real birth date, Luhn card, e-mail) and what is
// held for a moderator because the rules cannot mask it safely (an ID with a wrong check character,
// a local number without area code, numbers written in Chinese numerals).
#include <gtest/gtest.h>

#include "modules/reviews/parameters.hpp"

namespace medrisk::reviews {
namespace {

const ModerationRules& rules() {
  static const ModerationRules r = load_parameters("data/reviews").moderation;
  return r;
}

TEST(Gb11643, CheckCharacterOfTheStandardsExample) {
  EXPECT_EQ(gb11643_check_character("11010519491231002"), 'X');
  EXPECT_TRUE(gb11643_valid("11010519491231002X"));
  EXPECT_TRUE(gb11643_valid("11010519491231002x"));
  EXPECT_FALSE(gb11643_valid("110105194912310021"));  // wrong check character
  EXPECT_FALSE(gb11643_valid("110105194913310025"));  // month 13 (check character recomputed below)
  EXPECT_FALSE(gb11643_valid("11010519491231002"));   // 17 characters
}

TEST(Gb11643, BirthDateMustBeReal) {
  std::string first = "11010519490230002";  // 30 February
  std::string id = first + gb11643_check_character(first);
  EXPECT_FALSE(gb11643_valid(id));
}

TEST(Id15, BirthDateDecides) {
  EXPECT_TRUE(id15_valid("110105491231002"));   // 1949-12-31
  EXPECT_FALSE(id15_valid("110105491331002"));  // month 13
  EXPECT_FALSE(id15_valid("11010549123100"));   // 14 digits
}

TEST(Luhn, KnownNumbers) {
  EXPECT_TRUE(luhn_valid("4111111111111111"));
  EXPECT_TRUE(luhn_valid("4111 1111 1111 1111"));
  EXPECT_FALSE(luhn_valid("4111111111111112"));
  EXPECT_FALSE(luhn_valid("411111111111"));  // too short for a card
}

struct Case {
  std::string comment;
  std::string must_vanish;  // empty: nothing to hide
  bool held;
  std::string finding;
};

TEST(Moderate, MasksOrHoldsTableOfComments) {
  std::vector<Case> table = {
      {"医生态度好，请联系我13800138000谢谢", "13800138000", false, "mobile_phone"},
      {"电话 138 0013 8000", "0013 8000", false, "mobile_phone"},
      {"call +86 139-1234-5678 please", "1234-5678", false, "mobile_phone"},
      {"科室电话020-87654321", "87654321", false, "landline"},
      {"(0755)12345678 找王医生", "12345678", false, "landline"},
      {"身份证11010519491231002X登记错了", "11010519491231002X", false, "id_number"},
      {"身份证11010519491231002x", "11010519491231002x", false, "id_number"},
      {"老身份证110105491231002", "110105491231002", false, "id_number"},
      {"卡号4111111111111111退款", "4111111111111111", false, "bank_card"},
      {"卡号 6228 4800 0000 0000 006", "", false, ""},  // filled below: a Luhn-valid 19-digit card with spaces
      {"邮箱 zheng.xiaohe@example.com 联系", "zheng.xiaohe@example.com", false, "email"},
      {"电话１３８００１３８０００", "８", false, "mobile_phone"},  // full-width digits
      {"花了12000元，等了3小时", "", false, ""},
      // Held: the rules cannot tell what it is, so a moderator decides.
      {"身份证110105194912310021请核实", "", true, "unmaskable_number"},
      {"老身份证110105491331002", "", true, "unmaskable_number"},
      {"打8765 4321找我", "", true, "unmaskable_number"},
      {"电话一三八零零一三八零零零", "", true, "unmaskable_number_in_words"},
      {"写信到 someone@localhost", "", true, "unmaskable_email"},
  };
  // A 19-digit card with the Luhn check digit appended, written in groups.
  std::string base = "622848000000000000";
  char last = '0';
  for (char c = '0'; c <= '9'; ++c)
    if (luhn_valid(base + c)) last = c;
  table[9] = {"卡号 6228 4800 0000 0000 00" + std::string(1, last), "0000 0000", false, "bank_card"};

  for (const auto& row : table) {
    Moderation m = moderate(row.comment, rules());
    EXPECT_EQ(m.held, row.held) << row.comment << " → " << m.masked;
    if (!row.must_vanish.empty()) EXPECT_EQ(m.masked.find(row.must_vanish), std::string::npos) << m.masked;
    if (!row.finding.empty())
      EXPECT_NE(std::find(m.findings.begin(), m.findings.end(), row.finding), m.findings.end())
          << row.comment << " lacks " << row.finding;
    if (row.finding.empty()) EXPECT_EQ(m.masked, row.comment);
  }
}

TEST(Moderate, InvalidIdIsNotMaskedAsAnId) {
  Moderation m = moderate("身份证110105194912310021", rules());
  EXPECT_TRUE(m.held);
  EXPECT_EQ(std::find(m.findings.begin(), m.findings.end(), "id_number"), m.findings.end());
}

TEST(Moderate, PublishedTextKeepsNoDigitRunOfAPhoneOrId) {
  Moderation m = moderate("我 13800138000，身份证 11010519491231002X，邮箱 a.b@example.com", rules());
  ASSERT_FALSE(m.held);
  int run = 0, longest = 0;
  for (char c : m.masked) longest = std::max(longest, run = (c >= '0' && c <= '9') ? run + 1 : 0);
  EXPECT_EQ(longest, 0) << m.masked;
  EXPECT_EQ(m.masked.find('@'), std::string::npos);
}

TEST(Moderate, MaskKeepsTheRestOfTheComment) {
  Moderation m = moderate("请回电13800138000，谢谢", rules());
  EXPECT_EQ(m.masked, "请回电***********，谢谢");
}

// Staff names: the directory's display names of the institution are passed in (no database here).
const std::vector<std::string> kStaff = {"医务科 周明远", "骨科 吴思齐 医师", "理赔主管 欧阳澄", "张三丰", "护士 李 娜"};

TEST(StaffNames, PersonalNamesAreTakenFromDisplayNamesNotTitlesOrDepartments) {
  auto names = staff_personal_names(kStaff, rules().staff_names);
  EXPECT_EQ(names, (std::vector<std::string>{"周明远", "吴思齐", "欧阳澄", "张三丰"}))
      << "医务科, 骨科, 医师, 理赔主管 and a lone 李 are not names";
  EXPECT_TRUE(staff_personal_names({"张医生", "李主任", "王护士"}, rules().staff_names).empty())
      << "a surname with a title is a role";
  EXPECT_TRUE(staff_personal_names({"Dr Zhang", "核保"}, rules().staff_names).empty());
}

TEST(StaffNames, MaskKeepsTheSurnameOnly) {
  const auto& r = rules().staff_names;
  EXPECT_EQ(mask_staff_name("张三丰", r, '*'), "张**");
  EXPECT_EQ(mask_staff_name("吴思齐", r, '*'), "吴**");
  EXPECT_EQ(mask_staff_name("欧阳澄", r, '*'), "欧阳*");
  EXPECT_EQ(mask_staff_name("李娜", r, '*'), "李*");
}

TEST(StaffNames, CommentsLoseTheNamesButKeepRolesAndTheRest) {
  Moderation m = moderate("张三丰医生手术很好，张医生也耐心；周明远主任没回电话", rules(), kStaff);
  EXPECT_EQ(m.masked, "张**医生手术很好，张医生也耐心；周**主任没回电话");
  EXPECT_FALSE(m.held);
  EXPECT_NE(std::find(m.findings.begin(), m.findings.end(), "staff_name"), m.findings.end());
  Moderation both = moderate("欧阳澄让我打13800138000", rules(), kStaff);
  EXPECT_EQ(both.masked, "欧阳*让我打***********");
  Moderation none = moderate("张医生很好", rules(), kStaff);
  EXPECT_EQ(none.masked, "张医生很好");
  EXPECT_TRUE(none.findings.empty());
  EXPECT_EQ(moderate("张三丰医生很好", rules()).masked, "张三丰医生很好") << "no directory, nothing to mask";
}

}  // namespace
}  // namespace medrisk::reviews
