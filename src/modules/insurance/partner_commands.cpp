// The partner-key commands (see partner_commands.hpp). They act as "system" and are audited.
#include "modules/insurance/partner_commands.hpp"

#include <iostream>

#include "kernel/clock.hpp"
#include "modules/insurance/visit_api.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::insurance {
namespace {

struct Options {
  std::int64_t organization_id = 0;
  std::string key_id;
};

int create(const PartnerCommandEnv& env, std::int64_t org) {
  crypto::init();
  auto db = env.open_database();
  auto keys = env.load_keys();
  SystemClock clock;
  VisitPolicyService service(*db, keys, clock, VisitProduct{});
  auto k = service.create_partner_key_as_system(org);
  if (!k.ok()) {
    std::cerr << "refused: " << k.error().code << std::endl;
    return 2;
  }
  std::cout << "key_id " << k->key.key_id << "\nsecret " << k->secret
            << "\n(the secret is shown only now: give it to the hospital's system over a secure channel)" << std::endl;
  return 0;
}

int revoke(const PartnerCommandEnv& env, const std::string& key_id) {
  crypto::init();
  auto db = env.open_database();
  auto keys = env.load_keys();
  SystemClock clock;
  VisitPolicyService service(*db, keys, clock, VisitProduct{});
  auto s = service.revoke_partner_key_as_system(key_id);
  if (!s.ok()) {
    std::cerr << "refused: " << s.error().code << std::endl;
    return 2;
  }
  std::cout << "revoked " << key_id << std::endl;
  return 0;
}

}  // namespace

void add_partner_key_commands(CLI::App& cli, PartnerCommandEnv env, int& exit_code) {
  auto shared = std::make_shared<PartnerCommandEnv>(std::move(env));
  auto opt = std::make_shared<Options>();
  auto* cmd = cli.add_subcommand("partner-key", "API keys of hospital systems (signed partner API)")->require_subcommand(1);
  auto* c = cmd->add_subcommand("create", "Create a key for a medical institution and print its secret once");
  c->add_option("--org", opt->organization_id, "organization id")->required();
  c->callback([shared, opt, &exit_code] { exit_code = create(*shared, opt->organization_id); });
  auto* r = cmd->add_subcommand("revoke", "Revoke a key: its signatures are refused from then on");
  r->add_option("key_id", opt->key_id, "the key id (mk_…)")->required();
  r->callback([shared, opt, &exit_code] { exit_code = revoke(*shared, opt->key_id); });
}

}  // namespace medrisk::insurance
