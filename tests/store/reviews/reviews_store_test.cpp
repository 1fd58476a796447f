// The reviews service on a real database (SQLite and PostgreSQL): one review per subject, only one's
// own subject, moderation (the hospital never sees a phone or ID number; the author sees the raw
// comment), outreach created by a low rating with its working-day deadline and officers notified,
// transitions, the overdue reminder, aggregates with suppression and another hospital's 404.
// The owning modules' answer is a table here (FakeSubjects); module.cpp asks insurance and disputes.
#include <soci/soci.h>

#include "modules/reviews/api.hpp"
#include "modules/reviews/parameters.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::reviews {
namespace {

using testing::StoreTest;

class FakeSubjects final : public SubjectLookup {
 public:
  std::map<std::tuple<std::string, std::int64_t, std::int64_t>, ReviewSubject> table;
  std::optional<ReviewSubject> find(db::Tx&, const std::string& kind, std::int64_t id, std::int64_t patient) override {
    auto it = table.find({kind, id, patient});
    if (it == table.end()) return std::nullopt;
    return it->second;
  }
};

const WorkingCalendar& calendar() {
  static const WorkingCalendar cal = *WorkingCalendar::load(testing::source_dir() / "data/calendar/cn-holidays.json");
  return cal;
}

class ReviewsStoreTest : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return ReviewsService::migrations(); }
  void SetUp() override {
    StoreTest::SetUp();
    hospital = org("明湖市第一人民医院", "medical_institution", "general", "3A");
    other_hospital = org("明湖市中医院", "medical_institution", "tcm", "2B");
    officer = user("officer1", "medical_officer", hospital);
    other_officer = user("officer2", "medical_officer", other_hospital);
    patient = user("patient1", "patient", 0);
    stranger = user("patient2", "patient", 0);
    admin = user("admin1", "platform_admin", org("平台", "platform"));
    service = std::make_unique<ReviewsService>(*db, keys, clock, calendar(),
                                               load_parameters(testing::source_dir() / "data/reviews"), &subjects);
    subjects.table[{"visit", 11, patient.actor.user_id}] = {hospital, "骨科", *Date::parse("2026-02-27")};
    subjects.table[{"visit", 12, patient.actor.user_id}] = {hospital, "内科", *Date::parse("2026-02-28")};
    subjects.table[{"case", 5, patient.actor.user_id}] = {hospital, "骨科", *Date::parse("2026-01-10")};
  }
  NewReview review(const std::string& kind, std::int64_t id, int overall, std::optional<std::string> comment = {}) {
    NewReview r{kind, id, overall, {}, std::move(comment)};
    for (const auto& a : service->parameters().aspects.aspects) r.scores[a.key] = overall;
    return r;
  }
  long long count(const std::string& sql, long long id) {
    long long n = 0;
    db->read([&](db::Tx& tx) { tx.sql() << sql, soci::use(id), soci::into(n); });
    return n;
  }

  FakeSubjects subjects;
  std::unique_ptr<ReviewsService> service;
  std::int64_t hospital = 0, other_hospital = 0;
  RequestContext officer, other_officer, patient, stranger, admin;
};

TEST_F(ReviewsStoreTest, OneReviewPerSubjectAndOnlyOwnSubjects) {
  ASSERT_TRUE(service->create(patient, review("visit", 11, 5)).ok());
  EXPECT_EQ(service->create(patient, review("visit", 11, 4)).error().code, "review_already_exists");
  EXPECT_EQ(service->create(stranger, review("visit", 11, 4)).error().code, "resource_not_found");
  EXPECT_EQ(service->create(patient, review("visit", 99, 4)).error().code, "resource_not_found");
  EXPECT_EQ(service->create(officer, review("visit", 12, 4)).error().code, "permission_denied");
  EXPECT_TRUE(service->create(patient, review("case", 5, 4)).ok()) << "a case is a separate subject";
}

TEST_F(ReviewsStoreTest, HospitalSeesMaskedCommentAuthorSeesRaw) {
  auto created = service->create(patient, review("visit", 11, 4, "请回电 13800138000，身份证 11010519491231002X"));
  ASSERT_TRUE(created.ok()) << created.error().code;
  EXPECT_EQ(created->review.moderation_state, "published");
  auto seen = service->get(officer, created->review.id);
  ASSERT_TRUE(seen.ok());
  ASSERT_TRUE(seen->review.comment_masked);
  EXPECT_EQ(seen->review.comment_masked->find("13800138000"), std::string::npos);
  EXPECT_EQ(seen->review.comment_masked->find("11010519491231002X"), std::string::npos);
  EXPECT_FALSE(seen->review.comment) << "the raw comment is the author's";
  auto mine = service->get(patient, created->review.id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(*mine->review.comment, "请回电 13800138000，身份证 11010519491231002X");
  // At rest the raw comment is ciphertext.
  std::string stored;
  db->read([&](db::Tx& tx) {
    tx.sql() << "SELECT comment_enc FROM reviews WHERE id = :id", soci::use(static_cast<long long>(created->review.id)),
        soci::into(stored);
  });
  EXPECT_EQ(stored.find("13800138000"), std::string::npos);
  EXPECT_EQ(service->get(other_officer, created->review.id).error().code, "resource_not_found");
  EXPECT_EQ(service->get(stranger, created->review.id).error().code, "resource_not_found");
}

TEST_F(ReviewsStoreTest, HeldCommentWaitsForTheModerator) {
  auto created = service->create(patient, review("visit", 11, 4, "身份证110105194912310021请核实"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->review.moderation_state, "held");
  auto seen = service->get(officer, created->review.id);
  EXPECT_FALSE(seen->review.comment_masked);
  auto queue = service->list(admin, {std::string("held"), {}, {}}, 0, 50);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ(*queue->front().review.comment, "身份证110105194912310021请核实");
  EXPECT_EQ(service->moderate(officer, created->review.id, "publish", {}).error().code, "permission_denied");
  auto published = service->moderate(admin, created->review.id, "publish", std::string("身份证号码有误，请核实"));
  ASSERT_TRUE(published.ok()) << published.error().code;
  EXPECT_EQ(service->get(officer, created->review.id)->review.comment_masked, "身份证号码有误，请核实");
  EXPECT_EQ(service->moderate(admin, created->review.id, "reject", {}).error().code, "review_not_held");
}

TEST_F(ReviewsStoreTest, LowRatingCreatesOutreachTaskWithWorkingDayDeadline) {
  // 2026-03-02 (Monday) + 5 working days = 2026-03-09 (Monday).
  auto created = service->create(patient, review("visit", 11, 2, "等了三个小时"));
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(created->review.outreach_id);
  auto tasks = service->list_outreach(officer, std::nullopt, 0, 50);
  ASSERT_TRUE(tasks.ok());
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ(tasks->front().state, "open");
  EXPECT_EQ(tasks->front().due_on.to_string(), "2026-03-09");
  EXPECT_EQ(tasks->front().reasons, std::vector<std::string>{"low_rating"});
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE user_id = :u", officer.actor.user_id), 1);
  EXPECT_TRUE(service->list_outreach(other_officer, std::nullopt, 0, 50)->empty());
  EXPECT_EQ(service->get_outreach(other_officer, tasks->front().id).error().code, "resource_not_found");
  // A good rating with a harm keyword also proposes outreach; a good one without does not.
  EXPECT_TRUE(service->create(patient, review("visit", 12, 4, "术后伤口感染了"))->review.outreach_id);
  EXPECT_FALSE(service->create(patient, review("case", 5, 4, "很好"))->review.outreach_id);
}

TEST_F(ReviewsStoreTest, OutreachTransitionsAndOverdueReminderOnce) {
  auto created = service->create(patient, review("visit", 11, 1));
  std::int64_t task = *created->review.outreach_id;
  EXPECT_EQ(service->outreach_action(officer, task, {"contact", std::string("已电话联系"), {}})->state, "contacted");
  EXPECT_EQ(service->outreach_action(officer, task, {"contact", {}, {}}).error().code,
            "outreach_transition_not_allowed");
  EXPECT_EQ(service->outreach_action(other_officer, task, {"resolve", {}, {}}).error().code, "resource_not_found");
  EXPECT_EQ(service->remind_overdue(), 0) << "not due yet";
  clock.set(*Timestamp::parse("2026-03-10T02:00:00Z"));  // past 2026-03-09
  EXPECT_TRUE(service->get_outreach(officer, task)->overdue);
  EXPECT_EQ(service->remind_overdue(), 1);
  EXPECT_EQ(service->remind_overdue(), 0) << "one reminder per task";
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE user_id = :u AND kind = 'review_outreach.overdue'",
                  officer.actor.user_id),
            1);
  auto escalated = service->outreach_action(officer, task, {"escalate", std::string("患者要求投诉"), 42});
  ASSERT_TRUE(escalated.ok());
  EXPECT_EQ(escalated->state, "escalated");
  EXPECT_EQ(escalated->complaint_id, 42);
  EXPECT_FALSE(escalated->overdue);
  EXPECT_EQ(service->outreach_action(officer, task, {"resolve", {}, {}}).error().code,
            "outreach_transition_not_allowed");
  EXPECT_GE(
      count(
          "SELECT COUNT(*) FROM audit_log WHERE resource_id = CAST(:id AS TEXT) AND resource_type = 'review_outreach'",
          task),
      4);
}

TEST_F(ReviewsStoreTest, AggregatesSuppressSmallCellsAndStayInTheirInstitution) {
  // 骨科: three reviews (shown); 内科: one (suppressed).
  for (int i = 0; i < 3; ++i) {
    auto p = user("patient_g" + std::to_string(i), "patient", 0);
    subjects.table[{"visit", 100 + i, p.actor.user_id}] = {hospital, "骨科", *Date::parse("2026-02-10")};
    ASSERT_TRUE(service->create(p, review("visit", 100 + i, 3 + i)).ok());
  }
  ASSERT_TRUE(service->create(patient, review("visit", 12, 1)).ok());
  auto agg = service->aggregates(officer, "department", std::nullopt);
  ASSERT_TRUE(agg.ok()) << agg.error().code;
  ASSERT_EQ(agg->cells.size(), 2u);
  for (const auto& c : agg->cells) {
    if (c.key == "骨科") {
      EXPECT_FALSE(c.suppressed);
      EXPECT_EQ(c.count, 3);
      EXPECT_DOUBLE_EQ(c.means.at("overall"), 4.0);
      EXPECT_EQ(c.distribution, (std::vector<int>{0, 0, 1, 1, 1}));
    } else {
      EXPECT_EQ(c.key, "内科");
      EXPECT_TRUE(c.suppressed);
      EXPECT_EQ(c.count, 0);
    }
  }
  auto months = service->aggregates(officer, "month", std::nullopt);
  ASSERT_EQ(months->cells.size(), 1u);
  EXPECT_EQ(months->cells[0].key, "2026-02");
  EXPECT_EQ(months->cells[0].count, 4);
  EXPECT_EQ(service->aggregates(officer, "department", other_hospital).error().code, "resource_not_found");
  EXPECT_TRUE(service->aggregates(other_officer, "department", std::nullopt)->cells.empty());
  EXPECT_EQ(service->aggregates(patient, "department", std::nullopt).error().code, "permission_denied");
  EXPECT_EQ(service->aggregates(officer, "doctor", std::nullopt).error().code, "review_aggregate_grouping_unknown");
}

}  // namespace
}  // namespace medrisk::reviews
