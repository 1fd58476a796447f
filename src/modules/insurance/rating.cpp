// The rating engine (see rating.hpp). Each step adds one explained line whose amount is the change it
// makes to the running premium, rounded half up to the fen once, so the lines add up to the premium.
#include "modules/insurance/rating.hpp"

#include <algorithm>
#include <stdexcept>

#include "modules/insurance/errors.hpp"

namespace medrisk::insurance {
namespace {

using nlohmann::json;


const json& group(const json& j, const char* name) {
  if (!j.contains(name) || !j[name].is_object()) throw std::runtime_error(std::string("rating table lacks ") + name);
  return j[name];
}

template <class V>
void read_map(const json& j, const char* name, std::map<std::string, V, std::less<>>& out,
              std::map<std::string, std::string, std::less<>>& sources) {
  const json& g = group(j, name);
  sources[name] = g.at("source").get<std::string>();
  for (auto& [k, v] : g.at("values").items()) {
    if constexpr (std::is_same_v<V, Money>)
      out[k] = Money::from_fen(v.template get<std::int64_t>());
    else
      out[k] = v.template get<std::int64_t>();
  }
}

std::vector<Band> read_bands(const json& j, const char* name,
                             std::map<std::string, std::string, std::less<>>& sources) {
  const json& g = group(j, name);
  sources[name] = g.at("source").get<std::string>();
  std::vector<Band> out;
  for (const auto& b : g.at("values"))
    out.push_back(
        {b.at("min").get<std::int64_t>(), b.at("max").get<std::int64_t>(), b.at("factor_bp").get<std::int64_t>()});
  return out;
}

const Band* find_band(const std::vector<Band>& bands, std::int64_t v) {
  for (const auto& b : bands)
    if (b.min <= v && v <= b.max) return &b;
  return nullptr;
}

// Accumulates explained lines and the running total.
struct Lines {
  const RatingTable& t;
  RatingResult r;
  Money total;

  Status add(QuoteLine line) {
    auto sum = total.checked_add(line.amount_fen);
    if (!sum.ok()) return err(errors::premium_overflow);
    total = *sum;
    r.lines.push_back(std::move(line));
    return {};
  }
  // A multiplicative step: the line is total × (factor − 1), rounded half up.
  Status factor(std::string code, std::string zh, std::string en, std::int64_t factor_bp, std::string basis,
                std::string_view source_key) {
    auto delta = total.mul_ratio(factor_bp - kOne, kOne, Rounding::half_up);
    if (!delta.ok()) return err(errors::premium_overflow);
    return add(
        {std::move(code), std::move(zh), std::move(en), factor_bp, std::move(basis), source_of(source_key), *delta});
  }
  std::string source_of(std::string_view key) const {
    auto it = t.sources.find(key);
    return it == t.sources.end() ? std::string() : it->second;
  }
};

Status institution_line(Lines& l, const InstitutionExposure& e) {
  auto base = l.t.per_bed_base_fen.find(e.category);
  if (base == l.t.per_bed_base_fen.end()) return err(errors::institution_category_not_rated, e.category);
  auto grade = l.t.grade_factor_bp.find(e.grade);
  if (grade == l.t.grade_factor_bp.end()) return err(errors::institution_grade_not_rated, e.grade);
  const Band* band = find_band(l.t.bed_bands, e.beds);
  if (!band) return err(errors::beds_not_rated, std::to_string(e.beds));
  auto per_beds = base->second.checked_mul(e.beds);
  if (!per_beds.ok()) return err(errors::premium_overflow);
  auto amount = per_beds->mul_ratio(grade->second * band->factor_bp, kOne * kOne, Rounding::half_up);
  if (!amount.ok()) return err(errors::premium_overflow);
  std::int64_t factor = grade->second * band->factor_bp / kOne;
  std::string basis = e.category + " " + base->second.to_plain_string() + "/bed × " + std::to_string(e.beds) +
                      " beds × grade " + e.grade + " " + std::to_string(grade->second) + " bp × bed band " +
                      std::to_string(band->factor_bp) + " bp";
  return l.add({"institution_base", "机构基础保费（类别×等级×床位）", "Institution base (category × grade × beds)",
                factor, basis, l.source_of("institution_per_bed_base_fen"), *amount});
}

Status clinician_line(Lines& l, const ClinicianExposure& c) {
  auto base = l.t.clinician_base_fen.find(c.department_risk_class);
  if (base == l.t.clinician_base_fen.end()) return err(errors::department_risk_class_unknown, c.department_risk_class);
  auto title = l.t.title_factor_bp.find(c.title);
  if (title == l.t.title_factor_bp.end()) return err(errors::clinician_title_unknown, c.title);
  const Band* band = find_band(l.t.years_bands, c.years_of_practice);
  if (!band) return err(errors::years_of_practice_not_rated, std::to_string(c.years_of_practice));
  auto amount = base->second.mul_ratio(title->second * band->factor_bp, kOne * kOne, Rounding::half_up);
  if (!amount.ok()) return err(errors::premium_overflow);
  std::string basis = "user " + std::to_string(c.user_id) + ": class " + c.department_risk_class + " " +
                      base->second.to_plain_string() + " × " + c.title + " " + std::to_string(title->second) +
                      " bp × " + std::to_string(c.years_of_practice) + " years " + std::to_string(band->factor_bp) +
                      " bp";
  return l.add({"clinician_base", "医务人员保费（科室风险×职称×执业年限）",
                "Clinician (department risk class × title × years of practice)", title->second * band->factor_bp / kOne,
                basis, l.source_of("clinician_base_fen"), *amount});
}

Status limit_and_deductible(Lines& l, const Product& p, const RatingInput& in) {
  if (in.per_incident_limit_fen > p.per_incident_limit_fen)
    return err(errors::per_incident_limit_above_product_maximum, in.per_incident_limit_fen.to_plain_string());
  const LimitFactor* ilf = nullptr;
  for (const auto& f : l.t.increased_limit_factors)
    if (f.per_incident_limit_fen == in.per_incident_limit_fen) ilf = &f;
  if (!ilf) return err(errors::per_incident_limit_not_offered, in.per_incident_limit_fen.to_plain_string());
  const DeductibleCredit* credit = nullptr;
  for (const auto& d : l.t.deductible_credits)
    if (d.deductible_fen == in.deductible_fen) credit = &d;
  if (!credit) return err(errors::deductible_not_offered, in.deductible_fen.to_plain_string());
  MEDRISK_CHECK(l.factor("increased_limit", "限额调整系数", "Increased-limit factor", ilf->factor_bp,
                         "limit " + in.per_incident_limit_fen.to_plain_string() + " CNY per incident",
                         "increased_limit_factors"));
  return l.factor("deductible_credit", "免赔额折扣", "Deductible credit", kOne - credit->credit_bp,
                  "deductible " + in.deductible_fen.to_plain_string() + " CNY", "deductible_credits");
}

// Expense loading (no profit load) and the regulator's cap over the filed base premium.
Status loading_and_cap(Lines& l) {
  l.r.expected_loss_fen = l.total;
  auto target = l.total.mul_ratio(kOne, kOne - l.t.expense_ratio_bp, Rounding::half_up);
  if (!target.ok()) return err(errors::premium_overflow);
  MEDRISK_CHECK(
      l.add({"expense_loading", "费用附加（保本微利，无利润附加）",
             "Expense loading (no loss, no profit: no profit load)", l.t.expense_ratio_bp,
             "target = expected loss ÷ (1 − expense ratio)", l.source_of("expense_ratio"), *target - l.total}));
  auto filed = l.r.manual_premium_fen.mul_ratio(kOne, kOne - l.t.expense_ratio_bp, Rounding::half_up);
  if (!filed.ok()) return err(errors::premium_overflow);
  auto cap = filed->mul_ratio(l.t.regulator_cap_bp, kOne, Rounding::down);
  if (!cap.ok()) return err(errors::premium_overflow);
  if (l.total > *cap) {
    l.r.capped = true;
    MEDRISK_CHECK(l.add({"regulator_cap", "监管费率上限", "Regulator cap", l.t.regulator_cap_bp,
                         "at most the cap × filed base premium " + filed->to_plain_string() + " CNY",
                         l.source_of("regulator_cap"), *cap - l.total}));
  }
  return {};
}

}  // namespace

RatingTable rating_table_from_json(const json& j) {
  RatingTable t;
  t.version = j.at("version").get<std::string>();
  read_map(j, "institution_per_bed_base_fen", t.per_bed_base_fen, t.sources);
  read_map(j, "institution_grade_factor_bp", t.grade_factor_bp, t.sources);
  t.bed_bands = read_bands(j, "institution_bed_bands", t.sources);
  read_map(j, "clinician_base_fen", t.clinician_base_fen, t.sources);
  read_map(j, "clinician_title_factor_bp", t.title_factor_bp, t.sources);
  t.years_bands = read_bands(j, "clinician_years_bands", t.sources);
  const json& c = group(j, "credibility");
  t.sources["credibility"] = c.at("source").get<std::string>();
  t.credibility_k_years = c.at("k_years").get<std::int64_t>();
  t.experience_mod_min_bp = c.at("experience_mod_min_bp").get<std::int64_t>();
  t.experience_mod_max_bp = c.at("experience_mod_max_bp").get<std::int64_t>();
  const json& ilf = group(j, "increased_limit_factors");
  t.sources["increased_limit_factors"] = ilf.at("source").get<std::string>();
  for (const auto& f : ilf.at("values"))
    t.increased_limit_factors.push_back(
        {Money::from_fen(f.at("per_incident_limit_fen").get<std::int64_t>()), f.at("factor_bp").get<std::int64_t>()});
  const json& ded = group(j, "deductible_credits");
  t.sources["deductible_credits"] = ded.at("source").get<std::string>();
  for (const auto& d : ded.at("values"))
    t.deductible_credits.push_back(
        {Money::from_fen(d.at("deductible_fen").get<std::int64_t>()), d.at("credit_bp").get<std::int64_t>()});
  t.sources["expense_ratio"] = group(j, "expense_ratio").at("source").get<std::string>();
  t.expense_ratio_bp = j["expense_ratio"].at("value_bp").get<std::int64_t>();
  t.sources["regulator_cap"] = group(j, "regulator_cap").at("source").get<std::string>();
  t.regulator_cap_bp = j["regulator_cap"].at("value_bp").get<std::int64_t>();
  t.quote_validity_days = group(j, "quote_validity").at("days").get<std::int64_t>();
  t.sources["backdating_grace"] = group(j, "backdating_grace").at("source").get<std::string>();
  t.backdating_grace_days = j["backdating_grace"].at("days").get<std::int64_t>();
  if (t.backdating_grace_days < 0) throw std::runtime_error("backdating grace must not be negative");
  if (t.expense_ratio_bp < 0 || t.expense_ratio_bp >= kOne) throw std::runtime_error("expense ratio must be in [0, 1)");
  if (t.experience_mod_min_bp > kOne || t.experience_mod_max_bp < kOne || t.credibility_k_years <= 0)
    throw std::runtime_error("credibility bounds must enclose 1.0 and k must be positive");
  return t;
}

std::int64_t credibility_bp(std::int64_t years, std::int64_t k_years) {
  if (years <= 0) return 0;
  return (years * kOne * 2 + (years + k_years)) / (2 * (years + k_years));  // half up
}

std::int64_t experience_mod_bp(Money manual_per_year, const Experience& e, const RatingTable& t) {
  std::int64_t z = credibility_bp(e.years, t.credibility_k_years);
  if (z == 0 || manual_per_year.fen() <= 0) return kOne;
  // actual ÷ expected in bp, then 1 + Z × (ratio − 1); both rounded half up, then bounded.
  auto expected = manual_per_year.checked_mul(e.years);
  if (!expected.ok()) return kOne;
  auto ratio = Money::from_fen(kOne).mul_ratio(e.incurred_losses_fen.fen(), expected->fen(), Rounding::half_up);
  if (!ratio.ok()) return t.experience_mod_max_bp;
  auto adj = Money::from_fen(ratio->fen() - kOne).mul_ratio(z, kOne, Rounding::half_up);
  std::int64_t mod = kOne + (adj.ok() ? adj->fen() : 0);
  return std::clamp(mod, t.experience_mod_min_bp, t.experience_mod_max_bp);
}

Result<RatingResult> rate(const Product& product, const RatingInput& in, const RatingTable& t) {
  if (!product.rated) return err(errors::product_not_rated, product.code);
  if (in.clinicians.size() > kMaxClinicians) return err(errors::too_many_clinicians);
  Lines l{t, {}, Money::zero()};
  l.r.table_version = t.version;
  if (product.insured_party == "institution") {
    if (!in.institution) return err(errors::institution_exposure_required);
    MEDRISK_CHECK(institution_line(l, *in.institution));
  } else if (in.clinicians.empty()) {
    return err(errors::clinicians_required);
  }
  for (const auto& c : in.clinicians) MEDRISK_CHECK(clinician_line(l, c));
  l.r.manual_premium_fen = l.total;
  l.r.credibility_bp = credibility_bp(in.experience.years, t.credibility_k_years);
  l.r.experience_mod_bp = experience_mod_bp(l.total, in.experience, t);
  MEDRISK_CHECK(l.factor("experience_mod", "经验费率调整（信度 Z=" + std::to_string(l.r.credibility_bp) + " bp）",
                         "Experience modification (credibility Z = " + std::to_string(l.r.credibility_bp) + " bp)",
                         l.r.experience_mod_bp,
                         std::to_string(in.experience.years) + " years, incurred " +
                             in.experience.incurred_losses_fen.to_plain_string() + " CNY" +
                             (in.experience.basis.empty() ? std::string() : " (" + in.experience.basis + ")"),
                         "credibility"));
  MEDRISK_CHECK(limit_and_deductible(l, product, in));
  MEDRISK_CHECK(loading_and_cap(l));
  l.r.premium_fen = l.total;
  return std::move(l.r);
}

json to_json(const RatingInput& in) {
  json clinicians = json::array();
  for (const auto& c : in.clinicians)
    clinicians.push_back({{"user_id", c.user_id},
                          {"department_risk_class", c.department_risk_class},
                          {"title", c.title},
                          {"years_of_practice", c.years_of_practice}});
  json out{{"product_code", in.product_code},
           {"clinicians", clinicians},
           {"experience",
            {{"years", in.experience.years},
             {"incurred_losses_fen", in.experience.incurred_losses_fen.fen()},
             {"source", in.experience.source},
             {"basis", in.experience.basis}}},
           {"per_incident_limit_fen", in.per_incident_limit_fen.fen()},
           {"deductible_fen", in.deductible_fen.fen()},
           {"institution", nullptr}};
  if (in.institution)
    out["institution"] = {
        {"category", in.institution->category}, {"grade", in.institution->grade}, {"beds", in.institution->beds}};
  return out;
}

RatingInput rating_input_from_json(const json& j) {
  RatingInput in;
  in.product_code = j.at("product_code").get<std::string>();
  for (const auto& c : j.at("clinicians"))
    in.clinicians.push_back({c.at("user_id").get<std::int64_t>(), c.at("department_risk_class").get<std::string>(),
                             c.at("title").get<std::string>(), c.at("years_of_practice").get<std::int64_t>()});
  const json& ex = j.at("experience");
  in.experience = {ex.at("years").get<std::int64_t>(), Money::from_fen(ex.at("incurred_losses_fen").get<std::int64_t>()),
                   ex.value("source", std::string("declared")), ex.value("basis", std::string())};
  in.per_incident_limit_fen = Money::from_fen(j.at("per_incident_limit_fen").get<std::int64_t>());
  in.deductible_fen = Money::from_fen(j.at("deductible_fen").get<std::int64_t>());
  if (j.contains("institution") && j["institution"].is_object())
    in.institution = InstitutionExposure{j["institution"].at("category").get<std::string>(),
                                         j["institution"].at("grade").get<std::string>(),
                                         j["institution"].at("beds").get<std::int64_t>()};
  return in;
}

json to_json(const RatingResult& r) {
  json lines = json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"code", l.code},
                     {"label_zh", l.label_zh},
                     {"label_en", l.label_en},
                     {"factor_bp", l.factor_bp ? json(*l.factor_bp) : json(nullptr)},
                     {"basis", l.basis},
                     {"source", l.source},
                     {"amount_fen", l.amount_fen.fen()}});
  return {{"table_version", r.table_version},
          {"lines", lines},
          {"manual_premium_fen", r.manual_premium_fen.fen()},
          {"expected_loss_fen", r.expected_loss_fen.fen()},
          {"credibility_bp", r.credibility_bp},
          {"experience_mod_bp", r.experience_mod_bp},
          {"premium_fen", r.premium_fen.fen()},
          {"capped", r.capped}};
}

RatingResult rating_result_from_json(const json& j) {
  RatingResult r;
  r.table_version = j.at("table_version").get<std::string>();
  for (const auto& l : j.at("lines")) {
    QuoteLine q{l.at("code").get<std::string>(),
                l.at("label_zh").get<std::string>(),
                l.at("label_en").get<std::string>(),
                std::nullopt,
                l.at("basis").get<std::string>(),
                l.at("source").get<std::string>(),
                Money::from_fen(l.at("amount_fen").get<std::int64_t>())};
    if (l.at("factor_bp").is_number()) q.factor_bp = l["factor_bp"].get<std::int64_t>();
    r.lines.push_back(std::move(q));
  }
  r.manual_premium_fen = Money::from_fen(j.at("manual_premium_fen").get<std::int64_t>());
  r.expected_loss_fen = Money::from_fen(j.at("expected_loss_fen").get<std::int64_t>());
  r.credibility_bp = j.at("credibility_bp").get<std::int64_t>();
  r.experience_mod_bp = j.at("experience_mod_bp").get<std::int64_t>();
  r.premium_fen = Money::from_fen(j.at("premium_fen").get<std::int64_t>());
  r.capped = j.at("capped").get<bool>();
  return r;
}

}  // namespace medrisk::insurance
