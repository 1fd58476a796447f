// Demo incidents (`medrisk serve --demo`, after disputes and claims): about a hundred invented reports of
// 明湖市第一人民医院 over the last three years — every state and class, most reported to the health
// authority in time, some late, some still overdue; a quarter anonymous (some with a reply thread); a few
// linked to the demo dispute cases — and a handful of anonymous reports of the other demo hospitals (the
// demo has no staff there). Deterministic (a fixed-seed mt19937, used without library distributions)
// and written in one transaction with each incident's whole history. Every person and event here is invented.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "modules/accounts/api.hpp"
#include "modules/incidents/demo.hpp"

namespace medrisk::incidents {
namespace {

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

// Builds each incident's history on the timeline a real one would follow, then writes them all at once.
struct Seeder {
  Seeder(const modules::DemoDirectory& d, const Clock& c, const IncidentsParams& p) : dir(d), now(c.now()), params(p) {}
  const modules::DemoDirectory& dir;
  Timestamp now;
  const IncidentsParams& params;
  Rng rng{kSeed};
  std::vector<std::int64_t> cases;  // hospital1's demo dispute cases
  std::vector<SeedIncident> out;
  int linked = 0, anonymous = 0, threads = 0;

  SeedIncident base(std::int64_t org, const Template& tpl, SeverityClass cls, Timestamp occurred, Timestamp discovered,
                    Timestamp reported, bool anon) {
    SeedIncident x;
    Incident& i = x.i;
    i.organization_id = org;
    i.region_code = "440100";
    i.anonymous = anon;
    i.category = tpl.category;
    i.department = tpl.department;
    i.place = tpl.place;
    i.description = tpl.description;
    i.severity_class = cls;
    i.harm_degree = kHarmByClass[static_cast<int>(cls)][rng.below(2)];
    i.occurred_at = occurred.to_iso_utc();
    i.occurred_month = shanghai_month(occurred);
    i.discovered_at = discovered.to_iso_utc();
    i.report_due_at = report_due(params, cls, discovered).to_iso_utc();
    i.created_at = i.updated_at = reported.to_iso_utc();
    if (anon) {
      x.reply_token = "demo-token-" + std::to_string(anonymous + 1);  // guessable on purpose: demo only
      ++anonymous;
    }
    return x;
  }

  void one(int k) {
    const Template& tpl = kTemplates[rng.below(static_cast<int>(std::size(kTemplates)))];
    int roll = rng.below(100);
    SeverityClass cls = roll < 74 ? SeverityClass::general : roll < 94 ? SeverityClass::major : SeverityClass::extraordinary;
    // Spread over three years; the first few are recent so that open and overdue incidents exist.
    int age_days = k < 12 ? 1 + k * 2 : 30 + rng.below(3 * 365 - 30);
    Timestamp occurred = now - hours(24 * age_days + rng.below(24)) - minutes(rng.below(60));
    Timestamp discovered = std::min(occurred + hours(rng.below(30)) + minutes(rng.below(60)), now - minutes(30));
    Timestamp reported = std::min(discovered + minutes(20 + rng.below(60)), now - minutes(10));
    bool anon = rng.chance(25);
    bool by_officer = rng.chance(30);
    SeedIncident x = base(dir.org("hospital1"), tpl, cls, occurred, discovered, reported, anon);
    Incident& i = x.i;
    if (!anon) i.reporter_user_id = dir.user(by_officer ? "officer" : "doctor");
    // Serious harm in a hospital with disputes: a few incidents are linked to the demo cases.
    if (!cases.empty() && k % 17 == 5 && linked < static_cast<int>(cases.size())) i.case_id = cases[linked++];
    Timestamp due = *Timestamp::parse(i.report_due_at);
    auto at = [&](Timestamp t) { return t <= now; };

    // The report to the health authority: most in time, one in ten late, the recent ones sometimes not yet.
    if (!(age_days < 20 && rng.chance(50))) {
      Timestamp when = rng.chance(10) ? due + hours(1 + rng.below(48)) : discovered + (due - discovered) / 2;
      if (when < reported) when = reported + minutes(5);
      if (at(when))
        i.authority_report = AuthorityReport{when.to_iso_utc(), kAuthorities[rng.below(2)],
                                             "MH-" + std::to_string(100000 + k * 37), when > due};
    }
    if (i.authority_report == std::nullopt && now > due) i.overdue_reminded_at = (due + minutes(1)).to_iso_utc();
    if (anon && rng.chance(60) && at(reported + hours(20))) {
      x.messages.push_back({0, 0, MessageAuthor::reviewer, dir.user("officer"), "感谢报告。请补充当时的排班情况，以便分析流程问题。",
                            (reported + hours(3)).to_iso_utc()});
      x.messages.push_back({0, 0, MessageAuthor::reporter, std::nullopt, "当班护士两名，其中一名为轮转人员。",
                            (reported + hours(20)).to_iso_utc()});
      ++threads;
    }
    // How far the review went, by age.
    int stage = age_days > 120 ? 4 : age_days > 60 ? 3 : age_days > 30 ? 2 : age_days > 8 ? 1 : 0;
    if (stage >= 1 && !rng.chance(97)) stage = 0;
    i.state = IncidentState::reported;
    if (stage >= 1 && at(reported + hours(26))) i.state = IncidentState::under_review;
    if (stage >= 2 && at(reported + hours(24 * 4))) {
      i.state = IncidentState::root_cause_analysis;
      RootCauseAnalysis rca;
      if (k % 3 == 0) {
        rca.method = RcaMethod::five_whys;
        rca.whys = {"为何发生差错？核对环节被跳过", "为何跳过核对？当班工作量大", "为何工作量大？夜班人手不足",
                    "为何人手不足？排班未考虑轮转人员", "为何未考虑？排班制度未更新"};
        rca.root_cause = "排班制度未随人员结构调整";
      } else {
        rca.fishbone = {{"people", {"新入职人员培训不足"}},
                        {"method", {"双人核对流程执行不到位"}},
                        {"equipment", {"信息系统未设置拦截提醒"}},
                        {"management", {"质控检查频次不足"}}};
        rca.root_cause = "核对流程缺少系统化的强制环节";
      }
      i.rca = rca;
    }
    if (stage >= 3 && at(reported + hours(24 * 7))) {
      i.state = IncidentState::actions;
      Timestamp planned = reported + hours(24 * 7);
      Date d = planned.shanghai_date();
      bool done = stage >= 4 && at(reported + hours(24 * 50));
      for (auto [what, who, days] : {std::tuple{"修订核对制度并全员培训", "officer", 30},
                                     std::tuple{"信息系统增加高警示药品拦截", "doctor", 45}}) {
        CorrectiveAction a;
        a.description = what;
        a.owner_user_id = dir.user(who);
        a.due_on = d.add_days(days);
        a.created_at = planned.to_iso_utc();
        if (done) {
          a.status = ActionStatus::done;
          a.done_at = (reported + hours(24 * 50)).to_iso_utc();
        }
        x.actions.push_back(a);
      }
      if (done && rng.chance(90) && at(reported + hours(24 * 55))) i.state = IncidentState::closed;
    }
    out.push_back(std::move(x));
  }

  // Anonymous reports of hospitals 2–4 (their staff are not in the demo): recent, some overdue.
  void other_hospitals() {
    for (const char* key : {"hospital2", "hospital3", "hospital4"}) {
      if (!dir.organizations.count(key)) continue;
      for (int j = 0; j < 3; ++j) {
        const Template& tpl = kTemplates[rng.below(static_cast<int>(std::size(kTemplates)))];
        SeverityClass cls = j == 2 ? SeverityClass::major : SeverityClass::general;
        Timestamp occurred = now - hours(24 * (2 + j * 9));
        out.push_back(base(dir.org(key), tpl, cls, occurred, occurred + hours(2), occurred + hours(2) + minutes(30), true));
      }
    }
  }
};

}  // namespace

void seed_demo_incidents(const modules::DemoDirectory& dir, const Clock& clock, disputes::DisputesService& disputes,
                         const std::function<std::unique_ptr<IncidentService>(const Clock&)>& make_service) {
  auto service = make_service(clock);
  Seeder seeder(dir, clock, service->params());
  auto officer = accounts::demo_context(dir, clock, "officer", "medical_officer", "hospital1");
  disputes::CaseFilter filter;
  filter.limit = 20;
  if (auto cases = disputes.list_cases(officer, filter); cases.ok())
    for (const auto& c : *cases) seeder.cases.push_back(c.c.id);
  for (int k = 0; k < kHospital1Incidents; ++k) seeder.one(k);
  seeder.other_hospitals();
  service->seed(seeder.out);
  spdlog::info("demo mode: seeded {} incidents ({} anonymous, {} with a reply thread, {} linked to cases)",
               seeder.out.size(), seeder.anonymous, seeder.threads, seeder.linked);
}

}  // namespace medrisk::incidents
