// Incident rules (see rules.hpp).
#include "modules/incidents/rules.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "modules/incidents/errors.hpp"

namespace medrisk::incidents {
namespace {

using nlohmann::json;

template <class E, std::size_t N>
std::string_view text_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [k, v] : table)
    if (k == e) return v;
  return {};
}
template <class E, std::size_t N>
std::optional<E> parse_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [k, v] : table)
    if (v == s) return k;
  return std::nullopt;
}

constexpr std::array<std::pair<IncidentState, std::string_view>, 5> kStates{{
    {IncidentState::reported, "reported"},
    {IncidentState::under_review, "under_review"},
    {IncidentState::root_cause_analysis, "root_cause_analysis"},
    {IncidentState::actions, "actions"},
    {IncidentState::closed, "closed"},
}};
constexpr std::array<std::pair<SeverityClass, std::string_view>, 3> kClasses{{
    {SeverityClass::general, "general"},
    {SeverityClass::major, "major"},
    {SeverityClass::extraordinary, "extraordinary"},
}};
constexpr std::array<std::pair<IncidentAction, std::string_view>, 4> kActions{{
    {IncidentAction::start_review, "start_review"},
    {IncidentAction::start_rca, "start_rca"},
    {IncidentAction::plan_actions, "plan_actions"},
    {IncidentAction::close, "close"},
}};
constexpr std::array<std::pair<ActionStatus, std::string_view>, 2> kActionStatuses{{
    {ActionStatus::open, "open"},
    {ActionStatus::done, "done"},
}};
constexpr std::array<std::pair<RcaMethod, std::string_view>, 2> kMethods{{
    {RcaMethod::fishbone, "fishbone"},
    {RcaMethod::five_whys, "five_whys"},
}};
constexpr std::array<std::pair<MessageAuthor, std::string_view>, 2> kAuthors{{
    {MessageAuthor::reporter, "reporter"},
    {MessageAuthor::reviewer, "reviewer"},
}};

// The one state machine: each move from exactly one state.
struct Move {
  IncidentAction action;
  IncidentState from, to;
};
constexpr std::array<Move, 4> kMoves{{
    {IncidentAction::start_review, IncidentState::reported, IncidentState::under_review},
    {IncidentAction::start_rca, IncidentState::under_review, IncidentState::root_cause_analysis},
    {IncidentAction::plan_actions, IncidentState::root_cause_analysis, IncidentState::actions},
    {IncidentAction::close, IncidentState::actions, IncidentState::closed},
}};

Error invalid(std::string detail) { return err(errors::incidents_parameters_invalid, std::move(detail)); }

Result<std::vector<NamedItem>> named_items(const json& doc, const char* key) {
  if (!doc.is_object() || !doc.contains(key) || !doc.at(key).is_array() || doc.at(key).empty())
    return invalid(std::string(key) + " missing");
  std::vector<NamedItem> out;
  for (const auto& i : doc.at(key)) {
    if (!i.is_object() || !i.contains("id") || !i.contains("zh-CN") || !i.contains("en-US"))
      return invalid(std::string(key) + ": an item lacks id, zh-CN or en-US");
    out.push_back({i.at("id").get<std::string>(), i.at("zh-CN").get<std::string>(), i.at("en-US").get<std::string>()});
  }
  return out;
}

bool has_id(const std::vector<NamedItem>& v, std::string_view id) {
  return std::any_of(v.begin(), v.end(), [&](const NamedItem& i) { return i.id == id; });
}

}  // namespace

const ClassDeadline& IncidentsParams::of(SeverityClass c) const {
  for (const auto& d : classes)
    if (d.severity_class == c) return d;
  throw std::logic_error("incidents: class without parameters");  // params_from_json guarantees all three
}
bool IncidentsParams::has_category(std::string_view id) const { return has_id(categories, id); }
bool IncidentsParams::has_harm_degree(std::string_view id) const { return has_id(harm_degrees, id); }
bool IncidentsParams::has_fishbone_category(std::string_view id) const { return has_id(fishbone_categories, id); }

Result<IncidentsParams> params_from_json(const json& classes, const json& categories, const json& harm_degrees,
                                         const json& rca) {
  try {
    IncidentsParams p;
    p.version = classes.value("version", "");
    p.source = classes.value("source", "");
    if (p.source.empty()) return invalid("classes.json: source missing");
    if (!classes.contains("classes") || !classes.at("classes").is_array()) return invalid("classes.json: classes missing");
    for (const auto& c : classes.at("classes")) {
      ClassDeadline d;
      auto cls = class_from_string(c.at("id").get<std::string>());
      if (!cls) return invalid("classes.json: unknown class " + c.at("id").get<std::string>());
      d.severity_class = *cls;
      d.zh_cn = c.at("zh-CN").get<std::string>();
      d.en_us = c.at("en-US").get<std::string>();
      d.value = c.at("report_within").at("value").get<int>();
      std::string unit = c.at("report_within").at("unit").get<std::string>();
      if (unit == "hours") d.unit = ClassDeadline::Unit::hours;
      else if (unit == "days") d.unit = ClassDeadline::Unit::days;
      else return invalid("classes.json: unit must be hours or days");
      if (d.value <= 0) return invalid("classes.json: report_within must be positive");
      p.classes.push_back(d);
    }
    for (auto c : all_classes())
      if (std::none_of(p.classes.begin(), p.classes.end(), [&](const auto& d) { return d.severity_class == c; }))
        return invalid("classes.json: class " + std::string(to_string(c)) + " missing");
    MEDRISK_TRY(p.categories, named_items(categories, "categories"));
    MEDRISK_TRY(p.harm_degrees, named_items(harm_degrees, "harm_degrees"));
    MEDRISK_TRY(p.fishbone_categories, named_items(rca, "fishbone_categories"));
    p.max_causes_per_category = rca.value("max_causes_per_category", 20);
    p.max_whys = rca.value("max_whys", 10);
    return p;
  } catch (const json::exception& e) {
    return invalid(e.what());
  }
}

Timestamp report_due(const IncidentsParams& p, SeverityClass c, Timestamp discovered_at) {
  const ClassDeadline& d = p.of(c);
  auto hours = d.unit == ClassDeadline::Unit::hours ? d.value : d.value * 24;
  return discovered_at + std::chrono::duration_cast<Timestamp::Duration>(std::chrono::hours(hours));
}

bool is_overdue(const Incident& i, Timestamp now) {
  if (i.authority_report) return false;
  auto due = Timestamp::parse(i.report_due_at);
  return due.ok() && now > *due;
}

bool report_late(Timestamp due, Timestamp reported_at) { return reported_at > due; }

bool notifies_insurer(SeverityClass c, bool linked_to_case) { return c != SeverityClass::general || linked_to_case; }

Result<IncidentState> next_state(IncidentState from, IncidentAction action) {
  for (const auto& m : kMoves)
    if (m.action == action && m.from == from) return m.to;
  return err(errors::incident_transition_not_allowed,
             std::string(to_string(action)) + " from " + std::string(to_string(from)));
}

Status check_move(IncidentAction action, bool has_rca, int actions, int actions_open) {
  if (action == IncidentAction::plan_actions && !has_rca) return err(errors::incident_rca_required);
  if (action == IncidentAction::close) {
    if (actions == 0) return err(errors::incident_actions_required);
    if (actions_open > 0) return err(errors::incident_actions_not_done, std::to_string(actions_open) + " open");
  }
  return {};
}

Status check_rca(const IncidentsParams& p, const RootCauseAnalysis& rca) {
  std::size_t causes = 0;
  if (rca.method == RcaMethod::fishbone) {
    if (!rca.whys.empty()) return err(errors::incident_rca_empty, "whys belong to five_whys");
    for (const auto& [cat, list] : rca.fishbone) {
      if (!p.has_fishbone_category(cat)) return err(errors::incident_rca_category_unknown, cat);
      if (static_cast<int>(list.size()) > p.max_causes_per_category) return err(errors::incident_rca_too_long, cat);
      for (const auto& c : list)
        if (!c.empty()) ++causes;
    }
  } else {
    if (!rca.fishbone.empty()) return err(errors::incident_rca_empty, "fishbone belongs to fishbone");
    if (static_cast<int>(rca.whys.size()) > p.max_whys) return err(errors::incident_rca_too_long, "whys");
    for (const auto& w : rca.whys)
      if (!w.empty()) ++causes;
  }
  if (causes == 0) return err(errors::incident_rca_empty);
  return {};
}

std::string_view to_string(IncidentState s) { return text_of(kStates, s); }
std::string_view to_string(SeverityClass c) { return text_of(kClasses, c); }
std::string_view to_string(IncidentAction a) { return text_of(kActions, a); }
std::string_view to_string(ActionStatus s) { return text_of(kActionStatuses, s); }
std::string_view to_string(RcaMethod m) { return text_of(kMethods, m); }
std::string_view to_string(MessageAuthor a) { return text_of(kAuthors, a); }
std::optional<IncidentState> state_from_string(std::string_view s) { return parse_of(kStates, s); }
std::optional<SeverityClass> class_from_string(std::string_view s) { return parse_of(kClasses, s); }
std::optional<IncidentAction> action_from_string(std::string_view s) { return parse_of(kActions, s); }
std::optional<ActionStatus> action_status_from_string(std::string_view s) { return parse_of(kActionStatuses, s); }
std::optional<RcaMethod> rca_method_from_string(std::string_view s) { return parse_of(kMethods, s); }
std::optional<MessageAuthor> author_from_string(std::string_view s) { return parse_of(kAuthors, s); }

const std::vector<IncidentState>& all_states() {
  static const std::vector<IncidentState> v = {IncidentState::reported, IncidentState::under_review,
                                               IncidentState::root_cause_analysis, IncidentState::actions,
                                               IncidentState::closed};
  return v;
}
const std::vector<SeverityClass>& all_classes() {
  static const std::vector<SeverityClass> v = {SeverityClass::general, SeverityClass::major,
                                               SeverityClass::extraordinary};
  return v;
}

json rca_to_json(const RootCauseAnalysis& rca) {
  json fishbone = json::object();
  for (const auto& [cat, list] : rca.fishbone) fishbone[cat] = list;
  return {{"method", to_string(rca.method)}, {"fishbone", fishbone}, {"whys", rca.whys}, {"root_cause", rca.root_cause}};
}

Result<RootCauseAnalysis> rca_from_json(const json& j) {
  try {
    RootCauseAnalysis r;
    auto m = rca_method_from_string(j.at("method").get<std::string>());
    if (!m) return err(errors::incident_rca_empty, "method");
    r.method = *m;
    const json fishbone = j.value("fishbone", json::object());
    for (const auto& [cat, list] : fishbone.items()) r.fishbone[cat] = list.get<std::vector<std::string>>();
    r.whys = j.value("whys", std::vector<std::string>{});
    r.root_cause = j.value("root_cause", "");
    return r;
  } catch (const json::exception& e) {
    return err(errors::incident_rca_empty, e.what());
  }
}

std::string shanghai_month(Timestamp t) { return t.shanghai_date().to_string().substr(0, 7); }

std::vector<std::string> last_months(std::string_view last, int count) {
  int y = std::stoi(std::string(last.substr(0, 4))), m = std::stoi(std::string(last.substr(5, 2)));
  std::vector<std::string> out(static_cast<std::size_t>(count));
  for (int i = count - 1; i >= 0; --i) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    out[static_cast<std::size_t>(i)] = buf;
    if (--m == 0) m = 12, --y;
  }
  return out;
}

}  // namespace medrisk::incidents
