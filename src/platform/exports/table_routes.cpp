// POST /api/v1/exports/table: any signed-in user's small table (a dashboard chart's data, already on
// their screen) as a real .xlsx, written by the same XlsxStream as the list exports. The body is
// {title, columns: [{header, type}], rows: [[cell, …], …]} with the limits below; nothing is read from
// the database, so the caller can only export what it sends.
#include <cmath>

#include <nlohmann/json.hpp>

#include "kernel/errors.hpp"
#include "kernel/json.hpp"
#include "platform/exports/xlsx.hpp"

namespace medrisk::exports {
namespace {

using nlohmann::json;
namespace ke = kernel_errors;

// Excel's sheet names: at most 31 characters, none of []:*?/\ (libxlsxwriter refuses the others).
std::string sheet_name_of(const std::string& title) {
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < title.size() && points < 31;) {
    unsigned char c = static_cast<unsigned char>(title[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    std::string ch = title.substr(i, len);
    if (ch.size() == 1 && std::string_view("[]:*?/\\'").find(ch[0]) != std::string_view::npos) ch = "_";
    out += ch;
    i += len;
    ++points;
  }
  return out.empty() ? std::string("Sheet1") : out;
}

Type type_of(const std::string& t) {
  if (t == "integer") return Type::integer;
  if (t == "number") return Type::number;
  if (t == "money_fen") return Type::money_fen;
  return Type::text;
}

// A cell fits its column: null anywhere; text a string of at most kMaxTableCellCodePoints; integer and
// money_fen an integer; number any finite number. Returns the violation's code, empty when it fits.
std::string_view cell_problem(const json& v, Type type) {
  if (v.is_null()) return {};
  if (type == Type::text) {
    if (!v.is_string()) return ke::field_wrong_type;
    auto n = utf8_length(v.get_ref<const std::string&>());
    if (!n) return ke::field_invalid_utf8;
    if (*n > kMaxTableCellCodePoints) return ke::field_too_long;
    return {};
  }
  if (type == Type::number) return v.is_number() && std::isfinite(v.get<double>()) ? std::string_view{} : ke::field_wrong_type;
  return v.is_number_integer() ? std::string_view{} : ke::field_wrong_type;
}

}  // namespace

void add_table_route(http::Router& router) {
  http::Route r;
  r.method = http::Method::post;
  r.pattern = "/api/v1/exports/table";
  r.max_body_bytes = kMaxTableBodyBytes;
  r.blocking = true;  // writes a temporary file
  r.handler = [](http::Request& req) -> Result<http::Response> {
    MEDRISK_TRY(json body, req.json_body());
    JsonReader in(body);
    std::string title = in.string("title", kMaxTableTitleCodePoints);
    std::vector<Column> columns;
    if (const json* list = in.array("columns", kMaxTableColumns)) {
      if (list->empty()) in.add("columns", ke::field_required, "at least one column");
      for (std::size_t i = 0; i < list->size(); ++i) {
        JsonReader col((*list)[i], "/columns/" + std::to_string(i));
        Column c;
        c.key = "c" + std::to_string(i);
        c.header_zh = c.header_en = col.string("header", kMaxTableTitleCodePoints);
        c.type = type_of(col.one_of("type", {"text", "integer", "number", "money_fen"}));
        c.width = c.type == Type::text ? 24 : 16;
        col.allow_only({"header", "type"});
        columns.push_back(c);
        in.merge(std::move(col));
      }
    }
    const json* rows = in.array("rows", kMaxTableRows);
    in.allow_only({"title", "columns", "rows"});
    MEDRISK_CHECK(in.finish());
    // Cells by JSON pointer (/rows/3/2); at most 20 violations are reported.
    Error bad = Error::of(std::string(ke::request_invalid));
    for (std::size_t r = 0; r < rows->size() && bad.violations.size() < 20; ++r) {
      const json& row = (*rows)[r];
      std::string at = "/rows/" + std::to_string(r);
      if (!row.is_array() || row.size() != columns.size()) {
        bad.with(at, std::string(ke::field_wrong_type), "expected an array of " + std::to_string(columns.size()) + " cells");
        continue;
      }
      for (std::size_t c = 0; c < columns.size(); ++c)
        if (auto code = cell_problem(row[c], columns[c].type); !code.empty())
          bad.with(at + "/" + std::to_string(c), std::string(code));
    }
    if (!bad.violations.empty()) {
      bad.detail = std::to_string(bad.violations.size()) + " field(s) invalid";
      return bad;
    }
    XlsxStream sheet(sheet_name_of(title), columns, req.lang);
    for (const auto& row : *rows) {
      json object = json::object();
      for (std::size_t c = 0; c < columns.size(); ++c) object[columns[c].key] = row[c];
      sheet.add(object);
    }
    auto n = sheet.rows();
    return xlsx_response(sheet.finish(), "table", n);
  };
  router.add(std::move(r));
}

}  // namespace medrisk::exports
