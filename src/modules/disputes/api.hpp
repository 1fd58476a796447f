// Disputes use cases: complaints, dispute cases on the statutory clock, transitions (each with its
// timeline event, audit entry and notifications to every party in one transaction), claim materials
// with encrypted attachments, mediation sessions and the agreement. The patient's consent is the consent
// module's: every read of the narrative or attachments by another party checks a live grant and writes
// an access entry in the same transaction (ConsentService::check_and_record).
// Other modules reach disputes only through this header; disputes asks insurance for cover through
// PolicyLookup, in its own transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "kernel/state_names.hpp"
#include "kernel/working_calendar.hpp"
#include "modules/appraisal/api.hpp"
#include "modules/consent/api.hpp"
#include "modules/disputes/documents.hpp"
#include "modules/insurance/api.hpp"
#include "modules/disputes/model.hpp"
#include "modules/disputes/rules.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"
#include "platform/documents/registry.hpp"
#include "platform/ledger/ledger.hpp"

namespace medrisk::exports {
struct Column;
}

namespace medrisk::disputes {

namespace store {
struct CaseRow;  // private to the module (store.hpp)
struct ComplaintRow;
}

// The policy in force for the institution or clinician on the incident date (occurrence) or the
// notice date (claims-made with retroactive date), read in the caller's transaction.
struct PolicyInForce {
  std::int64_t policy_id = 0;
  std::int64_t insurer_org_id = 0;
  std::string product_kind;  // liability, accident, …
};
class PolicyLookup {
 public:
  virtual ~PolicyLookup() = default;
  virtual std::optional<PolicyInForce> find(db::Tx& tx, std::int64_t institution_org_id,
                                            std::optional<std::int64_t> clinician_user_id, Date incident, Date notice) = 0;
};
// The real one: the insurance module's one coverage rule (InsuranceService::find_policy_in_force).
class InsurancePolicyLookup final : public PolicyLookup {
 public:
  explicit InsurancePolicyLookup(const insurance::InsuranceService& insurance) : insurance_(insurance) {}
  std::optional<PolicyInForce> find(db::Tx& tx, std::int64_t org, std::optional<std::int64_t> clinician, Date incident,
                                    Date notice) override;

 private:
  const insurance::InsuranceService& insurance_;
};

struct DisputesParams {
  DeadlineParams deadlines;
  NegotiationParams negotiation;
  MaterialsParams materials;
  std::map<std::string, DocumentTemplate> templates;  // by id
  documents::DocumentSet pdf;  // data/documents/ (the PDF templates, e.g. mediation_agreement)
  StateNames case_states, complaint_states;  // data/disputes/states.json: what notifications print
};
// Reads data/deadlines/disputes.json (beside `data_dir`), data/disputes/{negotiation,materials}.json and
// data/disputes/templates/; throws std::runtime_error when invalid.
DisputesParams load_params(const std::filesystem::path& data_dir);
// Reads data/disputes/templates/templates.json and the template files it names; throws when one is missing.
std::map<std::string, DocumentTemplate> load_templates(const std::filesystem::path& dir);

struct DisputesConfig {
  std::filesystem::path attachments_dir = "var/attachments";
};

// What a party sees of a case: the case (narrative withheld without consent), its clocks and what is missing.
struct CaseDeadline {
  std::string id;   // case_acceptance, people_mediation_completion, autopsy_after_death, …
  std::string due;  // date or instant
  std::optional<int> remaining_working_days;
  bool paused = false, overdue = false;
  // The due date lies in a year data/calendar/cn-holidays.json does not cover yet: counted on weekdays
  // only, to be recomputed when the State Council publishes that year's holidays.
  bool calendar_uncovered = false;
};
struct CaseView {
  DisputeCase c;
  std::vector<CaseDeadline> deadlines;
  std::vector<std::string> missing_materials;
  std::optional<std::string> due_on;
  // mediation_failed: the routes still open (routes_after_failure), e.g. administrative mediation, litigation.
  std::vector<std::string> next_routes;
  int mediation_extended_working_days = 0;  // agreed extensions of people's mediation (art. 38)
};
struct ComplaintView {
  Complaint c;
  std::string response_due;
  std::optional<std::string> confirmation_due;
  bool overdue = false;
  bool calendar_uncovered = false;  // a due day beyond the holiday calendar (WorkingCalendar::uncovered)
};

struct MaterialItemView {
  ChecklistItem item;
  MaterialStatus status;
  std::vector<Attachment> attachments;
};
struct MaterialsView {
  std::string case_type;
  bool complete = false;
  bool attachments_withheld = false;
  std::vector<std::string> missing;
  std::vector<MaterialItemView> items;
};

struct FileContent {
  Attachment meta;
  std::string bytes;
};

struct AgreementInput {
  Money amount_fen;
  std::vector<Payer> payers;
};

// The ledger leaf kind of a record sealing (subject "case:<id>"); its data is
// {"case_id","kind","records_sha256","sealed_at"} — the sealed list's hash, no personal data.
inline constexpr std::string_view kLedgerSealingKind = "disputes.record_sealing";

struct RecordEventInput {
  std::string kind;  // record_sealing, record_unsealing, record_copying
  Timestamp at;
  std::vector<std::string> present;
  std::string note;
  // record_sealing: the sealed records ("住院病历（第1-86页）", "手术记录"…). Their list's canonical JSON is
  // hashed and anchored in the platform ledger (the event's details carry the leaf index).
  std::vector<std::string> records;
};

struct ExtensionInput {
  int working_days = 0;
  bool patient_agreed = false, institution_agreed = false;
  std::string note;
};

struct HealthReportInput {
  std::string authority;  // e.g. 明湖市卫生健康委员会
  std::string reference;  // the authority's receipt number, may be empty
  std::string note;
};

// Outbox topics disputes publishes for the claims module (payload {case_id}), in the transaction of
// the change: both parties signed the agreement; a court judgment was recorded.
inline constexpr std::string_view kAgreementSignedTopic = "case.agreement_signed";
inline constexpr std::string_view kJudgmentRecordedTopic = "case.judgment_recorded";

// What the claims module learns of a case (a system read, no actor).
struct CaseForClaim {
  std::int64_t case_id = 0;
  std::string state;
  std::optional<std::int64_t> policy_id, insurer_org_id;
  std::int64_t institution_org_id = 0, patient_user_id = 0;
  Date incident_date;
  std::string department;  // as filed: the reviews module rates it, the risk database tallies by it
  std::string filed_on;
  bool materials_complete = false;
  std::optional<Money> agreement_insurer_fen;  // the signed agreement's `insurer` payer part
  std::optional<Money> judgment_fen;
  std::optional<std::int64_t> mediator_user_id, adjuster_user_id;
  std::optional<std::int64_t> clinician_user_id;
};

// The home page's figures (GET /api/v1/disputes/summary), scoped like the lists: a patient's own, an
// organization's cases it is party to, a regulator's region. Complaints for patients and officers only.
struct DisputesSummary {
  std::string as_of;
  std::optional<std::map<std::string, std::int64_t>> complaints_by_state;
  std::int64_t complaints_open = 0, complaints_overdue = 0;
  std::vector<ComplaintView> complaints_due_soon;  // open complaints, soonest response due first
  CaseSummary cases;
};
inline constexpr std::size_t kSummaryDueSoon = 5;

class DisputesService {
 public:
  DisputesService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, const WorkingCalendar& calendar,
                  DisputesParams params, PolicyLookup* policies, DisputesConfig config,
                  const consent::ConsentService& consent, const appraisal::AppraisalService* appraisal = nullptr);

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();

  // ---- complaints ----
  Result<ComplaintView> file_complaint(const RequestContext& ctx, const NewComplaint& in);
  Result<std::vector<ComplaintView>> list_complaints(const RequestContext& ctx, const std::optional<std::string>& state,
                                                     std::int64_t after_id, int limit);
  Result<ComplaintView> get_complaint(const RequestContext& ctx, std::int64_t id);
  // respond, confirm, close, reopen, escalate (escalate: case_type and demand turn it into a case).
  Result<ComplaintView> complaint_action(const RequestContext& ctx, std::int64_t id, const std::string& action,
                                         const std::optional<std::string>& text, const std::optional<std::string>& case_type,
                                         std::optional<Money> demand);

  // Institutions a complaint or case may name (for the filing form): every signed-in party of disputes.
  Result<std::vector<accounts::Organization>> institutions(const RequestContext& ctx);

  // ---- cases ----
  Result<CaseView> file_case(const RequestContext& ctx, const NewCase& in);
  Result<std::vector<CaseView>> list_cases(const RequestContext& ctx, const CaseFilter& filter);
  Result<CaseView> get_case(const RequestContext& ctx, std::int64_t id);
  Result<DisputesSummary> summary(const RequestContext& ctx);
  Result<CaseView> transition(const RequestContext& ctx, std::int64_t id, TransitionRequest request);
  Result<std::vector<CaseEvent>> events(const RequestContext& ctx, std::int64_t id, std::int64_t after_id, int limit);
  Result<CaseEvent> record_event(const RequestContext& ctx, std::int64_t id, const RecordEventInput& in);
  // An extension of people's mediation agreed by the committee and both parties (art. 38).
  Result<CaseView> extend_mediation(const RequestContext& ctx, std::int64_t id, const ExtensionInput& in);

  // ---- materials ----
  Result<MaterialsView> materials(const RequestContext& ctx, std::int64_t id);
  Result<Attachment> upload(const RequestContext& ctx, std::int64_t id, const std::string& item_id,
                            const std::string& file_name, const std::string& content_type, const std::string& bytes);
  Result<MaterialsView> review_material(const RequestContext& ctx, std::int64_t id, const std::string& item_id,
                                        bool accept, const std::optional<std::string>& reason);
  Result<FileContent> download(const RequestContext& ctx, std::int64_t id, std::int64_t attachment_id);

  // ---- consent (the case's consent panel: role grants for this case, kept in the consent module) ----
  Result<std::vector<ConsentGrant>> consents(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<ConsentGrant>> set_consent(const RequestContext& ctx, std::int64_t id, const std::string& role,
                                                bool granted);

  // ---- mediation ----
  Result<MediationSession> add_session(const RequestContext& ctx, std::int64_t id, MediationSession s);
  Result<std::vector<MediationSession>> sessions(const RequestContext& ctx, std::int64_t id);
  Result<Agreement> draft_agreement(const RequestContext& ctx, std::int64_t id, const AgreementInput& in);
  Result<Agreement> sign_agreement(const RequestContext& ctx, std::int64_t id, const std::string& signature);
  Result<std::optional<Agreement>> agreement(const RequestContext& ctx, std::int64_t id);
  // The agreement as a PDF (调解协议书, data/documents/mediation_agreement.json) for whoever may read the
  // case, recorded in the `documents` register: a draft until both parties signed, then the signed text.
  Result<documents::IssuedDocument> agreement_pdf(const RequestContext& ctx, std::int64_t id);

  // ---- legal aid ("1+3": one lawyer; consultation, documents, representation) ----
  // The patient or the institution asks; the region's legal-aid office joins and its least-loaded lawyer
  // is assigned at once.
  Result<CaseView> request_legal_aid(const RequestContext& ctx, std::int64_t id, const std::string& note);
  // The assigned lawyer logs a consultation on the timeline.
  Result<CaseEvent> log_consultation(const RequestContext& ctx, std::int64_t id, const std::string& summary);
  // A "1+3" document (complaint_letter, mediation_application, statement_of_claim) filled from the case, for
  // the patient, the assigned lawyer and the institution's officer; the facts only where the narrative is.
  Result<DocumentTemplate> document(const RequestContext& ctx, std::int64_t id, const std::string& template_id);
  // The same document as a PDF, recorded in the `documents` register (same readers, same refusals).
  Result<documents::IssuedDocument> document_pdf(const RequestContext& ctx, std::int64_t id, const std::string& template_id);

  // ---- report to the health authority (Decree 701 art. 28) ----
  // The institution's officer records that a death or serious-harm case was reported; the case's
  // health_authority_report deadline then disappears.
  Result<CaseEvent> report_to_health_authority(const RequestContext& ctx, std::int64_t id, const HealthReportInput& in);

  // ---- reminders (a periodic job in src/app/serve.cpp) ----
  // Every open case whose clock is past due gets one `deadline_overdue` event per due date, with its audit
  // entry and notifications to every party; first, a mediation whose 30 working days (extensions
  // included) ran out without agreement moves to mediation_failed with its next routes (art. 38).
  // Returns the number of reminders and moves written.
  int remind_overdue();

  // ---- for the risk module (system read, in the caller's transaction) ----
  // Every complaint and case whose incident month lies in [from_month, to_month] (YYYY-MM), counted.
  std::vector<DisputeTally> tallies(db::Tx& tx, const std::string& from_month, const std::string& to_month) const;
  // ---- for the claims module (system level, in the caller's transaction) ----
  std::optional<CaseForClaim> case_for_claim(db::Tx& tx, std::int64_t case_id) const;
  // The insurer paid everything owed: agreement → payment → closed, or payment → closed, each with its
  // timeline event, audit entry and notifications. Other states are left alone.
  Status settle_case(db::Tx& tx, std::int64_t case_id);

  const DisputesParams& params() const { return params_; }
  // The platform ledger that record sealings are anchored in (the server sets it; none in store tests).
  void set_ledger(ledger::Ledger* ledger) { ledger_ = ledger; }

 private:
  Result<store::CaseRow> load_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id, bool write);
  // A case read that may show the file to an expert of the case's appraisal panel (get, materials, download).
  Result<store::CaseRow> load_file_for(db::Tx& tx, const RequestContext& ctx, std::int64_t id);
  // May this reader see this data kind of the case? The patient and the institution always; anyone else
  // with a live consent grant — and then the read is written to the patient's access log (`record`).
  bool shared_read(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row, const char* data_kind,
                   const std::string& resource, bool record = true);
  // Reads that may show shared data run in a write transaction when the reader needs consent (the access
  // entry is written with the read), in a read transaction otherwise.
  template <class F>
  auto reading(const RequestContext& ctx, F&& f) {
    return needs_consent(ctx.actor.roles) ? db_.write(std::forward<F>(f)) : db_.read(std::forward<F>(f));
  }
  DocumentFacts document_facts(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row);
  CaseView view_of(db::Tx& tx, const RequestContext& ctx, const store::CaseRow& row);
  std::optional<std::string> due_on_for(const store::CaseRow& row, const std::vector<Pause>& pauses, Date today,
                                        int extended_working_days) const;
  int extended_days(db::Tx& tx, const DisputeCase& c) const;
  int fail_expired_mediations(db::Tx& tx, const RequestContext& ctx);
  // The mediation clock of a case today (extensions and pauses included); nullopt when none runs.
  std::optional<Clock30> running_mediation_clock(db::Tx& tx, const DisputeCase& c, Date today) const;
  CaseFacts facts_for(db::Tx& tx, const store::CaseRow& row, Date today) const;
  void apply_effects(db::Tx& tx, const RequestContext& ctx, store::CaseRow& row, const TransitionRequest& r,
                     const std::string& to);
  // Saves the case and writes its timeline event, audit entry and notifications (same transaction).
  CaseEvent after_change(db::Tx& tx, const RequestContext& ctx, store::CaseRow& row, const std::string& kind,
                         const std::optional<std::string>& from, const nlohmann::json& details);
  void notify_parties(db::Tx& tx, const RequestContext& ctx, const DisputeCase& c, const std::string& kind);
  Result<ComplaintView> complaint_view(db::Tx& tx, const store::ComplaintRow& row, bool show_narrative) const;
  Result<store::CaseRow> insert_case(db::Tx& tx, const RequestContext& ctx, const NewCase& in);

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  const WorkingCalendar& calendar_;
  DisputesParams params_;
  PolicyLookup* policies_;
  DisputesConfig config_;
  const consent::ConsentService& consent_;
  const appraisal::AppraisalService* appraisal_;
  ledger::Ledger* ledger_ = nullptr;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

// The columns of GET /cases.xlsx (keys of the list item's JSON; routes.cpp).
const std::vector<exports::Column>& export_columns();

}  // namespace medrisk::disputes
