// Compensation vocabulary: the parameters of PRC personal-injury damages (data/compensation/), one
// calculation's input, and its itemized result — every line with its formula and its amount in fen.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/money.hpp"

namespace medrisk::compensation {

// ---- parameters (data/compensation/rules-2022.json) ----
struct CausationDegree {
  std::string id;  // full, main, equal, secondary, minor, none
  std::string zh, en;
  std::int64_t min_bp = 0, max_bp = 0, usual_bp = 0;
};

struct Rules {
  std::string version;
  std::string source;
  bool verified = false;
  int income_years = 20;
  int reduction_from_age = 60;
  int floor_at_age = 75;
  int floor_years = 5;
  int funeral_months = 6;
  int nursing_max_years = 20;
  int days_per_year = 365;
  int minor_until_age = 18;
  int unable_to_work_years = 20;
  std::map<int, std::int64_t> disability_coefficient_bp;  // grade 1..10
  std::map<int, std::int64_t> additional_index_bp;        // per further disability, by its grade
  std::int64_t additions_cap_bp = 1000;
  std::int64_t total_cap_bp = 10000;
  bool grade_1_absorbs_others = true;
  std::vector<CausationDegree> causation_degrees;
  bool mental_distress_scaled_by_causation = false;
};

// ---- parameters (data/compensation/regions/<province>.json), one province, area and year ----
struct AreaFigures {
  std::optional<Money> urban_disposable_income;  // per year
  std::optional<Money> urban_consumption;        // per year
  std::optional<Money> state_unit_avg_wage;      // per year
};

struct StandardYear {
  int standard_year = 0;
  int statistics_year = 0;
  std::string document;
  std::string source;
  bool verified = false;
  std::map<std::string, AreaFigures> areas;
  std::optional<Money> hospital_food_subsidy_per_day;
  std::optional<Money> mental_distress_min, mental_distress_max;  // regional guidance, when known
};

struct RegionFile {
  std::string province;
  std::string version;
  std::map<std::string, std::pair<std::string, std::string>> area_names;  // id → zh, en
  std::vector<StandardYear> standards;
};

// Everything loaded from data/compensation/.
struct ParameterSet {
  Rules rules;
  std::vector<RegionFile> regions;
};

// What one calculation uses: the rules and one area's figures of one standard year.
struct Parameters {
  Rules rules;
  std::string province, area;
  StandardYear standard;
  AreaFigures figures;
  std::string version;  // "spc-2022.1;guangdong.2026-1;2022;general"
};

// ---- input ----
enum class Outcome { injury, disability, death };

struct DayRate {
  std::int64_t days = 0;
  Money daily_rate;
};

struct Nursing {
  std::int64_t days = 0;
  std::int64_t carers = 1;
  Money daily_rate;
};

enum class DependantKind { minor, unable_to_work };

struct Dependant {
  DependantKind kind = DependantKind::minor;
  int age = 0;             // completed years (周岁) when the harm was fixed
  std::int64_t supporters = 1;  // people obliged to support, the victim included
};

struct Causation {
  bool fault = true;
  std::string degree;                    // a causation_degree id; ignored without fault
  std::optional<std::int64_t> share_bp;  // an explicit percentage within the degree's range
};

struct Cover {
  Money deductible;
  Money per_incident_limit;
  std::optional<Money> remaining_aggregate;
};

struct Coinsurer {
  std::string name;
  std::int64_t share_bp = 0;
};

struct InsuranceInput {
  std::optional<Cover> liability;  // pays the provider's liability where there is fault
  std::optional<Cover> accident;   // pays the patient's loss where there is none
  std::vector<Coinsurer> coinsurers;  // empty: a single insurer
};

struct CompensationInput {
  std::string province = "guangdong";
  std::string area = "general";
  int standard_year = 0;
  Outcome outcome = Outcome::injury;
  int victim_age = 0;  // completed years at the fixing of disability or at death
  std::vector<int> disability_grades;
  Money medical_costs;
  std::optional<DayRate> lost_income;
  std::optional<Nursing> nursing;
  Money transport_costs;
  std::optional<DayRate> lodging;
  std::int64_t hospital_days = 0;
  std::optional<DayRate> nutrition;
  Money disability_aids;
  std::vector<Dependant> dependants;
  Money mental_distress;
  Causation causation;
  std::optional<InsuranceInput> insurance;
};

// ---- result ----
struct Line {
  std::string item;  // medical_costs, disability_compensation, …, deductible, coinsurer_share
  std::string formula_zh, formula_en;
  Money amount;
};

struct CoinsurerShare {
  std::string name;
  std::int64_t share_bp = 0;
  Money amount;
};

struct InsuranceResult {
  std::string cover;  // liability, accident, none
  Money base;
  Money payable;
  Money uncovered;  // base − payable: left to the provider (liability) or the patient (accident)
  std::optional<std::string> limited_by;  // deductible, per_incident_limit, remaining_aggregate
  std::vector<Line> lines;
  std::vector<CoinsurerShare> coinsurers;
};

struct Calculation {
  std::string parameter_version;
  bool parameters_verified = false;
  std::vector<std::string> sources;
  std::vector<Line> lines;  // the damages items
  Money gross;
  std::int64_t disability_coefficient_bp = 0;  // 0 without disability, 10000 on death
  std::int64_t causation_share_bp = 0;
  Line causation_line;
  Money liable;  // what the provider owes
  std::optional<InsuranceResult> insurance;
};

// ---- a saved calculation, attached to a dispute case ----
struct SavedCalculation {
  std::int64_t id = 0;
  std::int64_t case_id = 0;  // a plain reference to the disputes module's case
  std::vector<std::int64_t> organization_ids;  // who may read it
  std::int64_t created_by_user_id = 0;
  std::string created_at;
  std::string parameter_version;
  std::string label;
  Money gross, liable, insurer_payable;
  std::string input_json, result_json;
};

}  // namespace medrisk::compensation
