// The `documents` register (see registry.hpp).
#include "platform/documents/registry.hpp"

#include <soci/soci.h>

#include <spdlog/spdlog.h>

#include "platform/audit/audit_log.hpp"
#include "platform/db/rows.hpp"
#include "platform/documents/renderer.hpp"

namespace medrisk::documents {
namespace {

constexpr const char* kColumns =
    "id, resource_type, resource_id, template_id, template_version, version, document_number, content_sha256, "
    "pdf_sha256, document_date, created_at";

DocumentRecord record_of(const soci::row& r) {
  DocumentRecord d;
  d.id = db::int64_at(r, 0);
  d.resource_type = r.get<std::string>(1);
  d.resource_id = r.get<std::string>(2);
  d.template_id = r.get<std::string>(3);
  d.template_version = static_cast<int>(db::int64_at(r, 4));
  d.version = static_cast<int>(db::int64_at(r, 5));
  d.document_number = r.get<std::string>(6);
  d.content_sha256 = r.get<std::string>(7);
  d.pdf_sha256 = r.get<std::string>(8);
  d.document_date = r.get<std::string>(9);
  d.created_at = r.get<std::string>(10);
  return d;
}

}  // namespace

std::string document_number(const Template& t, const std::string& resource_id, Date date, int version) {
  return t.number_prefix + "〔" + std::to_string(date.year()) + "〕" + resource_id + "号（第" +
         std::to_string(version) + "版）";
}

std::vector<DocumentRecord> versions(db::Tx& tx, const std::string& resource_type, const std::string& resource_id,
                                     const std::string& template_id) {
  std::vector<DocumentRecord> out;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " << kColumns
                        << " FROM documents WHERE resource_type = :t AND resource_id = :r AND "
                           "template_id = :p ORDER BY version",
       soci::use(resource_type), soci::use(resource_id), soci::use(template_id));
  for (const auto& r : rows) out.push_back(record_of(r));
  return out;
}

std::vector<DocumentRecord> find_by_digest(db::Tx& tx, const std::string& content_sha256) {
  std::vector<DocumentRecord> out;
  soci::rowset<soci::row> rows =
      (tx.sql().prepare << "SELECT " << kColumns << " FROM documents WHERE content_sha256 = :d ORDER BY id",
       soci::use(content_sha256));
  for (const auto& r : rows) out.push_back(record_of(r));
  return out;
}

IssuedDocument issue(db::Tx& tx, const RequestContext& ctx, const DocumentSet& set, const IssueRequest& r) {
  const Template& t = *r.tpl;
  std::string digest = content_digest(t, r.values);
  auto existing = versions(tx, r.resource_type, r.resource_id, t.id);
  IssuedDocument out;
  for (const auto& v : existing)
    if (v.content_sha256 == digest) out.record = v;
  bool is_new = out.record.id == 0;
  int version = is_new ? (existing.empty() ? 1 : existing.back().version + 1) : out.record.version;
  Date date = is_new ? r.date : Date::parse(out.record.document_date).value();
  std::string number = is_new ? document_number(t, r.resource_id, date, version) : out.record.document_number;
  RenderedPdf pdf = render_pdf(set, t, r.values, {r.organization, number, date});
  if (!is_new) {
    // Same content, same bytes: a difference means the renderer or the fonts changed under the register.
    if (pdf.pdf_sha256 != out.record.pdf_sha256)
      spdlog::warn("document {} version {} rendered to other bytes than recorded (fonts or renderer changed)",
                   out.record.id, out.record.version);
    out.pdf = std::move(pdf.bytes);
    return out;
  }
  DocumentRecord& d = out.record;
  d.resource_type = r.resource_type;
  d.resource_id = r.resource_id;
  d.template_id = t.id;
  d.template_version = t.version;
  d.version = version;
  d.document_number = number;
  d.content_sha256 = digest;
  d.pdf_sha256 = pdf.pdf_sha256;
  d.document_date = date.to_string();
  d.created_at = ctx.now().to_iso_utc();
  long long id = 0;
  int tv = d.template_version, ver = d.version;
  tx.sql()
      << "INSERT INTO documents (resource_type, resource_id, template_id, template_version, version, document_number, "
         "content_sha256, pdf_sha256, document_date, created_at) VALUES (:rt, :ri, :t, :tv, :v, :n, :c, :p, :d, :at) "
         "RETURNING id",
      soci::use(d.resource_type), soci::use(d.resource_id), soci::use(d.template_id), soci::use(tv), soci::use(ver),
      soci::use(d.document_number), soci::use(d.content_sha256), soci::use(d.pdf_sha256), soci::use(d.document_date),
      soci::use(d.created_at), soci::into(id);
  d.id = id;
  audit::record(tx, ctx,
                {"document.issue", "document", std::to_string(id), std::nullopt,
                 nlohmann::json{{"resource_type", d.resource_type},
                                {"resource_id", d.resource_id},
                                {"template_id", d.template_id},
                                {"version", d.version},
                                {"content_sha256", d.content_sha256},
                                {"pdf_sha256", d.pdf_sha256}}});
  out.pdf = std::move(pdf.bytes);
  out.created = true;
  return out;
}

std::vector<db::Migration> migrations() {
  return {{120, "documents", R"(
CREATE TABLE documents (
  id {{pk}},
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  version INTEGER NOT NULL,
  document_number TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  pdf_sha256 TEXT NOT NULL,
  document_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (resource_type, resource_id, template_id, version)
);
CREATE INDEX documents_content ON documents (content_sha256)
)"}};
}

}  // namespace medrisk::documents
