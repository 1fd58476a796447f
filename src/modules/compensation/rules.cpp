// The damages items of 解释 (2022) arts 6–17 with their formulas as text (see rules.hpp). Amounts are
// integer fen; a coefficient or a division rounds once, half up, to the fen, and the formula says so.
#include "modules/compensation/rules.hpp"

#include <algorithm>
#include <numeric>

#include "modules/compensation/errors.hpp"

namespace medrisk::compensation {
namespace {

Error fail(std::string_view code, std::string detail = {}) { return Error::of(std::string(code), std::move(detail)); }

std::string zh(Money m) { return m.to_string() + "元"; }
std::string en(Money m) { return "CNY " + m.to_string(); }
std::string num(std::int64_t n) { return std::to_string(n); }

Line line(std::string item, std::string formula_zh, std::string formula_en, Money amount) {
  formula_zh += " = " + zh(amount);
  formula_en += " = " + en(amount);
  return Line{std::move(item), std::move(formula_zh), std::move(formula_en), amount};
}

Result<Money> times(Money m, std::int64_t a, std::int64_t b = 1) {
  MEDRISK_TRY(Money once, m.checked_mul(a));
  return once.checked_mul(b);
}

Result<Money> figure(const std::optional<Money>& value, std::string_view name, const Parameters& p) {
  if (!value)
    return fail(errors::regional_figure_not_available,
                std::string(name) + " missing for " + p.province + "/" + p.area + "/" + num(p.standard.standard_year));
  return *value;
}

Line actual(std::string item, Money amount) {
  return line(std::move(item), "按票据实际发生", "actual, by invoices", amount);
}

Result<Line> day_rate(std::string item, const DayRate& d, const char* what_zh, const char* what_en) {
  MEDRISK_TRY(Money amount, times(d.daily_rate, d.days));
  return line(std::move(item), std::string(what_zh) + " " + num(d.days) + "天 × " + zh(d.daily_rate) + "/天",
              num(d.days) + " days " + what_en + " × " + en(d.daily_rate) + "/day", amount);
}

Result<Line> nursing_line(const Nursing& n, const Rules& r) {
  if (n.days > std::int64_t(r.nursing_max_years) * r.days_per_year)
    return fail(errors::nursing_days_above_maximum, "at most " + num(r.nursing_max_years) + " years (解释 art. 8)");
  MEDRISK_TRY(Money amount, times(n.daily_rate, n.days, n.carers));
  return line("nursing_costs", "护理 " + num(n.days) + "天 × " + num(n.carers) + "人 × " + zh(n.daily_rate) + "/天",
              num(n.days) + " days × " + num(n.carers) + " carer(s) × " + en(n.daily_rate) + "/day", amount);
}

std::string age_note_zh(int age, int years, const Rules& r) {
  return age >= r.reduction_from_age ? num(years) + "年（" + num(age) + "周岁）" : num(years) + "年";
}
std::string age_note_en(int age, int years, const Rules& r) {
  return age >= r.reduction_from_age ? num(years) + " years (age " + num(age) + ")" : num(years) + " years";
}

std::string coefficient_text(const std::vector<int>& grades, std::int64_t total, const Rules& r, bool chinese) {
  int worst = *std::min_element(grades.begin(), grades.end());
  std::int64_t head = r.disability_coefficient_bp.at(worst);
  std::string out = percent_text(total) + (chinese ? "（" + num(worst) + "级" : " (grade " + num(worst) + " ");
  out += percent_text(head);
  if (total != head) out += (chinese ? " + 附加指数 " : " + additional index ") + percent_text(total - head);
  return out + (chinese ? "）" : ")");
}

Result<Line> disability_line(const CompensationInput& in, const Parameters& p, std::int64_t coefficient) {
  MEDRISK_TRY(Money income, figure(p.figures.urban_disposable_income, "urban_disposable_income", p));
  int years = years_by_age(in.victim_age, p.rules);
  MEDRISK_TRY(Money base, times(income, years));
  MEDRISK_TRY(Money amount, base.mul_basis_points(coefficient, Rounding::half_up));
  return line("disability_compensation",
              "城镇居民人均可支配收入 " + zh(income) + "/年 × " + age_note_zh(in.victim_age, years, p.rules) +
                  " × 伤残系数 " + coefficient_text(in.disability_grades, coefficient, p.rules, true),
              "urban disposable income " + en(income) + "/year × " + age_note_en(in.victim_age, years, p.rules) +
                  " × disability coefficient " + coefficient_text(in.disability_grades, coefficient, p.rules, false),
              amount);
}

Result<Line> death_line(const CompensationInput& in, const Parameters& p) {
  MEDRISK_TRY(Money income, figure(p.figures.urban_disposable_income, "urban_disposable_income", p));
  int years = years_by_age(in.victim_age, p.rules);
  MEDRISK_TRY(Money amount, times(income, years));
  return line("death_compensation",
              "城镇居民人均可支配收入 " + zh(income) + "/年 × " + age_note_zh(in.victim_age, years, p.rules),
              "urban disposable income " + en(income) + "/year × " + age_note_en(in.victim_age, years, p.rules), amount);
}

Result<Line> funeral_line(const Parameters& p) {
  MEDRISK_TRY(Money wage, figure(p.figures.state_unit_avg_wage, "state_unit_avg_wage", p));
  MEDRISK_TRY(Money amount, wage.mul_ratio(p.rules.funeral_months, 12, Rounding::half_up));
  return line("funeral_costs",
              "职工平均工资 " + zh(wage) + "/年 ÷ 12 × " + num(p.rules.funeral_months) + "个月",
              "average wage " + en(wage) + "/year ÷ 12 × " + num(p.rules.funeral_months) + " months", amount);
}

Result<Line> food_line(const CompensationInput& in, const Parameters& p) {
  MEDRISK_TRY(Money rate, figure(p.standard.hospital_food_subsidy_per_day, "hospital_food_subsidy_per_day", p));
  MEDRISK_TRY(Money amount, times(rate, in.hospital_days));
  return line("hospital_food_subsidy", "住院 " + num(in.hospital_days) + "天 × 伙食补助 " + zh(rate) + "/天",
              num(in.hospital_days) + " days in hospital × food allowance " + en(rate) + "/day", amount);
}

// ---- dependants (解释 arts 16, 17) ----
// A dependant's share of one year's consumption is E × coefficient ÷ supporters, often not a whole fen:
// each line and the cap line are computed exactly from E and rounded once, half up, at the end.
struct DependantTerm {
  std::int64_t supporters = 1;
  int years = 0;
};

Result<int> dependant_years(const Dependant& d, const Rules& r) {
  if (d.kind == DependantKind::unable_to_work) {
    Rules twenty = r;
    twenty.income_years = r.unable_to_work_years;
    return years_by_age(d.age, twenty);
  }
  if (d.age >= r.minor_until_age)
    return fail(errors::minor_dependant_not_under_age_limit, "minor aged " + num(d.age));
  return r.minor_until_age - d.age;
}

Result<Line> dependant_line(const Dependant& d, std::size_t index, Money consumption, std::int64_t coefficient,
                            const Rules& r, DependantTerm& term) {
  MEDRISK_TRY(term.years, dependant_years(d, r));
  term.supporters = d.supporters;
  MEDRISK_TRY(Money amount, consumption.mul_ratio(coefficient * term.years, 10'000 * d.supporters, Rounding::half_up));
  std::string who_zh = d.kind == DependantKind::minor
                           ? "未成年人" + num(d.age) + "周岁，计至" + num(r.minor_until_age) + "周岁"
                           : "无劳动能力" + num(d.age) + "周岁";
  std::string who_en = d.kind == DependantKind::minor
                           ? "minor aged " + num(d.age) + ", until " + num(r.minor_until_age)
                           : "unable to work, aged " + num(d.age);
  return line("dependant_living_costs",
              "被扶养人" + num(index + 1) + "（" + who_zh + "）：城镇居民人均消费支出 " + zh(consumption) + "/年 × " +
                  percent_text(coefficient) + " ÷ " + num(d.supporters) + "名扶养人 × " + num(term.years) +
                  "年（结果四舍五入到分）",
              "dependant " + num(index + 1) + " (" + who_en + "): urban consumption " + en(consumption) + "/year × " +
                  percent_text(coefficient) + " ÷ " + num(d.supporters) + " supporter(s) × " + num(term.years) +
                  " years (result rounded half up to the fen)",
              amount);
}

// E × numerator ÷ denominator to the fen for a formula text; "≈" when it is not a whole number of fen.
Result<std::pair<Money, bool>> shown(Money e, std::int64_t numerator, std::int64_t denominator) {
  MEDRISK_TRY(Money rounded, e.mul_ratio(numerator, denominator, Rounding::half_up));
  MEDRISK_TRY(Money down, e.mul_ratio(numerator, denominator, Rounding::down));
  MEDRISK_TRY(Money up, e.mul_ratio(numerator, denominator, Rounding::up));
  return std::pair{rounded, down == up};
}

// Year by year, the dependants' annual total is capped at one year's consumption E (解释 art. 17). In
// units of E ÷ (10000 × L), L the least common multiple of the supporters, dependant i weighs
// coefficient × L ÷ supporters_i a year and the cap is 10000 × L, so every sum and cut is exact.
Result<std::optional<Line>> dependant_cap_line(const std::vector<DependantTerm>& terms, Money cap,
                                               std::int64_t coefficient) {
  int longest = 0;
  std::int64_t lcm = 1;
  for (const auto& t : terms) {
    longest = std::max(longest, t.years);
    lcm = std::lcm(lcm, t.supporters);
  }
  const std::int64_t unit = 10'000 * lcm;                                 // one year's consumption E
  std::vector<std::int64_t> sums(static_cast<std::size_t>(longest) + 1);  // sums[y]: year y (1-based)
  for (const auto& t : terms)
    for (int y = 1; y <= t.years; ++y) sums[static_cast<std::size_t>(y)] += coefficient * (lcm / t.supporters);
  std::int64_t reduction = 0;
  std::string text_zh, text_en;
  for (int first = 1, last = 1; first <= longest; first = last + 1) {
    std::int64_t sum = sums[static_cast<std::size_t>(first)];
    last = first;
    while (last < longest && sums[static_cast<std::size_t>(last) + 1] == sum) ++last;
    if (sum <= unit) continue;
    int run = last - first + 1;
    reduction += (sum - unit) * run;
    MEDRISK_TRY(auto total, shown(cap, sum, unit));
    MEDRISK_TRY(auto cut, shown(cap, sum - unit, unit));
    std::string approx_total = total.second ? "" : "≈", approx_cut = cut.second ? "" : "≈";
    std::string span = first == last ? num(first) : num(first) + "–" + num(last);
    text_zh += (text_zh.empty() ? "" : "；") + ("第" + span + "年 每年合计 " + approx_total + zh(total.first) +
                                                "，减 " + approx_cut + zh(cut.first) + " × " + num(run) + "年");
    text_en += (text_en.empty() ? "" : "; ") + ("years " + span + ": " + approx_total + en(total.first) +
                                                "/year, less " + approx_cut + en(cut.first) + " × " + num(run));
  }
  if (reduction == 0) return std::optional<Line>{};
  MEDRISK_TRY(Money amount, cap.mul_ratio(reduction, unit, Rounding::half_up));
  return std::optional<Line>{line(
      "dependant_living_costs_cap", "被扶养人年赔偿总额不超过 " + zh(cap) + "/年：" + text_zh + "（结果四舍五入到分）",
      "dependants' annual total capped at " + en(cap) + "/year: " + text_en + " (result rounded half up to the fen)",
      -amount)};
}

Status add_dependants(const CompensationInput& in, const Parameters& p, std::int64_t coefficient, std::vector<Line>& out) {
  if (in.dependants.empty()) return {};
  MEDRISK_TRY(Money consumption, figure(p.figures.urban_consumption, "urban_consumption", p));
  std::vector<DependantTerm> terms(in.dependants.size());
  for (std::size_t i = 0; i < in.dependants.size(); ++i) {
    MEDRISK_TRY(Line l, dependant_line(in.dependants[i], i, consumption, coefficient, p.rules, terms[i]));
    out.push_back(std::move(l));
  }
  MEDRISK_TRY(auto cap, dependant_cap_line(terms, consumption, coefficient));
  if (cap) out.push_back(std::move(*cap));
  return {};
}

Status check_mental_distress(Money amount, const StandardYear& s) {
  if (amount.is_zero()) return {};
  if ((s.mental_distress_min && amount < *s.mental_distress_min) || (s.mental_distress_max && amount > *s.mental_distress_max))
    return fail(errors::mental_distress_outside_guidance);
  return {};
}

Status check_outcome(const CompensationInput& in) {
  bool disabled = in.outcome == Outcome::disability;
  if (disabled && in.disability_grades.empty()) return fail(errors::disability_grades_required_for_disability);
  if (!disabled && !in.disability_grades.empty()) return fail(errors::disability_grades_only_for_disability);
  return {};
}

// Items of every injury (解释 arts 6–11, 13): only those given.
Status add_costs(const CompensationInput& in, const Parameters& p, std::vector<Line>& out) {
  if (!in.medical_costs.is_zero()) out.push_back(actual("medical_costs", in.medical_costs));
  if (in.lost_income) {
    MEDRISK_TRY(Line l, day_rate("lost_income", *in.lost_income, "误工", "lost"));
    out.push_back(std::move(l));
  }
  if (in.nursing) {
    MEDRISK_TRY(Line l, nursing_line(*in.nursing, p.rules));
    out.push_back(std::move(l));
  }
  if (!in.transport_costs.is_zero()) out.push_back(actual("transport_costs", in.transport_costs));
  if (in.lodging) {
    MEDRISK_TRY(Line l, day_rate("lodging_costs", *in.lodging, "住宿", "lodging"));
    out.push_back(std::move(l));
  }
  if (in.hospital_days > 0) {
    MEDRISK_TRY(Line l, food_line(in, p));
    out.push_back(std::move(l));
  }
  if (in.nutrition) {
    MEDRISK_TRY(Line l, day_rate("nutrition_costs", *in.nutrition, "营养", "of nutrition"));
    out.push_back(std::move(l));
  }
  if (!in.disability_aids.is_zero()) out.push_back(actual("disability_aids", in.disability_aids));
  return {};
}

// Disability or death compensation, funeral costs and dependants (解释 arts 12, 14–17).
Status add_loss_of_life_or_capacity(const CompensationInput& in, const Parameters& p, std::int64_t coefficient,
                                    std::vector<Line>& out) {
  if (in.outcome == Outcome::disability) {
    MEDRISK_TRY(Line l, disability_line(in, p, coefficient));
    out.push_back(std::move(l));
  }
  if (in.outcome == Outcome::death) {
    MEDRISK_TRY(Line l, death_line(in, p));
    out.push_back(std::move(l));
    MEDRISK_TRY(Line f, funeral_line(p));
    out.push_back(std::move(f));
  }
  if (in.outcome != Outcome::injury) MEDRISK_CHECK(add_dependants(in, p, coefficient, out));
  return {};
}

Result<Line> causation_line(const Calculation& c, Money mental, const Rules& r, bool fault, Money& liable) {
  if (!fault) {
    liable = Money::zero();
    return line("causation_share", "无医疗过错，医方不承担赔偿责任（民法典第1218条）",
                "no medical fault: the provider is not liable (Civil Code art. 1218)", liable);
  }
  // No causal link (degree "none"): nothing is owed, the mental-distress amount included.
  if (c.causation_share_bp == 0) {
    liable = Money::zero();
    return line("causation_share", "过错与损害无因果关系，医方不承担赔偿责任（含精神损害抚慰金）（民法典第1218条）",
                "no causal link between the fault and the harm: the provider is not liable, mental distress included "
                "(Civil Code art. 1218)",
                liable);
  }
  Money scaled_base = r.mental_distress_scaled_by_causation ? c.gross : c.gross - mental;
  MEDRISK_TRY(Money scaled, scaled_base.mul_basis_points(c.causation_share_bp, Rounding::half_up));
  liable = r.mental_distress_scaled_by_causation ? scaled : scaled + mental;
  if (r.mental_distress_scaled_by_causation || mental.is_zero())
    return line("causation_share", zh(c.gross) + " × 责任比例 " + percent_text(c.causation_share_bp),
                en(c.gross) + " × liability share " + percent_text(c.causation_share_bp), liable);
  return line("causation_share",
              "(" + zh(c.gross) + " − 精神损害抚慰金 " + zh(mental) + ") × 责任比例 " + percent_text(c.causation_share_bp) +
                  " + 精神损害抚慰金 " + zh(mental),
              "(" + en(c.gross) + " − mental distress " + en(mental) + ") × liability share " +
                  percent_text(c.causation_share_bp) + " + mental distress " + en(mental),
              liable);
}

Status add_insurance(const CompensationInput& in, Calculation& c) {
  if (!in.insurance) return {};
  const InsuranceInput& ins = *in.insurance;
  bool fault = in.causation.fault;
  const std::optional<Cover>& cover = fault ? ins.liability : ins.accident;
  if (!cover) {
    InsuranceResult none;
    none.cover = "none";
    none.base = fault ? c.liable : c.gross;
    none.uncovered = none.base;
    c.insurance = std::move(none);
    return {};
  }
  MEDRISK_TRY(InsuranceResult r, apply_cover(fault ? "liability" : "accident", fault ? c.liable : c.gross, *cover,
                                             ins.coinsurers));
  c.insurance = std::move(r);
  return {};
}

}  // namespace

std::string percent_text(std::int64_t bp) {
  std::string out = num(bp / 100);
  if (std::int64_t frac = bp % 100; frac != 0) {
    out += "." + std::string(frac < 10 ? "0" : "") + num(frac);
    if (out.back() == '0') out.pop_back();
  }
  return out + "%";
}

Result<Parameters> select_parameters(const ParameterSet& set, const std::string& province, const std::string& area,
                                     int standard_year) {
  auto region = std::find_if(set.regions.begin(), set.regions.end(), [&](const auto& r) { return r.province == province; });
  if (region == set.regions.end()) return fail(errors::province_not_in_parameters, province);
  auto year = std::find_if(region->standards.begin(), region->standards.end(),
                           [&](const auto& s) { return s.standard_year == standard_year; });
  if (year == region->standards.end()) return fail(errors::standard_year_not_in_parameters, num(standard_year));
  auto figures = year->areas.find(area);
  if (figures == year->areas.end()) return fail(errors::area_not_in_parameters, area);
  Parameters p{set.rules, province, area, *year, figures->second, {}};
  p.version = set.rules.version + ";" + region->version + ";" + num(standard_year) + ";" + area;
  return p;
}

int years_by_age(int age, const Rules& r) {
  if (age >= r.floor_at_age) return r.floor_years;
  if (age >= r.reduction_from_age) return r.income_years - (age - r.reduction_from_age);
  return r.income_years;
}

std::int64_t combined_disability_bp(const std::vector<int>& grades, const Rules& r) {
  if (grades.empty()) return 0;
  std::vector<int> sorted = grades;
  std::sort(sorted.begin(), sorted.end());
  std::int64_t head = r.disability_coefficient_bp.at(sorted.front());
  if (sorted.front() == 1 && r.grade_1_absorbs_others) return head;
  std::int64_t additions = 0;
  for (std::size_t i = 1; i < sorted.size(); ++i) additions += r.additional_index_bp.at(sorted[i]);
  return std::min(r.total_cap_bp, head + std::min(additions, r.additions_cap_bp));
}

Result<std::int64_t> causation_share_bp(const Causation& c, const Rules& r) {
  if (!c.fault) return std::int64_t{0};
  auto d = std::find_if(r.causation_degrees.begin(), r.causation_degrees.end(), [&](const auto& x) { return x.id == c.degree; });
  if (d == r.causation_degrees.end()) return fail(errors::causation_degree_unknown, c.degree);
  if (c.share_bp && (*c.share_bp < d->min_bp || *c.share_bp > d->max_bp))
    return fail(errors::causation_share_outside_degree_range,
                c.degree + " is " + percent_text(d->min_bp) + "–" + percent_text(d->max_bp));
  if (d->id == kNoCausationDegree) return std::int64_t{0};  // no causal link: no share, whatever the band
  return c.share_bp.value_or(d->usual_bp);
}

Result<Calculation> calculate(const CompensationInput& in, const Parameters& p) {
  MEDRISK_CHECK(check_outcome(in));
  MEDRISK_CHECK(check_mental_distress(in.mental_distress, p.standard));
  Calculation c;
  c.parameter_version = p.version;
  c.parameters_verified = p.rules.verified && p.standard.verified;
  c.sources = {p.rules.source, p.standard.document.empty() ? p.standard.source : p.standard.document + "; " + p.standard.source};
  c.disability_coefficient_bp = in.outcome == Outcome::death ? 10'000 : combined_disability_bp(in.disability_grades, p.rules);
  MEDRISK_TRY(c.causation_share_bp, causation_share_bp(in.causation, p.rules));
  MEDRISK_CHECK(add_costs(in, p, c.lines));
  MEDRISK_CHECK(add_loss_of_life_or_capacity(in, p, c.disability_coefficient_bp, c.lines));
  if (!in.mental_distress.is_zero())
    c.lines.push_back(line("mental_distress", "按主张或协商确定的金额（民法典第1183条）",
                           "amount claimed or agreed (Civil Code art. 1183)", in.mental_distress));
  for (const auto& l : c.lines) {
    MEDRISK_TRY(c.gross, c.gross.checked_add(l.amount));
  }
  MEDRISK_TRY(c.causation_line, causation_line(c, in.mental_distress, p.rules, in.causation.fault, c.liable));
  MEDRISK_CHECK(add_insurance(in, c));
  return c;
}

Result<InsuranceResult> apply_cover(const std::string& kind, Money base, const Cover& cover,
                                    const std::vector<Coinsurer>& coinsurers) {
  InsuranceResult r;
  r.cover = kind;
  r.base = base;
  bool liability = kind == "liability";
  r.lines.push_back(line("insured_base", liability ? "医方应承担的赔偿额（医疗责任保险）" : "患方损失（医疗意外保险，无过错）",
                         liability ? "provider's liability (liability insurance)" : "patient's loss (accident cover, no fault)",
                         base));
  Money left = base;
  Money cut = std::min(left, cover.deductible);
  left -= cut;
  if (!cover.deductible.is_zero()) {
    r.lines.push_back(line("deductible", "免赔额 " + zh(cover.deductible), "deductible " + en(cover.deductible), -cut));
    if (!cut.is_zero()) r.limited_by = "deductible";
  }
  if (left > cover.per_incident_limit) {
    r.lines.push_back(line("per_incident_limit", "超过每次事故限额 " + zh(cover.per_incident_limit) + " 的部分",
                           "above the per-incident limit " + en(cover.per_incident_limit), cover.per_incident_limit - left));
    left = cover.per_incident_limit;
    r.limited_by = "per_incident_limit";
  }
  if (cover.remaining_aggregate && left > *cover.remaining_aggregate) {
    r.lines.push_back(line("remaining_aggregate", "超过剩余累计限额 " + zh(*cover.remaining_aggregate) + " 的部分",
                           "above the remaining aggregate " + en(*cover.remaining_aggregate),
                           *cover.remaining_aggregate - left));
    left = *cover.remaining_aggregate;
    r.limited_by = "remaining_aggregate";
  }
  r.payable = left;
  r.uncovered = base - left;
  r.lines.push_back(line("insurer_payable", "保险人应付", "payable by the insurer(s)", r.payable));
  if (coinsurers.empty()) return r;
  std::vector<std::int64_t> weights;
  for (const auto& c : coinsurers) weights.push_back(c.share_bp);
  if (std::accumulate(weights.begin(), weights.end(), std::int64_t{0}) != 10'000)
    return fail(errors::coinsurer_shares_must_sum_to_10000);
  MEDRISK_TRY(auto parts, split_largest_remainder(r.payable, weights));
  for (std::size_t i = 0; i < coinsurers.size(); ++i) {
    r.coinsurers.push_back({coinsurers[i].name, coinsurers[i].share_bp, parts[i]});
    r.lines.push_back(line("coinsurer_share", coinsurers[i].name + "：" + zh(r.payable) + " × " + percent_text(coinsurers[i].share_bp) + "（最大余额法分配到分）",
                           coinsurers[i].name + ": " + en(r.payable) + " × " + percent_text(coinsurers[i].share_bp) + " (largest remainder, to the fen)",
                           parts[i]));
  }
  return r;
}

}  // namespace medrisk::compensation
