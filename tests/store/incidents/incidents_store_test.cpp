// Incidents on a real database (SQLite and PostgreSQL) with a manual clock: an anonymous report leaves
// no trace of its reporter in any incidents table or in the audit log; the reply token opens the thread
// both ways; the authority-report reminder fires at the wall-clock instant of its class; the insurer is
// told early of major incidents; tallies count by institution, department, month and class.
#include <soci/soci.h>

#include "modules/incidents/api.hpp"
#include "modules/incidents/errors.hpp"
#include "platform/db/rows.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::incidents;

Timestamp T(const char* s) { return *Timestamp::parse(s); }

class FakeLinks final : public CaseLinks {
 public:
  std::map<std::int64_t, std::int64_t> cases;  // case id → institution
  std::optional<std::int64_t> case_institution(db::Tx&, std::int64_t id) override {
    auto it = cases.find(id);
    return it == cases.end() ? std::nullopt : std::optional(it->second);
  }
  std::optional<std::int64_t> complaint_institution(const RequestContext&, std::int64_t) override { return std::nullopt; }
};

class FakeInsurers final : public InsurerLookup {
 public:
  std::optional<std::int64_t> insurer;
  std::optional<std::int64_t> insurer_of(db::Tx&, std::int64_t, Date, Date) override { return insurer; }
};

class IncidentsStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return migrations_of({incidents::module_spec()}); }
  void SetUp() override {
    StoreTest::SetUp();
    clock.set(T("2026-03-02T10:00:00+08:00"));
    hospital = org("明湖测试第一医院", "medical_institution", "general", "3A");
    other_hospital = org("明湖测试第二医院", "medical_institution", "general", "2A");
    insurer = org("测试安和保险", "insurer");
    regulator_org = org("测试卫健委", "regulator");
    officer = user("officer1", "medical_officer", hospital);
    doctor = user("doctor1", "clinician", hospital);
    doctor.request_id = "req-doctor-7f3a9";
    doctor.actor.session_id = 987654321;
    other_officer = user("officer2", "medical_officer", other_hospital);
    adjuster = user("adj1", "adjuster", insurer);
    regulator = user("reg1", "regulator", regulator_org);
    service = std::make_unique<IncidentService>(*db, keys, clock, load_params("data/incidents"), &links, &insurers);
  }

  NewIncident incident(SeverityClass cls, const char* occurred, const char* discovered, bool anonymous = false) {
    NewIncident n;
    n.anonymous = anonymous;
    n.category = "medication";
    n.department = "心内科";
    n.place = "心内科病区 12 床";
    n.harm_degree = "moderate";
    n.description = "两位患者的抗凝药混淆（测试）";
    n.occurred_at = T(occurred);
    n.discovered_at = T(discovered);
    n.severity_class = cls;
    return n;
  }

  int notifications(std::int64_t user_id, const std::string& kind) {
    return db->read([&](db::Tx& tx) {
      int n = 0;
      for (const auto& i : outbox::inbox(tx, user_id, "zh-CN", false, 0, 200))
        if (i.kind == kind) ++n;
      return n;
    });
  }

  std::int64_t hospital = 0, other_hospital = 0, insurer = 0, regulator_org = 0;
  RequestContext officer, doctor, other_officer, adjuster, regulator;
  FakeLinks links;
  FakeInsurers insurers;
  std::unique_ptr<IncidentService> service;
};

// Every column of every row of `table` as text (NULL as nullopt), by column name.
std::vector<std::map<std::string, std::optional<std::string>>> raw_rows(db::Database& db, const std::string& table,
                                                                      const std::string& where = "1 = 1") {
  return db.read([&](db::Tx& tx) {
    std::vector<std::map<std::string, std::optional<std::string>>> out;
    soci::rowset<soci::row> rows = (tx.sql().prepare << "SELECT * FROM " + table + " WHERE " + where);
    for (const auto& r : rows) {
      std::map<std::string, std::optional<std::string>> row;
      for (std::size_t i = 0; i < r.size(); ++i) {
        std::string name = r.get_properties(i).get_name();
        if (r.get_indicator(i) != soci::i_ok) {
          row[name] = std::nullopt;
          continue;
        }
        switch (r.get_properties(i).get_data_type()) {
          case soci::dt_string: row[name] = r.get<std::string>(i); break;
          default: row[name] = std::to_string(db::int64_at(r, i));
        }
      }
      out.push_back(std::move(row));
    }
    return out;
  });
}

TEST_F(IncidentsStore, AnAnonymousReportStoresNothingThatIdentifiesItsReporter) {
  auto rep = service->report(doctor, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00",
                                              "2026-03-01T10:00:00+08:00", true));
  ASSERT_TRUE(rep.ok()) << rep.error().code;
  ASSERT_TRUE(rep->reply_token.has_value());
  std::int64_t id = rep->view.i.id;
  // Both sides of the thread, an analysis and an action, so every incidents table has rows.
  ASSERT_TRUE(service->post_message(officer, id, "请补充排班情况").ok());
  ASSERT_TRUE(service->post_by_token(*rep->reply_token, "当班两人").ok());
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::start_review).ok());
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::start_rca).ok());
  RootCauseAnalysis rca;
  rca.fishbone = {{"people", {"培训不足"}}};
  ASSERT_TRUE(service->record_rca(officer, id, rca).ok());
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::plan_actions).ok());
  ASSERT_TRUE(service->add_action(officer, id, {"修订制度", officer.actor.user_id, D("2026-04-01")}).ok());

  const std::string reporter_id = std::to_string(doctor.actor.user_id);
  const std::vector<std::string> identifying = {"doctor1", doctor.request_id, "987654321"};
  for (const char* table : {"incidents", "incident_actions", "incident_messages"}) {
    auto rows = raw_rows(*db, table);
    ASSERT_FALSE(rows.empty()) << table;
    for (const auto& row : rows)
      for (const auto& [column, value] : row) {
        if (!value) continue;
        // No user column names the reporter (the officer's own ids may appear: they are not anonymous).
        if (column.ends_with("user_id")) EXPECT_NE(*value, reporter_id) << table << "." << column;
        for (const auto& s : identifying) EXPECT_EQ(value->find(s), std::string::npos) << table << "." << column;
      }
  }
  auto incident_row = raw_rows(*db, "incidents").at(0);
  EXPECT_FALSE(incident_row.at("reporter_user_id").has_value());
  EXPECT_EQ(incident_row.at("anonymous"), "1");
  EXPECT_NE(incident_row.at("reply_token_hash"), rep->reply_token);  // only the hash is stored
  EXPECT_EQ(incident_row.at("description_enc")->find("抗凝药"), std::string::npos);  // encrypted
  for (const auto& m : raw_rows(*db, "incident_messages", "author = 'reporter'"))
    EXPECT_FALSE(m.at("author_user_id").has_value());

  // The audit entries of the report and of the reporter's message: an anonymous actor.
  auto audit = raw_rows(*db, "audit_log", "resource_type = 'incident' AND resource_id = '" + std::to_string(id) + "'");
  int anonymous_entries = 0;
  for (const auto& e : audit) {
    EXPECT_NE(e.at("actor_user_id"), reporter_id);
    for (const auto& [column, value] : e)
      for (const auto& s : identifying)
        if (value) EXPECT_EQ(value->find(s), std::string::npos) << "audit_log." << column;
    if (e.at("action") == "incident.report" || (e.at("action") == "incident.message" && !e.at("actor_user_id"))) {
      EXPECT_FALSE(e.at("actor_user_id").has_value());
      EXPECT_FALSE(e.at("actor_organization_id").has_value());
      EXPECT_EQ(e.at("request_id"), "anonymous");
      ++anonymous_entries;
    }
  }
  EXPECT_EQ(anonymous_entries, 2);
  // The officers learn of it; the reporter's user gets nothing that names the report as theirs.
  EXPECT_EQ(notifications(officer.actor.user_id, "incident.reported"), 1);
  EXPECT_EQ(notifications(doctor.actor.user_id, "incident.message"), 0);
}

TEST_F(IncidentsStore, TheReplyTokenOpensTheThreadBothWays) {
  auto rep = service->report(doctor, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00",
                                              "2026-03-01T10:00:00+08:00", true));
  ASSERT_TRUE(rep.ok());
  std::int64_t id = rep->view.i.id;
  ASSERT_TRUE(service->post_message(officer, id, "请问发生在哪个班次？").ok());
  auto seen = service->by_token(*rep->reply_token);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->messages.size(), 1u);
  EXPECT_EQ(seen->messages[0].author, MessageAuthor::reviewer);
  EXPECT_EQ(seen->messages[0].body, "请问发生在哪个班次？");
  ASSERT_TRUE(service->post_by_token(*rep->reply_token, "夜班").ok());
  auto v = service->get(officer, id);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->messages.size(), 2u);
  EXPECT_EQ(v->messages[1].author, MessageAuthor::reporter);
  EXPECT_EQ(v->messages[1].body, "夜班");
  EXPECT_EQ(notifications(officer.actor.user_id, "incident.message"), 1);
  // Another token, or none, finds nothing.
  EXPECT_EQ(service->by_token("not-a-token").error().code, errors::incident_reply_token_invalid);
  EXPECT_EQ(service->by_token("").error().code, errors::incident_reply_token_invalid);
  // A named report has no token.
  auto named = service->report(doctor, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00",
                                                "2026-03-01T10:00:00+08:00", false));
  ASSERT_TRUE(named.ok());
  EXPECT_FALSE(named->reply_token.has_value());
  EXPECT_EQ(named->view.i.reporter_user_id, doctor.actor.user_id);
}

TEST_F(IncidentsStore, TheReminderFiresAtTheWallClockInstantOfEachClass) {
  // Discovered at 23:30 Beijing time on 2 March.
  clock.set(T("2026-03-02T23:40:00+08:00"));
  auto major = service->report(officer, incident(SeverityClass::major, "2026-03-02T23:00:00+08:00", "2026-03-02T23:30:00+08:00"));
  auto extra = service->report(officer, incident(SeverityClass::extraordinary, "2026-03-02T23:00:00+08:00", "2026-03-02T23:30:00+08:00"));
  auto general = service->report(officer, incident(SeverityClass::general, "2026-03-02T23:00:00+08:00", "2026-03-02T23:30:00+08:00"));
  ASSERT_TRUE(major.ok() && extra.ok() && general.ok());
  EXPECT_EQ(major->view.i.report_due_at, T("2026-03-03T11:30:00+08:00").to_iso_utc());
  EXPECT_EQ(extra->view.i.report_due_at, T("2026-03-03T01:30:00+08:00").to_iso_utc());
  EXPECT_EQ(general->view.i.report_due_at, T("2026-03-17T23:30:00+08:00").to_iso_utc());

  struct Step {
    const char* at;
    int reminders;
  };
  const Step steps[] = {
      {"2026-03-03T01:29:59+08:00", 0},  // extraordinary: not yet
      {"2026-03-03T01:31:00+08:00", 1},  // extraordinary: 2 h after discovery
      {"2026-03-03T09:00:00+08:00", 0},  // once only
      {"2026-03-03T11:29:00+08:00", 0},  // major: not yet
      {"2026-03-03T11:31:00+08:00", 1},  // major: 11:30 the next day
      {"2026-03-17T23:29:00+08:00", 0},  // general: not yet on day 15 before the hour
      {"2026-03-17T23:31:00+08:00", 1},  // general: 15 calendar days
      {"2026-03-18T08:00:00+08:00", 0},
  };
  for (const auto& s : steps) {
    clock.set(T(s.at));
    EXPECT_EQ(service->remind_overdue(), s.reminders) << s.at;
  }
  EXPECT_EQ(notifications(officer.actor.user_id, "incident.report_overdue"), 3);
  // The overdue filter and the summary see them; a report to the authority takes one off, marked late.
  IncidentFilter f;
  f.overdue_only = true;
  EXPECT_EQ(service->list(officer, f)->size(), 3u);
  auto reported = service->report_to_authority(officer, major->view.i.id, {"明湖市卫生健康委员会", "MH-1", std::nullopt});
  ASSERT_TRUE(reported.ok()) << reported.error().code;
  EXPECT_TRUE(reported->i.authority_report->late);
  EXPECT_FALSE(reported->overdue);
  EXPECT_EQ(service->list(officer, f)->size(), 2u);
  EXPECT_EQ(service->summary(officer)->overdue, 2);
  EXPECT_EQ(service->report_to_authority(officer, major->view.i.id, {"x", "", std::nullopt}).error().code,
            errors::incident_already_reported_to_authority);
}

TEST_F(IncidentsStore, AReportInTimeIsNotLateAndNeverReminded) {
  clock.set(T("2026-03-02T12:00:00+08:00"));
  auto major = service->report(officer, incident(SeverityClass::major, "2026-03-02T09:00:00+08:00", "2026-03-02T10:00:00+08:00"));
  ASSERT_TRUE(major.ok());
  auto r = service->report_to_authority(officer, major->view.i.id, {"明湖市卫生健康委员会", "", std::nullopt});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->i.authority_report->late);
  clock.set(T("2026-03-05T12:00:00+08:00"));
  EXPECT_EQ(service->remind_overdue(), 0);
}

TEST_F(IncidentsStore, TheInsurerIsToldEarlyOfMajorIncidentsAndLinkedCases) {
  insurers.insurer = insurer;
  auto general = service->report(officer, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00", "2026-03-01T10:00:00+08:00"));
  auto major = service->report(officer, incident(SeverityClass::major, "2026-03-01T09:00:00+08:00", "2026-03-01T10:00:00+08:00"));
  ASSERT_TRUE(general.ok() && major.ok());
  EXPECT_FALSE(general->view.i.insurer_notified_at.has_value());
  EXPECT_TRUE(major->view.i.insurer_notified_at.has_value());
  EXPECT_EQ(notifications(adjuster.actor.user_id, "incident.early_notice"), 1);
  // A general incident linked later to a dispute case of the institution: told then, once.
  links.cases = {{7, hospital}, {8, other_hospital}};
  EXPECT_EQ(service->link_case(officer, general->view.i.id, 8).error().code, errors::incident_link_case_not_found);
  auto linked = service->link_case(officer, general->view.i.id, 7);
  ASSERT_TRUE(linked.ok()) << linked.error().code;
  EXPECT_EQ(linked->i.case_id, 7);
  EXPECT_TRUE(linked->i.insurer_notified_at.has_value());
  EXPECT_EQ(notifications(adjuster.actor.user_id, "incident.early_notice"), 2);
  EXPECT_EQ(service->link_case(officer, general->view.i.id, 7).error().code, errors::incident_already_linked);
  IncidentFilter f;
  f.case_id = 7;
  EXPECT_EQ(service->list(officer, f)->size(), 1u);
}

TEST_F(IncidentsStore, OnlyTheInstitutionAndTheRegulatorSeeAnIncident) {
  auto rep = service->report(doctor, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00", "2026-03-01T10:00:00+08:00"));
  ASSERT_TRUE(rep.ok());
  std::int64_t id = rep->view.i.id;
  EXPECT_TRUE(service->get(officer, id).ok());
  EXPECT_TRUE(service->get(doctor, id).ok());
  EXPECT_TRUE(service->get(regulator, id).ok());
  EXPECT_EQ(service->get(other_officer, id).error().code, "resource_not_found");
  EXPECT_EQ(service->get(adjuster, id).error().code, "permission_denied");
  EXPECT_EQ(service->transition(other_officer, id, IncidentAction::start_review).error().code, "resource_not_found");
  // Clinicians read; only officers handle; the regulator reads only.
  EXPECT_EQ(service->transition(doctor, id, IncidentAction::start_review).error().code, errors::incident_reviewer_only);
  EXPECT_FALSE(service->transition(regulator, id, IncidentAction::start_review).ok());
  EXPECT_EQ(service->list(other_officer, {})->size(), 0u);
  EXPECT_EQ(service->list(regulator, {})->size(), 1u);
}

TEST_F(IncidentsStore, ClosingWaitsForEveryAction) {
  auto rep = service->report(doctor, incident(SeverityClass::general, "2026-03-01T09:00:00+08:00", "2026-03-01T10:00:00+08:00"));
  std::int64_t id = rep->view.i.id;
  EXPECT_EQ(service->transition(officer, id, IncidentAction::close).error().code, errors::incident_transition_not_allowed);
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::start_review).ok());
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::start_rca).ok());
  EXPECT_EQ(service->transition(officer, id, IncidentAction::plan_actions).error().code, errors::incident_rca_required);
  RootCauseAnalysis rca;
  rca.method = RcaMethod::five_whys;
  rca.whys = {"核对被跳过", "工作量大", "人手不足"};
  ASSERT_TRUE(service->record_rca(officer, id, rca).ok());
  ASSERT_TRUE(service->transition(officer, id, IncidentAction::plan_actions).ok());
  EXPECT_EQ(service->transition(officer, id, IncidentAction::close).error().code, errors::incident_actions_required);
  EXPECT_EQ(service->add_action(officer, id, {"外院人员", other_officer.actor.user_id, D("2026-04-01")}).error().code,
            errors::incident_action_owner_not_in_institution);
  auto v = service->add_action(officer, id, {"修订排班制度", doctor.actor.user_id, D("2026-04-01")});
  ASSERT_TRUE(v.ok());
  v = service->add_action(officer, id, {"培训", officer.actor.user_id, D("2026-04-15")});
  ASSERT_EQ(v->actions.size(), 2u);
  // The owner marks their own action done.
  ASSERT_TRUE(service->set_action_status(doctor, id, v->actions[0].id, ActionStatus::done).ok());
  EXPECT_EQ(service->transition(officer, id, IncidentAction::close).error().code, errors::incident_actions_not_done);
  ASSERT_TRUE(service->set_action_status(officer, id, v->actions[1].id, ActionStatus::done).ok());
  auto closed = service->transition(officer, id, IncidentAction::close);
  ASSERT_TRUE(closed.ok()) << closed.error().code;
  EXPECT_EQ(closed->i.state, IncidentState::closed);
  auto back = service->get(officer, id);
  ASSERT_TRUE(back->i.rca.has_value());
  EXPECT_EQ(back->i.rca->whys, rca.whys);
}

TEST_F(IncidentsStore, TalliesCountByInstitutionDepartmentMonthAndClass) {
  clock.set(T("2026-05-10T10:00:00+08:00"));
  auto add = [&](const RequestContext& who, SeverityClass c, const char* occurred, const char* dept) {
    auto n = incident(c, occurred, occurred);
    n.department = dept;
    ASSERT_TRUE(service->report(who, n).ok());
  };
  add(officer, SeverityClass::general, "2026-01-31T23:30:00+08:00", "心内科");  // January in Beijing
  add(officer, SeverityClass::general, "2026-01-05T10:00:00+08:00", "心内科");
  add(officer, SeverityClass::major, "2026-01-06T10:00:00+08:00", "心内科");
  add(officer, SeverityClass::general, "2026-02-28T16:30:00Z", "骨科");  // 1 March in Beijing
  add(other_officer, SeverityClass::general, "2026-03-15T10:00:00+08:00", "骨科");
  add(officer, SeverityClass::general, "2025-12-31T10:00:00+08:00", "心内科");  // before the range
  std::vector<IncidentTally> t = db->read([&](db::Tx& tx) { return service->tallies(tx, "2026-01", "2026-03"); });
  auto count = [&](std::int64_t org, const std::string& dept, const std::string& month, const std::string& cls) {
    for (const auto& x : t)
      if (x.organization_id == org && x.department == dept && x.month == month && x.severity_class == cls) return x.count;
    return std::int64_t{0};
  };
  EXPECT_EQ(t.size(), 4u);
  EXPECT_EQ(count(hospital, "心内科", "2026-01", "general"), 2);
  EXPECT_EQ(count(hospital, "心内科", "2026-01", "major"), 1);
  EXPECT_EQ(count(hospital, "骨科", "2026-03", "general"), 1);
  EXPECT_EQ(count(other_hospital, "骨科", "2026-03", "general"), 1);
  EXPECT_EQ(count(hospital, "心内科", "2025-12", "general"), 0);
  auto sum = service->summary(officer);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->total, 5);
  EXPECT_EQ(sum->by_class.at("major"), 1);
  ASSERT_EQ(sum->by_month.size(), 12u);
  EXPECT_EQ(sum->by_month.back().first, "2026-05");
  EXPECT_EQ(sum->scope, "institution");
  EXPECT_EQ(service->summary(regulator)->total, 6);
}

}  // namespace
}  // namespace medrisk::testing
