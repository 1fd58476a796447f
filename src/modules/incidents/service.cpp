// Incident use cases (see api.hpp): reporting (named or anonymous), reading, the workflow, root-cause
// analysis, corrective actions, the report to the health authority, links, the reply thread, reminders
// and tallies. Every change writes its audit entry (an anonymous report's under an anonymous actor) and
// notifications in its transaction.
#include "modules/incidents/api.hpp"
#include "modules/incidents/store.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/incidents/errors.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/coordination.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/outbox/webhooks.hpp"

namespace medrisk::incidents {
namespace {

using nlohmann::json;

constexpr int kMaxNotifiedOfficers = 20;
constexpr const char* kDescriptionAad = "incidents.description_enc";
constexpr const char* kRcaAad = "incidents.rca_enc";
constexpr const char* kMessageAad = "incident_messages.body_enc";
// The early notice to the insurer (webhook event type and notification kind).
constexpr const char* kInsurerNoticeEvent = "incident.early_notice";

json load_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return json::parse(in);
}

// What the audit log digests: the facts, never the narrative, never the reporter of an anonymous report.
json audit_view(const Incident& i) {
  return {{"id", i.id},
          {"organization_id", i.organization_id},
          {"anonymous", i.anonymous},
          {"reporter_user_id", i.reporter_user_id ? json(*i.reporter_user_id) : json()},
          {"category", i.category},
          {"severity_class", to_string(i.severity_class)},
          {"state", to_string(i.state)},
          {"report_due_at", i.report_due_at},
          {"authority_reported_at", i.authority_report ? json(i.authority_report->reported_at) : json()},
          {"case_id", i.case_id ? json(*i.case_id) : json()},
          {"complaint_id", i.complaint_id ? json(*i.complaint_id) : json()}};
}

// The audit context of an anonymous reporter: no user, no organization, no request id that would
// lead back to the access log's address.
RequestContext anonymous_context(const RequestContext& ctx) {
  RequestContext anon;
  anon.request_id = "anonymous";
  anon.lang = ctx.lang;
  anon.clock = ctx.clock;
  return anon;
}

bool is_institution_staff(const Actor& a, std::int64_t org) {
  return a.organization_id == org && (a.has_role("medical_officer") || a.has_role("clinician"));
}

}  // namespace

IncidentsParams load_params(const std::filesystem::path& dir) {
  auto p = params_from_json(load_json(dir / "classes.json"), load_json(dir / "categories.json"),
                            load_json(dir / "harm_degrees.json"), load_json(dir / "rca.json"));
  if (!p.ok()) throw std::runtime_error("incidents parameters: " + p.error().detail);
  return std::move(p).value();
}

std::string incident_number(const Incident& i) {
  std::string n = std::to_string(i.id);
  return "INC-" + i.created_at.substr(0, 4) + "-" + std::string(n.size() < 6 ? 6 - n.size() : 0, '0') + n;
}

std::optional<std::int64_t> DisputesCaseLinks::case_institution(db::Tx& tx, std::int64_t case_id) {
  auto c = disputes_.case_for_claim(tx, case_id);
  if (!c) return std::nullopt;
  return c->institution_org_id;
}

std::optional<std::int64_t> DisputesCaseLinks::complaint_institution(const RequestContext& ctx, std::int64_t id) {
  auto c = disputes_.get_complaint(ctx, id);
  if (!c.ok()) return std::nullopt;
  return c->c.institution_org_id;
}

std::optional<std::int64_t> InsuranceInsurerLookup::insurer_of(db::Tx& tx, std::int64_t org, Date incident, Date notice) {
  auto p = insurance_.find_policy_in_force(tx, org, 0, incident, notice);
  if (!p) return std::nullopt;
  return p->insurer_org_id;
}

IncidentService::IncidentService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                                 IncidentsParams params, CaseLinks* links, InsurerLookup* insurers)
    : db_(db), keys_(keys), clock_(clock), params_(std::move(params)), links_(links), insurers_(insurers) {}

std::vector<db::Migration> IncidentService::migrations() { return store::migrations(); }

std::vector<crypto::EncryptedColumn> IncidentService::encrypted_columns() {
  return {{"incidents", "id", "description_enc"}, {"incidents", "id", "rca_enc"}, {"incident_messages", "id", "body_enc"}};
}

// ---------------------------------------------------------------- access

bool IncidentService::is_reviewer(const RequestContext& ctx, const Incident& i) const {
  return ctx.actor.has("incidents.review") && ctx.actor.organization_id == i.organization_id;
}

Result<Incident> IncidentService::load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool write) {
  const Actor& a = ctx.actor;
  if (write) store::lock_incident(tx, id);
  auto row = store::find_incident(tx, id);
  std::string perm = a.has("incidents.read") ? "incidents.read" : "incidents.report";
  MEDRISK_CHECK(accounts::authorize(a, perm));
  if (!row) return Error::of("resource_not_found");
  MEDRISK_CHECK(accounts::authorize(a, perm, accounts::Scope{{row->i.organization_id}, std::nullopt, row->i.region_code}));
  if (perm == "incidents.report" && !is_institution_staff(a, row->i.organization_id)) return Error::of("resource_not_found");
  Incident i = row->i;
  i.description = keys_.decrypt(row->description_enc, kDescriptionAad);
  if (row->rca_enc) {
    auto rca = rca_from_json(json::parse(keys_.decrypt(*row->rca_enc, kRcaAad)));
    if (rca.ok()) i.rca = *rca;
  }
  if (write && !is_reviewer(ctx, i)) return err(errors::incident_reviewer_only);
  return i;
}

IncidentView IncidentService::view_of(db::Tx& tx, const RequestContext& ctx, const Incident& i, bool detail) {
  IncidentView v;
  v.i = i;
  v.overdue = is_overdue(i, clock_.now());
  v.organization_name = accounts::directory::organization_names(tx, {i.organization_id})[i.organization_id];
  if (i.reporter_user_id) v.reporter_name = accounts::directory::display_names(tx, {*i.reporter_user_id})[*i.reporter_user_id];
  v.can_review = is_reviewer(ctx, i);
  if (!detail) {
    v.i.description.clear();
    return v;
  }
  v.actions = store::list_actions(tx, i.id);
  std::vector<std::int64_t> owners;
  for (const auto& a : v.actions) owners.push_back(a.owner_user_id);
  auto names = accounts::directory::display_names(tx, owners);
  for (auto& a : v.actions) a.owner_name = names[a.owner_user_id];
  bool thread_reader = v.can_review || (i.reporter_user_id && *i.reporter_user_id == ctx.actor.user_id);
  if (thread_reader)
    for (auto& m : store::list_messages(tx, i.id, kMaxMessagesPerIncident)) {
      m.m.body = keys_.decrypt(m.body_enc, kMessageAad);
      v.messages.push_back(std::move(m.m));
    }
  return v;
}

// ---------------------------------------------------------------- notifications

void IncidentService::notify_officers(db::Tx& tx, Timestamp now, const Incident& i, const std::string& kind,
                                      std::optional<std::int64_t> except_user) {
  std::string no = incident_number(i);
  std::string cls(to_string(i.severity_class));
  std::string title_zh = kind == "incident.report_overdue" ? "医疗安全事件 " + no + " 逾期未上报"
                                                           : "医疗安全事件 " + no + " 有新进展";
  std::string title_en = kind == "incident.report_overdue" ? "Incident " + no + " not reported to the authority in time"
                                                           : "Incident " + no + " moved on";
  for (auto user : accounts::directory::members_with_role(tx, accounts::OrganizationId{i.organization_id},
                                                          accounts::Role::medical_officer, kMaxNotifiedOfficers))
    if (!except_user || user != *except_user)
      outbox::notify(tx, now,
                     {user, kind, title_zh, title_en, "状态：" + std::string(to_string(i.state)) + "；分级：" + cls,
                      "State: " + std::string(to_string(i.state)) + "; class: " + cls, "incident:" + std::to_string(i.id)});
}

// Early notification (提前介入) of the insurer of the institution's liability policy in force on the day
// of occurrence: its adjusters' inbox and the insurer's webhook subscriptions, once per incident.
void IncidentService::notify_insurer(db::Tx& tx, Timestamp now, Incident& i) {
  if (i.insurer_notified_at || !insurers_) return;
  if (!notifies_insurer(i.severity_class, i.case_id.has_value())) return;
  Date occurred = Timestamp::parse(i.occurred_at)->shanghai_date();
  auto insurer = insurers_->insurer_of(tx, i.organization_id, occurred, now.shanghai_date());
  if (!insurer) return;
  i.insurer_org_id = *insurer;
  i.insurer_notified_at = now.to_iso_utc();
  std::string no = incident_number(i);
  for (auto user : accounts::directory::members_with_role(tx, accounts::OrganizationId{*insurer}, accounts::Role::adjuster,
                                                          kMaxNotifiedOfficers))
    outbox::notify(tx, now,
                   {user, kInsurerNoticeEvent, "投保机构报告医疗安全事件 " + no, "An insured institution reported incident " + no,
                    "分级：" + std::string(to_string(i.severity_class)) + "，请提前介入。",
                    "Class: " + std::string(to_string(i.severity_class)) + "; early intervention advised.",
                    "incident:" + std::to_string(i.id)});
  webhooks::emit(tx, now, {*insurer}, kInsurerNoticeEvent,
                 {{"incident_id", i.id},
                  {"number", no},
                  {"institution_org_id", i.organization_id},
                  {"severity_class", to_string(i.severity_class)},
                  {"category", i.category},
                  {"occurred_on", occurred.to_string()},
                  {"case_id", i.case_id ? json(*i.case_id) : json()}});
}

// ---------------------------------------------------------------- reporting

Result<Reported> IncidentService::report(const RequestContext& ctx, const NewIncident& in) {
  const Actor& a = ctx.actor;
  MEDRISK_CHECK(accounts::authorize(a, "incidents.report"));
  if (!params_.has_category(in.category)) return err(errors::incident_category_unknown, in.category);
  if (!params_.has_harm_degree(in.harm_degree)) return err(errors::incident_harm_degree_unknown, in.harm_degree);
  Timestamp now = ctx.now();
  if (in.occurred_at > now || in.discovered_at > now) return err(errors::incident_time_in_future);
  if (in.discovered_at < in.occurred_at) return err(errors::incident_discovered_before_occurred);
  if (in.complaint_id) {
    auto org = links_ ? links_->complaint_institution(ctx, *in.complaint_id) : std::nullopt;
    if (!org || *org != a.organization_id) return err(errors::incident_link_complaint_not_found);
  }
  return db_.write([&](db::Tx& tx) -> Result<Reported> {
    auto org = accounts::directory::organization(tx, accounts::OrganizationId{a.organization_id});
    if (!org) return Error::of("permission_denied", "no institution");
    if (in.case_id) {
      auto case_org = links_ ? links_->case_institution(tx, *in.case_id) : std::nullopt;
      if (!case_org || *case_org != a.organization_id) return err(errors::incident_link_case_not_found);
    }
    store::IncidentRow row;
    Incident& i = row.i;
    i.organization_id = a.organization_id;
    i.region_code = org->region_code;
    i.anonymous = in.anonymous;
    if (!in.anonymous) i.reporter_user_id = a.user_id;
    i.category = in.category;
    i.department = in.department;
    i.place = in.place;
    i.harm_degree = in.harm_degree;
    i.occurred_at = in.occurred_at.to_iso_utc();
    i.occurred_month = shanghai_month(in.occurred_at);
    i.discovered_at = in.discovered_at.to_iso_utc();
    i.description = in.description;
    i.severity_class = in.severity_class;
    i.report_due_at = report_due(params_, in.severity_class, in.discovered_at).to_iso_utc();
    i.state = IncidentState::reported;
    i.complaint_id = in.complaint_id;
    i.case_id = in.case_id;
    i.created_at = i.updated_at = now.to_iso_utc();
    row.description_enc = keys_.encrypt(in.description, kDescriptionAad);
    std::optional<std::string> token;
    if (in.anonymous) {
      token = crypto::random_token();
      row.reply_token_hash = crypto::sha256_hex(*token);
    }
    i.id = store::insert_incident(tx, row);
    notify_insurer(tx, now, i);
    if (i.insurer_notified_at) store::update_incident(tx, row);
    audit::record(tx, in.anonymous ? anonymous_context(ctx) : ctx,
                  {"incident.report", "incident", std::to_string(i.id), std::nullopt, audit_view(i)});
    // An anonymous reporter who is an officer is notified like the others: skipping them would tell who reported.
    notify_officers(tx, now, i, "incident.reported", in.anonymous ? std::nullopt : std::optional(a.user_id));
    Reported r;
    r.view = view_of(tx, ctx, i, true);
    r.reply_token = token;
    return r;
  });
}

// ---------------------------------------------------------------- reading

namespace {
Result<store::Scope> scope_of(const Actor& a) {
  store::Scope s;
  if (a.has("incidents.read") && a.has_role("regulator")) {
    s.region_prefix = a.region_code.substr(0, 2);
    return s;
  }
  MEDRISK_CHECK(accounts::authorize(a, "incidents.report"));
  if (a.organization_id == 0) return Error::of("permission_denied", "no institution");
  s.organization_id = a.organization_id;
  return s;
}
}  // namespace

Result<std::vector<IncidentView>> IncidentService::list(const RequestContext& ctx, const IncidentFilter& filter) {
  MEDRISK_TRY(store::Scope scope, scope_of(ctx.actor));
  return db_.read([&](db::Tx& tx) -> Result<std::vector<IncidentView>> {
    std::optional<std::string> overdue_at;
    if (filter.overdue_only) overdue_at = clock_.now().to_iso_utc();
    std::vector<IncidentView> out;
    for (auto& row : store::list_incidents(tx, scope, filter, overdue_at)) out.push_back(view_of(tx, ctx, row.i, false));
    return out;
  });
}

Result<IncidentView> IncidentService::get(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<IncidentView> {
    MEDRISK_TRY(Incident i, load_for(tx, ctx, id, false));
    return view_of(tx, ctx, i, true);
  });
}

Result<IncidentSummary> IncidentService::summary(const RequestContext& ctx) {
  MEDRISK_TRY(store::Scope scope, scope_of(ctx.actor));
  return db_.read([&](db::Tx& tx) -> Result<IncidentSummary> {
    IncidentSummary s;
    s.scope = scope.organization_id ? "institution" : "province";
    for (auto st : all_states()) s.by_state[std::string(to_string(st))] = 0;
    for (auto c : all_classes()) s.by_class[std::string(to_string(c))] = 0;
    for (const auto& c : store::count_by(tx, scope, "state")) s.by_state[c.key] = c.count, s.total += c.count;
    for (const auto& c : store::count_by(tx, scope, "severity_class")) s.by_class[c.key] = c.count;
    auto months = last_months(shanghai_month(clock_.now()), 12);
    std::map<std::string, std::int64_t> per_month;
    for (const auto& c : store::count_by_month(tx, scope, months.front())) per_month[c.key] = c.count;
    for (const auto& m : months) s.by_month.emplace_back(m, per_month[m]);
    std::string now = clock_.now().to_iso_utc();
    s.overdue = store::count_overdue(tx, scope, now);
    for (auto& row : store::to_review(tx, scope, now, kMaxSummaryReviewItems)) s.to_review.push_back(view_of(tx, ctx, row.i, false));
    return s;
  });
}

Result<std::map<std::int64_t, std::string>> IncidentService::owners(const RequestContext& ctx) {
  const Actor& a = ctx.actor;
  MEDRISK_CHECK(accounts::authorize(a, "incidents.review"));
  return db_.read([&](db::Tx& tx) -> Result<std::map<std::int64_t, std::string>> {
    std::vector<std::int64_t> ids;
    for (auto role : {accounts::Role::medical_officer, accounts::Role::clinician})
      for (auto u : accounts::directory::members_with_role(tx, accounts::OrganizationId{a.organization_id}, role))
        ids.push_back(u);
    return accounts::directory::display_names(tx, ids);
  });
}

// ---------------------------------------------------------------- changes

Result<IncidentView> IncidentService::change(const RequestContext& ctx, std::int64_t id, const std::string& audit_action,
                                             const std::function<Status(db::Tx&, Incident&)>& apply) {
  return db_.write([&](db::Tx& tx) -> Result<IncidentView> {
    MEDRISK_TRY(Incident before, load_for(tx, ctx, id, true));
    Incident after = before;
    MEDRISK_CHECK(apply(tx, after));
    after_change(tx, ctx, before, after, audit_action);
    return view_of(tx, ctx, after, true);
  });
}

void IncidentService::after_change(db::Tx& tx, const RequestContext& ctx, const Incident& before, Incident& i,
                                   const std::string& action) {
  i.updated_at = ctx.now().to_iso_utc();
  notify_insurer(tx, ctx.now(), i);
  store::IncidentRow row;
  row.i = i;
  if (i.rca) row.rca_enc = keys_.encrypt(rca_to_json(*i.rca).dump(), kRcaAad);
  store::update_incident(tx, row);
  audit::record(tx, ctx, {action, "incident", std::to_string(i.id), audit_view(before), audit_view(i)});
  notify_officers(tx, ctx.now(), i, action, ctx.actor.user_id);
}

Result<IncidentView> IncidentService::transition(const RequestContext& ctx, std::int64_t id, IncidentAction action) {
  return change(ctx, id, "incident." + std::string(to_string(action)), [&](db::Tx& tx, Incident& i) -> Status {
    MEDRISK_TRY(IncidentState to, next_state(i.state, action));
    auto actions = store::list_actions(tx, i.id);
    int open = static_cast<int>(std::count_if(actions.begin(), actions.end(),
                                              [](const auto& a) { return a.status == ActionStatus::open; }));
    MEDRISK_CHECK(check_move(action, i.rca.has_value(), static_cast<int>(actions.size()), open));
    i.state = to;
    return {};
  });
}

Result<IncidentView> IncidentService::record_rca(const RequestContext& ctx, std::int64_t id, const RootCauseAnalysis& rca) {
  MEDRISK_CHECK(check_rca(params_, rca));
  return change(ctx, id, "incident.rca", [&](db::Tx&, Incident& i) -> Status {
    if (i.state != IncidentState::root_cause_analysis) return err(errors::incident_rca_not_allowed_in_state);
    i.rca = rca;
    return {};
  });
}

Result<IncidentView> IncidentService::add_action(const RequestContext& ctx, std::int64_t id, const NewAction& in) {
  return change(ctx, id, "incident.action_add", [&](db::Tx& tx, Incident& i) -> Status {
    if (i.state != IncidentState::actions) return err(errors::incident_action_not_allowed_in_state);
    auto owner = accounts::directory::user(tx, accounts::UserId{in.owner_user_id});
    if (!owner || owner->organization_id != i.organization_id) return err(errors::incident_action_owner_not_in_institution);
    if (static_cast<int>(store::list_actions(tx, i.id).size()) >= kMaxActionsPerIncident)
      return err(errors::incident_action_not_allowed_in_state, "too many actions");
    CorrectiveAction a;
    a.incident_id = i.id;
    a.description = in.description;
    a.owner_user_id = in.owner_user_id;
    a.due_on = in.due_on;
    a.created_at = ctx.now().to_iso_utc();
    store::insert_action(tx, a);
    return {};
  });
}

Result<IncidentView> IncidentService::set_action_status(const RequestContext& ctx, std::int64_t id, std::int64_t action_id,
                                                        ActionStatus status) {
  return db_.write([&](db::Tx& tx) -> Result<IncidentView> {
    MEDRISK_TRY(Incident i, load_for(tx, ctx, id, false));
    auto actions = store::list_actions(tx, i.id);
    auto it = std::find_if(actions.begin(), actions.end(), [&](const auto& a) { return a.id == action_id; });
    if (it == actions.end()) return err(errors::incident_action_not_found);
    if (!is_reviewer(ctx, i) && it->owner_user_id != ctx.actor.user_id) return err(errors::incident_reviewer_only);
    if (i.state != IncidentState::actions) return err(errors::incident_action_not_allowed_in_state);
    std::optional<std::string> done_at;
    if (status == ActionStatus::done) done_at = ctx.now().to_iso_utc();
    store::update_action_status(tx, action_id, status, done_at);
    audit::record(tx, ctx,
                  {"incident.action_status", "incident_action", std::to_string(action_id),
                   json{{"status", to_string(it->status)}}, json{{"status", to_string(status)}, {"incident_id", i.id}}});
    return view_of(tx, ctx, i, true);
  });
}

Result<IncidentView> IncidentService::report_to_authority(const RequestContext& ctx, std::int64_t id,
                                                          const AuthorityReportInput& in) {
  Timestamp at = in.reported_at.value_or(ctx.now());
  if (at > ctx.now()) return err(errors::incident_time_in_future);
  return change(ctx, id, "incident.authority_report", [&](db::Tx&, Incident& i) -> Status {
    if (i.authority_report) return err(errors::incident_already_reported_to_authority);
    if (at < *Timestamp::parse(i.discovered_at)) return err(errors::incident_discovered_before_occurred, "reported before discovery");
    i.authority_report =
        AuthorityReport{at.to_iso_utc(), in.authority, in.reference, report_late(*Timestamp::parse(i.report_due_at), at)};
    return {};
  });
}

Result<IncidentView> IncidentService::link_case(const RequestContext& ctx, std::int64_t id, std::int64_t case_id) {
  return change(ctx, id, "incident.link_case", [&](db::Tx& tx, Incident& i) -> Status {
    if (i.case_id) return err(errors::incident_already_linked);
    auto org = links_ ? links_->case_institution(tx, case_id) : std::nullopt;
    if (!org || *org != i.organization_id) return err(errors::incident_link_case_not_found);
    i.case_id = case_id;
    return {};
  });
}

Result<IncidentView> IncidentService::post_message(const RequestContext& ctx, std::int64_t id, const std::string& body) {
  return db_.write([&](db::Tx& tx) -> Result<IncidentView> {
    MEDRISK_TRY(Incident i, load_for(tx, ctx, id, false));
    store::MessageRow m;
    m.m.incident_id = i.id;
    if (is_reviewer(ctx, i)) {
      m.m.author = MessageAuthor::reviewer;
      m.m.author_user_id = ctx.actor.user_id;
    } else if (i.reporter_user_id && *i.reporter_user_id == ctx.actor.user_id) {
      m.m.author = MessageAuthor::reporter;
      m.m.author_user_id = ctx.actor.user_id;
    } else {
      return err(errors::incident_reviewer_only);
    }
    if (store::count_messages(tx, i.id) >= kMaxMessagesPerIncident) return err(errors::incident_thread_closed, "full");
    m.m.at = ctx.now().to_iso_utc();
    m.body_enc = keys_.encrypt(body, kMessageAad);
    auto mid = store::insert_message(tx, m);
    audit::record(tx, ctx, {"incident.message", "incident", std::to_string(i.id), std::nullopt,
                            json{{"message_id", mid}, {"author", to_string(m.m.author)}}});
    if (m.m.author == MessageAuthor::reporter) notify_officers(tx, ctx.now(), i, "incident.message", ctx.actor.user_id);
    else if (i.reporter_user_id && *i.reporter_user_id != ctx.actor.user_id)
      outbox::notify(tx, ctx.now(),
                     {*i.reporter_user_id, "incident.message", "医务科回复了您的事件报告 " + incident_number(i),
                      "The medical office answered your report " + incident_number(i), "请查看回复。", "Please read the answer.",
                      "incident:" + std::to_string(i.id)});
    return view_of(tx, ctx, i, true);
  });
}

// ---------------------------------------------------------------- the anonymous reporter

Result<Incident> IncidentService::find_by_token(db::Tx& tx, const std::string& token) {
  if (token.empty() || token.size() > 200) return err(errors::incident_reply_token_invalid);
  auto row = store::find_by_token_hash(tx, crypto::sha256_hex(token));
  if (!row) return err(errors::incident_reply_token_invalid);
  return row->i;
}

TokenView IncidentService::token_view(db::Tx& tx, const Incident& i) {
  TokenView v;
  v.id = i.id;
  v.number = incident_number(i);
  v.category = i.category;
  v.severity_class = to_string(i.severity_class);
  v.state = to_string(i.state);
  v.created_at = i.created_at;
  for (auto& m : store::list_messages(tx, i.id, kMaxMessagesPerIncident)) {
    m.m.body = keys_.decrypt(m.body_enc, kMessageAad);
    m.m.author_user_id.reset();  // the reporter needs no reviewer's user id
    v.messages.push_back(std::move(m.m));
  }
  return v;
}

Result<TokenView> IncidentService::by_token(const std::string& token) {
  return db_.read([&](db::Tx& tx) -> Result<TokenView> {
    MEDRISK_TRY(Incident i, find_by_token(tx, token));
    return token_view(tx, i);
  });
}

Result<TokenView> IncidentService::post_by_token(const std::string& token, const std::string& body) {
  return db_.write([&](db::Tx& tx) -> Result<TokenView> {
    MEDRISK_TRY(Incident i, find_by_token(tx, token));
    if (store::count_messages(tx, i.id) >= kMaxMessagesPerIncident) return err(errors::incident_thread_closed, "full");
    Timestamp now = clock_.now();
    store::MessageRow m;
    m.m.incident_id = i.id;
    m.m.author = MessageAuthor::reporter;
    m.m.at = now.to_iso_utc();
    m.body_enc = keys_.encrypt(body, kMessageAad);
    auto mid = store::insert_message(tx, m);
    RequestContext anon;
    anon.request_id = "anonymous";
    anon.clock = &clock_;
    audit::record(tx, anon, {"incident.message", "incident", std::to_string(i.id), std::nullopt,
                             json{{"message_id", mid}, {"author", "reporter"}}});
    notify_officers(tx, now, i, "incident.message", std::nullopt);
    return token_view(tx, i);
  });
}

// ---------------------------------------------------------------- jobs and tallies

int IncidentService::remind_overdue() {
  return db_.write([&](db::Tx& tx) {
    if (!db::try_advisory_xact_lock(tx, "incidents.overdue_reminders")) return 0;
    Timestamp now = clock_.now();
    int written = 0;
    for (auto& row : store::overdue_unreminded(tx, now.to_iso_utc(), kMaxRemindersPerRun)) {
      Incident before = row.i;
      row.i.overdue_reminded_at = now.to_iso_utc();
      row.i.updated_at = now.to_iso_utc();
      row.rca_enc.reset();  // update_incident writes rca_enc: keep the stored one
      if (auto stored = store::find_incident(tx, row.i.id)) row.rca_enc = stored->rca_enc;
      store::update_incident(tx, row);
      audit::record_system(tx, now, "incident-reminders",
                           {"incident.report_overdue", "incident", std::to_string(row.i.id), audit_view(before),
                            audit_view(row.i)});
      notify_officers(tx, now, row.i, "incident.report_overdue", std::nullopt);
      ++written;
    }
    return written;
  });
}

std::vector<IncidentTally> IncidentService::tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) {
  return store::tallies(tx, from_month, to_month);
}

}  // namespace medrisk::incidents
