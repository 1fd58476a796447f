// Partner signatures and visit-policy rules as a hospital's integrator meets them: what is signed,
// when a timestamp is stale, which ID numbers pass the GB 11643 check digit, the issuance window.
#include <gtest/gtest.h>

#include "modules/insurance/visit_rules.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::insurance {
namespace {

Timestamp at(const char* iso) { return *Timestamp::parse(iso); }
Date day(const char* d) { return *Date::parse(d); }

TEST(VisitRules, TheCanonicalRequestIsMethodPathTimestampNonceAndBodyHash) {
  crypto::init();
  std::string c = canonical_request("POST", "/api/v1/visit-policies", "1772438400", "n-0123456789abcdef", "{}");
  EXPECT_EQ(c, "POST\n/api/v1/visit-policies\n1772438400\nn-0123456789abcdef\n" + crypto::sha256_hex("{}"));
  // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?")
  EXPECT_EQ(sign_request("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(VisitRules, ATimestampMoreThanFiveMinutesAwayIsStale) {
  Timestamp now = at("2026-03-02T08:00:00Z");  // 1772438400
  struct Row { const char* header; bool ok; } table[] = {
      {"1772438400", true},  {"1772438700", true},   // +300 s: at the limit
      {"1772438100", true},                           // -300 s
      {"1772438701", false}, {"1772438099", false},   // one second beyond
      {"", false}, {"17724384OO", false}, {"-1", false}, {"1772438400.5", false},
  };
  for (const auto& row : table)
    EXPECT_EQ(check_timestamp(row.header, now).ok(), row.ok) << row.header;
  EXPECT_EQ(check_timestamp("1772438701", now).error().code, "partner_timestamp_stale");
}

TEST(VisitRules, NoncesAreSixteenToSixtyFourTokenCharacters) {
  EXPECT_TRUE(check_nonce(std::string(16, 'a')).ok());
  EXPECT_TRUE(check_nonce(std::string(64, '-')).ok());
  EXPECT_FALSE(check_nonce(std::string(15, 'a')).ok());
  EXPECT_FALSE(check_nonce(std::string(65, 'a')).ok());
  EXPECT_EQ(check_nonce("0123456789abcdef ").error().code, "partner_nonce_invalid");
}

TEST(VisitRules, ResidentIdNumbersCarryTheMod11_2CheckCharacter) {
  struct Row { const char* id; bool ok; const char* normalized; } table[] = {
      {"440190199003071238", true, "440190199003071238"},
      {"11010519491231002X", true, "11010519491231002X"},
      {"11010519491231002x", true, "11010519491231002X"},  // lower-case x accepted
      {"440190199003071239", false, ""},                     // wrong check digit
      {"11010519491231002", false, ""},                      // 17 characters
      {"44019019900307123X", false, ""},
      {"4401901990030712A8", false, ""},
      {"440190199013071231", false, ""},                     // month 13
  };
  for (const auto& row : table) {
    auto r = normalize_id_number(row.id);
    EXPECT_EQ(r.ok(), row.ok) << row.id;
    if (r.ok()) EXPECT_EQ(*r, row.normalized);
    else EXPECT_EQ(r.error().code, "id_number_invalid");
  }
  EXPECT_EQ(mask_id_number("440190199003071238"), "440190********1238");
}

TEST(VisitRules, VisitIdsAreShortTokens) {
  EXPECT_TRUE(is_valid_visit_id("MZ20260302-000123"));
  EXPECT_TRUE(is_valid_visit_id(std::string(64, '7')));
  EXPECT_FALSE(is_valid_visit_id(""));
  EXPECT_FALSE(is_valid_visit_id(std::string(65, '7')));
  EXPECT_FALSE(is_valid_visit_id("MZ 1"));
  EXPECT_FALSE(is_valid_visit_id("门诊1"));
}

TEST(VisitRules, APolicyIsIssuedFromTheDayBeforeTheVisitUpToThirtyDaysAhead) {
  Date today = day("2026-03-02");
  EXPECT_TRUE(check_visit_date(day("2026-03-01"), today).ok());
  EXPECT_TRUE(check_visit_date(day("2026-04-01"), today).ok());
  EXPECT_EQ(check_visit_date(day("2026-02-28"), today).error().code, "visit_date_out_of_window");
  EXPECT_FALSE(check_visit_date(day("2026-04-02"), today).ok());
}

TEST(VisitRules, CoverLastsTheVisitDayAndTheProductsFurtherDays) {
  VisitProduct one_day;
  EXPECT_EQ(cover_period(day("2026-03-02"), one_day), (DateInterval{day("2026-03-02"), day("2026-03-02")}));
  VisitProduct three_days;
  three_days.cover_days = 3;
  EXPECT_EQ(cover_period(day("2026-03-02"), three_days).to, day("2026-03-04"));
}

}  // namespace
}  // namespace medrisk::insurance
