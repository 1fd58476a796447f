// Accounts vocabulary: organizations of the seven kinds, users with roles, sessions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medrisk::accounts {

struct Organization {
  std::int64_t id = 0;
  std::string name;
  std::string kind;         // platform, medical_institution, insurer, mediation_committee, legal_aid, appraisal_pool, regulator
  std::string region_code;  // GB/T 2260, six digits
  std::optional<std::string> category;  // institutions: general, specialist, tcm, maternal_child, primary, private
  std::optional<std::string> grade;     // institutions: 3A, 3B, 3C, 2A, 2B, 2C, 1A, 1B, 1C, ungraded
  std::string created_at;
  std::optional<std::string> uscc;  // 统一社会信用代码 (GB 32100-2015)
};

struct User {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::optional<std::int64_t> organization_id;
  std::vector<std::string> roles;
  std::string status = "active";  // active, disabled
  std::string created_at;
};

struct NewOrganization {
  std::string name, kind, region_code;
  std::optional<std::string> category, grade;
  std::optional<std::string> uscc;  // 统一社会信用代码 (GB 32100-2015), 18 characters, check character verified
};

struct NewUser {
  std::string username, display_name, password;
  std::vector<std::string> roles;
  std::optional<std::int64_t> organization_id;
  std::optional<std::string> phone;
};

// PATCH /users/{id}: a role change and/or (de)activation; what is absent stays as it is.
struct UserChange {
  std::optional<std::vector<std::string>> roles;
  std::optional<std::string> status;  // active, disabled
};

struct SessionGrant {
  std::string token;  // shown once; only its SHA-256 is stored
  std::string expires_at;
  User user;
  std::optional<Organization> organization;
  std::vector<std::string> permissions;
};

struct Me {
  User user;
  std::optional<Organization> organization;
  std::vector<std::string> permissions;
};

}  // namespace medrisk::accounts
