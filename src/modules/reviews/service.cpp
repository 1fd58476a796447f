// Reviews use cases (see api.hpp). Order in every change: authorize → transaction → rules → store +
// audit + notifications, all in one transaction. The raw comment never leaves the key ring's
// ciphertext except for its author and moderators; logs never see it.
#include "kernel/json.hpp"
#include "modules/accounts/api.hpp"
#include "modules/reviews/api.hpp"
#include "modules/reviews/errors.hpp"
#include "modules/reviews/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/outbox/outbox.hpp"

namespace medrisk::reviews {
namespace {

using nlohmann::json;
constexpr std::string_view kCommentAad = "reviews.comment_enc";
constexpr int kReminderBatch = 200;

bool is_institution_reader(const Actor& a) {
  return a.has("reviews.read") && a.organization_id != 0 && a.has_role("medical_officer");
}
bool is_regulator_reader(const Actor& a) {
  return a.has("reviews.read") && a.has_role("regulator");
}
std::string province_of(const Actor& a) {
  return a.region_code.substr(0, 2);
}

json audit_view(const Review& r) {
  return {{"id", r.id},
          {"subject_kind", r.subject_kind},
          {"subject_id", r.subject_id},
          {"institution_org_id", r.institution_org_id},
          {"department", r.department},
          {"overall", r.overall},
          {"scores", r.scores},
          {"moderation_state", r.moderation_state},
          {"findings", r.findings}};
}

json audit_view(const OutreachTask& t) {
  return {{"id", t.id},
          {"review_id", t.review_id},
          {"state", t.state},
          {"reasons", t.reasons},
          {"due_on", t.due_on.to_string()},
          {"complaint_id", t.complaint_id ? json(*t.complaint_id) : json(nullptr)}};
}

void notify_officers(db::Tx& tx, Timestamp now, std::int64_t institution, const std::string& kind,
                     const std::string& title_zh, const std::string& title_en, const std::string& body_zh,
                     const std::string& body_en, std::int64_t task_id) {
  for (std::int64_t user : accounts::directory::members_with_role(tx, accounts::OrganizationId{institution},
                                                                  accounts::Role::medical_officer))
    outbox::notify(tx, now,
                   {user, kind, title_zh, title_en, body_zh, body_en, "review_outreach:" + std::to_string(task_id)});
}

}  // namespace

ReviewsService::ReviewsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                               const WorkingCalendar& calendar, Parameters params, SubjectLookup* subjects)
    : db_(db), keys_(keys), clock_(clock), calendar_(calendar), params_(std::move(params)), subjects_(subjects) {}

std::vector<db::Migration> ReviewsService::migrations() {
  return store::migrations();
}

std::vector<crypto::EncryptedColumn> ReviewsService::encrypted_columns() {
  return {{"reviews", "id", "comment_enc"}};
}

// ---------------------------------------------------------------- patients

Result<ReviewView> ReviewsService::create(const RequestContext& ctx, const NewReview& in) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "reviews.write"));
  MEDRISK_CHECK(check_new_review(in, params_.aspects));
  return db_.write([&](db::Tx& tx) -> Result<ReviewView> {
    auto subject = subjects_->find(tx, in.subject_kind, in.subject_id, ctx.actor.user_id);
    if (!subject) return err(errors::resource_not_found);
    if (store::review_exists(tx, in.subject_kind, in.subject_id, ctx.actor.user_id))
      return err(errors::review_already_exists);
    return insert(tx, ctx, in, *subject, ctx.now());
  });
}

Result<int> ReviewsService::seed_history(const std::vector<HistoryReview>& items) {
  return db_.write([&](db::Tx& tx) -> Result<int> {
    int n = 0;
    for (const auto& h : items) {
      MEDRISK_CHECK(check_new_review(h.review, params_.aspects));
      if (store::review_exists(tx, h.review.subject_kind, h.review.subject_id, h.author.actor.user_id)) continue;
      MEDRISK_TRY(ReviewView v, insert(tx, h.author, h.review, h.subject, h.at));
      if (h.follow_up && v.review.outreach_id)
        MEDRISK_CHECK(apply_outreach(tx, h.officer, *v.review.outreach_id, *h.follow_up));
      ++n;
    }
    return n;
  });
}

Result<ReviewView> ReviewsService::insert(db::Tx& tx, const RequestContext& ctx, const NewReview& in,
                                          const ReviewSubject& subject, Timestamp at) {
  auto org = accounts::directory::organization(tx, accounts::OrganizationId{subject.institution_org_id});
  if (!org) return err(errors::resource_not_found);
  store::ReviewRow row;
  Review& r = row.review;
  r.subject_kind = in.subject_kind;
  r.subject_id = in.subject_id;
  r.patient_user_id = ctx.actor.user_id;
  r.institution_org_id = subject.institution_org_id;
  r.department = subject.department;
  r.care_date = subject.care_date;
  r.overall = in.overall;
  r.scores = in.scores;
  r.created_at = at.to_iso_utc();
  row.region_code = org->region_code;
  std::vector<std::string> keywords;
  if (in.comment && !in.comment->empty()) {
    Moderation m = reviews::moderate(*in.comment, params_.moderation,
                                     accounts::directory::staff_names(tx, accounts::OrganizationId{r.institution_org_id}));
    r.findings = m.findings;
    r.moderation_state = std::string(m.held ? kModerationHeld : kModerationPublished);
    if (!m.held) r.comment_masked = m.masked;
    row.comment_enc = keys_.encrypt(*in.comment, kCommentAad);
    keywords = harm_keywords_in(*in.comment, params_.outreach);
  }
  r.id = store::insert_review(tx, row);
  audit::record(tx, ctx, {"review.create", "review", std::to_string(r.id), std::nullopt, audit_view(r)});

  auto reasons = outreach_reasons(r.overall, keywords, params_.outreach);
  if (!reasons.empty()) {
    OutreachTask t;
    t.review_id = r.id;
    t.institution_org_id = r.institution_org_id;
    t.department = r.department;
    t.reasons = reasons;
    t.keywords = keywords;
    t.due_on = calendar_.add_working_days(at.shanghai_date(), params_.outreach.deadline_working_days);
    t.created_at = t.updated_at = r.created_at;
    t.id = store::insert_task(tx, t);
    r.outreach_id = t.id;
    audit::record(tx, ctx,
                  {"review_outreach.create", "review_outreach", std::to_string(t.id), std::nullopt, audit_view(t)});
    notify_officers(
        tx, at, r.institution_org_id, "review_outreach.created", "新的患者评价回访任务",
        "New patient-review outreach task",
        "一条评价需要医务科在 " + t.due_on.to_string() + " 前回访（" + r.department + "）。",
        "A review needs outreach by the medical affairs office by " + t.due_on.to_string() + " (" + r.department + ").",
        t.id);
  }
  return view_of(row, Reader::author);
}

// ---------------------------------------------------------------- reading

Result<Reader> ReviewsService::reader_of(db::Tx& tx, const RequestContext& ctx, const store::ReviewRow& row) const {
  (void)tx;
  const Actor& a = ctx.actor;
  if (a.has("reviews.write") && a.user_id == row.review.patient_user_id) return Reader::author;
  if (a.has("reviews.moderate")) return Reader::moderator;
  if (is_institution_reader(a) && a.organization_id == row.review.institution_org_id) return Reader::institution;
  if (is_regulator_reader(a) && row.region_code.starts_with(province_of(a))) return Reader::regulator;
  if (!a.has("reviews.write") && !a.has("reviews.read") && !a.has("reviews.moderate"))
    return err(errors::permission_denied);
  return err(errors::resource_not_found);
}

ReviewView ReviewsService::view_of(const store::ReviewRow& row, Reader reader) const {
  ReviewView v{row.review, reader, std::nullopt};
  bool raw = reader == Reader::author || reader == Reader::moderator;
  if (raw && row.comment_enc) v.review.comment = keys_.decrypt(*row.comment_enc, kCommentAad);
  if (v.review.moderation_state != kModerationPublished) v.review.comment_masked.reset();
  return v;
}

Result<std::vector<ReviewView>> ReviewsService::list(const RequestContext& ctx, const ReviewFilterInput& f,
                                                     std::int64_t after_id, int limit) {
  const Actor& a = ctx.actor;
  store::ReviewFilter filter;
  filter.moderation_state = f.moderation_state;
  filter.department = f.department;
  Reader reader;
  if (a.has("reviews.moderate")) {
    reader = Reader::moderator;
    filter.institution_org_id = f.institution_id;
  } else if (is_institution_reader(a)) {
    if (f.institution_id && *f.institution_id != a.organization_id) return err(errors::resource_not_found);
    reader = Reader::institution;
    filter.institution_org_id = a.organization_id;
  } else if (is_regulator_reader(a)) {
    reader = Reader::regulator;
    filter.region_prefix = province_of(a);
    filter.institution_org_id = f.institution_id;
  } else {
    MEDRISK_CHECK(accounts::authorize(a, "reviews.write"));
    reader = Reader::author;
    filter.patient_user_id = a.user_id;
  }
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ReviewView>> {
    std::vector<ReviewView> out;
    std::vector<std::int64_t> orgs;
    for (const auto& row : store::list_reviews(tx, filter, after_id, limit)) {
      out.push_back(view_of(row, reader));
      orgs.push_back(row.review.institution_org_id);
    }
    auto names = accounts::directory::organization_names(tx, orgs);
    for (auto& v : out)
      if (auto it = names.find(v.review.institution_org_id); it != names.end()) v.institution_name = it->second;
    return out;
  });
}

Result<ReviewView> ReviewsService::get(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<ReviewView> {
    auto row = store::find_review(tx, id);
    if (!row) return err(errors::resource_not_found);
    MEDRISK_TRY(Reader reader, reader_of(tx, ctx, *row));
    ReviewView v = view_of(*row, reader);
    auto names = accounts::directory::organization_names(tx, {row->review.institution_org_id});
    if (!names.empty()) v.institution_name = names.begin()->second;
    return v;
  });
}

Result<AggregateView> ReviewsService::aggregates(const RequestContext& ctx, const std::string& grouping,
                                                 std::optional<std::int64_t> institution_id) {
  const Actor& a = ctx.actor;
  store::Grouping g;
  if (grouping == "department")
    g = store::Grouping::department;
  else if (grouping == "month")
    g = store::Grouping::month;
  else if (grouping == "institution")
    g = store::Grouping::institution;
  else
    return err(errors::review_aggregate_grouping_unknown, grouping);
  std::optional<std::string> region;
  if (is_institution_reader(a)) {
    if (institution_id && *institution_id != a.organization_id) return err(errors::resource_not_found);
    if (g == store::Grouping::institution) return err(errors::review_aggregate_grouping_unknown, grouping);
    institution_id = a.organization_id;
  } else if (a.has("statistics.read") && a.has_role("regulator")) {
    region = province_of(a);
  } else {
    return err(errors::permission_denied, "missing permission reviews.read");
  }
  return db_.read([&](db::Tx& tx) -> Result<AggregateView> {
    if (institution_id && region) {
      auto org = accounts::directory::organization(tx, accounts::OrganizationId{*institution_id});
      if (!org || !org->region_code.starts_with(*region)) return err(errors::resource_not_found);
    }
    AggregateView v;
    v.grouping = grouping;
    v.institution_id = institution_id;
    v.min_count = params_.aggregates.min_count;
    v.cells = aggregate(store::score_counts(tx, g, institution_id, region), params_.aspects, params_.aggregates);
    if (g == store::Grouping::institution) {
      std::vector<std::int64_t> ids;
      for (const auto& c : v.cells) ids.push_back(std::stoll(c.key));
      v.institution_names = accounts::directory::organization_names(tx, ids);
    }
    return v;
  });
}

// ---------------------------------------------------------------- moderation

Result<ReviewView> ReviewsService::moderate(const RequestContext& ctx, std::int64_t id, const std::string& action,
                                            const std::optional<std::string>& text) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "reviews.moderate"));
  if (action != "publish" && action != "reject") return err(errors::review_moderation_action_unknown, action);
  if (text) {
    auto n = utf8_length(*text);
    if (!n || *n > kMaxCommentLength) return err(errors::review_comment_too_long);
  }
  return db_.write([&](db::Tx& tx) -> Result<ReviewView> {
    auto row = store::find_review(tx, id);
    if (!row) return err(errors::resource_not_found);
    if (row->review.moderation_state != kModerationHeld) return err(errors::review_not_held);
    json before = audit_view(row->review);
    std::optional<std::string> masked;
    if (action == "publish") {
      // The moderator's text (or the raw comment) goes through the detectors once more: what they
      // recognise is masked; what they cannot is the moderator's judgement.
      std::string source = text ? *text : keys_.decrypt(*row->comment_enc, kCommentAad);
      masked = reviews::moderate(source, params_.moderation,
                                 accounts::directory::staff_names(
                                     tx, accounts::OrganizationId{row->review.institution_org_id}))
                   .masked;
    }
    std::string state(action == "publish" ? kModerationPublished : kModerationRejected);
    std::string at = ctx.now().to_iso_utc();
    store::set_moderation(tx, id, state, masked, ctx.actor.user_id, at);
    row->review.moderation_state = state;
    row->review.comment_masked = masked;
    row->review.moderated_by = ctx.actor.user_id;
    row->review.moderated_at = at;
    audit::record(tx, ctx, {"review.moderate", "review", std::to_string(id), before, audit_view(row->review)});
    return view_of(*row, Reader::moderator);
  });
}

// ---------------------------------------------------------------- outreach

Result<std::vector<OutreachTask>> ReviewsService::list_outreach(const RequestContext& ctx,
                                                                const std::optional<std::string>& state,
                                                                std::int64_t after_id, int limit) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "reviews.outreach"));
  if (ctx.actor.organization_id == 0) return err(errors::resource_not_found);
  Date today = ctx.now().shanghai_date();
  return db_.read([&](db::Tx& tx) {
    auto tasks = store::list_tasks(tx, ctx.actor.organization_id, state, after_id, limit);
    for (auto& t : tasks) t.overdue = outreach_overdue(t, today);
    return tasks;
  });
}

Result<OutreachTask> ReviewsService::get_outreach(const RequestContext& ctx, std::int64_t id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "reviews.outreach"));
  return db_.read([&](db::Tx& tx) -> Result<OutreachTask> {
    auto t = store::find_task(tx, id);
    if (!t || t->institution_org_id != ctx.actor.organization_id) return err(errors::resource_not_found);
    t->overdue = outreach_overdue(*t, ctx.now().shanghai_date());
    return *t;
  });
}

Result<OutreachTask> ReviewsService::outreach_action(const RequestContext& ctx, std::int64_t id,
                                                     const OutreachAction& a) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "reviews.outreach"));
  if (a.action != "contact" && a.action != "resolve" && a.action != "escalate")
    return err(errors::outreach_action_unknown, a.action);
  return db_.write([&](db::Tx& tx) { return apply_outreach(tx, ctx, id, a); });
}

Result<OutreachTask> ReviewsService::apply_outreach(db::Tx& tx, const RequestContext& ctx, std::int64_t id,
                                                    const OutreachAction& a) {
  auto t = store::find_task(tx, id);
  if (!t || t->institution_org_id != ctx.actor.organization_id) return err(errors::resource_not_found);
  auto next = outreach_next_state(t->state, a.action);
  if (!next) return err(errors::outreach_transition_not_allowed, t->state + " → " + a.action);
  json before = audit_view(*t);
  t->state = *next;
  if (a.note) t->note = a.note;
  if (a.action == "escalate" && a.complaint_id) t->complaint_id = a.complaint_id;
  t->updated_by = ctx.actor.user_id;
  t->updated_at = ctx.now().to_iso_utc();
  store::update_task(tx, *t);
  audit::record(tx, ctx,
                {"review_outreach." + a.action, "review_outreach", std::to_string(id), before, audit_view(*t)});
  t->overdue = outreach_overdue(*t, ctx.now().shanghai_date());
  return *t;
}

int ReviewsService::remind_overdue() {
  Timestamp now = clock_.now();
  return db_.write([&](db::Tx& tx) {
    int n = 0;
    for (const auto& t : store::tasks_to_remind(tx, now.shanghai_date(), kReminderBatch)) {
      notify_officers(tx, now, t.institution_org_id, "review_outreach.overdue", "患者评价回访已逾期",
                      "Patient-review outreach overdue",
                      "回访任务已超过期限 " + t.due_on.to_string() + "（" + t.department + "），请尽快联系患者。",
                      "The outreach task was due on " + t.due_on.to_string() + " (" + t.department +
                          "); please contact the patient.",
                      t.id);
      store::mark_reminded(tx, t.id, now.to_iso_utc());
      audit::record_system(
          tx, now, "review outreach reminders",
          {"review_outreach.remind", "review_outreach", std::to_string(t.id), std::nullopt, audit_view(t)});
      ++n;
    }
    return n;
  });
}

}  // namespace medrisk::reviews
