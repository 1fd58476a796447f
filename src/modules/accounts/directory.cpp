// The accounts directory (see directory.hpp): named, parameterized reads of accounts' own tables.
#include "modules/accounts/directory.hpp"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <utility>

#include "modules/accounts/store.hpp"
#include "platform/db/cached.hpp"
#include "platform/db/rows.hpp"

namespace medrisk::accounts {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 11> kRoles{{
    {Role::platform_admin, "platform_admin"},
    {Role::medical_officer, "medical_officer"},
    {Role::clinician, "clinician"},
    {Role::patient, "patient"},
    {Role::underwriter, "underwriter"},
    {Role::adjuster, "adjuster"},
    {Role::actuary, "actuary"},
    {Role::mediator, "mediator"},
    {Role::lawyer, "lawyer"},
    {Role::expert, "expert"},
    {Role::regulator, "regulator"},
}};
constexpr std::array<std::pair<OrganizationKind, std::string_view>, 7> kKinds{{
    {OrganizationKind::platform, "platform"},
    {OrganizationKind::medical_institution, "medical_institution"},
    {OrganizationKind::insurer, "insurer"},
    {OrganizationKind::mediation_committee, "mediation_committee"},
    {OrganizationKind::legal_aid, "legal_aid"},
    {OrganizationKind::appraisal_pool, "appraisal_pool"},
    {OrganizationKind::regulator, "regulator"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return {};
}
template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [e, name] : table)
    if (name == text) return e;
  return std::nullopt;
}

// One statement per chunk of ids (`table`'s id and `column`), not one per id: lists show a name per row.
std::map<std::int64_t, std::string> names_by_id(db::Tx& tx, const char* table, const char* column,
                                               const std::vector<std::int64_t>& ids) {
  constexpr std::size_t kChunk = 100;
  std::vector<long long> unique(ids.begin(), ids.end());
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::map<std::int64_t, std::string> out;
  for (std::size_t from = 0; from < unique.size(); from += kChunk) {
    std::size_t n = std::min(kChunk, unique.size() - from);
    std::string sql = std::string("SELECT id, ") + column + " FROM " + table + " WHERE id IN (";
    for (std::size_t i = 0; i < n; ++i) sql += (i ? ", :i" : ":i") + std::to_string(i);
    sql += ")";
    long long id = 0;
    std::string name;
    db::for_each_bound(
        tx, sql,
        [&](soci::statement& st) {
          for (std::size_t i = 0; i < n; ++i) st.exchange(soci::use(unique[from + i]));
          st.exchange(soci::into(id));
          st.exchange(soci::into(name));
        },
        [&] { out[id] = name; });
  }
  return out;
}

std::vector<std::int64_t> ids_of(soci::rowset<soci::row>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(db::int64_at(r, 0));
  return out;
}

}  // namespace

std::string_view to_string(Role r) {
  return name_of(kRoles, r);
}
std::optional<Role> role_from_string(std::string_view text) {
  return value_of(kRoles, text);
}
std::string_view to_string(OrganizationKind k) {
  return name_of(kKinds, k);
}
std::optional<OrganizationKind> organization_kind_from_string(std::string_view text) {
  return value_of(kKinds, text);
}

namespace directory {

std::optional<Organization> organization(db::Tx& tx, OrganizationId id) {
  return store::find_organization(tx, id.value);
}

std::map<std::int64_t, std::string> organization_names(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  return names_by_id(tx, "organizations", "name", ids);
}

std::vector<Organization> organizations_of_kind(db::Tx& tx, OrganizationKind kind, std::int64_t after_id, int limit) {
  return store::organizations_of_kind(tx, std::string(to_string(kind)), after_id, limit);
}

std::optional<std::int64_t> serving_organization(db::Tx& tx, OrganizationKind kind, const std::string& region_code) {
  std::string province = region_code.substr(0, 2) + "%", k(to_string(kind));
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT id FROM organizations WHERE kind = :k AND region_code LIKE :p "
                           "ORDER BY CASE WHEN region_code = :r THEN 0 ELSE 1 END, id LIMIT 1",
       soci::use(k), soci::use(province), soci::use(region_code));
  for (const auto& r : rows) return db::int64_at(r, 0);
  return std::nullopt;
}

std::optional<User> user(db::Tx& tx, UserId id) {
  auto row = store::find_user(tx, id.value);
  if (!row) return std::nullopt;
  return row->user;
}

std::map<std::int64_t, std::string> display_names(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  return names_by_id(tx, "users", "display_name", ids);
}

bool has_role(db::Tx& tx, UserId id, Role role) {
  long long u = id.value;
  std::string r(to_string(role));
  int n = 0;
  tx.sql() << "SELECT COUNT(*) FROM user_roles WHERE user_id = :u AND role = :r", soci::use(u), soci::use(r),
      soci::into(n);
  return n > 0;
}

std::vector<std::int64_t> members_with_role(db::Tx& tx, OrganizationId org, Role role, int limit) {
  long long o = org.value;
  std::string r(to_string(role));
  int l = std::min(limit, kMaxMembers);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare
           << "SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
              "WHERE u.organization_id = :o AND ur.role = :r AND u.status = 'active' ORDER BY u.id LIMIT :l",
       soci::use(o), soci::use(r), soci::use(l));
  return ids_of(rows);
}

std::vector<std::int64_t> users_with_role_in_region(db::Tx& tx, Role role, OrganizationKind kind,
                                                    const std::string& region_prefix, int limit) {
  std::string r(to_string(role)), k(to_string(kind)), prefix = region_prefix + "%";
  int l = std::min(limit, kMaxMembers);
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id "
                           "JOIN organizations g ON g.id = u.organization_id WHERE ur.role = :r AND g.kind = :k "
                           "AND g.region_code LIKE :p AND u.status = 'active' ORDER BY u.id LIMIT :l",
       soci::use(r), soci::use(k), soci::use(prefix), soci::use(l));
  return ids_of(rows);
}

std::vector<std::string> staff_names(db::Tx& tx, OrganizationId org, int limit) {
  long long o = org.value;
  int l = std::min(limit, kMaxMembers);
  soci::rowset<std::string> rows =
      (tx.sql().prepare << "SELECT display_name FROM users WHERE organization_id = :o AND status = 'active' "
                           "ORDER BY id LIMIT :l",
       soci::use(o), soci::use(l));
  return {rows.begin(), rows.end()};
}

std::optional<std::string> phone_index(db::Tx& tx, UserId id) {
  long long u = id.value;
  std::string index;
  soci::indicator i = soci::i_null;
  tx.sql() << "SELECT phone_index FROM users WHERE id = :u", soci::use(u), soci::into(index, i);
  if (!tx.sql().got_data() || i != soci::i_ok) return std::nullopt;
  return index;
}

}  // namespace directory
}  // namespace medrisk::accounts
