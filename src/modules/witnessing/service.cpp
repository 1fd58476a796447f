// Witnessing use cases (see api.hpp). Order in every change: authorize → transaction → rules →
// store + audit; the second signature seals the record into the ledger in the same transaction.
#include "modules/witnessing/api.hpp"

#include <fstream>
#include <set>
#include <stdexcept>

#include "kernel/json.hpp"
#include "modules/accounts/api.hpp"
#include "modules/witnessing/errors.hpp"
#include "modules/witnessing/rules.hpp"
#include "modules/witnessing/store.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/files.hpp"

namespace medrisk::witnessing {
namespace {

using nlohmann::json;

constexpr std::string_view kPersonalAad = "witness_records.personal_enc";
constexpr std::string_view kAttachmentAad = "witness_attachments.content";

json signature_json(const std::optional<Signature>& s) {
  if (!s) return nullptr;
  return {{"text", s->text}, {"signed_at", s->signed_at}, {"user_id", s->user_id}, {"session_digest", s->session_digest}};
}

std::optional<Signature> signature_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return Signature{j.at("text"), j.at("signed_at"), j.at("user_id"), j.at("session_digest")};
}

json personal_json(const Personal& p) {
  json qs = json::array();
  for (const auto& q : p.questions) qs.push_back({{"question", q.question}, {"answer", q.answer}});
  return {{"patient_name", p.patient_name},
          {"patient_phone", p.patient_phone},
          {"representative_name", p.representative_name ? json(*p.representative_name) : json(nullptr)},
          {"representative_relationship",
           p.representative_relationship ? json(*p.representative_relationship) : json(nullptr)},
          {"questions", qs},
          {"alternatives", p.alternatives},
          {"surgeon_signature", signature_json(p.surgeon_signature)},
          {"patient_signature", signature_json(p.patient_signature)},
          {"salt", p.salt}};
}

Personal personal_of(const json& j) {
  Personal p;
  p.patient_name = j.at("patient_name");
  p.patient_phone = j.at("patient_phone");
  if (!j.at("representative_name").is_null()) p.representative_name = j.at("representative_name").get<std::string>();
  if (!j.at("representative_relationship").is_null())
    p.representative_relationship = j.at("representative_relationship").get<std::string>();
  for (const auto& q : j.at("questions")) p.questions.push_back({q.at("question"), q.at("answer")});
  p.alternatives = j.at("alternatives").get<std::vector<std::string>>();
  p.surgeon_signature = signature_of(j.at("surgeon_signature"));
  p.patient_signature = signature_of(j.at("patient_signature"));
  p.salt = j.at("salt");
  return p;
}

// What the audit log keeps of a record: no personal field (only the personal digest).
json audit_view(const WitnessRecord& r, const std::string& digest_of_personal) {
  return {{"public_id", r.public_id},
          {"procedure_code", r.procedure_code},
          {"procedure_date", r.procedure_date.to_string()},
          {"stage", stage(r)},
          {"acknowledged", acknowledged_count(r)},
          {"risks", r.risks.size()},
          {"questions", r.personal.questions.size()},
          {"alternatives", r.personal.alternatives.size()},
          {"attachments", r.attachments.size()},
          {"personal_digest", digest_of_personal},
          {"record_hash", r.record_hash ? json(*r.record_hash) : json(nullptr)},
          {"leaf_index", r.leaf_index ? json(*r.leaf_index) : json(nullptr)}};
}

json audit_view(const WitnessRecord& r) { return audit_view(r, personal_digest(r.personal)); }

Status check_texts(const std::vector<QuestionAnswer>& qs, const std::vector<std::string>& alts) {
  if (qs.size() > kMaxQuestions || alts.size() > kMaxAlternatives)
    return Error::of("request_invalid", "too many questions or alternatives");
  return {};
}

}  // namespace

Templates load_templates(const std::filesystem::path& dir) {
  std::ifstream in(dir / "procedures.json");
  if (!in) throw std::runtime_error("data/witnessing/procedures.json missing");
  return parse_templates(json::parse(in));
}

WitnessingService::WitnessingService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock,
                                     Templates templates, WitnessingConfig config)
    : db_(db), keys_(keys), clock_(clock), templates_(std::move(templates)), config_(std::move(config)) {}

std::vector<db::Migration> WitnessingService::migrations() { return store::migrations(); }

std::vector<crypto::EncryptedColumn> WitnessingService::encrypted_columns() {
  return {{"witness_records", "id", "personal_enc"}};
}

void WitnessingService::set_documents(documents::DocumentSet set) {
  if (!set.find("witness_certificate")) throw std::runtime_error("data/documents: witness_certificate missing");
  pdf_ = std::move(set);
}

std::string WitnessingService::encrypt_personal(const Personal& p) const {
  return keys_.encrypt(personal_json(p).dump(), kPersonalAad);
}

WitnessRecord WitnessingService::decrypt(db::Tx& tx, WitnessRecord r, const std::string& personal_enc) const {
  r.personal = personal_of(json::parse(keys_.decrypt(personal_enc, kPersonalAad)));
  r.attachments = store::attachments_of(tx, r.id);
  auto org = accounts::directory::organization(tx, accounts::OrganizationId{r.institution_id});
  r.institution_name = org ? org->name : "";
  r.surgeon_name = accounts::directory::display_names(tx, {r.surgeon_user_id})[r.surgeon_user_id];
  return r;
}

// Who may see a record: its surgeon, the institution's clinicians and officers, the patient whose
// registered phone it names, and — reading only — a party holding a live grant of that patient's over
// witness records (the read goes into the patient's access history). Everyone else (other institutions,
// insurers or the regulator without a grant) gets 404, as if it did not exist.
Result<RecordView> WitnessingService::load(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool with_consent,
                                           std::string* personal_enc) {
  auto row = store::find(tx, id);
  if (!row) return err(errors::resource_not_found);
  if (personal_enc) *personal_enc = row->personal_enc;
  const Actor& a = ctx.actor;
  std::optional<Viewer> viewer;
  if (a.user_id == row->record.surgeon_user_id) {
    viewer = Viewer::surgeon;
  } else if ((a.has_role("clinician") || a.has_role("medical_officer")) && a.organization_id == row->record.institution_id) {
    viewer = Viewer::institution;
  } else if (a.has_role("patient")) {
    auto index = accounts::directory::phone_index(tx, accounts::UserId{a.user_id});
    if (index && *index == row->record.patient_phone_index) viewer = Viewer::patient;
  } else if (with_consent) {
    // The patient's account is the one that signed the record (a record the patient has not signed yet
    // cannot have been shared by them).
    WitnessRecord r = decrypt(tx, row->record, row->personal_enc);
    if (r.personal.patient_signature && granted_read(tx, ctx, r.personal.patient_signature->user_id, id)) {
      RecordView v{std::move(r), Viewer::grantee, std::nullopt};
      if (insurance_) v.cover = insurance_->surgical_cover(tx, "witness:" + v.record.public_id);
      return v;
    }
  }
  if (!viewer) return err(errors::resource_not_found);
  RecordView v{decrypt(tx, row->record, row->personal_enc), *viewer, std::nullopt};
  if (insurance_) v.cover = insurance_->surgical_cover(tx, "witness:" + v.record.public_id);
  return v;
}

// The reader's purpose is the one its role reads for (mediator → case handling, adjuster → insurer claim);
// a party whose role reads for none (a regulator) reads under any live grant naming it.
bool WitnessingService::granted_read(db::Tx& tx, const RequestContext& ctx, std::int64_t patient_user_id,
                                     std::int64_t id) {
  if (!consent_) return false;
  const Actor& a = ctx.actor;
  std::vector<std::string> purposes;
  if (auto p = consent_->purpose_for_roles(a.roles)) purposes.push_back(*p);
  else
    for (const auto& p : consent_->purposes().purposes) purposes.push_back(p.id);
  for (const auto& purpose : purposes) {
    consent::GrantQuery q{patient_user_id, std::nullopt, a.user_id, a.organization_id, a.roles, purpose, consent::kWitnessRecords};
    if (consent_->check_and_record(tx, ctx, q, "witnessing", "witness_record:" + std::to_string(id))) return true;
  }
  return false;
}

Result<insurance::SurgicalCover> WitnessingService::buy_cover(const RequestContext& ctx, std::int64_t id) {
  if (!insurance_) return err(errors::witness_cover_unavailable);
  return db_.write([&](db::Tx& tx) -> Result<insurance::SurgicalCover> {
    MEDRISK_TRY(RecordView v, load(tx, ctx, id));
    if (v.viewer != Viewer::patient) return err(errors::witness_not_the_patient);
    insurance::SurgicalCoverRequest r{"witness:" + v.record.public_id, v.record.institution_id, ctx.actor.user_id,
                                      v.record.procedure_code, v.record.procedure_date};
    MEDRISK_TRY(insurance::SurgicalCover c, insurance_->buy_surgical_cover(tx, ctx, r));
    audit::record(tx, ctx, {"witness.cover", "witness_record", std::to_string(id), std::nullopt,
                            json{{"policy_number", c.policy_number}, {"premium_fen", c.premium_fen.fen()}}});
    return c;
  });
}

Result<WitnessRecord> WitnessingService::insert(db::Tx& tx, const RequestContext& ctx, WitnessRecord r) {
  r.public_id = crypto::random_token(12);
  r.personal.salt = crypto::random_token(16);
  r.created_at = r.updated_at = ctx.now().to_iso_utc();
  r.status = "draft";
  r.id = store::insert_record(tx, r, encrypt_personal(r.personal));
  auto row = store::find(tx, r.id);
  WitnessRecord out = decrypt(tx, row->record, row->personal_enc);
  audit::record(tx, ctx, {"witness.create", "witness_record", std::to_string(out.id), std::nullopt, audit_view(out)});
  return out;
}

Result<RecordView> WitnessingService::create(const RequestContext& ctx, const NewRecord& n) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "witness.record"));
  const ProcedureTemplate* t = templates_.find(n.procedure_code);
  if (!t) return err(errors::witness_procedure_unknown, n.procedure_code);
  if (n.procedure_date < ctx.now().shanghai_date()) return err(errors::witness_procedure_date_past);
  if (n.representative_relationship &&
      std::find(relationships().begin(), relationships().end(), *n.representative_relationship) == relationships().end())
    return err(errors::witness_relationship_unknown);
  MEDRISK_CHECK(check_texts(n.questions, n.alternatives));
  MEDRISK_TRY(std::string phone, accounts::normalize_phone(n.patient_phone));
  WitnessRecord r;
  r.institution_id = ctx.actor.organization_id;
  r.surgeon_user_id = ctx.actor.user_id;
  r.procedure_code = t->code;
  r.procedure_name_zh = t->name_zh;
  r.procedure_name_en = t->name_en;
  r.templates_version = templates_.version;
  r.procedure_date = n.procedure_date;
  r.risks = risks_from(*t);
  r.personal.patient_name = n.patient_name;
  r.personal.patient_phone = phone;
  r.personal.representative_name = n.representative_name;
  r.personal.representative_relationship = n.representative_relationship;
  r.personal.questions = n.questions;
  r.personal.alternatives = n.alternatives;
  r.patient_phone_index = keys_.blind_index("phone", phone);
  return db_.write([&](db::Tx& tx) -> Result<RecordView> {
    MEDRISK_TRY(WitnessRecord created, insert(tx, ctx, std::move(r)));
    return RecordView{std::move(created), Viewer::surgeon, std::nullopt};
  });
}

Result<RecordView> WitnessingService::get(const RequestContext& ctx, std::int64_t id) {
  const Actor& a = ctx.actor;
  bool own_side = a.has_role("patient") || a.has_role("clinician") || a.has_role("medical_officer");
  if (own_side || !consent_) return db_.read([&](db::Tx& tx) { return load(tx, ctx, id); });
  // Another party: a write transaction, since a read under a grant writes the access entry with it.
  return db_.write([&](db::Tx& tx) { return load(tx, ctx, id, true); });
}

Result<std::vector<WitnessRecord>> WitnessingService::list(const RequestContext& ctx, std::int64_t after_id, int limit) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<WitnessRecord>> {
    const Actor& a = ctx.actor;
    std::vector<store::Row> rows;
    if ((a.has_role("clinician") || a.has_role("medical_officer")) && a.organization_id != 0) {
      rows = store::list_for_institution(tx, a.organization_id, after_id, limit);
    } else if (a.has_role("patient")) {
      auto index = accounts::directory::phone_index(tx, accounts::UserId{a.user_id});
      if (index) rows = store::list_for_phone_index(tx, *index, after_id, limit);
    } else {
      return accounts::authorize(a, "witness.record").take_error();  // 403: this role has no witness records
    }
    std::vector<WitnessRecord> out;
    for (auto& row : rows) out.push_back(decrypt(tx, row.record, row.personal_enc));
    return out;
  });
}

// A change of a draft (never a seal: the second signature seals, in sign_group).
Result<RecordView> WitnessingService::save(db::Tx& tx, const RequestContext& ctx, RecordView v,
                                           const std::string& action, const json& details) {
  WitnessRecord& r = v.record;
  std::string now = ctx.now().to_iso_utc();
  if (!store::update_draft(tx, r.id, r.risks, encrypt_personal(r.personal), now)) return err(errors::witness_record_sealed);
  r.updated_at = now;
  audit::record(tx, ctx, {action, "witness_record", std::to_string(r.id), details, audit_view(r)});
  return v;
}

Result<RecordView> WitnessingService::update_content(const RequestContext& ctx, std::int64_t id, const Content& c) {
  MEDRISK_CHECK(check_texts(c.questions, c.alternatives));
  return db_.write([&](db::Tx& tx) -> Result<RecordView> {
    MEDRISK_TRY(RecordView v, load(tx, ctx, id));
    if (v.viewer != Viewer::surgeon) return err(errors::witness_not_the_surgeon);
    MEDRISK_CHECK(check_content_editable(v.record));
    json before = audit_view(v.record);
    v.record.personal.questions = c.questions;
    v.record.personal.alternatives = c.alternatives;
    return save(tx, ctx, std::move(v), "witness.update", before);
  });
}

Result<RecordView> WitnessingService::acknowledge(const RequestContext& ctx, std::int64_t id, const std::string& key) {
  return db_.write([&](db::Tx& tx) -> Result<RecordView> {
    MEDRISK_TRY(RecordView v, load(tx, ctx, id));
    if (v.viewer != Viewer::patient) return err(errors::witness_not_the_patient);
    MEDRISK_CHECK(check_acknowledge(v.record, key));
    json before = audit_view(v.record);
    for (auto& r : v.record.risks)
      if (r.key == key) r.acknowledged_at = ctx.now().to_iso_utc();
    before["risk_key"] = key;
    return save(tx, ctx, std::move(v), "witness.acknowledge", before);
  });
}

// ---- signatures, grouped ----

namespace {

// Applies the caller's signature to a loaded record; returns the record's audit view before it.
json apply_signature(const RequestContext& ctx, RecordView& v, const std::string& text) {
  json before = audit_view(v.record);
  Signature s{text, ctx.now().to_iso_utc(), ctx.actor.user_id, session_digest(ctx.actor.session_id, v.record.public_id)};
  (v.viewer == Viewer::surgeon ? v.record.personal.surgeon_signature : v.record.personal.patient_signature) = s;
  return before;
}

}  // namespace

WitnessingService::Sealing WitnessingService::seal_of(const RequestContext& ctx, RecordView v, json before,
                                                      std::string read_personal_enc) const {
  Sealing z{std::move(v), std::move(before), {}, {}, {}, ctx.now().to_iso_utc(), {}, std::move(read_personal_enc), {}};
  WitnessRecord& r = z.v.record;
  json canonical = canonical_json(r, z.at);
  z.canonical = canonical.dump();
  z.hash = crypto::sha256_hex(z.canonical);
  z.personal_enc = encrypt_personal(r.personal);
  z.risks_json = store::risks_json(r.risks);
  r.status = "sealed";
  r.record_hash = z.hash;
  r.canonical = z.canonical;
  r.sealed_at = z.at;
  r.updated_at = z.at;
  // The second signature and the seal it makes in one view (the writer adds the leaf index).
  z.after = audit_view(r, canonical.at("personal_digest").get<std::string>());
  return z;
}

namespace {

Status check_signer(const RecordView& v) {
  if (v.viewer != Viewer::surgeon && v.viewer != Viewer::patient) return err(errors::witness_not_the_surgeon);
  return check_sign(v.record, v.viewer == Viewer::surgeon);
}

// The record changed between the read its seal was worked out from and the write (another transaction
// signed, sealed or changed it): the group is written again one signature per transaction, each read again
// inside its own transaction, so that one cannot fail the others.
struct SealRace : std::runtime_error {
  SealRace() : std::runtime_error("witnessing: a record of the signing group changed meanwhile") {}
};

}  // namespace

Result<std::optional<WitnessingService::Sealing>> WitnessingService::prepare_seal(const RequestContext& ctx,
                                                                                  std::int64_t id,
                                                                                  const std::string& text) {
  return db_.read([&](db::Tx& tx) -> Result<std::optional<Sealing>> {
    std::string personal_enc;
    MEDRISK_TRY(RecordView v, load(tx, ctx, id, false, &personal_enc));
    MEDRISK_CHECK(check_signer(v));
    json before = apply_signature(ctx, v, text);
    if (!both_signed(v.record)) return std::optional<Sealing>();
    return std::optional<Sealing>(seal_of(ctx, std::move(v), std::move(before), std::move(personal_enc)));
  });
}

void WitnessingService::sign_group(const std::vector<PendingSignature*>& group) {
  // A refused Status (a seal race of a lone signature read in this transaction) rolls back; its caller's
  // result says why, so the Status itself has nothing more to tell.
  static_cast<void>(db_.write([&](db::Tx& tx) -> Status {
    std::vector<std::pair<PendingSignature*, Sealing>> sealings;
    for (auto* p : group) {
      p->result.reset();
      if (p->prepared) {
        // Moved: a group that fails is signed again one by one, each read again (writer_loop).
        sealings.emplace_back(p, std::move(*p->prepared));
        continue;
      }
      const RequestContext& ctx = *p->ctx;
      Status checked = [&]() -> Status {
        std::string personal_enc;
        MEDRISK_TRY(RecordView v, load(tx, ctx, p->id, false, &personal_enc));
        MEDRISK_CHECK(check_signer(v));
        json before = apply_signature(ctx, v, p->text);
        if (both_signed(v.record)) {
          sealings.emplace_back(p, seal_of(ctx, std::move(v), std::move(before), std::move(personal_enc)));
          return {};
        }
        // The first of the two signatures: a change of the draft.
        const char* action = v.viewer == Viewer::surgeon ? "witness.sign_surgeon" : "witness.sign_patient";
        p->result = save(tx, ctx, std::move(v), action, before);
        return {};
      }();
      if (!checked.ok()) p->result = Result<RecordView>(checked.take_error());
    }
    if (sealings.empty()) return {};
    // The group's canonical forms in one ledger batch (one look-up of the tree's right edge).
    std::vector<std::optional<std::int64_t>> leaves(sealings.size());
    if (ledger_) {
      std::vector<RecordLedger::Entry> entries;
      for (const auto& [p, z] : sealings) entries.push_back({"witness_record:" + z.v.record.public_id, z.canonical});
      auto indexes = ledger_->append_batch(tx, entries);
      for (std::size_t i = 0; i < indexes.size(); ++i) leaves[i] = indexes[i];
    }
    for (std::size_t i = 0; i < sealings.size(); ++i) {
      auto& [p, z] = sealings[i];
      WitnessRecord& r = z.v.record;
      if (!store::seal(tx, r.id, z.read_personal_enc, z.risks_json, z.personal_enc, z.hash, z.canonical, leaves[i], z.at)) {
        if (group.size() > 1 || p->prepared) throw SealRace();
        p->result = Result<RecordView>(err(errors::witness_record_sealed));
        return err(errors::witness_record_sealed);  // rolls the ledger leaf back with it
      }
      if (r.corrects_id) store::mark_corrected(tx, *r.corrects_id, r.id, z.at);
      r.leaf_index = leaves[i];
      z.after["leaf_index"] = leaves[i] ? json(*leaves[i]) : json(nullptr);
      // One entry for the change: the second signature and the seal it makes (record hash, leaf index).
      audit::record(tx, *p->ctx,
                    {"witness.seal", "witness_record", std::to_string(r.id), std::move(z.before), std::move(z.after)});
      if (r.corrects_id)
        audit::record(tx, *p->ctx, {"witness.corrected", "witness_record", std::to_string(*r.corrects_id), std::nullopt,
                                    json{{"corrected_by_id", r.id}}});
      p->result = Result<RecordView>(std::move(z.v));
    }
    // A signed tree head covering the group's leaves and its audit entries, in the same commit.
    if (ledger_) ledger_->sign_head(tx);
    return {};
  }));
}

Result<RecordView> WitnessingService::sign(const RequestContext& ctx, std::int64_t id, const std::string& text) {
  PendingSignature p{&ctx, id, text, std::nullopt, nullptr, std::nullopt};
  std::unique_lock lock(queue_mutex_);
  if (!writer_started_) {
    writer_started_ = group_commit_ = true;
    stopping_ = false;
    writer_ = std::thread([this] { writer_loop(); });
  }
  if (group_commit_ && !stopping_) {
    // Reading, checking, hashing and encrypting a seal run here, in the caller's thread beside the writer,
    // which only writes; a refusal is answered without waiting for a group.
    lock.unlock();
    MEDRISK_TRY(p.prepared, prepare_seal(ctx, id, text));
    lock.lock();
  }
  if (group_commit_ && !stopping_) {
    queue_.push_back(&p);
    lock.unlock();
    queue_cv_.notify_one();
    // Each caller waits on its own semaphore: a group's commit wakes its callers only, not every waiting one.
    p.done.acquire();
    if (p.error) std::rethrow_exception(p.error);
  } else {
    lock.unlock();
    p.prepared.reset();
    sign_group({&p});
  }
  return std::move(*p.result);
}

void WitnessingService::writer_loop() {
  std::unique_lock lock(queue_mutex_);
  while (true) {
    queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty() && stopping_) return;
    // One signature per record in a group: the other party's signature of the same record waits for the
    // next group (it must see the first one's).
    std::vector<PendingSignature*> group, later;
    std::set<std::int64_t> ids;
    for (auto* p : queue_)
      (group.size() < kMaxSigningGroup && ids.insert(p->id).second ? group : later).push_back(p);
    queue_ = std::move(later);
    lock.unlock();
    try {
      sign_group(group);
    } catch (const db::Unavailable&) {
      // No primary, or the connection died — perhaps during COMMIT: each caller gets the error (503).
      for (auto* p : group) p->error = std::current_exception();
    } catch (const std::exception&) {
      for (auto* p : group) {
        try {
          p->prepared.reset();  // read again in its own transaction
          sign_group({p});
        } catch (...) {
          p->error = std::current_exception();
        }
      }
    }
    for (auto* p : group) p->done.release();  // p may be gone right after: its caller returns
    lock.lock();
  }
}

void WitnessingService::start_group_commit() {
  std::lock_guard lock(queue_mutex_);
  if (group_commit_) return;
  writer_started_ = group_commit_ = true;
  stopping_ = false;
  writer_ = std::thread([this] { writer_loop(); });
}

void WitnessingService::stop_group_commit() {
  {
    std::lock_guard lock(queue_mutex_);
    if (!group_commit_) {
      writer_started_ = true;  // later signatures: one transaction each
      return;
    }
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(queue_mutex_);
  group_commit_ = false;
}

WitnessingService::~WitnessingService() { stop_group_commit(); }

Result<RecordView> WitnessingService::correct(const RequestContext& ctx, std::int64_t id) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, "witness.record"));
  return db_.write([&](db::Tx& tx) -> Result<RecordView> {
    MEDRISK_TRY(RecordView v, load(tx, ctx, id));
    if (v.viewer == Viewer::patient) return err(errors::witness_not_the_surgeon);
    if (v.record.status != "sealed") return err(errors::witness_not_sealed);
    if (v.record.corrected_by_id || store::correction_of(tx, id)) return err(errors::witness_already_corrected);
    const ProcedureTemplate* t = templates_.find(v.record.procedure_code);
    WitnessRecord r;
    r.institution_id = v.record.institution_id;
    r.surgeon_user_id = ctx.actor.user_id;
    r.procedure_code = v.record.procedure_code;
    r.procedure_name_zh = v.record.procedure_name_zh;
    r.procedure_name_en = v.record.procedure_name_en;
    r.templates_version = templates_.version;
    r.procedure_date = v.record.procedure_date;
    r.risks = t ? risks_from(*t) : v.record.risks;
    for (auto& k : r.risks) k.acknowledged_at.reset();
    r.personal = v.record.personal;
    r.personal.surgeon_signature.reset();
    r.personal.patient_signature.reset();
    r.patient_phone_index = v.record.patient_phone_index;
    r.corrects_id = v.record.id;
    MEDRISK_TRY(WitnessRecord created, insert(tx, ctx, std::move(r)));
    return RecordView{std::move(created), Viewer::surgeon, std::nullopt};
  });
}

Result<Attachment> WitnessingService::upload(const RequestContext& ctx, std::int64_t id, const std::string& file_name,
                                             const std::string& content_type, const std::string& bytes) {
  MEDRISK_CHECK(check_attachment(content_type, bytes));
  std::string sha = crypto::sha256_hex(bytes);
  std::string cipher = keys_.encrypt(bytes, kAttachmentAad);
  std::optional<std::filesystem::path> written;
  auto forget = [&written] {
    std::error_code ignored;
    if (written) std::filesystem::remove(*written, ignored);
  };
  try {
    auto stored = db_.write([&](db::Tx& tx) -> Result<Attachment> {
      MEDRISK_TRY(RecordView v, load(tx, ctx, id));
      if (v.viewer != Viewer::surgeon) return err(errors::witness_not_the_surgeon);
      MEDRISK_CHECK(check_content_editable(v.record));
      if (v.record.attachments.size() >= kMaxAttachments) return err(errors::witness_attachment_limit_reached);
      Attachment a{0, id, attachment_kind(content_type), file_name, content_type, sha,
                   static_cast<std::int64_t>(bytes.size()), ctx.actor.user_id, crypto::random_token(18),
                   ctx.now().to_iso_utc()};
      written = config_.attachments_dir / std::to_string(id) / a.storage_key;
      files::write_atomically(*written, cipher);
      a.id = store::insert_attachment(tx, a);
      json before = audit_view(v.record);
      v.record.attachments.push_back(a);
      MEDRISK_CHECK(save(tx, ctx, std::move(v), "witness.attach", before));
      return a;
    });
    if (!stored.ok()) forget();
    return stored;
  } catch (...) {
    forget();
    throw;
  }
}

Result<AttachmentContent> WitnessingService::download(const RequestContext& ctx, std::int64_t id,
                                                      std::int64_t attachment_id) {
  MEDRISK_TRY(RecordView v, get(ctx, id));
  for (const auto& a : v.record.attachments)
    if (a.id == attachment_id) {
      std::string plain = keys_.decrypt(files::read_whole(config_.attachments_dir / std::to_string(id) / a.storage_key),
                                        kAttachmentAad);
      if (crypto::sha256_hex(plain) != a.sha256) throw std::runtime_error("attachment digest mismatch");
      return AttachmentContent{a, std::move(plain)};
    }
  return err(errors::resource_not_found);
}

Result<PublicView> WitnessingService::public_view(const std::string& public_id) {
  auto read = [&] {
    return db_.read([&](db::Tx& tx) -> Result<PublicView> {
      auto row = store::find_by_public_id(tx, public_id);
      if (!row || row->record.status != "sealed" || !row->record.canonical) return err(errors::resource_not_found);
      const WitnessRecord& r = row->record;
      json c = json::parse(*r.canonical);
      std::optional<std::string> corrected_by;
      if (r.corrected_by_id) corrected_by = store::public_id_of(tx, *r.corrected_by_id);
      int acknowledged = 0;
      for (const auto& k : c.at("risks"))
        if (!k.at("acknowledged_at").is_null()) ++acknowledged;
      PublicView out;
      out.view = {{"public_id", r.public_id},
                  {"procedure_code", r.procedure_code},
                  {"procedure_name_zh", r.procedure_name_zh},
                  {"procedure_name_en", r.procedure_name_en},
                  {"procedure_date", r.procedure_date.to_string()},
                  {"institution_name", c.at("institution").at("name")},
                  {"surgeon_initials", c.at("surgeon").at("initials")},
                  {"patient_initials", c.at("patient").at("initials")},
                  {"risks_total", c.at("risks").size()},
                  {"risks_acknowledged", acknowledged},
                  {"record_hash", *r.record_hash},
                  {"leaf_index", r.leaf_index ? json(*r.leaf_index) : json(nullptr)},
                  {"sealed_at", *r.sealed_at},
                  {"corrects", c.at("corrects")},
                  {"corrected_by", corrected_by ? json(*corrected_by) : json(nullptr)}};
      out.canonical = *r.canonical;
      if (ledger_ && r.leaf_index) out.proof = ledger_->proof(tx, *r.leaf_index);
      return out;
    });
  };
  Result<PublicView> v = read();
  // Sealed a moment ago, before the ledger's job signed a head covering it: sign one now and read again.
  if (v.ok() && !v->proof && ledger_ && v->view["leaf_index"].is_number()) {
    ledger_->sign_pending();
    v = read();
  }
  return v;
}

}  // namespace medrisk::witnessing
