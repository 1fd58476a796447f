// Excel exports of lists (libxlsxwriter, Debian's libxlsxwriter-dev) written in constant_memory mode:
// each row goes to disk as it is added, so a 100,000-row export stays small in memory. Columns name
// the key of the row's JSON (the list endpoint's own item JSON, so the export has the list's rows),
// a zh-CN and an en-US header, and a type: money in fen becomes a number in yuan with two decimals and
// a currency format (¥#,##0.00), dates real Excel dates. libxlsxwriter stays inside xlsx.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/result.hpp"
#include "platform/http/router.hpp"

namespace medrisk::exports {

enum class Type { text, integer, number, money_fen, date, timestamp, boolean };  // number: any JSON number as is

struct Column {
  std::string key;  // JSON pointer-free key of the row object ("state", "paid_fen")
  std::string header_zh, header_en;
  Type type = Type::text;
  double width = 14;
};

class XlsxStream {
 public:
  // `lang` picks the headers ("en-US", else zh-CN). Throws std::runtime_error when the file cannot be made.
  XlsxStream(std::string sheet_name, std::vector<Column> columns, const std::string& lang);
  ~XlsxStream();
  XlsxStream(const XlsxStream&) = delete;
  XlsxStream& operator=(const XlsxStream&) = delete;

  void add(const nlohmann::json& row);
  std::int64_t rows() const { return rows_; }
  // Closes the workbook and returns the .xlsx bytes (the temporary file is removed).
  std::string finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<Column> columns_;
  std::int64_t rows_ = 0;
};

// The most rows one export writes; a longer list is refused (export_too_large) rather than cut off.
inline constexpr std::int64_t kMaxExportRows = 1'000'000;

// application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, attachment "<stem>.xlsx".
http::Response xlsx_response(std::string bytes, const std::string& file_stem, std::int64_t rows);

// One page of a list: its rows (the list endpoint's item JSON) and the cursor after its last row.
struct ExportPage {
  std::vector<nlohmann::json> rows;
  std::int64_t last_id = 0;
};
using NextPage = std::function<Result<ExportPage>(std::int64_t after_id, int limit)>;

// The one export path of every `GET <list>.xlsx`: pages through the list with `next` (the list's own
// service call, with its filters and the caller's permissions) `page_size` rows at a time until a short
// page, streaming each row into the sheet; an error of any page is the answer; more than
// kMaxExportRows rows is export_too_large.
Result<http::Response> export_list(const std::string& sheet_name, const std::vector<Column>& columns,
                                   const std::string& lang, const std::string& file_stem, int page_size,
                                   const NextPage& next);

// POST /api/v1/exports/table (table_routes.cpp): a signed-in user's table of at most kMaxTableRows rows
// and kMaxTableColumns columns — a chart's data as shown — as an .xlsx; malformed input is request_invalid.
inline constexpr std::size_t kMaxTableRows = 10'000;
inline constexpr std::size_t kMaxTableColumns = 50;
inline constexpr std::size_t kMaxTableTitleCodePoints = 100;
inline constexpr std::size_t kMaxTableCellCodePoints = 1000;
inline constexpr std::size_t kMaxTableBodyBytes = 8u << 20;
void add_table_route(http::Router& router);

}  // namespace medrisk::exports
