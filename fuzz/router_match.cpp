// libFuzzer target: matching arbitrary paths against a route table never crashes, and a match's
// parameters are never empty.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "platform/http/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static medrisk::http::Router router = [] {
    medrisk::http::Router r;
    auto h = [](medrisk::http::Request&) -> medrisk::Result<medrisk::http::Response> { return medrisk::http::Response{}; };
    for (const char* p : {"/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/events", "/api/v1/me",
                          "/api/v1/cases/{id}/materials/{item}", "/api/v1/certificates/{code}"})
      r.get(p, h);
    return r;
  }();
  std::string_view path(reinterpret_cast<const char*>(data), size);
  auto m = router.match(medrisk::http::Method::get, path);
  for (const auto& [k, v] : m.params)
    if (v.empty()) std::abort();
  return 0;
}
