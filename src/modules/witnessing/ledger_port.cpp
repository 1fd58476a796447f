// The platform ledger (platform/ledger) behind witnessing's RecordLedger port: a sealed record's
// canonical form becomes a leaf of kind "witnessing.record"; a tree head covering it is signed by the
// ledger's periodic job, or when the public page asks for a proof before that.
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
