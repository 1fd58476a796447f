// Demo data of the appraisal module: the seven demo experts (expert1…expert7) in the pool with invented
// specialties and workplaces in 明湖市, and one panel for a fictitious orthopaedic case of hospital1 with
// signed opinions and a finished Delphi round that reached consensus. Nothing here is a real person.
#include <spdlog/spdlog.h>

#include "modules/appraisal/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/appraisal/api.hpp"

namespace medrisk::appraisal {
namespace {

template <class T>
T demo_ok(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error("demo appraisal: " + what + ": " + r.error().code + " " + r.error().detail);
  return std::move(r).value();
}

struct DemoExpert {
  std::string username;
  std::vector<std::string> specialties;
  std::string title, institution_name;
  std::optional<std::string> institution_key;  // a demo organization, when the expert works at one
  std::vector<std::string> conflict_keys;
};

const std::vector<DemoExpert>& demo_experts() {
  static const std::vector<DemoExpert> experts = {
      {"expert1", {"orthopedics"}, "主任医师", "明湖医科大学附属医院", {}, {}},
      {"expert2", {"orthopedics", "general_surgery"}, "副主任医师", "明湖市第一人民医院", "hospital1", {}},
      {"expert3", {"forensic_medicine"}, "主任法医师", "明湖市明正司法鉴定所", {}, {}},
      {"expert4", {"law"}, "教授", "明湖大学法学院", {}, {"insurer2"}},
      {"expert5", {"obstetrics_gynecology"}, "主任医师", "明湖市妇幼保健院", "hospital2", {}},
      {"expert6", {"anesthesiology", "emergency_medicine"}, "主任医师", "明湖医科大学附属医院", {}, {"hospital3"}},
      {"expert7", {"nursing", "forensic_medicine"}, "主任护师", "明湖护理职业学院", {}, {}},
  };
  return experts;
}

}  // namespace

void seed_demo_appraisal(appraisal::AppraisalService& service, const modules::DemoDirectory& dir, const Clock& clock) {
  auto admin = accounts::demo_context(dir, clock, "admin", "platform_admin", "platform");
  std::map<std::int64_t, std::string> username_of;
  for (const auto& e : demo_experts()) {
    appraisal::NewExpert n;
    n.user_id = dir.users.at(e.username);
    n.specialties = e.specialties;
    n.title = e.title;
    n.institution_name = e.institution_name;
    if (e.institution_key) n.institution_id = dir.organizations.at(*e.institution_key);
    n.region_code = "440000";
    for (const auto& k : e.conflict_keys) n.conflict_organization_ids.push_back(dir.organizations.at(k));
    auto created = demo_ok(service.create_expert(admin, n), e.username);
    username_of[created.id] = e.username;
  }
  // Case 1 (a plain id: the disputes module's demo case, when it has one): a tibial fracture treated at hospital1.
  appraisal::NewPanel panel{1,
                            dir.organizations.at("hospital1"),
                            "orthopedics",
                            3,
                            {dir.organizations.at("committee"), dir.organizations.at("insurer1")}};
  auto view = demo_ok(service.create_panel(admin, panel), "panel");
  auto round = demo_ok(service.open_round(admin, {view.panel.id, {}, {}, {}, {}}), "delphi round");
  const std::vector<std::pair<std::string, std::string>> votes = {{"main", "8"}, {"main", "8"}, {"equal", "9"}};
  std::size_t i = 0;
  for (const auto& m : view.panel.members) {
    auto ctx = accounts::demo_context(dir, clock, username_of.at(m.expert_id), "expert", "pool");
    auto [degree, grade] = votes[i++ % votes.size()];
    appraisal::OpinionContent c;
    c.has_damage = true;
    c.has_fault = true;
    c.breached_duties = {"informed_consent", "treatment"};
    c.causation_degree = degree;
    c.disability_grades = {std::stoi(grade)};
    c.reasons = "术前未告知保守治疗的替代方案；术后复查发现内固定位置不良未及时处理，与骨不连存在因果关系。";
    auto opinion = demo_ok(service.create_opinion(ctx, view.panel.id, c), "opinion");
    demo_ok(service.sign_opinion(ctx, opinion.id), "signature");
    std::vector<appraisal::DelphiAnswer> answers = {
        {"has_fault", "yes", {}, "告知与术后处理均不足"},
        {"causation_degree", degree, {}, "过错与骨不连相关，患者吸烟亦有影响"},
        {"disability_grade", grade, {}, ""}};
    demo_ok(service.submit(ctx, round.round.id, answers), "delphi answer");
  }
  demo_ok(service.close_round(admin, round.round.id), "delphi close");
  spdlog::info("demo mode: seeded the expert pool and a panel with a finished Delphi round");
}

}  // namespace medrisk::appraisal
