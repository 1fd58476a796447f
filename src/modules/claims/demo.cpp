// Demo claims data (`medrisk serve --demo`, after disputes and compensation): claims on the demo hospitals'
// liability policies at every stage — open with materials outstanding, assessing with a reserve, a decision
// awaiting the claims supervisor, approved with a payment instructed (the bank has it, no answer yet), paid
// with its dispute case closed, denied with the refusal notice, and one whose decision deadline (保险法
// art. 23, 30 days) has passed. The claims supervisor `adjuster2` gets ¥5,000,000.00 of payment authority,
// `adjuster` ¥100,000.00 (data/claims/authority.json). People, amounts and bank accounts are invented.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <stdexcept>

#include "modules/claims/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/claims/channel.hpp"
#include "modules/claims/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/insurance/api.hpp"

namespace medrisk::claims {
namespace {

template <class T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) throw std::runtime_error(std::string("demo claims: ") + what + ": " + r.error().code);
  return std::move(r).value();
}

Money yuan(std::int64_t y) {
  return Money::from_fen(y * 100);
}

// Plays the bank for one instruction: takes it from outbox/ (as the bank does when it picks it up) and,
// when `answer` is set, writes its confirmation into inbox/ for the claims service to poll.
void bank_takes(const std::filesystem::path& bank_dir, const std::string& reference, bool answer) {
  namespace fs = std::filesystem;
  fs::create_directories(bank_dir / "outbox" / "done");
  fs::create_directories(bank_dir / "inbox");
  std::string name = reference + ".json";
  std::error_code ec;
  if (fs::exists(bank_dir / "outbox" / name))
    fs::rename(bank_dir / "outbox" / name, bank_dir / "outbox" / "done" / name, ec);
  if (ec) throw std::runtime_error("demo claims: cannot move instruction " + reference + ": " + ec.message());
  if (answer)
    claims::write_file_atomically(
        bank_dir / "inbox" / name,
        nlohmann::json{
            {"reference", reference}, {"status", "confirmed"}, {"bank_transaction_id", "MHRCB-DEMO-" + reference}}
                .dump() +
            "\n");
}

struct Actors {
  RequestContext patient, officer, mediator, adjuster;
};

// A dispute case of 明湖市第一人民医院 taken to a signed agreement whose insurer line is `insurer_part`,
// with every required claim material uploaded by the patient and accepted by the adjuster.
std::int64_t case_with_agreement(disputes::DisputesService& s, const Actors& a, std::int64_t hospital, Date today,
                                 Money insurer_part) {
  auto filed = must(s.file_case(a.patient, {std::nullopt, hospital, std::nullopt, "other_harm", "眼科",
                                            "白内障术后眼内炎，延误处理，视力下降，住院十二天。", today.add_days(-70),
                                            std::nullopt, Money::from_fen(insurer_part.fen() * 3 / 2), std::nullopt}),
                    "paid case");
  std::int64_t id = filed.c.id;
  disputes::TransitionRequest accept;
  accept.action = "accept";
  accept.channel = "people_mediation";
  must(s.transition(a.mediator, id, accept), "accept");
  must(s.set_consent(a.patient, id, "adjuster", true), "consent");
  must(s.set_consent(a.patient, id, "mediator", true), "consent");
  auto checklist = must(s.materials(a.patient, id), "materials");
  for (const auto& item : checklist.items) {
    if (!item.item.required) continue;
    must(s.upload(a.patient, id, item.item.id, item.item.id + ".pdf", "application/pdf",
                  "%PDF-1.7\n% demo document (invented): " + item.item.id + "\n"),
         "upload");
    must(s.review_material(a.adjuster, id, item.item.id, true, std::nullopt), "review");
  }
  for (const char* step : {"start_investigation", "start_mediation"}) {
    disputes::TransitionRequest t;
    t.action = step;
    must(s.transition(a.mediator, id, t), step);
  }
  disputes::AgreementInput agreement{insurer_part, {{"insurer", insurer_part}}};
  must(s.draft_agreement(a.mediator, id, agreement), "agreement");
  must(s.sign_agreement(a.patient, id, "郑晓禾"), "patient signature");
  must(s.sign_agreement(a.officer, id, "周明远"), "provider signature");
  disputes::TransitionRequest reach;
  reach.action = "reach_agreement";
  must(s.transition(a.mediator, id, reach), "reach agreement");
  return id;
}

claims::NewClaim notice(std::int64_t policy_id, std::int64_t patient, Date incident, Date noticed) {
  claims::NewClaim n;
  n.policy_id = policy_id;
  n.patient_user_id = patient;
  n.incident_date = incident;
  n.notice_date = noticed;
  return n;
}

claims::NewPayment payment(const std::string& key, Money amount, const std::string& number) {
  claims::NewPayment p;
  p.idempotency_key = key;
  p.kind = "final";
  p.amount_fen = amount;
  p.payee = "patient";
  p.account = {"郑晓禾", "明湖农村商业银行", number};
  return p;
}

claims::DecisionInput approve(Money assessed, std::string note) {
  return {"approve", assessed, {}, std::move(note)};
}

}  // namespace

void seed_demo_claims(claims::ClaimsService& claims, insurance::InsuranceService& insurance,
                      disputes::DisputesService& disputes, const modules::DemoDirectory& dir, const Clock& clock,
                      const ClaimsServiceAt& claims_at, const std::filesystem::path& bank_dir) {
  claims.set_authority_as_system(dir.users.at("adjuster"), yuan(100'000));
  claims.set_authority_as_system(dir.users.at("adjuster2"), yuan(5'000'000));

  Actors a{accounts::demo_context(dir, clock, "patient", "patient", ""),
           accounts::demo_context(dir, clock, "officer", "medical_officer", "hospital1"),
           accounts::demo_context(dir, clock, "mediator", "mediator", "committee"),
           accounts::demo_context(dir, clock, "adjuster", "adjuster", "insurer1")};
  const std::int64_t patient = dir.users.at("patient");
  const Date today = clock.today();
  auto policy_of = [&](const std::string& hospital) {
    auto p = insurance.find_policy_in_force(dir.organizations.at(hospital), 0, today.add_days(-60), today);
    if (!p) throw std::runtime_error("demo claims: no demo policy for " + hospital);
    return p->policy_id;
  };

  // Open: notice received, materials outstanding, a first estimate reserved.
  auto open = must(
      claims.file_claim(a.adjuster, notice(policy_of("hospital2"), patient, today.add_days(-25), today.add_days(-6))),
      "open claim");
  must(claims.set_reserve(a.adjuster, open.c.id, {yuan(30'000), "报案估损（待补材料）", std::nullopt}), "open reserve");

  // Assessing: materials complete, the 30-day decision clock runs; reserve set.
  auto assessing = must(
      claims.file_claim(a.adjuster, notice(policy_of("hospital3"), patient, today.add_days(-40), today.add_days(-20))),
      "assessing claim");
  must(claims.materials_complete(a.adjuster, assessing.c.id), "assessing materials");
  must(claims.set_reserve(a.adjuster, assessing.c.id, {yuan(80'000), "材料齐全，按伤情估损", std::nullopt}),
       "assessing reserve");

  // Awaiting approval: ¥259,000.00 payable (¥260,000.00 less the ¥1,000.00 deductible) is above the
  // adjuster's ¥100,000.00; the claims supervisor decides.
  auto waiting = must(
      claims.file_claim(a.adjuster, notice(policy_of("hospital2"), patient, today.add_days(-50), today.add_days(-25))),
      "awaiting claim");
  must(claims.materials_complete(a.adjuster, waiting.c.id), "awaiting materials");
  must(claims.set_reserve(a.adjuster, waiting.c.id, {yuan(260'000), "新生儿臂丛神经损伤，按评估金额", std::nullopt}),
       "awaiting reserve");
  must(claims.decide(a.adjuster, waiting.c.id, approve(yuan(260'000), "建议按评估金额赔付，超出本人权限")),
       "awaiting decision");

  // Approved with a payment instructed: the bank has taken the instruction and not answered yet.
  auto approved = must(
      claims.file_claim(a.adjuster, notice(policy_of("hospital3"), patient, today.add_days(-45), today.add_days(-28))),
      "approved claim");
  must(claims.materials_complete(a.adjuster, approved.c.id), "approved materials");
  must(claims.set_reserve(a.adjuster, approved.c.id, {yuan(45'000), "针灸断针残留取出术，按票据", std::nullopt}),
       "approved reserve");
  auto fixed = must(claims.decide(a.adjuster, approved.c.id, approve(yuan(45'000), "责任明确，按票据赔付")),
                    "approved decision");
  auto instructed = must(claims.instruct_payment(a.adjuster, approved.c.id,
                                                 payment("demo-approved-1", *fixed.c.payable_fen, "6230580000002469")),
                         "instructed payment");
  bank_takes(bank_dir, instructed.payment.reference, false);

  // Paid: a mediated case of hospital1 whose agreement opened the claim; paid in full, the case closes.
  std::int64_t case_id = case_with_agreement(disputes, a, dir.organizations.at("hospital1"), today, yuan(36'000));
  auto from_case = must(claims.open_from_case(case_id, "agreement"), "claim from case");
  if (!from_case) throw std::runtime_error("demo claims: the paid case found no policy");
  std::int64_t paid_id = from_case->c.id;
  must(claims.set_reserve(a.adjuster, paid_id, {yuan(35'000), "按调解协议（扣除免赔额）", std::nullopt}),
       "paid reserve");
  auto agreed =
      must(claims.decide(a.adjuster, paid_id, {"approve", std::nullopt, {}, "按调解协议赔付"}), "paid decision");
  auto paying = must(
      claims.instruct_payment(a.adjuster, paid_id, payment("demo-paid-1", *agreed.c.payable_fen, "6230580000001230")),
      "paid payment");
  bank_takes(bank_dir, paying.payment.reference, true);
  claims.poll_bank();

  // Denied: the cause is excluded; the refusal notice goes out with the decision (art. 24).
  auto denied = must(
      claims.file_claim(a.adjuster, notice(policy_of("hospital1"), patient, today.add_days(-35), today.add_days(-15))),
      "denied claim");
  must(claims.materials_complete(a.adjuster, denied.c.id), "denied materials");
  must(claims.decide(a.adjuster, denied.c.id,
                     {"deny", std::nullopt, {"excluded_cause"}, "医疗美容项目，属保单除外责任"}),
       "denied decision");

  // Overdue: noticed under hospital3's previous year's policy (demo_insurance.cpp); the materials were
  // complete 60 days ago and no decision followed — the 30-day deadline has passed. Handled then, by the
  // service on that day's clock.
  auto previous =
      insurance.find_policy_in_force(dir.organizations.at("hospital3"), 0, today.add_days(-150), today.add_days(-70));
  if (!previous) throw std::runtime_error("demo claims: no previous year's policy for hospital3 (demo_insurance.cpp)");
  ManualClock then(clock.now() - std::chrono::hours(24 * 60));
  auto past = claims_at(then);
  RequestContext adjuster_then = a.adjuster;
  adjuster_then.clock = &then;
  auto late = must(
      past->file_claim(adjuster_then, notice(previous->policy_id, patient, today.add_days(-150), today.add_days(-70))),
      "overdue claim");
  must(past->materials_complete(adjuster_then, late.c.id), "overdue materials");
  must(past->set_reserve(adjuster_then, late.c.id, {yuan(120'000), "手术部位错误，待核定", std::nullopt}),
       "overdue reserve");

  spdlog::info("demo mode: seeded 7 claims (open, assessing, awaiting approval, approved, paid, denied, overdue)");
}

}  // namespace medrisk::claims
