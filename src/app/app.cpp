// Settings, database opening and the migration list of every layer (see app.hpp).
#include "app/app.hpp"

#include <unistd.h>

#include <cstdlib>

#include "modules/appraisal/service.hpp"
#include "modules/claims/service.hpp"
#include "modules/compensation/service.hpp"
#include "modules/disputes/service.hpp"
#include "modules/insurance/service.hpp"
#include "modules/insurance/compliance_service.hpp"
#include "modules/insurance/visit_service.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/documents/registry.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

namespace medrisk::app {

std::filesystem::path find_home(const char* argv0) {
  if (const char* env = std::getenv("MEDRISK_HOME"); env && *env) return env;
  auto has_data = [](const std::filesystem::path& p) { return std::filesystem::exists(p / "data" / "errors"); };
  for (auto p = std::filesystem::current_path(); !p.empty(); p = p.parent_path()) {
    if (has_data(p)) return p;
    if (p == p.parent_path()) break;
  }
  std::error_code ec;
  auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0);
  for (auto p = exe.parent_path(); !p.empty(); p = p.parent_path()) {
    if (has_data(p)) return p;
    if (p == p.parent_path()) break;
  }
  throw std::runtime_error("cannot find MedRisk's data/ folder; set MEDRISK_HOME");
}

std::unique_ptr<db::Database> open_database(const Settings& s, std::size_t pool_size) {
  if (s.db_url.rfind("sqlite:", 0) == 0) {
    std::filesystem::path file = s.db_url.substr(7);
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  }
  db::DatabaseOptions options;
  options.pool_size = pool_size;
  return db::Database::open(s.db_url, options);
}

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all;
  for (auto&& list : {audit::migrations(), outbox::migrations(), webhooks::migrations(), documents::migrations(),
                      accounts::AccountsService::migrations()})
    all.insert(all.end(), list.begin(), list.end());
  auto compensation_migrations = compensation::CompensationService::migrations();
  all.insert(all.end(), compensation_migrations.begin(), compensation_migrations.end());
  auto insurance_migrations = insurance::InsuranceService::migrations();
  all.insert(all.end(), insurance_migrations.begin(), insurance_migrations.end());
  auto visit_migrations = insurance::VisitPolicyService::migrations();
  all.insert(all.end(), visit_migrations.begin(), visit_migrations.end());
  auto compliance_migrations = insurance::ComplianceService::migrations();
  all.insert(all.end(), compliance_migrations.begin(), compliance_migrations.end());
  auto appraisal_migrations = appraisal::AppraisalService::migrations();
  all.insert(all.end(), appraisal_migrations.begin(), appraisal_migrations.end());
  auto disputes_migrations = disputes::DisputesService::migrations();
  all.insert(all.end(), disputes_migrations.begin(), disputes_migrations.end());
  auto claims_migrations = claims::ClaimsService::migrations();
  all.insert(all.end(), claims_migrations.begin(), claims_migrations.end());
  return all;
}

std::vector<crypto::EncryptedColumn> all_encrypted_columns() {
  std::vector<crypto::EncryptedColumn> all;
  for (auto&& list : {std::vector<crypto::EncryptedColumn>{{"webhook_subscriptions", "id", "secret_enc"}},
                      accounts::AccountsService::encrypted_columns()}) all.insert(all.end(), list.begin(), list.end());
  auto appraisal_columns = appraisal::AppraisalService::encrypted_columns();
  all.insert(all.end(), appraisal_columns.begin(), appraisal_columns.end());
  auto visit_columns = insurance::VisitPolicyService::encrypted_columns();
  all.insert(all.end(), visit_columns.begin(), visit_columns.end());
  auto disputes_columns = disputes::DisputesService::encrypted_columns();
  all.insert(all.end(), disputes_columns.begin(), disputes_columns.end());
  auto claims_columns = claims::ClaimsService::encrypted_columns();
  all.insert(all.end(), claims_columns.begin(), claims_columns.end());
  return all;
}

std::unique_ptr<db::Database> open_and_migrate(const Settings& s, std::size_t pool_size) {
  auto db = open_database(s, pool_size);
  db::migrate(*db, all_migrations());
  return db;
}

}  // namespace medrisk::app
