// Loads data/errors/*.json into the error catalogue. A malformed file or a code defined twice stops
// start-up (std::runtime_error naming the file and the code): a wrong message is worse than none.
#include "kernel/error_catalogue.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace medrisk {
namespace {

struct KindRow {
  ErrorKind kind;
  std::string_view name;
  int status;
};

constexpr std::array<KindRow, 11> kKinds{{
    {ErrorKind::invalid_input, "invalid_input", 400},
    {ErrorKind::unauthenticated, "unauthenticated", 401},
    {ErrorKind::forbidden, "forbidden", 403},
    {ErrorKind::not_found, "not_found", 404},
    {ErrorKind::conflict, "conflict", 409},
    {ErrorKind::too_large, "too_large", 413},
    {ErrorKind::unsupported_media_type, "unsupported_media_type", 415},
    {ErrorKind::rule_violated, "rule_violated", 422},
    {ErrorKind::too_many_requests, "too_many_requests", 429},
    {ErrorKind::unavailable, "unavailable", 503},
    {ErrorKind::internal, "internal", 500},
}};

const KindRow& row(ErrorKind kind) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(), [&](const KindRow& r) { return r.kind == kind; });
  return it != kKinds.end() ? *it : kKinds.back();
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& code, const std::string& why) {
  throw std::runtime_error("error catalogue " + file.string() + (code.empty() ? "" : ", code '" + code + "'") +
                           ": " + why);
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "", "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// nlohmann::json silently keeps the last of two equal keys, so duplicates inside one file are
// caught while parsing.
nlohmann::json parse_rejecting_duplicates(const std::filesystem::path& file) {
  std::string text = read_text(file);
  std::set<std::string> seen;
  auto on_event = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    if (event == nlohmann::json::parse_event_t::key && depth == 1) {
      auto key = parsed.get<std::string>();
      if (!seen.insert(key).second) fail(file, key, "defined twice in the same file");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, on_event);
  } catch (const nlohmann::json::exception& e) {
    fail(file, "", std::string("not valid JSON: ") + e.what());
  }
}

std::string message(const std::filesystem::path& file, const std::string& code, const nlohmann::json& entry,
                    const char* lang) {
  auto it = entry.find(lang);
  if (it == entry.end() || !it->is_string() || it->get<std::string>().empty()) {
    fail(file, code, std::string("missing message '") + lang + "'");
  }
  return it->get<std::string>();
}

ErrorInfo parse_entry(const std::filesystem::path& file, const std::string& code, const nlohmann::json& entry) {
  if (!entry.is_object()) fail(file, code, "entry is not an object");
  ErrorInfo info;
  auto kind = entry.find("kind");
  if (kind == entry.end() || !kind->is_string() || !parse_error_kind(kind->get<std::string>(), info.kind)) {
    fail(file, code, "missing or unknown kind");
  }
  info.zh_cn = message(file, code, entry, "zh-CN");
  info.en_us = message(file, code, entry, "en-US");
  return info;
}

}  // namespace

int http_status(ErrorKind kind) { return row(kind).status; }

std::string_view to_string(ErrorKind kind) { return row(kind).name; }

bool parse_error_kind(std::string_view text, ErrorKind& out) {
  auto it = std::find_if(kKinds.begin(), kKinds.end(), [&](const KindRow& r) { return r.name == text; });
  if (it == kKinds.end()) return false;
  out = it->kind;
  return true;
}

void ErrorCatalogue::load_directory(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) fail(dir, "", "is not a directory");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // the same error message whatever the directory order
  for (const auto& file : files) {
    nlohmann::json doc = parse_rejecting_duplicates(file);
    if (!doc.is_object()) fail(file, "", "top level is not an object");
    for (const auto& [code, entry] : doc.items()) {
      if (contains(code)) fail(file, code, "already defined in another file");
      add(code, parse_entry(file, code, entry));
    }
  }
}

void ErrorCatalogue::add(std::string code, ErrorInfo info) {
  if (code.empty()) throw std::runtime_error("error catalogue: empty code");
  auto [it, inserted] = entries_.emplace(std::move(code), std::move(info));
  if (!inserted) throw std::runtime_error("error catalogue: code '" + it->first + "' defined twice");
}

const ErrorInfo& ErrorCatalogue::find(std::string_view code) const {
  static const ErrorInfo unknown{ErrorKind::internal, "系统内部错误，请稍后重试或联系平台管理员。",
                                 "Internal error. Please try again later or contact the platform administrator."};
  auto it = entries_.find(code);
  return it == entries_.end() ? unknown : it->second;
}

bool ErrorCatalogue::contains(std::string_view code) const { return entries_.find(code) != entries_.end(); }

}  // namespace medrisk
