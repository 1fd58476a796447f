// Parameter files → ParameterSet (see parameters.hpp). Each key read here is documented in the files.
#include "modules/compensation/parameters.hpp"

#include <algorithm>
#include <fstream>

#include "modules/compensation/errors.hpp"

namespace medrisk::compensation {
namespace {

using nlohmann::json;

std::optional<Money> yuan(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return Money::from_fen(j.at(key).get<std::int64_t>() * 100);
}

std::map<int, std::int64_t> grade_table(const json& j) {
  std::map<int, std::int64_t> out;
  for (int g = 1; g <= 10; ++g) out[g] = j.at(std::to_string(g)).get<std::int64_t>();
  return out;
}

Rules parse_rules(const json& j) {
  Rules r;
  r.version = j.at("version").get<std::string>();
  r.source = j.at("source").get<std::string>();
  r.verified = j.at("verified").get<bool>();
  r.income_years = j.at("income_years").at("value").get<int>();
  const json& age = j.at("age_rule");
  r.reduction_from_age = age.at("reduction_from_age").get<int>();
  r.floor_at_age = age.at("floor_at_age").get<int>();
  r.floor_years = age.at("floor_years").get<int>();
  r.funeral_months = j.at("funeral_months").at("value").get<int>();
  r.nursing_max_years = j.at("nursing").at("max_years").get<int>();
  r.days_per_year = j.at("nursing").at("days_per_year").get<int>();
  r.minor_until_age = j.at("dependants").at("minor_until_age").get<int>();
  r.unable_to_work_years = j.at("dependants").at("unable_to_work_years").get<int>();
  r.disability_coefficient_bp = grade_table(j.at("disability_coefficients_bp"));
  const json& multi = j.at("multiple_disabilities");
  r.additional_index_bp = grade_table(multi.at("additional_index_bp"));
  r.additions_cap_bp = multi.at("additions_cap_bp").get<std::int64_t>();
  r.total_cap_bp = multi.at("total_cap_bp").get<std::int64_t>();
  r.grade_1_absorbs_others = multi.at("grade_1_absorbs_others").get<bool>();
  for (const json& d : j.at("causation_degrees").at("degrees"))
    r.causation_degrees.push_back({d.at("id").get<std::string>(), d.at("zh").get<std::string>(), d.at("en").get<std::string>(),
                                   d.at("min_bp").get<std::int64_t>(), d.at("max_bp").get<std::int64_t>(),
                                   d.at("usual_bp").get<std::int64_t>()});
  r.mental_distress_scaled_by_causation = j.at("mental_distress_scaled_by_causation").at("value").get<bool>();
  return r;
}

StandardYear parse_standard(const json& j) {
  StandardYear s;
  s.standard_year = j.at("standard_year").get<int>();
  s.statistics_year = j.at("statistics_year").get<int>();
  s.document = j.at("document").is_null() ? "" : j.at("document").get<std::string>();
  s.source = j.at("source").get<std::string>();
  s.verified = j.at("verified").get<bool>();
  for (const auto& [area, f] : j.at("areas").items())
    s.areas[area] = {yuan(f, "urban_disposable_income_yuan"), yuan(f, "urban_consumption_yuan"),
                     yuan(f, "state_unit_avg_wage_yuan")};
  s.hospital_food_subsidy_per_day = yuan(j, "hospital_food_subsidy_yuan_per_day");
  if (const json& g = j.at("mental_distress_guidance"); !g.is_null()) {
    s.mental_distress_min = yuan(g, "min_yuan");
    s.mental_distress_max = yuan(g, "max_yuan");
  }
  return s;
}

RegionFile parse_region(const json& j) {
  RegionFile f;
  f.province = j.at("province").get<std::string>();
  f.version = j.at("version").get<std::string>();
  for (const auto& [id, names] : j.at("areas").items())
    f.area_names[id] = {names.at("zh").get<std::string>(), names.at("en").get<std::string>()};
  for (const json& s : j.at("standards")) f.standards.push_back(parse_standard(s));
  return f;
}

json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return json::parse(in);
}

}  // namespace

Result<ParameterSet> parse_parameters(const json& rules, const std::vector<json>& regions) {
  try {
    ParameterSet set;
    set.rules = parse_rules(rules);
    for (const json& r : regions) set.regions.push_back(parse_region(r));
    return set;
  } catch (const json::exception& e) {
    return Error::of(std::string(errors::compensation_parameters_invalid), e.what());
  }
}

ParameterSet load_parameters(const std::filesystem::path& dir) {
  std::vector<json> regions;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir / "regions"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) regions.push_back(read_json(f));
  auto set = parse_parameters(read_json(dir / "rules-2022.json"), regions);
  if (!set) throw std::runtime_error("compensation parameters in " + dir.string() + ": " + set.error().detail);
  return std::move(set).value();
}

}  // namespace medrisk::compensation
