// Demo disputes data (`medrisk serve --demo`): a complaint and dispute cases of the fictitious
// 明湖市第一人民医院 at several stages — just filed, under appraisal (clock paused), in mediation with a
// session and offers, and a death case awaiting acceptance. Every person and event here is invented.
// Three years of history come first, from demo_history.cpp (seed_demo_history).
#include <spdlog/spdlog.h>

#include <stdexcept>

#include "modules/disputes/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/disputes/api.hpp"

namespace medrisk::disputes {
namespace {

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string("demo disputes: ") + what + ": " + r.error().code);
  return std::move(r).value();
}

disputes::TransitionRequest step(std::string action) {
  disputes::TransitionRequest t;
  t.action = std::move(action);
  return t;
}

}  // namespace

void seed_demo_case_one(disputes::DisputesService& s, const modules::DemoDirectory& dir, const Clock& clock) {
  auto patient = accounts::demo_context(dir, clock, "patient", "patient", "");
  auto filed = must(s.file_case(patient, {std::nullopt, dir.organizations.at("hospital1"), std::nullopt, "other_harm", "骨科",
                                          "右胫骨骨折内固定术后复查见固定位置不良，未及时处理，后骨不连二次手术。",
                                          clock.today().add_days(-20), std::nullopt, Money::from_fen(800'000),
                                          std::nullopt}),
                    "filed case");
  if (filed.c.id != 1) spdlog::warn("demo disputes: the first demo case is #{}, not case 1", filed.c.id);
}

void seed_demo_disputes(disputes::DisputesService& s, const modules::DemoDirectory& dir, const Clock& clock) {
  auto patient = accounts::demo_context(dir, clock, "patient", "patient", "");
  auto officer = accounts::demo_context(dir, clock, "officer", "medical_officer", "hospital1");
  auto mediator = accounts::demo_context(dir, clock, "mediator", "mediator", "committee");
  std::int64_t hospital = dir.organizations.at("hospital1");
  Date today = clock.today();

  must(s.file_complaint(patient, {std::nullopt, hospital, "service_attitude", "门诊部",
                                  "周二上午在骨科门诊候诊三个多小时，分诊台未作任何说明。", today.add_days(-3), false}),
       "complaint");

  auto appraisal = must(s.file_case(officer, {dir.users.at("patient"), hospital, std::nullopt, "disability", "普外科",
                                              "腹腔镜胆囊切除术后胆漏，二次手术，患方主张遗留伤残。", today.add_days(-60),
                                              std::nullopt, Money::from_fen(18'000'000), std::nullopt}),
                        "appraisal case");
  auto accept = step("accept");
  accept.channel = "people_mediation";
  must(s.transition(mediator, appraisal.c.id, accept), "accept");
  must(s.transition(mediator, appraisal.c.id, step("start_investigation")), "investigate");
  must(s.transition(mediator, appraisal.c.id, step("request_appraisal")), "appraisal");

  auto mediation = must(s.file_case(patient, {std::nullopt, hospital, std::nullopt, "other_harm", "产科",
                                              "分娩时会阴侧切伤口感染，住院延长九天。", today.add_days(-45), std::nullopt,
                                              Money::from_fen(2'500'000), std::nullopt}),
                        "mediation case");
  must(s.transition(mediator, mediation.c.id, accept), "accept");
  must(s.transition(mediator, mediation.c.id, step("start_investigation")), "investigate");
  must(s.transition(mediator, mediation.c.id, step("start_mediation")), "mediate");
  disputes::MediationSession session;
  session.scheduled_at = clock.now().to_iso_utc();
  session.place = "明湖市医疗纠纷人民调解委员会 第二调解室";
  session.attendees = {"患方 郑晓禾", "医方 周明远", "调解员 何静安"};
  session.minutes = "双方陈述事实；医方认可护理记录不完整。";
  session.offers = {{"patient_side", Money::from_fen(2'500'000), "首次主张"},
                    {"provider", Money::from_fen(1'200'000), "医方还价"},
                    {"patient_side", Money::from_fen(1'800'000), "患方让步"}};
  session.outcome = "continued";
  must(s.add_session(mediator, mediation.c.id, session), "session");
  must(s.set_consent(patient, mediation.c.id, "mediator", true), "consent");
  // Decree 701 art. 24: the records sealed with both parties present, anchored in the platform ledger.
  disputes::RecordEventInput sealing;
  sealing.kind = "record_sealing";
  sealing.at = clock.now() - std::chrono::hours(2);
  sealing.present = {"患方 郑晓禾", "医方 周明远"};
  sealing.records = {"住院病历（第1-86页）", "手术记录及分娩记录", "护理记录单", "会阴伤口换药记录"};
  sealing.note = "病历复印件一式两份，原件封存于医务科。";
  must(s.record_event(officer, mediation.c.id, sealing), "record sealing");

  Timestamp death = clock.now() - std::chrono::hours(20);
  must(s.file_case(officer, {dir.users.at("patient"), hospital, std::nullopt, "death", "心内科",
                             "患者家属对急性心梗抢救过程有异议，要求尸检。", death.shanghai_date(), death.to_iso_utc(),
                             Money::from_fen(90'000'000), std::nullopt}),
       "death case");
  spdlog::info("demo mode: seeded 1 complaint and 4 dispute cases (case 1 before the history)");
}

}  // namespace medrisk::disputes
