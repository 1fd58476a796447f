// The appraisal module on a real database (SQLite, and PostgreSQL in the pg tier): the expert pool,
// panel draws that replay from their recorded seed, declines and replacements, signed opinions that
// never change, Delphi rounds to consensus, and who may see what.
#include <soci/soci.h>

#include "modules/appraisal/api.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"
#include "support/store_fixture.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::appraisal;

class AppraisalStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return AppraisalService::migrations(); }

  void SetUp() override {
    StoreTest::SetUp();
    auto org = [&](const std::string& name, const std::string& kind) {
      return accounts->create_organization_as_system({name, kind, "440000", {}, {}})->id;
    };
    platform = org("测试平台", "platform");
    pool = org("测试专家库", "appraisal_pool");
    hospital = org("测试第一医院", "medical_institution");
    other_hospital = org("测试第二医院", "medical_institution");
    committee = org("测试医调委", "mediation_committee");
    auto user = [&](const std::string& name, const std::string& role, std::int64_t org_id) {
      return *accounts->create_user_as_system({name, name, "Strong-pass-1", {role}, org_id, {}});
    };
    admin = user("admin", "platform_admin", platform);
    officer = user("officer", "medical_officer", hospital);
    other_officer = user("other.officer", "medical_officer", other_hospital);
    mediator = user("mediator", "mediator", committee);
    service = std::make_unique<AppraisalService>(*db, keys, clock, load_parameters(source_dir() / "data/appraisal"),
                                                 [this] { return ++next_seed; });
    // Seven experts: two orthopaedists (one from the involved hospital), forensic, law, surgery,
    // internal medicine, nursing.
    struct Row {
      std::string specialty;
      std::optional<std::int64_t> institution;
    };
    std::vector<Row> rows = {{"orthopedics", other_hospital},
                             {"orthopedics", hospital},
                             {"forensic_medicine", {}},
                             {"law", {}},
                             {"general_surgery", other_hospital},
                             {"internal_medicine", {}},
                             {"nursing", {}}};
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto u = user("expert" + std::to_string(i + 1), "expert", pool);
      expert_users.push_back(u);
      NewExpert e{u.id, {rows[i].specialty}, "主任医师", rows[i].institution, "测试单位", "440000", {}, {}, true};
      experts.push_back(*service->create_expert(ctx_for(admin), e));
    }
  }

  RequestContext as_expert_id(std::int64_t expert_id) {
    for (std::size_t i = 0; i < experts.size(); ++i)
      if (experts[i].id == expert_id) return ctx_for(expert_users[i]);
    ADD_FAILURE() << "no expert " << expert_id;
    return ctx_for(admin);
  }
  PanelView draw(int size = 3) {
    auto v = service->create_panel(ctx_for(admin), {kCase, hospital, "orthopedics", size, {committee}});
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.error().code + " " + v.error().detail);
    return *v;
  }
  std::vector<std::int64_t> active(const Panel& p) {
    std::vector<std::int64_t> out;
    for (const auto& m : p.members)
      if (m.status == "active") out.push_back(m.expert_id);
    return out;
  }
  int count(const std::string& sql) {
    int n = 0;
    db->read([&](db::Tx& tx) { tx.sql() << sql, soci::into(n); });
    return n;
  }

  static constexpr std::int64_t kCase = 4242;
  std::uint64_t next_seed = 1000;
  std::int64_t platform = 0, pool = 0, hospital = 0, other_hospital = 0, committee = 0;
  accounts::User admin, officer, other_officer, mediator;
  std::vector<accounts::User> expert_users;
  std::vector<Expert> experts;
  std::unique_ptr<AppraisalService> service;
};

TEST_F(AppraisalStore, ThePoolIsManagedByItsAdminAndExpertsSeeThemselves) {
  EXPECT_EQ(
      service->create_expert(ctx_for(officer), {officer.id, {"law"}, "", {}, "", "440000", {}, {}, true}).error().code,
      "permission_denied");
  EXPECT_EQ(
      service->create_expert(ctx_for(admin), {officer.id, {"law"}, "", {}, "", "440000", {}, {}, true}).error().code,
      "expert_user_not_expert");
  EXPECT_EQ(service->create_expert(ctx_for(admin), {expert_users[0].id, {"law"}, "", {}, "", "440000", {}, {}, true})
                .error()
                .code,
            "expert_already_in_pool");
  EXPECT_EQ(
      service->create_expert(ctx_for(admin), {expert_users[0].id, {"astrology"}, "", {}, "", "440000", {}, {}, true})
          .error()
          .code,
      "specialty_unknown");
  EXPECT_EQ(service->list_experts(ctx_for(admin), 0, 50)->size(), 7u);
  auto own = service->list_experts(ctx_for(expert_users[2]), 0, 50);
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(own->front().user_id, expert_users[2].id);
  EXPECT_EQ(service->get_expert(ctx_for(expert_users[2]), experts[3].id).error().code, "resource_not_found");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'expert.create'"), 7);
}

TEST_F(AppraisalStore, APanelKeepsEveryRuleAndReplaysFromItsSeed) {
  PanelView v = draw();
  auto members = active(v.panel);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_NE(std::find(members.begin(), members.end(), experts[0].id), members.end())
      << "the only eligible orthopaedist";
  EXPECT_EQ(std::find(members.begin(), members.end(), experts[1].id), members.end())
      << "works at the involved hospital";
  bool forensic_or_legal = std::find(members.begin(), members.end(), experts[2].id) != members.end() ||
                           std::find(members.begin(), members.end(), experts[3].id) != members.end();
  EXPECT_TRUE(forensic_or_legal);
  auto draws = service->draws(ctx_for(admin), v.panel.id);
  ASSERT_EQ(draws->size(), 1u);
  EXPECT_EQ(draws->front().draw.seed, 1001u);
  EXPECT_EQ(draws->front().draw.kind, "initial");
  EXPECT_TRUE(draws->front().replay_matches);
  for (auto id : members)
    db->read([&](db::Tx& tx) {
      auto u = as_expert_id(id).actor.user_id;
      EXPECT_EQ(outbox::unread_count(tx, u), 1) << "the drawn expert is notified";
    });
  EXPECT_EQ(service->get_expert(ctx_for(admin), experts[0].id)->open_assignments, 1);
  EXPECT_EQ(service->create_panel(ctx_for(admin), {kCase, hospital, "orthopedics", 4, {}}).error().code,
            "panel_size_not_allowed");
  EXPECT_EQ(service->create_panel(ctx_for(admin), {kCase, other_hospital, "orthopedics", 5, {}}).ok(), true);
  EXPECT_EQ(service->create_panel(ctx_for(admin), {kCase, hospital, "pediatrics", 3, {}}).error().code,
            "panel_cannot_be_completed")
      << "no paediatrician in the pool";
  EXPECT_EQ(count("SELECT COUNT(*) FROM panels"), 2) << "a refused draw leaves no panel behind";
}

TEST_F(AppraisalStore, ExpertsSeeOnlyTheirAssignmentsAndPartiesOnlyTheirCases) {
  PanelView v = draw();
  auto members = active(v.panel);
  std::int64_t outsider = 0;
  for (const auto& e : experts)
    if (std::find(members.begin(), members.end(), e.id) == members.end()) outsider = e.id;
  EXPECT_EQ(service->get_panel(as_expert_id(members[0]), v.panel.id)->viewer, Viewer::member);
  EXPECT_EQ(service->get_panel(as_expert_id(outsider), v.panel.id).error().code, "resource_not_found");
  EXPECT_EQ(service->list_panels(as_expert_id(outsider), 0, 50)->size(), 0u);
  EXPECT_EQ(service->get_panel(ctx_for(officer), v.panel.id)->viewer, Viewer::party);
  EXPECT_EQ(service->get_panel(ctx_for(mediator), v.panel.id)->viewer, Viewer::party);
  EXPECT_EQ(service->get_panel(ctx_for(other_officer), v.panel.id).error().code, "resource_not_found");
  EXPECT_EQ(service->list_panels(ctx_for(officer), 0, 50)->size(), 1u);
  EXPECT_EQ(service->list_panels(ctx_for(other_officer), 0, 50)->size(), 0u);
  EXPECT_EQ(service->list_opinions(ctx_for(officer), v.panel.id).error().code, "resource_not_found")
      << "parties see the consensus, not who said what";
}

TEST_F(AppraisalStore, ADeclineIsReplacedByTheSameRulesAndRecorded) {
  PanelView v = draw();
  auto members = active(v.panel);
  std::int64_t legal =
      std::find(members.begin(), members.end(), experts[2].id) != members.end() ? experts[2].id : experts[3].id;
  std::int64_t other_legal = legal == experts[2].id ? experts[3].id : experts[2].id;
  EXPECT_EQ(service->decline(as_expert_id(legal), v.panel.id, legal, "").error().code, "decline_reason_required");
  EXPECT_EQ(service->decline(as_expert_id(members[0]), v.panel.id, legal, "理由").error().code, "resource_not_found")
      << "an expert declines only for themself";
  auto after = service->decline(as_expert_id(legal), v.panel.id, legal, "与患方近亲属系同学关系");
  ASSERT_TRUE(after.ok()) << after.error().code;
  auto now_active = active(after->panel);
  ASSERT_EQ(now_active.size(), 3u);
  EXPECT_NE(std::find(now_active.begin(), now_active.end(), other_legal), now_active.end())
      << "the replacement is the other forensic or legal expert";
  auto draws = *service->draws(ctx_for(admin), v.panel.id);
  ASSERT_EQ(draws.size(), 2u);
  EXPECT_EQ(draws[1].draw.kind, "replacement");
  EXPECT_TRUE(draws[1].replay_matches);
  EXPECT_EQ(service->decline(as_expert_id(legal), v.panel.id, legal, "再次").error().code,
            "panel_member_already_declined");
  EXPECT_EQ(service->decline(ctx_for(admin), v.panel.id, legal, "再次").error().code, "panel_member_already_declined");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'panel_member.decline'"), 1);
}

OpinionContent main_cause() {
  OpinionContent c;
  c.has_damage = true;
  c.has_fault = true;
  c.breached_duties = {"informed_consent", "treatment"};
  c.causation_degree = "main";
  c.causation_percent = 70;
  c.disability_grades = {8};
  c.reasons = "术前未充分告知内固定失败风险；术中复位不良";
  return c;
}

TEST_F(AppraisalStore, ASignedOpinionNeverChanges) {
  PanelView v = draw();
  auto me = as_expert_id(active(v.panel)[0]);
  auto o = service->create_opinion(me, v.panel.id, main_cause());
  ASSERT_TRUE(o.ok()) << o.error().code;
  EXPECT_EQ(service->create_opinion(me, v.panel.id, main_cause()).error().code, "opinion_already_exists");
  auto c = main_cause();
  c.causation_percent = 80;
  EXPECT_TRUE(service->update_opinion(me, o->id, c).ok());
  clock.advance(std::chrono::minutes(5));
  auto signed_o = service->sign_opinion(me, o->id);
  ASSERT_TRUE(signed_o.ok());
  EXPECT_EQ(signed_o->status, "signed");
  EXPECT_EQ(signed_o->signed_by_user_id, me.actor.user_id);
  EXPECT_EQ(signed_o->digest->size(), 64u);
  EXPECT_TRUE(AppraisalService::digest_matches(*service->get_opinion(me, o->id)));
  EXPECT_EQ(service->update_opinion(me, o->id, main_cause()).error().code, "opinion_already_signed");
  EXPECT_EQ(service->sign_opinion(me, o->id).error().code, "opinion_already_signed");
  std::string stored;
  db->read([&](db::Tx& tx) { tx.sql() << "SELECT reasons_enc FROM opinions", soci::into(stored); });
  EXPECT_EQ(stored.find("告知"), std::string::npos) << "reasons are stored encrypted";
  // Someone edits the row behind the platform's back: the digest no longer matches.
  db->write([&](db::Tx& tx) { tx.sql() << "UPDATE opinions SET causation_degree = 'secondary'"; });
  EXPECT_FALSE(AppraisalService::digest_matches(*service->get_opinion(ctx_for(admin), o->id)));
  // Another member cannot read it; the admin sees every opinion with its signer.
  EXPECT_EQ(service->get_opinion(as_expert_id(active(v.panel)[1]), o->id).error().code, "resource_not_found");
  EXPECT_EQ(service->list_opinions(ctx_for(admin), v.panel.id)->size(), 1u);
  EXPECT_EQ(service->list_opinions(as_expert_id(active(v.panel)[1]), v.panel.id)->size(), 0u);
}

std::vector<DelphiAnswer> panel_answers(const std::string& fault, const std::string& degree, const std::string& grade,
                                        const std::string& reason) {
  return {
      {"has_fault", fault, {}, reason}, {"causation_degree", degree, {}, reason}, {"disability_grade", grade, {}, ""}};
}

TEST_F(AppraisalStore, DelphiRoundsReachConsensusAnonymously) {
  PanelView v = draw();
  auto members = active(v.panel);
  auto round = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
  ASSERT_TRUE(round.ok()) << round.error().code;
  EXPECT_EQ(service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}}).error().code,
            "delphi_round_already_open");
  // Round 1: yes/yes/no on fault — the CV rule (.346 > .25) blocks consensus.
  std::vector<std::vector<DelphiAnswer>> first = {panel_answers("yes", "main", "8", "复位不良"),
                                                  panel_answers("yes", "main", "8", "告知不足"),
                                                  panel_answers("no", "none", "8", "属并发症")};
  for (std::size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(service->submit(as_expert_id(members[i]), round->round.id, first[i]).ok());
  EXPECT_EQ(service->submit(as_expert_id(members[0]), round->round.id, first[0]).error().code,
            "delphi_response_already_submitted");
  EXPECT_EQ(service->submit(as_expert_id(members[0]), round->round.id, {first[0][0]}).error().code,
            "delphi_response_already_submitted");
  auto closed = service->close_round(ctx_for(admin), round->round.id);
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(closed->round.consensus);
  auto& stats = *closed->statistics;
  EXPECT_EQ(stats["items"][0]["median_class"], "yes");
  EXPECT_NEAR(stats["items"][0]["cv"].get<double>(), 0.34641, 1e-5);
  EXPECT_EQ(stats["items"][1]["distribution"][4]["count"], 2);
  // Every member sees the statistics and the anonymized, sorted reasons, and only their own answers.
  auto seen = *service->get_round(as_expert_id(members[2]), round->round.id);
  std::vector<std::string> expected = {"复位不良", "告知不足", "属并发症"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ((*seen.reasons)[0], expected);
  EXPECT_TRUE(std::is_sorted((*seen.reasons)[0].begin(), (*seen.reasons)[0].end()));
  EXPECT_EQ((*seen.my_answers)[0].value, "no");
  auto party = *service->get_round(ctx_for(mediator), round->round.id);
  EXPECT_FALSE(party.reasons.has_value()) << "parties see the consensus, not the reasons";
  EXPECT_FALSE(party.my_answers.has_value());
  EXPECT_TRUE(party.statistics.has_value());
  // Round 2: the dissenter revises; consensus on every item; the panel concludes.
  auto second = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->round.round_number, 2);
  for (std::size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(
        service->submit(as_expert_id(members[i]), second->round.id, panel_answers("yes", "main", "8", "")).ok());
  auto done = service->close_round(ctx_for(admin), second->round.id);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(done->round.consensus);
  EXPECT_EQ(done->study.status, "consensus");
  EXPECT_EQ((*done->statistics)["items"][1]["median_class"], "main");
  EXPECT_EQ(service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}}).error().code, "delphi_study_finished");
  EXPECT_EQ(service->get_expert(ctx_for(admin), members[0])->open_assignments, 0)
      << "a concluded panel frees its experts";
  EXPECT_EQ(service->close_round(ctx_for(admin), second->round.id).error().code, "delphi_round_closed");
  std::string stored;
  db->read(
      [&](db::Tx& tx) { tx.sql() << "SELECT answers_enc FROM delphi_responses WHERE id = 1", soci::into(stored); });
  EXPECT_EQ(stored.find("复位"), std::string::npos) << "answers are stored encrypted";
}

TEST_F(AppraisalStore, WithoutConsensusTheStudyEndsAfterTheMaximumRounds) {
  PanelView v = draw();
  auto members = active(v.panel);
  const std::vector<std::string> spread = {"none", "equal", "full"};
  for (int r = 1; r <= 3; ++r) {
    auto round = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
    ASSERT_TRUE(round.ok()) << "round " << r;
    EXPECT_EQ(service->close_round(ctx_for(admin), round->round.id).error().code, "delphi_no_responses");
    for (std::size_t i = 0; i < 3; ++i)
      ASSERT_TRUE(service
                      ->submit(as_expert_id(members[i]), round->round.id,
                               panel_answers(i == 0 ? "no" : "yes", spread[i], "none", ""))
                      .ok());
    auto closed = service->close_round(ctx_for(admin), round->round.id);
    EXPECT_FALSE(closed->round.consensus);
    EXPECT_EQ(closed->study.status, r < 3 ? "open" : "no_consensus");
  }
  EXPECT_EQ(service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}}).error().code, "delphi_study_finished");
}

TEST_F(AppraisalStore, TheSameEngineRunsASurveyOfRatingFactors) {
  std::vector<DelphiItem> items = {
      {"factor_order",
       "ranking",
       "费率因素重要性排序",
       "Rating factors by importance",
       {"claims_history", "grade", "beds", "specialty_mix"}},
      {"experience_weight", "rating", "经验费率权重", "Weight of experience rating", {"low", "medium", "high"}}};
  std::vector<std::int64_t> panel = {experts[2].id, experts[3].id, experts[4].id, experts[5].id, experts[6].id};
  EXPECT_EQ(service->open_round(ctx_for(admin), {{}, {}, "费率因素调查", {}, panel}).error().code,
            "delphi_items_invalid");
  EXPECT_EQ(service->open_round(ctx_for(admin), {{}, {}, "费率因素调查", items, {999}}).error().code,
            "delphi_participants_invalid");
  auto round = service->open_round(ctx_for(admin), {{}, {}, "费率因素调查 (seed 004)", items, panel});
  ASSERT_TRUE(round.ok()) << round.error().code;
  std::vector<std::string> same = {"claims_history", "grade", "beds", "specialty_mix"};
  for (auto id : panel)
    ASSERT_TRUE(service
                    ->submit(as_expert_id(id), round->round.id,
                             {{"factor_order", std::nullopt, same, "赔付史最能反映风险"},
                              {"experience_weight", "high", {}, ""}})
                    .ok());
  EXPECT_EQ(service->get_round(as_expert_id(experts[0].id), round->round.id).error().code, "resource_not_found")
      << "not a participant";
  auto closed = *service->close_round(ctx_for(admin), round->round.id);
  auto& ranking = (*closed.statistics)["items"][0];
  EXPECT_NEAR(ranking["kendall_w"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(ranking["chi_square"].get<double>(), 15.0, 1e-12);  // m(n − 1)W = 5·3·1
  EXPECT_EQ(ranking["degrees_of_freedom"], 3);
  EXPECT_TRUE(closed.round.consensus);
  EXPECT_EQ(closed.study.status, "consensus");
}

TEST_F(AppraisalStore, AReplacementTakesTheDeclinersPlaceInTheDelphiStudy) {
  PanelView v = draw();
  auto members = active(v.panel);
  auto first = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
  ASSERT_TRUE(service->submit(as_expert_id(members[0]), first->round.id, panel_answers("yes", "main", "8", "")).ok());
  auto lone = service->close_round(ctx_for(admin), first->round.id);
  ASSERT_TRUE(lone.ok());
  EXPECT_FALSE(lone->round.consensus) << "one answer is no consensus (min_responses 3 in delphi.json)";
  auto after = service->decline(as_expert_id(members[2]), v.panel.id, members[2], "出国访学，无法按期出具意见");
  ASSERT_TRUE(after.ok());
  std::int64_t replacement = 0;
  for (auto id : active(after->panel))
    if (std::find(members.begin(), members.end(), id) == members.end()) replacement = id;
  ASSERT_NE(replacement, 0);
  auto second = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(service->submit(as_expert_id(replacement), second->round.id, panel_answers("yes", "main", "8", "")).ok());
  EXPECT_EQ(
      service->submit(as_expert_id(members[2]), second->round.id, panel_answers("yes", "main", "8", "")).error().code,
      "resource_not_found")
      << "the decliner no longer takes part";
  EXPECT_TRUE(service->get_round(as_expert_id(members[2]), first->round.id).error().code == "resource_not_found");
}

TEST_F(AppraisalStore, EveryChangeIsAuditedAndTheChainVerifies) {
  PanelView v = draw();
  auto members = active(v.panel);
  auto me = as_expert_id(members[0]);
  auto o = service->create_opinion(me, v.panel.id, main_cause());
  ASSERT_TRUE(service->sign_opinion(me, o->id).ok());
  auto round = service->open_round(ctx_for(admin), {v.panel.id, {}, {}, {}, {}});
  ASSERT_TRUE(service->submit(me, round->round.id, panel_answers("yes", "main", "8", "")).ok());
  ASSERT_TRUE(service->close_round(ctx_for(admin), round->round.id).ok());
  for (const char* action : {"panel.create", "panel_draw.create", "opinion.create", "opinion.sign", "delphi_round.open",
                             "delphi_response.submit", "delphi_round.close"})
    EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM audit_log WHERE action = '") + action + "'"), 1) << action;
  EXPECT_TRUE(audit::verify(*db).ok);
}

}  // namespace
}  // namespace medrisk::testing
