// The composition root's shared pieces: where the program finds its data files, how it opens the
// database and keys, the full list of migrations, and the demo province.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "modules/accounts/service.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::insurance {
class InsuranceService;
}
namespace medrisk::disputes {
class DisputesService;
}
namespace medrisk::insurance {
class VisitPolicyService;
class ComplianceService;
}
namespace medrisk::appraisal {
class AppraisalService;
}
namespace medrisk::compensation {
class CompensationService;
}
namespace medrisk::claims {
class ClaimsService;
}

namespace medrisk::app {

struct Settings {
  std::string db_url = "sqlite:var/medrisk.db";  // --db or MEDRISK_DB
  std::filesystem::path keys_path = "var/keys.json";  // --keys or MEDRISK_KEYS
  std::filesystem::path home;  // folder holding data/ and api/ (MEDRISK_HOME, else found from cwd or the binary)
};

std::filesystem::path find_home(const char* argv0);
std::unique_ptr<db::Database> open_database(const Settings& s, std::size_t pool_size = 8);
std::vector<db::Migration> all_migrations();
std::vector<crypto::EncryptedColumn> all_encrypted_columns();
// Migrates and returns the database (every command that touches data calls this).
std::unique_ptr<db::Database> open_and_migrate(const Settings& s, std::size_t pool_size = 8);

// The demo province's ids by key: organizations ("platform", "hospital1"…"hospital4", "insurer1",
// "insurer2", "committee", "legal_aid", "pool", "regulator") and users (by username).
struct DemoDirectory {
  std::map<std::string, std::int64_t> organizations;
  std::map<std::string, std::int64_t> users;
};

// Seeds the demo province once (organizations and one account per role); nullopt when the database
// was already seeded. Modules then seed their own demo data from the directory (serve.cpp).
std::optional<DemoDirectory> seed_demo(accounts::AccountsService& accounts, db::Database& db);
// Module demo data, seeded once right after seed_demo (src/app/demo_<module>.cpp).
void seed_demo_insurance(insurance::InsuranceService& service, const DemoDirectory& dir, const Clock& clock);
void seed_demo_disputes(disputes::DisputesService& service, const DemoDirectory& dir, const Clock& clock);
void seed_demo_appraisal(appraisal::AppraisalService& service, const DemoDirectory& dir, const Clock& clock);
void seed_demo_compensation(compensation::CompensationService& service, const DemoDirectory& dir, const Clock& clock);
// Visit policies of the demo patient, a partner key for hospital1, clinician risk classes, a compliance check.
void seed_demo_insurance_visit(insurance::VisitPolicyService& visits, insurance::ComplianceService& compliance,
                               const DemoDirectory& dir, const Clock& clock);
// Builds a claims service like the server's on another clock (the demo's overdue claim is handled on a
// day in the past).
using ClaimsServiceAt = std::function<std::unique_ptr<claims::ClaimsService>(const Clock&)>;
// Claims at every stage (after disputes and compensation) and the demo adjusters' payment authority;
// `bank_dir` is the bank-file channel's folder (the demo plays the bank for two of the payments).
void seed_demo_claims(claims::ClaimsService& claims, insurance::InsuranceService& insurance,
                      disputes::DisputesService& disputes, const DemoDirectory& dir, const Clock& clock,
                      const ClaimsServiceAt& claims_at, const std::filesystem::path& bank_dir);
std::vector<std::string> demo_usernames();

}  // namespace medrisk::app
