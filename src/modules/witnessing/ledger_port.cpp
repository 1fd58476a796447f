// The platform ledger (platform/ledger) behind witnessing's RecordLedger port: a sealed record's
// canonical form becomes a leaf of kind "witnessing.record"; each signing group appends its seals in one
// batch and signs a tree head covering them in the same transaction.
#include "modules/witnessing/api.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::witnessing {
namespace {

class PlatformLedger final : public RecordLedger {
 public:
  explicit PlatformLedger(ledger::Ledger& l) : ledger_(l) {}
  std::int64_t append(db::Tx& tx, const std::string& subject_id, const std::string& canonical) override {
    auto ref = ledger_.append(tx, kLedgerKind, subject_id, canonical);
    return static_cast<std::int64_t>(ref.index);
  }
  std::vector<std::int64_t> append_batch(db::Tx& tx, const std::vector<Entry>& entries) override {
    std::vector<ledger::Ledger::NewLeaf> leaves;
    leaves.reserve(entries.size());
    for (const auto& e : entries) leaves.push_back({kLedgerKind, e.subject_id, e.canonical});
    std::vector<std::int64_t> out;
    for (const auto& ref : ledger_.append_batch(tx, leaves)) out.push_back(static_cast<std::int64_t>(ref.index));
    return out;
  }
  void sign_head(db::Tx& tx) override { ledger_.sign_head(tx); }
  std::optional<nlohmann::json> proof(db::Tx& tx, std::int64_t leaf_index) override {
    auto bundle = ledger::proof_bundle(ledger_, tx, static_cast<std::uint64_t>(leaf_index));
    if (!bundle.ok()) return std::nullopt;
    return *bundle;
  }
  void sign_pending() override { ledger_.sign_if_changed(); }

 private:
  ledger::Ledger& ledger_;
};

}  // namespace

std::unique_ptr<RecordLedger> record_ledger(ledger::Ledger& l) { return std::make_unique<PlatformLedger>(l); }

}  // namespace medrisk::witnessing
