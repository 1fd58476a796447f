// libFuzzer target: a request body goes through Request::json_body (depth limit, UTF-8, object) and
// JsonReader's typed getters exactly as a route would; nothing may crash or throw.
#include <cstdint>
#include <string>

#include "kernel/json.hpp"
#include "platform/http/router.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  medrisk::http::Request req;
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = req.json_body();
  if (!body.ok()) return 0;
  medrisk::JsonReader in(*body);
  (void)in.string("name", 100);
  (void)in.optional_integer("count", 0, 1000);
  (void)in.optional_date("incident_date");
  (void)in.optional_timestamp("at");
  (void)in.optional_money_fen("amount_fen", medrisk::Money::zero(), medrisk::Money::max());
  (void)in.array("items", 10, false);
  in.allow_only({"name", "count", "incident_date", "at", "amount_fen", "items"});
  (void)in.finish();
  return 0;
}
