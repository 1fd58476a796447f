// The register of issued documents (table `documents`): for each resource and template, every version
// with the digest of its content and of its PDF bytes. Issuing the same content again returns the same
// version (and, the renderer being deterministic, the same bytes); changed content is a new version.
// Only digests are stored, never the values (they hold personal data).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/date.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migrations.hpp"
#include "platform/documents/template.hpp"

namespace medrisk::documents {

struct DocumentRecord {
  std::int64_t id = 0;
  std::string resource_type, resource_id, template_id;
  int template_version = 0, version = 0;
  std::string document_number, content_sha256, pdf_sha256, document_date, created_at;
};

struct IssueRequest {
  std::string resource_type;  // "case", "claim", "policy", …
  std::string resource_id;
  const Template* tpl = nullptr;
  nlohmann::json values;     // what the placeholders are filled with (the digested content)
  std::string organization;  // printed in the header
  Date date;                 // the document's date (not the download's)
};

struct IssuedDocument {
  DocumentRecord record;
  std::string pdf;
  bool created = false;  // a new version was recorded by this call
};

// Renders and records (in the caller's write transaction, with an audit entry `document.issue` for a
// new version). Throws std::runtime_error when rendering fails.
IssuedDocument issue(db::Tx& tx, const RequestContext& ctx, const DocumentSet& set, const IssueRequest& r);

// Every version of a resource's document, oldest first.
std::vector<DocumentRecord> versions(db::Tx& tx, const std::string& resource_type, const std::string& resource_id,
                                     const std::string& template_id);
// The documents whose content digest (the footer's SHA-256) is `content_sha256`.
std::vector<DocumentRecord> find_by_digest(db::Tx& tx, const std::string& content_sha256);

// "调协〔2026〕12号（第1版）"
std::string document_number(const Template& t, const std::string& resource_id, Date date, int version);

std::vector<db::Migration> migrations();

}  // namespace medrisk::documents
