// Appraisal use cases: the expert pool (managed with experts.manage), panel draws with recorded
// seeds and replacement after a decline, individually signed opinions, and Delphi studies whose
// rounds experts answer anonymously. Every change is audited in its transaction; experts are notified.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/clock.hpp"
#include "kernel/result.hpp"
#include "modules/appraisal/model.hpp"
#include "modules/appraisal/parameters.hpp"
#include "platform/context.hpp"
#include "platform/crypto/keyring.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::appraisal {

inline constexpr int kMaxPoolSize = 5000;  // experts considered by one draw
inline constexpr int kMaxDelphiItems = 50;
inline constexpr int kMaxDelphiClasses = 20;
inline constexpr int kMaxDelphiParticipants = 100;
inline constexpr std::size_t kMaxReasonLength = 4000;

// Who looks at a panel or round decides what they see: the pool's admin everything but who said
// what in a Delphi round, a member their own work and the group's statistics, a party the consensus.
enum class Viewer { admin, member, party };

struct DrawView {
  PanelDraw draw;
  bool replay_matches = false;  // re-running the recorded inputs with the recorded seed gives the same experts
};

struct PanelView {
  Panel panel;
  Viewer viewer = Viewer::party;
  std::optional<DelphiStudy> study;
  std::vector<DelphiRound> rounds;
};

struct OpenRound {
  std::optional<std::int64_t> panel_id;  // the panel's opinion study (created with the first round)
  std::optional<std::int64_t> study_id;  // the next round of an existing study
  std::optional<std::string> title;      // a new survey (e.g. rating factors, seed 004) …
  std::vector<DelphiItem> items;         // … with its items
  std::vector<std::int64_t> expert_ids;  // … and its experts
};

struct RoundView {
  DelphiRound round;
  DelphiStudy study;
  Viewer viewer = Viewer::party;
  std::optional<std::vector<DelphiAnswer>> my_answers;           // the calling expert's own
  std::optional<nlohmann::json> statistics;                      // after closing
  std::optional<std::vector<std::vector<std::string>>> reasons;  // per item, anonymized (sorted), after closing
};

class AppraisalService {
 public:
  using SeedSource = std::function<std::uint64_t()>;
  AppraisalService(db::Database& db, const crypto::KeyRing& keys, const Clock& clock, Parameters params,
                   SeedSource seeds = {});

  static std::vector<db::Migration> migrations();
  static std::vector<crypto::EncryptedColumn> encrypted_columns();
  const Parameters& parameters() const { return params_; }

  // ---- for other modules (system level, in the caller's transaction) ----
  // The user is an active member of an active panel drawn for the case (the expert may read its file,
  // with the patient's consent for appraisal).
  bool sits_on_case_panel(db::Tx& tx, std::int64_t case_id, std::int64_t user_id) const;

  // ---- the expert pool ----
  Result<Expert> create_expert(const RequestContext& ctx, const NewExpert& e);
  Result<Expert> update_expert(const RequestContext& ctx, std::int64_t id, const NewExpert& e);
  Result<Expert> get_expert(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<Expert>> list_experts(const RequestContext& ctx, std::int64_t after_id, int limit);

  // ---- panels ----
  Result<PanelView> create_panel(const RequestContext& ctx, const NewPanel& p);
  Result<PanelView> get_panel(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<Panel>> list_panels(const RequestContext& ctx, std::int64_t after_id, int limit);
  Result<PanelView> decline(const RequestContext& ctx, std::int64_t panel_id, std::int64_t expert_id,
                            const std::string& reason);
  Result<std::vector<DrawView>> draws(const RequestContext& ctx, std::int64_t panel_id);

  // ---- opinions ----
  Result<Opinion> create_opinion(const RequestContext& ctx, std::int64_t panel_id, const OpinionContent& c);
  Result<Opinion> update_opinion(const RequestContext& ctx, std::int64_t opinion_id, const OpinionContent& c);
  Result<Opinion> sign_opinion(const RequestContext& ctx, std::int64_t opinion_id);
  Result<Opinion> get_opinion(const RequestContext& ctx, std::int64_t opinion_id);
  Result<std::vector<Opinion>> list_opinions(const RequestContext& ctx, std::int64_t panel_id);
  // True when the stored digest still matches the opinion's canonical form.
  static bool digest_matches(const Opinion& o);

  // ---- Delphi ----
  Result<RoundView> open_round(const RequestContext& ctx, const OpenRound& r);
  Result<RoundView> get_round(const RequestContext& ctx, std::int64_t id);
  Result<std::vector<DelphiRound>> list_rounds(const RequestContext& ctx, std::int64_t after_id, int limit);
  Result<RoundView> submit(const RequestContext& ctx, std::int64_t round_id, const std::vector<DelphiAnswer>& answers);
  Result<RoundView> close_round(const RequestContext& ctx, std::int64_t round_id);

 private:
  Result<Viewer> panel_viewer(db::Tx& tx, const RequestContext& ctx, const Panel& p);
  Result<Viewer> round_viewer(db::Tx& tx, const RequestContext& ctx, const DelphiStudy& s);
  Result<Expert> calling_expert(db::Tx& tx, const RequestContext& ctx);
  Result<std::int64_t> record_draw(db::Tx& tx, const RequestContext& ctx, std::int64_t panel_id,
                                   const std::string& kind, const NewPanel& p, std::vector<std::int64_t> keep,
                                   std::vector<std::int64_t> exclude);
  Result<PanelView> panel_view(db::Tx& tx, std::int64_t id, Viewer viewer);
  Result<DelphiStudy> study_for(db::Tx& tx, const RequestContext& ctx, const OpenRound& r);
  Result<RoundView> round_view(db::Tx& tx, const RequestContext& ctx, std::int64_t id);
  nlohmann::json round_statistics(const DelphiStudy& s, const std::vector<std::vector<DelphiAnswer>>& responses) const;
  std::vector<DelphiAnswer> decrypt_answers(const std::string& enc) const;

  db::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  Parameters params_;
  SeedSource seeds_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::appraisal
