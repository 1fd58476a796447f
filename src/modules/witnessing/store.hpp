// Witnessing tables and their named queries: witness records (the personal part as ciphertext, the
// risks' acknowledgements and the sealed canonical form in the open) and their attachments' metadata
// (the files themselves are encrypted on disk). A sealed row is never updated but for `corrected_by_id`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "modules/witnessing/model.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"

namespace medrisk::witnessing::store {

std::vector<db::Migration> migrations();

struct Row {
  WitnessRecord record;      // personal left empty: the service decrypts personal_enc
  std::string personal_enc;  // ciphertext of the personal part
};

std::int64_t insert_record(db::Tx& tx, const WitnessRecord& r, const std::string& personal_enc);
// The draft's risks and personal part (refused by the WHERE once sealed: returns false).
bool update_draft(db::Tx& tx, std::int64_t id, const std::vector<Risk>& risks, const std::string& personal_enc,
                  const std::string& at);
// Seals a draft: false when the record is no longer the draft that was read (sealed meanwhile, or
// changed: its personal_enc is no longer read_personal_enc).
// The stored form of a record's risks (risks_json), worked out beforehand by a caller that seals.
std::string risks_json(const std::vector<Risk>& risks);
bool seal(db::Tx& tx, std::int64_t id, const std::string& read_personal_enc, const std::string& risks_json,
          const std::string& personal_enc, const std::string& record_hash, const std::string& canonical,
          std::optional<std::int64_t> leaf_index, const std::string& at);
void mark_corrected(db::Tx& tx, std::int64_t id, std::int64_t by_id, const std::string& at);

std::optional<Row> find(db::Tx& tx, std::int64_t id);
std::optional<Row> find_by_public_id(db::Tx& tx, const std::string& public_id);
std::optional<std::string> public_id_of(db::Tx& tx, std::int64_t id);
// Newest first, ids below after_id (0: from the newest); by institution or by the patient's phone index.
std::vector<Row> list_for_institution(db::Tx& tx, std::int64_t institution_id, std::int64_t after_id, int limit);
std::vector<Row> list_for_phone_index(db::Tx& tx, const std::string& phone_index, std::int64_t after_id, int limit);
// A correction (draft or sealed) that already names `id`.
std::optional<std::int64_t> correction_of(db::Tx& tx, std::int64_t id);

std::int64_t insert_attachment(db::Tx& tx, const Attachment& a);
std::vector<Attachment> attachments_of(db::Tx& tx, std::int64_t record_id);

}  // namespace medrisk::witnessing::store
