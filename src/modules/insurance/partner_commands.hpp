// `medrisk partner-key create --org ID | list --org ID | revoke KEY_ID`: the operator's commands for a
// hospital system's API key (the secret is printed once). Registered by src/app/main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"

namespace medrisk::insurance {

struct PartnerCommandEnv {
  std::function<std::unique_ptr<db::Database>()> open_database;  // migrated
  std::function<crypto::KeyRing()> load_keys;
};

void add_partner_key_commands(CLI::App& cli, PartnerCommandEnv env, int& exit_code);

}  // namespace medrisk::insurance
