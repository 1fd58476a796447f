// JsonReader: a request with several bad fields reports all of them at once, by JSON path and code,
// and never crashes on wrong types, huge numbers or broken UTF-8.
#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "kernel/errors.hpp"
#include "kernel/json.hpp"
#include "unit/kernel/kernel_test_support.hpp"

namespace medrisk {
namespace {

using nlohmann::json;
using test::D;
using test::fen;

std::string codes(const JsonReader& in) {
  std::string out;
  for (const auto& v : in.violations()) out += v.field + " " + v.code + ";";
  return out;
}

TEST(JsonReader, ReadsAWellFormedComplaint) {
  json body = {{"title", "术后感染投诉"},
               {"incident_date", "2026-03-02"},
               {"received_at", "2026-03-02T16:30:00+08:00"},
               {"demand_fen", 15'000'000},
               {"anonymous", false},
               {"channel", "online"},
               {"note", nullptr}};
  JsonReader in(body);
  in.allow_only({"title", "incident_date", "received_at", "demand_fen", "anonymous", "channel", "note"});
  EXPECT_EQ(in.string("title", 6), "术后感染投诉");  // six characters, eighteen bytes
  EXPECT_EQ(in.date("incident_date"), D("2026-03-02"));
  EXPECT_EQ(in.timestamp("received_at").to_iso_utc(), "2026-03-02T08:30:00.000000Z");
  EXPECT_EQ(in.money_fen("demand_fen", fen(0), fen(1'000'000'000)), fen(15'000'000));
  EXPECT_FALSE(in.boolean("anonymous"));
  EXPECT_EQ(in.one_of("channel", {"online", "phone", "walk_in"}), "online");
  EXPECT_EQ(in.optional_string("note", 100), std::nullopt);  // null is missing
  EXPECT_EQ(in.optional_integer("priority", 1, 5), std::nullopt);
  EXPECT_EQ(in.optional_date("discharge_date"), std::nullopt);
  EXPECT_TRUE(in.finish().ok()) << codes(in);
}

TEST(JsonReader, CollectsEveryViolation) {
  json body = {{"title", "术后感染投诉!"},
               {"incident_date", "2026-02-30"},
               {"received_at", "2026-03-02 16:30"},
               {"demand_fen", -1},
               {"beds", 12.5},
               {"anonymous", "no"},
               {"channel", "fax"},
               {"hacker", true}};
  JsonReader in(body);
  in.allow_only({"title", "incident_date", "received_at", "demand_fen", "beds", "anonymous", "channel"});
  (void)in.string("title", 6);
  (void)in.date("incident_date");
  (void)in.timestamp("received_at");
  (void)in.money_fen("demand_fen", fen(0), fen(1'000'000'000));
  (void)in.integer("beds", 0, 10'000);
  (void)in.boolean("anonymous");
  (void)in.one_of("channel", {"online", "phone"});
  (void)in.string("patient_name", 50);
  (void)in.optional_integer("priority", 1, 5);
  auto status = in.finish();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, kernel_errors::request_invalid);
  EXPECT_EQ(codes(in),
            "/hacker field_unknown;"
            "/title field_too_long;"
            "/incident_date invalid_date;"
            "/received_at invalid_timestamp;"
            "/demand_fen field_out_of_range;"
            "/beds field_wrong_type;"
            "/anonymous field_wrong_type;"
            "/channel field_value_not_allowed;"
            "/patient_name field_required;");
  EXPECT_EQ(status.error().violations.size(), 9u);
}

TEST(JsonReader, IntegersAtTheInt64Edges) {
  json body = {{"max", std::numeric_limits<std::int64_t>::max()},
               {"min", std::numeric_limits<std::int64_t>::min()},
               {"too_big", std::numeric_limits<std::uint64_t>::max()},
               {"text", "5"}};
  JsonReader in(body);
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(in.integer("max", lo, hi), hi);
  EXPECT_EQ(in.integer("min", lo, hi), lo);
  EXPECT_EQ(in.integer("too_big", lo, hi), 0);
  EXPECT_EQ(in.integer("text", lo, hi), 0);
  EXPECT_EQ(codes(in), "/too_big field_out_of_range;/text field_wrong_type;");
}

TEST(JsonReader, StringLengthIsInCodePointsAndUtf8IsChecked) {
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("医险通"), 3u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);  // an emoji: four bytes, one code point
  EXPECT_EQ(utf8_length(""), 0u);
  const char* invalid[] = {"\xFF", "\xC0\xAF" /* overlong '/' */, "\xE4\xBD", "\xED\xA0\x80" /* surrogate */,
                           "\xF4\x90\x80\x80" /* above U+10FFFF */, "a\x80"};
  for (const char* text : invalid) EXPECT_EQ(utf8_length(text), std::nullopt) << text;

  json body = {{"name", "张三"}, {"bad", json::string_t("\xFF\xFE")}};
  JsonReader in(body);
  EXPECT_EQ(in.string("name", 2), "张三");
  EXPECT_EQ(in.string("bad", 100), "");
  EXPECT_EQ(codes(in), "/bad field_invalid_utf8;");
}

TEST(JsonReader, NestedObjectsAndArrays) {
  json body = {{"patient", {{"name", ""}, {"age", 200}}}, {"tags", {"a", "b", "c"}}, {"weird/key", 1}};
  JsonReader in(body);
  const json* patient = in.object("patient");
  ASSERT_NE(patient, nullptr);
  JsonReader nested(*patient, in.path_of("patient"));
  (void)nested.string("name", 50);
  (void)nested.integer("age", 0, 150);
  in.merge(std::move(nested));
  EXPECT_EQ(in.array("tags", 2), nullptr);
  EXPECT_EQ(in.object("missing", false), nullptr);
  in.allow_only({"patient", "tags"});
  in.add("patient", "patient_too_young", "cross-field rule");
  EXPECT_EQ(codes(in),
            "/patient/age field_out_of_range;/tags field_too_long;/weird~1key field_unknown;"
            "/patient patient_too_young;");
}

TEST(JsonReader, ABodyThatIsNotAnObject) {
  json body = json::array({1, 2});
  JsonReader in(body);
  (void)in.string("title", 10);
  in.allow_only({"title"});
  EXPECT_EQ(codes(in), " field_wrong_type;");
  EXPECT_FALSE(in.finish().ok());
}

}  // namespace
}  // namespace medrisk
