// SQL of the reviews module (see store.hpp). Every statement is parameterized.
#include "modules/reviews/store.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "platform/db/rows.hpp"

namespace medrisk::reviews::store {
namespace {

constexpr const char* kReviewColumns =
    "r.id, r.subject_kind, r.subject_id, r.patient_user_id, r.institution_org_id, r.region_code, r.department, "
    "r.care_date, r.overall, r.moderation_state, r.findings, r.comment_enc, r.comment_masked, r.moderated_by, "
    "r.moderated_at, r.created_at, (SELECT t.id FROM review_outreach_tasks t WHERE t.review_id = r.id)";

constexpr const char* kTaskColumns =
    "t.id, t.review_id, t.institution_org_id, t.department, t.state, t.reasons, t.keywords, t.due_on, t.note, "
    "t.complaint_id, t.reminded_at, t.updated_by, t.created_at, t.updated_at, r.overall, "
    "CASE WHEN r.moderation_state = 'published' THEN r.comment_masked ELSE NULL END";

std::vector<std::string> strings_of(const std::string& text) {
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

void load_scores(db::Tx& tx, Review& r) {
  long long id = r.id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT aspect, stars FROM review_scores WHERE review_id = :id AND aspect <> 'overall'",
       soci::use(id));
  for (const auto& row : rows) r.scores[row.get<std::string>(0)] = static_cast<int>(db::int64_at(row, 1));
}

ReviewRow read_review(const soci::row& r) {
  ReviewRow out;
  Review& v = out.review;
  v.id = db::int64_at(r, 0);
  v.subject_kind = r.get<std::string>(1);
  v.subject_id = db::int64_at(r, 2);
  v.patient_user_id = db::int64_at(r, 3);
  v.institution_org_id = db::int64_at(r, 4);
  out.region_code = r.get<std::string>(5);
  v.department = r.get<std::string>(6);
  v.care_date = *Date::parse(r.get<std::string>(7));
  v.overall = static_cast<int>(db::int64_at(r, 8));
  v.moderation_state = r.get<std::string>(9);
  v.findings = strings_of(r.get<std::string>(10));
  out.comment_enc = db::opt_string_at(r, 11);
  v.comment_masked = db::opt_string_at(r, 12);
  v.moderated_by = db::opt_int64_at(r, 13);
  v.moderated_at = db::opt_string_at(r, 14);
  v.created_at = r.get<std::string>(15);
  v.outreach_id = db::opt_int64_at(r, 16);
  return out;
}

OutreachTask read_task(const soci::row& r) {
  OutreachTask t;
  t.id = db::int64_at(r, 0);
  t.review_id = db::int64_at(r, 1);
  t.institution_org_id = db::int64_at(r, 2);
  t.department = r.get<std::string>(3);
  t.state = r.get<std::string>(4);
  t.reasons = strings_of(r.get<std::string>(5));
  t.keywords = strings_of(r.get<std::string>(6));
  t.due_on = *Date::parse(r.get<std::string>(7));
  t.note = db::opt_string_at(r, 8);
  t.complaint_id = db::opt_int64_at(r, 9);
  t.reminded_at = db::opt_string_at(r, 10);
  t.updated_by = db::opt_int64_at(r, 11);
  t.created_at = r.get<std::string>(12);
  t.updated_at = r.get<std::string>(13);
  t.overall = static_cast<int>(db::int64_at(r, 14));
  t.comment_masked = db::opt_string_at(r, 15);
  return t;
}

std::vector<OutreachTask> read_tasks(soci::rowset<soci::row>& rows) {
  std::vector<OutreachTask> out;
  for (const auto& r : rows) out.push_back(read_task(r));
  return out;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{1300, "reviews", R"(
CREATE TABLE reviews (
  id {{pk}},
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('visit', 'case')),
  subject_id {{bigint}} NOT NULL,
  patient_user_id {{bigint}} NOT NULL,
  institution_org_id {{bigint}} NOT NULL,
  region_code TEXT NOT NULL,
  department TEXT NOT NULL,
  care_date TEXT NOT NULL,
  care_month TEXT NOT NULL,
  overall INTEGER NOT NULL,
  moderation_state TEXT NOT NULL CHECK (moderation_state IN ('none', 'published', 'held', 'rejected')),
  findings TEXT NOT NULL,
  comment_enc TEXT,
  comment_masked TEXT,
  moderated_by {{bigint}},
  moderated_at TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (subject_kind, subject_id, patient_user_id)
);
CREATE INDEX reviews_by_institution ON reviews (institution_org_id, id);
CREATE INDEX reviews_by_patient ON reviews (patient_user_id, id);
CREATE INDEX reviews_by_moderation ON reviews (moderation_state, id);
CREATE TABLE review_scores (
  review_id {{bigint}} NOT NULL REFERENCES reviews (id),
  aspect TEXT NOT NULL,
  stars INTEGER NOT NULL,
  PRIMARY KEY (review_id, aspect)
);
CREATE TABLE review_outreach_tasks (
  id {{pk}},
  review_id {{bigint}} NOT NULL UNIQUE REFERENCES reviews (id),
  institution_org_id {{bigint}} NOT NULL,
  department TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'contacted', 'resolved', 'escalated')),
  reasons TEXT NOT NULL,
  keywords TEXT NOT NULL,
  due_on TEXT NOT NULL,
  note TEXT,
  complaint_id {{bigint}},
  reminded_at TEXT,
  updated_by {{bigint}},
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX review_outreach_tasks_by_institution ON review_outreach_tasks (institution_org_id, id);
CREATE INDEX review_outreach_tasks_due ON review_outreach_tasks (state, due_on)
)"}};
}

std::int64_t insert_review(db::Tx& tx, const ReviewRow& row) {
  const Review& r = row.review;
  long long id = 0, subject = r.subject_id, patient = r.patient_user_id, org = r.institution_org_id;
  int overall = r.overall;
  std::string care = r.care_date.to_string(), month = care.substr(0, 7), findings = nlohmann::json(r.findings).dump();
  db::NullableText enc(row.comment_enc), masked(r.comment_masked);
  tx.sql() << "INSERT INTO reviews (subject_kind, subject_id, patient_user_id, institution_org_id, region_code, "
              "department, care_date, care_month, overall, moderation_state, findings, comment_enc, comment_masked, "
              "created_at) VALUES (:k, :s, :p, :o, :reg, :d, :c, :m, :ov, :st, :f, :enc, :masked, :at) RETURNING id",
      soci::use(r.subject_kind), soci::use(subject), soci::use(patient), soci::use(org), soci::use(row.region_code),
      soci::use(r.department), soci::use(care), soci::use(month), soci::use(overall), soci::use(r.moderation_state),
      soci::use(findings), soci::use(enc.v, enc.ind), soci::use(masked.v, masked.ind), soci::use(r.created_at),
      soci::into(id);
  auto score = [&](const std::string& aspect, int stars) {
    tx.sql() << "INSERT INTO review_scores (review_id, aspect, stars) VALUES (:r, :a, :s)", soci::use(id),
        soci::use(aspect), soci::use(stars);
  };
  score("overall", r.overall);
  for (const auto& [aspect, stars] : r.scores) score(aspect, stars);
  return id;
}

std::optional<ReviewRow> find_review(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kReviewColumns + " FROM reviews r WHERE r.id = :id",
       soci::use(key));
  std::optional<ReviewRow> out;
  for (const auto& r : rows) out = read_review(r);
  if (out) load_scores(tx, out->review);
  return out;
}

bool review_exists(db::Tx& tx, const std::string& subject_kind, std::int64_t subject_id, std::int64_t patient_user_id) {
  long long subject = subject_id, patient = patient_user_id, n = 0;
  tx.sql() << "SELECT COUNT(*) FROM reviews WHERE subject_kind = :k AND subject_id = :s AND patient_user_id = :p",
      soci::use(subject_kind), soci::use(subject), soci::use(patient), soci::into(n);
  return n > 0;
}

std::vector<ReviewRow> list_reviews(db::Tx& tx, const ReviewFilter& f, std::int64_t after_id, int limit) {
  // Absent filters are bound as 0 / '' (PostgreSQL cannot type a bare NULL parameter).
  long long before = db::before_or_max(after_id), patient = f.patient_user_id.value_or(0),
            org = f.institution_org_id.value_or(0);
  std::string region = f.region_prefix ? *f.region_prefix + "%" : "", state = f.moderation_state.value_or(""),
              department = f.department.value_or("");
  int with_comment = f.with_comment_only ? 1 : 0;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kReviewColumns +
                               " FROM reviews r WHERE r.id < :before"
                               " AND (:p = 0 OR r.patient_user_id = :p2)"
                               " AND (:o = 0 OR r.institution_org_id = :o2)"
                               " AND (:r = '' OR r.region_code LIKE :r2)"
                               " AND (:s = '' OR r.moderation_state = :s2)"
                               " AND (:d = '' OR r.department = :d2)"
                               " AND (:wc = 0 OR r.moderation_state <> 'none')"
                               " ORDER BY r.id DESC LIMIT :l",
       soci::use(before), soci::use(patient), soci::use(patient), soci::use(org), soci::use(org), soci::use(region),
       soci::use(region), soci::use(state), soci::use(state), soci::use(department), soci::use(department),
       soci::use(with_comment), soci::use(limit));
  std::vector<ReviewRow> out;
  for (const auto& r : rows) out.push_back(read_review(r));
  for (auto& r : out) load_scores(tx, r.review);
  return out;
}

void set_moderation(db::Tx& tx, std::int64_t id, const std::string& state, const std::optional<std::string>& masked,
                    std::int64_t moderated_by, const std::string& at) {
  long long key = id, by = moderated_by;
  db::NullableText m(masked);
  tx.sql() << "UPDATE reviews SET moderation_state = :s, comment_masked = :m, moderated_by = :b, moderated_at = :at "
              "WHERE id = :id",
      soci::use(state), soci::use(m.v, m.ind), soci::use(by), soci::use(at), soci::use(key);
}

std::vector<ScoreCount> score_counts(db::Tx& tx, Grouping g, std::optional<std::int64_t> institution_org_id,
                                     const std::optional<std::string>& region_prefix) {
  // The grouping column is chosen from a fixed list, never from request text.
  const char* key = g == Grouping::department ? "r.department"
                    : g == Grouping::month    ? "r.care_month"
                                              : "CAST(r.institution_org_id AS TEXT)";
  long long org = institution_org_id.value_or(0);
  std::string region = region_prefix ? *region_prefix + "%" : "";
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + key +
                               ", s.aspect, s.stars, COUNT(*) FROM reviews r JOIN review_scores s ON s.review_id = r.id"
                               " WHERE (:o = 0 OR r.institution_org_id = :o2)"
                               " AND (:r = '' OR r.region_code LIKE :r2)"
                               " GROUP BY " +
                               key + ", s.aspect, s.stars ORDER BY 1, 2, 3",
       soci::use(org), soci::use(org), soci::use(region), soci::use(region));
  std::vector<ScoreCount> out;
  for (const auto& r : rows)
    out.push_back(
        {r.get<std::string>(0), r.get<std::string>(1), static_cast<int>(db::int64_at(r, 2)), db::int64_at(r, 3)});
  return out;
}

std::int64_t insert_task(db::Tx& tx, const OutreachTask& t) {
  long long id = 0, review = t.review_id, org = t.institution_org_id;
  std::string reasons = nlohmann::json(t.reasons).dump(), keywords = nlohmann::json(t.keywords).dump();
  std::string due = t.due_on.to_string();
  tx.sql() << "INSERT INTO review_outreach_tasks (review_id, institution_org_id, department, state, reasons, keywords, "
              "due_on, created_at, updated_at) VALUES (:r, :o, :d, :s, :re, :k, :due, :c, :u) RETURNING id",
      soci::use(review), soci::use(org), soci::use(t.department), soci::use(t.state), soci::use(reasons),
      soci::use(keywords), soci::use(due), soci::use(t.created_at), soci::use(t.updated_at), soci::into(id);
  return id;
}

std::optional<OutreachTask> find_task(db::Tx& tx, std::int64_t id) {
  long long key = id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kTaskColumns +
                               " FROM review_outreach_tasks t JOIN reviews r ON r.id = t.review_id WHERE t.id = :id",
       soci::use(key));
  for (const auto& r : rows) return read_task(r);
  return std::nullopt;
}

std::optional<OutreachTask> find_task_by_review(db::Tx& tx, std::int64_t review_id) {
  long long key = review_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare
           << std::string("SELECT ") + kTaskColumns +
                  " FROM review_outreach_tasks t JOIN reviews r ON r.id = t.review_id WHERE t.review_id = :id",
       soci::use(key));
  for (const auto& r : rows) return read_task(r);
  return std::nullopt;
}

std::vector<OutreachTask> list_tasks(db::Tx& tx, std::int64_t institution_org_id,
                                     const std::optional<std::string>& state, std::int64_t after_id, int limit) {
  long long org = institution_org_id, before = db::before_or_max(after_id);
  std::string s = state.value_or("");
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kTaskColumns +
                               " FROM review_outreach_tasks t JOIN reviews r ON r.id = t.review_id"
                               " WHERE t.institution_org_id = :o AND t.id < :before AND (:s = '' OR t.state = :s2)"
                               " ORDER BY t.id DESC LIMIT :l",
       soci::use(org), soci::use(before), soci::use(s), soci::use(s), soci::use(limit));
  return read_tasks(rows);
}

void update_task(db::Tx& tx, const OutreachTask& t) {
  long long id = t.id;
  db::NullableText note(t.note);
  db::NullableInt complaint(t.complaint_id), by(t.updated_by);
  tx.sql() << "UPDATE review_outreach_tasks SET state = :s, note = :n, complaint_id = :c, updated_by = :b, "
              "updated_at = :u WHERE id = :id",
      soci::use(t.state), soci::use(note.v, note.ind), soci::use(complaint.v, complaint.ind), soci::use(by.v, by.ind),
      soci::use(t.updated_at), soci::use(id);
}

std::vector<OutreachTask> tasks_to_remind(db::Tx& tx, Date today, int limit) {
  std::string day = today.to_string();
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kTaskColumns +
                               " FROM review_outreach_tasks t JOIN reviews r ON r.id = t.review_id"
                               " WHERE t.state IN ('open', 'contacted') AND t.due_on < :d AND t.reminded_at IS NULL"
                               " ORDER BY t.id LIMIT :l",
       soci::use(day), soci::use(limit));
  return read_tasks(rows);
}

void mark_reminded(db::Tx& tx, std::int64_t id, const std::string& at) {
  long long key = id;
  tx.sql() << "UPDATE review_outreach_tasks SET reminded_at = :at WHERE id = :id", soci::use(at), soci::use(key);
}

}  // namespace medrisk::reviews::store
