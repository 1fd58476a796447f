// 100,000 rows shaped like GET /claims items (17 columns: text, dates, money, a timestamp) through
// exports::XlsxStream in constant_memory mode; prints elapsed time, the file size and the peak RSS
// (getrusage). Targets of issue 16: under 10 s and under 100 MiB.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "modules/claims/api.hpp"
#include "platform/exports/xlsx.hpp"

using medrisk::exports::Column;
using medrisk::exports::Type;

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 100'000;
  const std::vector<Column>& columns = medrisk::claims::export_columns();  // the real export's columns
  auto start = std::chrono::steady_clock::now();
  medrisk::exports::XlsxStream sheet("理赔", columns, "zh-CN");
  for (long i = 1; i <= rows; ++i) {
    nlohmann::json row = {{"claim_number", "CLM-2026-" + std::to_string(100000 + i)},
                          {"state", i % 3 ? "paid" : "assessing"},
                          {"source", "agreement"},
                          {"policy_number", "MHL-2026-" + std::to_string(i % 977)},
                          {"product_code", "med_liability"},
                          {"case_id", i},
                          {"incident_date", "2026-03-02"},
                          {"notice_date", "2026-03-09"},
                          {"agreed_amount_fen", 22456200 + i},
                          {"payable_fen", 20000000 + i},
                          {"outstanding_fen", i % 3 ? 0 : 20000000},
                          {"paid_fen", i % 3 ? 20000000 : 0},
                          {"incurred_fen", 20000000 + i},
                          {"per_incident_limit_fen", 150000000},
                          {"deductible_fen", 100000},
                          {"payee", "patient"},
                          {"created_at", "2026-03-09T02:15:00Z"}};
    sheet.add(row);
  }
  std::string bytes = sheet.finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf("exports: %ld rows x %zu columns in %.2f s, %.1f MiB file, peak RSS %.1f MiB\n", rows, columns.size(),
              seconds, bytes.size() / 1048576.0, u.ru_maxrss / 1024.0);
  return 0;
}
