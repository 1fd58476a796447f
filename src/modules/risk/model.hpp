// Risk database types (医疗风险数据库, DESIGN §2.8): exposure per institution × department × month,
// import reports, the parameters of data/risk/, event tallies gathered from the other modules, and the
// rates, credibility and risk coefficients computed from them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/money.hpp"

namespace medrisk::risk {

// One institution × department × month of exposure (a CSV row or a partner API row).
struct ExposureRecord {
  std::int64_t organization_id = 0;
  std::string department;  // the institution's department name, as disputes and incidents record it
  std::string month;       // YYYY-MM
  std::int64_t outpatient_visits = 0, discharges = 0, bed_days = 0;
  std::map<std::string, std::int64_t> operations;  // by ICD-9-CM-3 chapter (data/risk/procedure_groups.json)
  std::int64_t import_id = 0;
};

// One refused cell or row of an import: the file's line number (header = 1), the column and a code
// from data/errors/risk.json.
struct ImportIssue {
  std::int64_t row = 0;
  std::string column;
  std::string code;
  std::string detail;  // English, for developers (the value is never echoed: it may be anything)
};

struct ImportReport {
  std::int64_t id = 0;
  std::string source;     // cli, partner
  std::string file_name;  // as given (CLI) or "partner"
  std::optional<std::int64_t> organization_id;  // the partner's institution
  std::string status;     // imported, refused
  std::int64_t rows = 0, replaced = 0;
  std::vector<ImportIssue> issues;
  std::string created_at;
};

struct ProcedureGroup {
  std::string code, codes, zh, en;
};
struct DiagnosisChapter {
  std::string code, first, last, zh, en;
};

struct RiskParams {
  double outpatient_visit_weight = 0.1, discharge_weight = 1.0, bed_day_weight = 0.0;
  double rate_per_units = 1000;
  std::int64_t max_import_rows = 1000000;
  int experience_months = 36;
  std::vector<ProcedureGroup> procedure_groups;
  std::vector<DiagnosisChapter> diagnosis_chapters;
  std::map<std::string, std::string> sources;  // file → source
};

// Events of one kind counted for one institution × department × (clinician) × incident month, from
// the module that owns them (through its api.hpp).
struct EventTally {
  std::string measure;  // complaints, cases, claims, claims_incurred, incidents
  std::int64_t organization_id = 0;
  std::string department;
  std::optional<std::int64_t> clinician_user_id;
  std::string month;
  double value = 0;  // a count, or fen for claims_incurred
};

inline const std::vector<std::string>& measures() {
  static const std::vector<std::string> m = {"incidents", "complaints", "cases", "claims", "claims_incurred"};
  return m;
}

// One unit's figures for one measure (rules.hpp buhlmann_straub).
struct MeasureRate {
  double events = 0;          // count, or fen
  double rate = 0;            // per rate_per_units exposure units
  double z = 0;               // Bühlmann–Straub credibility
  double credibility_rate = 0;
  double coefficient = 1;     // credibility_rate / province rate
};

struct StructuralParameters {
  double province_rate = 0, s2 = 0, a = 0;
  std::optional<double> k;  // nullopt when a ≤ 0 (no credible difference between units: Z = 0)
  int units = 0;
};

struct RateRow {
  std::int64_t organization_id = 0;
  std::string organization_name;
  std::string department;  // empty at institution level
  double exposure_units = 0;
  std::map<std::string, MeasureRate> measures;
};

struct ProvinceRow {
  std::string department;  // empty at institution level
  double exposure_units = 0;
  std::map<std::string, double> events;
  std::map<std::string, StructuralParameters> parameters;
};

struct RatesReport {
  std::string level;  // institution, department
  std::string from_month, to_month, province;  // province: two-digit GB/T 2260 prefix
  std::vector<ProvinceRow> province_rows;
  std::vector<RateRow> rows;  // only those the reader may see identified
};

struct RatesQuery {
  std::string level = "department";
  std::string from_month, to_month;
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> department;
};

struct ExposureQuery {
  std::optional<std::int64_t> organization_id;
  std::string from_month, to_month;
  std::int64_t after_id = 0;
  int limit = 100;
};

struct ExposureRow {
  std::int64_t id = 0;
  ExposureRecord r;
  std::string updated_at;
};

struct ClinicianEvent {
  std::string measure;  // cases, claims
  std::string month, department;
  std::int64_t organization_id = 0;
  double value = 0;
};

struct ClinicianHistory {
  std::int64_t clinician_user_id = 0;
  std::string display_name;
  std::int64_t organization_id = 0;
  std::string from_month, to_month;
  std::map<std::string, double> totals;  // cases, claims, claims_incurred
  std::vector<ClinicianEvent> by_month;
};

}  // namespace medrisk::risk
