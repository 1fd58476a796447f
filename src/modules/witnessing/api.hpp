// The witnessing module's public surface: pre-operative consent-talk witnessing (术前谈话见证). A
// surgeon records the talk from a procedure template, the patient acknowledges each risk and signs,
// and when both have signed the record's canonical form is sealed into the platform's append-only
// Merkle ledger; a public page verifies it from the certificate's QR code. Every change is audited.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/consent/api.hpp"
#include "modules/insurance/api.hpp"
#include "modules/witnessing/model.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/registry.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::ledger {
class Ledger;
}

namespace medrisk::witnessing {

inline constexpr int kMaxPageSize = 100;
inline constexpr const char* kLedgerKind = "witnessing.record";  // the leaves' kind in the platform ledger
// Signatures committed together (group commit): concurrent signatures — most of them the second one, which
// seals — are written by one writer in one transaction, with one ledger batch and one signed tree head.
inline constexpr std::size_t kMaxSigningGroup = 256;

// Where sealed records go (a port: the platform ledger behind it, wired in module.cpp).
class RecordLedger {
 public:
  virtual ~RecordLedger() = default;
  // Appends the canonical form in the caller's transaction; returns the leaf index.
  virtual std::int64_t append(db::Tx& tx, const std::string& subject_id, const std::string& canonical) = 0;
  // Several records at once (one look-up of the tree's right edge): what a sealing group uses. Returns the
  // leaf indexes in order.
  struct Entry {
    std::string subject_id, canonical;
  };
  virtual std::vector<std::int64_t> append_batch(db::Tx& tx, const std::vector<Entry>& entries) {
    std::vector<std::int64_t> out;
    for (const auto& e : entries) out.push_back(append(tx, e.subject_id, e.canonical));
    return out;
  }
  // Signs a tree head in the caller's transaction, covering what it appended (each sealing group ends with
  // one, so a sealed record has its proof at once and the audit entries of the group are anchored). The
  // ledger's signing job copies it to the heads file outside the database within a second, with the others.
  virtual void sign_head(db::Tx&) {}
  // The inclusion proof of a leaf against the newest signed tree head, as the public page checks it:
  // {leaf_index, leaf_hash, tree_size, root_hash, path:[hex…], tree_head:{…, signature, public_key}}.
  virtual std::optional<nlohmann::json> proof(db::Tx& tx, std::int64_t leaf_index) = 0;
  // Outside any transaction: signs a tree head when leaves were appended since the newest one (the
  // public view calls it when no signed head covers the record yet).
  virtual void sign_pending() {}
};

// The platform ledger behind the port (ledger_port.cpp): appends a leaf of kind kLedgerKind in the sealing
// transaction; heads are signed by the ledger's periodic job, or at once when a proof needs one; the proof
// is ledger::proof_bundle (leaf, audit path, signed head, Ed25519 public key).
std::unique_ptr<RecordLedger> record_ledger(ledger::Ledger& ledger);

struct NewRecord {
  std::string procedure_code;
  Date procedure_date;
  std::string patient_name, patient_phone;
  std::optional<std::string> representative_name, representative_relationship;
  std::vector<QuestionAnswer> questions;
  std::vector<std::string> alternatives;
};

struct Content {  // what the surgeon may change before anyone signed
  std::vector<QuestionAnswer> questions;
  std::vector<std::string> alternatives;
};

// How the caller relates to a record: its surgeon, a colleague or officer of the institution, the patient,
// or a party the patient granted witness records to (consent module: a regulator, an insurer for a claim, a
// mediator…), who reads only, and whose every read is in the patient's access history.
enum class Viewer { surgeon, institution, patient, grantee };

struct RecordView {
  WitnessRecord record;
  Viewer viewer = Viewer::institution;
  std::optional<insurance::SurgicalCover> cover;  // the surgical accident cover bought for this talk
};

struct AttachmentContent {
  Attachment meta;
  std::string bytes;
};

// The public page's view: no personal data beyond initials.
struct PublicView {
  nlohmann::json view;       // procedure, dates, hospital, initials, counts, hash, leaf index, corrected
  std::string canonical;     // the sealed canonical form (hashes to record_hash)
  std::optional<nlohmann::json> proof;
};

struct WitnessingConfig {
  std::filesystem::path attachments_dir = "var/witness-attachments";
};

class WitnessingService {
 public:
  WitnessingService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, Templates templates,
                    WitnessingConfig config = {});

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();
  void set_ledger(RecordLedger* ledger) { ledger_ = ledger; }
  // data/documents/ (witness_certificate); throws when the template is missing.
  void set_documents(documents::DocumentSet set);
  const Templates& templates() const { return templates_; }
  // The insurance module, for the surgical accident cover bought in the same flow (module.cpp).
  void set_insurance(insurance::InsuranceService* insurance) { insurance_ = insurance; }
  // The consent module (module.cpp): other parties read a record with a live grant of the patient's.
  void set_consent(const consent::ConsentService* consent) { consent_ = consent; }
  const insurance::Product* cover_product() const { return insurance_ ? insurance_->surgical_product() : nullptr; }

  Result<RecordView> create(const RequestContext& ctx, const NewRecord& r);  // a clinician (witness.record)
  Result<RecordView> get(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<WitnessRecord>> list(const RequestContext& ctx, std::int64_t after_id, int limit);
  Result<RecordView> update_content(const RequestContext& ctx, std::int64_t id, const Content& c);
  Result<RecordView> acknowledge(const RequestContext& ctx, std::int64_t id, const std::string& risk_key);
  // Each party signs once; the second signature seals the record into the ledger in the same transaction.
  // Concurrent calls are queued and written by one writer thread in one transaction per group (each call
  // still gets its own checks, its own answer or refusal, and its answer only after the commit); the
  // writer starts with the first call; after stop_group_commit() each call is its own transaction.
  Result<RecordView> sign(const RequestContext& ctx, std::int64_t id, const std::string& signature_text);
  void start_group_commit();
  void stop_group_commit();
  ~WitnessingService();
  // A correction of a sealed record: a new draft with the old one's content; sealing it marks the old corrected.
  Result<RecordView> correct(const RequestContext& ctx, std::int64_t id);
  Result<Attachment> upload(const RequestContext& ctx, std::int64_t id, const std::string& file_name,
                            const std::string& content_type, const std::string& bytes);
  Result<AttachmentContent> download(const RequestContext& ctx, std::int64_t id, std::int64_t attachment_id);
  Result<documents::IssuedDocument> certificate(const RequestContext& ctx, std::int64_t id);
  // The patient buys the surgical accident cover for the talk's procedure, strictly before its date
  // (insurance decides: surgical_cover_after_procedure_date, surgical_cover_already_bought, …).
  Result<insurance::SurgicalCover> buy_cover(const RequestContext& ctx, std::int64_t id);
  // No login: a sealed record by its public id (404 for anything else).
  Result<PublicView> public_view(const std::string& public_id);

 private:
  // with_consent: a party the patient granted witness records may read (the caller's transaction must then
  // be a write one: the read is logged); every change loads without.
  // personal_enc, when given, receives the row's ciphertext of the personal part (the record's version).
  Result<RecordView> load(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool with_consent = false,
                          std::string* personal_enc = nullptr);
  bool granted_read(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id, std::int64_t id);
  WitnessRecord decrypt(db::Tx& tx, WitnessRecord r, const std::string& personal_enc) const;
  std::string encrypt_personal(const Personal& p) const;
  Result<RecordView> save(db::Tx& tx, const RequestContext& ctx, RecordView v, const std::string& action,
                          const nlohmann::json& details);
  Result<WitnessRecord> insert(db::Tx& tx, const RequestContext& ctx, WitnessRecord r);
  // A seal worked out before the write: the record with both signatures, its canonical form and hash, the
  // re-encrypted personal part, the audit entry's two views (the leaf index is filled in by the writer).
  // `read_personal_enc` is the ciphertext the record had when read: a fresh nonce on every change of a
  // draft makes it the record's version, so the seal writes only over exactly what was read.
  struct Sealing {
    RecordView v;
    nlohmann::json before, after;
    std::string canonical, hash, at, personal_enc, read_personal_enc, risks_json;
  };
  struct PendingSignature {
    const RequestContext* ctx;
    std::int64_t id;
    std::string text;
    std::optional<Result<RecordView>> result;
    std::exception_ptr error;
    std::optional<Sealing> prepared;  // worked out in the caller's thread (sign() with group commit)
    std::binary_semaphore done{0};    // released by the writer once the group committed (or failed)
  };
  // The seal a record signed by both parties makes (`before`: its audit view before the second signature).
  Sealing seal_of(const RequestContext& ctx, RecordView v, nlohmann::json before, std::string read_personal_enc) const;
  // In the caller's thread, from a read transaction: the refusal, the seal to write, or nullopt for a first
  // signature (written by the writer as a change of the draft).
  Result<std::optional<Sealing>> prepare_seal(const RequestContext& ctx, std::int64_t id, const std::string& text);
  // One transaction for the group: each signature checked and applied, the seals' canonical forms
  // appended to the ledger in one batch, one audit entry per record, one signed tree head.
  void sign_group(const std::vector<PendingSignature*>& group);
  void writer_loop();

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  Templates templates_;
  WitnessingConfig config_;
  RecordLedger* ledger_ = nullptr;
  insurance::InsuranceService* insurance_ = nullptr;
  const consent::ConsentService* consent_ = nullptr;
  documents::DocumentSet pdf_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;  // wakes the writer: a signature queued, or stopping
  std::vector<PendingSignature*> queue_;
  bool group_commit_ = false, stopping_ = false, writer_started_ = false;
  std::thread writer_;
};

// data/witnessing/procedures.json.
Templates load_templates(const std::filesystem::path& dir);

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::witnessing
