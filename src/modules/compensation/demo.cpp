// Demo compensation data (`medrisk serve --demo`): one saved calculation for demo case 1 (the tibial
// fracture under appraisal by the demo panel), saved by the hospital's officer and shared with the
// mediation committee and the insurer. Figures are invented; the standards come from data/compensation/.
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "modules/compensation/demo.hpp"
#include "modules/accounts/api.hpp"
#include "kernel/json.hpp"
#include "modules/compensation/codec.hpp"
#include "modules/compensation/api.hpp"

namespace medrisk::compensation {
namespace {

// Grade-9 disability at 41 after a non-union, main cause (the demo panel's consensus); Guangdong 2022.
nlohmann::json case1_input() {
  return {{"province", "guangdong"},
          {"area", "general"},
          {"standard_year", 2022},
          {"outcome", "disability"},
          {"victim_age", 41},
          {"disability_grades", {9}},
          {"medical_costs_fen", 6'842'000},
          {"lost_income", {{"days", 120}, {"daily_rate_fen", 25'000}}},
          {"nursing", {{"days", 30}, {"carers", 1}, {"daily_rate_fen", 18'000}}},
          {"transport_costs_fen", 86'000},
          {"hospital_days", 21},
          {"nutrition", {{"days", 60}, {"daily_rate_fen", 5'000}}},
          {"mental_distress_fen", 1'000'000},
          {"causation", {{"fault", true}, {"degree", "main"}}}};
}

}  // namespace

void seed_demo_compensation(compensation::CompensationService& service, const modules::DemoDirectory& dir, const Clock& clock) {
  compensation::NewCalculation n;
  n.case_id = 1;  // the disputes module's first demo case, the one the demo appraisal panel is for
  n.label = "鉴定意见后初算（主要原因）";
  n.organization_ids = {dir.organizations.at("committee"), dir.organizations.at("insurer1")};
  auto input = case1_input();
  JsonReader in(input);
  compensation::decode_input(in, n.input);
  if (auto ok = in.finish(); !ok.ok()) throw std::runtime_error("demo compensation: input: " + ok.error().code);
  n.input_json = input.dump();
  auto saved = service.save(accounts::demo_context(dir, clock, "officer", "medical_officer", "hospital1"), n);
  if (!saved.ok()) throw std::runtime_error("demo compensation: save: " + saved.error().code);
  spdlog::info("demo mode: seeded a saved compensation calculation for case 1");
}

}  // namespace medrisk::compensation
