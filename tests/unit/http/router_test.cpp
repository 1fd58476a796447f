// Router matching table (parameters, exact-over-parameter precedence, 405 detection) and the Request
// helpers, including the bounded JSON body parser.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "platform/http/router.hpp"

namespace medrisk::http {
namespace {

Handler ok() {
  return [](Request&) -> Result<Response> { return Response::no_content(); };
}

Router sample_router() {
  Router r;
  r.get("/api/v1/cases", ok());
  r.post("/api/v1/cases", ok());
  r.get("/api/v1/cases/{id}", ok());
  r.get("/api/v1/cases/new", ok());
  r.get("/api/v1/cases/{id}/events", ok());
  r.get("/api/v1/cases/{id}/events/{event_id}", ok());
  r.del("/api/v1/cases/{id}/events/{event_id}", ok());
  r.get("/api/v1/{kind}/summary", ok());
  r.get("/api/v1/policies/summary", ok());
  r.get("/", ok(), Access::public_);
  return r;
}

struct MatchRow {
  Method method;
  std::string path;
  std::string pattern;  // "" = no route
  bool path_known;
  std::map<std::string, std::string> params;
};

TEST(Router, MatchingTable) {
  const Router router = sample_router();
  const std::vector<MatchRow> table = {
      {Method::get, "/api/v1/cases", "/api/v1/cases", true, {}},
      {Method::post, "/api/v1/cases", "/api/v1/cases", true, {}},
      {Method::put, "/api/v1/cases", "", true, {}},
      {Method::get, "/api/v1/cases/42", "/api/v1/cases/{id}", true, {{"id", "42"}}},
      {Method::get, "/api/v1/cases/new", "/api/v1/cases/new", true, {}},  // exact beats {id}
      {Method::get, "/api/v1/cases/42/events", "/api/v1/cases/{id}/events", true, {{"id", "42"}}},
      {Method::get, "/api/v1/cases/42/events/7", "/api/v1/cases/{id}/events/{event_id}", true,
       {{"id", "42"}, {"event_id", "7"}}},
      {Method::del, "/api/v1/cases/42/events/7", "/api/v1/cases/{id}/events/{event_id}", true,
       {{"id", "42"}, {"event_id", "7"}}},
      {Method::patch, "/api/v1/cases/42/events/7", "", true, {}},
      {Method::get, "/api/v1/policies/summary", "/api/v1/policies/summary", true, {}},
      {Method::get, "/api/v1/claims/summary", "/api/v1/{kind}/summary", true, {{"kind", "claims"}}},
      {Method::get, "/api/v1/cases/", "", false, {}},  // an empty segment is not a parameter
      {Method::get, "/api/v1/cases/42/", "", false, {}},
      {Method::get, "/api/v1/cases/42/events/7/x", "", false, {}},
      {Method::get, "/api/v1", "", false, {}},
      {Method::get, "/api/v2/cases", "", false, {}},
      {Method::get, "/", "/", true, {}},
      {Method::get, "", "", false, {}},
  };
  for (const MatchRow& row : table) {
    SCOPED_TRACE(std::string(to_string(row.method)) + " " + row.path);
    const Router::Match m = router.match(row.method, row.path);
    if (row.pattern.empty()) {
      EXPECT_EQ(m.route, nullptr);
    } else {
      ASSERT_NE(m.route, nullptr);
      EXPECT_EQ(m.route->pattern, row.pattern);
      EXPECT_EQ(m.params, row.params);
    }
    EXPECT_EQ(m.path_known, row.path_known);
  }
}

TEST(Router, AllowedMethodsOfAPathAreListedForThe405) {
  const Router router = sample_router();
  EXPECT_EQ(router.match(Method::put, "/api/v1/cases").allowed, (std::vector<Method>{Method::get, Method::post}));
  EXPECT_EQ(router.match(Method::patch, "/api/v1/cases/42/events/7").allowed,
            (std::vector<Method>{Method::get, Method::del}));
  EXPECT_TRUE(router.match(Method::get, "/api/v2/cases").allowed.empty());
}

TEST(Router, NameDefaultsToPattern) {
  Router r;
  r.get("/api/v1/cases/{id}", ok());
  r.add(Route{Method::post, "/api/v1/quotes", ok(), Access::public_, 4096, false, "quotes.create"});
  EXPECT_EQ(r.routes()[0].name, "/api/v1/cases/{id}");
  EXPECT_EQ(r.routes()[1].name, "quotes.create");
}

TEST(Router, MethodNames) {
  EXPECT_EQ(to_string(Method::get), "GET");
  EXPECT_EQ(to_string(Method::post), "POST");
  EXPECT_EQ(to_string(Method::put), "PUT");
  EXPECT_EQ(to_string(Method::patch), "PATCH");
  EXPECT_EQ(to_string(Method::del), "DELETE");
}

TEST(Request, Helpers) {
  Request rq;
  rq.headers = {{"content-type", "application/json"}, {"x-request-id", "abc"}};
  rq.path_params = {{"id", "42"}};
  rq.query = {{"status", "open"}, {"status", "closed"}};
  EXPECT_EQ(rq.header("x-request-id"), "abc");
  EXPECT_EQ(rq.header("authorization"), "");
  EXPECT_EQ(rq.param("id"), "42");
  EXPECT_EQ(rq.param("other"), "");
  EXPECT_EQ(rq.query_param("status"), "open");
  EXPECT_EQ(rq.query_param("page"), std::nullopt);
}

std::string code_of(const std::string& body) {
  Request rq;
  rq.body = body;
  const Result<nlohmann::json> r = rq.json_body();
  return r.ok() ? "ok" : r.error().code;
}

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth - 1), '[') + "{}" + std::string(static_cast<std::size_t>(depth - 1), ']');
}

TEST(Request, JsonBody) {
  EXPECT_EQ(code_of(R"({"a": 1, "b": [1, {"c": "}}}]]]"}]})"), "ok");
  EXPECT_EQ(code_of(""), "malformed_json");
  EXPECT_EQ(code_of("{"), "malformed_json");
  EXPECT_EQ(code_of(R"({"a": 1,})"), "malformed_json");
  EXPECT_EQ(code_of("{\"a\": \"\xff\"}"), "malformed_json");  // not UTF-8
  EXPECT_EQ(code_of("[1, 2]"), "json_body_must_be_object");
  EXPECT_EQ(code_of("\"text\""), "json_body_must_be_object");
  EXPECT_EQ(code_of("null"), "json_body_must_be_object");
  // The boundary: kMaxJsonDepth levels pass, one more is refused before parsing.
  EXPECT_EQ(code_of("{\"x\":" + nested(kMaxJsonDepth - 1) + "}"), "ok");
  EXPECT_EQ(code_of("{\"x\":" + nested(kMaxJsonDepth) + "}"), "json_too_deep");
  EXPECT_EQ(code_of(std::string(100000, '[')), "json_too_deep");  // no stack overflow
  // Brackets inside strings (with escaped quotes) are not nesting.
  EXPECT_EQ(code_of("{\"x\": \"\\\"" + std::string(100, '[') + "\"}"), "ok");
}

TEST(Response, Builders) {
  const Response r = Response::json(201, nlohmann::json{{"id", 7}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"id":7})");
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  const Response invalid = Response::json(200, nlohmann::json{{"name", "\xff"}});  // replaced, no throw
  EXPECT_FALSE(invalid.body.empty());
  const Response empty = Response::no_content();
  EXPECT_EQ(empty.status, 204);
  EXPECT_TRUE(empty.body.empty());
}

}  // namespace
}  // namespace medrisk::http

// The one body parser of every write (issue 13): a route's handler never sees a body its route does
// not take, whatever the handler itself forgets to check.
namespace medrisk::http {
namespace {

Request write_with(std::string body, std::string content_type = "application/json") {
  Request rq;
  rq.method = Method::post;
  rq.body = std::move(body);
  if (!content_type.empty()) rq.headers.emplace_back("content-type", std::move(content_type));
  return rq;
}

Route route_taking(Body b) {
  Route r;
  r.method = Method::post;
  r.pattern = "/api/v1/things";
  r.handler = ok();
  r.body = b;
  return r;
}

std::string code_of(const Status& s) { return s.ok() ? "ok" : s.error().code; }

TEST(PrepareBody, JsonRoutesTakeOneJsonObject) {
  struct Row {
    const char* body;
    const char* content_type;
    const char* expected;
  };
  const Row table[] = {
      {R"({"a": 1})", "application/json", "ok"},
      {R"({"a": 1})", "application/json; charset=utf-8", "ok"},
      {R"({"a": 1})", "Application/JSON", "ok"},
      {R"({"a": 1})", "application/merge-patch+json", "ok"},
      {R"({"a": 1})", "text/plain", "unsupported_media_type"},
      {R"({"a": 1})", "", "unsupported_media_type"},
      {"{", "application/json", "malformed_json"},
      {"", "application/json", "malformed_json"},
      {"[1, 2]", "application/json", "json_body_must_be_object"},
      {R"({"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})", "application/json", "json_too_deep"},
  };
  for (const auto& row : table) {
    Request rq = write_with(row.body, row.content_type);
    EXPECT_EQ(code_of(prepare_body(route_taking(Body::json), rq)), row.expected) << row.body << " / " << row.content_type;
  }
  Request rq = write_with(R"({"a": 1})");
  ASSERT_TRUE(prepare_body(route_taking(Body::json), rq).ok());
  ASSERT_TRUE(rq.parsed_body);
  auto parsed = rq.json_body();
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["a"], 1);
}

TEST(PrepareBody, RoutesWithoutBodyTakeNothingOrAnEmptyObject) {
  for (const char* body : {"", "{}", " { } "}) {
    Request rq = write_with(body);
    EXPECT_TRUE(prepare_body(route_taking(Body::none), rq).ok()) << body;
  }
  Request empty_without_type = write_with("", "");
  EXPECT_TRUE(prepare_body(route_taking(Body::none), empty_without_type).ok());
  Request malformed = write_with("{");
  EXPECT_EQ(code_of(prepare_body(route_taking(Body::none), malformed)), "malformed_json");
  Request field = write_with(R"({"amount_fen": 1})");
  Status s = prepare_body(route_taking(Body::none), field);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "request_invalid");
  ASSERT_EQ(s.error().violations.size(), 1u);
  EXPECT_EQ(s.error().violations[0].field, "/amount_fen");
  EXPECT_EQ(s.error().violations[0].code, "field_unknown");
}

TEST(PrepareBody, RawRoutesAndReadsAreLeftToTheirHandler) {
  Request upload = write_with(std::string("%PDF-1.7\0binary", 15), "application/pdf");
  EXPECT_TRUE(prepare_body(route_taking(Body::raw), upload).ok());
  EXPECT_FALSE(upload.parsed_body);
  Request get = write_with("{", "text/plain");
  get.method = Method::get;
  EXPECT_TRUE(prepare_body(route_taking(Body::json), get).ok());
}

}  // namespace
}  // namespace medrisk::http
