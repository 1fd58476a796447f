// Disputes use cases, second half (see api.hpp): the claim materials checklist with encrypted
// attachments on disk, the patient's consent, mediation sessions with offers, and the agreement.
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"
#include "modules/disputes/errors.hpp"
#include "modules/disputes/people.hpp"
#include "modules/disputes/api.hpp"
#include "modules/disputes/store.hpp"
#include "platform/files.hpp"
#include "platform/outbox/outbox.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::disputes {
namespace {

using nlohmann::json;

constexpr std::string_view kAttachmentAad = "case_attachments.content";


const ChecklistItem* find_item(const std::vector<ChecklistItem>& list, const std::string& id) {
  for (const auto& i : list)
    if (i.id == id) return &i;
  return nullptr;
}

bool is_party_user(const Actor& a, const DisputeCase& c) {
  return (a.has_role("patient") && a.user_id == c.patient_user_id) ||
         (a.has_role("medical_officer") && a.organization_id == c.institution_org_id);
}

}  // namespace

// ---------------------------------------------------------------- materials

Result<MaterialsView> DisputesService::materials(const RequestContext& ctx, std::int64_t id) {
  return reading(ctx, [&](db::Tx& tx) -> Result<MaterialsView> {
    MEDRISK_TRY(store::CaseRow row, load_file_for(tx, ctx, id));
    const auto& checklist = params_.materials.by_case_type.at(row.c.case_type);
    auto recorded = store::list_material_statuses(tx, row.c.id);
    MaterialsView v;
    v.case_type = row.c.case_type;
    v.missing = missing_items(checklist, recorded);
    v.complete = v.missing.empty();
    v.attachments_withheld =
        !shared_read(tx, ctx, row, consent::kAttachments, "case:" + std::to_string(row.c.id) + "/materials");
    auto statuses = checklist_status(checklist, recorded);
    std::vector<Attachment> files;
    if (!v.attachments_withheld) files = store::list_attachments(tx, row.c.id);
    for (std::size_t i = 0; i < checklist.size(); ++i) {
      MaterialItemView item{checklist[i], statuses[i], {}};
      for (const auto& f : files)
        if (f.item_id == checklist[i].id) item.attachments.push_back(f);
      v.items.push_back(std::move(item));
    }
    return v;
  });
}

Result<Attachment> DisputesService::upload(const RequestContext& ctx, std::int64_t id, const std::string& item_id,
                                           const std::string& file_name, const std::string& content_type,
                                           const std::string& bytes) {
  MEDRISK_CHECK(check_attachment(content_type, bytes));
  std::string sha = crypto::sha256_hex(bytes);
  std::string cipher = keys_.encrypt(bytes, kAttachmentAad);
  // The file is written inside the transaction and removed again when anything after it fails: the
  // inserts, the event, or the COMMIT itself (which throws out of db_.write after the lambda returned).
  std::optional<std::filesystem::path> written;
  auto forget_file = [&written] {
    std::error_code ignored;
    if (written) std::filesystem::remove(*written, ignored);
  };
  try {
    auto stored = db_.write([&](db::Tx& tx) -> Result<Attachment> {
      MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
      if (!is_party_user(ctx.actor, row.c)) return err(errors::transition_not_allowed_for_role, "upload");
      if (!is_open_state(row.c.state)) return err(errors::transition_not_allowed_in_state, "upload");
      if (!find_item(params_.materials.by_case_type.at(row.c.case_type), item_id))
        return err(errors::material_item_not_in_checklist);
      if (store::count_attachments(tx, row.c.id, item_id) >= kMaxAttachmentsPerItem)
        return err(errors::attachment_limit_per_item_reached);
      Attachment a{0, row.c.id, item_id, file_name, content_type, sha, static_cast<std::int64_t>(bytes.size()),
                   ctx.actor.user_id, crypto::random_token(18), ctx.now().to_iso_utc()};
      written = config_.attachments_dir / std::to_string(row.c.id) / a.storage_key;
      files::write_atomically(*written, cipher);
      a.id = store::insert_attachment(tx, a);
      store::put_material_status(tx, row.c.id, {item_id, "uploaded", std::nullopt}, a.uploaded_at);
      std::string state = row.c.state;
      after_change(tx, ctx, row, "material_uploaded", state,
                   {{"item_id", item_id}, {"attachment_id", a.id}, {"sha256", sha}, {"size_bytes", a.size_bytes}});
      return a;
    });
    if (!stored.ok()) forget_file();  // refused after the write: rolled back, leave nothing behind
    return stored;
  } catch (...) {
    forget_file();  // rolled back, or the commit failed: the row is gone, so is its file
    throw;
  }
}

Result<MaterialsView> DisputesService::review_material(const RequestContext& ctx, std::int64_t id,
                                                       const std::string& item_id, bool accept,
                                                       const std::optional<std::string>& reason) {
  MEDRISK_CHECK(db_.write([&](db::Tx& tx) -> Status {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!ctx.actor.has_role("adjuster") && !ctx.actor.has_role("mediator"))
      return err(errors::transition_not_allowed_for_role, "review_material");
    if (!shared_read(tx, ctx, row, consent::kAttachments, {}, false)) return err(errors::patient_consent_required);
    if (!find_item(params_.materials.by_case_type.at(row.c.case_type), item_id))
      return err(errors::material_item_not_in_checklist);
    if (store::count_attachments(tx, row.c.id, item_id) == 0) return err(errors::material_not_uploaded);
    bool no_reason = !reason || reason->find_first_not_of(" \t\r\n") == std::string::npos;
    if (!accept && no_reason) return err(errors::material_rejection_reason_required);
    MaterialStatus s{item_id, accept ? "accepted" : "rejected", accept ? std::nullopt : reason};
    store::put_material_status(tx, row.c.id, s, ctx.now().to_iso_utc());
    std::string state = row.c.state;
    json details{{"item_id", item_id}};
    if (!accept) details["reason"] = *reason;
    after_change(tx, ctx, row, accept ? "material_accepted" : "material_rejected", state, details);
    return {};
  }));
  return materials(ctx, id);
}

Result<FileContent> DisputesService::download(const RequestContext& ctx, std::int64_t id, std::int64_t attachment_id) {
  std::optional<Attachment> meta;
  MEDRISK_CHECK(reading(ctx, [&](db::Tx& tx) -> Status {
    MEDRISK_TRY(store::CaseRow row, load_file_for(tx, ctx, id));
    meta = store::find_attachment(tx, row.c.id, attachment_id);
    std::string resource = "case:" + std::to_string(row.c.id) + "/attachment:" + std::to_string(attachment_id);
    if (!shared_read(tx, ctx, row, consent::kAttachments, resource)) return err(errors::patient_consent_required);
    if (!meta) return Error::of("resource_not_found");
    return {};
  }));
  std::string plain = keys_.decrypt(files::read_whole(config_.attachments_dir / std::to_string(id) / meta->storage_key),
                                    kAttachmentAad);
  if (crypto::sha256_hex(plain) != meta->sha256) throw std::runtime_error("attachment digest mismatch");
  return FileContent{*meta, std::move(plain)};
}

// ---------------------------------------------------------------- legal aid

Result<CaseView> DisputesService::request_legal_aid(const RequestContext& ctx, std::int64_t id, const std::string& note) {
  return db_.write([&](db::Tx& tx) -> Result<CaseView> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!is_party_user(ctx.actor, row.c)) return err(errors::transition_not_allowed_for_role, "request_legal_aid");
    if (!is_open_state(row.c.state)) return err(errors::transition_not_allowed_in_state, "request_legal_aid");
    if (row.c.lawyer_user_id) return err(errors::legal_aid_already_assigned);
    auto office = accounts::directory::serving_organization(tx, accounts::OrganizationKind::legal_aid, row.c.region_code);
    if (!office) return err(errors::legal_aid_office_not_found);
    row.c.legal_aid_org_id = office;
    row.c.lawyer_user_id = pick_member(tx, *office, accounts::Role::lawyer, "lawyer_user_id");
    std::string state = row.c.state;
    after_change(tx, ctx, row, "legal_aid_requested", state,
                 {{"note", note}, {"lawyer_user_id", row.c.lawyer_user_id ? json(*row.c.lawyer_user_id) : json(nullptr)}});
    return view_of(tx, ctx, row);
  });
}

Result<CaseEvent> DisputesService::log_consultation(const RequestContext& ctx, std::int64_t id, const std::string& summary) {
  return db_.write([&](db::Tx& tx) -> Result<CaseEvent> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!ctx.actor.has("legal_aid.handle") || row.c.lawyer_user_id != ctx.actor.user_id)
      return err(errors::transition_not_allowed_for_role, "legal_aid_consultation");
    std::string state = row.c.state;
    return after_change(tx, ctx, row, "legal_aid_consultation", state, {{"summary", summary}});
  });
}

// ---------------------------------------------------------------- consent

namespace {

bool role_grant_for(const consent::Grant& g, std::int64_t case_id, const std::string& role) {
  return g.grantee.kind == "role" && g.grantee.role == role && g.case_id == case_id;
}

}  // namespace

Result<std::vector<ConsentGrant>> DisputesService::consents(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<ConsentGrant>> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    auto grants = consent_.grants_of(tx, row.c.patient_user_id, row.c.id);  // newest first
    std::vector<ConsentGrant> out;
    for (const auto& role : consent_grantee_roles()) {
      ConsentGrant view{role, false, ""};
      for (const auto& g : grants) {
        if (!role_grant_for(g, row.c.id, role)) continue;
        if (consent_.state_of(g) == "active") {
          view = {role, true, g.granted_at};
          break;
        }
        if (view.changed_at.empty()) view.changed_at = g.revoked_at.value_or(g.valid_until.value_or(g.granted_at));
      }
      out.push_back(view);
    }
    return out;
  });
}

Result<std::vector<ConsentGrant>> DisputesService::set_consent(const RequestContext& ctx, std::int64_t id,
                                                               const std::string& role, bool granted) {
  MEDRISK_CHECK(db_.write([&](db::Tx& tx) -> Status {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (ctx.actor.user_id != row.c.patient_user_id) return err(errors::consent_only_by_patient);
    auto purpose = consent_.purpose_for_roles({role});
    if (!purpose) return err(errors::consent_only_by_patient, "role cannot be granted");
    bool live = false;
    for (const auto& g : consent_.grants_of(tx, row.c.patient_user_id, row.c.id)) {
      if (!role_grant_for(g, row.c.id, role) || consent_.state_of(g) != "active") continue;
      if (granted) live = true;
      else MEDRISK_CHECK(consent_.revoke(tx, ctx, row.c.patient_user_id, g.id));
    }
    if (granted && !live) {
      // The case panel grants the role this case's narrative and attachments for the longest term allowed.
      consent::NewGrant g;
      g.case_id = row.c.id;
      g.grantee.kind = "role";
      g.grantee.role = role;
      g.purpose = *purpose;
      g.data_kinds = {consent::kNarrative, consent::kAttachments};
      g.valid_until = clock_.today().add_days(consent_.purposes().max_valid_days).to_string();
      MEDRISK_CHECK(consent_.grant(tx, ctx, row.c.patient_user_id, g, "disputes_case"));
    }
    std::string state = row.c.state;
    after_change(tx, ctx, row, granted ? "consent_granted" : "consent_revoked", state, {{"grantee_role", role}});
    return {};
  }));
  return consents(ctx, id);
}

// ---------------------------------------------------------------- mediation sessions and agreement

Result<MediationSession> DisputesService::add_session(const RequestContext& ctx, std::int64_t id, MediationSession s) {
  return db_.write([&](db::Tx& tx) -> Result<MediationSession> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!ctx.actor.has_role("mediator")) return err(errors::transition_not_allowed_for_role, "mediation_session");
    if (row.c.state != "mediation") return err(errors::mediation_session_not_in_mediation);
    s.case_id = row.c.id;
    s.created_at = ctx.now().to_iso_utc();
    s.id = store::insert_session(tx, s);
    json offers = json::array();
    for (const auto& o : s.offers) offers.push_back({{"party", o.party}, {"amount_fen", o.amount_fen.fen()}});
    std::string state = row.c.state;
    after_change(tx, ctx, row, "mediation_session", state,
                 {{"session_id", s.id}, {"scheduled_at", s.scheduled_at}, {"offers", offers},
                  {"outcome", s.outcome ? json(*s.outcome) : json(nullptr)}});
    return s;
  });
}

Result<std::vector<MediationSession>> DisputesService::sessions(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<std::vector<MediationSession>> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    return store::list_sessions(tx, row.c.id, kMaxListPage);
  });
}

Result<Agreement> DisputesService::draft_agreement(const RequestContext& ctx, std::int64_t id,
                                                          const AgreementInput& in) {
  return db_.write([&](db::Tx& tx) -> Result<Agreement> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!ctx.actor.has_role("mediator")) return err(errors::transition_not_allowed_for_role, "draft_agreement");
    if (row.c.state != "mediation") return err(errors::mediation_session_not_in_mediation);
    Money sum;
    for (const auto& p : in.payers) sum += p.amount_fen;
    if (sum != in.amount_fen) return err(errors::agreement_payers_must_add_up);
    Agreement a{row.c.id, in.amount_fen, in.payers, {}, {}, {}, {}, ctx.now().to_iso_utc()};
    store::put_agreement(tx, a);
    std::string state = row.c.state;
    after_change(tx, ctx, row, "agreement_drafted", state, {{"amount_fen", in.amount_fen.fen()}});
    return a;
  });
}

Result<Agreement> DisputesService::sign_agreement(const RequestContext& ctx, std::int64_t id,
                                                         const std::string& signature) {
  return db_.write([&](db::Tx& tx) -> Result<Agreement> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, true));
    if (!is_party_user(ctx.actor, row.c)) return err(errors::agreement_signature_not_a_party);
    auto a = store::find_agreement(tx, row.c.id);
    if (!a) return err(errors::agreement_missing);
    std::string now = ctx.now().to_iso_utc();
    bool patient = ctx.actor.has_role("patient");
    (patient ? a->patient_signature : a->provider_signature) = signature;
    (patient ? a->patient_signed_at : a->provider_signed_at) = now;
    store::put_agreement(tx, *a);
    std::string state = row.c.state;
    after_change(tx, ctx, row, "agreement_signed", state, {{"side", patient ? "patient_side" : "provider"}});
    if (a->patient_signed_at && a->provider_signed_at)
      outbox::publish(tx, ctx.now(), std::string(kAgreementSignedTopic), {{"case_id", row.c.id}});
    return *a;
  });
}

Result<std::optional<Agreement>> DisputesService::agreement(const RequestContext& ctx, std::int64_t id) {
  return db_.read([&](db::Tx& tx) -> Result<std::optional<Agreement>> {
    MEDRISK_TRY(store::CaseRow row, load_for(tx, ctx, id, false));
    return store::find_agreement(tx, row.c.id);
  });
}

}  // namespace medrisk::disputes
