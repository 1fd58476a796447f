// SQL of the appraisal module (see store.hpp). Every statement is parameterized; lists of ids and
// codes are JSON text columns read and written here.
#include "modules/appraisal/store.hpp"

#include "modules/accounts/api.hpp"

#include <soci/soci.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "platform/db/rows.hpp"

namespace medrisk::appraisal::store {
namespace {

using nlohmann::json;


template <class T>
std::vector<T> list_of(const std::string& text) {
  return json::parse(text).get<std::vector<T>>();
}

constexpr const char* kExpertSelect =
    "SELECT e.id, e.user_id, '', e.specialties_json, e.title, e.institution_id, e.institution_name, "
    "e.region_code, e.conflict_organization_ids_json, e.conflict_case_ids_json, e.available, e.created_at, "
    "e.updated_at, "
    "(SELECT COUNT(*) FROM panel_members m JOIN panels p ON p.id = m.panel_id "
    " WHERE m.expert_id = e.id AND m.status = 'active' AND p.status = 'active') "
    "FROM experts e ";

Expert read_expert(const soci::row& r) {
  Expert e;
  e.id = db::int64_at(r, 0);
  e.user_id = db::int64_at(r, 1);
  e.display_name = r.get<std::string>(2);
  e.specialties = list_of<std::string>(r.get<std::string>(3));
  e.title = r.get<std::string>(4);
  e.institution_id = db::opt_int64_at(r, 5);
  e.institution_name = r.get<std::string>(6);
  e.region_code = r.get<std::string>(7);
  e.conflict_organization_ids = list_of<std::int64_t>(r.get<std::string>(8));
  e.conflict_case_ids = list_of<std::int64_t>(r.get<std::string>(9));
  e.available = db::int64_at(r, 10) != 0;
  e.created_at = r.get<std::string>(11);
  e.updated_at = r.get<std::string>(12);
  e.open_assignments = static_cast<int>(db::int64_at(r, 13));
  return e;
}

std::vector<Expert> experts_where(db::Tx& tx, const std::string& where, long long a, long long b, int limit) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string(kExpertSelect) + where + " ORDER BY e.id DESC LIMIT :l", soci::use(a),
       soci::use(b), soci::use(limit));
  std::vector<Expert> out;
  for (const auto& r : rows) out.push_back(read_expert(r));
  std::vector<std::int64_t> users;
  for (const auto& e : out) users.push_back(e.user_id);
  auto names = accounts::directory::display_names(tx, users);
  for (auto& e : out) e.display_name = names[e.user_id];
  return out;
}

constexpr const char* kPanelColumns =
    "id, case_id, institution_id, specialty, size, party_organization_ids_json, created_at";

Panel read_panel(const soci::row& r) {
  Panel p;
  p.id = db::int64_at(r, 0);
  p.case_id = db::int64_at(r, 1);
  p.institution_id = db::int64_at(r, 2);
  p.specialty = r.get<std::string>(3);
  p.size = static_cast<int>(db::int64_at(r, 4));
  p.party_organization_ids = list_of<std::int64_t>(r.get<std::string>(5));
  p.created_at = r.get<std::string>(6);
  return p;
}

std::vector<PanelMember> members_of(db::Tx& tx, long long panel_id) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT m.expert_id, e.user_id, m.status, m.decline_reason, m.draw_id, m.joined_at, "
                           "m.declined_at FROM panel_members m JOIN experts e ON e.id = m.expert_id "
                           "WHERE m.panel_id = :p ORDER BY m.id",
       soci::use(panel_id));
  std::vector<PanelMember> out;
  std::vector<std::int64_t> users;
  for (const auto& r : rows) {
    users.push_back(db::int64_at(r, 1));
    out.push_back({db::int64_at(r, 0), {}, r.get<std::string>(2), db::opt_string_at(r, 3), db::int64_at(r, 4),
                   r.get<std::string>(5), db::opt_string_at(r, 6)});
  }
  auto names = accounts::directory::display_names(tx, users);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].display_name = names[users[i]];
  return out;
}

constexpr const char* kOpinionColumns =
    "id, panel_id, expert_id, has_damage, has_fault, breached_duties_json, causation_degree, causation_percent, "
    "disability_grades_json, reasons_enc, status, digest, signed_by_user_id, signed_at, created_at, updated_at";

OpinionRow read_opinion(const soci::row& r) {
  OpinionRow row;
  Opinion& o = row.opinion;
  o.id = db::int64_at(r, 0);
  o.panel_id = db::int64_at(r, 1);
  o.expert_id = db::int64_at(r, 2);
  o.content.has_damage = db::int64_at(r, 3) != 0;
  o.content.has_fault = db::int64_at(r, 4) != 0;
  o.content.breached_duties = list_of<std::string>(r.get<std::string>(5));
  o.content.causation_degree = r.get<std::string>(6);
  if (auto p = db::opt_int64_at(r, 7)) o.content.causation_percent = static_cast<int>(*p);
  o.content.disability_grades = list_of<int>(r.get<std::string>(8));
  row.reasons_enc = r.get<std::string>(9);
  o.status = r.get<std::string>(10);
  o.digest = db::opt_string_at(r, 11);
  o.signed_by_user_id = db::opt_int64_at(r, 12);
  o.signed_at = db::opt_string_at(r, 13);
  o.created_at = r.get<std::string>(14);
  o.updated_at = r.get<std::string>(15);
  return row;
}

std::vector<OpinionRow> opinions_where(db::Tx& tx, const std::string& where, long long a, long long b) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kOpinionColumns + " FROM opinions WHERE " + where + " ORDER BY id",
       soci::use(a), soci::use(b));
  std::vector<OpinionRow> out;
  for (const auto& r : rows) out.push_back(read_opinion(r));
  return out;
}

json items_json(const std::vector<DelphiItem>& items) {
  json out = json::array();
  for (const auto& i : items)
    out.push_back(
        {{"key", i.key}, {"kind", i.kind}, {"zh-CN", i.label_zh}, {"en-US", i.label_en}, {"classes", i.classes}});
  return out;
}

constexpr const char* kStudyColumns =
    "id, panel_id, title, items_json, expert_ids_json, max_rounds, status, created_at";

DelphiStudy read_study(const soci::row& r) {
  DelphiStudy s;
  s.id = db::int64_at(r, 0);
  s.panel_id = db::opt_int64_at(r, 1);
  s.title = r.get<std::string>(2);
  for (const auto& i : json::parse(r.get<std::string>(3)))
    s.items.push_back(
        {i.at("key"), i.at("kind"), i.at("zh-CN"), i.at("en-US"), i.at("classes").get<std::vector<std::string>>()});
  s.expert_ids = list_of<std::int64_t>(r.get<std::string>(4));
  s.max_rounds = static_cast<int>(db::int64_at(r, 5));
  s.status = r.get<std::string>(6);
  s.created_at = r.get<std::string>(7);
  return s;
}

std::optional<DelphiStudy> study_where(db::Tx& tx, const std::string& where, long long key) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kStudyColumns + " FROM delphi_studies WHERE " + where,
       soci::use(key));
  for (const auto& r : rows) return read_study(r);
  return std::nullopt;
}

constexpr const char* kRoundSelect =
    "SELECT r.id, r.study_id, r.round_number, r.status, r.opened_at, r.closed_at, r.statistics_json, r.consensus, "
    "(SELECT COUNT(*) FROM delphi_responses x WHERE x.round_id = r.id) FROM delphi_rounds r ";

DelphiRound read_round(const soci::row& r) {
  DelphiRound d;
  d.id = db::int64_at(r, 0);
  d.study_id = db::int64_at(r, 1);
  d.round_number = static_cast<int>(db::int64_at(r, 2));
  d.status = r.get<std::string>(3);
  d.opened_at = r.get<std::string>(4);
  d.closed_at = db::opt_string_at(r, 5);
  d.statistics_json = db::opt_string_at(r, 6);
  d.consensus = db::int64_at(r, 7) != 0;
  d.responses = static_cast<int>(db::int64_at(r, 8));
  return d;
}

std::vector<DelphiRound> rounds_where(db::Tx& tx, const std::string& where, long long a, long long b, int limit) {
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string(kRoundSelect) + where + " ORDER BY r.id DESC LIMIT :l", soci::use(a),
       soci::use(b), soci::use(limit));
  std::vector<DelphiRound> out;
  for (const auto& r : rows) out.push_back(read_round(r));
  return out;
}

}  // namespace

std::vector<db::Migration> migrations() {
  return {{500, "appraisal", R"(
CREATE TABLE experts (
  id {{pk}},
  user_id {{bigint}} NOT NULL UNIQUE REFERENCES users (id),
  specialties_json TEXT NOT NULL,
  title TEXT NOT NULL,
  institution_id {{bigint}} REFERENCES organizations (id),
  institution_name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  conflict_organization_ids_json TEXT NOT NULL,
  conflict_case_ids_json TEXT NOT NULL,
  available INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE panels (
  id {{pk}},
  case_id {{bigint}} NOT NULL,
  institution_id {{bigint}} NOT NULL,
  specialty TEXT NOT NULL,
  size INTEGER NOT NULL,
  party_organization_ids_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'concluded')),
  created_by_user_id {{bigint}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX panels_case ON panels (case_id);
CREATE TABLE panel_draws (
  id {{pk}},
  panel_id {{bigint}} NOT NULL REFERENCES panels (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('initial', 'replacement')),
  seed TEXT NOT NULL,
  inputs_json TEXT NOT NULL,
  drawn_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (panel_id, seq)
);
CREATE TABLE panel_members (
  id {{pk}},
  panel_id {{bigint}} NOT NULL REFERENCES panels (id),
  expert_id {{bigint}} NOT NULL REFERENCES experts (id),
  draw_id {{bigint}} NOT NULL REFERENCES panel_draws (id),
  status TEXT NOT NULL CHECK (status IN ('active', 'declined')),
  decline_reason TEXT,
  joined_at TEXT NOT NULL,
  declined_at TEXT,
  UNIQUE (panel_id, expert_id)
);
CREATE INDEX panel_members_expert ON panel_members (expert_id);
CREATE TABLE opinions (
  id {{pk}},
  panel_id {{bigint}} NOT NULL REFERENCES panels (id),
  expert_id {{bigint}} NOT NULL REFERENCES experts (id),
  has_damage INTEGER NOT NULL,
  has_fault INTEGER NOT NULL,
  breached_duties_json TEXT NOT NULL,
  causation_degree TEXT NOT NULL,
  causation_percent INTEGER,
  disability_grades_json TEXT NOT NULL,
  reasons_enc TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
  digest TEXT,
  signed_by_user_id {{bigint}},
  signed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (panel_id, expert_id)
);
CREATE TABLE delphi_studies (
  id {{pk}},
  panel_id {{bigint}} UNIQUE REFERENCES panels (id),
  title TEXT NOT NULL,
  items_json TEXT NOT NULL,
  expert_ids_json TEXT NOT NULL,
  max_rounds INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'consensus', 'no_consensus')),
  created_by_user_id {{bigint}} NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE delphi_study_experts (
  study_id {{bigint}} NOT NULL REFERENCES delphi_studies (id),
  expert_id {{bigint}} NOT NULL REFERENCES experts (id),
  PRIMARY KEY (study_id, expert_id)
);
CREATE TABLE delphi_rounds (
  id {{pk}},
  study_id {{bigint}} NOT NULL REFERENCES delphi_studies (id),
  round_number INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  statistics_json TEXT,
  consensus INTEGER NOT NULL,
  UNIQUE (study_id, round_number)
);
CREATE TABLE delphi_responses (
  id {{pk}},
  round_id {{bigint}} NOT NULL REFERENCES delphi_rounds (id),
  expert_id {{bigint}} NOT NULL REFERENCES experts (id),
  answers_enc TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  UNIQUE (round_id, expert_id)
)
)"}};
}

// ---------------------------------------------------------------- experts

std::int64_t insert_expert(db::Tx& tx, const NewExpert& e, const std::string& at) {
  long long id = 0, user = e.user_id, inst = e.institution_id.value_or(0);
  soci::indicator ii = e.institution_id ? soci::i_ok : soci::i_null;
  std::string specialties = json(e.specialties).dump(), orgs = json(e.conflict_organization_ids).dump(),
              cases = json(e.conflict_case_ids).dump();
  int available = e.available ? 1 : 0;
  tx.sql() << "INSERT INTO experts (user_id, specialties_json, title, institution_id, institution_name, region_code, "
              "conflict_organization_ids_json, conflict_case_ids_json, available, created_at, updated_at) "
              "VALUES (:u, :s, :t, :i, :n, :r, :o, :c, :a, :at, :at2) RETURNING id",
      soci::use(user), soci::use(specialties), soci::use(e.title), soci::use(inst, ii), soci::use(e.institution_name),
      soci::use(e.region_code), soci::use(orgs), soci::use(cases), soci::use(available), soci::use(at), soci::use(at),
      soci::into(id);
  return id;
}

void update_expert(db::Tx& tx, std::int64_t id, const NewExpert& e, const std::string& at) {
  long long key = id, inst = e.institution_id.value_or(0);
  soci::indicator ii = e.institution_id ? soci::i_ok : soci::i_null;
  std::string specialties = json(e.specialties).dump(), orgs = json(e.conflict_organization_ids).dump(),
              cases = json(e.conflict_case_ids).dump();
  int available = e.available ? 1 : 0;
  tx.sql() << "UPDATE experts SET specialties_json = :s, title = :t, institution_id = :i, institution_name = :n, "
              "region_code = :r, conflict_organization_ids_json = :o, conflict_case_ids_json = :c, available = :a, "
              "updated_at = :at WHERE id = :id",
      soci::use(specialties), soci::use(e.title), soci::use(inst, ii), soci::use(e.institution_name),
      soci::use(e.region_code), soci::use(orgs), soci::use(cases), soci::use(available), soci::use(at), soci::use(key);
}

std::optional<Expert> find_expert(db::Tx& tx, std::int64_t id) {
  auto found = experts_where(tx, "WHERE e.id = :a AND :b = 0", id, 0, 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Expert> find_expert_by_user(db::Tx& tx, std::int64_t user_id) {
  auto found = experts_where(tx, "WHERE e.user_id = :a AND :b = 0", user_id, 0, 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Expert> list_experts(db::Tx& tx, std::int64_t after_id, int limit) {
  return experts_where(tx, "WHERE e.id < :a AND :b = 0", db::before_or_max(after_id), 0, limit);
}

// ---------------------------------------------------------------- panels

std::int64_t insert_panel(db::Tx& tx, const NewPanel& p, std::int64_t created_by, const std::string& at) {
  long long id = 0, case_id = p.case_id, inst = p.institution_id, by = created_by;
  std::string parties = json(p.party_organization_ids).dump();
  int size = p.size;
  tx.sql() << "INSERT INTO panels (case_id, institution_id, specialty, size, party_organization_ids_json, status, "
              "created_by_user_id, created_at) VALUES (:c, :i, :s, :n, :p, 'active', :b, :at) RETURNING id",
      soci::use(case_id), soci::use(inst), soci::use(p.specialty), soci::use(size), soci::use(parties), soci::use(by),
      soci::use(at), soci::into(id);
  return id;
}

std::optional<Panel> find_panel(db::Tx& tx, std::int64_t id) {
  long long key = id;
  std::optional<Panel> out;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kPanelColumns + " FROM panels WHERE id = :id", soci::use(key));
  for (const auto& r : rows) out = read_panel(r);
  if (out) out->members = members_of(tx, key);
  return out;
}

std::vector<Panel> list_panels(db::Tx& tx, std::optional<std::int64_t> expert_id,
                               std::optional<std::int64_t> organization_id, std::int64_t after_id, int limit) {
  long long before = db::before_or_max(after_id), expert = expert_id.value_or(0), org = organization_id.value_or(0);
  // Party organizations are matched in C++ (JSON column); the query narrows by institution or expert.
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << std::string("SELECT ") + kPanelColumns +
                               " FROM panels WHERE id < :b AND (:e = 0 OR id IN (SELECT panel_id FROM panel_members "
                               "WHERE expert_id = :e2)) ORDER BY id DESC",
       soci::use(before), soci::use(expert), soci::use(expert));
  std::vector<Panel> out;
  for (const auto& r : rows) {
    Panel p = read_panel(r);
    bool party = org == 0 || p.institution_id == org ||
                 std::find(p.party_organization_ids.begin(), p.party_organization_ids.end(), org) !=
                     p.party_organization_ids.end();
    if (party) out.push_back(std::move(p));
    if (static_cast<int>(out.size()) == limit) break;
  }
  for (auto& p : out) p.members = members_of(tx, p.id);
  return out;
}

void insert_member(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id, std::int64_t draw_id,
                   const std::string& at) {
  long long p = panel_id, e = expert_id, d = draw_id;
  tx.sql() << "INSERT INTO panel_members (panel_id, expert_id, draw_id, status, joined_at) VALUES (:p, :e, :d, "
              "'active', :at)",
      soci::use(p), soci::use(e), soci::use(d), soci::use(at);
}

void decline_member(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id, const std::string& reason,
                    const std::string& at) {
  long long p = panel_id, e = expert_id;
  tx.sql() << "UPDATE panel_members SET status = 'declined', decline_reason = :r, declined_at = :at "
              "WHERE panel_id = :p AND expert_id = :e",
      soci::use(reason), soci::use(at), soci::use(p), soci::use(e);
}

void set_panel_status(db::Tx& tx, std::int64_t panel_id, const std::string& status) {
  long long p = panel_id;
  tx.sql() << "UPDATE panels SET status = :s WHERE id = :p", soci::use(status), soci::use(p);
}

std::int64_t insert_draw(db::Tx& tx, const PanelDraw& d) {
  long long id = 0, panel = d.panel_id;
  int seq = d.seq;
  std::string seed = std::to_string(d.seed), drawn = json(d.drawn).dump();
  tx.sql() << "INSERT INTO panel_draws (panel_id, seq, kind, seed, inputs_json, drawn_json, created_at) "
              "VALUES (:p, :s, :k, :seed, :i, :d, :at) RETURNING id",
      soci::use(panel), soci::use(seq), soci::use(d.kind), soci::use(seed), soci::use(d.inputs_json), soci::use(drawn),
      soci::use(d.created_at), soci::into(id);
  return id;
}

std::vector<PanelDraw> list_draws(db::Tx& tx, std::int64_t panel_id) {
  long long p = panel_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id, panel_id, seq, kind, seed, inputs_json, drawn_json, created_at FROM panel_draws "
                           "WHERE panel_id = :p ORDER BY seq",
       soci::use(p));
  std::vector<PanelDraw> out;
  for (const auto& r : rows)
    out.push_back({db::int64_at(r, 0), db::int64_at(r, 1), static_cast<int>(db::int64_at(r, 2)), r.get<std::string>(3),
                   std::stoull(r.get<std::string>(4)), r.get<std::string>(5),
                   list_of<std::int64_t>(r.get<std::string>(6)), r.get<std::string>(7)});
  return out;
}

// ---------------------------------------------------------------- opinions

std::int64_t insert_opinion(db::Tx& tx, const Opinion& o, const std::string& reasons_enc) {
  long long id = 0, panel = o.panel_id, expert = o.expert_id;
  int damage = o.content.has_damage, fault = o.content.has_fault, percent = o.content.causation_percent.value_or(0);
  soci::indicator pi = o.content.causation_percent ? soci::i_ok : soci::i_null;
  std::string duties = json(o.content.breached_duties).dump(), grades = json(o.content.disability_grades).dump();
  tx.sql()
      << "INSERT INTO opinions (panel_id, expert_id, has_damage, has_fault, breached_duties_json, causation_degree, "
         "causation_percent, disability_grades_json, reasons_enc, status, created_at, updated_at) "
         "VALUES (:p, :e, :dm, :f, :d, :c, :cp, :g, :r, 'draft', :at, :at2) RETURNING id",
      soci::use(panel), soci::use(expert), soci::use(damage), soci::use(fault), soci::use(duties),
      soci::use(o.content.causation_degree), soci::use(percent, pi), soci::use(grades), soci::use(reasons_enc),
      soci::use(o.created_at), soci::use(o.created_at), soci::into(id);
  return id;
}

void update_opinion(db::Tx& tx, const Opinion& o, const std::string& reasons_enc) {
  long long id = o.id;
  int damage = o.content.has_damage, fault = o.content.has_fault, percent = o.content.causation_percent.value_or(0);
  soci::indicator pi = o.content.causation_percent ? soci::i_ok : soci::i_null;
  std::string duties = json(o.content.breached_duties).dump(), grades = json(o.content.disability_grades).dump();
  // The status guard makes a signed opinion immutable even if a caller forgot to check.
  tx.sql() << "UPDATE opinions SET has_damage = :dm, has_fault = :f, breached_duties_json = :d, causation_degree = :c, "
              "causation_percent = :cp, disability_grades_json = :g, reasons_enc = :r, updated_at = :at "
              "WHERE id = :id AND status = 'draft'",
      soci::use(damage), soci::use(fault), soci::use(duties), soci::use(o.content.causation_degree),
      soci::use(percent, pi), soci::use(grades), soci::use(reasons_enc), soci::use(o.updated_at), soci::use(id);
}

void sign_opinion(db::Tx& tx, std::int64_t id, const std::string& digest, std::int64_t user_id, const std::string& at) {
  long long key = id, user = user_id;
  tx.sql() << "UPDATE opinions SET status = 'signed', digest = :d, signed_by_user_id = :u, signed_at = :at, "
              "updated_at = :at2 WHERE id = :id AND status = 'draft'",
      soci::use(digest), soci::use(user), soci::use(at), soci::use(at), soci::use(key);
}

std::optional<OpinionRow> find_opinion(db::Tx& tx, std::int64_t id) {
  auto found = opinions_where(tx, "id = :a AND :b = 0", id, 0);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<OpinionRow> find_opinion_of(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id) {
  auto found = opinions_where(tx, "panel_id = :a AND expert_id = :b", panel_id, expert_id);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<OpinionRow> list_opinions(db::Tx& tx, std::int64_t panel_id) {
  return opinions_where(tx, "panel_id = :a AND :b = 0", panel_id, 0);
}

// ---------------------------------------------------------------- Delphi

std::int64_t insert_study(db::Tx& tx, const DelphiStudy& s, std::int64_t created_by) {
  long long id = 0, panel = s.panel_id.value_or(0), by = created_by;
  soci::indicator pi = s.panel_id ? soci::i_ok : soci::i_null;
  std::string items = items_json(s.items).dump(), experts = json(s.expert_ids).dump();
  int max_rounds = s.max_rounds;
  tx.sql() << "INSERT INTO delphi_studies (panel_id, title, items_json, expert_ids_json, max_rounds, status, "
              "created_by_user_id, created_at) VALUES (:p, :t, :i, :e, :m, 'open', :b, :at) RETURNING id",
      soci::use(panel, pi), soci::use(s.title), soci::use(items), soci::use(experts), soci::use(max_rounds),
      soci::use(by), soci::use(s.created_at), soci::into(id);
  for (auto expert : s.expert_ids) {
    long long e = expert;
    tx.sql() << "INSERT INTO delphi_study_experts (study_id, expert_id) VALUES (:s, :e)", soci::use(id), soci::use(e);
  }
  return id;
}

std::optional<DelphiStudy> find_study(db::Tx& tx, std::int64_t id) {
  return study_where(tx, "id = :k", id);
}

std::optional<DelphiStudy> find_study_of_panel(db::Tx& tx, std::int64_t panel_id) {
  return study_where(tx, "panel_id = :k", panel_id);
}

void set_study_status(db::Tx& tx, std::int64_t id, const std::string& status) {
  long long key = id;
  tx.sql() << "UPDATE delphi_studies SET status = :s WHERE id = :id", soci::use(status), soci::use(key);
}

void set_study_experts(db::Tx& tx, std::int64_t id, const std::vector<std::int64_t>& expert_ids) {
  long long key = id;
  std::string ids = json(expert_ids).dump();
  tx.sql() << "UPDATE delphi_studies SET expert_ids_json = :e WHERE id = :id", soci::use(ids), soci::use(key);
  tx.sql() << "DELETE FROM delphi_study_experts WHERE study_id = :id", soci::use(key);
  for (auto expert : expert_ids) {
    long long e = expert;
    tx.sql() << "INSERT INTO delphi_study_experts (study_id, expert_id) VALUES (:s, :e)", soci::use(key), soci::use(e);
  }
}

std::int64_t insert_round(db::Tx& tx, std::int64_t study_id, int round_number, const std::string& at) {
  long long id = 0, study = study_id;
  tx.sql() << "INSERT INTO delphi_rounds (study_id, round_number, status, opened_at, consensus) "
              "VALUES (:s, :n, 'open', :at, 0) RETURNING id",
      soci::use(study), soci::use(round_number), soci::use(at), soci::into(id);
  return id;
}

std::optional<DelphiRound> find_round(db::Tx& tx, std::int64_t id) {
  auto found = rounds_where(tx, "WHERE r.id = :a AND :b = 0", id, 0, 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<DelphiRound> rounds_of(db::Tx& tx, std::int64_t study_id) {
  auto out = rounds_where(tx, "WHERE r.study_id = :a AND :b = 0", study_id, 0, 1000);
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<DelphiRound> rounds_for_expert(db::Tx& tx, std::int64_t expert_id, std::int64_t after_id, int limit) {
  return rounds_where(
      tx, "WHERE r.study_id IN (SELECT study_id FROM delphi_study_experts WHERE expert_id = :a) AND r.id < :b",
      expert_id, db::before_or_max(after_id), limit);
}

std::vector<DelphiRound> list_rounds(db::Tx& tx, std::int64_t after_id, int limit) {
  return rounds_where(tx, "WHERE r.id < :a AND :b = 0", db::before_or_max(after_id), 0, limit);
}

void close_round(db::Tx& tx, std::int64_t id, const std::string& statistics_json, bool consensus,
                 const std::string& at) {
  long long key = id;
  int c = consensus ? 1 : 0;
  tx.sql() << "UPDATE delphi_rounds SET status = 'closed', statistics_json = :s, consensus = :c, closed_at = :at "
              "WHERE id = :id AND status = 'open'",
      soci::use(statistics_json), soci::use(c), soci::use(at), soci::use(key);
}

void insert_response(db::Tx& tx, std::int64_t round_id, std::int64_t expert_id, const std::string& answers_enc,
                     const std::string& at) {
  long long r = round_id, e = expert_id;
  tx.sql() << "INSERT INTO delphi_responses (round_id, expert_id, answers_enc, submitted_at) VALUES (:r, :e, :a, :at)",
      soci::use(r), soci::use(e), soci::use(answers_enc), soci::use(at);
}

std::vector<ResponseRow> responses_of(db::Tx& tx, std::int64_t round_id) {
  long long r = round_id;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT expert_id, answers_enc FROM delphi_responses WHERE round_id = :r ORDER BY id",
       soci::use(r));
  std::vector<ResponseRow> out;
  for (const auto& row : rows) out.push_back({db::int64_at(row, 0), row.get<std::string>(1)});
  return out;
}

bool user_on_case_panel(db::Tx& tx, std::int64_t case_id, std::int64_t user_id) {
  long long c = case_id, u = user_id;
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM panel_members m JOIN panels p ON p.id = m.panel_id "
              "JOIN experts e ON e.id = m.expert_id "
              "WHERE p.case_id = :c AND e.user_id = :u AND m.status = 'active' AND p.status = 'active'",
      soci::use(c), soci::use(u), soci::into(n);
  return n > 0;
}

}  // namespace medrisk::appraisal::store
