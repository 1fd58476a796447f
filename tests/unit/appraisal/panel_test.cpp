// The panel draw as the business states it (Decree 701 arts. 33–37, data/appraisal/panel.json): who
// may sit, that every draw keeps every rule over thousands of seeds, replays from its seed, balances
// load, and that a decline is replaced by the same rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "modules/appraisal/parameters.hpp"
#include "modules/appraisal/rules.hpp"

namespace medrisk::appraisal {
namespace {

PanelParameters params() {
  return load_parameters("data/appraisal").panel;
}

constexpr std::int64_t kHospital = 101, kInsurer = 201, kCase = 9001;

Candidate expert(std::int64_t id, std::vector<std::string> specialties, std::optional<std::int64_t> institution = {},
                 int load = 0) {
  Candidate c;
  c.expert_id = id;
  c.specialties = std::move(specialties);
  c.institution_id = institution;
  c.open_assignments = load;
  return c;
}

DrawRequest request(int size = 3) {
  DrawRequest r;
  r.case_id = kCase;
  r.institution_id = kHospital;
  r.party_organization_ids = {kInsurer};
  r.specialty = "orthopedics";
  r.size = size;
  return r;
}

TEST(UniformIndex, TheTwisterIsTheStandardOne) {
  std::mt19937_64 rng;  // default seed 5489: the standard fixes the 10000th output
  rng.discard(9999);
  EXPECT_EQ(rng(), 9981545732273789042ull);
  std::mt19937_64 a(7);
  std::map<std::uint64_t, int> seen;
  for (int i = 0; i < 6000; ++i) ++seen[uniform_index(a, 6)];
  EXPECT_EQ(seen.size(), 6u);
  for (auto [k, n] : seen) EXPECT_NEAR(n, 1000, 150) << "value " << k;
}

TEST(Eligibility, WhoMayNotSit) {
  auto r = request();
  r.exclude = {7};
  struct Row {
    std::string what;
    Candidate c;
    std::optional<std::string> why;
  };
  Candidate unavailable = expert(1, {"orthopedics"});
  unavailable.available = false;
  Candidate conflict_org = expert(2, {"orthopedics"});
  conflict_org.conflict_organization_ids = {kHospital};
  Candidate conflict_party = expert(3, {"law"});
  conflict_party.conflict_organization_ids = {kInsurer};
  Candidate conflict_case = expert(4, {"law"});
  conflict_case.conflict_case_ids = {kCase};
  std::vector<Row> table = {
      {"an orthopaedist of another hospital", expert(5, {"orthopedics"}, 102), std::nullopt},
      {"an orthopaedist of the involved hospital", expert(6, {"orthopedics"}, kHospital), "from_involved_institution"},
      {"an expert who is not available", unavailable, "unavailable"},
      {"a declared conflict with the hospital", conflict_org, "conflict_with_institution"},
      {"a declared conflict with the insurer", conflict_party, "conflict_with_party"},
      {"a declared conflict with the case (the patient's relative)", conflict_case, "conflict_with_case"},
      {"an expert who declined before", expert(7, {"law"}), "excluded"},
  };
  for (const auto& row : table) EXPECT_EQ(ineligibility(row.c, r), row.why) << row.what;
}

TEST(PanelRequest, SizesComeFromTheDataFile) {
  auto p = params();
  EXPECT_EQ(p.allowed_sizes, (std::vector<int>{3, 5}));
  for (int size : {1, 2, 4, 7}) EXPECT_EQ(check_panel_request(request(size), p).error().code, "panel_size_not_allowed");
  auto r = request();
  r.specialty = "astrology";
  EXPECT_EQ(check_panel_request(r, p).error().code, "specialty_unknown");
}

// A random pool of 6–30 experts: specialties, institutions, conflicts, availability and loads vary.
std::vector<Candidate> random_pool(std::mt19937_64& g) {
  const std::vector<std::string> specialties = {
      "orthopedics", "general_surgery", "internal_medicine", "anesthesiology", "forensic_medicine", "law", "nursing"};
  int n = 6 + static_cast<int>(uniform_index(g, 25));
  std::vector<Candidate> pool;
  for (int i = 0; i < n; ++i) {
    Candidate c = expert(1000 + i, {specialties[uniform_index(g, specialties.size())]});
    if (uniform_index(g, 4) == 0) c.specialties.push_back(specialties[uniform_index(g, specialties.size())]);
    if (uniform_index(g, 5) == 0)
      c.institution_id = kHospital;
    else if (uniform_index(g, 3) == 0)
      c.institution_id = 102;
    if (uniform_index(g, 8) == 0) c.conflict_organization_ids = {uniform_index(g, 2) ? kHospital : kInsurer};
    if (uniform_index(g, 10) == 0) c.conflict_case_ids = {kCase};
    c.available = uniform_index(g, 9) != 0;
    c.open_assignments = static_cast<int>(uniform_index(g, 4));
    pool.push_back(c);
  }
  std::shuffle(pool.begin(), pool.end(), g);  // input order must not matter
  return pool;
}

TEST(PanelDraw, ThousandsOfSeededDrawsKeepEveryRuleAndReplay) {
  auto p = params();
  std::mt19937_64 world(20260302);
  int drawn = 0, refused = 0;
  for (std::uint64_t seed = 1; seed <= 5000; ++seed) {
    auto pool = random_pool(world);
    auto r = request(uniform_index(world, 2) ? 5 : 3);
    auto first = draw_panel(r, pool, p, seed);
    std::reverse(pool.begin(), pool.end());
    auto replay = draw_panel(r, pool, p, seed);
    ASSERT_EQ(first.ok(), replay.ok()) << "seed " << seed;
    if (!first.ok()) {
      EXPECT_EQ(first.error().code, "panel_cannot_be_completed");
      ++refused;
      continue;
    }
    ++drawn;
    EXPECT_EQ(*first, *replay) << "seed " << seed << " does not replay";
    auto ok = check_panel(r, pool, *first, p);
    EXPECT_TRUE(ok.ok()) << "seed " << seed << ": " << ok.error().detail;
  }
  EXPECT_GT(drawn, 3000) << "the generated pools should mostly allow a panel";
  EXPECT_GT(refused, 0) << "and some should not";
}

TEST(PanelDraw, ThousandsOfSeededReplacementsKeepEveryRuleAndReplay) {
  auto p = params();
  std::mt19937_64 world(701);
  int replaced = 0;
  for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
    auto pool = random_pool(world);
    auto r = request(uniform_index(world, 2) ? 5 : 3);
    auto panel = draw_panel(r, pool, p, seed);
    if (!panel.ok()) continue;
    // A random member declines: the others stay, every earlier member is excluded.
    std::int64_t decliner = (*panel)[uniform_index(world, panel->size())];
    DrawRequest again = r;
    again.exclude = *panel;
    for (auto id : *panel)
      if (id != decliner) again.keep.push_back(id);
    auto replacement = draw_panel(again, pool, p, seed * 31);
    if (!replacement.ok()) {
      EXPECT_EQ(replacement.error().code, "panel_cannot_be_completed");
      continue;
    }
    ++replaced;
    ASSERT_EQ(replacement->size(), 1u);
    EXPECT_EQ(std::count(panel->begin(), panel->end(), replacement->front()), 0) << "never a previous member";
    std::vector<std::int64_t> full = again.keep;
    full.push_back(replacement->front());
    auto ok = check_panel(r, pool, full, p);
    EXPECT_TRUE(ok.ok()) << "seed " << seed << ": " << ok.error().detail;
    EXPECT_EQ(*draw_panel(again, pool, p, seed * 31), *replacement) << "replays";
  }
  EXPECT_GT(replaced, 1000);
}

// Regression (found by the property test above): when the decliner was the panel's only orthopaedist
// AND its only forensic expert, the replacement once took two seats and the panel grew to four.
TEST(PanelDraw, OneSeatForTwoNeedsTakesAnExpertWhoMeetsBoth) {
  auto p = params();
  std::vector<Candidate> pool = {expert(1, {"orthopedics", "forensic_medicine"}),
                                 expert(2, {"nursing"}),
                                 expert(3, {"nursing"}),
                                 expert(4, {"orthopedics"}),
                                 expert(5, {"law"}),
                                 expert(6, {"orthopedics", "law"})};
  auto r = request();
  r.keep = {2, 3};
  r.exclude = {1, 2, 3};
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_EQ(*draw_panel(r, pool, p, seed), (std::vector<std::int64_t>{6})) << "the only expert who is both";
  pool.pop_back();
  EXPECT_EQ(draw_panel(r, pool, p, 1).error().code, "panel_cannot_be_completed");
}

TEST(PanelDraw, GoldenSeedsPinTheAlgorithm) {
  std::vector<Candidate> pool = {expert(1, {"orthopedics"}, 102),      expert(2, {"orthopedics"}, 103),
                                 expert(3, {"forensic_medicine"}),     expert(4, {"law"}),
                                 expert(5, {"general_surgery"}),       expert(6, {"internal_medicine"}),
                                 expert(7, {"orthopedics"}, kHospital)};
  // Orthopaedist 1 or 2 (7 works at the involved hospital), then forensic 3 or law 4, then any one left.
  // These values must be the same on every compiler and platform: they are the replay contract.
  auto a = draw_panel(request(), pool, params(), 42);
  auto b = draw_panel(request(), pool, params(), 43);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_EQ(*b, (std::vector<std::int64_t>{1, 4, 5}));
}

TEST(PanelDraw, PrefersExpertsWithFewerOpenAssignments) {
  std::vector<Candidate> pool = {expert(1, {"orthopedics"}, 102, 3), expert(2, {"orthopedics"}, 103, 0),
                                 expert(3, {"law"}, {}, 2),          expert(4, {"forensic_medicine"}, {}, 1),
                                 expert(5, {"nursing"}, {}, 0),      expert(6, {"internal_medicine"}, {}, 4)};
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    auto panel = draw_panel(request(), pool, params(), seed);
    ASSERT_TRUE(panel.ok());
    // orthopaedist 2 (load 0) over 1 (load 3); forensic 4 (load 1) over law 3 (load 2); then nursing 5 (load 0)
    EXPECT_EQ(*panel, (std::vector<std::int64_t>{2, 4, 5})) << "seed " << seed;
  }
}

TEST(PanelDraw, RefusesWhenTheRulesCannotBeMet) {
  auto p = params();
  struct Row {
    std::string what;
    std::vector<Candidate> pool;
  };
  std::vector<Row> table = {
      {"no orthopaedist outside the involved hospital",
       {expert(1, {"orthopedics"}, kHospital), expert(2, {"law"}), expert(3, {"nursing"}), expert(4, {"nursing"})}},
      {"no forensic or legal expert",
       {expert(1, {"orthopedics"}), expert(2, {"nursing"}), expert(3, {"nursing"}), expert(4, {"nursing"})}},
      {"too few experts", {expert(1, {"orthopedics"}), expert(2, {"law"})}},
  };
  for (const auto& row : table)
    EXPECT_EQ(draw_panel(request(), row.pool, p, 1).error().code, "panel_cannot_be_completed") << row.what;
}

TEST(PanelDraw, ADeclineIsReplacedByTheSameRules) {
  auto p = params();
  std::vector<Candidate> pool = {expert(1, {"orthopedics"}),       expert(2, {"orthopedics"}), expert(3, {"law"}),
                                 expert(4, {"forensic_medicine"}), expert(5, {"nursing"}),     expert(6, {"nursing"})};
  // Panel 1 (orthopaedics), 3 (law), 5; the lawyer declines: the replacement must be forensic or legal.
  auto r = request();
  r.keep = {1, 5};
  r.exclude = {3};
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    auto replacement = draw_panel(r, pool, p, seed);
    ASSERT_TRUE(replacement.ok());
    EXPECT_EQ(*replacement, (std::vector<std::int64_t>{4})) << "the only forensic or legal expert left";
  }
  // The nursing expert declines instead: any eligible non-member may replace them, never the decliner.
  r.keep = {1, 3};
  r.exclude = {5};
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    auto replacement = draw_panel(r, pool, p, seed);
    ASSERT_TRUE(replacement.ok());
    ASSERT_EQ(replacement->size(), 1u);
    EXPECT_NE(replacement->front(), 5);
    std::vector<std::int64_t> panel = {1, 3, replacement->front()};
    EXPECT_TRUE(check_panel(request(), pool, panel, p).ok());
    EXPECT_EQ(*draw_panel(r, pool, p, seed), *replacement) << "replays";
  }
}

}  // namespace
}  // namespace medrisk::appraisal
