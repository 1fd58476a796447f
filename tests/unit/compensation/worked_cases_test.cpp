// Worked compensation cases as the business table: each expected line was computed by hand from
// data/compensation/rules-2022.json and regions/guangdong.json (the arithmetic is in the comments).
// Guangdong 2022 (粤高法〔2022〕53号), general area: I = 54,854 CNY/yr disposable income, E = 36,621
// consumption, W = 151,870 state-unit wage; Shenzhen I = 70,847; food subsidy 100 CNY/day.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "modules/compensation/parameters.hpp"
#include "modules/compensation/rules.hpp"

namespace medrisk::compensation {
namespace {

std::filesystem::path data_dir() {
  const char* s = std::getenv("MEDRISK_SOURCE_DIR");
  return std::filesystem::path(s ? s : ".") / "data" / "compensation";
}

const ParameterSet& parameter_set() {
  static const ParameterSet set = load_parameters(data_dir());
  return set;
}

Money yuan(std::int64_t y, std::int64_t fen = 0) { return Money::from_fen(y * 100 + fen); }

struct Expected {
  std::string item;
  Money amount;
};

struct WorkedCase {
  std::string name;
  std::function<void(CompensationInput&)> given;
  std::vector<Expected> lines;
  Money gross, liable;
  std::optional<Money> insurer_payable = std::nullopt;
  std::vector<Money> coinsurer_amounts = {};
};

CompensationInput base_input(int year = 2022, std::string area = "general") {
  CompensationInput in;
  in.province = "guangdong";
  in.area = std::move(area);
  in.standard_year = year;
  in.causation = {true, "full", std::nullopt};
  return in;
}

Cover cover(Money deductible, Money limit, std::optional<Money> aggregate = std::nullopt) {
  return Cover{deductible, limit, aggregate};
}

std::vector<WorkedCase> worked_cases() {
  return {
      {"death at 45, full cause, medical costs and mental distress",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 45;
         in.medical_costs = yuan(20'000);
         in.mental_distress = yuan(50'000);
       },
       // death: 54,854 × 20 = 1,097,080; funeral: 151,870 ÷ 12 × 6 = 75,935
       {{"medical_costs", yuan(20'000)}, {"death_compensation", yuan(1'097'080)}, {"funeral_costs", yuan(75'935)},
        {"mental_distress", yuan(50'000)}},
       // gross 20,000 + 1,097,080 + 75,935 + 50,000; liable (1,243,015 − 50,000) × 100 % + 50,000
       yuan(1'243'015), yuan(1'243'015)},
      {"grade 7 in Shenzhen at 35, main cause at its usual 75 %",
       [](auto& in) {
         in.area = "shenzhen";
         in.outcome = Outcome::disability;
         in.victim_age = 35;
         in.disability_grades = {7};
         in.medical_costs = yuan(80'000);
         in.lost_income = DayRate{120, yuan(300)};
         in.nursing = Nursing{30, 1, yuan(200)};
         in.hospital_days = 30;
         in.nutrition = DayRate{60, yuan(50)};
         in.causation = {true, "main", std::nullopt};
       },
       // 120 × 300; 30 × 1 × 200; 30 × 100; 60 × 50; disability 70,847 × 20 × 40 % = 566,776
       {{"medical_costs", yuan(80'000)}, {"lost_income", yuan(36'000)}, {"nursing_costs", yuan(6'000)},
        {"hospital_food_subsidy", yuan(3'000)}, {"nutrition_costs", yuan(3'000)},
        {"disability_compensation", yuan(566'776)}},
       // gross 694,776 × 75 % = 521,082
       yuan(694'776), yuan(521'082)},
      {"grades 5, 8 and 9 at 50: 60 % + 3 % + 2 %, secondary cause stated as 35 %",
       [](auto& in) {
         in.outcome = Outcome::disability;
         in.victim_age = 50;
         in.disability_grades = {8, 5, 9};
         in.medical_costs = yuan(10'000);
         in.causation = {true, "secondary", 3500};
       },
       // 54,854 × 20 × 65 % = 1,097,080 × 0.65 = 713,102
       {{"medical_costs", yuan(10'000)}, {"disability_compensation", yuan(713'102)}},
       // 723,102 × 35 % = 253,085.70
       yuan(723'102), yuan(253'085, 70)},
      {"grades 3, 4 and 5 at 40: additions 7 % + 6 % capped at 10 %, equal cause",
       [](auto& in) {
         in.outcome = Outcome::disability;
         in.victim_age = 40;
         in.disability_grades = {3, 4, 5};
         in.causation = {true, "equal", std::nullopt};
       },
       // 1,097,080 × (80 % + 10 %) = 987,372
       {{"disability_compensation", yuan(987'372)}},
       // × 50 %
       yuan(987'372), yuan(493'686)},
      {"grades 1 and 6 at 62 (18 years), long nursing, the per-incident limit bites",
       [](auto& in) {
         in.outcome = Outcome::disability;
         in.victim_age = 62;
         in.disability_grades = {6, 1};
         in.nursing = Nursing{3650, 1, yuan(150)};
         in.insurance = InsuranceInput{cover(Money::zero(), yuan(1'500'000)), std::nullopt, {}};
       },
       // grade 1 absorbs the other: 100 %; years 20 − (62 − 60) = 18: 54,854 × 18 = 987,372; nursing 3650 × 150
       {{"nursing_costs", yuan(547'500)}, {"disability_compensation", yuan(987'372)}},
       // gross 1,534,872, liable 100 %; insurer pays the 1,500,000 limit, 34,872 stays with the provider
       yuan(1'534'872), yuan(1'534'872), yuan(1'500'000)},
      {"death at 78 (5 years), minor cause 10 %, a 10,000 deductible",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 78;
         in.causation = {true, "minor", std::nullopt};
         in.insurance = InsuranceInput{cover(yuan(10'000), yuan(1'500'000)), std::nullopt, {}};
       },
       // 54,854 × 5 = 274,270; funeral 75,935
       {{"death_compensation", yuan(274'270)}, {"funeral_costs", yuan(75'935)}},
       // 350,205 × 10 % = 35,020.50; less the deductible 10,000 = 25,020.50
       yuan(350'205), yuan(35'020, 50), yuan(25'020, 50)},
      {"the same death shared by three co-insurers 33.34 / 33.33 / 33.33 %",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 78;
         in.causation = {true, "minor", std::nullopt};
         in.insurance = InsuranceInput{cover(yuan(10'000), yuan(1'500'000)), std::nullopt,
                                       {{"明湖人寿", 3334}, {"湖畔财险", 3333}, {"东岸保险", 3333}}};
       },
       {{"death_compensation", yuan(274'270)}, {"funeral_costs", yuan(75'935)}},
       // 2,502,050 fen × 0.3334 = 834,183.47 → 834,183 (+1 largest remainder); × 0.3333 = 833,933.265 → 833,933
       yuan(350'205), yuan(35'020, 50), yuan(25'020, 50), {yuan(8'341, 84), yuan(8'339, 33), yuan(8'339, 33)}},
      {"grade 10 at 74 (6 years), full cause stated as 98 %: rounding half up",
       [](auto& in) {
         in.outcome = Outcome::disability;
         in.victim_age = 74;
         in.disability_grades = {10};
         in.medical_costs = yuan(5'000);
         in.causation = {true, "full", 9800};
       },
       // 54,854 × 6 × 10 % = 32,912.40
       {{"medical_costs", yuan(5'000)}, {"disability_compensation", yuan(32'912, 40)}},
       // 37,912.40 × 98 % = 37,154.152 → 37,154.15
       yuan(37'912, 40), yuan(37'154, 15)},
      {"death at 40 with a child and a disabled parent, each with co-supporters, under the cap",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 40;
         in.dependants = {{DependantKind::minor, 8, 2}, {DependantKind::unable_to_work, 66, 3}};
         in.causation = {true, "equal", std::nullopt};
       },
       // child: 36,621 ÷ 2 = 18,310.50/yr × (18 − 8) = 183,105; parent: 36,621 ÷ 3 = 12,207/yr × (20 − 6) = 170,898
       // years 1–10 together 30,517.50 ≤ 36,621: no cap
       {{"death_compensation", yuan(1'097'080)}, {"funeral_costs", yuan(75'935)},
        {"dependant_living_costs", yuan(183'105)}, {"dependant_living_costs", yuan(170'898)}},
       // gross 1,527,018 × 50 %
       yuan(1'527'018), yuan(763'509)},
      {"death at 30 with three sole dependants: the annual cap bites",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 30;
         in.dependants = {{DependantKind::minor, 2, 1}, {DependantKind::minor, 10, 1}, {DependantKind::unable_to_work, 70, 1}};
       },
       // 36,621 × 16 = 585,936; × 8 = 292,968; × 10 = 366,210 (age 70: 20 − 10)
       // cap: years 1–8 3 × 36,621 − 36,621 = 73,242 × 8 = 585,936; years 9–10 36,621 × 2 = 73,242 → −659,178
       {{"death_compensation", yuan(1'097'080)}, {"funeral_costs", yuan(75'935)},
        {"dependant_living_costs", yuan(585'936)}, {"dependant_living_costs", yuan(292'968)},
        {"dependant_living_costs", yuan(366'210)}, {"dependant_living_costs_cap", -yuan(659'178)}},
       // dependants net 585,936 (16 years × 36,621); gross 1,097,080 + 75,935 + 585,936
       yuan(1'758'951), yuan(1'758'951)},
      {"grade 4 at 45 with a child of 12 and one co-supporter, main cause stated as 60 %",
       [](auto& in) {
         in.outcome = Outcome::disability;
         in.victim_age = 45;
         in.disability_grades = {4};
         in.dependants = {{DependantKind::minor, 12, 2}};
         in.causation = {true, "main", 6000};
       },
       // 1,097,080 × 70 % = 767,956; child 36,621 × 70 % ÷ 2 = 12,817.35/yr × 6 = 76,904.10
       {{"disability_compensation", yuan(767'956)}, {"dependant_living_costs", yuan(76'904, 10)}},
       // 844,860.10 × 60 % = 506,916.06
       yuan(844'860, 10), yuan(506'916, 6)},
      {"no fault: accident cover pays the patient's loss less its deductible",
       [](auto& in) {
         in.outcome = Outcome::injury;
         in.victim_age = 52;
         in.medical_costs = yuan(30'000);
         in.nursing = Nursing{10, 1, yuan(180)};
         in.transport_costs = yuan(500);
         in.lodging = DayRate{3, yuan(420)};
         in.hospital_days = 10;
         in.causation = {false, "", std::nullopt};
         in.insurance = InsuranceInput{cover(Money::zero(), yuan(1'500'000)), cover(yuan(1'000), yuan(300'000)), {}};
       },
       // 10 × 180; 3 × 420; 10 × 100
       {{"medical_costs", yuan(30'000)}, {"nursing_costs", yuan(1'800)}, {"transport_costs", yuan(500)},
        {"lodging_costs", yuan(1'260)}, {"hospital_food_subsidy", yuan(1'000)}},
       // gross 34,560; provider owes 0; accident cover 34,560 − 1,000
       yuan(34'560), Money::zero(), yuan(33'560)},
      {"injury with full fault: the remaining aggregate bites",
       [](auto& in) {
         in.medical_costs = yuan(200'000);
         in.insurance = InsuranceInput{cover(Money::zero(), yuan(1'500'000), yuan(120'000)), std::nullopt, {}};
       },
       {{"medical_costs", yuan(200'000)}},
       // min(200,000, 1,500,000, 120,000) = 120,000
       yuan(200'000), yuan(200'000), yuan(120'000)},
      // Issue 13: with no causal link the provider owed the mental-distress amount (liable 20,000.00) and
      // the liability insurer paid it; no causal link means no liability at all.
      {"causation none with mental distress: the provider owes nothing, the liability insurer pays nothing",
       [](auto& in) {
         in.outcome = Outcome::injury;
         in.victim_age = 52;
         in.medical_costs = yuan(30'000);
         in.mental_distress = yuan(20'000);
         in.causation = {true, "none", std::nullopt};
         in.insurance = InsuranceInput{cover(Money::zero(), yuan(1'500'000)), cover(yuan(1'000), yuan(300'000)), {}};
       },
       {{"medical_costs", yuan(30'000)}, {"mental_distress", yuan(20'000)}},
       // gross 50,000; share 0 % → liable 0 (not 0 + 20,000); liability cover on 0 → 0
       yuan(50'000), Money::zero(), Money::zero()},
      {"causation none with a share stated within its 0–4 % band: still nothing owed",
       [](auto& in) {
         in.medical_costs = yuan(30'000);
         in.mental_distress = yuan(20'000);
         in.causation = {true, "none", 300};
       },
       {{"medical_costs", yuan(30'000)}, {"mental_distress", yuan(20'000)}},
       yuan(50'000), Money::zero()},
      // Issue 13: dependants' living costs were rounded to the fen per year, then multiplied by the years.
      {"death at 40, a child of 2 with 7 supporters: the dependant line is rounded once, at the end",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 40;
         in.dependants = {{DependantKind::minor, 2, 7}};
       },
       // 36,621 × 100 % ÷ 7 × 16 = 585,936 ÷ 7 = 83,705.142857… → 83,705.14
       // (per year first: 36,621 ÷ 7 = 5,231.571… → 5,231.57 × 16 = 83,705.12, two fen short)
       {{"death_compensation", yuan(1'097'080)}, {"funeral_costs", yuan(75'935)},
        {"dependant_living_costs", yuan(83'705, 14)}},
       // gross 1,097,080 + 75,935 + 83,705.14; full cause 100 %
       yuan(1'256'720, 14), yuan(1'256'720, 14)},
      {"death at 30, dependants with 1, 3 and 7 supporters over the cap: lines and cap rounded once",
       [](auto& in) {
         in.outcome = Outcome::death;
         in.victim_age = 30;
         in.dependants = {{DependantKind::minor, 2, 1}, {DependantKind::minor, 10, 3}, {DependantKind::unable_to_work, 70, 7}};
       },
       // E = 36,621. child 2: E × 16 = 585,936; child 10: E × 8 ÷ 3 = 97,656; parent 70 (20 − 10 = 10 years):
       // E × 10 ÷ 7 = 52,315.714… → 52,315.71 (per year first: 5,231.57 × 10 = 52,315.70).
       // Cap in sevenths-and-thirds of E (L = 21): a year weighs 21 + 7 + 3 = 31/21 E in years 1–8 and
       // 21 + 3 = 24/21 E in years 9–10, against 21/21 E: excess 10 × 8 + 3 × 2 = 86/21 E
       // = 3,149,406 ÷ 21 = 149,971.714… → −149,971.71 (per year first: (1,743,857 fen × 8) + (523,157 × 2)
       // = 149,971.70).
       {{"death_compensation", yuan(1'097'080)}, {"funeral_costs", yuan(75'935)},
        {"dependant_living_costs", yuan(585'936)}, {"dependant_living_costs", yuan(97'656)},
        {"dependant_living_costs", yuan(52'315, 71)}, {"dependant_living_costs_cap", -yuan(149'971, 71)}},
       // dependants net 585,936 + 97,656 + 52,315.71 − 149,971.71 = 585,936; gross 1,097,080 + 75,935 + 585,936
       yuan(1'758'951), yuan(1'758'951)},
      {"an older standard: Zhuhai 2018, death at 50",
       [](auto& in) {
         in.standard_year = 2018;
         in.area = "zhuhai";
         in.outcome = Outcome::death;
         in.victim_age = 50;
       },
       // 46,826 × 20 = 936,520; 110,560 ÷ 12 × 6 = 55,280
       {{"death_compensation", yuan(936'520)}, {"funeral_costs", yuan(55'280)}},
       yuan(991'800), yuan(991'800)},
  };
}

TEST(WorkedCases, EveryLineMatchesTheHandCalculation) {
  for (const auto& wc : worked_cases()) {
    SCOPED_TRACE(wc.name);
    CompensationInput in = base_input();
    wc.given(in);
    auto p = select_parameters(parameter_set(), in.province, in.area, in.standard_year);
    ASSERT_TRUE(p.ok()) << p.error().code;
    auto c = calculate(in, *p);
    ASSERT_TRUE(c.ok()) << c.error().code << " " << c.error().detail;
    ASSERT_EQ(c->lines.size(), wc.lines.size());
    for (std::size_t i = 0; i < wc.lines.size(); ++i) {
      EXPECT_EQ(c->lines[i].item, wc.lines[i].item) << i;
      EXPECT_EQ(c->lines[i].amount, wc.lines[i].amount) << c->lines[i].formula_en;
      EXPECT_NE(c->lines[i].formula_zh.find(c->lines[i].amount.to_string()), std::string::npos) << c->lines[i].formula_zh;
    }
    EXPECT_EQ(c->gross, wc.gross) << c->gross.to_string();
    EXPECT_EQ(c->liable, wc.liable) << c->causation_line.formula_en;
    if (wc.insurer_payable) {
      ASSERT_TRUE(c->insurance.has_value());
      EXPECT_EQ(c->insurance->payable, *wc.insurer_payable) << c->insurance->payable.to_string();
      EXPECT_EQ(c->insurance->uncovered, c->insurance->base - c->insurance->payable);
    }
    ASSERT_EQ(c->insurance ? c->insurance->coinsurers.size() : 0, wc.coinsurer_amounts.size());
    for (std::size_t i = 0; i < wc.coinsurer_amounts.size(); ++i)
      EXPECT_EQ(c->insurance->coinsurers[i].amount, wc.coinsurer_amounts[i]) << i;
    EXPECT_EQ(c->parameter_version, "spc-2022.1;guangdong.2026-1;" + std::to_string(in.standard_year) + ";" + in.area);
  }
}

TEST(WorkedCases, FormulasShowTheNumbersInBothLanguages) {
  CompensationInput in = base_input();
  in.outcome = Outcome::disability;
  in.victim_age = 62;
  in.disability_grades = {5, 8, 9};
  auto c = calculate(in, *select_parameters(parameter_set(), "guangdong", "general", 2022));
  ASSERT_TRUE(c.ok());
  const Line& l = c->lines.at(0);
  EXPECT_EQ(l.formula_zh,
            "城镇居民人均可支配收入 54,854.00元/年 × 18年（62周岁） × 伤残系数 65%（5级60% + 附加指数 5%） = 641,791.80元");
  EXPECT_EQ(l.formula_en,
            "urban disposable income CNY 54,854.00/year × 18 years (age 62) × disability coefficient 65% (grade 5 60% + "
            "additional index 5%) = CNY 641,791.80");
}

// Issue 13: the dependant and cap formulas no longer show a per-year amount rounded to the fen.
TEST(WorkedCases, DependantFormulasRoundOnceAtTheEnd) {
  CompensationInput in = base_input();
  in.outcome = Outcome::death;
  in.victim_age = 30;
  in.dependants = {{DependantKind::minor, 2, 1}, {DependantKind::minor, 10, 3}, {DependantKind::unable_to_work, 70, 7}};
  auto c = calculate(in, *select_parameters(parameter_set(), "guangdong", "general", 2022));
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->lines.size(), 6u);
  const Line& parent = c->lines.at(4);
  EXPECT_EQ(parent.formula_zh,
            "被扶养人3（无劳动能力70周岁）：城镇居民人均消费支出 36,621.00元/年 × 100% ÷ 7名扶养人 × 10年（结果四舍五入到分）"
            " = 52,315.71元");
  EXPECT_EQ(parent.formula_en,
            "dependant 3 (unable to work, aged 70): urban consumption CNY 36,621.00/year × 100% ÷ 7 supporter(s) × 10 years "
            "(result rounded half up to the fen) = CNY 52,315.71");
  // 31/21 E = 54,059.571…, 10/21 E = 17,438.571…, 24/21 E = 41,852.571…, 3/21 E = 5,231.571…: shown with ≈
  const Line& cap = c->lines.at(5);
  EXPECT_EQ(cap.formula_zh,
            "被扶养人年赔偿总额不超过 36,621.00元/年：第1–8年 每年合计 ≈54,059.57元，减 ≈17,438.57元 × 8年；第9–10年 每年合计 "
            "≈41,852.57元，减 ≈5,231.57元 × 2年（结果四舍五入到分） = -149,971.71元");
  EXPECT_EQ(cap.formula_en,
            "dependants' annual total capped at CNY 36,621.00/year: years 1–8: ≈CNY 54,059.57/year, less ≈CNY 17,438.57 × 8; "
            "years 9–10: ≈CNY 41,852.57/year, less ≈CNY 5,231.57 × 2 (result rounded half up to the fen) = CNY -149,971.71");
}

// Issue 13: with causation "none" the causation line says why nothing is owed.
TEST(WorkedCases, NoCausalLinkSaysSo) {
  CompensationInput in = base_input();
  in.medical_costs = yuan(30'000);
  in.mental_distress = yuan(20'000);
  in.causation = {true, "none", std::nullopt};
  auto c = calculate(in, *select_parameters(parameter_set(), "guangdong", "general", 2022));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->causation_share_bp, 0);
  EXPECT_TRUE(c->liable.is_zero());
  EXPECT_EQ(c->causation_line.formula_zh,
            "过错与损害无因果关系，医方不承担赔偿责任（含精神损害抚慰金）（民法典第1218条） = 0.00元");
  EXPECT_EQ(c->causation_line.formula_en,
            "no causal link between the fault and the harm: the provider is not liable, mental distress included (Civil Code "
            "art. 1218) = CNY 0.00");
}

}  // namespace
}  // namespace medrisk::compensation
