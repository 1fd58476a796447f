// libFuzzer target: the identifiers people type and the check digits that guard them — the 统一社会信用代码
// (accounts::check_uscc, GB 32100-2015), mainland mobile numbers and region codes (accounts), the resident
// ID number (GB 11643-1999) and its 15-digit form, bank cards (Luhn) as review moderation checks them, and
// the insurance module's ID normalization. Nothing may crash, and what is accepted must be what the rule
// says: an 18-character ID whose 18th character is the check character of the first 17, an 11-digit phone.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "modules/accounts/rules.hpp"
#include "modules/insurance/visit_rules.hpp"
#include "modules/reviews/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  namespace a = medrisk::accounts;
  namespace r = medrisk::reviews;
  (void)a::check_uscc(in);
  (void)a::check_region_code(in);
  if (auto phone = a::normalize_phone(in); phone.ok()) {
    if (phone->size() != 11) __builtin_trap();
    for (char c : *phone)
      if (!std::isdigit(static_cast<unsigned char>(c))) __builtin_trap();
    (void)a::mask_phone(*phone);
  }
  if (r::gb11643_valid(in)) {
    if (in.size() != 18) __builtin_trap();
    char check = r::gb11643_check_character(in.substr(0, 17));
    if (check != std::toupper(static_cast<unsigned char>(in[17]))) __builtin_trap();
  }
  (void)r::gb11643_check_character(in);
  (void)r::id15_valid(in);
  (void)r::luhn_valid(in);
  if (auto id = medrisk::insurance::normalize_id_number(in); id.ok()) {
    if (id->size() != 18) __builtin_trap();
    (void)medrisk::insurance::mask_id_number(*id);
  }
  return 0;
}
