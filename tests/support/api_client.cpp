// See api_client.hpp.
#include "support/api_client.hpp"

#include <gtest/gtest.h>

namespace medrisk::testing {

std::string ApiResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return {};
}

Api::Api(int port) : client_("127.0.0.1", port) {
  client_.set_tcp_nodelay(true);
  client_.set_read_timeout(std::chrono::seconds(30));
}

httplib::Headers Api::headers(const std::string& token, const std::string& lang) const {
  httplib::Headers h;
  if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
  if (!lang.empty()) h.emplace("Accept-Language", lang);
  return h;
}

ApiResponse Api::wrap(const httplib::Result& r) {
  ApiResponse out;
  if (!r) {
    out.status = -1;
    return out;
  }
  out.status = r->status;
  out.raw = r->body;
  out.headers = r->headers;
  out.content_type = r->get_header_value("Content-Type");
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

ApiResponse Api::get(const std::string& path, const std::string& token, const std::string& lang) {
  return wrap(client_.Get(path, headers(token, lang)));
}

ApiResponse Api::post(const std::string& path, const nlohmann::json& body, const std::string& token,
                      const std::string& lang) {
  return wrap(client_.Post(path, headers(token, lang), body.dump(), "application/json"));
}

ApiResponse Api::patch(const std::string& path, const nlohmann::json& body, const std::string& token,
                       const std::string& lang) {
  return wrap(client_.Patch(path, headers(token, lang), body.dump(), "application/json"));
}

ApiResponse Api::post_with_headers(const std::string& path, const nlohmann::json& body, const std::string& token,
                                   const httplib::Headers& extra) {
  auto h = headers(token, {});
  for (const auto& [k, v] : extra) h.emplace(k, v);
  return wrap(client_.Post(path, h, body.dump(), "application/json"));
}

ApiResponse Api::post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                          const std::string& token) {
  return wrap(client_.Post(path, headers(token, {}), body, content_type));
}

std::string Api::login(const std::string& username, const std::string& password) {
  auto r = post("/api/v1/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(r.status, 200) << username << ": " << r.raw;
  if (r.status != 200) return {};
  return r.body.at("token").get<std::string>();
}

}  // namespace medrisk::testing
