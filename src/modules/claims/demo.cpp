// Demo claims data (`medrisk serve --demo`, after disputes and compensation). First three years of history
// (issue 14): renewed policies of two hospitals and 40 claims with reserve revisions, advance and final
// payments, decisions, denials and withdrawals, played on a past clock from a fixed seed, so that the
// platform's triangles, dashboards and loss ratios have shape. Then claims on the demo hospitals'
// liability policies at every stage — open with materials outstanding, assessing with a reserve, a decision
// awaiting the claims supervisor, approved with a payment instructed (the bank has it, no answer yet), paid
// with its dispute case closed, denied with the refusal notice, and one whose decision deadline (保险法
// art. 23, 30 days) has passed. The claims supervisor `adjuster2` gets ¥5,000,000.00 of payment authority,
// `adjuster` ¥100,000.00 (data/claims/authority.json). People, amounts and bank accounts are invented.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <stdexcept>

#include "modules/claims/demo.hpp"
#include "modules/accounts/api.hpp"
#include "modules/claims/channel.hpp"
#include "platform/files.hpp"
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
    files::write_atomically(
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

// ---------------------------------------------------------------- three years of history (issue 14)

constexpr std::uint64_t kHistorySeed = 0x434C41494D533031ull;  // fixed: the same history on every start
constexpr int kHistoryClaims = 40;

// splitmix64 (the same sequence on every platform, unlike std distributions).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int in(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }

 private:
  std::uint64_t s_;
};

Date years_before(Date d, int years) {
  return *Date::from_ymd(d.year() - years, d.month(), d.month() == 2 && d.day() == 29 ? 28 : d.day());
}

Timestamp at_day(Date d, int minutes_after_nine) {
  return Timestamp::start_of_shanghai_day(d) + std::chrono::minutes(9 * 60 + minutes_after_nine);
}

// 明湖市妇幼保健院's previous three years' liability policies and 明湖市清溪社区卫生服务中心's last four, each
// bound on its first day (as the underwriter then) and renewed with the same retroactive date, so that
// the history's claims find cover on their notice days. Not 明湖市第一人民医院 (the officer's demo policies).
void bind_history_policies(insurance::InsuranceService& insurance, const modules::DemoDirectory& dir,
                           const Clock& clock, Date first_start, Date current_start) {
  struct Line {
    std::string hospital;
    int years_back;
    std::int64_t beds, limit_yuan;
  };
  std::vector<Line> lines;
  for (int k = 3; k >= 1; --k) lines.push_back({"hospital2", k, 300, 1'000'000});
  for (int k = 3; k >= 0; --k) lines.push_back({"hospital4", k, 60, 500'000});
  for (const auto& l : lines) {
    const Date start = years_before(current_start, l.years_back);
    ManualClock then(at_day(start, 0));
    RequestContext ctx = accounts::demo_context(dir, then, "underwriter", "underwriter", "insurer1");
    insurance::QuoteRequest q;
    q.input.product_code = "institution_liability";
    q.insured_org_id = dir.organizations.at(l.hospital);
    q.period_start = start;
    q.retroactive_date = first_start.add_days(-365);
    q.input.institution = insurance::InstitutionExposure{"", "", l.beds};
    q.input.experience = {3, Money::from_fen(l.beds * 60000)};
    q.input.per_incident_limit_fen = yuan(l.limit_yuan);
    q.input.deductible_fen = yuan(1'000);
    auto quote = must(insurance.create_quote(ctx, q), "history quote");
    must(insurance.bind(ctx, {quote.id, {0, 10000, 0},
                              {{dir.organizations.at("insurer1"), 6000}, {dir.organizations.at("insurer2"), 4000}}}),
         "history bind");
  }
  (void)clock;
}

// One claim's life on the past clock: reserved on notice, materials complete some weeks later, reserve
// revisions and advance payments (保险法 art. 25) every few months, and — for claims noticed a year or
// more ago — a decision (approve, deny or withdrawal) and the final payment. The bank confirms every
// instruction on the day (the demo plays the bank through the file channel).
class ClaimHistory {
 public:
  ClaimHistory(ClaimsService& claims, ManualClock& sim, const modules::DemoDirectory& dir,
               const std::filesystem::path& bank_dir, Date today, Timestamp now)
      : claims_(claims), sim_(sim), bank_dir_(bank_dir), today_(today), now_(now), rng_(kHistorySeed),
        handler_(accounts::demo_context(dir, sim, "adjuster2", "adjuster", "insurer1")) {}

  Rng& rng() { return rng_; }

  bool set_day(Date d) {
    if (d >= today_) return false;
    Timestamp t = at_day(d, rng_.in(0, 8 * 60));
    if (t < last_) t = last_ + std::chrono::minutes(1);
    if (t > now_ - std::chrono::minutes(5)) return false;
    last_ = t;
    sim_.set(t);
    return true;
  }

  void play(std::int64_t policy_id, std::int64_t patient, Date incident, Date notice, int n) {
    last_ = Timestamp();
    set_day(notice);
    auto c = must(claims_.file_claim(handler_, claims::notice(policy_id, patient, incident, notice)), "history claim");
    const std::int64_t id = c.c.id;
    const Money limit = c.c.per_incident_limit_fen;
    Money reserve = yuan(rng_.in(15, 240) * 1'000);
    must(claims_.set_reserve(handler_, id, {reserve, "报案估损", std::nullopt}), "history reserve");
    Date day = notice.add_days(rng_.in(7, 40));
    if (!set_day(day)) return;
    must(claims_.materials_complete(handler_, id), "history materials");
    Money paid = Money::zero();
    const bool settle = today_ - notice >= 360;
    const Date settle_on = notice.add_days(rng_.in(300, 700));
    int payments = 0;
    for (;;) {
      day = day.add_days(rng_.in(45, 160));
      if (settle && day >= settle_on) break;
      if (!set_day(day)) return;
      if (rng_.in(0, 2) != 0) {
        // A revision of the estimate: 60 %–160 % of the outstanding, within the limit.
        Money next = Money::from_fen(reserve.fen() * rng_.in(60, 160) / 100 / 10'000 * 10'000);
        if (paid + next > limit) next = limit - paid;
        if (next != reserve && next > Money::zero()) {
          must(claims_.set_reserve(handler_, id, {next, "根据治疗进展调整估损", std::nullopt}), "history revision");
          reserve = next;
        }
      } else if (reserve >= yuan(2'000)) {
        Money advance = Money::from_fen(reserve.fen() * rng_.in(20, 50) / 100 / 10'000 * 10'000);
        pay(id, "advance", advance, n, ++payments);
        paid += advance;
        reserve -= advance;
      }
    }
    if (!settle || !set_day(settle_on)) return;
    const int outcome = rng_.in(0, 19);
    if (outcome == 0) {
      if (payments == 0) must(claims_.withdraw(handler_, id, "患方撤回索赔，已与医院自行和解"), "history withdrawal");
      return;
    }
    if (outcome <= 2 && payments == 0) {
      must(claims_.decide(handler_, id, {"deny", std::nullopt, {"excluded_cause"}, "经核查属保单除外责任"}),
           "history denial");
      return;
    }
    // Approved at about the last estimate (the deductible comes off), then the rest is paid.
    Money assessed = paid + Money::from_fen(reserve.fen() * rng_.in(80, 120) / 100 / 10'000 * 10'000) + yuan(1'000);
    auto decided = must(claims_.decide(handler_, id, {"approve", assessed, {}, "责任明确，按核定金额赔付"}), "history decision");
    if (!decided.c.payable_fen || *decided.c.payable_fen <= paid) return;
    if (!set_day(settle_on.add_days(rng_.in(2, 9)))) return;
    pay(id, "final", *decided.c.payable_fen - paid, n, ++payments);
  }

 private:
  void pay(std::int64_t id, const char* kind, Money amount, int n, int k) {
    auto p = claims::payment("demo-history-" + std::to_string(n) + "-" + std::to_string(k), amount,
                             "62305800" + std::to_string(10'000'000 + n * 10 + k));
    p.kind = kind;
    auto made = must(claims_.instruct_payment(handler_, id, p), "history payment");
    bank_takes(bank_dir_, made.payment.reference, true);
    claims_.poll_bank();
  }

  ClaimsService& claims_;
  ManualClock& sim_;
  std::filesystem::path bank_dir_;
  Date today_;
  Timestamp now_;
  Rng rng_;
  RequestContext handler_;
  Timestamp last_;
};

// Claims of the last three years (accident years back to three calendar years ago) on the history
// policies, for the invented patients of the disputes history (dir.users demo_patient01…): filed by the
// claims supervisor on their notice days, oldest first.
int seed_history_claims(insurance::InsuranceService& insurance, const modules::DemoDirectory& dir,
                        const Clock& clock, const ClaimsServiceAt& claims_at, const std::filesystem::path& bank_dir) {
  const Date today = clock.today();
  const Date current_start = today.add_days(-30);  // the insurance demo's policies in force (demo_insurance.cpp)
  const Date first_start = years_before(current_start, 3);
  bind_history_policies(insurance, dir, clock, first_start, current_start);
  ManualClock sim(at_day(first_start, 0));
  auto past = claims_at(sim);
  ClaimHistory history(*past, sim, dir, bank_dir, today, clock.now());
  struct Planned {
    std::string hospital;
    Date incident, notice;
    std::int64_t patient;
  };
  std::vector<Planned> plan;
  std::vector<std::int64_t> patients;
  for (const auto& [name, id] : dir.users)
    if (name.rfind("demo_patient", 0) == 0) patients.push_back(id);
  if (patients.empty()) patients.push_back(dir.users.at("patient"));
  for (int i = 0; i < kHistoryClaims; ++i) {
    Date incident = today.add_days(-history.rng().in(25, 1300));
    Date notice = incident.add_days(history.rng().in(3, 120));
    if (notice <= first_start) notice = first_start.add_days(history.rng().in(1, 60));
    if (notice >= today.add_days(-3)) notice = today.add_days(-3);
    plan.push_back({i % 2 ? "hospital2" : "hospital4", incident, notice, patients[static_cast<std::size_t>(i) % patients.size()]});
  }
  std::stable_sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.notice < b.notice; });
  int n = 0;
  for (const auto& p : plan) {
    auto policy = insurance.find_policy_in_force(dir.organizations.at(p.hospital), 0, p.incident, p.notice);
    if (!policy) continue;  // a notice on a renewal's gap day: left out
    history.play(policy->policy_id, p.patient, p.incident, p.notice, ++n);
  }
  return n;
}

}  // namespace

void seed_demo_claims(claims::ClaimsService& claims, insurance::InsuranceService& insurance,
                      disputes::DisputesService& disputes, const modules::DemoDirectory& dir, const Clock& clock,
                      const ClaimsServiceAt& claims_at, const std::filesystem::path& bank_dir) {
  claims.set_authority_as_system(dir.users.at("adjuster"), yuan(100'000));
  claims.set_authority_as_system(dir.users.at("adjuster2"), yuan(5'000'000));
  // Three years of claims first, so that today's showcase claims below stay the newest.
  const auto started = std::chrono::steady_clock::now();
  const int history = seed_history_claims(insurance, dir, clock, claims_at, bank_dir);
  const auto history_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

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

  spdlog::info("demo mode: seeded {} claims of the last three years with reserve changes and payments (in {} ms), and "
               "7 claims (open, assessing, awaiting approval, approved, paid, denied, overdue)",
               history, history_ms);
}

}  // namespace medrisk::claims
