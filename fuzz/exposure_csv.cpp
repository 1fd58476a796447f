// libFuzzer target: the risk module's exposure CSV (`medrisk risk import-exposure`, POST
// /api/v1/risk/exposure) through risk::parse_exposure_csv exactly as the service calls it, with the
// procedure groups of data/risk/procedure_groups.json. Nothing may crash; every accepted row has its line
// number, and a row re-checked with check_record gives no issue the parser did not already report.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "modules/risk/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The chapter codes of data/risk/procedure_groups.json (00–16 and 3A).
  static const std::set<std::string, std::less<>> groups = {"00", "01", "02", "03", "3A", "04", "05", "06", "07",
                                                            "08", "09", "10", "11", "12", "13", "14", "15", "16"};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = medrisk::risk::parse_exposure_csv(text, groups, 50);
  if (parsed.rows.size() != parsed.lines.size()) __builtin_trap();
  if (parsed.rows.size() > 50) __builtin_trap();
  if (!parsed.issues.empty()) return 0;
  medrisk::risk::RiskParams params;
  for (std::size_t i = 0; i < parsed.rows.size(); ++i) {
    std::vector<medrisk::risk::ImportIssue> issues;
    medrisk::risk::check_record(parsed.rows[i], parsed.lines[i], issues);
    if (!issues.empty()) __builtin_trap();  // an accepted file holds only rows the row check accepts
    (void)medrisk::risk::exposure_units(parsed.rows[i], params);
  }
  return 0;
}
