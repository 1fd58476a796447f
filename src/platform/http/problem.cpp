// Problem-details rendering (RFC 9457) and Accept-Language negotiation for zh-CN / en-US.
#include "platform/http/problem.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

namespace medrisk::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The weight of one language range ("en-US;q=0.8" → 0.8); 1 when absent, 0 when unparsable.
double quality(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    p.remove_prefix(2);
    // "0", "0.5", "1", "1.000": at most three decimals (RFC 9110 §12.4.2).
    double q = 0;
    if (p.empty() || (p[0] != '0' && p[0] != '1')) return 0;
    q = p[0] - '0';
    if (p.size() > 1) {
      if (p[1] != '.') return 0;
      double scale = 0.1;
      for (std::size_t i = 2; i < p.size() && i < 5; ++i) {
        if (p[i] < '0' || p[i] > '9') return 0;
        q += (p[i] - '0') * scale;
        scale /= 10;
      }
    }
    return q > 1 ? 1 : q;
  }
  return 1;
}

}  // namespace

std::string negotiate_language(std::string_view accept_language) {
  std::string best = "zh-CN";
  double best_q = 0;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    const std::string_view item = trim(accept_language.substr(0, comma));
    accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view range = trim(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : quality(item.substr(semi + 1));
    const char* lang = nullptr;
    if (starts_with_ci(range, "en") && (range.size() == 2 || range[2] == '-')) lang = "en-US";
    else if (starts_with_ci(range, "zh") && (range.size() == 2 || range[2] == '-')) lang = "zh-CN";
    else if (range == "*") lang = "zh-CN";
    if (lang != nullptr && q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

nlohmann::json problem_json(const Error& error, const ErrorCatalogue& catalogue, const ProblemContext& where,
                            std::optional<int> status_override) {
  const ErrorInfo& info = catalogue.find(error.code);
  std::string type(kProblemTypeBase);
  type += error.code;
  nlohmann::json doc = {
      {"type", std::move(type)},
      {"title", info.message(where.lang)},
      {"status", status_override.value_or(http_status(info.kind))},
      {"code", error.code},
      {"instance", where.instance},
      {"request_id", where.request_id},
  };
  if (!error.detail.empty()) doc["detail"] = error.detail;
  for (const auto& [name, value] : error.members)
    if (!doc.contains(name)) doc[name] = value;
  if (!error.violations.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const Violation& v : error.violations) {
      std::string message;
      if (catalogue.contains(v.code)) message = catalogue.find(v.code).message(where.lang);
      else message = v.detail.empty() ? v.code : v.detail;
      list.push_back({{"field", v.field}, {"code", v.code}, {"message", std::move(message)}});
    }
    doc["violations"] = std::move(list);
  }
  return doc;
}

Response problem_response(const Error& error, const ErrorCatalogue& catalogue, const ProblemContext& where,
                          std::optional<int> status_override) {
  const nlohmann::json doc = problem_json(error, catalogue, where, status_override);
  Response r = Response::json(doc["status"].get<int>(), doc);
  r.content_type = kProblemContentType;
  return r;
}

Response problem_response(const Error& error, const ErrorCatalogue& catalogue, const Request& request,
                          std::optional<int> status_override) {
  return problem_response(error, catalogue, ProblemContext{request.lang, request.path, request.request_id},
                          status_override);
}

}  // namespace medrisk::http
