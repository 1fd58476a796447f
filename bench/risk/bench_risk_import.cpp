// The exposure import at scale (issue 14 target: a good 100,000-row file in under 10 s): 20 hospitals
// × 50 departments × 100 months, every row with two procedure-group columns, imported in one transaction
// as `medrisk risk import-exposure` does, then imported again (every row replaced). Prints seconds and
// rows/s per database: SQLite (a temporary file) and, when MEDRISK_BENCH_PG_URL is set, PostgreSQL
// (the database at that URL is used as is: give it a throw-away one).
// Usage: bench_risk_import [ROWS] (run from the source tree: it reads data/risk/).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "modules/accounts/api.hpp"
#include "modules/risk/api.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

using namespace medrisk;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

void run(const std::string& label, const std::string& url, long rows) {
  auto db = db::Database::open(url, db::DatabaseOptions{2});
  std::vector<db::Migration> all;
  for (auto&& l : {audit::migrations(), outbox::migrations(), webhooks::migrations(), documents::migrations(),
                   accounts::AccountsService::migrations(), risk::RiskService::migrations()})
    all.insert(all.end(), l.begin(), l.end());
  db::migrate(*db, all);
  SystemClock clock;
  auto keys = crypto::KeyRing::ephemeral();
  audit::use_suite(*db, keys.suite(), clock.now());
  accounts::DemoLogCodeSender sender;
  accounts::AccountsService accounts(*db, keys, clock, &sender, accounts::AccountsConfig{});
  std::vector<std::int64_t> hospitals;
  std::string tag = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  for (int h = 0; h < 20; ++h) {
    auto o = accounts.create_organization_as_system(
        {"基准医院" + std::to_string(h) + "-" + tag, "medical_institution", "440100", "general", "3A"});
    if (!o.ok()) throw std::runtime_error(o.error().code);
    hospitals.push_back(o->id);
  }
  std::string csv = "organization_id,department,month,outpatient_visits,discharges,bed_days,ops_14,ops_09\n";
  long n = 0;
  for (int m = 0; n < rows; ++m)
    for (std::size_t h = 0; h < hospitals.size() && n < rows; ++h)
      for (int d = 0; d < 50 && n < rows; ++d, ++n) {
        char month[8];
        std::snprintf(month, sizeof month, "%04d-%02d", 2010 + m / 12, m % 12 + 1);
        csv += std::to_string(hospitals[h]) + ",科室" + std::to_string(d) + "," + month + "," +
               std::to_string(5000 + (n * 7) % 3000) + "," + std::to_string(300 + n % 200) + "," +
               std::to_string(2500 + n % 900) + "," + std::to_string(n % 60) + "," + std::to_string(n % 45) + "\n";
      }
  risk::RiskService service(*db, clock, risk::load_params("data/risk"), nullptr, {});
  for (const char* pass : {"first import", "re-import (all replaced)"}) {
    auto t = std::chrono::steady_clock::now();
    auto r = service.import_csv_as_system(csv, "bench.csv");
    double s = seconds_since(t);
    if (!r.ok()) throw std::runtime_error("import refused: " + r.error().code);
    std::printf("risk import %-10s %-26s %ld rows (%.1f MiB) in %.2f s = %.0f rows/s, %lld replaced\n", label.c_str(),
                pass, rows, csv.size() / 1048576.0, s, rows / s, static_cast<long long>(r->replaced));
  }
}

}  // namespace

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 100'000;
  crypto::init();
  auto dir = std::filesystem::temp_directory_path() / ("bench_risk_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  run("SQLite", "sqlite:" + (dir / "bench.db").string(), rows);
  if (const char* pg = std::getenv("MEDRISK_BENCH_PG_URL")) run("PostgreSQL", pg, rows);
  else std::printf("(set MEDRISK_BENCH_PG_URL=postgresql://… to measure PostgreSQL too)\n");
  std::filesystem::remove_all(dir);
  return 0;
}
