// The whole path with the real disputes and insurance services: a dispute case reaches a signed
// agreement, disputes publishes case.agreement_signed in the same transaction, the outbox delivers it
// to ClaimsService::open_from_case (once, however often it is delivered), the claim is decided on the
// agreement's insurer part and paid through the bank channel, and the case closes by itself.
#include <soci/soci.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/claims/api.hpp"
#include "modules/claims/store.hpp"
#include "platform/outbox/outbox.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::claims;


class ClaimsFromCase : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override {
    return migrations_of({consent::module_spec(), insurance::module_spec(), disputes::module_spec(), claims::module_spec()});
  }
  void SetUp() override {
    StoreTest::SetUp();
    auto org = [&](const char* name, const char* kind, std::optional<std::string> cat = {},
                   std::optional<std::string> grade = {}) {
      return accounts->create_organization_as_system({name, kind, "440000", cat, grade})->id;
    };
    hospital = org("测试第一医院", "medical_institution", "general", "3A");
    insurer = org("测试安和保险", "insurer");
    follower = org("测试康泰保险", "insurer");
    committee = org("测试医调委", "mediation_committee");
    auto user = [&](const char* name, const char* role, std::optional<std::int64_t> o) {
      return ctx_for(*accounts->create_user_as_system({name, name, "Strong-pass-1", {role}, o, {}}));
    };
    patient = user("patient1", "patient", std::nullopt);
    officer = user("officer1", "medical_officer", hospital);
    mediator = user("mediator1", "mediator", committee);
    adjuster = user("adjuster1", "adjuster", insurer);
    underwriter = user("uw1", "underwriter", insurer);
    insurance = std::make_unique<insurance::InsuranceService>(
        *db, clock, *accounts, insurance::load_products("data/products"), insurance::load_rating_table("data/rating"));
    calendar = *WorkingCalendar::load("data/calendar/cn-holidays.json");
    lookup = std::make_unique<disputes::InsurancePolicyLookup>(*insurance);
    disputes::DisputesConfig config;
    config.attachments_dir = temp_dir("claims-attachments");
    consents = std::make_unique<consent::ConsentService>(*db, clock, consent::load_purposes("data/consent"));
    disputes = std::make_unique<disputes::DisputesService>(
        *db, keys, clock, calendar, disputes::load_params("data/disputes"), lookup.get(), config, *consents);
    cases = std::make_unique<DisputesCaseSource>(*disputes);
    bank_dir = temp_dir("claims-bank");
    channel = std::make_unique<FileBankChannel>(bank_dir);
    claims = std::make_unique<ClaimsService>(*db, keys, clock, calendar, load_params("data/claims"), *insurance,
                                             cases.get(), *channel);
    dispatcher = std::make_unique<outbox::Dispatcher>(*db, clock);
    for (auto [topic, source] : {std::pair{disputes::kAgreementSignedTopic, "agreement"},
                                 std::pair{disputes::kJudgmentRecordedTopic, "judgment"}})
      dispatcher->on(std::string(topic), [this, source = std::string(source)](const nlohmann::json& p) -> Status {
        auto r = claims->open_from_case(p.at("case_id").get<std::int64_t>(), source);
        if (!r.ok()) return r.take_error();
        return {};
      });
    bind_policy();
  }
  void bind_policy() {
    // Quoted and bound on its first day (no backdated cover, data/rating backdating_grace).
    Timestamp now = clock.now();
    clock.set(*Timestamp::parse("2026-01-01T02:00:00Z"));
    insurance::QuoteRequest q;
    q.input.product_code = "institution_liability";
    q.insured_org_id = hospital;
    q.period_start = D("2026-01-01");
    q.retroactive_date = D("2025-01-01");
    q.input.institution = insurance::InstitutionExposure{"", "", 800};
    q.input.per_incident_limit_fen = Y(1'500'000);
    q.input.deductible_fen = Y(1'000);
    auto quote = insurance->create_quote(underwriter, q);
    ASSERT_TRUE(quote.ok()) << quote.error().code;
    ASSERT_TRUE(
        insurance->bind(underwriter, {quote->id, {3000, 5000, 2000}, {{insurer, 6000}, {follower, 4000}}}).ok());
    clock.set(now);
  }
  disputes::TransitionRequest step(std::string action, std::optional<std::string> channel = {}) {
    disputes::TransitionRequest t;
    t.action = std::move(action);
    t.channel = std::move(channel);
    return t;
  }
  std::vector<Claim> all_claims() {
    return db->read([&](db::Tx& tx) { return store::list_claims(tx, {}, ClaimFilter{}); });
  }

  std::int64_t hospital = 0, insurer = 0, follower = 0, committee = 0;
  RequestContext patient, officer, mediator, adjuster, underwriter;
  std::unique_ptr<insurance::InsuranceService> insurance;
  WorkingCalendar calendar;
  std::unique_ptr<disputes::InsurancePolicyLookup> lookup;
  std::unique_ptr<consent::ConsentService> consents;
  std::unique_ptr<disputes::DisputesService> disputes;
  std::unique_ptr<DisputesCaseSource> cases;
  std::filesystem::path bank_dir;
  std::unique_ptr<FileBankChannel> channel;
  std::unique_ptr<ClaimsService> claims;
  std::unique_ptr<outbox::Dispatcher> dispatcher;
};

TEST_F(ClaimsFromCase, SignedAgreementOpensOneClaimWhosePaymentClosesTheCase) {
  disputes::NewCase nc{std::nullopt,           hospital,        std::nullopt, "other_harm", "骨科",
                       "石膏过紧致手指麻木。", D("2026-02-20"), std::nullopt, Y(8'000),     std::nullopt};
  auto filed = disputes->file_case(patient, nc);
  ASSERT_TRUE(filed.ok()) << filed.error().code;
  std::int64_t case_id = filed->c.id;
  ASSERT_TRUE(disputes->transition(mediator, case_id, step("accept", "people_mediation")).ok());
  ASSERT_TRUE(disputes->transition(mediator, case_id, step("start_investigation")).ok());
  ASSERT_TRUE(disputes->transition(mediator, case_id, step("start_mediation")).ok());
  ASSERT_TRUE(
      disputes->draft_agreement(mediator, case_id, {Y(6'000), {{"insurer", Y(5'000)}, {"institution", Y(1'000)}}})
          .ok());
  ASSERT_TRUE(disputes->sign_agreement(patient, case_id, "郑某").ok());
  dispatcher->run_once();
  EXPECT_TRUE(all_claims().empty()) << "one signature is not an agreement";
  ASSERT_TRUE(disputes->sign_agreement(officer, case_id, "周某").ok());
  EXPECT_EQ(dispatcher->run_once().delivered, 1);
  ASSERT_TRUE(disputes->sign_agreement(officer, case_id, "周某").ok());  // signed again: published again
  dispatcher->run_once();
  auto opened = all_claims();
  ASSERT_EQ(opened.size(), 1u) << "open_from_case is idempotent";
  Claim c = opened.front();
  EXPECT_EQ(c.source, "agreement");
  EXPECT_EQ(c.case_id, case_id);
  EXPECT_EQ(c.state, "open") << "the case's materials are not complete yet";
  EXPECT_EQ(*c.agreed_amount_fen, Y(5'000)) << "the agreement's insurer part";
  EXPECT_EQ(c.adjuster_user_id, adjuster.actor.user_id) << "the case's adjuster handles the claim";
  ASSERT_TRUE(disputes->transition(mediator, case_id, step("reach_agreement")).ok());

  EXPECT_EQ(claims->materials_complete(adjuster, c.id).error().code, "case_materials_incomplete");
  ASSERT_TRUE(disputes->set_consent(patient, case_id, "adjuster", true).ok());
  auto before = disputes->get_case(officer, case_id);
  ASSERT_TRUE(before.ok());
  for (const auto& item : before->missing_materials) {
    ASSERT_TRUE(disputes->upload(patient, case_id, item, item + ".pdf", "application/pdf", "%PDF-1.7\n%demo\n").ok());
    ASSERT_TRUE(disputes->review_material(adjuster, case_id, item, true, std::nullopt).ok());
  }
  ASSERT_TRUE(claims->materials_complete(adjuster, c.id).ok());
  ASSERT_TRUE(claims->set_reserve(adjuster, c.id, {Y(4'000), "agreement less deductible", std::nullopt}).ok());
  auto decided = claims->decide(adjuster, c.id, {"approve", std::nullopt, {}, "agreement"});
  ASSERT_TRUE(decided.ok()) << decided.error().code;
  EXPECT_EQ(*decided->c.payable_fen, Y(4'000)) << "5,000 agreed less the 1,000 deductible";
  ASSERT_EQ(decided->shares.size(), 2u);
  auto paid = claims->instruct_payment(
      adjuster, c.id, {"case-pay-1", "final", Y(4'000), std::nullopt, {"郑某", "示例银行", "6222000011119999"}});
  ASSERT_TRUE(paid.ok()) << paid.error().code;
  std::ofstream(bank_dir / "inbox" / (paid->payment.reference + ".json")) << nlohmann::json{
      {"reference", paid->payment.reference},
      {"status", "confirmed"},
      {"bank_transaction_id", "T1"}}.dump();
  EXPECT_EQ(claims->poll_bank().confirmed, 1);
  EXPECT_EQ(claims->get(adjuster, c.id)->c.state, "paid");
  auto closed = disputes->get_case(officer, case_id);
  EXPECT_EQ(closed->c.state, "closed") << "agreement → payment → closed once everything owed is paid";
  auto timeline = *disputes->events(officer, case_id, 0, 500);
  ASSERT_GE(timeline.size(), 2u);
  EXPECT_EQ(timeline[timeline.size() - 2].kind, "start_payment");
  EXPECT_EQ(timeline.back().kind, "close");
  EXPECT_TRUE(claims->trial_balance(adjuster)->balanced);
}

}  // namespace
}  // namespace medrisk::testing
