// Document templates as data (data/documents/*.json): headings, paragraphs with {{placeholders}},
// key-value tables, itemized tables whose header repeats on every page, and signature blocks. Pure: no
// Pango/Cairo here, so modules can include this header and the renderer stays behind renderer.hpp.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/date.hpp"

namespace medrisk::documents {

struct Column {
  std::string title;  // header cell (may hold placeholders)
  std::string cell;   // per row, e.g. "{{amount_yuan}}": looked up in the row first, then in the values
  double width = 1;   // relative
  bool align_right = false;
};

struct Signature {
  std::string role, name, date;  // "患方（签名）", "{{patient_signature}}", "{{patient_signed_on}}"
};

struct Block {
  enum class Kind { title, heading, paragraph, fields, table, signatures } kind = Kind::paragraph;
  std::string text;                                         // title, heading, paragraph
  std::vector<std::pair<std::string, std::string>> fields;  // fields: label → value
  std::vector<Column> columns;                              // table
  std::string rows_from;                                    // table: the values key holding an array of rows
  std::vector<std::string> total;                           // table: an optional last row (one cell per column)
  std::vector<Signature> signatures;
  std::optional<std::string> when;  // the block only appears when this value is present and not empty/false
};

struct Template {
  std::string id;
  int version = 1;
  std::string lang = "zh-CN";
  std::string title;
  std::string number_prefix;  // document numbers read "<prefix>〔<year>〕<resource id> 号"
  std::string source;         // where the wording comes from (legal basis, model text), shown nowhere
  // The QR code's address when it is not the set's digest look-up (e.g. a public verification page
  // "…/verify/witness/{{public_id}}"); filled from the values like the blocks. Empty: the set's.
  std::string verify_url;
  std::vector<Block> blocks;
  // Words the caller picks by code, kept with the template: terms["payer"]["insurer"] = "医疗责任保险人".
  std::map<std::string, std::map<std::string, std::string>> terms;
  // The term, or the code itself when the template has none (visible in the document, not silently empty).
  std::string term(const std::string& group, const std::string& code) const;
};

// The labels printed around every document (header, footer, page numbers) and the verification URL.
struct Labels {
  std::string number = "编号：";
  std::string page = "第 {{page}} 页 / 共 {{pages}} 页";
  std::string digest = "内容摘要 SHA-256：";
  std::string digest_note;  // what the digest is a hash of (printed under it)
  std::string verify = "扫码核验";
};

struct DocumentSet {
  std::map<std::string, Template> templates;  // by id
  Labels labels;
  std::string verify_url;  // "https://…/verify/{{sha256}}"
  const Template* find(const std::string& id) const;
};

// Reads <dir>/documents.json (labels, verify_url, the template files) and each template; throws
// std::runtime_error naming the file and field when something is missing or malformed.
DocumentSet load_document_set(const std::filesystem::path& dir);
Template parse_template(const nlohmann::json& j);

// A template from the Markdown subset of data/disputes/templates/*.md: "# " the title, "## " a heading,
// blank-line separated paragraphs (a single newline stays a line break).
Template template_from_markdown(std::string id, int version, std::string title, std::string number_prefix,
                                std::string source, const std::string& markdown);

// Replaces every {{name}}: first from `row` (when given), then from `values`; strings as they are, numbers
// in their JSON form. A placeholder without a value stays as written, so a mistake is visible.
std::string fill(const std::string& text, const nlohmann::json& values, const nlohmann::json* row = nullptr);
// A `when` condition: the key is present and not null, false, "" or [].
bool present(const nlohmann::json& values, const std::string& key);

// SHA-256 (hex) of the canonical content: {"template": id, "values": …, "version": n} dumped with sorted
// keys. This is what the footer prints: a PDF cannot carry the hash of its own bytes.
std::string content_digest(const Template& t, const nlohmann::json& values);

// A date as documents print it: "2026年3月5日".
std::string chinese_date(Date d);

}  // namespace medrisk::documents
