// `medrisk ledger verify` and `medrisk ledger prove` (platform/ledger): the operator's and the auditor's
// view of the verifiable ledger. Readers: they take no writer lock.
#include <iostream>

#include "app/commands.hpp"
#include "platform/ledger/anchoring.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::app {

void add_ledger_commands(CLI::App& cli, Settings& settings, int& exit_code) {
  auto* cmd = cli.add_subcommand("ledger", "Verifiable ledger (Merkle tree with signed tree heads)")->require_subcommand(1);
  cmd->add_subcommand("verify",
                      "Recompute every leaf hash, stored subtree and tree head root, check every head's signature "
                      "and the consistency of consecutive heads; compare the heads file with the database")
      ->callback([&] {
        crypto::init();
        auto db = open_and_migrate(settings, 2);
        auto keys = crypto::KeyRing::load(settings.keys_path);
        auto v = ledger::verify_ledger(*db, keys, ledger_options(settings, *db));
        if (v.ok) {
          std::cout << "ledger intact: " << v.leaves << " leaves, " << v.heads << " signed tree heads" << std::endl;
          for (const auto& n : ledger::restore_notes(keys, ledger_options(settings, *db))) std::cout << "  " << n << std::endl;
          return;
        }
        std::cout << "ledger BROKEN:" << std::endl;
        for (const auto& f : v.findings) std::cout << "  " << f.what << std::endl;
        exit_code = 3;
      });
  auto record = std::make_shared<std::string>();
  auto kind = std::make_shared<std::string>();
  auto leaf = std::make_shared<std::int64_t>(-1);
  auto* prove = cmd->add_subcommand(
      "prove", "Print a proof (JSON) that a record is in the ledger: leaf data and hash, audit path, the signed "
               "tree head and its public key — check it with tools/verify_ledger_proof.py");
  prove->add_option("--record", *record, "the record's subject id (e.g. case:12), its newest leaf");
  prove->add_option("--kind", *kind, "with --record: the leaf kind (e.g. disputes.record_sealing)");
  prove->add_option("--leaf", *leaf, "leaf index")->check(CLI::NonNegativeNumber);
  prove->callback([&, record, kind, leaf] {
    crypto::init();
    auto db = open_and_migrate(settings, 2);
    auto keys = crypto::KeyRing::load(settings.keys_path);
    SystemClock clock;
    ledger::Ledger l(*db, keys, clock, ledger_options(settings, *db));
    // The newest head must cover the leaf: sign one now if the tree moved since.
    if (keys.has_ledger_key()) l.sign_if_changed();
    auto out = db->read([&](db::Tx& tx) -> Result<nlohmann::json> {
      std::uint64_t index = 0;
      if (*leaf >= 0) {
        index = static_cast<std::uint64_t>(*leaf);
      } else if (!record->empty()) {
        auto found = l.find_leaf(tx, *kind, *record);  // no --kind: the subject's newest leaf of any kind
        if (!found) return err(ledger::kLeafNotFound, *record);
        index = found->index;
      } else {
        return err("request_invalid", "give --record or --leaf");
      }
      return ledger::proof_bundle(l, tx, index);
    });
    if (!out.ok()) {
      std::cerr << "refused: " << out.error().code << (out.error().detail.empty() ? "" : " (" + out.error().detail + ")")
                << std::endl;
      exit_code = 2;
      return;
    }
    std::cout << out->dump(2) << std::endl;
  });
}

}  // namespace medrisk::app
