// Claims on a real database (SQLite and PostgreSQL) with a manual clock: the Insurance Law clock
// (30-day decision, 60-day advance payment, 10-day payment, 3-day refusal notice) on the days it
// fires, reminders written once, auto-opening from a case exactly once, the duplicate notice, the
// authority limit with a supervisor's approval, idempotent payments and a ledger that balances.
#include <soci/soci.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "modules/claims/api.hpp"
#include "modules/claims/policy_notices.hpp"
#include "modules/insurance/api.hpp"
#include "platform/db/coordination.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::claims;

Timestamp at(const char* day) {
  return Timestamp::start_of_shanghai_day(D(day)) + std::chrono::hours(10);
}

// The disputes port: one case whose facts the test sets, and a count of settlements.
class FakeCases final : public CaseSource {
 public:
  std::optional<disputes::CaseForClaim> facts;
  int settled = 0;
  std::optional<disputes::CaseForClaim> find(db::Tx&, std::int64_t id) override {
    if (facts && facts->case_id == id) return facts;
    return std::nullopt;
  }
  Status settle(db::Tx&, std::int64_t) override {
    ++settled;
    return {};
  }
};

class ClaimsStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override {
    return migrations_of({insurance::module_spec(), claims::module_spec()});
  }
  void SetUp() override {
    StoreTest::SetUp();
    clock.set(at("2026-03-02"));
    hospital = org("明湖测试第一医院", "medical_institution", "general", "3A");
    insurer = org("测试安和保险", "insurer");
    follower = org("测试康泰保险", "insurer");
    outsider = org("测试远方保险", "insurer");
    underwriter = user("uw1", "underwriter", insurer);
    adjuster = user("adj1", "adjuster", insurer);
    supervisor = user("adj2", "adjuster", insurer);
    outsider_adjuster = user("adj3", "adjuster", outsider);
    patient = user("patient1", "patient", 0);
    insurance = std::make_unique<insurance::InsuranceService>(
        *db, clock, *accounts, insurance::load_products("data/products"), insurance::load_rating_table("data/rating"));
    insurance->set_claim_notices(&notices);
    calendar = *WorkingCalendar::load("data/calendar/cn-holidays.json");
    bank_dir = temp_dir("claims-bank");
    channel = std::make_unique<FileBankChannel>(bank_dir);
    service = std::make_unique<ClaimsService>(*db, keys, clock, calendar, load_params("data/claims"), *insurance,
                                              &cases, *channel);
    policy_id = bind_policy();
  }

  std::int64_t bind_policy() {
    // Quoted and bound on its first day (no backdated cover, data/rating backdating_grace).
    Timestamp now = clock.now();
    clock.set(at("2026-01-01"));
    insurance::QuoteRequest q;
    q.input.product_code = "institution_liability";
    q.insured_org_id = hospital;
    q.period_start = D("2026-01-01");
    q.retroactive_date = D("2025-01-01");
    q.input.institution = insurance::InstitutionExposure{"", "", 800};
    q.input.per_incident_limit_fen = Y(1'500'000);
    q.input.deductible_fen = Y(1'000);
    auto quote = insurance->create_quote(underwriter, q);
    EXPECT_TRUE(quote.ok()) << quote.error().code;
    auto p = insurance->bind(underwriter, {quote->id, {3000, 5000, 2000}, {{insurer, 6000}, {follower, 4000}}});
    EXPECT_TRUE(p.ok()) << p.error().code;
    clock.set(now);
    return p->id;
  }

  ClaimView file(const char* incident = "2026-02-20") {
    NewClaim n;
    n.policy_id = policy_id;
    n.patient_user_id = patient.actor.user_id;
    n.incident_date = D(incident);
    n.notice_date = clock.today();
    auto c = service->file_claim(adjuster, n);
    EXPECT_TRUE(c.ok()) << c.error().code << " " << c.error().detail;
    return *c;
  }
  ClaimView ok(Result<ClaimView> r) {
    EXPECT_TRUE(r.ok()) << r.error().code << " " << r.error().detail;
    return *r;
  }
  static const DeadlineView& deadline(const ClaimView& v, const std::string& id) {
    for (const auto& d : v.deadlines)
      if (d.id == id) return d;
    throw std::runtime_error("no deadline " + id);
  }
  NewPayment payment(const std::string& key, const char* kind, Money amount) {
    return NewPayment{key, kind, amount, std::nullopt, {"郑测试", "示例银行明湖支行", "6222000011112222"}};
  }
  void bank_answers(const Payment& p, const char* status = "confirmed") {
    std::ofstream(bank_dir / "inbox" / (p.reference + ".json")) << nlohmann::json{
        {"reference", p.reference},
        {"status", status},
        {"bank_transaction_id", "T-" + p.reference}}.dump();
  }
  TrialBalance balance() { return *service->trial_balance(adjuster); }

  std::int64_t hospital = 0, insurer = 0, follower = 0, outsider = 0, policy_id = 0;
  RequestContext underwriter, adjuster, supervisor, outsider_adjuster, patient;
  std::unique_ptr<insurance::InsuranceService> insurance;
  WorkingCalendar calendar;
  std::filesystem::path bank_dir;
  std::unique_ptr<FileBankChannel> channel;
  FakeCases cases;
  PolicyClaimNotices notices;
  std::unique_ptr<ClaimsService> service;
};

TEST_F(ClaimsStore, DecisionClockThirtyDaysThenAdvancePaymentSixtyDays) {
  auto c = file();
  c = ok(service->materials_complete(adjuster, c.c.id));  // 2026-03-02
  EXPECT_EQ(deadline(c, "insurer_decision").due, "2026-04-01");
  EXPECT_EQ(deadline(c, "insurer_advance_payment").due, "2026-05-06") << "05-01 is Labour Day: rolled to Wed 05-06";
  clock.set(at("2026-04-01"));
  EXPECT_EQ(service->remind_overdue(), 0) << "the 30th day is still in time";
  clock.set(at("2026-04-02"));
  EXPECT_EQ(service->remind_overdue(), 1);
  EXPECT_EQ(service->remind_overdue(), 0) << "one reminder per deadline";
  ClaimFilter overdue;
  overdue.overdue_only = true;
  EXPECT_EQ(service->list(adjuster, overdue)->size(), 1u);
  clock.set(at("2026-05-06"));
  EXPECT_EQ(service->remind_overdue(), 0);
  clock.set(at("2026-05-07"));
  EXPECT_EQ(service->remind_overdue(), 1) << "art. 25: the advance payment is now overdue";
  // The determinable part is paid in advance: the art. 25 deadline is met.
  ok(service->set_reserve(adjuster, c.c.id, {Y(20'000), "treatment costs documented", std::nullopt}));
  auto p = service->instruct_payment(adjuster, c.c.id, payment("adv-1", "advance", Y(20'000)));
  ASSERT_TRUE(p.ok()) << p.error().code;
  bank_answers(p->payment);
  EXPECT_EQ(service->poll_bank().confirmed, 1);
  c = *service->get(adjuster, c.c.id);
  EXPECT_EQ(c.c.state, "assessing");
  EXPECT_EQ(c.c.paid_fen, Y(20'000));
  EXPECT_EQ(c.c.outstanding_fen, Money::zero());
  EXPECT_EQ(deadline(c, "insurer_advance_payment").met_on, "2026-05-07");
  EXPECT_FALSE(deadline(c, "insurer_advance_payment").overdue);
  EXPECT_TRUE(balance().balanced);
  EXPECT_EQ(balance().debit_fen, Y(20'000));
}

TEST_F(ClaimsStore, TheBankChannelReadsConfirmationsOldestFirst) {
  // A backlog longer than one poll: the oldest answers come first, whatever their names (by name PAY-999
  // sorted after PAY-1000 and waited for as long as a backlog of longer names did).
  namespace fs = std::filesystem;
  auto answer = [&](const std::string& reference, int seconds_ago) {
    fs::path f = bank_dir / "inbox" / (reference + ".json");
    std::ofstream(f) << nlohmann::json{{"reference", reference}, {"status", "confirmed"}}.dump();
    fs::last_write_time(f, fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
  };
  answer("PAY-1000-1", 10);
  answer("PAY-999-1", 30);
  answer("PAY-1001-1", 20);
  std::vector<std::string> order;
  for (int poll = 0; poll < 3; ++poll) {
    auto got = channel->receive(1);
    ASSERT_EQ(got.size(), 1u);
    order.push_back(got[0].reference);
    channel->done(got[0]);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"PAY-999-1", "PAY-1001-1", "PAY-1000-1"}));
  EXPECT_TRUE(channel->receive(10).empty());
}

TEST_F(ClaimsStore, DeadlineRemindersRunOnOneServerAtATime) {
  if (db->dialect() != db::Dialect::postgresql) GTEST_SKIP() << "one process on SQLite";
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  clock.set(at("2026-04-02"));
  // Another server is in the middle of its run: it holds the reminders' lock in its transaction.
  auto other = db::Database::open(url, db::DatabaseOptions{1});
  std::atomic<bool> held{false}, done{false};
  std::thread running([&] {
    other->write([&](db::Tx& tx) {
      EXPECT_TRUE(db::try_advisory_xact_lock(tx, "claims.deadline_reminders"));
      held = true;
      while (!done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
  });
  while (!held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(service->remind_overdue(), 0) << "skipped while the other server runs";
  done = true;
  running.join();
  EXPECT_EQ(service->remind_overdue(), 1);
  EXPECT_EQ(service->remind_overdue(), 0) << "one reminder per deadline";
}

TEST_F(ClaimsStore, PaymentWithinTenDaysOfTheDecisionAcrossNationalDay) {
  clock.set(at("2026-09-01"));
  auto c = file("2026-08-20");
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(50'000), "agreed figures", std::nullopt}));
  clock.set(at("2026-09-21"));
  c = ok(service->decide(adjuster, c.c.id, {"approve", Y(51'000), {}, "liability accepted"}));
  EXPECT_EQ(c.c.state, "approved");
  EXPECT_EQ(*c.c.payable_fen, Y(50'000)) << "the 1,000 CNY deductible comes off";
  EXPECT_EQ(deadline(c, "insurer_decision").met_on, "2026-09-21");
  EXPECT_EQ(deadline(c, "insurer_payment_after_agreement").due, "2026-10-08");
  clock.set(at("2026-10-08"));
  EXPECT_EQ(service->remind_overdue(), 0);
  clock.set(at("2026-10-09"));
  EXPECT_EQ(service->remind_overdue(), 1);
  auto p = service->instruct_payment(adjuster, c.c.id, payment("final-1", "final", Y(50'000)));
  ASSERT_TRUE(p.ok()) << p.error().code;
  bank_answers(p->payment);
  service->poll_bank();
  c = *service->get(adjuster, c.c.id);
  EXPECT_EQ(c.c.state, "paid");
  EXPECT_EQ(deadline(c, "insurer_payment_after_agreement").met_on, "2026-10-09");
  // 60 % / 40 % between the lead and the follower, every fen booked twice.
  ASSERT_EQ(c.shares.size(), 2u);
  EXPECT_EQ(c.shares[0].paid_fen + c.shares[1].paid_fen, Y(50'000));
  auto tb = balance();
  EXPECT_TRUE(tb.balanced);
  EXPECT_EQ(tb.debit_fen, Y(50'000));
  EXPECT_EQ(tb.accounts.size(), 4u);
}

TEST_F(ClaimsStore, RefusalNoticeGoesOutWithTheDenial) {
  clock.set(at("2026-02-05"));
  auto c = file("2026-01-20");
  ok(service->materials_complete(adjuster, c.c.id));
  clock.set(at("2026-02-12"));
  c = ok(service->decide(adjuster, c.c.id, {"deny", std::nullopt, {"excluded_cause"}, "cosmetic procedure"}));
  EXPECT_EQ(c.c.state, "denied");
  EXPECT_EQ(deadline(c, "insurer_refusal_notice").due, "2026-02-24") << "02-15 falls in the Spring Festival break";
  EXPECT_EQ(deadline(c, "insurer_refusal_notice").met_on, "2026-02-12");
  clock.set(at("2026-03-30"));
  EXPECT_EQ(service->remind_overdue(), 0);
  auto wrong = service->decide(adjuster, c.c.id, {"deny", std::nullopt, {"excluded_cause"}, ""});
  EXPECT_EQ(wrong.error().code, "claim_action_not_allowed_in_state");
}

TEST_F(ClaimsStore, OpensFromACaseExactlyOnce) {
  disputes::CaseForClaim k;
  k.case_id = 42;
  k.state = "agreement";
  k.policy_id = policy_id;
  k.insurer_org_id = insurer;
  k.institution_org_id = hospital;
  k.patient_user_id = patient.actor.user_id;
  k.incident_date = D("2026-02-01");
  k.filed_on = "2026-02-10";
  k.materials_complete = true;
  k.agreement_insurer_fen = Y(80'000);
  cases.facts = k;
  auto first = service->open_from_case(42, "agreement");
  ASSERT_TRUE(first.ok() && first->has_value()) << (first.ok() ? "" : first.error().code);
  auto again = service->open_from_case(42, "agreement");
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*first)->c.id, (*again)->c.id);
  EXPECT_EQ((*first)->c.state, "assessing") << "the case's materials are complete";
  EXPECT_EQ(*(*first)->c.materials_complete_on, "2026-03-02");
  EXPECT_EQ(*(*first)->c.agreed_amount_fen, Y(80'000));
  EXPECT_EQ(service->list(adjuster, {})->size(), 1u);
  auto none = service->open_from_case(43, "judgment");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "no such case / no policy: nothing to open";
  // Approve the agreed insurer amount and pay it: the case settles.
  std::int64_t id = (*first)->c.id;
  ok(service->set_reserve(adjuster, id, {Y(79'000), "agreement", std::nullopt}));
  auto c = ok(service->decide(adjuster, id, {"approve", std::nullopt, {}, ""}));
  EXPECT_EQ(*c.c.payable_fen, Y(79'000)) << "agreed 80,000 less the deductible";
  auto p = service->instruct_payment(adjuster, id, payment("case-42", "final", Y(79'000)));
  ASSERT_TRUE(p.ok()) << p.error().code;
  bank_answers(p->payment);
  service->poll_bank();
  EXPECT_EQ(service->get(adjuster, id)->c.state, "paid");
  EXPECT_EQ(cases.settled, 1);
}

TEST_F(ClaimsStore, DuplicateNoticeIsCaughtUntilWithdrawn) {
  auto c = file();
  NewClaim n;
  n.policy_id = policy_id;
  n.patient_user_id = patient.actor.user_id;
  n.incident_date = D("2026-02-20");
  n.notice_date = clock.today();
  auto dup = service->file_claim(adjuster, n);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, "claim_duplicates_open_claim");
  ASSERT_EQ(dup.error().members.size(), 1u);
  EXPECT_EQ(dup.error().members[0].first, "existing_claim_id");
  EXPECT_EQ(dup.error().members[0].second, c.c.id);
  ok(service->withdraw(adjuster, c.c.id, "notified twice by mistake"));
  EXPECT_TRUE(service->file_claim(adjuster, n).ok());
}

TEST_F(ClaimsStore, AboveAuthorityWaitsForASupervisor) {
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(300'000), "serious harm", std::nullopt}));
  c = ok(service->decide(adjuster, c.c.id, {"approve", Y(201'000), {}, ""}));
  EXPECT_EQ(c.c.state, "awaiting_approval") << "200,000 CNY is above the adjuster's 100,000 CNY";
  EXPECT_FALSE(c.c.payable_fen.has_value());
  EXPECT_EQ(service->approve_decision(adjuster, c.c.id, true, "").error().code, "approval_by_decider_refused");
  EXPECT_EQ(service->approve_decision(supervisor, c.c.id, true, "").error().code, "approval_above_authority");
  EXPECT_EQ(service->approve_decision(outsider_adjuster, c.c.id, true, "").error().code, "resource_not_found");
  service->set_authority_as_system(supervisor.actor.user_id, Y(5'000'000));
  c = ok(service->approve_decision(supervisor, c.c.id, true, "checked"));
  EXPECT_EQ(c.c.state, "approved");
  EXPECT_EQ(*c.c.payable_fen, Y(200'000));
  EXPECT_EQ(*c.c.decision->approved_by_user_id, supervisor.actor.user_id);
}

TEST_F(ClaimsStore, PaymentsAreIdempotentAndTheLedgerBalances) {
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(10'000), "documented", std::nullopt}));
  ok(service->decide(adjuster, c.c.id, {"approve", Y(11'000), {}, ""}));
  auto first = service->instruct_payment(adjuster, c.c.id, payment("k-1", "final", Y(4'000)));
  ASSERT_TRUE(first.ok()) << first.error().code;
  EXPECT_TRUE(first->created);
  auto twice = service->instruct_payment(adjuster, c.c.id, payment("k-1", "final", Y(4'000)));
  ASSERT_TRUE(twice.ok());
  EXPECT_FALSE(twice->created);
  EXPECT_EQ(twice->payment.id, first->payment.id);
  EXPECT_EQ(service->instruct_payment(adjuster, c.c.id, payment("k-1", "final", Y(4'001))).error().code,
            "idempotency_key_reused");
  EXPECT_EQ(service->payments(adjuster, c.c.id)->size(), 1u);
  EXPECT_EQ(service->instruct_payment(adjuster, c.c.id, payment("k-2", "final", Y(6'001))).error().code,
            "payment_above_amount_owed")
      << "4,000 in flight of 10,000";
  EXPECT_EQ(first->payment.account_masked, "**** 2222");
  // The bank fails the first attempt; the retry is a new reference, confirmed once.
  bank_answers(first->payment, "failed");
  EXPECT_EQ(service->poll_bank().failed, 1);
  auto retried = service->retry_payment(adjuster, c.c.id, first->payment.id);
  ASSERT_TRUE(retried.ok()) << retried.error().code;
  EXPECT_EQ(retried->reference, "PAY-" + std::to_string(first->payment.id) + "-2");
  bank_answers(*retried);
  bank_answers(first->payment, "confirmed");  // a stale confirmation of attempt 1
  auto run = service->poll_bank();
  EXPECT_EQ(run.confirmed, 1);
  EXPECT_EQ(run.ignored, 1);
  bank_answers(*retried);  // the bank repeats itself
  EXPECT_EQ(service->poll_bank().ignored, 1);
  auto v = *service->get(adjuster, c.c.id);
  EXPECT_EQ(v.c.paid_fen, Y(4'000));
  EXPECT_EQ(v.c.outstanding_fen, Y(6'000));
  auto tb = balance();
  EXPECT_TRUE(tb.balanced);
  EXPECT_EQ(tb.debit_fen, Y(4'000));
  EXPECT_EQ(tb.credit_fen, Y(4'000));
  // Reserves: never updated in place; the payment wrote its own row.
  auto reserves = *service->reserves(adjuster, c.c.id);
  ASSERT_EQ(reserves.size(), 2u);
  EXPECT_EQ(reserves[1].reason, "payment");
  EXPECT_EQ(reserves[1].previous_fen, Y(10'000));
  // The split between the co-insurers is locked now.
  std::vector<ClaimShare> split = {{insurer, "", "", 5000}, {follower, "", "", 5000}};
  EXPECT_EQ(service->set_reserve(adjuster, c.c.id, {Y(6'000), "re-split", split}).error().code,
            "reserve_split_locked_after_payment");
}

TEST_F(ClaimsStore, ReservesStayWithinTheRemainingLimit) {
  auto c = file();
  EXPECT_EQ(service->set_reserve(adjuster, c.c.id, {Y(1'500'001), "too much", std::nullopt}).error().code,
            "reserve_above_remaining_limit");
  c = ok(service->set_reserve(adjuster, c.c.id, {Y(1'500'000), "the whole limit", std::nullopt}));
  EXPECT_EQ(c.incurred_fen, Y(1'500'000));
  EXPECT_EQ(c.aggregate_consumed_fen, Y(1'500'000));
  std::vector<ClaimShare> split = {{insurer, "", "", 7000}, {follower, "", "", 3000}};
  c = ok(service->set_reserve(adjuster, c.c.id, {Y(1'000'000), "re-split before payment", split}));
  EXPECT_EQ(c.c.shares[0].share_bp + c.c.shares[1].share_bp, 10000);
  EXPECT_EQ(service->get(outsider_adjuster, c.c.id).error().code, "resource_not_found");
  EXPECT_EQ(service->set_reserve(patient, c.c.id, {Y(1), "x", std::nullopt}).error().code, "permission_denied");
  EXPECT_TRUE(service->get(patient, c.c.id).ok()) << "the patient reads their own claim";
}

TEST_F(ClaimsStore, PortfolioEarnsPremiumByDayAndShowsTheLossRatio) {
  auto policy = *insurance->get_policy(underwriter, policy_id);
  Money lead_premium;
  for (const auto& m : policy.coinsurance_pool)
    if (m.insurer_org_id == insurer) lead_premium = m.premium_fen;
  ASSERT_GT(lead_premium, Money::zero());
  auto c = file();
  ok(service->set_reserve(adjuster, c.c.id, {Y(10'000), "first estimate", std::nullopt}));
  auto rows = service->portfolio(adjuster, D("2026-03-02"));
  ASSERT_TRUE(rows.ok()) << rows.error().code;
  ASSERT_EQ(rows->size(), 1u);
  const PortfolioRow& r = rows->front();
  EXPECT_EQ(r.product_code, "institution_liability");
  EXPECT_EQ(r.underwriting_year, 2026);
  EXPECT_EQ(r.policies, 1);
  EXPECT_EQ(r.written_premium_fen, lead_premium) << "the lead's 60 % share of the premium";
  // 2026-01-01 … 2026-03-02 is 61 of the period's 365 days.
  EXPECT_EQ(r.earned_premium_fen, *lead_premium.mul_ratio(61, 365, Rounding::half_even));
  EXPECT_EQ(r.open_claims, 1);
  EXPECT_EQ(r.outstanding_fen, Y(6'000)) << "60 % of the 10,000 CNY reserve";
  EXPECT_EQ(r.incurred_fen, Y(6'000));
  ASSERT_TRUE(r.loss_ratio_bp.has_value());
  EXPECT_EQ(*r.loss_ratio_bp, Y(6'000).fen() * 10000 / r.earned_premium_fen.fen());
  auto before_start = service->portfolio(adjuster, D("2025-12-31"));
  EXPECT_EQ(before_start->front().earned_premium_fen, Money::zero());
  EXPECT_FALSE(before_start->front().loss_ratio_bp.has_value()) << "no earned premium: no ratio";
  auto follower_view = service->portfolio(outsider_adjuster, D("2026-03-02"));
  EXPECT_TRUE(follower_view->empty()) << "an insurer outside the pool sees nothing";
}

TEST_F(ClaimsStore, ACaseAgreementLinksTheClaimTheAdjusterAlreadyOpened) {
  auto early = file("2026-02-01");
  disputes::CaseForClaim k;
  k.case_id = 7;
  k.policy_id = policy_id;
  k.patient_user_id = patient.actor.user_id;
  k.incident_date = D("2026-02-01");
  k.filed_on = "2026-02-10";
  k.agreement_insurer_fen = Y(30'000);
  cases.facts = k;
  auto opened = service->open_from_case(7, "agreement");
  ASSERT_TRUE(opened.ok() && opened->has_value()) << (opened.ok() ? "" : opened.error().code);
  EXPECT_EQ((*opened)->c.id, early.c.id) << "the duplicate notice is the same claim";
  EXPECT_EQ((*opened)->c.case_id, 7);
  EXPECT_EQ(*(*opened)->c.agreed_amount_fen, Y(30'000));
  EXPECT_EQ(service->list(adjuster, {})->size(), 1u);
}

TEST_F(ClaimsStore, APatientsDirectClaimNeedsTheirOwnVisitPolicy) {
  NewClaim n;
  n.visit_policy_number = "VP-NOT-MINE-0001";
  n.incident_date = D("2026-03-01");
  n.notice_date = D("2026-03-02");
  EXPECT_EQ(service->file_claim(patient, n).error().code, "visit_policy_not_found");
  EXPECT_EQ(service->file_claim(outsider_adjuster, n).error().code, "request_invalid")
      << "an adjuster names the patient and the policy";
}

TEST_F(ClaimsStore, APatientFilesDirectlyOnTheirVisitPolicyAndTheHospitalsInsurerAnswers) {
  const std::string phone = "17012349876";
  auto u = accounts->create_user_as_system({"visitor1", "就诊测试人", "Strong-pass-1", {"patient"}, std::nullopt, phone});
  ASSERT_TRUE(u.ok()) << u.error().code;
  RequestContext visitor = ctx_for(*u);
  // The hospital issued a per-visit policy for this phone on 2026-02-27 (cover: the visit day).
  db->write([&](db::Tx& tx) {
    std::string index = keys.blind_index("phone", phone), number = "VP-2026-TEST-0001";
    long long hospital_id = hospital;
    tx.sql() << "INSERT INTO visit_policies (policy_number, organization_id, visit_id, partner_key_id, phone_index,"
                " patient_masked, department, visit_date, cover_start, cover_end, product_code, product_version,"
                " premium_fen, sum_insured_fen, status, created_at) VALUES (:n, :o, 'V-1', 'pk-test', :p,"
                " '170****9876', '骨科', '2026-02-27', '2026-02-27', '2026-02-27', 'visit_policy', '2026-01', 100,"
                " 1000000, 'active', '2026-02-27T01:00:00Z')",
        soci::use(number), soci::use(hospital_id), soci::use(index);
  });
  NewClaim n;
  n.visit_policy_number = "VP-2026-TEST-0001";
  n.incident_date = D("2026-02-28");
  EXPECT_EQ(service->file_claim(visitor, n).error().code, "claim_incident_outside_cover");
  n.incident_date = D("2026-02-27");
  EXPECT_EQ(service->file_claim(patient, n).error().code, "visit_policy_not_found") << "someone else's policy";
  ClaimView c = ok(service->file_claim(visitor, n));
  EXPECT_EQ(c.c.source, "patient");
  EXPECT_EQ(c.c.state, "open");
  EXPECT_EQ(c.c.policy_kind, "visit_policy");
  EXPECT_EQ(c.c.insurer_org_id, insurer) << "the lead insurer of the hospital's liability policy on the visit day";
  EXPECT_EQ(c.c.insured_org_id, hospital);
  EXPECT_EQ(c.c.per_incident_limit_fen, Y(10'000)) << "the visit's sum insured";
  EXPECT_EQ(c.c.deductible_fen, Money::zero());
  auto again = service->file_claim(visitor, n);
  EXPECT_EQ(again.error().code, "claim_duplicates_open_claim");
  // The hospital's term policy has the same id space apart: its own claims and limits are untouched.
  EXPECT_TRUE(service->list(adjuster, {.policy_id = policy_id})->empty());
  ClaimView term = file("2026-02-27");
  EXPECT_EQ(term.c.policy_kind, "liability");
  EXPECT_EQ(service->get(visitor, c.c.id)->c.id, c.c.id) << "the patient reads their own claim";
  EXPECT_EQ(service->get(outsider_adjuster, c.c.id).error().code, "resource_not_found");
  auto seen = service->list(adjuster, {});
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 2u) << "the insurer's adjusters see the direct claim beside the term one";
}

// ---------------------------------------------------------------- issue 18: money and cover

// Issue 18 item 1: after a confirmed advance of 20,000 CNY the adjuster could approve a payable of
// 9,000 CNY (paid above payable, co-insurers overpaid). The payable never falls below what is paid or
// in flight.
TEST_F(ClaimsStore, ThePayableCannotFallBelowWhatIsAlreadyPaid) {
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(20'000), "treatment costs documented", std::nullopt}));
  auto adv = service->instruct_payment(adjuster, c.c.id, payment("adv-18", "advance", Y(20'000)));
  ASSERT_TRUE(adv.ok()) << adv.error().code;
  // While the advance is in flight, and after the bank confirmed it: 10,000 − 1,000 deductible = 9,000.
  EXPECT_EQ(service->decide(adjuster, c.c.id, {"approve", Y(10'000), {}, ""}).error().code,
            "decision_amount_below_paid");
  bank_answers(adv->payment);
  EXPECT_EQ(service->poll_bank().confirmed, 1);
  EXPECT_EQ(service->decide(adjuster, c.c.id, {"approve", Y(10'000), {}, ""}).error().code,
            "decision_amount_below_paid");
  auto v = *service->get(adjuster, c.c.id);
  EXPECT_EQ(v.c.state, "assessing");
  EXPECT_FALSE(v.c.payable_fen.has_value());
  // 21,000 − 1,000 = 20,000: exactly what was paid is allowed, and nothing more is owed.
  v = ok(service->decide(adjuster, c.c.id, {"approve", Y(21'000), {}, ""}));
  EXPECT_EQ(v.c.state, "approved");
  EXPECT_EQ(*v.c.payable_fen, Y(20'000));
  EXPECT_EQ(v.c.outstanding_fen, Money::zero());
  EXPECT_EQ(service->instruct_payment(adjuster, c.c.id, payment("fin-18", "final", Y(1))).error().code,
            "payment_above_amount_owed");
  EXPECT_TRUE(balance().balanced);
}

// Issue 18 item 1 through the supervisor: a decision above authority approved after the fact cannot
// fix a payable below what was paid either (the check runs at approval too).
TEST_F(ClaimsStore, ASupervisorsApprovalKeepsThePayableAbovePaid) {
  service->set_authority_as_system(supervisor.actor.user_id, Y(5'000'000));
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(300'000), "serious harm", std::nullopt}));
  auto adv = service->instruct_payment(adjuster, c.c.id, payment("adv-18b", "advance", Y(50'000)));
  ASSERT_TRUE(adv.ok()) << adv.error().code;
  bank_answers(adv->payment);
  EXPECT_EQ(service->poll_bank().confirmed, 1);
  auto v = ok(service->decide(adjuster, c.c.id, {"approve", Y(201'000), {}, ""}));
  EXPECT_EQ(v.c.state, "awaiting_approval");
  v = ok(service->approve_decision(supervisor, c.c.id, true, "ok"));
  EXPECT_EQ(v.c.state, "approved");
  EXPECT_EQ(v.c.outstanding_fen, Y(150'000)) << "payable 200,000 − paid 50,000";
}

// Issue 18 item 6: approval left the reserve at its old figure (incurred understated) and a reserve
// above the payable was accepted later. Approval moves the reserve to payable − paid; the reserve
// never exceeds what remains payable.
TEST_F(ClaimsStore, ApprovalSetsTheReserveToWhatRemainsPayable) {
  auto c = file();
  ok(service->materials_complete(adjuster, c.c.id));
  ok(service->set_reserve(adjuster, c.c.id, {Y(5'000), "first estimate", std::nullopt}));
  auto adv = service->instruct_payment(adjuster, c.c.id, payment("adv-18c", "advance", Y(4'000)));
  ASSERT_TRUE(adv.ok()) << adv.error().code;
  bank_answers(adv->payment);
  EXPECT_EQ(service->poll_bank().confirmed, 1);
  auto v = ok(service->decide(adjuster, c.c.id, {"approve", Y(31'000), {}, ""}));
  EXPECT_EQ(*v.c.payable_fen, Y(30'000));
  EXPECT_EQ(v.c.paid_fen, Y(4'000));
  EXPECT_EQ(v.c.outstanding_fen, Y(26'000)) << "payable 30,000 − paid 4,000";
  EXPECT_EQ(v.incurred_fen, Y(30'000));
  auto reserves = *service->reserves(adjuster, c.c.id);
  EXPECT_EQ(reserves.back().reason, "approved");
  EXPECT_EQ(reserves.back().previous_fen, Y(1'000));
  EXPECT_EQ(service->set_reserve(adjuster, c.c.id, {Y(26'001), "too high", std::nullopt}).error().code,
            "reserve_above_remaining_limit");
  ok(service->set_reserve(adjuster, c.c.id, {Y(26'000), "the rest", std::nullopt}));
  // The whole remaining payable can be paid against it.
  auto fin = service->instruct_payment(adjuster, c.c.id, payment("fin-18c", "final", Y(26'000)));
  ASSERT_TRUE(fin.ok()) << fin.error().code;
  bank_answers(fin->payment);
  EXPECT_EQ(service->poll_bank().confirmed, 1);
  v = *service->get(adjuster, c.c.id);
  EXPECT_EQ(v.c.state, "paid");
  EXPECT_EQ(v.c.paid_fen, Y(30'000));
  EXPECT_TRUE(balance().balanced);
}

// Issue 13 / issue 18 item 2: claims had its own cover test that ignored cancellation, so a claim on a
// policy cancelled before the incident opened. The policy here is claims-made, cancelled from 1 Feb.
TEST_F(ClaimsStore, AClaimOnACancelledPolicyIsRefused) {
  ASSERT_TRUE(insurance->cancel(underwriter, policy_id, D("2026-02-01")).ok());
  NewClaim n;
  n.policy_id = policy_id;
  n.patient_user_id = patient.actor.user_id;
  struct Row {
    const char *incident, *notice, *why;
  };
  for (const Row& r : {Row{"2026-02-10", "2026-03-02", "incident after the cancellation"},
                       Row{"2026-02-01", "2026-03-02", "incident on the cancellation day"},
                       Row{"2026-01-20", "2026-03-02", "claims-made: earlier incident, notice after cancellation"},
                       Row{"2026-02-01", "2026-02-01", "notice on the cancellation day"}}) {
    n.incident_date = D(r.incident);
    n.notice_date = D(r.notice);
    auto c = service->file_claim(adjuster, n);
    ASSERT_FALSE(c.ok()) << r.why;
    EXPECT_EQ(c.error().code, "claim_policy_cancelled") << r.why;
  }
  // Before the cancellation, incident and notice both in cover: the claim opens.
  n.incident_date = D("2026-01-20");
  n.notice_date = D("2026-01-31");
  auto c = service->file_claim(adjuster, n);
  ASSERT_TRUE(c.ok()) << c.error().code;
}

// Issue 18 item 7: a notice date after today was accepted.
TEST_F(ClaimsStore, ANoticeDateInTheFutureIsRefused) {
  NewClaim n;
  n.policy_id = policy_id;
  n.patient_user_id = patient.actor.user_id;
  n.incident_date = D("2026-02-20");
  n.notice_date = clock.today().add_days(1);
  auto c = service->file_claim(adjuster, n);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "request_invalid");
  ASSERT_EQ(c.error().violations.size(), 1u);
  EXPECT_EQ(c.error().violations[0].field, "/notice_date");
  EXPECT_EQ(c.error().violations[0].code, "claim_notice_date_in_future");
  n.notice_date = clock.today();
  EXPECT_TRUE(service->file_claim(adjuster, n).ok());
}

// Issue 18 item 3: a cancellation could take effect before the notice of an open claim, refunding
// the period in which the claim was notified. It must take effect after the latest notice.
TEST_F(ClaimsStore, ACancellationCannotReachBehindAClaimsNotice) {
  auto c = file("2026-02-20");  // noticed 2026-03-02
  ASSERT_EQ(c.c.notice_date, D("2026-03-02"));
  for (const char* effective : {"2026-01-05", "2026-03-01", "2026-03-02"}) {
    auto r = insurance->cancel(underwriter, policy_id, D(effective));
    ASSERT_FALSE(r.ok()) << effective;
    EXPECT_EQ(r.error().code, "cancellation_before_claim_notice") << effective;
  }
  ok(service->withdraw(adjuster, c.c.id, "filed in error"));
  EXPECT_EQ(insurance->cancel(underwriter, policy_id, D("2026-03-02")).error().code, "cancellation_before_claim_notice")
      << "a withdrawn claim was still notified in that period";
  auto cancelled = insurance->cancel(underwriter, policy_id, D("2026-03-03"));
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().code;
  EXPECT_EQ(cancelled->cancelled_on, D("2026-03-03"));
}

// Issue 18 item 12: the art. 25 advance-payment deadline took the UTC day of the payment, so a payment
// made between 00:00 and 08:00 China time was dated a day early (a late payment looked on time).
TEST_F(ClaimsStore, TheAdvancePaymentIsDatedInChinaTime) {
  auto c = file();
  c = ok(service->materials_complete(adjuster, c.c.id));  // 2026-03-02
  ASSERT_EQ(deadline(c, "insurer_advance_payment").due, "2026-05-06");
  ok(service->set_reserve(adjuster, c.c.id, {Y(20'000), "treatment costs documented", std::nullopt}));
  // 2026-05-06T17:30Z is 01:30 on 7 May in China: one day late.
  clock.set(*Timestamp::parse("2026-05-06T17:30:00Z"));
  auto p = service->instruct_payment(adjuster, c.c.id, payment("adv-utc", "advance", Y(20'000)));
  ASSERT_TRUE(p.ok()) << p.error().code;
  c = *service->get(adjuster, c.c.id);
  EXPECT_EQ(deadline(c, "insurer_advance_payment").met_on, "2026-05-07");
  EXPECT_GT(*deadline(c, "insurer_advance_payment").met_on, deadline(c, "insurer_advance_payment").due);
}

// Issue 18 "Done when": random sequences of reserve, advance, approval and payment operations (with
// the bank confirming or failing them) on three claims of one policy keep, after every step, paid +
// in flight ≤ payable ≤ limit for each claim, the policy's aggregate respected, and the ledger
// balanced with its claims_paid debits equal to what the claims say was paid. Fixed seed.
TEST_F(ClaimsStore, RandomMoneyOperationsKeepTheInvariants) {
  service->set_authority_as_system(supervisor.actor.user_id, Y(5'000'000));  // approves what the adjuster may not
  std::mt19937_64 rng(20261204);
  auto pick = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  // Three live claims at a time; a claim that is paid is replaced by a new one (a new incident day), so
  // the sequence keeps working and the policy's aggregate (10,000,000 CNY) comes into play.
  std::vector<std::int64_t> ids;
  Date next_incident = D("2026-03-01");
  auto open_claim = [&] {
    std::string day = next_incident.to_string();
    next_incident = next_incident.add_days(-1);
    return file(day.c_str()).c.id;
  };
  for (int i = 0; i < 3; ++i) ids.push_back(open_claim());
  Money paid_done, consumed_done;  // of the claims already paid (they no longer change)
  std::vector<Payment> sent;
  int key = 0, accepted = 0, paid_claims = 0;
  const Money limit = Y(1'500'000);
  for (int step = 0; step < 400; ++step) {
    std::int64_t id = ids[pick(0, ids.size() - 1)];
    // materials, reserve, advance, final, approve, confirm, fail, retry — weighted so claims reach the end.
    std::discrete_distribution<int> ops({1, 2, 2, 4, 2, 4, 1, 1});
    int op = ops(rng);
    // Three times in four an amount inside the room the claim has (so most operations go through),
    // otherwise anything up to 400,000 CNY (refusals must change nothing).
    auto now = *service->get(adjuster, id);
    Money room = now.c.outstanding_fen - now.in_flight_fen;
    if (op == 3 && now.c.payable_fen) room = std::min(room, *now.c.payable_fen - now.c.paid_fen - now.in_flight_fen);
    if (op == 1 || op == 4) room = Money::from_fen(30'000'000);
    Money amount = pick(0, 3) != 0 && room > Money::zero() ? Money::from_fen(pick(1, room.fen()))
                                                           : Money::from_fen(pick(1, 40'000'000));
    if (op == 3 && room > Money::zero() && pick(0, 1) == 0) amount = room;  // often the whole rest
    std::string what;
    bool ok_step = false;
    switch (op) {
      case 0:
        what = "materials_complete";
        ok_step = service->materials_complete(adjuster, id).ok();
        break;
      case 1:
        what = "reserve " + amount.to_plain_string();
        ok_step = service->set_reserve(adjuster, id, {amount, "estimate", std::nullopt}).ok();
        break;
      case 2:
      case 3: {
        const char* kind = op == 2 ? "advance" : "final";
        what = std::string(kind) + " " + amount.to_plain_string();
        auto p = service->instruct_payment(adjuster, id, payment("prop-" + std::to_string(++key), kind, amount));
        if (p.ok()) sent.push_back(p->payment);
        ok_step = p.ok();
        break;
      }
      case 4: {
        what = "approve " + amount.to_plain_string();
        auto r = service->decide(adjuster, id, {"approve", amount, {}, ""});
        if (r.ok() && r->c.state == "awaiting_approval") r = service->approve_decision(supervisor, id, true, "");
        ok_step = r.ok();
        break;
      }
      case 5:
      case 6: {
        if (sent.empty()) continue;
        std::size_t i = pick(0, sent.size() - 1);
        what = std::string(op == 5 ? "confirm " : "fail ") + sent[i].reference;
        bank_answers(sent[i], op == 5 ? "confirmed" : "failed");
        service->poll_bank();
        sent.erase(sent.begin() + static_cast<std::ptrdiff_t>(i));
        ok_step = true;
        break;
      }
      case 7: {
        // Retry a failed payment, if any.
        auto listed = *service->payments(adjuster, id);
        for (const auto& p : listed)
          if (p.state == "failed") {
            auto r = service->retry_payment(adjuster, id, p.id);
            if (r.ok()) sent.push_back(*r);
            what = "retry " + p.reference;
            ok_step = r.ok();
            break;
          }
        break;
      }
    }
    if (ok_step) ++accepted;
    SCOPED_TRACE("step " + std::to_string(step) + ": " + what);
    Money paid_total = paid_done, consumed = consumed_done;
    for (auto& cid : ids) {
      auto v = *service->get(adjuster, cid);
      EXPECT_FALSE(v.c.paid_fen.is_negative());
      EXPECT_FALSE(v.c.outstanding_fen.is_negative());
      EXPECT_LE(v.c.paid_fen + v.c.outstanding_fen, limit);
      if (v.c.payable_fen) {
        EXPECT_LE(v.c.paid_fen + v.in_flight_fen, *v.c.payable_fen) << "claim " << cid;
        EXPECT_LE(*v.c.payable_fen, limit);
        EXPECT_LE(v.c.paid_fen + v.c.outstanding_fen, *v.c.payable_fen) << "reserve above the remaining payable";
      } else {
        EXPECT_LE(v.in_flight_fen, v.c.outstanding_fen) << "payments in flight are reserved";
      }
      paid_total += v.c.paid_fen;
      consumed += consumed_by(v.c);
      if (v.c.state == "paid") {
        paid_done += v.c.paid_fen;
        consumed_done += consumed_by(v.c);
        ++paid_claims;
        cid = open_claim();
      }
    }
    EXPECT_LE(consumed, Y(10'000'000)) << "the policy's aggregate";
    auto tb = balance();
    EXPECT_TRUE(tb.balanced);
    EXPECT_EQ(tb.debit_fen, paid_total) << "claims_paid debits equal the claims' paid amounts";
    EXPECT_EQ(tb.debit_fen, tb.credit_fen);
    ASSERT_FALSE(::testing::Test::HasFailure()) << "invariant broken at step " << step << " (" << what << ")";
  }
  EXPECT_GT(accepted, 100) << "the sequence must exercise the operations, not only refusals";
  EXPECT_GE(paid_claims, 3) << "claims run to the end, paid in full";
  RecordProperty("paid_claims", paid_claims);
  RecordProperty("accepted_operations", accepted);
}

}  // namespace
}  // namespace medrisk::testing
