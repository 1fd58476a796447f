// Risk rules (see rules.hpp).
#include "modules/risk/rules.hpp"

#include <charconv>
#include <cstdio>
#include <tuple>
#include <cmath>

#include "modules/risk/errors.hpp"

namespace medrisk::risk {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// One CSV record (RFC 4180 quoting) from `text` at `pos`; advances past its line end.
std::vector<std::string> next_record(std::string_view text, std::size_t& pos) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  while (pos < text.size()) {
    char c = text[pos++];
    if (quoted) {
      if (c == '"') {
        if (pos < text.size() && text[pos] == '"') {
          field += '"';
          ++pos;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(trim(field));
      field.clear();
    } else if (c == '\n') {
      break;
    } else {
      field += c;
    }
  }
  fields.push_back(trim(field));
  return fields;
}

std::optional<std::int64_t> parse_count(std::string_view s, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < min || v > max) return std::nullopt;
  return v;
}

const std::vector<std::string>& required_columns() {
  static const std::vector<std::string> c = {"organization_id", "department", "month",
                                             "outpatient_visits", "discharges", "bed_days"};
  return c;
}

void add(std::vector<ImportIssue>& issues, std::int64_t line, std::string column, std::string_view code,
         std::string detail = {}) {
  issues.push_back({line, std::move(column), std::string(code), std::move(detail)});
}

}  // namespace

bool is_month(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (m[i] < '0' || m[i] > '9') return false;
  int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
  int mo = (m[5] - '0') * 10 + (m[6] - '0');
  return y >= 2000 && y <= 2099 && mo >= 1 && mo <= 12;
}

int month_index(std::string_view m) {
  int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
  int mo = (m[5] - '0') * 10 + (m[6] - '0');
  return y * 12 + mo - 1;
}

std::string month_of_index(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}

std::string add_months(std::string_view m, int n) { return month_of_index(month_index(m) + n); }

std::vector<std::string> months_between(std::string_view from, std::string_view to) {
  std::vector<std::string> out;
  if (!is_month(from) || !is_month(to)) return out;
  int a = month_index(from), b = month_index(to);
  if (a > b || b - a + 1 > kMaxPeriodMonths) return out;
  for (int i = a; i <= b; ++i) out.push_back(month_of_index(i));
  return out;
}

void check_record(const ExposureRecord& r, std::int64_t line, std::vector<ImportIssue>& issues) {
  if (r.organization_id <= 0) add(issues, line, "organization_id", errors::exposure_organization_invalid);
  if (r.department.empty() || code_points(r.department) > kDepartmentMaxCodePoints)
    add(issues, line, "department", errors::exposure_department_invalid);
  if (!is_month(r.month)) add(issues, line, "month", errors::exposure_month_invalid);
  auto count = [&](std::int64_t v, const std::string& column) {
    if (v < 0 || v > kMaxCount) add(issues, line, column, errors::exposure_count_invalid);
  };
  count(r.outpatient_visits, "outpatient_visits");
  count(r.discharges, "discharges");
  count(r.bed_days, "bed_days");
  for (const auto& [g, n] : r.operations) count(n, "ops_" + g);
}

ParsedExposure parse_exposure_csv(std::string_view text, const std::set<std::string, std::less<>>& procedure_groups,
                                  std::int64_t max_rows) {
  ParsedExposure out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 BOM (Excel's CSV export)
  std::size_t pos = 0;
  auto header = next_record(text, pos);
  if (text.empty() || (header.size() == 1 && header[0].empty())) {
    add(out.issues, 1, "", errors::exposure_file_empty);
    return out;
  }
  // Column → index; ops_<group> columns kept with their group.
  std::map<std::string, std::size_t> index;
  std::vector<std::pair<std::size_t, std::string>> ops;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    if (index.contains(name)) {
      add(out.issues, 1, name, errors::exposure_column_duplicated);
      continue;
    }
    index[name] = i;
    bool required = false;
    for (const auto& c : required_columns()) required = required || c == name;
    if (required) continue;
    if (name.starts_with("ops_") && procedure_groups.contains(name.substr(4))) {
      ops.emplace_back(i, name.substr(4));
      continue;
    }
    add(out.issues, 1, name, errors::exposure_column_unknown);
  }
  for (const auto& c : required_columns())
    if (!index.contains(c)) add(out.issues, 1, c, errors::exposure_column_missing);
  if (!out.issues.empty()) return out;

  std::set<std::tuple<std::int64_t, std::string, std::string>> seen;
  std::int64_t line = 1;
  while (pos < text.size()) {
    ++line;
    auto f = next_record(text, pos);
    if (f.size() == 1 && f[0].empty()) continue;  // blank line (and the file's last newline)
    if (static_cast<std::int64_t>(out.rows.size()) >= max_rows) {
      add(out.issues, line, "", errors::exposure_file_too_large, "more than " + std::to_string(max_rows) + " rows");
      return out;
    }
    if (f.size() != header.size()) {
      add(out.issues, line, "", errors::exposure_row_width,
          std::to_string(f.size()) + " fields, header has " + std::to_string(header.size()));
      continue;
    }
    ExposureRecord r;
    std::size_t before = out.issues.size();
    auto cell = [&](const std::string& column) -> const std::string& { return f[index.at(column)]; };
    auto number = [&](const std::string& column, std::int64_t min) -> std::int64_t {
      auto v = parse_count(cell(column), min, column == "organization_id" ? INT64_MAX : kMaxCount);
      if (!v) {
        add(out.issues, line, column,
            column == "organization_id" ? errors::exposure_organization_invalid : errors::exposure_count_invalid);
        return -1;
      }
      return *v;
    };
    r.organization_id = number("organization_id", 1);
    r.department = cell("department");
    r.month = cell("month");
    r.outpatient_visits = number("outpatient_visits", 0);
    r.discharges = number("discharges", 0);
    r.bed_days = number("bed_days", 0);
    for (const auto& [i, g] : ops) {
      if (f[i].empty()) continue;  // no operations of that group recorded
      auto v = parse_count(f[i], 0, kMaxCount);
      if (!v) add(out.issues, line, "ops_" + g, errors::exposure_count_invalid);
      else if (*v > 0) r.operations[g] = *v;
    }
    // The cells already refused are not reported twice.
    std::vector<ImportIssue> more;
    check_record(r, line, more);
    for (auto& m : more) {
      bool dup = false;
      for (std::size_t k = before; k < out.issues.size(); ++k)
        dup = dup || out.issues[k].column == m.column;
      if (!dup) out.issues.push_back(std::move(m));
    }
    if (out.issues.size() == before && !seen.insert({r.organization_id, r.department, r.month}).second)
      add(out.issues, line, "month", errors::exposure_row_duplicated);
    out.rows.push_back(std::move(r));
    out.lines.push_back(line);
  }
  if (out.rows.empty() && out.issues.empty()) add(out.issues, 1, "", errors::exposure_file_empty);
  return out;
}

double exposure_units(const ExposureRecord& r, const RiskParams& p) {
  return static_cast<double>(r.outpatient_visits) * p.outpatient_visit_weight +
         static_cast<double>(r.discharges) * p.discharge_weight + static_cast<double>(r.bed_days) * p.bed_day_weight;
}

BsResult buhlmann_straub(const std::vector<BsUnit>& units) {
  BsResult out;
  out.units.resize(units.size());
  std::vector<double> w(units.size(), 0), xbar(units.size(), 0);
  std::vector<int> n(units.size(), 0);
  double w_total = 0, events_total = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    double e = 0;
    for (const auto& p : units[i].periods) {
      if (p.weight <= 0) continue;
      w[i] += p.weight;
      e += p.events;
      ++n[i];
    }
    out.units[i].events = e;
    if (w[i] > 0) xbar[i] = e / w[i];
    out.units[i].rate = xbar[i];
    w_total += w[i];
    events_total += e;
  }
  double X = w_total > 0 ? events_total / w_total : 0;
  out.params.province_rate = X;
  // Within-unit variance s².
  double within = 0;
  int dof = 0;
  int I = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (w[i] <= 0) continue;
    ++I;
    dof += n[i] - 1;
    for (const auto& p : units[i].periods)
      if (p.weight > 0) within += p.weight * std::pow(p.events / p.weight - xbar[i], 2);
  }
  double s2 = dof > 0 ? within / dof : 0;
  out.params.s2 = s2;
  out.params.units = I;
  // Between-unit variance â.
  double between = 0, sum_w2 = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (w[i] <= 0) continue;
    between += w[i] * std::pow(xbar[i] - X, 2);
    sum_w2 += w[i] * w[i];
  }
  double denom = w_total - (w_total > 0 ? sum_w2 / w_total : 0);
  double a = (I >= 2 && denom > 0) ? (between - (I - 1) * s2) / denom : 0;
  out.params.a = a;
  if (a > 0) out.params.k = s2 / a;
  for (std::size_t i = 0; i < units.size(); ++i) {
    MeasureRate& m = out.units[i];
    if (a > 0 && w[i] > 0) m.z = w[i] / (w[i] + *out.params.k);
    m.credibility_rate = m.z * m.rate + (1 - m.z) * X;
    m.coefficient = X > 0 ? m.credibility_rate / X : 1;
  }
  return out;
}

}  // namespace medrisk::risk
