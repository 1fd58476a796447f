// Demo incidents (`medrisk serve --demo`, after disputes and claims): about a hundred invented reports of
// 明湖市第一人民医院 over the last three years — every state and class, most reported to the health
// authority in time, some late, some still overdue; a quarter anonymous (some with a reply thread); a few
// linked to the demo dispute cases — and a handful of anonymous reports of the other demo hospitals (the
// demo has no staff there). Deterministic (a fixed-seed mt19937, used without library distributions)
// and back-dated through a manual clock. Every person and event here is invented.
#include <spdlog/spdlog.h>

#include <random>
#include <stdexcept>

#include "modules/accounts/api.hpp"
#include "modules/incidents/demo.hpp"

namespace medrisk::incidents {
namespace {

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string("demo incidents: ") + what + ": " + r.error().code);
  return std::move(r).value();
}

constexpr std::uint32_t kSeed = 20140101;
constexpr int kHospital1Incidents = 96;

struct Template {
  const char* category;
  const char* department;
  const char* place;
  const char* description;
};
const Template kTemplates[] = {
    {"medication", "心内科", "心内科病区 12 床", "护士按医嘱输注时将两位患者的抗凝药混淆，发现后立即停药并复查凝血功能。"},
    {"medication", "儿科", "儿科门诊注射室", "患儿头孢类药物剂量按成人剂量配置，输注前双人核对时发现并纠正。"},
    {"surgery", "普外科", "第三手术间", "腹腔镜手术结束清点纱布数目不符，术中 X 线确认无遗留后关腹。"},
    {"surgery", "骨科", "第五手术间", "术前标记部位与手术通知单侧别不一致，暂停核查后按正确侧别手术。"},
    {"anaesthesia", "麻醉科", "麻醉恢复室", "全麻苏醒期患者血氧饱和度下降至 85%，再次插管后恢复，无后遗症。"},
    {"nursing", "神经内科", "神经内科病区 6 床", "长期卧床患者骶尾部出现二期压力性损伤，翻身记录不完整。"},
    {"transfusion", "血液科", "血液科病区", "输血前床旁核对发现血袋标签与患者腕带血型不一致，未输注。"},
    {"device", "重症医学科", "ICU 3 床", "输液泵报警失灵导致静脉泵入速度异常，更换设备并上报设备科。"},
    {"infection", "重症医学科", "ICU", "同一病区一周内三例同源耐药菌感染，启动院感暴发调查。"},
    {"fall", "老年医学科", "老年医学科病区卫生间", "高龄患者夜间如厕跌倒致髋部骨折，跌倒风险评估未更新。"},
    {"diagnosis", "急诊科", "急诊抢救室", "胸痛患者首诊按胃炎处理，复诊时确诊急性心肌梗死，延误约六小时。"},
    {"other", "门诊部", "门诊收费处", "患者身份识别错误，检查报告发放给同名患者，已追回并致歉。"},
};
const char* const kHarmByClass[3][2] = {{"mild", "moderate"}, {"severe", "death"}, {"death", "death"}};
const char* const kAuthorities[] = {"明湖市卫生健康委员会", "明湖市卫生健康委员会医政医管科"};

class Rng {
 public:
  explicit Rng(std::uint32_t seed) : g_(seed) {}
  int below(int n) { return static_cast<int>(g_() % static_cast<std::uint32_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::mt19937 g_;
};

Timestamp::Duration hours(std::int64_t h) { return std::chrono::hours(h); }
Timestamp::Duration minutes(std::int64_t m) { return std::chrono::minutes(m); }

struct Seeder {
  Seeder(const modules::DemoDirectory& d, const Clock& c) : dir(d), real(c), at(c.now()) {}
  const modules::DemoDirectory& dir;
  const Clock& real;
  ManualClock at;
  std::unique_ptr<IncidentService> s;
  Rng rng{kSeed};
  std::vector<std::int64_t> cases;  // hospital1's demo dispute cases
  int linked = 0, anonymous = 0, threads = 0;

  RequestContext ctx(const std::string& user, const std::string& role, const std::string& org) {
    return accounts::demo_context(dir, at, user, role, org);
  }
  // Moves the manual clock to `t`, never past the real now.
  bool move(Timestamp t) {
    if (t > real.now()) return false;
    at.set(t);
    return true;
  }

  void one(int k) {
    const Template& tpl = kTemplates[rng.below(static_cast<int>(std::size(kTemplates)))];
    int roll = rng.below(100);
    SeverityClass cls = roll < 74 ? SeverityClass::general : roll < 94 ? SeverityClass::major : SeverityClass::extraordinary;
    // Spread over three years; the first few are recent so that open and overdue incidents exist.
    int age_days = k < 12 ? 1 + k * 2 : 30 + rng.below(3 * 365 - 30);
    Timestamp occurred = real.now() - hours(24 * age_days + rng.below(24)) - minutes(rng.below(60));
    Timestamp discovered = occurred + hours(rng.below(30)) + minutes(rng.below(60));
    if (discovered > real.now()) discovered = real.now() - minutes(5);
    bool anon = rng.chance(25);
    bool by_officer = rng.chance(30);
    NewIncident in;
    in.anonymous = anon;
    in.category = tpl.category;
    in.department = tpl.department;
    in.place = tpl.place;
    in.harm_degree = kHarmByClass[static_cast<int>(cls)][rng.below(2)];
    in.description = tpl.description;
    in.occurred_at = occurred;
    in.discovered_at = discovered;
    in.severity_class = cls;
    // Serious harm in a hospital with disputes: a few incidents are linked to the demo cases.
    if (!cases.empty() && k % 17 == 5 && linked < static_cast<int>(cases.size())) in.case_id = cases[linked++];
    if (!move(discovered + minutes(20 + rng.below(60)))) at.set(real.now());
    auto reporter = by_officer ? ctx("officer", "medical_officer", "hospital1") : ctx("doctor", "clinician", "hospital1");
    auto rep = must(s->report(reporter, in), "report");
    std::int64_t id = rep.view.i.id;
    anonymous += anon ? 1 : 0;
    auto officer = [&] { return ctx("officer", "medical_officer", "hospital1"); };
    Timestamp due = *Timestamp::parse(rep.view.i.report_due_at);
    Timestamp reported = rep.view.i.created_at.empty() ? discovered : *Timestamp::parse(rep.view.i.created_at);

    // The report to the health authority: most in time, one in ten late, the recent ones sometimes not yet.
    bool recent = age_days < 20;
    if (!(recent && rng.chance(50))) {
      auto window = due - discovered;
      Timestamp when = rng.chance(10) ? due + hours(1 + rng.below(48)) : discovered + window / 2;
      if (when < reported) when = reported + minutes(5);
      if (move(when))
        must(s->report_to_authority(officer(), id, {kAuthorities[rng.below(2)], "MH-" + std::to_string(100000 + k * 37), std::nullopt}),
             "authority report");
    }
    if (anon && rng.chance(60) && rep.reply_token && move(reported + hours(3))) {
      must(s->post_message(officer(), id, "感谢报告。请补充当时的排班情况，以便分析流程问题。"), "reviewer message");
      if (move(reported + hours(20))) must(s->post_by_token(*rep.reply_token, "当班护士两名，其中一名为轮转人员。"), "reporter message");
      ++threads;
    }
    // How far the review went, by age.
    int stage = age_days > 120 ? 4 : age_days > 60 ? 3 : age_days > 30 ? 2 : age_days > 8 ? 1 : 0;
    if (stage >= 1 && rng.chance(97)) {
      if (!move(reported + hours(26))) return;
      must(s->transition(officer(), id, IncidentAction::start_review), "review");
    } else {
      return;
    }
    if (stage < 2 || !move(reported + hours(24 * 4))) return;
    must(s->transition(officer(), id, IncidentAction::start_rca), "rca");
    RootCauseAnalysis rca;
    if (k % 3 == 0) {
      rca.method = RcaMethod::five_whys;
      rca.whys = {"为何发生差错？核对环节被跳过", "为何跳过核对？当班工作量大", "为何工作量大？夜班人手不足",
                  "为何人手不足？排班未考虑轮转人员", "为何未考虑？排班制度未更新"};
      rca.root_cause = "排班制度未随人员结构调整";
    } else {
      rca.method = RcaMethod::fishbone;
      rca.fishbone = {{"people", {"新入职人员培训不足"}},
                      {"method", {"双人核对流程执行不到位"}},
                      {"equipment", {"信息系统未设置拦截提醒"}},
                      {"management", {"质控检查频次不足"}}};
      rca.root_cause = "核对流程缺少系统化的强制环节";
    }
    must(s->record_rca(officer(), id, rca), "rca record");
    if (stage < 3 || !move(reported + hours(24 * 7))) return;
    must(s->transition(officer(), id, IncidentAction::plan_actions), "plan");
    Date d = at.today();
    IncidentView v = must(s->add_action(officer(), id, {"修订核对制度并全员培训", dir.user("officer"), d.add_days(30)}), "action");
    v = must(s->add_action(officer(), id, {"信息系统增加高警示药品拦截", dir.user("doctor"), d.add_days(45)}), "action");
    if (stage < 4 || !move(reported + hours(24 * 50))) return;
    for (const auto& a : v.actions) must(s->set_action_status(officer(), id, a.id, ActionStatus::done), "done");
    if (rng.chance(90) && move(reported + hours(24 * 55))) must(s->transition(officer(), id, IncidentAction::close), "close");
  }

  // Anonymous reports of hospitals 2–4 (their staff are not in the demo): recent, some overdue.
  void other_hospitals() {
    for (const char* key : {"hospital2", "hospital3", "hospital4"}) {
      if (!dir.organizations.count(key)) continue;
      for (int j = 0; j < 3; ++j) {
        const Template& tpl = kTemplates[rng.below(static_cast<int>(std::size(kTemplates)))];
        NewIncident in;
        in.anonymous = true;
        in.category = tpl.category;
        in.department = tpl.department;
        in.place = tpl.place;
        in.description = tpl.description;
        in.severity_class = j == 2 ? SeverityClass::major : SeverityClass::general;
        in.harm_degree = j == 2 ? "severe" : "mild";
        in.occurred_at = real.now() - hours(24 * (2 + j * 9));
        in.discovered_at = in.occurred_at + hours(2);
        if (!move(in.discovered_at + minutes(30))) at.set(real.now());
        auto reporter = ctx("doctor", "clinician", "hospital1");
        reporter.actor.organization_id = dir.org(key);  // an anonymous report stores only the institution
        must(s->report(reporter, in), "other hospital report");
        ++anonymous;
      }
    }
  }
};

}  // namespace

void seed_demo_incidents(const modules::DemoDirectory& dir, const Clock& clock, disputes::DisputesService& disputes,
                         const std::function<std::unique_ptr<IncidentService>(const Clock&)>& make_service) {
  Seeder seeder(dir, clock);
  seeder.s = make_service(seeder.at);
  auto officer = accounts::demo_context(dir, clock, "officer", "medical_officer", "hospital1");
  disputes::CaseFilter filter;
  filter.limit = 20;
  if (auto cases = disputes.list_cases(officer, filter); cases.ok())
    for (const auto& c : *cases) seeder.cases.push_back(c.c.id);
  for (int k = 0; k < kHospital1Incidents; ++k) seeder.one(k);
  seeder.other_hospitals();
  spdlog::info("demo mode: seeded {} incidents ({} anonymous, {} with a reply thread, {} linked to cases)",
               kHospital1Incidents + 9, seeder.anonymous, seeder.threads, seeder.linked);
}

}  // namespace medrisk::incidents
