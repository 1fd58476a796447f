// Long-layout CSV → Triangle: RFC 4180 parsing, column choice, filters and the conversion of
// calendar-period development columns into development lags (lag = development − origin + 1).
#include "modules/actuarial/csv.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <numeric>
#include <sstream>

#include "modules/actuarial/errors.hpp"

namespace medrisk::actuarial {
namespace {

Error fail(std::string_view code, std::string detail) { return Error::of(std::string(code), std::move(detail)); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size() && std::isfinite(out);
}

bool parse_int(std::string_view s, long long& out) {
  s = trim(s);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc{} && ptr == s.data() + s.size()) return true;
  double d = 0;  // "1990.0" as written by pandas
  if (parse_double(s, d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    out = static_cast<long long>(d);
    return true;
  }
  return false;
}

// A calendar period: 1990, 1995-04, 1995-04-30, 1995Q2, 1995-Q2. Month 1..12 (1 for a bare year).
struct Period {
  long long year = 0;
  int month = 1;
  bool has_month = false;
};

bool parse_period(std::string_view s, Period& out) {
  s = trim(s);
  if (s.size() < 4) return false;
  long long year = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + 4, year);
  if (ec != std::errc{} || ptr != s.data() + 4) return false;
  std::string_view rest = s.substr(4);
  out = Period{year, 1, false};
  if (rest.empty()) return true;
  if (rest.front() == '-') rest.remove_prefix(1);
  if (!rest.empty() && (rest.front() == 'Q' || rest.front() == 'q')) {
    if (rest.size() != 2 || rest[1] < '1' || rest[1] > '4') return false;
    out.month = (rest[1] - '1') * 3 + 1;
    out.has_month = true;
    return true;
  }
  int month = 0;
  auto [p2, e2] = std::from_chars(rest.data(), rest.data() + rest.size(), month);
  if (e2 != std::errc{} || month < 1 || month > 12) return false;
  if (p2 != rest.data() + rest.size() && *p2 != '-') return false;  // YYYY-MM-DD: the day is ignored
  out.month = month;
  out.has_month = true;
  return true;
}

std::string pick_column(const CsvTable& t, const std::string& wanted, std::initializer_list<std::string_view> usual) {
  if (!wanted.empty()) return t.column(wanted) < t.header.size() ? wanted : std::string{};
  for (auto name : usual)
    if (t.column(name) < t.header.size()) return std::string(name);
  return {};
}

std::string header_list(const CsvTable& t) {
  std::string out;
  for (const auto& h : t.header) out += (out.empty() ? "" : ", ") + ("\"" + h + "\"");
  return out;
}

Result<std::size_t> require_column(const CsvTable& t, const std::string& wanted, const char* role,
                                   std::initializer_list<std::string_view> usual, std::string& chosen) {
  chosen = pick_column(t, wanted, usual);
  if (chosen.empty())
    return fail(errors::csv_column_missing, std::string(role) + " column " +
                                                (wanted.empty() ? "(none of the usual names)" : "\"" + wanted + "\"") +
                                                " not in header: " + header_list(t));
  return t.column(chosen);
}

long long gcd_of(const std::vector<long long>& values) {
  long long g = 0;
  for (long long v : values) g = std::gcd(g, v < 0 ? -v : v);
  return g == 0 ? 1 : g;
}

struct Columns {
  std::size_t origin, development, value, exposure;
  std::vector<std::pair<std::size_t, std::string>> filters;
};

Result<Columns> resolve_columns(const CsvTable& t, const CsvTriangleOptions& o, CsvTriangle& out) {
  Columns c{};
  MEDRISK_TRY(c.origin, require_column(t, o.origin_column, "origin",
                                       {"origin", "AccidentYear", "Accident Year", "accident_year", "origin_year"},
                                       out.origin_column));
  MEDRISK_TRY(c.development,
              require_column(t, o.development_column, "development",
                             {"development", "DevelopmentYear", "Calendar Year", "DevelopmentLag", "dev",
                              "development_lag"},
                             out.development_column));
  MEDRISK_TRY(c.value, require_column(t, o.value_column, "value", {"values", "value", "loss"}, out.value_column));
  c.exposure = t.header.size();
  if (!o.exposure_column.empty()) {
    std::string chosen;
    MEDRISK_TRY(c.exposure, require_column(t, o.exposure_column, "exposure", {}, chosen));
  }
  for (const auto& [name, value] : o.filters) {
    const std::size_t col = t.column(name);
    if (col >= t.header.size())
      return fail(errors::csv_column_missing, "filter column \"" + name + "\" not in header: " + header_list(t));
    c.filters.emplace_back(col, value);
  }
  return c;
}

// Turns the development column of the selected rows into 1-based lags.
Result<std::vector<int>> development_lags(const CsvTable& t, const std::vector<std::size_t>& rows, const Columns& c,
                                          DevelopmentKind kind) {
  DevelopmentKind k = kind;
  if (k == DevelopmentKind::automatic) {
    k = DevelopmentKind::lag;
    bool all_int = true, at_or_after_origin = true, year_like = true;
    for (std::size_t r : rows) {
      const auto& dev = t.rows[r][c.development];
      long long d = 0, o = 0;
      if (!parse_int(dev, d)) { all_int = false; break; }
      if (!parse_int(t.rows[r][c.origin], o) || d < o) at_or_after_origin = false;
      if (d < 1000) year_like = false;
    }
    if (!all_int || (at_or_after_origin && year_like)) k = DevelopmentKind::calendar;
  }
  std::vector<long long> offsets;
  offsets.reserve(rows.size());
  bool any_month = false, any_quarter = false;
  for (std::size_t r : rows) {
    const auto& row = t.rows[r];
    if (k == DevelopmentKind::lag) {
      long long lag = 0;
      if (!parse_int(row[c.development], lag) || lag < 0)
        return fail(errors::development_not_recognized, "row " + std::to_string(r + 2) + ": \"" + row[c.development] + "\"");
      offsets.push_back(lag);
      continue;
    }
    Period dev, origin;
    if (!parse_period(row[c.development], dev))
      return fail(errors::development_not_recognized, "row " + std::to_string(r + 2) + ": \"" + row[c.development] + "\"");
    if (!parse_period(row[c.origin], origin))
      return fail(errors::origin_not_integer,
                  "row " + std::to_string(r + 2) + ": origin \"" + row[c.origin] + "\" is not a year");
    any_month = any_month || dev.has_month;
    any_quarter = any_quarter || row[c.development].find_first_of("Qq") != std::string::npos;
    const long long months = (dev.year - origin.year) * 12 + (dev.month - origin.month);
    if (months < 0)
      return fail(errors::development_before_origin,
                  "row " + std::to_string(r + 2) + ": " + row[c.development] + " before origin " + row[c.origin]);
    offsets.push_back(months);
  }
  // Calendar steps: a year for bare years, a quarter for 1995Q2, else the finest step seen (at most a
  // year) so that a whole missing year still shows as a gap. Lags: their greatest common divisor.
  long long step = gcd_of(offsets);
  if (k == DevelopmentKind::calendar) step = !any_month ? 12 : any_quarter ? 3 : std::gcd(step, 12LL);
  const bool zero_based = k == DevelopmentKind::calendar ||
                          (!offsets.empty() && *std::min_element(offsets.begin(), offsets.end()) == 0);
  std::vector<int> lags;
  lags.reserve(offsets.size());
  for (long long v : offsets) {
    const long long lag = v / step + (zero_based ? 1 : 0);
    if (lag < 1 || lag > static_cast<long long>(kMaxDevelopmentPeriods))
      return fail(errors::development_lag_invalid, "development lag " + std::to_string(lag));
    lags.push_back(static_cast<int>(lag));
  }
  return lags;
}

Result<CsvTriangle> build(const CsvTable& t, const std::vector<std::size_t>& rows, const Columns& c,
                          const CsvTriangleOptions& o, CsvTriangle out) {
  if (rows.empty()) return fail(errors::csv_filter_matched_no_rows, "no data row matches the filters");
  MEDRISK_TRY(std::vector<int> lags, development_lags(t, rows, c, o.development));
  std::vector<CellRecord> records;
  records.reserve(rows.size());
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const auto& row = t.rows[rows[j]];
    double v = 0;
    if (!parse_double(row[c.value], v))
      return fail(errors::csv_value_not_numeric, "row " + std::to_string(rows[j] + 2) + ", column \"" +
                                                     t.header[c.value] + "\": \"" + row[c.value] + "\"");
    records.push_back({std::string(trim(row[c.origin])), lags[j], v});
  }
  MEDRISK_TRY(out.triangle, triangle_from_records(records, o.build));
  if (c.exposure < t.header.size()) {
    out.exposure.assign(out.triangle.n_origins(), kNotObserved);
    std::vector<int> best_lag(out.triangle.n_origins(), 0);
    for (std::size_t j = 0; j < rows.size(); ++j) {
      const auto& row = t.rows[rows[j]];
      const auto origin = trim(row[c.origin]);
      const auto it = std::find(out.triangle.origins.begin(), out.triangle.origins.end(), origin);
      const auto i = static_cast<std::size_t>(it - out.triangle.origins.begin());
      if (lags[j] < best_lag[i]) continue;
      double e = 0;
      if (!parse_double(row[c.exposure], e))
        return fail(errors::csv_value_not_numeric, "row " + std::to_string(rows[j] + 2) + ", column \"" +
                                                       t.header[c.exposure] + "\": \"" + row[c.exposure] + "\"");
      out.exposure[i] = e;
      best_lag[i] = lags[j];
    }
  }
  return out;
}

bool row_matches(const std::vector<std::string>& row, const Columns& c) {
  for (const auto& [col, value] : c.filters)
    if (trim(row[col]) != value) return false;
  return true;
}

}  // namespace

std::size_t CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return header.size();
}

Result<CsvTable> parse_csv(std::string_view text) {
  if (text.size() > kMaxCsvBytes)
    return fail(errors::csv_too_large, std::to_string(text.size()) + " bytes; limit " + std::to_string(kMaxCsvBytes));
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  std::size_t line = 1;
  auto end_row = [&]() -> Status {
    row.push_back(std::move(field));
    field.clear();
    if (table.header.empty()) {
      table.header = std::move(row);
    } else if (row.size() == 1 && row[0].empty()) {
      // blank line
    } else if (row.size() != table.header.size()) {
      return fail(errors::csv_row_ragged, "line " + std::to_string(line) + " has " + std::to_string(row.size()) +
                                              " fields, the header " + std::to_string(table.header.size()));
    } else {
      table.rows.push_back(std::move(row));
    }
    row.clear();
    return {};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    any = true;
    if (quoted) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
        else quoted = false;
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      MEDRISK_CHECK(end_row());
      ++line;
      any = false;
    } else {
      field += ch;
    }
  }
  if (quoted) return fail(errors::csv_quote_unterminated, "a quoted field opened before line " + std::to_string(line) + " never closes");
  if (any || !row.empty()) MEDRISK_CHECK(end_row());
  if (table.header.empty() || table.rows.empty()) return fail(errors::csv_empty, "no header or no data row");
  return table;
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(errors::csv_file_unreadable, "cannot open " + path);
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) return fail(errors::csv_file_unreadable, "cannot size " + path);
  if (static_cast<std::size_t>(size) > kMaxCsvBytes)
    return fail(errors::csv_too_large, path + ": " + std::to_string(static_cast<long long>(size)) + " bytes");
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  if (!in) return fail(errors::csv_file_unreadable, "cannot read " + path);
  return text;
}

Result<std::pair<std::string, std::string>> parse_filter(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return fail(errors::csv_filter_malformed, "expected COLUMN=VALUE, got \"" + std::string(text) + "\"");
  return std::pair{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

Result<CsvTriangle> triangle_from_csv(const CsvTable& table, const CsvTriangleOptions& options) {
  CsvTriangle out;
  MEDRISK_TRY(Columns c, resolve_columns(table, options, out));
  std::vector<std::size_t> rows;
  rows.reserve(table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    if (row_matches(table.rows[r], c)) rows.push_back(r);
  return build(table, rows, c, options, std::move(out));
}

Result<CsvTriangle> triangle_from_csv_text(std::string_view text, const CsvTriangleOptions& options) {
  MEDRISK_TRY(CsvTable table, parse_csv(text));
  return triangle_from_csv(table, options);
}

std::map<std::string, Result<CsvTriangle>> triangles_by_group(const CsvTable& table,
                                                              const std::vector<std::string>& group_columns,
                                                              const CsvTriangleOptions& options) {
  std::map<std::string, Result<CsvTriangle>> out;
  CsvTriangle proto;
  auto columns = resolve_columns(table, options, proto);
  if (!columns) {
    out.emplace("*", columns.take_error());
    return out;
  }
  std::vector<std::size_t> group_cols;
  for (const auto& name : group_columns) {
    const std::size_t col = table.column(name);
    if (col >= table.header.size()) {
      out.emplace("*", fail(errors::csv_column_missing, "group column \"" + name + "\" not in header: " + header_list(table)));
      return out;
    }
    group_cols.push_back(col);
  }
  std::map<std::string, std::vector<std::size_t>> rows_by_key;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (!row_matches(table.rows[r], *columns)) continue;
    std::string key;
    for (std::size_t g = 0; g < group_cols.size(); ++g) {
      if (g) key += '/';
      key += trim(table.rows[r][group_cols[g]]);
    }
    rows_by_key[key].push_back(r);
  }
  for (const auto& [key, rows] : rows_by_key) out.emplace(key, build(table, rows, *columns, options, proto));
  return out;
}

}  // namespace medrisk::actuarial
