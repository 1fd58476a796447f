// See codec.hpp. Field names follow docs/GLOSSARY.md (`*_fen`, `*_bp`, `*_days`).
#include "modules/compensation/codec.hpp"

#include "modules/compensation/rules.hpp"

namespace medrisk::compensation {
namespace {

using nlohmann::json;

const Money kZero = Money::zero();
const Money kMaxAmount = Money::from_fen(kMaxAmountFen);

// Violations and readers of the elements of an array field: "/dependants/0/age".
std::string element_path(const JsonReader& in, std::string_view field, std::size_t i) {
  return in.path_of(field) + "/" + std::to_string(i);
}

void add_element(JsonReader& in, std::string_view field, std::size_t i, std::string_view code, std::string detail = {}) {
  static const json kEmpty = json::object();
  JsonReader array(kEmpty, in.path_of(field));
  array.add(std::to_string(i), code, std::move(detail));
  in.merge(std::move(array));
}

std::optional<DayRate> day_rate(JsonReader& in, std::string_view field) {
  const json* o = in.object(field, false);
  if (!o) return std::nullopt;
  JsonReader sub(*o, in.path_of(field));
  DayRate d{sub.integer("days", 0, kMaxDays), sub.money_fen("daily_rate_fen", kZero, kMaxAmount)};
  sub.allow_only({"days", "daily_rate_fen"});
  in.merge(std::move(sub));
  return d;
}

std::optional<Nursing> nursing(JsonReader& in) {
  const json* o = in.object("nursing", false);
  if (!o) return std::nullopt;
  JsonReader sub(*o, in.path_of("nursing"));
  Nursing n{sub.integer("days", 0, kMaxDays), sub.optional_integer("carers", 1, kMaxCarers).value_or(1),
            sub.money_fen("daily_rate_fen", kZero, kMaxAmount)};
  sub.allow_only({"days", "carers", "daily_rate_fen"});
  in.merge(std::move(sub));
  return n;
}

std::vector<int> grades(JsonReader& in) {
  std::vector<int> out;
  const json* a = in.array("disability_grades", kMaxDisabilities, false);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const json& g = (*a)[i];
    if (!g.is_number_integer()) add_element(in, "disability_grades", i, "field_wrong_type");
    else if (g.get<std::int64_t>() < 1 || g.get<std::int64_t>() > 10)
      add_element(in, "disability_grades", i, "field_out_of_range", "1..10");
    else out.push_back(g.get<int>());
  }
  return out;
}

std::vector<Dependant> dependants(JsonReader& in) {
  std::vector<Dependant> out;
  const json* a = in.array("dependants", kMaxDependants, false);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    JsonReader sub((*a)[i], element_path(in, "dependants", i));
    if (!sub.ok()) { in.merge(std::move(sub)); continue; }
    Dependant d;
    d.kind = sub.one_of("kind", {"minor", "unable_to_work"}) == "minor" ? DependantKind::minor : DependantKind::unable_to_work;
    d.age = static_cast<int>(sub.integer("age", 0, kMaxAge));
    d.supporters = sub.optional_integer("supporters", 1, 20).value_or(1);
    sub.allow_only({"kind", "age", "supporters"});
    in.merge(std::move(sub));
    out.push_back(d);
  }
  return out;
}

Causation causation(JsonReader& in) {
  Causation c;
  const json* o = in.object("causation");
  if (!o) return c;
  JsonReader sub(*o, in.path_of("causation"));
  c.fault = sub.boolean("fault");
  c.degree = sub.optional_string("degree", 20).value_or("");
  c.share_bp = sub.optional_integer("share_bp", 0, 10'000);
  if (sub.ok() && c.fault && c.degree.empty()) sub.add("degree", "field_required", "a degree is needed where there is fault");
  sub.allow_only({"fault", "degree", "share_bp"});
  in.merge(std::move(sub));
  return c;
}

std::optional<Cover> cover(JsonReader& in, std::string_view field) {
  const json* o = in.object(field, false);
  if (!o) return std::nullopt;
  JsonReader sub(*o, in.path_of(field));
  Cover c{sub.optional_money_fen("deductible_fen", kZero, kMaxAmount).value_or(kZero),
          sub.money_fen("per_incident_limit_fen", kZero, kMaxAmount),
          sub.optional_money_fen("remaining_aggregate_fen", kZero, kMaxAmount)};
  sub.allow_only({"deductible_fen", "per_incident_limit_fen", "remaining_aggregate_fen"});
  in.merge(std::move(sub));
  return c;
}

std::optional<InsuranceInput> insurance(JsonReader& in) {
  const json* o = in.object("insurance", false);
  if (!o) return std::nullopt;
  JsonReader sub(*o, in.path_of("insurance"));
  InsuranceInput ins{cover(sub, "liability"), cover(sub, "accident"), {}};
  if (const json* a = sub.array("coinsurers", kMaxCoinsurers, false)) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      JsonReader c((*a)[i], element_path(sub, "coinsurers", i));
      if (!c.ok()) { sub.merge(std::move(c)); continue; }
      ins.coinsurers.push_back({c.string("name", 100), c.integer("share_bp", 0, 10'000)});
      c.allow_only({"name", "share_bp"});
      sub.merge(std::move(c));
    }
  }
  sub.allow_only({"liability", "accident", "coinsurers"});
  in.merge(std::move(sub));
  return ins;
}

Outcome outcome(JsonReader& in) {
  std::string o = in.one_of("outcome", {"injury", "disability", "death"});
  return o == "death" ? Outcome::death : o == "disability" ? Outcome::disability : Outcome::injury;
}

json opt_fen(const std::optional<Money>& m) { return m ? json(m->fen()) : json(nullptr); }

}  // namespace

void decode_input(JsonReader& in, CompensationInput& out) {
  out.province = in.optional_string("province", 40).value_or("guangdong");
  out.area = in.optional_string("area", 40).value_or("general");
  out.standard_year = static_cast<int>(in.integer("standard_year", 1990, 2100));
  out.outcome = outcome(in);
  out.victim_age = static_cast<int>(in.integer("victim_age", 0, kMaxAge));
  out.disability_grades = grades(in);
  out.medical_costs = in.optional_money_fen("medical_costs_fen", kZero, kMaxAmount).value_or(kZero);
  out.lost_income = day_rate(in, "lost_income");
  out.nursing = nursing(in);
  out.transport_costs = in.optional_money_fen("transport_costs_fen", kZero, kMaxAmount).value_or(kZero);
  out.lodging = day_rate(in, "lodging");
  out.hospital_days = in.optional_integer("hospital_days", 0, kMaxDays).value_or(0);
  out.nutrition = day_rate(in, "nutrition");
  out.disability_aids = in.optional_money_fen("disability_aids_fen", kZero, kMaxAmount).value_or(kZero);
  out.dependants = dependants(in);
  out.mental_distress = in.optional_money_fen("mental_distress_fen", kZero, kMaxAmount).value_or(kZero);
  out.causation = causation(in);
  out.insurance = insurance(in);
  in.allow_only({"province", "area", "standard_year", "outcome", "victim_age", "disability_grades", "medical_costs_fen",
                 "lost_income", "nursing", "transport_costs_fen", "lodging", "hospital_days", "nutrition",
                 "disability_aids_fen", "dependants", "mental_distress_fen", "causation", "insurance"});
}

json to_json(const Line& l) {
  return {{"item", l.item}, {"formula_zh", l.formula_zh}, {"formula_en", l.formula_en}, {"amount_fen", l.amount.fen()}};
}

json to_json(const Calculation& c) {
  json lines = json::array();
  for (const auto& l : c.lines) lines.push_back(to_json(l));
  json insurance = nullptr;
  if (c.insurance) {
    const InsuranceResult& i = *c.insurance;
    json ilines = json::array(), shares = json::array();
    for (const auto& l : i.lines) ilines.push_back(to_json(l));
    for (const auto& s : i.coinsurers) shares.push_back({{"name", s.name}, {"share_bp", s.share_bp}, {"amount_fen", s.amount.fen()}});
    insurance = {{"cover", i.cover}, {"base_fen", i.base.fen()}, {"payable_fen", i.payable.fen()},
                 {"uncovered_fen", i.uncovered.fen()}, {"limited_by", i.limited_by ? json(*i.limited_by) : json(nullptr)},
                 {"lines", ilines}, {"coinsurers", shares}};
  }
  return {{"parameter_version", c.parameter_version}, {"parameters_verified", c.parameters_verified},
          {"sources", c.sources}, {"lines", lines}, {"gross_fen", c.gross.fen()},
          {"disability_coefficient_bp", c.disability_coefficient_bp}, {"causation_share_bp", c.causation_share_bp},
          {"causation", to_json(c.causation_line)}, {"liable_fen", c.liable.fen()}, {"insurance", insurance}};
}

json to_json(const SavedCalculation& c) {
  return {{"id", c.id}, {"case_id", c.case_id}, {"label", c.label}, {"organization_ids", c.organization_ids},
          {"created_by_user_id", c.created_by_user_id}, {"created_at", c.created_at},
          {"parameter_version", c.parameter_version}, {"gross_fen", c.gross.fen()}, {"liable_fen", c.liable.fen()},
          {"insurer_payable_fen", c.insurer_payable.fen()}, {"input", json::parse(c.input_json)},
          {"result", json::parse(c.result_json)}};
}

json to_json(const ParameterSet& p) {
  json degrees = json::array(), regions = json::array();
  for (const auto& d : p.rules.causation_degrees)
    degrees.push_back({{"id", d.id}, {"zh", d.zh}, {"en", d.en}, {"min_bp", d.min_bp}, {"max_bp", d.max_bp}, {"usual_bp", d.usual_bp}});
  for (const auto& r : p.regions) {
    json areas = json::array(), years = json::array();
    for (const auto& [id, names] : r.area_names) areas.push_back({{"id", id}, {"zh", names.first}, {"en", names.second}});
    for (const auto& s : r.standards) {
      json figures = json::object();
      for (const auto& [area, f] : s.areas)
        figures[area] = {{"urban_disposable_income_fen", opt_fen(f.urban_disposable_income)},
                         {"urban_consumption_fen", opt_fen(f.urban_consumption)},
                         {"state_unit_avg_wage_fen", opt_fen(f.state_unit_avg_wage)}};
      years.push_back({{"standard_year", s.standard_year}, {"statistics_year", s.statistics_year},
                       {"document", s.document}, {"source", s.source}, {"verified", s.verified}, {"areas", figures},
                       {"hospital_food_subsidy_per_day_fen", opt_fen(s.hospital_food_subsidy_per_day)}});
    }
    regions.push_back({{"province", r.province}, {"version", r.version}, {"areas", areas}, {"standards", years}});
  }
  return {{"rules_version", p.rules.version}, {"rules_source", p.rules.source}, {"rules_verified", p.rules.verified},
          {"causation_degrees", degrees}, {"regions", regions}};
}

}  // namespace medrisk::compensation
