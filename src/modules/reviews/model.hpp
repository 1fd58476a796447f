// Vocabulary of patient evaluations of care (医疗评价): a review of one visit or dispute case with an
// overall rating and per-aspect stars, its moderated comment, aggregates with small-cell suppression,
// and the outreach task (医务科回访) a low rating or a harm signal proposes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kernel/date.hpp"

namespace medrisk::reviews {

// What was reviewed: a per-visit policy (the insurance module's record of a visit) or a dispute case.
inline constexpr std::string_view kSubjectVisit = "visit";
inline constexpr std::string_view kSubjectCase = "case";

// Moderation states of a comment: none (no comment), published (masked text visible), held (waits
// for a moderator), rejected (never shown to anyone but its author and moderators).
inline constexpr std::string_view kModerationNone = "none";
inline constexpr std::string_view kModerationPublished = "published";
inline constexpr std::string_view kModerationHeld = "held";
inline constexpr std::string_view kModerationRejected = "rejected";

struct Review {
  std::int64_t id = 0;
  std::string subject_kind;  // visit, case
  std::int64_t subject_id = 0;
  std::int64_t patient_user_id = 0;
  std::int64_t institution_org_id = 0;
  std::string department;
  Date care_date;                     // the visit day or the case's incident day
  int overall = 0;                    // 1–5
  std::map<std::string, int> scores;  // aspect key → 1–5
  std::string moderation_state = std::string(kModerationNone);
  std::vector<std::string> findings;          // kinds found: mobile_phone, id_number, …, unmaskable_number
  std::optional<std::string> comment_masked;  // when published
  std::optional<std::string> comment;         // the raw comment: author and moderators only
  std::optional<std::int64_t> moderated_by;
  std::optional<std::string> moderated_at;
  std::optional<std::int64_t> outreach_id;
  std::string created_at;
};

struct NewReview {
  std::string subject_kind;
  std::int64_t subject_id = 0;
  int overall = 0;
  std::map<std::string, int> scores;
  std::optional<std::string> comment;
};

// What the owning module says of a subject the patient may review.
struct ReviewSubject {
  std::int64_t institution_org_id = 0;
  std::string department;
  Date care_date;
};

// Outreach states: open → contacted → resolved | escalated (to a complaint); open → resolved | escalated.
struct OutreachTask {
  std::int64_t id = 0;
  std::int64_t review_id = 0;
  std::int64_t institution_org_id = 0;
  std::string department;
  std::string state = "open";
  std::vector<std::string> reasons;   // low_rating, harm_keyword
  std::vector<std::string> keywords;  // the harm keywords found
  Date due_on;
  std::optional<std::string> note;
  std::optional<std::int64_t> complaint_id;
  std::optional<std::string> reminded_at;
  std::optional<std::int64_t> updated_by;
  std::string created_at, updated_at;
  // For the officer's list (from the review): the rating and the published comment.
  int overall = 0;
  std::optional<std::string> comment_masked;
  bool overdue = false;
};

// One aggregate cell (a department, a month or an institution) after suppression.
struct AggregateCell {
  std::string key;  // department name, "YYYY-MM", or the institution id as text
  bool suppressed = false;
  int count = 0;                        // 0 when suppressed
  std::map<std::string, double> means;  // aspect (and "overall") → mean stars
  std::vector<int> distribution;        // overall: reviews with 1…5 stars
};

// One row of the grouped counts the store returns: key, aspect, stars → number of reviews.
struct ScoreCount {
  std::string key;
  std::string aspect;
  int stars = 0;
  std::int64_t count = 0;
};

}  // namespace medrisk::reviews
