// How the audit chain is anchored in the ledger's signed tree heads over time (README.md of this folder):
// the maximum merge delay of the signing job, and the restore marker `medrisk restore` writes to the heads
// file so that an in-place SQLite restore verifies.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/clock.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::ledger {

// The ledger's maximum merge delay (RFC 6962 §3, "MMD"), for the audit chain: `serve` signs a tree head
// carrying the audit chain's head every kSigningInterval when anything moved (and at start-up, at shutdown,
// and in the commit of each witnessing signing group), so an audit entry is covered by a signed head — in
// the database and in the heads file beside the key file — at most kMaximumMergeDelay after its commit.
// Only entries younger than that can be removed (with audit_head rewritten) without `audit verify` noticing;
// everything older is anchored. The bound assumes the signing job runs (`--no-jobs` nodes leave it to the
// node that runs jobs; `--jobs-every` replaces the interval).
inline constexpr std::chrono::milliseconds kSigningInterval{1000};
inline constexpr std::chrono::milliseconds kMaximumMergeDelay{2000};  // interval + the signing transaction, with slack

// `medrisk restore` (a SQLite backup put in place of the database): appends to the heads file a marker
// signed with the key file's ledger key, naming the restored database's newest signed head and audit chain
// head, the time and the backup (its manifest). Verification then sets aside this database's heads newer
// than that head written before the marker (the replaced timeline) and checks everything else as before:
// heads up to the restore point must match the database, heads after the marker too, and a marker that
// does not verify or names a head the database does not hold is a finding. Returns false (and writes
// nothing) when there is no heads file or no ledger key.
struct RestoredBackup {
  std::string file, sha256, created_at;
  nlohmann::json audit;  // the manifest's audit head
};
bool mark_restore(db::Database& restored, const crypto::KeyRing& keys, const LedgerOptions& options,
                  const RestoredBackup& backup, Timestamp at);

// What the heads file's valid restore markers set aside, one line each ("restore of F at T: N newer head(s)
// of the replaced database set aside"), for the verify commands to print.
std::vector<std::string> restore_notes(const crypto::KeyRing& keys, const LedgerOptions& options);

}  // namespace medrisk::ledger
