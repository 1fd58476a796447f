// Chinese capital amounts (大写) as printed on agreements and notices: the worked examples of the
// People's Bank of China rules, the zero rules at every section boundary, the edges of Money, and a
// round trip through an independent reader over many amounts (so no value is written ambiguously).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>

#include "kernel/chinese_amount.hpp"

namespace medrisk {
namespace {

std::string cap(std::int64_t fen) {
  return chinese_capital_amount(Money::from_fen(fen));
}

TEST(ChineseCapitalAmount, WritesTheWorkedExamplesOfThePaymentRules) {
  // 《正确填写票据和结算凭证的基本规定》 examples, and the agreement amount of the issue.
  EXPECT_EQ(cap(22'456'200), "贰拾贰万肆仟伍佰陆拾贰元整");
  EXPECT_EQ(cap(1'640'902), "壹万陆仟肆佰零玖元零贰分");  // 角 is 0, 分 is not: 零 is mandatory
  EXPECT_EQ(cap(168'032), "壹仟陆佰捌拾元零叁角贰分");    // 元 digit 0, 角 not: the rule's first form
  EXPECT_EQ(cap(10'700'053), "壹拾万柒仟元零伍角叁分");
  EXPECT_EQ(cap(32'504), "叁佰贰拾伍元零肆分");
  EXPECT_EQ(cap(140'950), "壹仟肆佰零玖元伍角");  // no 整 after 角
  EXPECT_EQ(cap(600'714), "陆仟零柒元壹角肆分");
}

TEST(ChineseCapitalAmount, CollapsesZerosOnceAndKeepsTheLeadingTen) {
  EXPECT_EQ(cap(0), "零元整");
  EXPECT_EQ(cap(50), "伍角");
  EXPECT_EQ(cap(5), "伍分");
  EXPECT_EQ(cap(1'000), "壹拾元整");
  EXPECT_EQ(cap(101'000), "壹仟零壹拾元整");
  EXPECT_EQ(cap(100'100), "壹仟零壹元整");
  EXPECT_EQ(cap(1'000'000), "壹万元整");
  EXPECT_EQ(cap(1'000'100), "壹万零壹元整");
  EXPECT_EQ(cap(100'100'000), "壹佰万壹仟元整");
  EXPECT_EQ(cap(100'001'000), "壹佰万零壹拾元整");
  EXPECT_EQ(cap(10'000'010'000), "壹亿零壹佰元整");
  EXPECT_EQ(cap(10'100'000'000), "壹亿零壹佰万元整");
  EXPECT_EQ(cap(11'000'000'000), "壹亿壹仟万元整");
  EXPECT_EQ(cap(100'000'000'000'000), "壹万亿元整");
  EXPECT_EQ(cap(150'000'000), "壹佰伍拾万元整");  // the negligence limit per incident
  EXPECT_EQ(cap(-1'230), "负壹拾贰元叁角");
}

TEST(ChineseCapitalAmount, HandlesTheEdgesOfMoney) {
  EXPECT_EQ(cap(std::numeric_limits<std::int64_t>::max()),
            "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分");
  EXPECT_EQ(cap(std::numeric_limits<std::int64_t>::min()),
            "负玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分");
}

// An independent reader: 零 is skipped, a digit waits for its place (拾佰仟), 万 and 亿 close a section.
std::int64_t read_back(const std::string& s) {
  static const std::map<std::string, int> digits = {{"零", 0}, {"壹", 1}, {"贰", 2}, {"叁", 3}, {"肆", 4},
                                                    {"伍", 5}, {"陆", 6}, {"柒", 7}, {"捌", 8}, {"玖", 9}};
  std::int64_t yi_part = 0, wan_part = 0, section = 0, digit = 0, yuan = 0, fen = 0;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    std::string ch = s.substr(i, 3);
    if (auto d = digits.find(ch); d != digits.end())
      digit = d->second;
    else if (ch == "拾")
      section += digit * 10, digit = 0;
    else if (ch == "佰")
      section += digit * 100, digit = 0;
    else if (ch == "仟")
      section += digit * 1000, digit = 0;
    else if (ch == "万")
      wan_part = (section + digit) * 10'000, section = digit = 0;
    else if (ch == "亿")
      yi_part = (yi_part + wan_part + section + digit) * 100'000'000, wan_part = section = digit = 0;
    else if (ch == "元")
      yuan = yi_part + wan_part + section + digit, digit = 0;
    else if (ch == "角")
      fen += digit * 10, digit = 0;
    else if (ch == "分")
      fen += digit, digit = 0;
    else if (ch == "整") {
    } else
      ADD_FAILURE() << "unexpected character " << ch << " in " << s;
  }
  return yuan * 100 + fen;
}

TEST(ChineseCapitalAmount, ReadsBackToTheSameAmountWithoutDoubledOrDanglingZeros) {
  std::mt19937_64 rng(20260301);
  for (int i = 0; i < 200'000; ++i) {
    // Amounts with many zero digits are where the rules bite: draw digits with zeros weighted up.
    std::int64_t fen = 0;
    int length = 1 + static_cast<int>(rng() % 15);
    for (int d = 0; d < length; ++d) fen = fen * 10 + (rng() % 3 == 0 ? static_cast<std::int64_t>(rng() % 10) : 0);
    if (fen == 0) continue;  // 零元整, checked above
    std::string s = cap(fen);
    ASSERT_EQ(read_back(s), fen) << s;
    EXPECT_EQ(s.find("零零"), std::string::npos) << s;
    EXPECT_EQ(s.find("零元"), std::string::npos) << s;
    EXPECT_EQ(s.find("零万"), std::string::npos) << s;
    EXPECT_EQ(s.find("零亿"), std::string::npos) << s;
    EXPECT_TRUE(s.ends_with("整") == (fen % 100 == 0)) << s;
  }
}

}  // namespace
}  // namespace medrisk
