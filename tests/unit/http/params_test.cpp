// Path ids: only a whole positive decimal integer is an id; anything else is refused by the caller.
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

}  // namespace
}  // namespace medrisk::http
