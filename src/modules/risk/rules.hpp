// Pure risk rules (no I/O): months, the exposure CSV format and its row checks, exposure units, and
// Bühlmann–Straub credibility with the resulting risk coefficients (formulas in README.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "modules/risk/model.hpp"

namespace medrisk::risk {

inline constexpr std::size_t kDepartmentMaxCodePoints = 50;
inline constexpr std::int64_t kMaxCount = 100'000'000;
inline constexpr int kMaxPeriodMonths = 120;

// ---- months ----
bool is_month(std::string_view m);  // YYYY-MM, 2000-01 … 2099-12
int month_index(std::string_view m);  // months since 0000-01 (is_month first)
std::string month_of_index(int index);
std::string add_months(std::string_view m, int n);
// The months of [from, to]; empty when either is not a month, from > to, or more than kMaxPeriodMonths.
std::vector<std::string> months_between(std::string_view from, std::string_view to);

// ---- the exposure file ----
// Header: organization_id, department, month, outpatient_visits, discharges, bed_days (required, any
// order) and ops_<ICD-9-CM-3 chapter> (optional, one per procedure group, data/risk/procedure_groups.json).
struct ParsedExposure {
  std::vector<ExposureRecord> rows;
  std::vector<std::int64_t> lines;  // each row's line number in the file
  std::vector<ImportIssue> issues;
};
// Checks every row and cell (without the database: organizations are checked by the service) and
// reports every problem with its line and column; a file with any issue must be refused whole.
ParsedExposure parse_exposure_csv(std::string_view text, const std::set<std::string, std::less<>>& procedure_groups,
                                  std::int64_t max_rows);
// The same checks for one row already split into fields (the partner API's JSON rows reuse them).
void check_record(const ExposureRecord& r, std::int64_t line, std::vector<ImportIssue>& issues);

// Exposure units of a record: visits × w_visit + discharges × w_discharge + bed-days × w_bed_day.
double exposure_units(const ExposureRecord& r, const RiskParams& p);

// ---- Bühlmann–Straub ----
struct BsPeriod {
  double weight = 0;  // exposure in units of rate_per_units (e.g. thousands of units)
  double events = 0;
};
struct BsUnit {
  std::vector<BsPeriod> periods;  // periods with weight 0 are left out
};
struct BsResult {
  StructuralParameters params;
  std::vector<MeasureRate> units;  // in input order
};
// X_ij = events_ij / w_ij; X̄_i = Σ_j events_ij / w_i; X̄ = Σ events / Σ w (the province rate);
// s² = Σ_i Σ_j w_ij (X_ij − X̄_i)² / Σ_i (n_i − 1);
// â = (Σ_i w_i (X̄_i − X̄)² − (I − 1) s²) / (w − Σ_i w_i² / w);  k = s² / â;  Z_i = w_i / (w_i + k)
// (â ≤ 0: Z_i = 0); credibility rate = Z_i X̄_i + (1 − Z_i) X̄; coefficient = that / X̄ (1 when X̄ = 0).
BsResult buhlmann_straub(const std::vector<BsUnit>& units);

}  // namespace medrisk::risk
