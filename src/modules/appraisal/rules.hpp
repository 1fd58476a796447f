// Pure appraisal rules: the panel draw (Decree 701 arts. 33–37, data/appraisal/panel.json) with a
// recorded seed and a platform-independent sampler, replacement after a decline, opinion checks
// (art. 36) and the causation degrees (data/appraisal/causation.json). No I/O; parameters come in.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kernel/result.hpp"
#include "modules/appraisal/model.hpp"

namespace medrisk::appraisal {

// ---- parameters (data/appraisal/*.json) ----
struct PanelParameters {
  std::string version;
  std::vector<int> allowed_sizes;  // odd: 3, 5
  int min_involved_specialty = 1;
  int min_forensic_or_legal = 1;
  std::vector<std::string> forensic_or_legal_specialties;
  std::vector<std::string> specialties;  // every known department code
};

struct CausationDegree {
  std::string key;
  std::string label_zh, label_en;
  int min_percent = 0, max_percent = 0, usual_percent = 0;
};
struct CausationParameters {
  std::string version;
  std::vector<CausationDegree> degrees;  // ordered none … full
};

const std::vector<std::string>& breachable_duties();  // informed_consent, diagnosis, treatment, nursing, management

// ---- the panel draw ----
struct Candidate {
  std::int64_t expert_id = 0;
  std::vector<std::string> specialties;
  std::optional<std::int64_t> institution_id;
  std::vector<std::int64_t> conflict_organization_ids;
  std::vector<std::int64_t> conflict_case_ids;
  bool available = true;
  int open_assignments = 0;
};

struct DrawRequest {
  std::int64_t case_id = 0;
  std::int64_t institution_id = 0;
  std::vector<std::int64_t> party_organization_ids;
  std::string specialty;
  int size = 3;
  std::vector<std::int64_t> keep;     // members already on the panel (replacement draws)
  std::vector<std::int64_t> exclude;  // experts never to draw again (previous members, decliners)
};

// Uniform integer in [0, n) from a 64-bit Mersenne twister by rejection sampling: std::mt19937_64's
// output is fixed by the C++ standard, std::uniform_int_distribution's algorithm is not.
std::uint64_t uniform_index(std::mt19937_64& rng, std::uint64_t n);

bool is_forensic_or_legal(const Candidate& c, const PanelParameters& p);
bool has_specialty(const Candidate& c, const std::string& specialty);
// Why a candidate may not sit on the panel at all (nullopt: eligible): unavailable, from the
// involved institution, a declared conflict with a party or the case, or excluded.
std::optional<std::string> ineligibility(const Candidate& c, const DrawRequest& r);

Status check_panel_request(const DrawRequest& r, const PanelParameters& p);

// Draws size − keep.size() new experts: first the involved specialty and a forensic or legal expert
// where the kept members lack them, then the rest; each pick is uniform among the eligible experts
// with the fewest open assignments (load balancing). Candidates are sorted by id first, so the same
// seed and inputs always give the same panel. Refuses with panel_cannot_be_completed when too few
// eligible experts exist.
Result<std::vector<std::int64_t>> draw_panel(const DrawRequest& r, std::vector<Candidate> candidates,
                                             const PanelParameters& p, std::uint64_t seed);

// True when a full panel keeps every rule (used by the property test and the replay check).
Status check_panel(const DrawRequest& r, const std::vector<Candidate>& candidates,
                   const std::vector<std::int64_t>& members, const PanelParameters& p);

// ---- opinions (Decree 701 art. 36) ----
const CausationDegree* find_degree(const CausationParameters& p, const std::string& key);
Status check_opinion(const OpinionContent& o, const CausationParameters& p);
// The canonical text that is hashed when an opinion is signed (sorted keys, no whitespace).
std::string canonical_opinion(const Opinion& o);

}  // namespace medrisk::appraisal
