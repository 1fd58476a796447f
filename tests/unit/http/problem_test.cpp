// Accept-Language negotiation and RFC 9457 problem rendering in zh-CN and en-US, with violations.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http_test_support.hpp"
#include "platform/http/problem.hpp"

namespace medrisk::http {
namespace {

TEST(AcceptLanguage, Negotiation) {
  const std::vector<std::pair<std::string, std::string>> table = {
      {"", "zh-CN"},
      {"en", "en-US"},
      {"en-US", "en-US"},
      {"EN-gb", "en-US"},
      {"en-US,en;q=0.9", "en-US"},
      {"zh", "zh-CN"},
      {"zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"},
      {"zh-TW", "zh-CN"},
      {"fr-FR,en;q=0.5", "en-US"},
      {"fr-FR", "zh-CN"},
      {"*", "zh-CN"},
      {"en;q=0.3, zh;q=0.7", "zh-CN"},
      {"zh;q=0.2, en;q=0.8", "en-US"},
      {"en;q=0", "zh-CN"},
      {"eng", "zh-CN"},
      {" en-US ; q=1.0 ", "en-US"},
      {"en;q=garbage", "zh-CN"},
      {",,,;;;", "zh-CN"},
  };
  for (const auto& [header, expected] : table) {
    EXPECT_EQ(negotiate_language(header), expected) << "Accept-Language: " << header;
  }
}

TEST(Problem, RendersLocalizedTitleAndViolations) {
  const ErrorCatalogue& catalogue = testing::http_catalogue();
  Error error = Error::of("malformed_json", "unexpected end of input");
  error.with("/patient/phone", "patient_phone_invalid", "11 digits expected").with("/x", "unknown_code", "why");
  for (const std::string lang : {"zh-CN", "en-US"}) {
    const nlohmann::json doc = problem_json(error, catalogue, ProblemContext{lang, "/api/v1/cases", "req-1"});
    EXPECT_EQ(doc["type"], "https://medrisk.example/problems/malformed_json");
    EXPECT_EQ(doc["title"], catalogue.find("malformed_json").message(lang));
    EXPECT_EQ(doc["status"], 400);
    EXPECT_EQ(doc["detail"], "unexpected end of input");
    EXPECT_EQ(doc["code"], "malformed_json");
    EXPECT_EQ(doc["instance"], "/api/v1/cases");
    EXPECT_EQ(doc["request_id"], "req-1");
    ASSERT_EQ(doc["violations"].size(), 2u);
    EXPECT_EQ(doc["violations"][0]["field"], "/patient/phone");
    EXPECT_EQ(doc["violations"][0]["code"], "patient_phone_invalid");
    EXPECT_EQ(doc["violations"][0]["message"], catalogue.find("patient_phone_invalid").message(lang));
    EXPECT_EQ(doc["violations"][1]["message"], "why");  // not in the catalogue: the developer detail
  }
  const nlohmann::json zh = problem_json(error, catalogue, ProblemContext{"zh-CN", "/", "r"});
  EXPECT_EQ(zh["title"], "请求体不是有效的 JSON。");
  const nlohmann::json en = problem_json(error, catalogue, ProblemContext{"en-US", "/", "r"});
  EXPECT_EQ(en["title"], "The request body is not valid JSON.");
}

TEST(Problem, ResponseHasProblemContentTypeAndStatus) {
  Request rq;
  rq.path = "/api/v1/cases/9";
  rq.request_id = "abc";
  rq.lang = "en-US";
  const Response r = problem_response(Error::of("case_not_found"), testing::http_catalogue(), rq);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json; charset=utf-8");
  const auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["title"], "No such case.");
  EXPECT_FALSE(doc.contains("detail"));
  EXPECT_FALSE(doc.contains("violations"));
  const Response r405 =
      problem_response(Error::of("method_not_allowed"), testing::http_catalogue(), rq, 405);
  EXPECT_EQ(r405.status, 405);
  EXPECT_EQ(nlohmann::json::parse(r405.body)["status"], 405);
}

TEST(Problem, EveryHttpCodeIsCatalogued) {
  for (const char* code : {"malformed_json", "json_too_deep", "json_body_must_be_object", "request_body_too_large",
                           "route_not_found", "method_not_allowed", "authentication_required", "server_busy",
                           "internal_error", "service_not_ready"}) {
    EXPECT_TRUE(testing::http_catalogue().contains(code)) << code;
  }
}

}  // namespace
}  // namespace medrisk::http
