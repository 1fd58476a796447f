// Path ids: only a whole positive decimal integer is an id; anything else is refused by the caller.
// Paging: one cursor/limit rule for every list endpoint.
#include <gtest/gtest.h>

#include "platform/http/params.hpp"

namespace medrisk::http {
namespace {

TEST(PositiveId, Table) {
  struct Row { std::string_view text; std::optional<std::int64_t> id; };
  std::vector<Row> table = {
      {"42", 42}, {"1", 1}, {"9223372036854775807", INT64_MAX}, {"0", std::nullopt}, {"-3", std::nullopt},
      {"", std::nullopt}, {"12a", std::nullopt}, {"abc", std::nullopt}, {" 5", std::nullopt},
      {"9223372036854775808", std::nullopt}, {"1.5", std::nullopt},
  };
  for (const auto& row : table) EXPECT_EQ(positive_id(row.text), row.id) << row.text;
}

Request with_query(std::multimap<std::string, std::string> query) {
  Request rq;
  rq.query = std::move(query);
  return rq;
}

TEST(PageParams, CursorAndLimitOfEveryListEndpoint) {
  auto first = page_params(with_query({}));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value().after_id, 0);
  EXPECT_EQ(first.value().limit, kDefaultPageSize);
  auto next = page_params(with_query({{"cursor", "42"}, {"limit", "10"}}));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next.value().after_id, 42);
  EXPECT_EQ(next.value().limit, 10);
  EXPECT_EQ(page_params(with_query({{"cursor", ""}})).value().after_id, 0) << "an empty cursor is the first page";
  for (std::string bad : {"abc", "-1", "0", "4x"})
    EXPECT_EQ(page_params(with_query({{"cursor", bad}})).error().code, "cursor_invalid") << bad;
  for (std::string bad : {"0", "201", "ten", "-5"}) {
    auto r = page_params(with_query({{"limit", bad}}));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, "request_invalid");
    EXPECT_EQ(r.error().violations.at(0).field, "/limit");
  }
  EXPECT_EQ(page_params(with_query({{"limit", "500"}}), 500).value().limit, 500) << "an endpoint may allow more";
}

TEST(PageJson, NextCursorOnlyWhenThePageIsFull) {
  struct Row { std::int64_t id; };
  std::vector<Row> full{{3}, {7}}, partial{{3}};
  EXPECT_EQ(page_json(full, nlohmann::json::array(), 2)["next_cursor"], "7");
  EXPECT_TRUE(page_json(partial, nlohmann::json::array(), 2)["next_cursor"].is_null());
  EXPECT_TRUE(page_json(std::vector<Row>{}, nlohmann::json::array(), 2)["next_cursor"].is_null());
}

}  // namespace
}  // namespace medrisk::http
