// Appraisal vocabulary: experts of the pool, panels drawn for a dispute case, individually signed
// opinions and Delphi studies (rounds of anonymous ratings) — plain structs shared by rules, store and API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medrisk::appraisal {

struct Expert {
  std::int64_t id = 0;
  std::int64_t user_id = 0;                    // the expert's account (role expert)
  std::string display_name;                    // from the account
  std::vector<std::string> specialties;        // department codes of data/appraisal/panel.json
  std::string title;                           // 主任医师, 教授, …
  std::optional<std::int64_t> institution_id;  // the organization the expert works at, when on the platform
  std::string institution_name;
  std::string region_code;
  std::vector<std::int64_t> conflict_organization_ids;  // declared conflicts (Decree 701 art. 37)
  std::vector<std::int64_t> conflict_case_ids;
  bool available = true;
  int open_assignments = 0;  // active memberships of panels (computed)
  std::string created_at, updated_at;
};

struct NewExpert {
  std::int64_t user_id = 0;
  std::vector<std::string> specialties;
  std::string title;
  std::optional<std::int64_t> institution_id;
  std::string institution_name;
  std::string region_code;
  std::vector<std::int64_t> conflict_organization_ids, conflict_case_ids;
  bool available = true;
};

struct PanelMember {
  std::int64_t expert_id = 0;
  std::string display_name;
  std::string status = "active";  // active, declined
  std::optional<std::string> decline_reason;
  std::int64_t draw_id = 0;
  std::string joined_at;
  std::optional<std::string> declined_at;
};

struct Panel {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t institution_id = 0;  // the involved institution: its experts are excluded
  std::string specialty;            // the involved specialty
  int size = 3;
  std::vector<std::int64_t> party_organization_ids;  // other parties (committee, insurer) who may read the consensus
  std::vector<PanelMember> members;
  std::string created_at;
};

struct NewPanel {
  std::int64_t case_id = 0;
  std::int64_t institution_id = 0;
  std::string specialty;
  int size = 3;
  std::vector<std::int64_t> party_organization_ids;
};

// One recorded draw: its seed and the candidate snapshot it ran on, so that anyone can replay it.
struct PanelDraw {
  std::int64_t id = 0;
  std::int64_t panel_id = 0;
  int seq = 0;
  std::string kind;  // initial, replacement
  std::uint64_t seed = 0;
  std::string inputs_json;  // DrawRequest + candidates, canonical JSON
  std::vector<std::int64_t> drawn;
  std::string created_at;
};

// Art. 36 of Decree 701: damage, fault, causal link and the degree of responsibility.
struct OpinionContent {
  bool has_damage = false;
  bool has_fault = false;
  std::vector<std::string> breached_duties;  // informed_consent, diagnosis, treatment, nursing, management
  std::string causation_degree = "none";     // data/appraisal/causation.json
  std::optional<int> causation_percent;
  std::vector<int> disability_grades;  // 1 (worst) … 10
  std::string reasons;
};

struct Opinion {
  std::int64_t id = 0;
  std::int64_t panel_id = 0;
  std::int64_t expert_id = 0;
  OpinionContent content;
  std::string status = "draft";       // draft, signed
  std::optional<std::string> digest;  // SHA-256 of the canonical signed opinion
  std::optional<std::int64_t> signed_by_user_id;
  std::optional<std::string> signed_at;
  std::string created_at, updated_at;
};

// A Delphi item: a scale of ordered classes to rate, or a set of options to rank.
struct DelphiItem {
  std::string key;
  std::string kind = "rating";  // rating, ranking
  std::string label_zh, label_en;
  std::vector<std::string> classes;  // rating: ordered low → high; ranking: the options
};

struct DelphiAnswer {
  std::string item;
  std::optional<std::string> value;  // rating: one of the classes
  std::vector<std::string> ranking;  // ranking: every option once, best first
  std::string reason;
};

struct DelphiStudy {
  std::int64_t id = 0;
  std::optional<std::int64_t> panel_id;  // a panel's opinion study, or a survey (rating factors)
  std::string title;
  std::vector<DelphiItem> items;
  std::vector<std::int64_t> expert_ids;
  int max_rounds = 3;
  std::string status = "open";  // open, consensus, no_consensus
  std::string created_at;
};

struct DelphiRound {
  std::int64_t id = 0;
  std::int64_t study_id = 0;
  int round_number = 1;
  std::string status = "open";  // open, closed
  std::string opened_at;
  std::optional<std::string> closed_at;
  std::optional<std::string> statistics_json;  // per item statistics and consensus, after closing
  bool consensus = false;
  int responses = 0;
};

}  // namespace medrisk::appraisal
