// libFuzzer target: the actuarial CSV reader and triangle builder (input an actuary uploads) never
// crash; they accept or refuse with a code.
#include <cstdint>
#include <string_view>

#include "modules/actuarial/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto table = medrisk::actuarial::parse_csv(text);
  if (!table.ok()) return 0;
  medrisk::actuarial::CsvTriangleOptions options;
  (void)medrisk::actuarial::triangle_from_csv(*table, options);
  return 0;
}
