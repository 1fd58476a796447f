// Demo witness records in the demo hospitals: sealed talks (one of them corrected by a later sealed
// record) and one awaiting the demo patient's acknowledgements and signature. People are invented;
// phones are in the 170 test range like the accounts demo. Adds a second clinician (hospital2's
// obstetrician) and two patients with accounts so that every sealed talk has both signatures.
#include "modules/witnessing/demo.hpp"

#include <stdexcept>

namespace medrisk::witnessing {
namespace {

struct DemoTalk {
  std::string surgeon, surgeon_role_org, patient_user, patient_name, phone, code;
  int days_ahead = 0;
  std::vector<QuestionAnswer> questions;
  std::vector<std::string> alternatives;
  bool patient_signs = true;
};

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string("witnessing demo: ") + what + ": " + r.error().code);
  return std::move(*r);
}

RecordView talk(WitnessingService& s, const modules::DemoDirectory& dir, const Clock& clock, const DemoTalk& t) {
  auto surgeon = accounts::demo_context(dir, clock, t.surgeon, "clinician", t.surgeon_role_org);
  NewRecord n{t.code, clock.now().shanghai_date().add_days(t.days_ahead), t.patient_name, t.phone, std::nullopt,
              std::nullopt, t.questions, t.alternatives};
  RecordView v = must(s.create(surgeon, n), "create");
  must(s.sign(surgeon, v.record.id, v.record.surgeon_name), "surgeon signs");
  if (!t.patient_signs) return v;
  auto patient = accounts::demo_context(dir, clock, t.patient_user, "patient", "");
  for (const auto& k : v.record.risks) must(s.acknowledge(patient, v.record.id, k.key), "acknowledge");
  return must(s.sign(patient, v.record.id, t.patient_name), "patient signs");
}

}  // namespace

void seed_demo_witnessing(WitnessingService& s, accounts::AccountsService& accounts, modules::DemoDirectory& dir,
                          const Clock& clock) {
  if (!dir.fresh) return;
  struct NewDemoUser {
    std::string username, name, role, org_key, phone;
  };
  for (const NewDemoUser& u : {NewDemoUser{"doctor2", "产科 叶知秋 医师", "clinician", "hospital2", ""},
                               NewDemoUser{"demo_patient07", "患者 王建国", "patient", "", "17012340202"},
                               NewDemoUser{"demo_patient08", "患者 李静怡", "patient", "", "17012340203"}}) {
    accounts::NewUser nu{u.username, u.name, "medrisk-demo", {u.role},
                         u.org_key.empty() ? std::nullopt : std::optional<std::int64_t>(dir.org(u.org_key)),
                         u.phone.empty() ? std::nullopt : std::optional<std::string>(u.phone)};
    auto created = must(accounts.create_user_as_system(nu), "user");
    dir.users[u.username] = created.id;
    dir.usernames.push_back(u.username);
  }
  // 1. A sealed knee replacement talk for the demo patient, who also bought the surgical accident cover.
  RecordView knee = talk(s, dir, clock,
       {"doctor", "hospital1", "patient", "郑晓禾", "17012340001", "81.54", 14,
        {{"术后多久可以下地行走？", "一般术后第1至2天在康复师指导下扶助行器下地。"},
         {"假体能用多少年？", "多数患者可使用15至20年，与体重、活动量有关。"}},
        {"药物、理疗、关节腔注射等保守治疗"}});
  // Not fatal: the cover needs an insurer of the hospital on the procedure date (insurance's demo).
  (void)s.buy_cover(accounts::demo_context(dir, clock, "patient", "patient", ""), knee.record.id);
  // 2. A sealed cholecystectomy talk, then corrected by a later record (the date of the talk's
  //    alternatives was incomplete); both stay visible, the first marked corrected.
  RecordView first = talk(s, dir, clock,
                          {"doctor", "hospital1", "demo_patient07", "王建国", "17012340202", "51.23", 10,
                           {{"手术需要住院几天？", "一般术后2至3天出院。"}},
                           {}});
  auto surgeon = accounts::demo_context(dir, clock, "doctor", "clinician", "hospital1");
  RecordView fix = must(s.correct(surgeon, first.record.id), "correct");
  must(s.update_content(surgeon, fix.record.id,
                        {{{"手术需要住院几天？", "一般术后2至3天出院。"},
                          {"可以不做手术吗？", "可以先药物保守治疗，但结石引起反复发作或并发胰腺炎的风险较高。"}},
                         {"开腹胆囊切除术", "保守治疗（药物、饮食控制），定期随访"}}),
       "update correction");
  must(s.sign(surgeon, fix.record.id, "吴思齐"), "surgeon signs correction");
  auto patient2 = accounts::demo_context(dir, clock, "demo_patient07", "patient", "");
  for (const auto& k : fix.record.risks) must(s.acknowledge(patient2, fix.record.id, k.key), "acknowledge correction");
  must(s.sign(patient2, fix.record.id, "王建国"), "patient signs correction");
  // 3. A sealed caesarean section talk at the maternal and child hospital.
  talk(s, dir, clock,
       {"doctor2", "hospital2", "demo_patient08", "李静怡", "17012340203", "74.1", 7,
        {{"剖宫产后多久可以再次怀孕？", "建议间隔18个月以上，以降低子宫破裂风险。"}},
        {"继续阴道试产"}});
  // 4. A PCI talk the surgeon has signed, awaiting the demo patient's acknowledgements and signature.
  talk(s, dir, clock,
       {"doctor", "hospital1", "patient", "郑晓禾", "17012340001", "00.66", 5,
        {{"支架植入后需要吃多久的药？", "双联抗血小板治疗一般12个月，之后长期服用阿司匹林。"}},
        {"冠状动脉旁路移植术（搭桥）", "规范药物治疗"}, false});
}

}  // namespace medrisk::witnessing
