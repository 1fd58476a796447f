// Demo compensation data (`medrisk serve --demo`): one saved calculation for demo case 1 (the tibial
// fracture under appraisal by the demo panel), saved by the hospital's officer and shared with the
// mediation committee and the insurer. Figures are invented; the standards come from data/compensation/.
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "app/app.hpp"
#include "kernel/json.hpp"
#include "modules/compensation/codec.hpp"
#include "modules/compensation/service.hpp"

namespace medrisk::app {
namespace {

RequestContext officer_context(const DemoDirectory& dir, const Clock& clock) {
  RequestContext ctx;
  ctx.actor.user_id = dir.users.at("officer");
  ctx.actor.username = "officer";
  ctx.actor.organization_id = dir.organizations.at("hospital1");
  ctx.actor.region_code = "440000";
  ctx.actor.roles = {"medical_officer"};
  ctx.actor.permissions = accounts::permissions_for(ctx.actor.roles);
  ctx.request_id = "system:demo-compensation";
  ctx.clock = &clock;
  return ctx;
}

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

void seed_demo_compensation(compensation::CompensationService& service, const DemoDirectory& dir, const Clock& clock) {
  compensation::NewCalculation n;
  n.case_id = 1;  // the disputes module's first demo case, the one the demo appraisal panel is for
  n.label = "鉴定意见后初算（主要原因）";
  n.organization_ids = {dir.organizations.at("committee"), dir.organizations.at("insurer1")};
  auto input = case1_input();
  JsonReader in(input);
  compensation::decode_input(in, n.input);
  if (auto ok = in.finish(); !ok.ok()) throw std::runtime_error("demo compensation: input: " + ok.error().code);
  n.input_json = input.dump();
  auto saved = service.save(officer_context(dir, clock), n);
  if (!saved.ok()) throw std::runtime_error("demo compensation: save: " + saved.error().code);
  spdlog::info("demo mode: seeded a saved compensation calculation for case 1");
}

}  // namespace medrisk::app
