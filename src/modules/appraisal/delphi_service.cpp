// Delphi use cases (see api.hpp): a study per panel (its opinion items from data/appraisal/delphi.json)
// or a survey of any items (e.g. rating factors, seed 004); rounds opened and closed by the pool's admin,
// answered once per expert; closing computes the statistics and the consensus (delphi.hpp).
#include <algorithm>

#include "modules/accounts/api.hpp"
#include "modules/appraisal/errors.hpp"
#include "modules/appraisal/api.hpp"
#include "modules/appraisal/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::appraisal {
namespace {

using nlohmann::json;
constexpr std::string_view kAnswersAad = "delphi_responses.answers_enc";


json answers_json(const std::vector<DelphiAnswer>& answers) {
  json out = json::array();
  for (const auto& a : answers)
    out.push_back({{"item", a.item},
                   {"value", a.value ? json(*a.value) : json(nullptr)},
                   {"ranking", a.ranking},
                   {"reason", a.reason}});
  return out;
}

json rating_json(const RatingStatistics& s, const std::vector<std::string>& classes) {
  json dist = json::array();
  for (std::size_t i = 0; i < classes.size(); ++i)
    dist.push_back({{"class", classes[i]}, {"count", s.distribution[i]}});
  return {{"responses", s.responses},
          {"median", s.median},
          {"q1", s.q1},
          {"q3", s.q3},
          {"iqr", s.iqr},
          {"cv", s.cv ? json(*s.cv) : json(nullptr)},
          {"distribution", dist},
          {"median_class", s.median_class},
          {"consensus", s.consensus}};
}

json ranking_json(const RankingStatistics& s, const std::vector<std::string>& options) {
  json ranks = json::array();
  for (std::size_t i = 0; i < options.size(); ++i)
    ranks.push_back({{"option", options[i]}, {"mean_rank", s.mean_ranks[i]}});
  return {{"responses", s.responses},
          {"mean_ranks", ranks},
          {"order", s.order},
          {"kendall_w", s.kendall.w},
          {"chi_square", s.kendall.chi_square},
          {"degrees_of_freedom", s.kendall.degrees_of_freedom},
          {"p_value", s.kendall.p_value},
          {"consensus", s.consensus}};
}

bool participates(const DelphiStudy& s, std::int64_t expert_id) {
  return std::find(s.expert_ids.begin(), s.expert_ids.end(), expert_id) != s.expert_ids.end();
}

Status check_answers(const DelphiStudy& s, const std::vector<DelphiAnswer>& answers) {
  if (answers.size() != s.items.size()) return err(errors::delphi_answer_invalid, "answer every item exactly once");
  for (const auto& item : s.items) {
    auto n = std::count_if(answers.begin(), answers.end(), [&](const DelphiAnswer& a) { return a.item == item.key; });
    if (n != 1) return err(errors::delphi_answer_invalid, item.key + ": answer every item exactly once");
    auto a = std::find_if(answers.begin(), answers.end(), [&](const DelphiAnswer& x) { return x.item == item.key; });
    MEDRISK_CHECK(check_answer(item, *a));
    if (a->reason.size() > kMaxReasonLength) return err(errors::delphi_answer_invalid, item.key + ": reason too long");
  }
  return {};
}

}  // namespace

std::vector<DelphiAnswer> AppraisalService::decrypt_answers(const std::string& enc) const {
  std::vector<DelphiAnswer> out;
  for (const auto& a : json::parse(keys_.decrypt(enc, kAnswersAad)))
    out.push_back(
        {a.at("item"),
         a.at("value").is_null() ? std::nullopt : std::optional<std::string>(a.at("value").get<std::string>()),
         a.at("ranking").get<std::vector<std::string>>(), a.at("reason")});
  return out;
}

json AppraisalService::round_statistics(const DelphiStudy& s,
                                        const std::vector<std::vector<DelphiAnswer>>& responses) const {
  json items = json::array();
  bool all = true;
  for (const auto& item : s.items) {
    std::vector<int> scores;
    std::vector<std::vector<std::string>> rankings;
    for (const auto& answers : responses)
      for (const auto& a : answers) {
        if (a.item != item.key) continue;
        if (item.kind == "rating")
          scores.push_back(
              static_cast<int>(std::find(item.classes.begin(), item.classes.end(), *a.value) - item.classes.begin()) +
              1);
        else
          rankings.push_back(a.ranking);
      }
    json stats;
    if (item.kind == "rating") {
      auto r = rating_statistics(scores, item.classes, params_.delphi);
      all = all && r.consensus;
      stats = rating_json(r, item.classes);
    } else {
      auto r = ranking_statistics(rankings, item.classes, params_.delphi);
      all = all && r.consensus;
      stats = ranking_json(r, item.classes);
    }
    stats["key"] = item.key;
    stats["kind"] = item.kind;
    items.push_back(std::move(stats));
  }
  return {{"items", items},
          {"consensus", all},
          {"parameters_version", params_.delphi.version},
          {"rules",
           {{"max_iqr_classes", params_.delphi.max_iqr_classes},
            {"max_cv", params_.delphi.max_cv},
            {"kendall_alpha", params_.delphi.kendall_alpha}}}};
}

Result<Viewer> AppraisalService::round_viewer(db::Tx& tx, const RequestContext& ctx, const DelphiStudy& s) {
  if (accounts::authorize(ctx.actor, "experts.manage").ok()) return Viewer::admin;
  if (ctx.actor.has("appraisal.opine")) {
    auto me = store::find_expert_by_user(tx, ctx.actor.user_id);
    if (!me || !participates(s, me->id)) return err(errors::resource_not_found);
    return Viewer::member;
  }
  if (!s.panel_id) return err(errors::resource_not_found);
  auto p = store::find_panel(tx, *s.panel_id);
  if (!p) return err(errors::resource_not_found);
  return panel_viewer(tx, ctx, *p);
}

Result<RoundView> AppraisalService::round_view(db::Tx& tx, const RequestContext& ctx, std::int64_t id) {
  auto round = store::find_round(tx, id);
  if (!round) return err(errors::resource_not_found);
  auto study = store::find_study(tx, round->study_id);
  MEDRISK_TRY(Viewer v, round_viewer(tx, ctx, *study));
  RoundView view{*round, *study, v, std::nullopt, std::nullopt, std::nullopt};
  auto responses = store::responses_of(tx, id);
  if (v == Viewer::member) {
    auto me = store::find_expert_by_user(tx, ctx.actor.user_id);
    for (const auto& r : responses)
      if (r.expert_id == me->id) view.my_answers = decrypt_answers(r.answers_enc);
  }
  if (round->statistics_json) view.statistics = json::parse(*round->statistics_json);
  if (round->status == "closed" && v != Viewer::party) {
    std::vector<std::vector<std::string>> reasons(study->items.size());
    for (const auto& r : responses)
      for (const auto& a : decrypt_answers(r.answers_enc))
        for (std::size_t i = 0; i < study->items.size(); ++i)
          if (study->items[i].key == a.item && !a.reason.empty()) reasons[i].push_back(a.reason);
    for (auto& list : reasons) std::sort(list.begin(), list.end());  // sorted: the order reveals no one
    view.reasons = std::move(reasons);
  }
  return view;
}

Result<DelphiStudy> AppraisalService::study_for(db::Tx& tx, const RequestContext& ctx, const OpenRound& r) {
  if (r.study_id) {
    auto s = store::find_study(tx, *r.study_id);
    if (!s) return err(errors::resource_not_found);
    return *s;
  }
  if (r.panel_id) {
    if (auto s = store::find_study_of_panel(tx, *r.panel_id)) return *s;
    auto p = store::find_panel(tx, *r.panel_id);
    if (!p) return err(errors::resource_not_found);
    DelphiStudy s{0,
                  p->id,
                  "panel " + std::to_string(p->id),
                  params_.delphi.panel_items,
                  {},
                  params_.delphi.max_rounds,
                  "open",
                  ctx.now().to_iso_utc()};
    for (const auto& m : p->members)
      if (m.status == "active") s.expert_ids.push_back(m.expert_id);
    s.id = store::insert_study(tx, s, ctx.actor.user_id);
    return s;
  }
  MEDRISK_CHECK(check_items(r.items));
  if (r.expert_ids.empty() || static_cast<int>(r.expert_ids.size()) > kMaxDelphiParticipants)
    return err(errors::delphi_participants_invalid);
  for (auto id : r.expert_ids)
    if (!store::find_expert(tx, id) || std::count(r.expert_ids.begin(), r.expert_ids.end(), id) > 1)
      return err(errors::delphi_participants_invalid, std::to_string(id));
  DelphiStudy s{0,      std::nullopt,          r.title.value_or(""), r.items, r.expert_ids, params_.delphi.max_rounds,
                "open", ctx.now().to_iso_utc()};
  s.id = store::insert_study(tx, s, ctx.actor.user_id);
  return s;
}

Result<RoundView> AppraisalService::open_round(const RequestContext& ctx, const OpenRound& r) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "experts.manage"));
  return db_.write([&](db::Tx& tx) -> Result<RoundView> {
    MEDRISK_TRY(DelphiStudy s, study_for(tx, ctx, r));
    if (s.status != "open") return err(errors::delphi_study_finished);
    auto rounds = store::rounds_of(tx, s.id);
    if (!rounds.empty() && rounds.back().status == "open") return err(errors::delphi_round_already_open);
    if (static_cast<int>(rounds.size()) >= s.max_rounds) return err(errors::delphi_max_rounds_reached);
    int number = static_cast<int>(rounds.size()) + 1;
    std::int64_t id = store::insert_round(tx, s.id, number, ctx.now().to_iso_utc());
    audit::record(tx, ctx,
                  {"delphi_round.open", "delphi_round", std::to_string(id), std::nullopt,
                   json{{"study_id", s.id}, {"round_number", number}}});
    for (auto expert_id : s.expert_ids)
      if (auto e = store::find_expert(tx, expert_id))
        outbox::notify(tx, ctx.now(),
                       {e->user_id, "appraisal.delphi_round_opened", "德尔菲轮次已开放，请匿名作答",
                        "A Delphi round is open for your anonymous answer", "德尔菲轮次已开放，请匿名作答",
                        "A Delphi round is open for your anonymous answer", "delphi_round:" + std::to_string(id)});
    return round_view(tx, ctx, id);
  });
}

Result<RoundView> AppraisalService::get_round(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) { return round_view(tx, ctx, id); });
}

Result<std::vector<DelphiRound>> AppraisalService::list_rounds(const RequestContext& ctx, std::int64_t after_id,
                                                               int limit) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<DelphiRound>> {
    if (accounts::authorize(ctx.actor, "experts.manage").ok()) return store::list_rounds(tx, after_id, limit);
    MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
    return store::rounds_for_expert(tx, me.id, after_id, limit);
  });
}

Result<RoundView> AppraisalService::submit(const RequestContext& ctx, std::int64_t round_id,
                                           const std::vector<DelphiAnswer>& answers) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  return db_.write([&](db::Tx& tx) -> Result<RoundView> {
    MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
    auto round = store::find_round(tx, round_id);
    if (!round) return err(errors::resource_not_found);
    auto study = store::find_study(tx, round->study_id);
    if (!participates(*study, me.id)) return err(errors::resource_not_found);
    if (round->status != "open") return err(errors::delphi_round_closed);
    for (const auto& r : store::responses_of(tx, round_id))
      if (r.expert_id == me.id) return err(errors::delphi_response_already_submitted);
    MEDRISK_CHECK(check_answers(*study, answers));
    store::insert_response(tx, round_id, me.id, keys_.encrypt(answers_json(answers).dump(), kAnswersAad),
                           ctx.now().to_iso_utc());
    // The audit entry names the round only: the answer's digest would let an admin match answers to experts.
    audit::record(tx, ctx,
                  {"delphi_response.submit", "delphi_round", std::to_string(round_id), std::nullopt, std::nullopt});
    return round_view(tx, ctx, round_id);
  });
}

Result<RoundView> AppraisalService::close_round(const RequestContext& ctx, std::int64_t round_id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "experts.manage"));
  return db_.write([&](db::Tx& tx) -> Result<RoundView> {
    auto round = store::find_round(tx, round_id);
    if (!round) return err(errors::resource_not_found);
    if (round->status != "open") return err(errors::delphi_round_closed);
    auto study = store::find_study(tx, round->study_id);
    std::vector<std::vector<DelphiAnswer>> responses;
    for (const auto& r : store::responses_of(tx, round_id)) responses.push_back(decrypt_answers(r.answers_enc));
    if (responses.empty()) return err(errors::delphi_no_responses);
    json stats = round_statistics(*study, responses);
    bool consensus = stats["consensus"].get<bool>();
    store::close_round(tx, round_id, stats.dump(), consensus, ctx.now().to_iso_utc());
    std::string status = consensus ? "consensus" : (round->round_number >= study->max_rounds ? "no_consensus" : "open");
    if (status != "open") {
      store::set_study_status(tx, study->id, status);
      if (study->panel_id) store::set_panel_status(tx, *study->panel_id, "concluded");
    }
    audit::record(tx, ctx,
                  {"delphi_round.close", "delphi_round", std::to_string(round_id), std::nullopt,
                   json{{"consensus", consensus}, {"study_status", status}, {"responses", responses.size()}}});
    for (auto expert_id : study->expert_ids)
      if (auto e = store::find_expert(tx, expert_id))
        outbox::notify(
            tx, ctx.now(),
            {e->user_id, "appraisal.delphi_round_closed", "德尔菲轮次已结束，可查看组内统计",
             "A Delphi round has closed: the group's statistics are ready", "德尔菲轮次已结束，可查看组内统计",
             "A Delphi round has closed: the group's statistics are ready",
             "delphi_round:" + std::to_string(round_id)});
    return round_view(tx, ctx, round_id);
  });
}

}  // namespace medrisk::appraisal
