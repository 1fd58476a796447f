// Streaming .xlsx writer over libxlsxwriter (see xlsx.hpp).
#include "platform/exports/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "kernel/date.hpp"

namespace medrisk::exports {

struct XlsxStream::Impl {
  std::filesystem::path file;
  lxw_workbook* book = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format *header = nullptr, *money = nullptr, *date = nullptr, *timestamp = nullptr;
};

namespace {

std::filesystem::path temp_file() {
  static std::atomic<int> counter{0};
  return std::filesystem::temp_directory_path() /
         ("medrisk-export-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".xlsx");
}

void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}

}  // namespace

XlsxStream::XlsxStream(std::string sheet_name, std::vector<Column> columns, const std::string& lang)
    : impl_(std::make_unique<Impl>()), columns_(std::move(columns)) {
  impl_->file = temp_file();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  impl_->book = workbook_new_opt(impl_->file.c_str(), &options);
  if (!impl_->book) throw std::runtime_error("xlsx: cannot create " + impl_->file.string());
  impl_->sheet = workbook_add_worksheet(impl_->book, sheet_name.c_str());
  impl_->header = workbook_add_format(impl_->book);
  format_set_bold(impl_->header);
  format_set_bg_color(impl_->header, 0xEEEEEE);
  impl_->money = workbook_add_format(impl_->book);
  format_set_num_format(impl_->money, "\"¥\"#,##0.00");
  impl_->date = workbook_add_format(impl_->book);
  format_set_num_format(impl_->date, "yyyy-mm-dd");
  impl_->timestamp = workbook_add_format(impl_->book);
  format_set_num_format(impl_->timestamp, "yyyy-mm-dd hh:mm");
  bool en = lang == "en-US";
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    check(worksheet_set_column(impl_->sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns_[c].width,
                               nullptr),
          "column");
    const auto& h = en ? columns_[c].header_en : columns_[c].header_zh;
    check(worksheet_write_string(impl_->sheet, 0, static_cast<lxw_col_t>(c), h.c_str(), impl_->header), "header");
  }
  worksheet_freeze_panes(impl_->sheet, 1, 0);
}

XlsxStream::~XlsxStream() {
  if (impl_ && impl_->book) {
    workbook_close(impl_->book);
    std::error_code ec;
    std::filesystem::remove(impl_->file, ec);
  }
}

void XlsxStream::add(const nlohmann::json& row) {
  if (rows_ >= kMaxExportRows) throw std::length_error("export_too_large");
  auto r = static_cast<lxw_row_t>(++rows_);
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    auto it = row.find(columns_[c].key);
    if (it == row.end() || it->is_null()) continue;
    const auto& v = *it;
    switch (columns_[c].type) {
      case Type::money_fen:
        if (v.is_number_integer()) {
          // A spreadsheet number in yuan (display only; the platform's amounts stay in fen).
          check(worksheet_write_number(impl_->sheet, r, col, static_cast<double>(v.get<std::int64_t>()) / 100.0,
                                       impl_->money),
                "money");
          continue;
        }
        break;
      case Type::integer:
      case Type::number:
        if (v.is_number()) {
          check(worksheet_write_number(impl_->sheet, r, col, v.get<double>(), nullptr), "number");
          continue;
        }
        break;
      case Type::date:
        if (v.is_string())
          if (auto d = Date::parse(v.get<std::string>()); d.ok()) {
            lxw_datetime dt{d.value().year(),
                            static_cast<std::uint8_t>(d.value().month()),
                            static_cast<std::uint8_t>(d.value().day()),
                            0,
                            0,
                            0};
            check(worksheet_write_datetime(impl_->sheet, r, col, &dt, impl_->date), "date");
            continue;
          }
        break;
      case Type::timestamp:
        if (v.is_string())
          if (auto t = Timestamp::parse(v.get<std::string>()); t.ok()) {
            // Shown in Asia/Shanghai, like every time the platform displays.
            std::string local = t.value().to_shanghai();  // "2026-03-02 16:00"
            Date d = t.value().shanghai_date();
            int hh = std::stoi(local.substr(11, 2)), mm = std::stoi(local.substr(14, 2));
            lxw_datetime dt{d.year(),
                            static_cast<std::uint8_t>(d.month()),
                            static_cast<std::uint8_t>(d.day()),
                            static_cast<std::uint8_t>(hh),
                            static_cast<std::uint8_t>(mm),
                            0};
            check(worksheet_write_datetime(impl_->sheet, r, col, &dt, impl_->timestamp), "timestamp");
            continue;
          }
        break;
      case Type::boolean:
        if (v.is_boolean()) {
          check(worksheet_write_boolean(impl_->sheet, r, col, v.get<bool>(), nullptr), "boolean");
          continue;
        }
        break;
      case Type::text:
        break;
    }
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    check(worksheet_write_string(impl_->sheet, r, col, text.c_str(), nullptr), "text");
  }
}

std::string XlsxStream::finish() {
  lxw_error e = workbook_close(impl_->book);
  impl_->book = nullptr;
  std::string bytes;
  if (e == LXW_NO_ERROR) {
    std::ifstream in(impl_->file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    bytes = s.str();
  }
  std::error_code ec;
  std::filesystem::remove(impl_->file, ec);
  check(e, "close");
  return bytes;
}

http::Response xlsx_response(std::string bytes, const std::string& file_stem, std::int64_t rows) {
  http::Response r;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_stem + ".xlsx\"");
  r.headers.emplace_back("X-Export-Rows", std::to_string(rows));
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

Result<http::Response> export_list(const std::string& sheet_name, const std::vector<Column>& columns,
                                   const std::string& lang, const std::string& file_stem, int page_size,
                                   const NextPage& next) {
  XlsxStream sheet(sheet_name, columns, lang);
  std::int64_t after_id = 0;
  for (;;) {
    MEDRISK_TRY(ExportPage page, next(after_id, page_size));
    if (sheet.rows() + static_cast<std::int64_t>(page.rows.size()) > kMaxExportRows)
      return Error::of("export_too_large");
    for (const auto& row : page.rows) sheet.add(row);
    if (static_cast<int>(page.rows.size()) < page_size || page.rows.empty()) break;
    after_id = page.last_id;
  }
  auto rows = sheet.rows();
  return xlsx_response(sheet.finish(), file_stem, rows);
}

}  // namespace medrisk::exports
