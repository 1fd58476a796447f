// libFuzzer target: the outside input of a partner's signed visit-policy request — the timestamp and
// nonce headers, the visit id and the resident ID number of the body — through the insurance module's
// rules exactly as the route takes them (visit_rules.hpp); nothing may crash, and an accepted ID number
// must normalize to 18 characters and mask without reading past its end.
#include <cstdint>
#include <string>
#include <string_view>

#include "modules/insurance/visit_rules.hpp"
#include "platform/crypto/crypto.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = [] {
    medrisk::crypto::init();
    return true;
  }();
  (void)ready;
  // Fields separated by newlines: timestamp, nonce, visit id, ID number, signature.
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view f[5];
  for (auto& field : f) {
    auto nl = in.find('\n');
    field = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  }
  const auto now = medrisk::Timestamp::parse("2026-12-07T08:00:00Z").value();
  (void)medrisk::insurance::check_timestamp(f[0], now);
  (void)medrisk::insurance::check_nonce(f[1]);
  (void)medrisk::insurance::is_valid_visit_id(f[2]);
  auto id = medrisk::insurance::normalize_id_number(f[3]);
  if (id.ok()) {
    if (id->size() != 18) __builtin_trap();
    (void)medrisk::insurance::mask_id_number(*id);
  }
  const std::string canonical = medrisk::insurance::canonical_request("POST", "/api/v1/visit-policies", f[0], f[1], f[2]);
  (void)medrisk::crypto::constant_time_equal(medrisk::insurance::sign_request("secret", canonical), f[4]);
  return 0;
}
