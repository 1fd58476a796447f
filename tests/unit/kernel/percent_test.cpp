// Shares in basis points as documents print them (co-insurers' shares, funding splits, causation).
#include <gtest/gtest.h>

#include "kernel/percent.hpp"

namespace medrisk {
namespace {

TEST(PercentText, WholeAndFractionalPercentages) {
  EXPECT_EQ(percent_text(6000), "60%");
  EXPECT_EQ(percent_text(10000), "100%");
  EXPECT_EQ(percent_text(3333), "33.33%");
  EXPECT_EQ(percent_text(3350), "33.50%");
  EXPECT_EQ(percent_text(5), "0.05%");
  EXPECT_EQ(percent_text(0), "0%");
  EXPECT_EQ(percent_text(-2525), "-25.25%");
}

}  // namespace
}  // namespace medrisk
