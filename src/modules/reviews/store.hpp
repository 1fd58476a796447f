// Tables and named queries of the reviews module (migrations 1300–1399): reviews with their stars
// per aspect, the moderated comment (the raw comment as ciphertext: the service encrypts, the store
// never sees it in clear) and outreach tasks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/reviews/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::reviews::store {

std::vector<db::Migration> migrations();

struct ReviewRow {
  Review review;
  std::string region_code;
  std::optional<std::string> comment_enc;
};

std::int64_t insert_review(db::Tx& tx, const ReviewRow& row);
std::optional<ReviewRow> find_review(db::Tx& tx, std::int64_t id);
bool review_exists(db::Tx& tx, const std::string& subject_kind, std::int64_t subject_id, std::int64_t patient_user_id);

struct ReviewFilter {
  std::optional<std::int64_t> patient_user_id;
  std::optional<std::int64_t> institution_org_id;
  std::optional<std::string> region_prefix;  // institutions whose region starts with it
  std::optional<std::string> moderation_state;
  std::optional<std::string> department;
  bool with_comment_only = false;
};
// Newest first, ids below `after_id` (0: from the newest).
std::vector<ReviewRow> list_reviews(db::Tx& tx, const ReviewFilter& f, std::int64_t after_id, int limit);
void set_moderation(db::Tx& tx, std::int64_t id, const std::string& state, const std::optional<std::string>& masked,
                    std::int64_t moderated_by, const std::string& at);

// Reviews counted by key (department, month or institution), aspect (overall included) and stars.
enum class Grouping { department, month, institution };
std::vector<ScoreCount> score_counts(db::Tx& tx, Grouping g, std::optional<std::int64_t> institution_org_id,
                                     const std::optional<std::string>& region_prefix);

// ---- outreach ----
std::int64_t insert_task(db::Tx& tx, const OutreachTask& t);
std::optional<OutreachTask> find_task(db::Tx& tx, std::int64_t id);
std::optional<OutreachTask> find_task_by_review(db::Tx& tx, std::int64_t review_id);
std::vector<OutreachTask> list_tasks(db::Tx& tx, std::int64_t institution_org_id,
                                     const std::optional<std::string>& state, std::int64_t after_id, int limit);
void update_task(db::Tx& tx, const OutreachTask& t);
// Open or contacted tasks due before `today` that were not reminded yet (at most `limit`).
std::vector<OutreachTask> tasks_to_remind(db::Tx& tx, Date today, int limit);
void mark_reminded(db::Tx& tx, std::int64_t id, const std::string& at);

}  // namespace medrisk::reviews::store
