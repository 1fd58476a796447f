// The outreach proposal (data/reviews/outreach.json: overall ≤ 2 or a harm keyword), its state machine,
// the checks of a new review (data/reviews/aspects.json) and aggregates with small-cell suppression
// (data/reviews/aggregates.json: fewer than 3 reviews → no figure).
#include <gtest/gtest.h>

#include "modules/reviews/parameters.hpp"

namespace medrisk::reviews {
namespace {

const Parameters& params() {
  static const Parameters p = load_parameters("data/reviews");
  return p;
}

TEST(Outreach, LowRatingOrHarmSignal) {
  const auto& r = params().outreach;
  ASSERT_EQ(r.low_overall_max, 2);
  EXPECT_EQ(outreach_reasons(1, {}, r), std::vector<std::string>{"low_rating"});
  EXPECT_EQ(outreach_reasons(2, {}, r), std::vector<std::string>{"low_rating"});
  EXPECT_TRUE(outreach_reasons(3, {}, r).empty());
  EXPECT_EQ(outreach_reasons(5, {"感染"}, r), std::vector<std::string>{"harm_keyword"});
  EXPECT_EQ(outreach_reasons(1, {"误诊"}, r), (std::vector<std::string>{"low_rating", "harm_keyword"}));
}

TEST(Outreach, HarmKeywordsInBothLanguages) {
  const auto& r = params().outreach;
  EXPECT_EQ(harm_keywords_in("术后伤口感染，怀疑误诊", r), (std::vector<std::string>{"感染", "误诊"}));
  EXPECT_EQ(harm_keywords_in("They said it was a MISDIAGNOSIS", r), std::vector<std::string>{"misdiagnosis"});
  EXPECT_TRUE(harm_keywords_in("医生很耐心", r).empty());
}

TEST(Outreach, Transitions) {
  struct Row {
    std::string from, action;
    std::optional<std::string> to;
  };
  std::vector<Row> table = {
      {"open", "contact", "contacted"},       {"open", "resolve", "resolved"},
      {"open", "escalate", "escalated"},      {"contacted", "resolve", "resolved"},
      {"contacted", "escalate", "escalated"}, {"contacted", "contact", std::nullopt},
      {"resolved", "escalate", std::nullopt}, {"escalated", "resolve", std::nullopt},
      {"open", "delete", std::nullopt},
  };
  for (const auto& row : table)
    EXPECT_EQ(outreach_next_state(row.from, row.action), row.to) << row.from << " " << row.action;
}

TEST(Outreach, OverdueOnlyWhileOpen) {
  OutreachTask t;
  t.due_on = *Date::parse("2026-03-06");
  t.state = "open";
  EXPECT_FALSE(outreach_overdue(t, *Date::parse("2026-03-06")));
  EXPECT_TRUE(outreach_overdue(t, *Date::parse("2026-03-07")));
  t.state = "resolved";
  EXPECT_FALSE(outreach_overdue(t, *Date::parse("2026-03-09")));
}

NewReview review(int overall) {
  NewReview r{"visit", 1, overall, {}, std::nullopt};
  for (const auto& a : params().aspects.aspects) r.scores[a.key] = overall;
  return r;
}

TEST(NewReview, Checks) {
  EXPECT_TRUE(check_new_review(review(5), params().aspects).ok());
  EXPECT_EQ(check_new_review(review(0), params().aspects).error().code, "review_stars_out_of_range");
  EXPECT_EQ(check_new_review(review(6), params().aspects).error().code, "review_stars_out_of_range");
  auto r = review(4);
  r.scores.erase("waiting");
  EXPECT_EQ(check_new_review(r, params().aspects).error().code, "review_aspect_missing");
  r = review(4);
  r.scores["parking"] = 3;
  EXPECT_EQ(check_new_review(r, params().aspects).error().code, "review_aspect_unknown");
  r = review(4);
  r.subject_kind = "doctor";
  EXPECT_EQ(check_new_review(r, params().aspects).error().code, "review_subject_kind_unknown");
  r = review(4);
  r.comment = std::string(1000, 'a');
  EXPECT_TRUE(check_new_review(r, params().aspects).ok());
  r.comment = std::string(1001, 'a');
  EXPECT_EQ(check_new_review(r, params().aspects).error().code, "review_comment_too_long");
}

TEST(Aggregate, MeansDistributionAndSuppression) {
  // 骨科: overall 5, 4, 2 (three reviews) with communication 5, 5, 2; 内科: two reviews → suppressed.
  std::vector<ScoreCount> counts = {
      {"骨科", "overall", 2, 1},       {"骨科", "overall", 4, 1},       {"骨科", "overall", 5, 1},
      {"骨科", "communication", 2, 1}, {"骨科", "communication", 5, 2}, {"内科", "overall", 1, 1},
      {"内科", "overall", 5, 1},       {"内科", "communication", 3, 2},
  };
  auto cells = aggregate(counts, params().aspects, params().aggregates);
  ASSERT_EQ(cells.size(), 2u);
  const auto& neike = cells[0].key == "内科" ? cells[0] : cells[1];
  const auto& guke = cells[0].key == "骨科" ? cells[0] : cells[1];
  EXPECT_TRUE(neike.suppressed);
  EXPECT_EQ(neike.count, 0);
  EXPECT_TRUE(neike.means.empty());
  EXPECT_TRUE(neike.distribution.empty());
  EXPECT_FALSE(guke.suppressed);
  EXPECT_EQ(guke.count, 3);
  EXPECT_DOUBLE_EQ(guke.means.at("overall"), 3.67);       // 11 / 3
  EXPECT_DOUBLE_EQ(guke.means.at("communication"), 4.0);  // 12 / 3
  EXPECT_EQ(guke.distribution, (std::vector<int>{0, 1, 0, 1, 1}));
}

}  // namespace
}  // namespace medrisk::reviews
