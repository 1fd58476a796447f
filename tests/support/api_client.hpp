// A small JSON client over cpp-httplib for API tests: requests with an optional session token and
// language, responses with the status, parsed JSON body and headers.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace medrisk::testing {

struct ApiResponse {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string raw;
  std::string content_type;
  httplib::Headers headers;
  std::string header(const std::string& name) const;
};

class Api {
 public:
  explicit Api(int port);
  ApiResponse get(const std::string& path, const std::string& token = {}, const std::string& lang = {});
  ApiResponse post(const std::string& path, const nlohmann::json& body, const std::string& token = {},
                   const std::string& lang = {});
  ApiResponse patch(const std::string& path, const nlohmann::json& body, const std::string& token = {},
                    const std::string& lang = {});
  // A JSON POST with extra request headers (e.g. Idempotency-Key).
  ApiResponse post_with_headers(const std::string& path, const nlohmann::json& body, const std::string& token,
                                const httplib::Headers& extra);
  ApiResponse post_raw(const std::string& path, const std::string& body, const std::string& content_type,
                       const std::string& token = {});
  // Logs in and returns the session token (fails the test when the login is refused).
  std::string login(const std::string& username, const std::string& password = "medrisk-demo");

 private:
  ApiResponse wrap(const httplib::Result& r);
  httplib::Headers headers(const std::string& token, const std::string& lang) const;
  httplib::Client client_;
};

}  // namespace medrisk::testing
