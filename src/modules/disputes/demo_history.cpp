// Demo history of the disputes module (`medrisk serve --demo`, issue 14): three years of invented
// complaints and dispute cases of the fictitious 明湖市 hospitals, played through the real service on a
// clock that moves through the past, so that filing days, due dates, events, audit entries, outbox
// messages and notifications are those of the days they happened. Every state of the case state machine
// (rules.cpp case_states) ends up with several cases; complaints are open, responded, closed or escalated.
// Deterministic: one fixed seed, no wall-clock randomness; the dates are relative to today.
// Every person here is invented: patients 演示患者 with phone numbers in the demo's 170-1234 block.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "modules/accounts/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/demo.hpp"

namespace medrisk::disputes {
namespace {

constexpr std::uint64_t kSeed = 0x4D454452'49534B31ull;  // fixed: the same history on every start
constexpr int kPatients = 6;  // each account costs a password hash: few patients, several cases each
constexpr int kHistoryDays = 3 * 365;
constexpr int kComplaints = 72;
constexpr int kRecent = 10;  // the newest complaints: open, answered or escalated, not yet closed

// splitmix64: tiny, fast and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int in(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }  // [lo, hi]
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[next() % v.size()];
  }

 private:
  std::uint64_t s_;
};

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r.ok()) throw std::runtime_error("demo history: " + what + ": " + r.error().code + " " + r.error().detail);
  return std::move(r).value();
}

struct Narrative {
  std::string department, text, case_type;
};

const std::vector<Narrative>& narratives() {
  static const std::vector<Narrative> v = {
      {"消化内科", "胃镜检查后出现迟发性出血，复诊时未及时处理，输血后住院十一天。", "other_harm"},
      {"神经内科", "急性脑梗死溶栓评估延误，遗留左侧肢体活动障碍。", "disability"},
      {"呼吸内科", "肺部感染抗生素使用不当致药物性肝损伤，延长住院。", "other_harm"},
      {"泌尿外科", "经尿道前列腺电切术后尿失禁，患方认为术前告知不足。", "disability"},
      {"妇科", "子宫肌瘤剔除术中损伤膀胱，二次修补手术。", "other_harm"},
      {"儿科", "患儿静脉输液外渗致手背皮肤坏死，植皮治疗。", "other_harm"},
      {"口腔科", "拔除智齿时下牙槽神经损伤，下唇长期麻木。", "disability"},
      {"耳鼻喉科", "鼻窦内镜手术后脑脊液鼻漏，再次手术修补。", "other_harm"},
      {"急诊科", "腹痛留观期间阑尾穿孔未被识别，转为开腹手术。", "other_harm"},
      {"麻醉科", "椎管内麻醉后硬膜外血肿，下肢肌力下降。", "disability"},
      {"康复医学科", "康复训练中跌倒致股骨颈骨折，家属质疑看护不足。", "other_harm"},
      {"内分泌科", "胰岛素剂量调整失误致严重低血糖昏迷。", "other_harm"},
      {"胸外科", "肺叶切除术后支气管胸膜瘘，住院延长一个月。", "other_harm"},
      {"神经外科", "颅内动脉瘤栓塞术后脑梗死，遗留言语障碍。", "disability"},
      {"肾内科", "造影剂肾病未及时处置，短期透析治疗。", "other_harm"},
      {"皮肤科", "激光祛斑后色素沉着、瘢痕形成。", "other_harm"},
  };
  return v;
}

const std::vector<std::string>& complaint_texts() {
  static const std::vector<std::string> v = {
      "候诊时间过长，分诊护士态度生硬。",     "检查费用清单与实际项目不符，要求核对。",
      "住院期间夜间呼叫铃无人应答。",         "出院小结遗漏手术记录，申请补充复印病历。",
      "医生问诊时间过短，未解释用药注意事项。", "预约挂号后到院被告知医生停诊，未提前通知。",
      "护士采血多次未成功，未更换人员。",     "药房发药错误，幸未服用。",
  };
  return v;
}

const std::vector<std::string>& complaint_categories() {
  static const std::vector<std::string> v = {"diagnosis_treatment", "nursing", "service_attitude", "fees",
                                             "medical_records", "other"};
  return v;
}

// The invented patients (names made up from common surnames and given names; 1701234xxxx numbers).
std::vector<std::string> add_patients(accounts::AccountsService& accounts, modules::DemoDirectory& dir) {
  static const std::array<const char*, kPatients> names = {"林晓岚", "高志远", "罗静怡", "梁宇航", "宋雨菲", "唐浩然"};
  std::vector<std::string> out;
  for (int i = 0; i < kPatients; ++i) {
    char username[32], phone[16];
    std::snprintf(username, sizeof username, "demo_patient%02d", i + 1);
    std::snprintf(phone, sizeof phone, "1701234%04d", 101 + i);
    accounts::NewUser u{username, std::string("演示患者 ") + names[static_cast<std::size_t>(i)],
                        std::string(accounts::kDemoPassword), {"patient"}, std::nullopt, std::string(phone)};
    auto created = must(accounts.create_user_as_system(u), std::string("patient ") + username);
    dir.users[username] = created.id;
    out.push_back(username);
  }
  return out;
}

// Where the history's case ends: one of rules.cpp case_states.
struct Plan {
  std::string target;
  int count;
  int earliest_days_ago, latest_days_ago;  // filing day
};

class History {
 public:
  History(DisputesService& s, ManualClock& sim, const modules::DemoDirectory& dir, Date today, Timestamp now)
      : s_(s), sim_(sim), dir_(dir), today_(today), now_(now), rng_(kSeed) {}

  void set_day(Date d) {
    if (d > today_) d = today_;
    Timestamp t = Timestamp::start_of_shanghai_day(d) + std::chrono::minutes(rng_.in(9 * 60, 17 * 60));
    if (t > now_ - std::chrono::minutes(5)) t = now_ - std::chrono::minutes(5);
    if (t < last_) t = last_ + std::chrono::minutes(1);  // one case's events in order
    last_ = t;
    sim_.set(t);
  }
  RequestContext as(const std::string& user, const std::string& role, const std::string& org = "") {
    return accounts::demo_context(dir_, sim_, user, role, org);
  }

  void complaints(const std::vector<std::string>& patients, int n) {
    auto officer = as("officer", "medical_officer", "hospital1");
    for (int i = 0; i < n; ++i) {
      // Spread over three years, oldest first; the last kRecent are this month's and stay open, answered or escalate.
      const int days_ago = i < n - kRecent ? kHistoryDays - (kHistoryDays - 30) * i / (n - kRecent) - rng_.in(0, 6) : rng_.in(1, 12);
      last_ = Timestamp();
      Date filed = today_.add_days(-days_ago);
      set_day(filed);
      const std::string& who = patients[static_cast<std::size_t>(i) % patients.size()];
      auto patient = as(who, "patient");
      NewComplaint c{std::nullopt, dir_.org("hospital1"), rng_.pick(complaint_categories()),
                     rng_.pick(narratives()).department, rng_.pick(complaint_texts()), filed.add_days(-rng_.in(0, 5)),
                     rng_.in(0, 5) == 0};
      auto v = must(s_.file_complaint(patient, c), "complaint");
      if (i >= n - kRecent) {
        if (i % 3 != 2)  // escalated into a case by the complainant
          must(s_.complaint_action(patient, v.c.id, "escalate", std::nullopt, std::string("other_harm"),
                                   Money::from_fen(rng_.in(20, 120) * 1'000'00)),
               "escalate");
        else if (i % 2 == 0) {
          set_day(filed.add_days(rng_.in(1, 3)));
          must(s_.complaint_action(officer, v.c.id, "respond", std::string("已调查核实，向您说明情况并致歉。"), std::nullopt,
                                   std::nullopt),
               "respond");
        }
        continue;
      }
      set_day(filed.add_days(rng_.in(1, 6)));
      must(s_.complaint_action(officer, v.c.id, "respond", std::string("经科室调查核实，已整改并向您反馈处理意见。"),
                               std::nullopt, std::nullopt),
           "respond");
      if (rng_.in(0, 9) == 0) continue;  // responded, never confirmed (closed by the window later)
      set_day(filed.add_days(rng_.in(7, 12)));
      must(s_.complaint_action(patient, v.c.id, "confirm", std::nullopt, std::nullopt, std::nullopt), "confirm");
    }
  }

  void cases(const std::vector<std::string>& patients) {
    // Open states whose mediation clock runs (30 working days from acceptance) are recent, so the
    // deadline job does not fail them at start-up; finished ones are spread over three years.
    const std::vector<Plan> plans = {
        {"closed", 12, kHistoryDays, 120}, {"refused", 5, kHistoryDays, 30},  {"withdrawn", 5, kHistoryDays, 20},
        {"payment", 5, 330, 60},           {"litigation", 4, 400, 60},        {"mediation_failed", 4, 200, 50},
        {"agreement", 4, 110, 45},         {"appraisal", 4, 60, 20},          {"mediation", 5, 24, 14},
        {"investigation", 5, 16, 6},       {"accepted", 4, 8, 3},             {"filed", 5, 3, 1},
    };
    // Oldest first over all plans, so the ids follow the filing days.
    struct Item {
      std::string target;
      int days_ago;
    };
    std::vector<Item> items;
    for (const auto& p : plans)
      for (int k = 0; k < p.count; ++k)
        items.push_back({p.target, p.latest_days_ago + (p.earliest_days_ago - p.latest_days_ago) * (p.count - k) / p.count -
                                       rng_.in(0, 2)});
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.days_ago > b.days_ago; });
    int n = 0;
    for (const auto& item : items) play(item.target, std::max(1, item.days_ago), patients[static_cast<std::size_t>(n++) % patients.size()]);
    count_ = n;
  }

  int count() const { return count_; }

 private:
  void act(const RequestContext& ctx, std::int64_t id, const std::string& action, std::optional<std::string> channel = {},
           std::optional<std::string> reason = {}) {
    TransitionRequest t;
    t.action = action;
    t.channel = std::move(channel);
    t.reason = std::move(reason);
    must(s_.transition(ctx, id, t), action);
  }

  void materials(const RequestContext& patient, const RequestContext& mediator, std::int64_t id) {
    must(s_.set_consent(patient, id, "mediator", true), "consent");
    auto checklist = must(s_.materials(patient, id), "materials");
    for (const auto& item : checklist.items) {
      if (!item.item.required) continue;
      must(s_.upload(patient, id, item.item.id, item.item.id + ".pdf", "application/pdf",
                     "%PDF-1.7\n% demo document (invented): " + item.item.id + "\n"),
           "upload");
      must(s_.review_material(mediator, id, item.item.id, true, std::nullopt), "review");
    }
  }

  void session(const RequestContext& mediator, std::int64_t id, Money demand, const std::string& outcome) {
    MediationSession m;
    m.scheduled_at = sim_.now().to_iso_utc();
    m.place = "明湖市医疗纠纷人民调解委员会 调解室";
    m.attendees = {"患方", "医方代表", "调解员 何静安"};
    m.minutes = "双方陈述事实与诉求，调解员释明相关规定。";
    m.offers = {{"patient_side", demand, "患方主张"}, {"provider", Money::from_fen(demand.fen() * 2 / 5), "医方还价"}};
    m.outcome = outcome;
    must(s_.add_session(mediator, id, m), "session");
  }

  // Files one case `days_ago` and walks it to `target` with a few days between the steps.
  void play(const std::string& target, int days_ago, const std::string& who) {
    last_ = Timestamp();
    const Narrative& story = rng_.pick(narratives());
    // Cases that need the institution's officer (a signed agreement, a judgment) are 明湖市第一人民医院's:
    // the demo has an officer only there. Its policy began 30 days ago, so these older cases open no claim.
    const bool officer_needed = target == "agreement" || target == "payment" || target == "closed" || target == "litigation";
    const std::string hospital = officer_needed ? "hospital1" : "hospital" + std::to_string(rng_.in(1, 4));
    auto patient = as(who, "patient");
    auto mediator = as("mediator", "mediator", "committee");
    auto officer = as("officer", "medical_officer", "hospital1");
    Date day = today_.add_days(-days_ago);
    const Money demand = Money::from_fen(static_cast<std::int64_t>(rng_.in(3, 60)) * 10'000'00);
    set_day(day);
    auto filed = must(s_.file_case(patient, {std::nullopt, dir_.org(hospital), std::nullopt, story.case_type,
                                             story.department, story.text, day.add_days(-rng_.in(3, 40)),
                                             std::nullopt, demand, std::nullopt}),
                      "case");
    const std::int64_t id = filed.c.id;
    auto step = [&](int lo, int hi) {
      day = day.add_days(rng_.in(lo, hi));
      set_day(day);
    };
    if (target == "filed") return;
    if (target == "refused") {
      step(1, 4);
      act(mediator, id, "refuse", std::nullopt, std::string("已超过申请期限且已进入诉讼程序，不予受理。"));
      return;
    }
    const bool withdraw = target == "withdrawn";
    step(1, 3);
    act(mediator, id, "accept", std::string("people_mediation"));
    if (target == "accepted" || (withdraw && rng_.in(0, 2) == 0)) {
      if (withdraw) step(3, 20), act(patient, id, "withdraw", std::nullopt, std::string("双方已自行和解。"));
      return;
    }
    step(1, 4);
    act(mediator, id, "start_investigation");
    if (target == "investigation") return;
    if (target == "appraisal") {
      step(2, 6);
      act(mediator, id, "request_appraisal");
      return;
    }
    step(3, 8);
    act(mediator, id, "start_mediation");
    step(1, 4);
    const bool agreed = target == "agreement" || target == "payment" || (target == "closed" && rng_.in(0, 3) != 0);
    session(mediator, id, demand, agreed ? "agreed" : "continued");
    if (target == "mediation") return;
    if (withdraw) {
      step(3, 10);
      act(patient, id, "withdraw", std::nullopt, std::string("患方决定另行起诉。"));
      return;
    }
    const bool judgment_route = !agreed;
    if (officer_needed && !judgment_route) {
      // An agreement of about half the demand, paid by the institution (its cover began later).
      const Money amount = Money::from_fen(demand.fen() / 2 / 100 * 100);
      step(2, 7);
      must(s_.draft_agreement(mediator, id, {amount, {{"institution", amount}}}), "agreement");
      must(s_.sign_agreement(patient, id, "患方签名"), "patient signature");
      must(s_.sign_agreement(officer, id, "周明远"), "provider signature");
      act(mediator, id, "reach_agreement");
      if (target == "agreement") return;
      materials(patient, mediator, id);
      step(3, 10);
      act(officer, id, "start_payment");
      if (target == "payment") return;
      step(5, 25);
      act(patient, id, "close");
      return;
    }
    step(5, 15);
    act(mediator, id, "fail_mediation");
    if (target == "mediation_failed") return;
    step(5, 20);
    TransitionRequest lit;
    lit.action = "start_litigation";
    lit.court = "明湖市明湖区人民法院";
    lit.court_case_number = "（" + std::to_string(day.year()) + "）明0102民初" + std::to_string(1000 + rng_.in(0, 8999)) + "号";
    must(s_.transition(patient, id, lit), "litigation");
    if (target == "litigation") return;
    materials(patient, mediator, id);
    step(40, 90);
    TransitionRequest judgment;
    judgment.action = "record_judgment";
    judgment.judgment_fen = Money::from_fen(demand.fen() * 3 / 5 / 100 * 100);
    must(s_.transition(officer, id, judgment), "judgment");
    if (target == "payment") return;
    step(10, 30);
    act(patient, id, "close");
  }

  DisputesService& s_;
  ManualClock& sim_;
  const modules::DemoDirectory& dir_;
  Date today_;
  Timestamp now_;
  Rng rng_;
  Timestamp last_;
  int count_ = 0;
};

}  // namespace

void seed_demo_history(accounts::AccountsService& accounts, modules::DemoDirectory& dir, const Clock& clock,
                       const DisputesServiceAt& disputes_at) {
  using ms = std::chrono::milliseconds;
  const auto t0 = std::chrono::steady_clock::now();
  const auto patients = add_patients(accounts, dir);
  const auto t1 = std::chrono::steady_clock::now();
  ManualClock sim(clock.now() - std::chrono::hours(24 * (kHistoryDays + 10)));
  auto service = disputes_at(sim);
  History h(*service, sim, dir, clock.today(), clock.now());
  h.complaints(patients, kComplaints);
  const auto t2 = std::chrono::steady_clock::now();
  h.cases(patients);
  const auto t3 = std::chrono::steady_clock::now();
  spdlog::info("demo mode: seeded 3 years of history: {} complaints and {} dispute cases ({} invented patients) "
               "in {} + {} + {} ms",
               kComplaints, h.count(), patients.size(), std::chrono::duration_cast<ms>(t1 - t0).count(),
               std::chrono::duration_cast<ms>(t2 - t1).count(), std::chrono::duration_cast<ms>(t3 - t2).count());
}

}  // namespace medrisk::disputes
