// Triangles from CSV text and from in-memory records: the shared files read as they are, column
// selection, filters, calendar → lag conversion, and every refusal with its error code.
#include <gtest/gtest.h>

#include "support.hpp"

namespace medrisk::actuarial {
namespace {

using testing::read_data;

// Every shared long-layout file builds, with the columns it needs.
struct FileCase {
  const char* file;
  const char* value_column;
  std::vector<std::pair<std::string, std::string>> filters;
  std::size_t origins;
  std::size_t periods;
};

class SharedFiles : public ::testing::TestWithParam<FileCase> {};

TEST_P(SharedFiles, BuildAndDevelop) {
  const auto& c = GetParam();
  CsvTriangleOptions o;
  if (*c.value_column) o.value_column = c.value_column;
  o.filters = c.filters;
  auto t = triangle_from_csv_text(read_data(c.file), o);
  ASSERT_TRUE(t.ok()) << t.error().code << " " << t.error().detail;
  EXPECT_EQ(t->triangle.n_origins(), c.origins);
  EXPECT_EQ(t->triangle.n_dev, c.periods);
  auto cl = chain_ladder(t->triangle);
  ASSERT_TRUE(cl.ok()) << cl.error().code << " " << cl.error().detail;
  EXPECT_GE(cl->total_ultimate, cl->total_latest * 0.5);
}

INSTANTIATE_TEST_SUITE_P(
    Actuarial, SharedFiles,
    ::testing::Values(FileCase{"raa.csv", "", {}, 10, 10}, FileCase{"genins.csv", "", {}, 10, 10},
                      FileCase{"abc.csv", "", {}, 11, 11}, FileCase{"mortgage.csv", "", {}, 9, 9},
                      FileCase{"ukmotor.csv", "", {}, 7, 7},
                      FileCase{"liab.csv", "", {{"lob", "GeneralLiab"}}, 14, 14},
                      FileCase{"liab.csv", "", {{"lob", "AutoLiab"}}, 14, 14},
                      FileCase{"cc_sample.csv", "", {}, 5, 5},
                      FileCase{"quarterly.csv", "paid", {}, 12, 45},
                      FileCase{"clrd.csv", "CumPaidLoss", {{"GRCODE", "86"}, {"LOB", "wkcomp"}}, 10, 10}),
    [](const auto& info) { return std::to_string(info.index) + "_" + std::string(info.param.file).substr(0, std::string(info.param.file).find('.')); });

TEST(CsvColumns, Mack1997FileIsRaaUnderOtherNames) {
  CsvTriangleOptions o;
  o.origin_column = "Accident Year";
  o.development_column = "Calendar Year";
  o.value_column = "Case Incurred";
  auto t = triangle_from_csv_text(read_data("mack_1997.csv"), o);
  ASSERT_TRUE(t.ok()) << t.error().code;
  auto r = mack(t->triangle);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(std::lround(r->chain_ladder.total_ibnr), 52135);
  EXPECT_EQ(std::lround(r->total_mack_se), 26909);
}

TEST(CsvColumns, ClrdLagColumnEqualsCalendarColumn) {
  const std::string text = read_data("clrd.csv");
  CsvTriangleOptions by_year;
  by_year.value_column = "IncurLoss";
  by_year.filters = {{"GRCODE", "86"}, {"LOB", "wkcomp"}};
  CsvTriangleOptions by_lag = by_year;
  by_lag.development_column = "DevelopmentLag";
  auto a = triangle_from_csv_text(text, by_year);
  auto b = triangle_from_csv_text(text, by_lag);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->development_column, "DevelopmentYear");
  for (std::size_t i = 0; i < 10; ++i)
    for (std::size_t k = 0; k < 10; ++k)
      EXPECT_TRUE((std::isnan(a->triangle.at(i, k)) && std::isnan(b->triangle.at(i, k))) || a->triangle.at(i, k) == b->triangle.at(i, k));
}

TEST(CsvParsing, QuotedFieldsCrlfAndBom) {
  const std::string text = "\xEF\xBB\xBF\"origin\",\"dev\",\"amount, CNY\",\"note\"\r\n"
                           "2020,1,100,\"a \"\"quoted\"\", note\"\r\n"
                           "2020,2,150,\"two\nlines\"\r\n"
                           "2021,1,120,x\r\n";
  auto table = parse_csv(text);
  ASSERT_TRUE(table.ok()) << table.error().detail;
  EXPECT_EQ(table->header[2], "amount, CNY");
  EXPECT_EQ(table->rows[0][3], "a \"quoted\", note");
  EXPECT_EQ(table->rows[1][3], "two\nlines");
  CsvTriangleOptions o;
  o.development_column = "dev";
  o.value_column = "amount, CNY";
  auto t = triangle_from_csv(*table, o);
  ASSERT_TRUE(t.ok()) << t.error().code;
  EXPECT_EQ(t->triangle.at(0, 1), 150.0);
  EXPECT_FALSE(t->triangle.observed(1, 1));
}

TEST(CsvParsing, MonthlyLagsTwelveTwentyFour) {
  auto t = triangle_from_csv_text("origin,development,values\n2020,12,10\n2020,24,15\n2021,12,11\n", {});
  ASSERT_TRUE(t.ok()) << t.error().code;
  EXPECT_EQ(t->triangle.n_dev, 2u);
  EXPECT_EQ(t->triangle.at(0, 1), 15.0);
}

// Business table of refusals: input → error code.
struct Refusal {
  const char* name;
  std::string csv;
  CsvTriangleOptions options;
  std::string_view code;
};

class CsvRefusals : public ::testing::TestWithParam<Refusal> {};

TEST_P(CsvRefusals, GiveErrorCode) {
  auto t = triangle_from_csv_text(GetParam().csv, GetParam().options);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, GetParam().code) << t.error().detail;
  EXPECT_FALSE(t.error().detail.empty());
}

CsvTriangleOptions with_value(std::string col) {
  CsvTriangleOptions o;
  o.value_column = std::move(col);
  return o;
}
CsvTriangleOptions with_filter(std::string col, std::string value) {
  CsvTriangleOptions o;
  o.filters = {{std::move(col), std::move(value)}};
  return o;
}

INSTANTIATE_TEST_SUITE_P(
    Actuarial, CsvRefusals,
    ::testing::Values(
        Refusal{"empty", "", {}, errors::csv_empty},
        Refusal{"header_only", "origin,development,values\n", {}, errors::csv_empty},
        Refusal{"unknown_column", "origin,development,values\n2020,2020,1\n", with_value("paid"), errors::csv_column_missing},
        Refusal{"no_usual_value_column", "AccidentYear,DevelopmentYear,Paid\n2020,2020,1\n", {}, errors::csv_column_missing},
        Refusal{"unknown_filter_column", "origin,development,values\n2020,2020,1\n", with_filter("lob", "x"), errors::csv_column_missing},
        Refusal{"filter_matches_nothing", "origin,development,values\n2020,2020,1\n", with_filter("origin", "1999"), errors::csv_filter_matched_no_rows},
        Refusal{"non_numeric", "origin,development,values\n2020,2020,12a\n", {}, errors::csv_value_not_numeric},
        Refusal{"empty_value", "origin,development,values\n2020,2020,\n", {}, errors::csv_value_not_numeric},
        Refusal{"ragged_row", "origin,development,values\n2020,2020,1,9\n", {}, errors::csv_row_ragged},
        Refusal{"unterminated_quote", "origin,development,values\n2020,2020,\"1\n", {}, errors::csv_quote_unterminated},
        Refusal{"missing_inner_cell", "origin,development,values\n2020,2020,1\n2020,2022,3\n2021,2021,1\n", {}, errors::triangle_cell_missing},
        Refusal{"duplicate_cell", "origin,development,values\n2020,2020,1\n2020,2020,2\n", {}, errors::triangle_cell_duplicate},
        Refusal{"ragged_triangle", "origin,development,values\n2020,2020,1\n2021,2021,1\n2021,2022,2\n", {}, errors::triangle_ragged},
        Refusal{"negative_cumulative", "origin,development,values\n2020,2020,-5\n", {}, errors::triangle_value_negative},
        Refusal{"development_before_origin", "origin,development,values\n2020,2019-06,1\n", {}, errors::development_before_origin},
        Refusal{"development_garbage", "origin,development,values\n2020,soon,1\n", {}, errors::development_not_recognized},
        Refusal{"origin_not_year", "origin,development,values\nAY20,2020-03,1\n", {}, errors::origin_not_integer}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Records, PaymentsCumulateByAccidentYearAndLag) {
  // Claims module view: individual payments (increments) per accident year and development lag.
  const std::vector<CellRecord> payments = {
      {"2023", 1, 100}, {"2023", 1, 50}, {"2023", 2, 30}, {"2023", 3, 20}, {"2024", 1, 200}, {"2024", 2, 10}, {"2025", 1, 80}};
  BuildOptions o;
  o.incremental_input = true;
  o.sum_duplicates = true;
  auto t = triangle_from_records(payments, o);
  ASSERT_TRUE(t.ok()) << t.error().code;
  EXPECT_TRUE(t->cumulative);
  EXPECT_EQ(t->at(0, 0), 150.0);
  EXPECT_EQ(t->at(0, 2), 200.0);
  EXPECT_EQ(t->at(1, 1), 210.0);
  EXPECT_FALSE(t->observed(2, 1));
  const Triangle inc = to_incremental(*t);
  EXPECT_EQ(inc.at(0, 1), 30.0);
  const Triangle back = to_cumulative(inc);
  for (std::size_t i = 0; i < back.cells.size(); ++i)
    EXPECT_TRUE((std::isnan(back.cells[i]) && std::isnan(t->cells[i])) || back.cells[i] == t->cells[i]);
}

TEST(Records, Refusals) {
  EXPECT_EQ(triangle_from_records(std::vector<CellRecord>{}).error().code, errors::triangle_too_small);
  EXPECT_EQ(triangle_from_records(std::vector<CellRecord>{{"2020", 0, 1}}).error().code, errors::development_lag_invalid);
  EXPECT_EQ(triangle_from_records(std::vector<CellRecord>{{"2020", 1, std::nan("")}}).error().code, errors::triangle_value_not_finite);
  // Reserve history may fall below zero only when asked (incurred with salvage).
  BuildOptions allow;
  allow.allow_negative = true;
  EXPECT_TRUE(triangle_from_records(std::vector<CellRecord>{{"2020", 1, -1}}, allow).ok());
  std::vector<CellRecord> wide;
  for (std::size_t i = 0; i <= kMaxOrigins; ++i) wide.push_back({std::to_string(1000 + i), 1, 1});
  EXPECT_EQ(triangle_from_records(wide).error().code, errors::triangle_too_large);
  wide.pop_back();
  EXPECT_TRUE(triangle_from_records(wide).ok());  // exactly at the limit
}

}  // namespace
}  // namespace medrisk::actuarial
