// Appraisal rules (see rules.hpp). The draw's order of operations is part of its replay contract:
// changing it changes which panel a recorded seed produces, so it is pinned by golden tests.
#include "modules/appraisal/rules.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "modules/appraisal/errors.hpp"

namespace medrisk::appraisal {
namespace {


bool contains(const std::vector<std::int64_t>& v, std::int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

using Pred = bool (*)(const Candidate&, const DrawRequest&, const PanelParameters&);

bool any_candidate(const Candidate&, const DrawRequest&, const PanelParameters&) {
  return true;
}
bool of_specialty(const Candidate& c, const DrawRequest& r, const PanelParameters&) {
  return has_specialty(c, r.specialty);
}
bool of_forensic_or_legal(const Candidate& c, const DrawRequest&, const PanelParameters& p) {
  return is_forensic_or_legal(c, p);
}
bool of_both(const Candidate& c, const DrawRequest& r, const PanelParameters& p) {
  return has_specialty(c, r.specialty) && is_forensic_or_legal(c, p);
}

int count_where(const std::vector<const Candidate*>& members, const DrawRequest& r, const PanelParameters& p,
                Pred pred) {
  return static_cast<int>(
      std::count_if(members.begin(), members.end(), [&](const Candidate* c) { return pred(*c, r, p); }));
}

// Picks one candidate of `pool` satisfying `pred`, uniformly among those with the fewest open
// assignments, and moves it from `pool` to `chosen`. False when none satisfies `pred`.
bool pick(std::vector<const Candidate*>& pool, std::vector<const Candidate*>& chosen, const DrawRequest& r,
          const PanelParameters& p, Pred pred, std::mt19937_64& rng) {
  int least = std::numeric_limits<int>::max();
  for (const Candidate* c : pool)
    if (pred(*c, r, p)) least = std::min(least, c->open_assignments);
  std::vector<std::size_t> tier;
  for (std::size_t i = 0; i < pool.size(); ++i)
    if (pred(*pool[i], r, p) && pool[i]->open_assignments == least) tier.push_back(i);
  if (tier.empty()) return false;
  std::size_t at = tier[uniform_index(rng, tier.size())];
  chosen.push_back(pool[at]);
  pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
  return true;
}

}  // namespace

const std::vector<std::string>& breachable_duties() {
  static const std::vector<std::string> d = {"informed_consent", "diagnosis", "treatment", "nursing", "management"};
  return d;
}

std::uint64_t uniform_index(std::mt19937_64& rng, std::uint64_t n) {
  assert(n > 0);
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  const std::uint64_t limit = max - (max % n);  // the largest multiple of n not above max
  std::uint64_t x = rng();
  while (x >= limit) x = rng();
  return x % n;
}

bool is_forensic_or_legal(const Candidate& c, const PanelParameters& p) {
  for (const auto& s : c.specialties)
    if (contains(p.forensic_or_legal_specialties, s)) return true;
  return false;
}

bool has_specialty(const Candidate& c, const std::string& specialty) {
  return contains(c.specialties, specialty);
}

std::optional<std::string> ineligibility(const Candidate& c, const DrawRequest& r) {
  if (!c.available) return "unavailable";
  if (c.institution_id && *c.institution_id == r.institution_id) return "from_involved_institution";
  if (contains(c.conflict_organization_ids, r.institution_id)) return "conflict_with_institution";
  for (auto party : r.party_organization_ids)
    if (contains(c.conflict_organization_ids, party)) return "conflict_with_party";
  if (contains(c.conflict_case_ids, r.case_id)) return "conflict_with_case";
  if (contains(r.exclude, c.expert_id)) return "excluded";
  return std::nullopt;
}

Status check_panel_request(const DrawRequest& r, const PanelParameters& p) {
  if (std::find(p.allowed_sizes.begin(), p.allowed_sizes.end(), r.size) == p.allowed_sizes.end())
    return err(errors::panel_size_not_allowed);
  if (!contains(p.specialties, r.specialty)) return err(errors::specialty_unknown, r.specialty);
  return {};
}

Result<std::vector<std::int64_t>> draw_panel(const DrawRequest& r, std::vector<Candidate> candidates,
                                             const PanelParameters& p, std::uint64_t seed) {
  MEDRISK_CHECK(check_panel_request(r, p));
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.expert_id < b.expert_id; });
  std::vector<const Candidate*> kept, pool;
  for (const auto& c : candidates) {
    if (contains(r.keep, c.expert_id))
      kept.push_back(&c);
    else if (!ineligibility(c, r))
      pool.push_back(&c);
  }
  if (kept.size() != r.keep.size() || static_cast<int>(kept.size()) >= r.size)
    return err(errors::panel_cannot_be_completed, "kept members unknown or panel already full");
  std::mt19937_64 rng(seed);
  std::vector<const Candidate*> chosen;
  auto members = [&] {
    std::vector<const Candidate*> all = kept;
    all.insert(all.end(), chosen.begin(), chosen.end());
    return all;
  };
  // A replacement for an expert who met both requirements may have one seat for two needs: fill such
  // seats with an expert who meets both, so the panel never grows beyond its size.
  int open = r.size - static_cast<int>(kept.size());
  int need_specialty = std::max(0, p.min_involved_specialty - count_where(kept, r, p, of_specialty));
  int need_legal = std::max(0, p.min_forensic_or_legal - count_where(kept, r, p, of_forensic_or_legal));
  for (int i = 0; i < need_specialty + need_legal - open; ++i)
    if (!pick(pool, chosen, r, p, of_both, rng))
      return err(errors::panel_cannot_be_completed, "no expert meets both needs");
  for (int i = count_where(members(), r, p, of_specialty); i < p.min_involved_specialty; ++i)
    if (!pick(pool, chosen, r, p, of_specialty, rng))
      return err(errors::panel_cannot_be_completed, "no expert of the specialty");
  for (int i = count_where(members(), r, p, of_forensic_or_legal); i < p.min_forensic_or_legal; ++i)
    if (!pick(pool, chosen, r, p, of_forensic_or_legal, rng))
      return err(errors::panel_cannot_be_completed, "no forensic or legal expert");
  while (static_cast<int>(kept.size() + chosen.size()) < r.size)
    if (!pick(pool, chosen, r, p, any_candidate, rng)) return err(errors::panel_cannot_be_completed, "too few experts");
  assert(static_cast<int>(chosen.size()) == open);
  std::vector<std::int64_t> out;
  for (const Candidate* c : chosen) out.push_back(c->expert_id);
  return out;
}

Status check_panel(const DrawRequest& r, const std::vector<Candidate>& candidates,
                   const std::vector<std::int64_t>& members, const PanelParameters& p) {
  if (static_cast<int>(members.size()) != r.size || members.size() % 2 == 0)
    return err(errors::panel_cannot_be_completed, "panel size");
  std::set<std::int64_t> distinct(members.begin(), members.end());
  if (distinct.size() != members.size()) return err(errors::panel_cannot_be_completed, "an expert twice");
  std::vector<const Candidate*> found;
  DrawRequest eligibility = r;
  eligibility.exclude.clear();
  for (auto id : members) {
    auto it = std::find_if(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.expert_id == id; });
    if (it == candidates.end()) return err(errors::panel_cannot_be_completed, "unknown expert");
    if (auto why = ineligibility(*it, eligibility)) return err(errors::panel_cannot_be_completed, *why);
    found.push_back(&*it);
  }
  if (count_where(found, r, p, of_specialty) < p.min_involved_specialty)
    return err(errors::panel_cannot_be_completed, "no expert of the specialty");
  if (count_where(found, r, p, of_forensic_or_legal) < p.min_forensic_or_legal)
    return err(errors::panel_cannot_be_completed, "no forensic or legal expert");
  return {};
}

const CausationDegree* find_degree(const CausationParameters& p, const std::string& key) {
  for (const auto& d : p.degrees)
    if (d.key == key) return &d;
  return nullptr;
}

Status check_opinion(const OpinionContent& o, const CausationParameters& p) {
  const CausationDegree* degree = find_degree(p, o.causation_degree);
  if (!degree) return err(errors::causation_degree_unknown, o.causation_degree);
  for (const auto& d : o.breached_duties)
    if (!contains(breachable_duties(), d)) return err(errors::breached_duty_unknown, d);
  if (o.has_fault && o.breached_duties.empty()) return err(errors::opinion_fault_without_breached_duty);
  if (!o.has_fault && !o.breached_duties.empty()) return err(errors::opinion_no_fault_with_breached_duty);
  if (!o.has_fault && o.causation_degree != p.degrees.front().key) return err(errors::opinion_causation_without_fault);
  if (o.causation_percent && (*o.causation_percent < degree->min_percent || *o.causation_percent > degree->max_percent))
    return err(errors::causation_percent_outside_degree);
  for (int g : o.disability_grades)
    if (g < 1 || g > 10) return err(errors::disability_grade_out_of_range);
  if (o.reasons.empty()) return err(errors::opinion_reasons_required);
  return {};
}

std::string canonical_opinion(const Opinion& o) {
  std::vector<std::string> duties = o.content.breached_duties;
  std::sort(duties.begin(), duties.end());
  std::vector<int> grades = o.content.disability_grades;
  std::sort(grades.begin(), grades.end());
  nlohmann::json j = {{"panel_id", o.panel_id},
                      {"expert_id", o.expert_id},
                      {"has_damage", o.content.has_damage},
                      {"has_fault", o.content.has_fault},
                      {"breached_duties", duties},
                      {"causation_degree", o.content.causation_degree},
                      {"causation_percent", o.content.causation_percent ? nlohmann::json(*o.content.causation_percent)
                                                                        : nlohmann::json(nullptr)},
                      {"disability_grades", grades},
                      {"reasons", o.content.reasons},
                      {"signed_by_user_id", o.signed_by_user_id.value_or(0)},
                      {"signed_at", o.signed_at.value_or("")}};
  return j.dump();  // nlohmann::json objects keep keys sorted: the dump is canonical
}

}  // namespace medrisk::appraisal
