// libFuzzer target: Money::parse must never crash, and whatever it accepts must format and re-parse
// to the same amount (round trip).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kernel/money.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = medrisk::Money::parse(text);
  if (!parsed.ok()) return 0;
  auto again = medrisk::Money::parse(parsed->to_string());
  if (!again.ok() || again->fen() != parsed->fen()) std::abort();
  return 0;
}
