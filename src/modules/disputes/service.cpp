// Disputes use cases (see api.hpp): complaints and cases, transitions and their effects. Every change
// runs in one transaction with its timeline event, audit entry and notifications.
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "kernel/assert.hpp"
#include "modules/accounts/api.hpp"
#include "modules/disputes/errors.hpp"
#include "modules/disputes/people.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/db/coordination.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::disputes {
namespace {

using nlohmann::json;

constexpr std::string_view kNarrativeAad = "dispute_cases.narrative_enc";
constexpr std::string_view kComplaintNarrativeAad = "complaints.narrative_enc";
constexpr std::string_view kComplaintResponseAad = "complaints.response_enc";
Error not_found() { return Error::of("resource_not_found"); }

json load_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return json::parse(in);
}

template <class T>
T or_throw(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().detail);
  return std::move(r).value();
}

json audit_view(const DisputeCase& c) {
  return {{"id", c.id}, {"state", c.state}, {"channel", c.channel ? json(*c.channel) : json(nullptr)},
          {"institution_org_id", c.institution_org_id}, {"case_type", c.case_type},
          {"compensation_demand_fen", c.compensation_demand_fen.fen()},
          {"mediator_user_id", c.mediator_user_id ? json(*c.mediator_user_id) : json(nullptr)},
          {"adjuster_user_id", c.adjuster_user_id ? json(*c.adjuster_user_id) : json(nullptr)}};
}

json audit_view(const Complaint& c) {
  return {{"id", c.id}, {"state", c.state}, {"institution_org_id", c.institution_org_id}, {"category", c.category},
          {"case_id", c.case_id ? json(*c.case_id) : json(nullptr)}};
}

// Cases created before now less the report reminder's hours are late with it (health_authority_report_due).
store::ReportOverdue report_overdue_at(Timestamp now, const DeadlineParams& p) {
  auto hours = std::chrono::duration_cast<Timestamp::Duration>(std::chrono::hours(p.health_report_hours));
  return {p.health_report_case_types, (now - hours).to_iso_utc()};
}

}  // namespace

DisputesParams load_params(const std::filesystem::path& dir) {
  DisputesParams p;
  // The clocks live with the other modules' deadlines in data/deadlines/ (issue 5), beside data/disputes/.
  p.deadlines = or_throw(deadline_params_from_json(load_json(dir / ".." / "deadlines" / "disputes.json")));
  p.negotiation = or_throw(negotiation_params_from_json(load_json(dir / "negotiation.json")));
  p.materials = or_throw(materials_params_from_json(load_json(dir / "materials.json")));
  p.templates = load_templates(dir / "templates");
  p.pdf = documents::load_document_set(dir / ".." / "documents");
  if (!p.pdf.find("mediation_agreement")) throw std::runtime_error("data/documents: mediation_agreement missing");
  json states = load_json(dir / "states.json");
  p.case_states = or_throw(StateNames::from_json(states.value("cases", json::object()), case_states()));
  p.complaint_states = or_throw(StateNames::from_json(states.value("complaints", json::object()),
                                                      {"open", "responded", "closed", "escalated"}));
  return p;
}

DisputesService::DisputesService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                                 const WorkingCalendar& calendar, DisputesParams params, PolicyLookup* policies,
                                 DisputesConfig config, const consent::ConsentService& consent,
                                 const appraisal::AppraisalService* appraisal)
    : db_(db), keys_(keys), clock_(clock), calendar_(calendar), params_(std::move(params)), policies_(policies),
      config_(std::move(config)), consent_(consent), appraisal_(appraisal) {}

std::vector<db::Migration> DisputesService::migrations() { return store::migrations(); }

std::vector<crypto::EncryptedColumn> DisputesService::encrypted_columns() {
  return {{"complaints", "id", "narrative_enc"}, {"complaints", "id", "response_enc"},
          {"dispute_cases", "id", "narrative_enc"}};
}

// ---------------------------------------------------------------- complaints

Result<ComplaintView> DisputesService::complaint_view(db::Tx&, const store::ComplaintRow& row, bool show) const {
  ComplaintView v;
  v.c = row.c;
  if (show) {
    v.c.narrative = keys_.decrypt(row.narrative_enc, kComplaintNarrativeAad);
    if (row.response_enc) v.c.response = keys_.decrypt(*row.response_enc, kComplaintResponseAad);
  }
  // A reopened complaint is answered anew: its clock runs from the reopening day (issue 18).
  Date filed = *Date::parse(row.c.reopened_on.value_or(row.c.filed_on));
  Date due = complaint_response_due(calendar_, filed, row.c.multi_department, params_.deadlines);
  v.response_due = due.to_string();
  v.calendar_uncovered = calendar_.uncovered(due);
  if (row.c.responded_on) {
    Date confirm = confirmation_due(calendar_, *Date::parse(*row.c.responded_on), params_.deadlines);
    v.confirmation_due = confirm.to_string();
    v.calendar_uncovered = v.calendar_uncovered || calendar_.uncovered(confirm);
  }
  v.overdue = row.c.state == "open" && clock_.today() > due;
  return v;
}

namespace {
Status complaint_access(const Actor& a, const Complaint& c) {
  accounts::Scope scope{{c.institution_org_id}, c.patient_user_id, std::nullopt};
  return accounts::authorize(a, a.has_role("patient") ? "complaints.file" : "complaints.handle", scope);
}

// Who files: a patient for themself, or an institution's officer for a patient of their institution.
Result<std::int64_t> filing_patient(const Actor& a, std::optional<std::int64_t> patient, std::int64_t institution,
                                    Date incident, Date today) {
  bool is_patient = a.has_role("patient");
  MEDRISK_CHECK(accounts::authorize(a, is_patient ? "complaints.file" : "complaints.handle"));
  if (incident > today) return Error::of("request_invalid").with("/incident_date", std::string(errors::incident_date_in_future));
  if (is_patient) return a.user_id;
  if (!patient) return err(errors::patient_required_when_filing_on_behalf);
  if (institution != a.organization_id) return err(errors::filing_for_another_institution);
  return *patient;
}
}  // namespace

Result<ComplaintView> DisputesService::file_complaint(const RequestContext& ctx, const NewComplaint& in) {
  MEDRISK_TRY(std::int64_t patient,
              filing_patient(ctx.actor, in.patient_user_id, in.institution_org_id, in.incident_date, clock_.today()));
  std::string enc = keys_.encrypt(in.narrative, kComplaintNarrativeAad);
  return db_.write([&](db::Tx& tx) -> Result<ComplaintView> {
    auto org = accounts::directory::organization(tx, accounts::OrganizationId{in.institution_org_id});
    if (!org || org->kind != "medical_institution") return err(errors::institution_not_found);
    if (!accounts::directory::has_role(tx, accounts::UserId{patient}, accounts::Role::patient)) return err(errors::patient_not_found);
    store::ComplaintRow row;
    Complaint& c = row.c;
    c.patient_user_id = patient;
    c.institution_org_id = in.institution_org_id;
    c.filed_by_user_id = ctx.actor.user_id;
    c.category = in.category;
    c.department = in.department;
    c.incident_date = in.incident_date;
    c.multi_department = in.multi_department;
    c.state = "open";
    c.filed_on = clock_.today().to_string();
    c.created_at = c.updated_at = ctx.now().to_iso_utc();
    row.narrative_enc = enc;
    c.id = store::insert_complaint(tx, row);
    audit::record(tx, ctx, {"complaint.file", "complaint", std::to_string(c.id), std::nullopt, audit_view(c)});
    std::vector<std::int64_t> to = officers_of(tx, c.institution_org_id);
    to.push_back(patient);
    for (auto user : to)
      if (user != ctx.actor.user_id)
        outbox::notify(tx, ctx.now(), {user, "complaint.filed", "新投诉 #" + std::to_string(c.id),
                                       "New complaint #" + std::to_string(c.id), "投诉已登记，请按期答复。",
                                       "A complaint was filed; please respond in time.", "complaint:" + std::to_string(c.id)});
    return complaint_view(tx, row, true);
  });
}

Result<std::vector<ComplaintView>> DisputesService::list_complaints(const RequestContext& ctx,
                                                                    const std::optional<std::string>& state,
                                                                    std::int64_t after_id, int limit) {
  store::ComplaintFilter f{std::nullopt, std::nullopt, state, after_id, limit};
  if (ctx.actor.has_role("patient")) {
    MEDRISK_CHECK(accounts::authorize(ctx.actor, "complaints.file"));
    f.patient_user_id = ctx.actor.user_id;
  } else {
    MEDRISK_CHECK(accounts::authorize(ctx.actor, "complaints.handle"));
    f.institution_org_id = ctx.actor.organization_id;
  }
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ComplaintView>> {
    std::vector<ComplaintView> out;
    for (const auto& row : store::list_complaints(tx, f)) {
      MEDRISK_TRY(auto v, complaint_view(tx, row, true));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<ComplaintView> DisputesService::get_complaint(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<ComplaintView> {
    auto row = store::find_complaint(tx, id);
    if (!row) return not_found();
    MEDRISK_CHECK(complaint_access(ctx.actor, row->c));
    return complaint_view(tx, *row, true);
  });
}

Result<ComplaintView> DisputesService::complaint_action(const RequestContext& ctx, std::int64_t id,
                                                        const std::string& action, const std::optional<std::string>& text,
                                                        const std::optional<std::string>& case_type,
                                                        std::optional<Money> demand) {
  return db_.write([&](db::Tx& tx) -> Result<ComplaintView> {
    auto row = store::find_complaint(tx, id);
    if (!row) return not_found();
    MEDRISK_CHECK(complaint_access(ctx.actor, row->c));
    Date today = clock_.today();
    bool elapsed = row->c.responded_on &&
                   today > confirmation_due(calendar_, *Date::parse(*row->c.responded_on), params_.deadlines);
    bool has_text = text && text->find_first_not_of(" \t\r\n") != std::string::npos;
    MEDRISK_TRY(std::string to, decide_complaint_action({row->c.state, elapsed}, action, ctx.actor.has_role("patient"),
                                                        ctx.actor.has_role("medical_officer"), has_text));
    json before = audit_view(row->c);
    if (action == "respond") {
      row->response_enc = keys_.encrypt(*text, kComplaintResponseAad);
      row->c.responded_on = today.to_string();
    }
    if (action == "reopen") {
      row->c.responded_on.reset();
      row->c.reopened_on = today.to_string();
    }
    if (action == "escalate") {
      if (!case_type || !demand)
        return Error::of("request_invalid").with(case_type ? "/compensation_demand_fen" : "/case_type", "field_required");
      NewCase nc{row->c.patient_user_id, row->c.institution_org_id, std::nullopt, *case_type, row->c.department,
                 keys_.decrypt(row->narrative_enc, kComplaintNarrativeAad), row->c.incident_date, std::nullopt, *demand,
                 row->c.id};
      MEDRISK_TRY(store::CaseRow created, insert_case(tx, ctx, nc));
      row->c.case_id = created.c.id;
    }
    row->c.state = to;
    row->c.updated_at = ctx.now().to_iso_utc();
    store::update_complaint(tx, *row);
    audit::record(tx, ctx, {"complaint." + action, "complaint", std::to_string(id), before, audit_view(row->c)});
    std::int64_t other = ctx.actor.user_id == row->c.patient_user_id ? row->c.filed_by_user_id : row->c.patient_user_id;
    if (other != ctx.actor.user_id)
      outbox::notify(tx, ctx.now(), {other, "complaint." + action, "投诉 #" + std::to_string(id) + " 有新进展",
                                     "Complaint #" + std::to_string(id) + " has news",
                                     "投诉状态：" + params_.complaint_states.zh(to) + "。请查看投诉处理进展。",
                                     "Complaint state: " + params_.complaint_states.en(to) + ". See the complaint's progress.",
                                     "complaint:" + std::to_string(id)});
    return complaint_view(tx, *row, true);
  });
}

Result<std::vector<accounts::Organization>> DisputesService::institutions(const RequestContext& ctx) {
  if (!ctx.actor.has("complaints.file") && !ctx.actor.has("complaints.handle") && !ctx.actor.has("cases.read"))
    return Error::of("permission_denied");
  return db_.read([&](db::Tx& tx) { return accounts::directory::organizations_of_kind(tx, accounts::OrganizationKind::medical_institution, 0,
                                                     kMaxListPage); });
}

// ---------------------------------------------------------------- cases

Result<store::CaseRow> DisputesService::insert_case(db::Tx& tx, const RequestContext& ctx, const NewCase& in) {
  auto org = accounts::directory::organization(tx, accounts::OrganizationId{in.institution_org_id});
  if (!org || org->kind != "medical_institution") return err(errors::institution_not_found);
  if (!in.patient_user_id || !accounts::directory::has_role(tx, accounts::UserId{*in.patient_user_id}, accounts::Role::patient)) return err(errors::patient_not_found);
  store::CaseRow row;
  DisputeCase& c = row.c;
  c.complaint_id = in.complaint_id;
  c.patient_user_id = *in.patient_user_id;
  c.institution_org_id = in.institution_org_id;
  c.clinician_user_id = in.clinician_user_id;
  c.region_code = org->region_code;
  c.case_type = in.case_type;
  c.department = in.department;
  c.incident_date = in.incident_date;
  c.death_at = in.death_at;
  c.compensation_demand_fen = in.compensation_demand_fen;
  c.state = "filed";
  c.committee_org_id = accounts::directory::serving_organization(tx, accounts::OrganizationKind::mediation_committee, org->region_code);
  c.filed_on = clock_.today().to_string();
  c.created_at = c.updated_at = ctx.now().to_iso_utc();
  row.narrative_enc = keys_.encrypt(in.narrative, kNarrativeAad);
  row.due_on = acceptance_due(calendar_, clock_.today(), params_.deadlines).to_string();
  c.id = store::insert_case(tx, row);
  after_change(tx, ctx, row, "file", std::nullopt, {{"complaint_id", c.complaint_id ? json(*c.complaint_id) : json(nullptr)}});
  return row;
}

Result<CaseView> DisputesService::file_case(const RequestContext& ctx, const NewCase& in) {
  MEDRISK_TRY(std::int64_t patient,
              filing_patient(ctx.actor, in.patient_user_id, in.institution_org_id, in.incident_date, clock_.today()));
  NewCase nc = in;
  nc.patient_user_id = patient;
  return db_.write([&](db::Tx& tx) -> Result<CaseView> {
    MEDRISK_TRY(store::CaseRow row, insert_case(tx, ctx, nc));
    return view_of(tx, ctx, row);
  });
}

Result<store::CaseRow> DisputesService::load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool) {
  auto row = store::find_case(tx, id);
  const Actor& a = ctx.actor;
  bool patient = a.has_role("patient");
  MEDRISK_CHECK(accounts::authorize(a, patient ? "cases.read_own" : "cases.read"));
  if (!row) return not_found();
  const DisputeCase& c = row->c;
  std::vector<std::int64_t> orgs = {c.institution_org_id};
  for (auto o : {c.committee_org_id, c.insurer_org_id, c.legal_aid_org_id})
    if (o) orgs.push_back(*o);
  MEDRISK_CHECK(accounts::authorize(a, patient ? "cases.read_own" : "cases.read",
                                    accounts::Scope{orgs, c.patient_user_id, c.region_code}));
  return *row;
}

Result<store::CaseRow> DisputesService::load_file_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id) {
  // An expert of the case's appraisal panel reads the case file (and nothing else of the case).
  if (appraisal_ && ctx.actor.has_role("expert") && appraisal_->sits_on_case_panel(tx, id, ctx.actor.user_id))
    if (auto row = store::find_case(tx, id)) return *row;
  return load_for(tx, ctx, id, false);
}

bool DisputesService::shared_read(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row,
                                  const char* data_kind, const std::string& resource, bool record) {
  if (!needs_consent(ctx.actor.roles)) return true;
  auto purpose = consent_.purpose_for_roles(ctx.actor.roles);
  if (!purpose) return false;
  consent::GrantQuery q{row.c.patient_user_id, row.c.id,  ctx.actor.user_id, ctx.actor.organization_id,
                        ctx.actor.roles,       *purpose,  data_kind};
  if (!record) return consent_.allows(tx, ctx, q);
  return consent_.check_and_record(tx, ctx, q, "disputes", resource);
}

CaseView DisputesService::view_of(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row) {
  CaseView v;
  v.c = row.c;
  v.due_on = row.due_on;
  if (shared_read(tx, ctx, row, consent::kNarrative, "case:" + std::to_string(row.c.id)))
    v.c.narrative = keys_.decrypt(row.narrative_enc, kNarrativeAad);
  else v.c.narrative_withheld = true;
  const DisputeCase& c = row.c;
  Date today = clock_.today();
  const DeadlineParams& p = params_.deadlines;
  if (c.state == "filed") {
    Date due = acceptance_due(calendar_, *Date::parse(c.filed_on), p);
    v.deadlines.push_back({"case_acceptance", due.to_string(), std::nullopt, false, today > due});
  }
  bool clock_runs = c.state == "accepted" || c.state == "investigation" || c.state == "appraisal" || c.state == "mediation";
  v.mediation_extended_working_days = extended_days(tx, c);
  if (c.state == "mediation_failed") v.next_routes = routes_after_failure(c.channel);
  if (c.accepted_on && is_mediation_channel(c.channel) && clock_runs) {
    int days = (*c.channel == "people_mediation" ? p.mediation_working_days : p.administrative_mediation_working_days) +
               v.mediation_extended_working_days;
    auto pauses = store::list_pauses(tx, c.id);
    Clock30 k = mediation_clock(calendar_, *Date::parse(*c.accepted_on), days, pauses, today);
    v.deadlines.push_back({*c.channel + "_completion", k.due.to_string(), k.remaining_working_days, k.paused, k.overdue});
  }
  if (c.case_type == "death" && c.death_at && is_open_state(c.state)) {
    Timestamp death = *Timestamp::parse(*c.death_at);
    Timestamp autopsy = autopsy_due(death, false, p);
    v.deadlines.push_back({"autopsy_after_death", autopsy.to_iso_utc(), std::nullopt, false, ctx.now() > autopsy});
    Date body = body_storage_due(death.shanghai_date(), p);
    v.deadlines.push_back({"body_storage_max", body.to_string(), std::nullopt, false, today > body});
  }
  if (c.state == "payment" && c.payment_started_on) {
    Date due = confirmation_due(calendar_, *Date::parse(*c.payment_started_on), p);
    v.deadlines.push_back({"complainant_confirmation_window", due.to_string(), std::nullopt, false, today > due});
  }
  if (auto report = health_authority_report_due(c.case_type, *Timestamp::parse(c.created_at), p);
      report && is_open_state(c.state) && !store::has_event_kind(tx, c.id, "report_to_health_authority"))
    v.deadlines.push_back({"health_authority_report", report->to_iso_utc(), std::nullopt, false, ctx.now() > *report});
  for (auto& d : v.deadlines)
    if (auto at = Timestamp::parse(d.due); at.ok()) d.calendar_uncovered = calendar_.uncovered(at->shanghai_date());
    else if (auto due = Date::parse(d.due); due.ok()) d.calendar_uncovered = calendar_.uncovered(*due);
  v.missing_materials = missing_items(params_.materials.by_case_type.at(c.case_type),
                                      store::list_material_statuses(tx, c.id));
  return v;
}

Result<std::vector<CaseView>> DisputesService::list_cases(const RequestContext& ctx, const CaseFilter& filter) {
  const Actor& a = ctx.actor;
  store::CaseScopeFilter scope;
  if (a.has_role("patient")) {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read_own"));
    scope.patient_user_id = a.user_id;
  } else {
    MEDRISK_CHECK(accounts::authorize(a, "cases.read"));
    if (a.has_role("regulator")) scope.region_prefix = a.region_code.substr(0, 2);
    else scope.party_org_id = a.organization_id;
  }
  if (filter.overdue_only) {
    scope.overdue_before = clock_.today().to_string();
    scope.report_overdue = report_overdue_at(ctx.now(), params_.deadlines);
  }
  return reading(ctx, [&](db::Tx& tx) {
    std::vector<CaseView> out;
    for (const auto& row : store::list_cases(tx, scope, filter)) out.push_back(view_of(tx, ctx, row));
    return out;
  });
}

Result<CaseView> DisputesService::get_case(const RequestContext& ctx, std::int64_t id) {
  return reading(ctx, [&](db::Tx& tx) -> Result<CaseView> {
    MEDRISK_TRY(store::CaseRow row, load_file_for(tx, ctx, id));
    return view_of(tx, ctx, row);
  });
}

CaseFacts DisputesService::facts_for(db::Tx& tx, const store::CaseRow& row, Date today) const {
  const DisputeCase& c = row.c;
  CaseFacts f;
  f.state = c.state;
  f.channel = c.channel;
  f.compensation_demand_fen = c.compensation_demand_fen;
  f.negotiation_threshold_fen = negotiation_threshold(params_.negotiation, c.region_code);
  f.materials_complete =
      missing_items(params_.materials.by_case_type.at(c.case_type), store::list_material_statuses(tx, c.id)).empty();
  auto agreement = store::find_agreement(tx, c.id);
  f.agreement_signed_by_both = agreement && agreement->patient_signed_at && agreement->provider_signed_at;
  f.confirmation_window_elapsed =
      c.payment_started_on && today > confirmation_due(calendar_, *Date::parse(*c.payment_started_on), params_.deadlines);
  return f;
}

Result<CaseView> DisputesService::transition(const RequestContext& ctx, std::int64_t id, TransitionRequest request) {
  request.roles = ctx.actor.roles;
  return db_.write([&](db::Tx& tx) -> Result<CaseView> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    MEDRISK_TRY(std::string to, decide_transition(facts_for(tx, row, clock_.today()), request));
    MEDRISK_ASSERT(std::find(case_states().begin(), case_states().end(), to) != case_states().end(),
                   "a case transition ends in a state of the state machine");
    std::string from = row.c.state;
    apply_effects(tx, ctx, row, request, to);
    row.c.state = to;
    json details = json::object();
    if (request.reason) details["reason"] = *request.reason;
    if (request.channel && request.action == "accept") details["channel"] = *request.channel;
    if (request.court) details["court"] = *request.court;
    if (request.court_case_number) details["court_case_number"] = *request.court_case_number;
    if (request.judgment_fen) details["judgment_fen"] = request.judgment_fen->fen();
    after_change(tx, ctx, row, request.action, from, details);
    if (request.action == "record_judgment")
      outbox::publish(tx, ctx.now(), std::string(kJudgmentRecordedTopic), {{"case_id", row.c.id}});
    return view_of(tx, ctx, row);
  });
}

void DisputesService::apply_effects(db::Tx& tx, const RequestContext& ctx, store::CaseRow& row,
                                    const TransitionRequest& r, const std::string&) {
  DisputeCase& c = row.c;
  Date today = clock_.today();
  const std::string& a = r.action;
  if (a == "accept") {
    c.channel = r.channel;
    c.accepted_on = today.to_string();
    // "1+1": one mediator of the committee and one adjuster of the insurer on every case.
    if (ctx.actor.has_role("mediator") && c.committee_org_id == ctx.actor.organization_id) c.mediator_user_id = ctx.actor.user_id;
    else if (c.committee_org_id) c.mediator_user_id = pick_member(tx, *c.committee_org_id, accounts::Role::mediator, "mediator_user_id");
    if (policies_) {
      if (auto p = policies_->find(tx, c.institution_org_id, c.clinician_user_id, c.incident_date, *Date::parse(c.filed_on))) {
        c.policy_id = p->policy_id;
        c.insurer_org_id = p->insurer_org_id;
        c.adjuster_user_id = pick_member(tx, p->insurer_org_id, accounts::Role::adjuster, "adjuster_user_id");
      }
    }
  }
  if (a == "refuse") c.refusal_reason = r.reason;
  if (a == "request_appraisal") store::open_pause(tx, c.id, "appraisal", today);
  if (a == "finish_appraisal" || a == "withdraw") store::close_pauses(tx, c.id, today);
  if (a == "start_litigation") {
    c.channel = "litigation";
    c.court = r.court;
    c.court_case_number = r.court_case_number;
  }
  if (a == "record_judgment") {
    c.judgment_fen = r.judgment_fen;
    c.judgment_summary = r.reason;
    c.payment_started_on = today.to_string();
  }
  if (a == "reach_agreement")
    if (auto ag = store::find_agreement(tx, c.id)) c.agreement_fen = ag->amount_fen;
  if (a == "start_payment") c.payment_started_on = today.to_string();
  if (a == "close" && ctx.actor.has_role("patient")) c.patient_confirmed_at = ctx.now().to_iso_utc();
  if (a == "reopen") c.patient_confirmed_at.reset(), c.payment_started_on.reset();
}

// The working days agreed in extensions of the current acceptance's people's mediation (art. 38).
int DisputesService::extended_days(db::Tx& tx, const DisputeCase& c) const {
  int n = 0;
  for (const auto& e : store::events_of_kind(tx, c.id, "mediation_extended")) {
    json d = json::parse(e.details_json);
    if (d.value("channel", "") == c.channel.value_or("") && d.value("accepted_on", "") == c.accepted_on.value_or(""))
      n += d.value("working_days", 0);
  }
  return n;
}

std::optional<std::string> DisputesService::due_on_for(const store::CaseRow& row, const std::vector<Pause>& pauses,
                                                       Date today, int extended) const {
  const DisputeCase& c = row.c;
  if (c.state == "filed") return acceptance_due(calendar_, *Date::parse(c.filed_on), params_.deadlines).to_string();
  bool runs = c.state == "accepted" || c.state == "investigation" || c.state == "mediation";
  if (!runs || !c.accepted_on || !is_mediation_channel(c.channel)) return std::nullopt;
  int days = (*c.channel == "people_mediation" ? params_.deadlines.mediation_working_days
                                               : params_.deadlines.administrative_mediation_working_days) +
             extended;
  return mediation_clock(calendar_, *Date::parse(*c.accepted_on), days, pauses, today).due.to_string();
}

CaseEvent DisputesService::after_change(db::Tx& tx, const RequestContext& ctx, store::CaseRow& row,
                                        const std::string& kind, const std::optional<std::string>& from,
                                        const json& details) {
  row.c.updated_at = ctx.now().to_iso_utc();
  row.due_on = due_on_for(row, store::list_pauses(tx, row.c.id), clock_.today(), extended_days(tx, row.c));
  store::update_case(tx, row);
  CaseEvent e{0, row.c.id, kind, from, row.c.state, ctx.actor.user_id, details.dump(), row.c.updated_at};
  e.id = store::insert_event(tx, e);
  audit::record(tx, ctx, {"case." + kind, "case", std::to_string(row.c.id), std::nullopt, audit_view(row.c)});
  notify_parties(tx, ctx, row.c, kind);
  return e;
}

void DisputesService::notify_parties(db::Tx& tx, const RequestContext& ctx, const DisputeCase& c, const std::string& kind) {
  std::vector<std::int64_t> to = officers_of(tx, c.institution_org_id);
  to.push_back(c.patient_user_id);
  for (auto u : {c.mediator_user_id, c.adjuster_user_id, c.lawyer_user_id})
    if (u) to.push_back(*u);
  if (c.committee_org_id && !c.mediator_user_id)
    for (auto u : accounts::directory::members_with_role(tx, accounts::OrganizationId{*c.committee_org_id}, accounts::Role::mediator,
                                                   kMaxNotifiedOfficers)) to.push_back(u);
  std::sort(to.begin(), to.end());
  to.erase(std::unique(to.begin(), to.end()), to.end());
  std::string no = std::to_string(c.id);
  for (auto user : to)
    if (user != ctx.actor.user_id)
      outbox::notify(tx, ctx.now(), {user, "case." + kind, "纠纷案件 #" + no + " 有新进展", "Dispute case #" + no + " moved on",
                                     "案件状态：" + params_.case_states.zh(c.state),
                                     "Case state: " + params_.case_states.en(c.state), "case:" + no});
}

std::optional<Clock30> DisputesService::running_mediation_clock(db::Tx& tx, const DisputeCase& c, Date today) const {
  if (!c.accepted_on || !is_mediation_channel(c.channel) || !mediation_clock_state(c.state)) return std::nullopt;
  int days = (*c.channel == "people_mediation" ? params_.deadlines.mediation_working_days
                                               : params_.deadlines.administrative_mediation_working_days) +
             extended_days(tx, c);
  auto pauses = store::list_pauses(tx, c.id);
  return mediation_clock(calendar_, *Date::parse(*c.accepted_on), days, pauses, today);
}

// Decree 701 art. 38: the committee and both parties agree to extend people's mediation. The
// committee's mediator records it, with both parties' agreement stated; bounded in all by
// data/deadlines/disputes.json people_mediation_extension_max.
Result<CaseView> DisputesService::extend_mediation(const RequestContext& ctx, std::int64_t id, const ExtensionInput& in) {
  return db_.write([&](db::Tx& tx) -> Result<CaseView> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    DisputeCase& c = row.c;
    if (!ctx.actor.has_role("mediator") || c.committee_org_id != ctx.actor.organization_id)
      return err(errors::transition_not_allowed_for_role, "extend_mediation");
    Date today = clock_.today();
    auto k = running_mediation_clock(tx, c, today);
    MEDRISK_CHECK(check_mediation_extension(c.state, c.channel, k && k->overdue, extended_days(tx, c),
                                            {in.working_days, in.patient_agreed, in.institution_agreed},
                                            params_.deadlines.mediation_extension_max_working_days));
    json details{{"working_days", in.working_days}, {"channel", *c.channel},   {"accepted_on", *c.accepted_on},
                 {"patient_agreed", true},          {"institution_agreed", true}, {"note", in.note}};
    if (k) details["previous_due_on"] = k->due.to_string();
    std::string state = c.state;
    after_change(tx, ctx, row, "mediation_extended", state, details);
    // The running clock's due day now counts the extension just recorded.
    row.due_on = due_on_for(row, store::list_pauses(tx, c.id), today, extended_days(tx, c));
    store::update_case(tx, row);
    return view_of(tx, ctx, row);
  });
}

// The job's half of art. 38/40: a mediation whose period ran out without agreement (or extension) is
// deemed to have failed; the case moves to mediation_failed and the parties are offered the routes
// still open (routes_after_failure). Returns the number of cases moved.
int DisputesService::fail_expired_mediations(db::Tx& tx, const RequestContext& ctx) {
  int moved = 0;
  std::string today = clock_.today().to_string();
  for (auto& row : store::list_overdue(tx, today, report_overdue_at(ctx.now(), params_.deadlines), kMaxRemindersPerRun)) {
    auto k = running_mediation_clock(tx, row.c, clock_.today());
    if (!k || !mediation_period_expired(row.c.state, row.c.channel, k->paused, k->overdue)) continue;
    std::string from = row.c.state;
    row.c.state = "mediation_failed";
    after_change(tx, ctx, row, "mediation_period_expired", from,
                 {{"due_on", k->due.to_string()}, {"channel", *row.c.channel},
                  {"next_routes", routes_after_failure(row.c.channel)}});
    ++moved;
  }
  return moved;
}

int DisputesService::remind_overdue() {
  RequestContext ctx;
  ctx.request_id = "system:dispute-reminders";
  ctx.clock = &clock_;
  return db_.write([&](db::Tx& tx) {
    // Several servers on one PostgreSQL: one run at a time, so a reminder is never written twice
    // (the has_event checks below see the other run's committed events).
    if (!db::try_advisory_xact_lock(tx, "disputes.deadline_reminders")) return 0;
    int written = fail_expired_mediations(tx, ctx);
    std::string today = clock_.today().to_string();
    store::ReportOverdue report_late = report_overdue_at(ctx.now(), params_.deadlines);
    for (auto& row : store::list_overdue(tx, today, report_late, kMaxRemindersPerRun)) {
      // One reminder per running clock's due date, and one for the health-authority report.
      std::vector<json> late;
      if (row.due_on && *row.due_on < today && is_open_state(row.c.state)) late.push_back({{"due_on", *row.due_on}});
      Timestamp filed_at = *Timestamp::parse(row.c.created_at);
      if (auto report = health_authority_report_due(row.c.case_type, filed_at, params_.deadlines);
          report && ctx.now() > *report && !store::has_event_kind(tx, row.c.id, "report_to_health_authority"))
        late.push_back({{"deadline", "health_authority_report"}, {"due_at", report->to_iso_utc()}});
      for (const auto& details : late) {
        if (store::has_event(tx, row.c.id, "deadline_overdue", details.dump())) continue;
        std::string state = row.c.state;
        after_change(tx, ctx, row, "deadline_overdue", state, details);
        ++written;
      }
    }
    return written;
  });
}

Result<std::vector<CaseEvent>> DisputesService::events(const RequestContext& ctx, std::int64_t id, std::int64_t after_id,
                                                       int limit) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<CaseEvent>> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    return store::list_events(tx, row.c.id, after_id, limit);
  });
}

Result<CaseEvent> DisputesService::record_event(const RequestContext& ctx, std::int64_t id, const RecordEventInput& in) {
  return db_.write([&](db::Tx& tx) -> Result<CaseEvent> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!ctx.actor.has_role("medical_officer") && !ctx.actor.has_role("mediator"))
      return err(errors::transition_not_allowed_for_role, in.kind);
    // Decree 701 art. 24: sealing and unsealing with both parties present, recorded when they happen;
    // the institution may unseal itself once the dispute is resolved or 3 years after sealing
    // (data/deadlines/disputes.json sealed_records_self_unseal).
    RecordEventFacts facts{in.kind, in.at, ctx.now(), in.present.size(), row.c.state,
                           ctx.actor.has_role("medical_officer"), std::nullopt};
    auto sealings = store::events_of_kind(tx, row.c.id, "record_sealing");
    if (!sealings.empty())
      if (auto on = Date::parse(json::parse(sealings.back().details_json).value("self_unseal_on", "")); on.ok())
        facts.self_unseal_on = *on;
    MEDRISK_CHECK(check_record_event(facts, params_.deadlines));
    json details{{"at", in.at.to_iso_utc()}, {"present", in.present}, {"note", in.note}};
    std::optional<ledger::LeafRef> leaf;
    if (in.kind == "record_sealing") {
      details["self_unseal_on"] = records_self_unseal_on(in.at.shanghai_date(), params_.deadlines).to_string();
      // Anchored in the ledger, so either side can later prove what was sealed and when: the leaf holds the
      // hash of the sealed records' list (canonical JSON, sorted keys), never the names present.
      json sealed{{"case_id", row.c.id}, {"records", in.records}, {"sealed_at", in.at.to_iso_utc()}};
      std::string records_sha256 = crypto::sha256_hex(sealed.dump());
      details["records"] = in.records;
      details["records_sha256"] = records_sha256;
      if (ledger_) {
        json canonical{{"kind", kLedgerSealingKind}, {"case_id", row.c.id}, {"sealed_at", in.at.to_iso_utc()},
                       {"records_sha256", records_sha256}};
        leaf = ledger_->append(tx, kLedgerSealingKind, "case:" + std::to_string(row.c.id), canonical.dump());
        details["ledger_leaf_index"] = leaf->index;
        details["ledger_leaf_hash"] = leaf->leaf_hash;
      }
    }
    std::string from = row.c.state;
    CaseEvent ev = after_change(tx, ctx, row, in.kind, from, details);
    if (leaf) ledger_->sign_head(tx);  // covers the leaf and the event's audit entry
    return ev;
  });
}

std::optional<PolicyInForce> InsurancePolicyLookup::find(db::Tx& tx, std::int64_t org, std::optional<std::int64_t> clinician,
                                                         Date incident, Date notice) {
  auto p = insurance_.find_policy_in_force(tx, org, clinician.value_or(0), incident, notice);
  if (!p) return std::nullopt;
  return PolicyInForce{p->policy_id, p->insurer_org_id, p->kind};
}

}  // namespace medrisk::disputes
