// libFuzzer target: a request's query string as the server takes it — decoded by cpp-httplib
// (detail::parse_query_text, the library the server runs on) into Request::query — then every typed query
// reader of the platform (paging cursor and limit, id filters) and the risk module's month range
// (?from=YYYY-MM&to=YYYY-MM). Nothing may crash; accepted values are in range.
#include <httplib.h>

#include <cstdint>
#include <string>

#include "modules/risk/rules.hpp"
#include "platform/http/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  httplib::Params params;
  httplib::detail::parse_query_text(text, params);
  medrisk::http::Request req;
  for (auto& [k, v] : params) req.query.emplace(k, v);
  auto page = medrisk::http::page_params(req);
  if (page.ok() && (page->limit <= 0 || page->limit > medrisk::http::kMaxPageSize || page->after_id < 0))
    __builtin_trap();
  auto id = medrisk::http::id_query(req, "case_id");
  if (id.ok() && *id && **id <= 0) __builtin_trap();
  auto from = req.query_param("from"), to = req.query_param("to");
  if (from && to) {
    auto months = medrisk::risk::months_between(*from, *to);
    if (months.size() > static_cast<std::size_t>(medrisk::risk::kMaxPeriodMonths) + 1) __builtin_trap();
    for (const auto& m : months)
      if (!medrisk::risk::is_month(m)) __builtin_trap();
  }
  return 0;
}
