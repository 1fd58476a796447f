// Reading loss triangles from long-layout CSV files as published (chainladder-python, R ChainLadder,
// CAS Loss Reserving Database): RFC 4180 quoting, selectable columns, filters, calendar-period
// development turned into lags, exposure columns. Pure: takes text, never opens files itself
// except through read_text_file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/result.hpp"
#include "modules/actuarial/model.hpp"
#include "modules/actuarial/triangle.hpp"

namespace medrisk::actuarial {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t column(std::string_view name) const;  // header.size() when absent
};

// RFC 4180: quoted fields with "" escapes, embedded commas and newlines, CRLF, a UTF-8 BOM.
// Errors: csv_empty, csv_too_large, csv_quote_unterminated, csv_row_ragged.
Result<CsvTable> parse_csv(std::string_view text);

// Whole file into memory (bounded by kMaxCsvBytes). Errors: csv_file_unreadable, csv_too_large.
Result<std::string> read_text_file(const std::string& path);

enum class DevelopmentKind {
  automatic,  // calendar when values look like dates/years at or after the origin, lag otherwise
  lag,        // 1, 2, 3… or 12, 24, 36… (0-based when the smallest value is 0)
  calendar,   // calendar year (1990), year-month (1995-04) or year-quarter (1995Q2) of the valuation
};

struct CsvTriangleOptions {
  // Empty means: the first of the usual names present (origin/AccidentYear/Accident Year…).
  std::string origin_column;
  std::string development_column;
  std::string value_column;
  std::string exposure_column;                        // optional (premium for BF / Cape Cod)
  std::vector<std::pair<std::string, std::string>> filters;  // COLUMN=VALUE, all must match
  DevelopmentKind development = DevelopmentKind::automatic;
  BuildOptions build;
};

struct CsvTriangle {
  Triangle triangle;
  std::vector<double> exposure;  // per origin, empty without exposure column (value at the latest cell)
  std::string value_column;      // the columns actually used
  std::string origin_column;
  std::string development_column;
};

// Parses "COL=VALUE". Error: csv_filter_malformed.
Result<std::pair<std::string, std::string>> parse_filter(std::string_view text);

// Errors: those of parse_csv, csv_column_missing, csv_value_not_numeric, csv_filter_matched_no_rows,
// origin_not_integer, development_not_recognized, development_before_origin and the triangle errors.
Result<CsvTriangle> triangle_from_csv(const CsvTable& table, const CsvTriangleOptions& options);
Result<CsvTriangle> triangle_from_csv_text(std::string_view text, const CsvTriangleOptions& options);

// Many triangles from one table, one per distinct combination of `group_columns` (e.g. GRCODE, LOB
// in the CAS database). Keys are the group values joined with '/'. Groups failing to build carry
// their Error.
std::map<std::string, Result<CsvTriangle>> triangles_by_group(const CsvTable& table,
                                                              const std::vector<std::string>& group_columns,
                                                              const CsvTriangleOptions& options);

}  // namespace medrisk::actuarial
