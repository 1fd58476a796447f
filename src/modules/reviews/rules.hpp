// Pure rules of patient evaluations, no I/O: the star scale and aspects, moderation of comments
// (detection and masking of phone, ID, bank card and e-mail; what cannot be masked safely is held for
// a moderator), harm signals and the outreach proposal, outreach transitions, and aggregates with
// small-cell suppression. Every number and pattern comes from data/reviews/*.json (parameters.cpp).
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/reviews/model.hpp"

namespace medrisk::reviews {

inline constexpr std::size_t kMaxCommentLength = 1000;  // code points
inline constexpr int kMaxPageSize = 100;

struct Aspect {
  std::string key, zh, en;
};
struct AspectSet {
  std::string version;
  int min_stars = 1, max_stars = 5;
  Aspect overall;
  std::vector<Aspect> aspects;
};

struct Detector {
  std::string kind;       // mobile_phone, landline, id_number, bank_card, email
  std::string pattern;    // ECMAScript; group 1 is the span
  std::string validator;  // none, gb11643_18, id15_birth_date, luhn
  std::regex regex;
};
// Staff names (moderation.json `staff_names`): which token of a directory display name is a personal
// name, and how it is masked (surname kept, 张三丰 → 张**).
struct StaffNameRules {
  int min_length = 2, max_length = 4;           // Han characters
  std::vector<std::string> surnames;             // one character each (UTF-8)
  std::vector<std::string> compound_surnames;    // 欧阳, 司马, …
  std::vector<std::string> title_suffixes;       // 医生, 科, …: a token ending so is a role or a department
};
struct ModerationRules {
  std::string version;
  char mask = '*';
  std::vector<Detector> detectors;
  int residual_digit_run = 7;
  int residual_numeral_run = 7;
  std::vector<std::string> residual_characters;
  StaffNameRules staff_names;
};

struct OutreachRules {
  std::string version;
  int low_overall_max = 2;
  int deadline_working_days = 5;
  std::vector<std::string> harm_keywords;  // zh-CN and en-US together
};

struct AggregateRules {
  std::string version;
  int min_count = 3;
  int max_cells = 500;
};

struct Parameters {
  AspectSet aspects;
  ModerationRules moderation;
  OutreachRules outreach;
  AggregateRules aggregates;
};

// ---- identifiers ----
// The GB 11643-1999 check character (ISO 7064 MOD 11-2: '0'–'9' or 'X') of 17 digits; '?' if not 17 digits.
char gb11643_check_character(std::string_view first17);
// GB 11643-1999: 17 digits and the ISO 7064 MOD 11-2 check character (0–9 or X), with a real birth date.
bool gb11643_valid(std::string_view id18);
// The 15-digit first-generation number: 15 digits whose positions 7–12 are a real YYMMDD birth date.
bool id15_valid(std::string_view id15);
// Luhn (ISO/IEC 7812) over the digits of `number` (spaces and hyphens ignored), 16–19 digits.
bool luhn_valid(std::string_view number);

// ---- moderation ----
struct Moderation {
  std::string masked;                 // the comment with every detected item masked
  std::vector<std::string> findings;  // kinds masked, then the reasons for holding (unmaskable_*)
  bool held = false;                  // something the rules cannot mask safely remains
};
// The personal names in the display names of an institution's staff ("医务科 周明远" → 周明远): tokens
// (split at spaces) of min–max Han characters that start with a surname and do not end with a title or
// department word; longest first, each once.
std::vector<std::string> staff_personal_names(const std::vector<std::string>& display_names, const StaffNameRules& rules);
// A personal name with everything but its surname masked: 张三丰 → 张**, 欧阳澄 → 欧阳*.
std::string mask_staff_name(std::string_view name, const StaffNameRules& rules, char mask);
// The comment with every detected item masked, and the staff names of `staff_display_names` (the
// institution's directory, passed in) masked to their surname (finding "staff_name"); a surname with a
// title (张医生) is not a name and stays.
Moderation moderate(std::string_view comment, const ModerationRules& rules,
                    const std::vector<std::string>& staff_display_names = {});

// ---- a new review ----
// Refuses a subject kind other than visit/case, stars outside the scale, a missing or unknown aspect
// (review_scores_invalid) or a comment too long.
Status check_new_review(const NewReview& r, const AspectSet& aspects);

// ---- outreach ----
// The harm keywords the comment contains (case-insensitive for Latin letters), in data order.
std::vector<std::string> harm_keywords_in(std::string_view comment, const OutreachRules& rules);
// Why the review proposes outreach: low_rating and/or harm_keyword; empty when it does not.
std::vector<std::string> outreach_reasons(int overall, const std::vector<std::string>& keywords,
                                          const OutreachRules& rules);
// The state an action moves a task to (contact, resolve, escalate); nullopt when not allowed from `from`.
std::optional<std::string> outreach_next_state(std::string_view from, std::string_view action);
bool outreach_is_open(std::string_view state);  // open or contacted
bool outreach_overdue(const OutreachTask& t, Date today);

// ---- aggregates ----
// Cells by key (in key order) from grouped counts: count = reviews with an overall rating, mean per
// aspect, overall distribution 1…5; a cell with fewer than min_count reviews keeps only its key.
std::vector<AggregateCell> aggregate(const std::vector<ScoreCount>& counts, const AspectSet& aspects,
                                     const AggregateRules& rules);

}  // namespace medrisk::reviews
