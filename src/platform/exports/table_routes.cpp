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
// money_fen an integer; number any finite number.
void check_cell(JsonReader& in, const std::string& field, const json& v, Type type) {
  if (v.is_null()) return;
  if (type == Type::text) {
    if (!v.is_string()) return in.add(field, ke::field_wrong_type, "expected a string");
    auto n = utf8_length(v.get_ref<const std::string&>());
    if (!n) return in.add(field, ke::field_invalid_utf8);
    if (*n > kMaxTableCellCodePoints) return in.add(field, ke::field_too_long);
  } else if (type == Type::number) {
    if (!v.is_number() || !std::isfinite(v.get<double>())) in.add(field, ke::field_wrong_type, "expected a number");
  } else if (!v.is_number_integer()) {
    in.add(field, ke::field_wrong_type, "expected an integer");
  }
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
    if (rows && in.ok()) {
      for (std::size_t r = 0; r < rows->size() && in.violations().size() < 20; ++r) {
        const json& row = (*rows)[r];
        std::string field = "rows/" + std::to_string(r);
        if (!row.is_array() || row.size() != columns.size()) {
          in.add(field, ke::field_wrong_type, "expected an array of " + std::to_string(columns.size()) + " cells");
          continue;
        }
        for (std::size_t c = 0; c < columns.size(); ++c)
          check_cell(in, field + "/" + std::to_string(c), row[c], columns[c].type);
      }
    }
    MEDRISK_CHECK(in.finish());
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
