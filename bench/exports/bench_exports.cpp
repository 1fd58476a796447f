// 100,000 rows shaped like GET /claims items (17 columns: text, dates, money, a timestamp) through
// exports::XlsxStream in constant_memory mode; prints elapsed time, the file size and the peak RSS
// (getrusage). Targets of issue 16: under 10 s and under 100 MiB.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/exports/xlsx.hpp"

using medrisk::exports::Column;
using medrisk::exports::Type;

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 100'000;
  std::vector<Column> columns = {{"claim_number", "理赔编号", "Claim number", Type::text, 18},
                                 {"state", "状态", "State", Type::text, 14},
                                 {"source", "来源", "Source", Type::text, 12},
                                 {"policy_number", "保单号", "Policy number", Type::text, 20},
                                 {"product_code", "产品", "Product", Type::text, 16},
                                 {"case_id", "纠纷案件编号", "Case", Type::integer, 12},
                                 {"incident_date", "出险日期", "Incident date", Type::date, 12},
                                 {"notice_date", "报案日期", "Notice date", Type::date, 12},
                                 {"agreed_amount_fen", "协议金额（元）", "Agreed (CNY)", Type::money_fen, 18},
                                 {"payable_fen", "核定赔款（元）", "Payable (CNY)", Type::money_fen, 16},
                                 {"outstanding_fen", "未决赔款（元）", "Outstanding (CNY)", Type::money_fen, 16},
                                 {"paid_fen", "已付赔款（元）", "Paid (CNY)", Type::money_fen, 16},
                                 {"incurred_fen", "已发生赔款（元）", "Incurred (CNY)", Type::money_fen, 16},
                                 {"per_incident_limit_fen", "每次事故限额（元）", "Limit (CNY)", Type::money_fen, 18},
                                 {"deductible_fen", "免赔额（元）", "Deductible (CNY)", Type::money_fen, 14},
                                 {"payee", "领款人", "Payee", Type::text, 12},
                                 {"created_at", "立案时间", "Opened at", Type::timestamp, 18}};
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
