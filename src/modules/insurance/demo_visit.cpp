// Demo visit policies and compliance (`medrisk serve --demo`): a partner key for 明湖市第一人民医院
// (printed once, demo only), visit policies for the demo patient (invented ID numbers with valid
// GB 11643 check digits), the demo orthopaedic surgeon's risk class, and a first compliance check.
#include <spdlog/spdlog.h>

#include <iostream>

#include "modules/insurance/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/insurance/compliance_api.hpp"
#include "modules/insurance/visit_api.hpp"

namespace medrisk::insurance {

void seed_demo_insurance_visit(insurance::VisitPolicyService& visits, insurance::ComplianceService& compliance,
                               const modules::DemoDirectory& dir, const Clock& clock) {
  std::int64_t hospital = dir.organizations.at("hospital1");
  auto key = visits.create_partner_key_as_system(hospital);
  if (!key.ok()) throw std::runtime_error("demo visit seed: " + key.error().code);
  std::cout << "Demo partner key of 明湖市第一人民医院: " << key->key.key_id << " secret " << key->secret << std::endl;
  Date today = clock.today();
  // 17012340001 is the demo patient's phone (demo.cpp); the ID numbers are invented.
  std::vector<insurance::NewVisit> demo = {
      {"MH1-MZ-0001", std::string("440190199003071238"), std::string("17012340001"), "骨科", today},
      {"MH1-MZ-0002", std::string("440190199003071238"), std::string("17012340001"), "内科", today},
      {"MH1-MZ-0003", std::string("440190198511110024"), std::nullopt, "产科", today},
  };
  auto issued = visits.issue({key->key.key_id, hospital}, "demo-seed-nonce-0001", demo, "demo-seed");
  if (!issued.ok()) throw std::runtime_error("demo visit seed: " + issued.error().code);
  auto doctor = dir.users.at("doctor");
  auto registered = compliance.register_clinician_as_system({doctor, hospital, "骨科", "IV", "440000"});
  if (!registered.ok()) throw std::runtime_error("demo compliance seed: " + registered.error().code);
  auto sum = compliance.run_compliance_check(clock.now());
  spdlog::info("demo mode: {} visit policies, {} compliance obligations", issued->size(), sum.obligations);
}

}  // namespace medrisk::insurance
