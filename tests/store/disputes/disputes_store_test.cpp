// Dispute cases on a real database (SQLite and PostgreSQL): the whole journey from a patient's filing
// to payment and closing with "1+1" assignment, refusals that change nothing, other parties kept out
// (404), consent that withholds the narrative and attachments, uploads refused without a trace, and the
// complaint life cycle. Parameters are the shipped data/disputes files; the calendar is the real one.
#include <soci/soci.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/disputes/errors.hpp"
#include "modules/disputes/api.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::disputes;

// The insurance module stands behind this port in production; here hospital 1 is insured by insurer 1.
struct FakePolicies : PolicyLookup {
  std::int64_t insured_org = 0, insurer_org = 0;
  std::optional<PolicyInForce> find(db::Tx&, std::int64_t org, std::optional<std::int64_t>, Date, Date) override {
    if (org != insured_org) return std::nullopt;
    return PolicyInForce{77, insurer_org, "liability"};
  }
};

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal = *WorkingCalendar::load(source_dir() / "data/calendar/cn-holidays.json");
  return cal;
}

class DisputesStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override {
    return migrations_of({consent::module_spec(), disputes::module_spec()});
  }

  void SetUp() override {
    StoreTest::SetUp();
    auto org = [&](const char* name, const char* kind) {
      return accounts->create_organization_as_system({name, kind, "440000", {}, {}})->id;
    };
    hospital = org("测试第一医院", "medical_institution");
    hospital2 = org("测试第二医院", "medical_institution");
    insurer = org("测试保险", "insurer");
    insurer2 = org("另一保险", "insurer");
    committee = org("测试医调委", "mediation_committee");
    legal_aid = org("测试法援中心", "legal_aid");
    auto user = [&](const char* name, const char* role, std::optional<std::int64_t> o) {
      return ctx_for(*accounts->create_user_as_system({name, name, "Strong-pass-1", {role}, o, {}}));
    };
    patient = user("patient1", "patient", std::nullopt);
    other_patient = user("patient2", "patient", std::nullopt);
    officer = user("officer1", "medical_officer", hospital);
    officer2 = user("officer2", "medical_officer", hospital2);
    mediator = user("mediator1", "mediator", committee);
    adjuster = user("adjuster1", "adjuster", insurer);
    adjuster2 = user("adjuster2", "adjuster", insurer2);
    lawyer = user("lawyer1", "lawyer", legal_aid);
    policies.insured_org = hospital;
    policies.insurer_org = insurer;
    attachments = temp_dir("attachments");
    DisputesConfig config;
    config.attachments_dir = attachments;
    consents = std::make_unique<consent::ConsentService>(*db, clock, consent::load_purposes(source_dir() / "data/consent"));
    service = std::make_unique<DisputesService>(*db, keys, clock, calendar(), load_params(source_dir() / "data/disputes"),
                                                &policies, config, *consents);
  }

  NewCase other_harm(Money demand = Money::from_fen(800'000)) {
    return {std::nullopt, hospital, std::nullopt, "other_harm", "骨科", "石膏过紧致手指麻木。", *Date::parse("2026-02-20"),
            std::nullopt, demand, std::nullopt};
  }
  TransitionRequest step(std::string action) {
    TransitionRequest t;
    t.action = std::move(action);
    return t;
  }
  TransitionRequest accept(const char* channel = "people_mediation") {
    auto t = step("accept");
    t.channel = channel;
    return t;
  }
  std::int64_t count(const std::string& table) {
    int n = 0;
    db->read([&](db::Tx& tx) { tx.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n); });
    return n;
  }
  std::string pdf() { return "%PDF-1.7\n%demo\n"; }

  std::int64_t hospital = 0, hospital2 = 0, insurer = 0, insurer2 = 0, committee = 0, legal_aid = 0;
  RequestContext patient, other_patient, officer, officer2, mediator, adjuster, adjuster2, lawyer;
  FakePolicies policies;
  std::filesystem::path attachments;
  std::unique_ptr<consent::ConsentService> consents;
  std::unique_ptr<DisputesService> service;
};

TEST_F(DisputesStore, FromFilingToPaymentAndClosingWithOneMediatorAndOneAdjuster) {
  auto filed = service->file_case(patient, other_harm());
  ASSERT_TRUE(filed.ok()) << filed.error().code;
  std::int64_t id = filed->c.id;
  EXPECT_EQ(filed->c.state, "filed");
  EXPECT_EQ(filed->deadlines.at(0).id, "case_acceptance");
  EXPECT_EQ(filed->deadlines.at(0).due, "2026-03-09");  // Mon 03-02 + 5 working days

  auto accepted = service->transition(mediator, id, accept());
  ASSERT_TRUE(accepted.ok()) << accepted.error().code;
  EXPECT_EQ(accepted->c.mediator_user_id, mediator.actor.user_id) << "1+1: the mediator";
  EXPECT_EQ(accepted->c.adjuster_user_id, adjuster.actor.user_id) << "1+1: the insurer's adjuster, found by the policy";
  EXPECT_EQ(accepted->c.insurer_org_id, insurer);
  EXPECT_EQ(accepted->c.policy_id, 77);
  EXPECT_EQ(accepted->due_on, "2026-04-14");  // 30 working days, Qingming off

  ASSERT_TRUE(service->transition(mediator, id, step("start_investigation")).ok());
  ASSERT_TRUE(service->transition(mediator, id, step("request_appraisal")).ok());
  clock.advance(std::chrono::hours(24 * 14));  // two weeks of appraisal: 10 working days
  auto during = service->get_case(officer, id);
  EXPECT_TRUE(during->deadlines.at(0).paused);
  ASSERT_TRUE(service->transition(mediator, id, step("finish_appraisal")).ok());
  auto mediating = service->get_case(officer, id);
  EXPECT_EQ(mediating->c.state, "mediation");
  EXPECT_EQ(mediating->due_on, "2026-04-28") << "the clock stood still during appraisal (03-02…03-16)";

  EXPECT_EQ(service->transition(mediator, id, step("reach_agreement")).error().code,
            errors::agreement_not_signed_by_both_parties);
  ASSERT_TRUE(service->draft_agreement(mediator, id, {Money::from_fen(600'000), {{"insurer", Money::from_fen(500'000)},
                                                                                 {"institution", Money::from_fen(100'000)}}})
                  .ok());
  ASSERT_TRUE(service->sign_agreement(patient, id, "郑某").ok());
  ASSERT_TRUE(service->sign_agreement(officer, id, "周某").ok());
  auto agreed = service->transition(mediator, id, step("reach_agreement"));
  ASSERT_TRUE(agreed.ok()) << agreed.error().code;
  EXPECT_EQ(agreed->c.agreement_fen, Money::from_fen(600'000));

  EXPECT_EQ(service->transition(adjuster, id, step("start_payment")).error().code, errors::materials_incomplete_for_payment);
  ASSERT_TRUE(service->set_consent(patient, id, "adjuster", true).ok());
  for (const auto& item : agreed->missing_materials) {
    ASSERT_TRUE(service->upload(patient, id, item, item + ".pdf", "application/pdf", pdf()).ok()) << item;
    ASSERT_TRUE(service->review_material(adjuster, id, item, true, std::nullopt).ok()) << item;
  }
  auto paying = service->transition(adjuster, id, step("start_payment"));
  ASSERT_TRUE(paying.ok()) << paying.error().code;
  EXPECT_EQ(service->transition(officer, id, step("close")).error().code, errors::case_close_awaits_patient_confirmation);
  auto closed = service->transition(patient, id, step("close"));
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->c.state, "closed");

  auto timeline = *service->events(patient, id, 0, 500);
  std::vector<std::string> kinds;
  for (const auto& e : timeline) kinds.push_back(e.kind);
  EXPECT_EQ(kinds.front(), "file");
  EXPECT_EQ(kinds.back(), "close");
  int notifications_to_adjuster = 0;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT COUNT(*) FROM notifications WHERE user_id = :u", soci::use(adjuster.actor.user_id),
        soci::into(notifications_to_adjuster);
  });
  EXPECT_GT(notifications_to_adjuster, 5) << "the adjuster hears of every step after joining";
}

TEST_F(DisputesStore, ARefusedTransitionChangesNothing) {
  std::int64_t id = service->file_case(patient, other_harm(Money::from_fen(5'000'000)))->c.id;
  auto events = count("case_events"), audits = count("audit_log"), notes = count("notifications");
  struct C { RequestContext* who; TransitionRequest t; std::string code; };
  std::vector<C> table = {
      {&patient, accept(), std::string(errors::transition_not_allowed_for_role)},
      {&adjuster, accept(), "resource_not_found"},  // the insurer joins at acceptance, not before
      {&mediator, step("start_mediation"), std::string(errors::transition_not_allowed_in_state)},
      {&officer, accept("negotiation"), std::string(errors::negotiation_above_regional_threshold)},
      {&mediator, step("refuse"), std::string(errors::refusal_reason_required)},
  };
  for (auto& c : table) {
    auto r = service->transition(*c.who, id, c.t);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
  }
  EXPECT_EQ(service->get_case(officer, id)->c.state, "filed");
  EXPECT_EQ(count("case_events"), events);
  EXPECT_EQ(count("audit_log"), audits);
  EXPECT_EQ(count("notifications"), notes);
}

TEST_F(DisputesStore, OtherPartiesGet404AndRolesWithoutCaseAccess403) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  ASSERT_TRUE(service->transition(mediator, id, accept()).ok());
  for (auto* who : {&other_patient, &officer2, &adjuster2}) {
    auto r = service->get_case(*who, id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "resource_not_found");
    EXPECT_EQ(service->materials(*who, id).error().code, "resource_not_found");
  }
  EXPECT_TRUE(service->get_case(adjuster, id).ok());
  EXPECT_TRUE(service->list_cases(officer2, {})->empty());
  EXPECT_EQ(service->list_cases(adjuster, {})->size(), 1u);
  RequestContext expert = mediator;
  expert.actor.roles = {"expert"};
  expert.actor.permissions = accounts::permissions_for(expert.actor.roles);
  EXPECT_EQ(service->get_case(expert, id).error().code, "permission_denied");
}

TEST_F(DisputesStore, WithoutConsentTheMediatorSeesTheCaseButNotTheNarrativeOrFiles) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  ASSERT_TRUE(service->transition(mediator, id, accept()).ok());
  auto a = service->upload(patient, id, "medical_records_copy", "病历.pdf", "application/pdf", pdf());
  ASSERT_TRUE(a.ok()) << a.error().code;

  auto seen = service->get_case(mediator, id);
  EXPECT_TRUE(seen->c.narrative_withheld);
  EXPECT_FALSE(seen->c.narrative.has_value());
  auto m = service->materials(mediator, id);
  EXPECT_TRUE(m->attachments_withheld);
  for (const auto& i : m->items) EXPECT_TRUE(i.attachments.empty());
  EXPECT_EQ(service->download(mediator, id, a->id).error().code, errors::patient_consent_required);
  EXPECT_EQ(service->set_consent(officer, id, "mediator", true).error().code, errors::consent_only_by_patient);

  ASSERT_TRUE(service->set_consent(patient, id, "mediator", true).ok());
  EXPECT_EQ(service->get_case(mediator, id)->c.narrative, "石膏过紧致手指麻木。");
  auto file = service->download(mediator, id, a->id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->bytes, pdf());

  ASSERT_TRUE(service->set_consent(patient, id, "mediator", false).ok());
  EXPECT_TRUE(service->get_case(mediator, id)->c.narrative_withheld) << "revocation takes effect at once";
  EXPECT_EQ(service->download(mediator, id, a->id).error().code, errors::patient_consent_required);
}

TEST_F(DisputesStore, AttachmentsAreEncryptedOnDiskAndRefusedUploadsLeaveNothing) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  struct C { std::string type, content, code; };
  std::vector<C> refused = {
      {"application/pdf", "%PDF-" + std::string(kMaxAttachmentBytes - 4, 'x'), std::string(errors::attachment_too_large)},
      {"application/x-msdownload", "MZ\x90", std::string(errors::attachment_type_not_allowed)},
      {"image/png", pdf(), std::string(errors::attachment_content_does_not_match_type)},
  };
  for (const auto& c : refused)
    EXPECT_EQ(service->upload(patient, id, "medical_records_copy", "a.pdf", c.type, c.content).error().code, c.code);
  EXPECT_EQ(service->upload(patient, id, "no_such_item", "a.pdf", "application/pdf", pdf()).error().code,
            errors::material_item_not_in_checklist);
  EXPECT_EQ(service->upload(other_patient, id, "medical_records_copy", "a.pdf", "application/pdf", pdf()).error().code,
            "resource_not_found");
  EXPECT_EQ(count("case_attachments"), 0);
  EXPECT_TRUE(!std::filesystem::exists(attachments) || std::filesystem::is_empty(attachments) ||
              std::filesystem::is_empty(attachments / std::to_string(id)));

  auto a = service->upload(patient, id, "medical_records_copy", "a.pdf", "application/pdf", pdf());
  ASSERT_TRUE(a.ok());
  auto path = attachments / std::to_string(id) / a->storage_key;
  std::ifstream in(path, std::ios::binary);
  std::string on_disk((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(on_disk.find("%PDF"), std::string::npos) << "the file is stored encrypted";
  EXPECT_EQ(a->sha256.size(), 64u);
  std::string narrative;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT narrative_enc FROM dispute_cases", soci::into(narrative); });
  EXPECT_EQ(narrative.find("石膏"), std::string::npos) << "the narrative is stored encrypted";
}

TEST_F(DisputesStore, AnUploadWhoseCommitFailsLeavesNoFileOnDisk) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  // A constraint checked only at COMMIT that every attachment row breaks: the inserts pass, the commit fails.
  db->write([&](db::Tx& tx) {
    if (db->dialect() == db::Dialect::sqlite) {
      tx.sql() << "CREATE TABLE commit_blocker "
                  "(case_id INTEGER REFERENCES dispute_cases (id) DEFERRABLE INITIALLY DEFERRED)";
      tx.sql() << "CREATE TRIGGER block_commit AFTER INSERT ON case_attachments BEGIN "
                  "INSERT INTO commit_blocker VALUES (-1); END";
    } else {
      tx.sql() << "CREATE FUNCTION block_commit() RETURNS trigger LANGUAGE plpgsql AS "
                  "'BEGIN RAISE EXCEPTION ''commit blocked''; END'";
      tx.sql() << "CREATE CONSTRAINT TRIGGER block_commit AFTER INSERT ON case_attachments "
                  "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION block_commit()";
    }
  });
  EXPECT_ANY_THROW(service->upload(patient, id, "medical_records_copy", "a.pdf", "application/pdf", pdf()));
  EXPECT_EQ(count("case_attachments"), 0);
  auto dir = attachments / std::to_string(id);
  EXPECT_TRUE(!std::filesystem::exists(dir) || std::filesystem::is_empty(dir)) << "no orphan file";
}

TEST_F(DisputesStore, AComplaintIsAnsweredConfirmedReopenedAndTurnedIntoACase) {
  NewComplaint nc{patient.actor.user_id, hospital, "service_attitude", "门诊部", "候诊三小时无人解释。",
                  *Date::parse("2026-02-27"), false};
  EXPECT_EQ(service->file_complaint(officer2, nc).error().code, errors::filing_for_another_institution);
  auto c = service->file_complaint(officer, nc);  // on the patient's behalf
  ASSERT_TRUE(c.ok()) << c.error().code;
  EXPECT_EQ(c->response_due, "2026-03-09");
  EXPECT_EQ(service->get_complaint(other_patient, c->c.id).error().code, "resource_not_found");
  std::int64_t id = c->c.id;
  ASSERT_TRUE(service->complaint_action(officer, id, "respond", "已向分诊台核实并致歉。", {}, {}).ok());
  EXPECT_EQ(service->complaint_action(officer, id, "close", {}, {}, {}).error().code,
            errors::complaint_close_awaits_complainant);
  ASSERT_TRUE(service->complaint_action(patient, id, "reopen", "分诊护士态度恶劣，有录音。", {}, {}).ok());
  auto escalated = service->complaint_action(patient, id, "escalate", {}, "other_harm", Money::from_fen(300'000));
  ASSERT_TRUE(escalated.ok()) << escalated.error().code;
  EXPECT_EQ(escalated->c.state, "escalated");
  ASSERT_TRUE(escalated->c.case_id.has_value());
  auto created = service->get_case(patient, *escalated->c.case_id);
  EXPECT_EQ(created->c.narrative, "候诊三小时无人解释。");
  EXPECT_EQ(created->c.complaint_id, id);
}

TEST_F(DisputesStore, LegalAidAssignsALawyerWhoLogsConsultations) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  EXPECT_EQ(service->get_case(lawyer, id).error().code, "resource_not_found") << "before the request";
  EXPECT_EQ(service->request_legal_aid(mediator, id, "").error().code, errors::transition_not_allowed_for_role);
  auto helped = service->request_legal_aid(patient, id, "需要代写调解申请书");
  ASSERT_TRUE(helped.ok()) << helped.error().code;
  EXPECT_EQ(helped->c.lawyer_user_id, lawyer.actor.user_id);
  EXPECT_EQ(service->request_legal_aid(patient, id, "").error().code, errors::legal_aid_already_assigned);
  auto seen = service->get_case(lawyer, id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->c.narrative_withheld) << "the lawyer, too, needs the patient's consent";
  EXPECT_EQ(service->log_consultation(mediator, id, "x").error().code, errors::transition_not_allowed_for_role);
  auto logged = service->log_consultation(lawyer, id, "解释调解与诉讼两种途径及时限。");
  ASSERT_TRUE(logged.ok());
  EXPECT_EQ(logged->kind, "legal_aid_consultation");
}

TEST_F(DisputesStore, AnOverdueClockRaisesOneReminderPerDueDate) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;  // acceptance due Mon 2026-03-09
  clock.advance(std::chrono::hours(24 * 7));                          // Mon 03-09: due today, not late
  EXPECT_EQ(service->remind_overdue(), 0);
  clock.advance(std::chrono::hours(24));                              // Tue 03-10: one day late
  auto before = count("notifications");
  EXPECT_EQ(service->remind_overdue(), 1);
  EXPECT_EQ(service->remind_overdue(), 0) << "one reminder per due date";
  EXPECT_GT(count("notifications"), before);
  CaseFilter overdue;
  overdue.overdue_only = true;
  ASSERT_EQ(service->list_cases(officer, overdue)->size(), 1u);
  EXPECT_EQ(service->events(patient, id, 0, 500)->back().kind, "deadline_overdue");
  ASSERT_TRUE(service->transition(mediator, id, accept()).ok());
  EXPECT_TRUE(service->list_cases(officer, overdue)->empty()) << "accepted: the 30-day clock now runs";
}

TEST_F(DisputesStore, ADisabilityCaseIsReportedToTheHealthAuthorityOnceAndIsOverdueUntilThen) {
  NewCase c = other_harm();
  c.case_type = "disability";
  std::int64_t id = service->file_case(patient, c)->c.id;
  // Whether the case shows the reporting deadline as overdue; nullopt when it shows no such deadline.
  auto report_overdue = [&](const RequestContext& who) {
    auto view = service->get_case(who, id);
    EXPECT_TRUE(view.ok());
    std::optional<bool> overdue;
    if (view.ok())
      for (const auto& d : view->deadlines)
        if (d.id == "health_authority_report") overdue = d.overdue;
    return overdue;
  };
  EXPECT_EQ(report_overdue(officer), std::optional<bool>(false));
  clock.advance(std::chrono::hours(13));
  EXPECT_EQ(report_overdue(officer), std::optional<bool>(true)) << "12 hours after filing (platform reminder)";
  CaseFilter overdue;
  overdue.overdue_only = true;
  ASSERT_EQ(service->list_cases(officer, overdue)->size(), 1u) << "the overdue filter sees the late report";
  EXPECT_EQ(service->remind_overdue(), 1);
  EXPECT_EQ(service->remind_overdue(), 0) << "one reminder for the report";
  auto reminder = service->events(officer, id, 0, 500)->back();
  EXPECT_EQ(reminder.kind, "deadline_overdue");
  EXPECT_NE(reminder.details_json.find("health_authority_report"), std::string::npos);

  HealthReportInput in{"明湖市卫生健康委员会", "MH-2026-0001", "电话及书面报告"};
  EXPECT_EQ(service->report_to_health_authority(mediator, id, in).error().code, errors::health_authority_report_not_for_role);
  EXPECT_EQ(service->report_to_health_authority(officer2, id, in).error().code, "resource_not_found");
  auto audits = count("audit_log");
  auto done = service->report_to_health_authority(officer, id, in);
  EXPECT_EQ(count("audit_log"), audits + 1) << "audited in the same transaction";
  ASSERT_TRUE(done.ok()) << done.error().code;
  EXPECT_EQ(done->kind, "report_to_health_authority");
  EXPECT_NE(done->details_json.find("MH-2026-0001"), std::string::npos);
  EXPECT_EQ(report_overdue(patient), std::nullopt) << "reported: the deadline is gone";
  EXPECT_TRUE(service->list_cases(officer, overdue)->empty()) << "reported, and acceptance is not yet due";
  EXPECT_EQ(service->remind_overdue(), 0);
  EXPECT_EQ(service->report_to_health_authority(officer, id, in).error().code, errors::health_authority_report_already_made);

  std::int64_t minor = service->file_case(patient, other_harm())->c.id;
  EXPECT_EQ(service->report_to_health_authority(officer, minor, in).error().code,
            errors::health_authority_report_not_required);
}

// ---------------------------------------------------------------- issue 18: mediation and clocks

Timestamp shanghai_morning(const char* day) {
  return Timestamp::start_of_shanghai_day(*Date::parse(day)) + std::chrono::hours(9);
}

// Issue 18 items 9 and 10: only the committee accepts people's mediation; when its 30 working days run
// out without agreement the job moves the case to mediation_failed (art. 38 "deemed failed") with the
// routes still open, and the health authority may take the administrative route.
TEST_F(DisputesStore, TheMediationPeriodRunsOutAndTheJobFailsTheCaseWithItsNextRoutes) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  EXPECT_EQ(service->transition(officer, id, accept()).error().code, errors::transition_not_allowed_for_role)
      << "the hospital does not accept into people's mediation";
  auto accepted = service->transition(mediator, id, accept());
  ASSERT_TRUE(accepted.ok()) << accepted.error().code;
  ASSERT_EQ(accepted->due_on, "2026-04-14");
  ASSERT_TRUE(service->transition(mediator, id, step("start_investigation")).ok());
  ASSERT_TRUE(service->transition(mediator, id, step("start_mediation")).ok());
  clock.set(shanghai_morning("2026-04-14"));
  service->remind_overdue();
  EXPECT_EQ(service->get_case(officer, id)->c.state, "mediation") << "the 30th working day is in time";
  clock.set(shanghai_morning("2026-04-15"));
  EXPECT_GE(service->remind_overdue(), 1);
  auto failed = service->get_case(officer, id);
  EXPECT_EQ(failed->c.state, "mediation_failed");
  EXPECT_EQ(failed->next_routes, (std::vector<std::string>{"administrative_mediation", "litigation"}));
  EXPECT_EQ(service->events(patient, id, 0, 500)->back().kind, "mediation_period_expired");
  EXPECT_EQ(service->remind_overdue(), 0) << "moved once";
  // The administrative route: the health authority accepts, a mediator may not.
  auto authority_org =
      accounts->create_organization_as_system({"测试卫生健康委员会", "regulator", "440000", {}, {}})->id;
  RequestContext authority = ctx_for(
      *accounts->create_user_as_system({"health1", "health1", "Strong-pass-1", {"regulator"}, authority_org, {}}));
  authority.actor.region_code = "440000";
  EXPECT_EQ(service->transition(mediator, id, accept("administrative_mediation")).error().code,
            errors::transition_not_allowed_for_role);
  auto again = service->transition(authority, id, accept("administrative_mediation"));
  ASSERT_TRUE(again.ok()) << again.error().code;
  EXPECT_EQ(again->c.state, "accepted");
  EXPECT_EQ(*again->c.accepted_on, "2026-04-15") << "a new 30-working-day clock";
}

// Issue 18 item 10: an extension agreed by the committee and both parties moves the due day, within
// the data file's bound; without it the case would have failed.
TEST_F(DisputesStore, AnExtensionAgreedByBothPartiesMovesTheDueDay) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  ASSERT_TRUE(service->transition(mediator, id, accept()).ok());
  ASSERT_TRUE(service->transition(mediator, id, step("start_investigation")).ok());
  ASSERT_TRUE(service->transition(mediator, id, step("start_mediation")).ok());
  clock.set(shanghai_morning("2026-04-10"));
  EXPECT_EQ(service->extend_mediation(officer, id, {5, true, true, ""}).error().code,
            errors::transition_not_allowed_for_role);
  EXPECT_EQ(service->extend_mediation(mediator, id, {5, true, false, ""}).error().code,
            errors::mediation_extension_needs_both_parties);
  EXPECT_EQ(service->extend_mediation(mediator, id, {31, true, true, ""}).error().code,
            errors::mediation_extension_above_limit);
  auto extended = service->extend_mediation(mediator, id, {5, true, true, "双方同意延长"});
  ASSERT_TRUE(extended.ok()) << extended.error().code;
  EXPECT_EQ(extended->due_on, "2026-04-21");
  EXPECT_EQ(extended->mediation_extended_working_days, 5);
  EXPECT_EQ(service->extend_mediation(mediator, id, {26, true, true, ""}).error().code,
            errors::mediation_extension_above_limit)
      << "5 + 26 > 30 working days in all";
  clock.set(shanghai_morning("2026-04-21"));
  service->remind_overdue();
  EXPECT_EQ(service->get_case(officer, id)->c.state, "mediation");
  clock.set(shanghai_morning("2026-04-22"));
  service->remind_overdue();
  EXPECT_EQ(service->get_case(officer, id)->c.state, "mediation_failed");
  EXPECT_EQ(service->extend_mediation(mediator, id, {5, true, true, ""}).error().code,
            errors::transition_not_allowed_in_state);
}

// Issue 18 item 11: a reopened complaint kept its original due date and was overdue at once.
TEST_F(DisputesStore, AReopenedComplaintsClockRestarts) {
  NewComplaint nc{patient.actor.user_id,      hospital, "service_attitude", "门诊部", "候诊三小时无人解释。",
                  *Date::parse("2026-02-27"), false};
  auto c = service->file_complaint(patient, nc);
  ASSERT_TRUE(c.ok()) << c.error().code;
  ASSERT_EQ(c->response_due, "2026-03-09");
  std::int64_t id = c->c.id;
  ASSERT_TRUE(service->complaint_action(officer, id, "respond", "已致歉。", {}, {}).ok());
  clock.set(shanghai_morning("2026-03-17"));
  auto reopened = service->complaint_action(patient, id, "reopen", "问题仍未解决。", {}, {});
  ASSERT_TRUE(reopened.ok()) << reopened.error().code;
  EXPECT_EQ(reopened->c.reopened_on, "2026-03-17");
  EXPECT_EQ(reopened->response_due, "2026-03-24") << "5 working days from the reopening";
  EXPECT_FALSE(reopened->overdue);
  clock.set(shanghai_morning("2026-03-25"));
  EXPECT_TRUE(service->get_complaint(patient, id)->overdue);
}

// Issue 18 item 13: complaint deadlines warn like case deadlines when they fall beyond the calendar.
TEST_F(DisputesStore, AComplaintDueBeyondTheHolidayCalendarWarns) {
  int last = 2026;
  while (calendar().covers(last + 1)) ++last;
  std::string day = std::to_string(last) + "-12-30";
  clock.set(shanghai_morning(day.c_str()));
  NewComplaint nc{patient.actor.user_id, hospital, "fees", "收费处", "多收费用。", *Date::parse(day), false};
  auto c = service->file_complaint(patient, nc);
  ASSERT_TRUE(c.ok()) << c.error().code;
  EXPECT_EQ(c->response_due.substr(0, 4), std::to_string(last + 1));
  EXPECT_TRUE(c->calendar_uncovered);
  clock.set(shanghai_morning("2026-03-02"));
  nc.incident_date = *Date::parse("2026-03-01");
  EXPECT_FALSE(service->file_complaint(patient, nc)->calendar_uncovered);
}

// Issue 18 item 14: a sealing dated 2020 was accepted (its self-unsealing day already passed), and the
// institution alone may unseal only once the dispute is resolved (art. 24).
TEST_F(DisputesStore, ASealingIsRecordedWhenItHappens) {
  std::int64_t id = service->file_case(patient, other_harm())->c.id;
  RecordEventInput old{"record_sealing", *Timestamp::parse("2020-05-01T02:00:00Z"), {"患方", "院方"}, ""};
  EXPECT_EQ(service->record_event(officer, id, old).error().code, errors::record_event_time_out_of_range);
  RecordEventInput now{"record_sealing", clock.now(), {"患方", "院方"}, ""};
  auto sealed = service->record_event(officer, id, now);
  ASSERT_TRUE(sealed.ok()) << sealed.error().code;
  EXPECT_EQ(nlohmann::json::parse(sealed->details_json)["self_unseal_on"], "2029-03-02");
  RecordEventInput alone{"record_unsealing", clock.now(), {"院方"}, ""};
  EXPECT_EQ(service->record_event(officer, id, alone).error().code, errors::record_unsealing_needs_both_parties)
      << "the dispute is still open";
  RecordEventInput both{"record_unsealing", clock.now(), {"患方", "院方"}, ""};
  EXPECT_TRUE(service->record_event(officer, id, both).ok());
}

}  // namespace
}  // namespace medrisk::testing
