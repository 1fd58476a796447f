// libFuzzer target: Date::parse and Timestamp::parse never crash; accepted values round-trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kernel/date.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = medrisk::Date::parse(text); d.ok()) {
    auto again = medrisk::Date::parse(d->to_string());
    if (!again.ok() || *again != *d) std::abort();
  }
  if (auto t = medrisk::Timestamp::parse(text); t.ok()) {
    auto again = medrisk::Timestamp::parse(t->to_iso_utc());
    if (!again.ok() || *again != *t) std::abort();
  }
  return 0;
}
