// Reviews use cases (医疗评价): a patient rates their own visit or dispute case; the comment is
// moderated (masked, or held for a moderator) before anyone but its author sees it; hospitals and the
// regulator see aggregates with small-cell suppression; a low rating or a harm signal opens an outreach
// task for the institution's medical affairs office with a working-day deadline and an overdue reminder.
// Other modules reach reviews only through this header; reviews asks insurance and disputes whether a
// subject is the patient's own through SubjectLookup, in its own transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "kernel/working_calendar.hpp"
#include "modules/reviews/model.hpp"
#include "modules/reviews/rules.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::reviews {

namespace store {
struct ReviewRow;  // private to the module (store.hpp)
}

// Whether `subject_id` of `kind` (visit, case) is the patient's own, and where the care took place.
class SubjectLookup {
 public:
  virtual ~SubjectLookup() = default;
  virtual std::optional<ReviewSubject> find(db::Tx& tx, const std::string& kind, std::int64_t subject_id,
                                            std::int64_t patient_user_id) = 0;
};

struct ReviewFilterInput {
  std::optional<std::string> moderation_state;
  std::optional<std::string> department;
  std::optional<std::int64_t> institution_id;  // the regulator and moderators narrow to one institution
};

// Who reads a review decides what they see of its comment: the author and moderators the raw text,
// the institution and the regulator the masked text once published, nothing otherwise.
enum class Reader { author, moderator, institution, regulator };

struct ReviewView {
  Review review;
  Reader reader = Reader::institution;
  std::optional<std::string> institution_name;
};

struct AggregateView {
  std::string grouping;  // department, month, institution
  std::optional<std::int64_t> institution_id;
  int min_count = 0;
  std::vector<AggregateCell> cells;
  std::map<std::int64_t, std::string> institution_names;  // grouping institution
};

struct OutreachAction {
  std::string action;  // contact, resolve, escalate
  std::optional<std::string> note;
  std::optional<std::int64_t> complaint_id;  // escalate: the complaint filed (disputes), when known
};

class ReviewsService {
 public:
  ReviewsService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, const WorkingCalendar& calendar,
                 Parameters params, SubjectLookup* subjects);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();
  const Parameters& parameters() const { return params_; }

  // ---- patients ----
  // One review per visit/case per patient (review_already_exists, 409); someone else's subject is 404.
  Result<ReviewView> create(const RequestContext& ctx, const NewReview& in);

  // ---- reading ----
  Result<std::vector<ReviewView>> list(const RequestContext& ctx, const ReviewFilterInput& f, std::int64_t after_id,
                                       int limit);
  Result<ReviewView> get(const RequestContext& ctx, std::int64_t id);
  // Hospitals: their own institution by department or month; the regulator: its region by institution,
  // department or month (optionally one institution). Another institution's aggregate is 404.
  Result<AggregateView> aggregates(const RequestContext& ctx, const std::string& grouping,
                                   std::optional<std::int64_t> institution_id);

  // ---- moderation (reviews.moderate) ----
  // publish (with the moderator's edited text, masked again by the detectors) or reject a held comment.
  Result<ReviewView> moderate(const RequestContext& ctx, std::int64_t id, const std::string& action,
                              const std::optional<std::string>& text);

  // ---- outreach (reviews.outreach) ----
  Result<std::vector<OutreachTask>> list_outreach(const RequestContext& ctx, const std::optional<std::string>& state,
                                                  std::int64_t after_id, int limit);
  Result<OutreachTask> get_outreach(const RequestContext& ctx, std::int64_t id);
  Result<OutreachTask> outreach_action(const RequestContext& ctx, std::int64_t id, const OutreachAction& a);
  // The periodic job: one reminder per overdue task to the institution's medical officers (audited);
  // returns the number of tasks reminded.
  int remind_overdue();

  // ---- the demo (demo.cpp): months of history in one transaction, without the subject check ----
  struct HistoryReview {
    RequestContext author;
    NewReview review;
    ReviewSubject subject;
    Timestamp at;
    std::optional<OutreachAction> follow_up;  // what the institution did about a proposed outreach
    RequestContext officer;                   // … acting for the institution
  };
  Result<int> seed_history(const std::vector<HistoryReview>& items);

 private:
  Result<ReviewView> insert(db::Tx& tx, const RequestContext& ctx, const NewReview& in, const ReviewSubject& subject,
                            Timestamp at);
  Result<OutreachTask> apply_outreach(db::Tx& tx, const RequestContext& ctx, std::int64_t id, const OutreachAction& a);
  Result<Reader> reader_of(db::Tx& tx, const RequestContext& ctx, const store::ReviewRow& row) const;
  ReviewView view_of(const store::ReviewRow& row, Reader reader) const;

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const WorkingCalendar& calendar_;
  Parameters params_;
  SubjectLookup* subjects_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::reviews
