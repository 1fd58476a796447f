// libFuzzer target: an uploaded attachment's declared type and bytes through the disputes module's
// check (disputes::check_attachment): the first byte picks the declared type, the rest is the file.
// Accepted content is never empty and starts with one of the three magic first bytes (%, 0xFF, 0x89).
#include <cstdint>
#include <string>
#include <string_view>

#include "modules/disputes/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {"application/pdf", "image/jpeg", "image/png", "text/html", ""};
  std::string_view type = kTypes[data[0] % 5];
  std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  if (medrisk::disputes::check_attachment(type, content).ok()) {
    if (content.empty()) __builtin_trap();
    const auto first = static_cast<unsigned char>(content.front());
    if (first != '%' && first != 0xFF && first != 0x89) __builtin_trap();
  }
  return 0;
}
