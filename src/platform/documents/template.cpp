// Loading and filling document templates (see template.hpp).
#include "platform/documents/template.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "platform/crypto/crypto.hpp"

namespace medrisk::documents {
namespace {

using nlohmann::json;

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Block::Kind kind_of(const std::string& type) {
  if (type == "title") return Block::Kind::title;
  if (type == "heading") return Block::Kind::heading;
  if (type == "paragraph") return Block::Kind::paragraph;
  if (type == "fields") return Block::Kind::fields;
  if (type == "table") return Block::Kind::table;
  if (type == "signatures") return Block::Kind::signatures;
  throw std::runtime_error("unknown block type: " + type);
}

}  // namespace

const Template* DocumentSet::find(const std::string& id) const {
  auto it = templates.find(id);
  return it == templates.end() ? nullptr : &it->second;
}

std::string Template::term(const std::string& group, const std::string& code) const {
  auto g = terms.find(group);
  if (g == terms.end()) return code;
  auto it = g->second.find(code);
  return it == g->second.end() ? code : it->second;
}

Template parse_template(const json& j) {
  Template t;
  t.id = j.at("id").get<std::string>();
  t.version = j.at("version").get<int>();
  t.lang = j.value("lang", "zh-CN");
  t.title = j.at("title").get<std::string>();
  t.number_prefix = j.at("number_prefix").get<std::string>();
  t.verify_url = j.value("verify_url", std::string());
  t.source = j.at("source").get<std::string>();
  if (j.contains("terms")) t.terms = j.at("terms").get<std::map<std::string, std::map<std::string, std::string>>>();
  for (const auto& b : j.at("blocks")) {
    Block block;
    block.kind = kind_of(b.at("type").get<std::string>());
    if (b.contains("when")) block.when = b.at("when").get<std::string>();
    switch (block.kind) {
      case Block::Kind::title:
      case Block::Kind::heading:
      case Block::Kind::paragraph:
        block.text = b.at("text").get<std::string>();
        break;
      case Block::Kind::fields:
        for (const auto& row : b.at("rows"))
          block.fields.emplace_back(row.at(0).get<std::string>(), row.at(1).get<std::string>());
        break;
      case Block::Kind::table:
        block.rows_from = b.at("rows_from").get<std::string>();
        for (const auto& c : b.at("columns"))
          block.columns.push_back({c.at("title").get<std::string>(), c.at("cell").get<std::string>(),
                                   c.value("width", 1.0), c.value("align", "left") == "right"});
        if (b.contains("total")) block.total = b.at("total").get<std::vector<std::string>>();
        if (!block.total.empty() && block.total.size() != block.columns.size())
          throw std::runtime_error("table total must have one cell per column");
        break;
      case Block::Kind::signatures:
        for (const auto& s : b.at("parties"))
          block.signatures.push_back(
              {s.at("role").get<std::string>(), s.at("name").get<std::string>(), s.at("date").get<std::string>()});
        break;
    }
    t.blocks.push_back(std::move(block));
  }
  return t;
}

DocumentSet load_document_set(const std::filesystem::path& dir) {
  DocumentSet set;
  auto index_path = dir / "documents.json";
  json index;
  try {
    index = json::parse(read_text(index_path));
    const auto& l = index.at("labels");
    set.labels = {l.at("number"), l.at("page"), l.at("digest"), l.at("digest_note"), l.at("verify")};
    set.verify_url = index.at("verify_url").get<std::string>();
  } catch (const json::exception& e) {
    throw std::runtime_error(index_path.string() + ": " + e.what());
  }
  for (const auto& file : index.at("templates")) {
    auto p = dir / file.get<std::string>();
    try {
      Template t = parse_template(json::parse(read_text(p)));
      std::string id = t.id;
      set.templates.emplace(id, std::move(t));
    } catch (const json::exception& e) {
      throw std::runtime_error(p.string() + ": " + e.what());
    }
  }
  return set;
}

Template template_from_markdown(std::string id, int version, std::string title, std::string number_prefix,
                                std::string source, const std::string& markdown) {
  Template t;
  t.id = std::move(id);
  t.version = version;
  t.title = std::move(title);
  t.number_prefix = std::move(number_prefix);
  t.source = std::move(source);
  std::string paragraph;
  auto block = [](Block::Kind kind, std::string text) {
    Block b;
    b.kind = kind;
    b.text = std::move(text);
    return b;
  };
  auto flush = [&] {
    while (!paragraph.empty() && paragraph.back() == '\n') paragraph.pop_back();
    if (!paragraph.empty()) t.blocks.push_back(block(Block::Kind::paragraph, paragraph));
    paragraph.clear();
  };
  std::istringstream in(markdown);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("## ", 0) == 0) {
      flush();
      t.blocks.push_back(block(Block::Kind::heading, line.substr(3)));
    } else if (line.rfind("# ", 0) == 0) {
      flush();
      t.blocks.push_back(block(Block::Kind::title, line.substr(2)));
    } else if (line.empty()) {
      flush();
    } else {
      paragraph += line + "\n";
    }
  }
  flush();
  return t;
}

bool present(const json& values, const std::string& key) {
  auto it = values.find(key);
  if (it == values.end() || it->is_null()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) return !it->get<std::string>().empty();
  if (it->is_array() || it->is_object()) return !it->empty();
  return true;
}

std::string fill(const std::string& text, const json& values, const json* row) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    std::size_t close = open == std::string::npos ? open : text.find("}}", open + 2);
    if (close == std::string::npos) {
      out.append(text, pos, std::string::npos);
      break;
    }
    out.append(text, pos, open - pos);
    std::string key = text.substr(open + 2, close - open - 2);
    const json* v = nullptr;
    if (row && row->is_object() && row->contains(key))
      v = &(*row)[key];
    else if (values.is_object() && values.contains(key))
      v = &values[key];
    if (v && v->is_string())
      out += v->get<std::string>();
    else if (v && !v->is_null() && !v->is_structured())
      out += v->dump();
    else if (v && v->is_null()) {
    } else
      out.append(text, open, close + 2 - open);
    pos = close + 2;
  }
  return out;
}

std::string content_digest(const Template& t, const json& values) {
  json canonical{{"template", t.id}, {"version", t.version}, {"values", values}};
  return crypto::sha256_hex(canonical.dump());
}

std::string chinese_date(Date d) {
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}

}  // namespace medrisk::documents
