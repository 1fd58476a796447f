// Appraisal tables and their named queries: experts, panels with members and recorded draws, signed
// opinions, Delphi studies, rounds and responses. Opinion reasons and Delphi answers are stored
// encrypted (the service encrypts; the store sees ciphertext only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/appraisal/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::appraisal::store {

std::vector<db::Migration> migrations();

// ---- experts ----
std::int64_t insert_expert(db::Tx& tx, const NewExpert& e, const std::string& at);
void update_expert(db::Tx& tx, std::int64_t id, const NewExpert& e, const std::string& at);
std::optional<Expert> find_expert(db::Tx& tx, std::int64_t id);
std::optional<Expert> find_expert_by_user(db::Tx& tx, std::int64_t user_id);
std::vector<Expert> list_experts(db::Tx& tx, std::int64_t after_id, int limit);

// ---- panels ----
std::int64_t insert_panel(db::Tx& tx, const NewPanel& p, std::int64_t created_by, const std::string& at);
std::optional<Panel> find_panel(db::Tx& tx, std::int64_t id);
// Newest first; expert_id / organization_id narrow to panels the expert sits on / the organization is party to.
std::vector<Panel> list_panels(db::Tx& tx, std::optional<std::int64_t> expert_id,
                               std::optional<std::int64_t> organization_id, std::int64_t after_id, int limit);
void insert_member(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id, std::int64_t draw_id,
                   const std::string& at);
void decline_member(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id, const std::string& reason,
                    const std::string& at);
void set_panel_status(db::Tx& tx, std::int64_t panel_id, const std::string& status);

std::int64_t insert_draw(db::Tx& tx, const PanelDraw& d);
std::vector<PanelDraw> list_draws(db::Tx& tx, std::int64_t panel_id);
// The user is an active member (through their expert entry) of an active panel of the case.
bool user_on_case_panel(db::Tx& tx, std::int64_t case_id, std::int64_t user_id);

// ---- opinions (reasons are ciphertext here) ----
std::int64_t insert_opinion(db::Tx& tx, const Opinion& o, const std::string& reasons_enc);
void update_opinion(db::Tx& tx, const Opinion& o, const std::string& reasons_enc);
void sign_opinion(db::Tx& tx, std::int64_t id, const std::string& digest, std::int64_t user_id, const std::string& at);
struct OpinionRow {
  Opinion opinion;
  std::string reasons_enc;
};
std::optional<OpinionRow> find_opinion(db::Tx& tx, std::int64_t id);
std::optional<OpinionRow> find_opinion_of(db::Tx& tx, std::int64_t panel_id, std::int64_t expert_id);
std::vector<OpinionRow> list_opinions(db::Tx& tx, std::int64_t panel_id);

// ---- Delphi ----
std::int64_t insert_study(db::Tx& tx, const DelphiStudy& s, std::int64_t created_by);
std::optional<DelphiStudy> find_study(db::Tx& tx, std::int64_t id);
std::optional<DelphiStudy> find_study_of_panel(db::Tx& tx, std::int64_t panel_id);
void set_study_status(db::Tx& tx, std::int64_t id, const std::string& status);
// The study's participants from now on (a panel's replacement joins, the decliner leaves).
void set_study_experts(db::Tx& tx, std::int64_t id, const std::vector<std::int64_t>& expert_ids);
std::int64_t insert_round(db::Tx& tx, std::int64_t study_id, int round_number, const std::string& at);
std::optional<DelphiRound> find_round(db::Tx& tx, std::int64_t id);
std::vector<DelphiRound> rounds_of(db::Tx& tx, std::int64_t study_id);
// Rounds of studies the expert takes part in, newest first.
std::vector<DelphiRound> rounds_for_expert(db::Tx& tx, std::int64_t expert_id, std::int64_t after_id, int limit);
std::vector<DelphiRound> list_rounds(db::Tx& tx, std::int64_t after_id, int limit);
void close_round(db::Tx& tx, std::int64_t id, const std::string& statistics_json, bool consensus,
                 const std::string& at);
void insert_response(db::Tx& tx, std::int64_t round_id, std::int64_t expert_id, const std::string& answers_enc,
                     const std::string& at);
struct ResponseRow {
  std::int64_t expert_id = 0;
  std::string answers_enc;
};
std::vector<ResponseRow> responses_of(db::Tx& tx, std::int64_t round_id);

}  // namespace medrisk::appraisal::store
