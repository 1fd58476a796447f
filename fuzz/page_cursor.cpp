// libFuzzer target: the paging query of every list (`?cursor=…&limit=…`, http::page_params) and a path
// id (`http::positive_id`): any bytes give a page or the one problem (cursor_invalid, request_invalid),
// never a crash, and an accepted page has a positive limit no larger than the maximum.
#include <cstdint>
#include <string>

#include "platform/http/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto split = in.find('&');
  medrisk::http::Request req;
  req.query.emplace("cursor", in.substr(0, split));
  if (split != std::string::npos) req.query.emplace("limit", in.substr(split + 1));
  auto page = medrisk::http::page_params(req);
  if (page.ok() && (page->limit <= 0 || page->limit > medrisk::http::kMaxPageSize)) __builtin_trap();
  auto id = medrisk::http::positive_id(in);
  if (id && *id <= 0) __builtin_trap();
  return 0;
}
