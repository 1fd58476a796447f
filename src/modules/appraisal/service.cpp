// Appraisal use cases for the pool, panels and opinions (see api.hpp); Delphi rounds are in
// delphi_service.cpp. Order in every change: authorize → transaction → store + audit + notify.
#include "modules/appraisal/api.hpp"

#include <algorithm>

#include "modules/accounts/api.hpp"
#include "modules/appraisal/errors.hpp"
#include "modules/appraisal/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::appraisal {
namespace {

using nlohmann::json;
constexpr std::string_view kReasonsAad = "opinions.reasons_enc";


json audit_view(const Expert& e) {
  return {{"id", e.id},
          {"user_id", e.user_id},
          {"specialties", e.specialties},
          {"title", e.title},
          {"institution_id", e.institution_id ? json(*e.institution_id) : json(nullptr)},
          {"conflict_organization_ids", e.conflict_organization_ids},
          {"conflict_case_ids", e.conflict_case_ids},
          {"available", e.available}};
}

json candidate_json(const Candidate& c) {
  return {{"expert_id", c.expert_id},
          {"specialties", c.specialties},
          {"institution_id", c.institution_id ? json(*c.institution_id) : json(nullptr)},
          {"conflict_organization_ids", c.conflict_organization_ids},
          {"conflict_case_ids", c.conflict_case_ids},
          {"available", c.available},
          {"open_assignments", c.open_assignments}};
}

json request_json(const DrawRequest& r) {
  return {{"case_id", r.case_id},
          {"institution_id", r.institution_id},
          {"party_organization_ids", r.party_organization_ids},
          {"specialty", r.specialty},
          {"size", r.size},
          {"keep", r.keep},
          {"exclude", r.exclude}};
}

// The recorded inputs of a draw back into the pure function's arguments.
std::pair<DrawRequest, std::vector<Candidate>> inputs_of(const std::string& text) {
  json in = json::parse(text);
  const json& q = in.at("request");
  DrawRequest r{q.at("case_id"),
                q.at("institution_id"),
                q.at("party_organization_ids").get<std::vector<std::int64_t>>(),
                q.at("specialty"),
                q.at("size"),
                q.at("keep").get<std::vector<std::int64_t>>(),
                q.at("exclude").get<std::vector<std::int64_t>>()};
  std::vector<Candidate> cs;
  for (const auto& c : in.at("candidates"))
    cs.push_back(
        {c.at("expert_id"), c.at("specialties").get<std::vector<std::string>>(),
         c.at("institution_id").is_null() ? std::nullopt
                                          : std::optional<std::int64_t>(c.at("institution_id").get<std::int64_t>()),
         c.at("conflict_organization_ids").get<std::vector<std::int64_t>>(),
         c.at("conflict_case_ids").get<std::vector<std::int64_t>>(), c.at("available"), c.at("open_assignments")});
  return {r, cs};
}

Candidate candidate_of(const Expert& e) {
  return {e.id,        e.specialties,     e.institution_id, e.conflict_organization_ids, e.conflict_case_ids,
          e.available, e.open_assignments};
}

std::uint64_t random_seed() {
  std::string digest = crypto::sha256_hex(crypto::random_token(16));
  return std::stoull(digest.substr(0, 16), nullptr, 16);
}

void notify_expert(db::Tx& tx, Timestamp now, const Expert& e, const std::string& kind, const std::string& title_zh,
                   const std::string& title_en, const std::string& resource) {
  outbox::notify(tx, now, {e.user_id, kind, title_zh, title_en, title_zh, title_en, resource});
}

bool is_active_member(const Panel& p, std::int64_t expert_id) {
  return std::any_of(p.members.begin(), p.members.end(),
                     [&](const PanelMember& m) { return m.expert_id == expert_id && m.status == "active"; });
}

}  // namespace

AppraisalService::AppraisalService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, Parameters params,
                                   SeedSource seeds)
    : db_(db), keys_(keys), clock_(clock), params_(std::move(params)), seeds_(seeds ? std::move(seeds) : random_seed) {}

std::vector<db::Migration> AppraisalService::migrations() {
  return store::migrations();
}

std::vector<crypto::EncryptedColumn> AppraisalService::encrypted_columns() {
  return {{"opinions", "id", "reasons_enc"}, {"delphi_responses", "id", "answers_enc"}};
}

// ---------------------------------------------------------------- the expert pool

Result<Expert> AppraisalService::create_expert(const RequestContext& ctx, const NewExpert& e) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "experts.manage"));
  for (const auto& s : e.specialties)
    if (std::find(params_.panel.specialties.begin(), params_.panel.specialties.end(), s) ==
        params_.panel.specialties.end())
      return err(errors::specialty_unknown, s);
  return db_.write([&](db::Tx& tx) -> Result<Expert> {
    if (!accounts::directory::has_role(tx, accounts::UserId{e.user_id}, accounts::Role::expert)) return err(errors::expert_user_not_expert);
    if (store::find_expert_by_user(tx, e.user_id)) return err(errors::expert_already_in_pool);
    std::int64_t id = store::insert_expert(tx, e, ctx.now().to_iso_utc());
    Expert created = *store::find_expert(tx, id);
    audit::record(tx, ctx, {"expert.create", "expert", std::to_string(id), std::nullopt, audit_view(created)});
    return created;
  });
}

Result<Expert> AppraisalService::update_expert(const RequestContext& ctx, std::int64_t id, const NewExpert& e) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "experts.manage"));
  for (const auto& s : e.specialties)
    if (std::find(params_.panel.specialties.begin(), params_.panel.specialties.end(), s) ==
        params_.panel.specialties.end())
      return err(errors::specialty_unknown, s);
  return db_.write([&](db::Tx& tx) -> Result<Expert> {
    auto before = store::find_expert(tx, id);
    if (!before) return err(errors::resource_not_found);
    store::update_expert(tx, id, e, ctx.now().to_iso_utc());
    Expert after = *store::find_expert(tx, id);
    audit::record(tx, ctx, {"expert.update", "expert", std::to_string(id), audit_view(*before), audit_view(after)});
    return after;
  });
}

Result<Expert> AppraisalService::get_expert(const RequestContext& ctx, std::int64_t id) {
  bool admin = accounts::authorize(ctx.actor, "experts.manage").ok();
  if (!admin) MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  auto e = db_.read([&](db::Tx& tx) { return store::find_expert(tx, id); });
  if (!e || (!admin && e->user_id != ctx.actor.user_id)) return err(errors::resource_not_found);
  return *e;
}

Result<std::vector<Expert>> AppraisalService::list_experts(const RequestContext& ctx, std::int64_t after_id,
                                                           int limit) {
  if (accounts::authorize(ctx.actor, "experts.manage").ok())
    return db_.read([&](db::Tx& tx) { return store::list_experts(tx, after_id, limit); });
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  std::vector<Expert> own;
  db_.read([&](db::Tx& tx) {
    auto e = store::find_expert_by_user(tx, ctx.actor.user_id);
    if (e && (after_id == 0 || e->id < after_id)) own.push_back(*e);
  });
  return own;
}

// ---------------------------------------------------------------- panels

Result<Expert> AppraisalService::calling_expert(db::Tx& tx, const RequestContext& ctx) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  auto e = store::find_expert_by_user(tx, ctx.actor.user_id);
  if (!e) return err(errors::resource_not_found, "the account is not in the expert pool");
  return *e;
}

Result<Viewer> AppraisalService::panel_viewer(db::Tx& tx, const RequestContext& ctx, const Panel& p) {
  if (accounts::authorize(ctx.actor, "experts.manage").ok()) return Viewer::admin;
  if (ctx.actor.has("appraisal.opine")) {
    auto me = store::find_expert_by_user(tx, ctx.actor.user_id);
    bool member = me && std::any_of(p.members.begin(), p.members.end(),
                                    [&](const PanelMember& m) { return m.expert_id == me->id; });
    if (!member) return err(errors::resource_not_found);
    return Viewer::member;
  }
  std::vector<std::int64_t> parties = p.party_organization_ids;
  parties.push_back(p.institution_id);
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "cases.read", accounts::Scope{parties, std::nullopt, std::nullopt}));
  return Viewer::party;
}

Result<std::int64_t> AppraisalService::record_draw(db::Tx& tx, const RequestContext& ctx, std::int64_t panel_id,
                                                   const std::string& kind, const NewPanel& p,
                                                   std::vector<std::int64_t> keep, std::vector<std::int64_t> exclude) {
  DrawRequest request{p.case_id, p.institution_id, p.party_organization_ids, p.specialty,
                      p.size,    std::move(keep),  std::move(exclude)};
  std::vector<Candidate> candidates;
  for (const auto& e : store::list_experts(tx, 0, kMaxPoolSize)) candidates.push_back(candidate_of(e));
  std::uint64_t seed = seeds_();
  MEDRISK_TRY(auto drawn, draw_panel(request, candidates, params_.panel, seed));
  json cands = json::array();
  for (const auto& c : candidates) cands.push_back(candidate_json(c));
  json inputs = {
      {"request", request_json(request)}, {"candidates", cands}, {"parameters_version", params_.panel.version}};
  auto draws = store::list_draws(tx, panel_id);
  std::string now = ctx.now().to_iso_utc();
  PanelDraw d{0, panel_id, static_cast<int>(draws.size()) + 1, kind, seed, inputs.dump(), drawn, now};
  d.id = store::insert_draw(tx, d);
  for (auto expert_id : drawn) {
    store::insert_member(tx, panel_id, expert_id, d.id, now);
    notify_expert(tx, ctx.now(), *store::find_expert(tx, expert_id), "appraisal.panel_assigned",
                  "您已被抽选为鉴定专家组成员", "You have been drawn for an appraisal panel",
                  "panel:" + std::to_string(panel_id));
  }
  audit::record(tx, ctx,
                {"panel_draw.create", "panel", std::to_string(panel_id), std::nullopt,
                 json{{"draw_id", d.id}, {"kind", kind}, {"seed", std::to_string(seed)}, {"drawn", drawn}}});
  return d.id;
}

Result<PanelView> AppraisalService::panel_view(db::Tx& tx, std::int64_t id, Viewer viewer) {
  auto p = store::find_panel(tx, id);
  if (!p) return err(errors::resource_not_found);
  PanelView v{*p, viewer, store::find_study_of_panel(tx, id), {}};
  if (v.study) v.rounds = store::rounds_of(tx, v.study->id);
  return v;
}

Result<PanelView> AppraisalService::create_panel(const RequestContext& ctx, const NewPanel& p) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "experts.manage"));
  MEDRISK_CHECK(check_panel_request(
      {p.case_id, p.institution_id, p.party_organization_ids, p.specialty, p.size, {}, {}}, params_.panel));
  return db_.write([&](db::Tx& tx) -> Result<PanelView> {
    std::int64_t id = store::insert_panel(tx, p, ctx.actor.user_id, ctx.now().to_iso_utc());
    audit::record(tx, ctx,
                  {"panel.create", "panel", std::to_string(id), std::nullopt,
                   json{{"case_id", p.case_id},
                        {"institution_id", p.institution_id},
                        {"specialty", p.specialty},
                        {"size", p.size},
                        {"party_organization_ids", p.party_organization_ids}}});
    MEDRISK_CHECK(record_draw(tx, ctx, id, "initial", p, {}, {}));
    return panel_view(tx, id, Viewer::admin);
  });
}

Result<PanelView> AppraisalService::get_panel(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<PanelView> {
    auto p = store::find_panel(tx, id);
    if (!p) return err(errors::resource_not_found);
    MEDRISK_TRY(Viewer v, panel_viewer(tx, ctx, *p));
    return panel_view(tx, id, v);
  });
}

Result<std::vector<Panel>> AppraisalService::list_panels(const RequestContext& ctx, std::int64_t after_id, int limit) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Panel>> {
    if (accounts::authorize(ctx.actor, "experts.manage").ok()) return store::list_panels(tx, {}, {}, after_id, limit);
    if (ctx.actor.has("appraisal.opine")) {
      MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
      return store::list_panels(tx, me.id, {}, after_id, limit);
    }
    MEDRISK_CHECK(accounts::authorize(ctx.actor, "cases.read"));
    if (ctx.actor.organization_id == 0) return std::vector<Panel>{};
    return store::list_panels(tx, {}, ctx.actor.organization_id, after_id, limit);
  });
}

Result<PanelView> AppraisalService::decline(const RequestContext& ctx, std::int64_t panel_id, std::int64_t expert_id,
                                            const std::string& reason) {
  if (reason.empty()) return err(errors::decline_reason_required);
  return db_.write([&](db::Tx& tx) -> Result<PanelView> {
    auto p = store::find_panel(tx, panel_id);
    if (!p) return err(errors::resource_not_found);
    MEDRISK_TRY(Viewer v, panel_viewer(tx, ctx, *p));
    if (v == Viewer::party) return err(errors::resource_not_found);
    if (v == Viewer::member && calling_expert(tx, ctx)->id != expert_id) return err(errors::resource_not_found);
    auto member = std::find_if(p->members.begin(), p->members.end(),
                               [&](const PanelMember& m) { return m.expert_id == expert_id; });
    if (member == p->members.end()) return err(errors::resource_not_found);
    if (member->status != "active") return err(errors::panel_member_already_declined);
    auto own = store::find_opinion_of(tx, panel_id, expert_id);
    if (own && own->opinion.status == "signed") return err(errors::opinion_already_signed);
    store::decline_member(tx, panel_id, expert_id, reason, ctx.now().to_iso_utc());
    audit::record(tx, ctx,
                  {"panel_member.decline", "panel", std::to_string(panel_id), json{{"expert_id", expert_id}},
                   json{{"expert_id", expert_id}, {"status", "declined"}}});
    std::vector<std::int64_t> keep, exclude;
    for (const auto& m : p->members) {
      exclude.push_back(m.expert_id);
      if (m.status == "active" && m.expert_id != expert_id) keep.push_back(m.expert_id);
    }
    NewPanel np{p->case_id, p->institution_id, p->specialty, p->size, p->party_organization_ids};
    MEDRISK_CHECK(record_draw(tx, ctx, panel_id, "replacement", np, keep, exclude));
    // The replacement takes the decliner's place in the panel's Delphi study from the next round on.
    if (auto study = store::find_study_of_panel(tx, panel_id); study && study->status == "open") {
      std::vector<std::int64_t> participants;
      auto now_panel = store::find_panel(tx, panel_id);
      for (const auto& m : now_panel->members)
        if (m.status == "active") participants.push_back(m.expert_id);
      store::set_study_experts(tx, study->id, participants);
    }
    return panel_view(tx, panel_id, v);
  });
}

Result<std::vector<DrawView>> AppraisalService::draws(const RequestContext& ctx, std::int64_t panel_id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<DrawView>> {
    auto p = store::find_panel(tx, panel_id);
    if (!p) return err(errors::resource_not_found);
    MEDRISK_CHECK(panel_viewer(tx, ctx, *p));
    std::vector<DrawView> out;
    for (auto& d : store::list_draws(tx, panel_id)) {
      auto [request, candidates] = inputs_of(d.inputs_json);
      auto replay = draw_panel(request, candidates, params_.panel, d.seed);
      bool same = replay.ok() && *replay == d.drawn;
      out.push_back({std::move(d), same});
    }
    return out;
  });
}

// ---------------------------------------------------------------- opinions

bool AppraisalService::digest_matches(const Opinion& o) {
  return o.digest && *o.digest == crypto::sha256_hex(canonical_opinion(o));
}

namespace {
Opinion decrypt_opinion(const crypto::KeyRing& keys, store::OpinionRow row) {
  row.opinion.content.reasons = keys.decrypt(row.reasons_enc, kReasonsAad);
  return row.opinion;
}
json opinion_audit(const Opinion& o) {
  return {{"id", o.id},
          {"status", o.status},
          {"causation_degree", o.content.causation_degree},
          {"has_fault", o.content.has_fault},
          {"digest", o.digest ? json(*o.digest) : json(nullptr)}};
}
}  // namespace

Result<Opinion> AppraisalService::create_opinion(const RequestContext& ctx, std::int64_t panel_id,
                                                 const OpinionContent& c) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  MEDRISK_CHECK(check_opinion(c, params_.causation));
  return db_.write([&](db::Tx& tx) -> Result<Opinion> {
    MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
    auto p = store::find_panel(tx, panel_id);
    if (!p || !is_active_member(*p, me.id)) return err(errors::resource_not_found);
    if (store::find_opinion_of(tx, panel_id, me.id)) return err(errors::opinion_already_exists);
    Opinion o;
    o.panel_id = panel_id;
    o.expert_id = me.id;
    o.content = c;
    o.created_at = o.updated_at = ctx.now().to_iso_utc();
    o.id = store::insert_opinion(tx, o, keys_.encrypt(c.reasons, kReasonsAad));
    audit::record(tx, ctx, {"opinion.create", "opinion", std::to_string(o.id), std::nullopt, opinion_audit(o)});
    return o;
  });
}

Result<Opinion> AppraisalService::update_opinion(const RequestContext& ctx, std::int64_t opinion_id,
                                                 const OpinionContent& c) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  return db_.write([&](db::Tx& tx) -> Result<Opinion> {
    MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
    auto row = store::find_opinion(tx, opinion_id);
    if (!row || row->opinion.expert_id != me.id) return err(errors::resource_not_found);
    if (row->opinion.status == "signed") return err(errors::opinion_already_signed);
    MEDRISK_CHECK(check_opinion(c, params_.causation));
    Opinion before = row->opinion, o = row->opinion;
    o.content = c;
    o.updated_at = ctx.now().to_iso_utc();
    store::update_opinion(tx, o, keys_.encrypt(c.reasons, kReasonsAad));
    audit::record(tx, ctx,
                  {"opinion.update", "opinion", std::to_string(o.id), opinion_audit(before), opinion_audit(o)});
    return o;
  });
}

Result<Opinion> AppraisalService::sign_opinion(const RequestContext& ctx, std::int64_t opinion_id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "appraisal.opine"));
  return db_.write([&](db::Tx& tx) -> Result<Opinion> {
    MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
    auto row = store::find_opinion(tx, opinion_id);
    if (!row || row->opinion.expert_id != me.id) return err(errors::resource_not_found);
    if (row->opinion.status == "signed") return err(errors::opinion_already_signed);
    Opinion o = decrypt_opinion(keys_, *row);
    o.status = "signed";
    o.signed_by_user_id = ctx.actor.user_id;
    o.signed_at = o.updated_at = ctx.now().to_iso_utc();
    o.digest = crypto::sha256_hex(canonical_opinion(o));
    store::sign_opinion(tx, o.id, *o.digest, ctx.actor.user_id, *o.signed_at);
    audit::record(tx, ctx,
                  {"opinion.sign", "opinion", std::to_string(o.id), opinion_audit(row->opinion), opinion_audit(o)});
    return o;
  });
}

Result<Opinion> AppraisalService::get_opinion(const RequestContext& ctx, std::int64_t opinion_id) {
  return db_.read([&](db::Tx& tx) -> Result<Opinion> {
    auto row = store::find_opinion(tx, opinion_id);
    if (!row) return err(errors::resource_not_found);
    if (!accounts::authorize(ctx.actor, "experts.manage").ok()) {
      MEDRISK_TRY(Expert me, calling_expert(tx, ctx));
      if (row->opinion.expert_id != me.id) return err(errors::resource_not_found);
    }
    return decrypt_opinion(keys_, *row);
  });
}

Result<std::vector<Opinion>> AppraisalService::list_opinions(const RequestContext& ctx, std::int64_t panel_id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<Opinion>> {
    auto p = store::find_panel(tx, panel_id);
    if (!p) return err(errors::resource_not_found);
    MEDRISK_TRY(Viewer v, panel_viewer(tx, ctx, *p));
    if (v == Viewer::party) return err(errors::resource_not_found);  // parties see the consensus, not who said what
    std::optional<std::int64_t> only;
    if (v == Viewer::member) only = calling_expert(tx, ctx)->id;
    std::vector<Opinion> out;
    for (auto& row : store::list_opinions(tx, panel_id))
      if (!only || row.opinion.expert_id == *only) out.push_back(decrypt_opinion(keys_, row));
    return out;
  });
}

bool AppraisalService::sits_on_case_panel(db::Tx& tx, std::int64_t case_id, std::int64_t user_id) const {
  return store::user_on_case_panel(tx, case_id, user_id);
}

}  // namespace medrisk::appraisal
