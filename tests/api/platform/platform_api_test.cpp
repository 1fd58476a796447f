// Whole-system promises: the OpenAPI document matches the router; a kill -9 in the middle of writes
// loses no acknowledged write; `medrisk audit verify` catches a hand-altered row; sensitive columns
// hold no plaintext; SIGTERM drains.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <soci/postgresql/soci-postgresql.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "support/api_fixture.hpp"
#include "platform/db/database.hpp"

namespace medrisk::testing {
namespace {

std::unique_ptr<soci::session> raw_session(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=" + url.substr(7));
  return std::make_unique<soci::session>(*soci::factory_postgresql(), db::postgres_conninfo(url));
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(OpenApi, EveryRouteIsDocumentedAndEveryDocumentedRouteExists) {
  auto dir = temp_dir("routes");
  std::string out;
  int rc = run_cli({"--db", "sqlite:" + (dir / "r.db").string(), "--keys", (dir / "k.json").string(), "serve", "--demo",
                    "--print-routes"}, out);
  ASSERT_EQ(rc, 0) << out;
  std::set<std::string> routed;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("GET ", 0) == 0 || line.rfind("POST ", 0) == 0 || line.rfind("PUT ", 0) == 0 ||
        line.rfind("PATCH ", 0) == 0 || line.rfind("DELETE ", 0) == 0)
      routed.insert(line);
  }
  auto doc = nlohmann::json::parse(slurp(source_dir() / "api" / "openapi.json"));
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      std::string m = method;
      std::transform(m.begin(), m.end(), m.begin(), ::toupper);
      documented.insert(m + " " + path);
      EXPECT_TRUE(op.contains("responses")) << m << " " << path;
      // Any operation that touches the database can answer 503 database_unreachable/unwritable.
      if (path != "/healthz" && path != "/readyz")
        EXPECT_EQ(op["responses"].value("503", nlohmann::json()), (nlohmann::json{{"$ref", "#/components/responses/Unavailable"}}))
            << m << " " << path << " does not list the common 503 response";
    }
  for (const auto& r : routed) EXPECT_TRUE(documented.contains(r)) << "undocumented route: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routed.contains(d)) << "documented route that does not exist: " << d;
  EXPECT_GT(routed.size(), 10u);
}

TEST(Durability, KillNineLosesNoAcknowledgedWrite) {
  auto keys = temp_dir("durkeys") / "keys.json";
  std::string url = fresh_database_url("durability");
  ServerProcess server(url, keys);
  server.start();
  std::string admin = Api(server.port()).login("admin");
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      Api client(server.port());
      for (int i = 0; !stop; ++i) {
        std::string name = "耐久测试机构-" + std::to_string(w) + "-" + std::to_string(i);
        auto r = client.post("/api/v1/organizations", {{"name", name}, {"kind", "medical_institution"},
                                                       {"region_code", "440000"}}, admin);
        if (r.status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.push_back(name);
        } else if (r.status < 0) {
          return;  // the server is gone
        }
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server.kill9();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GT(acknowledged.size(), 10u) << "the test must have written something before the crash";

  ServerProcess restarted(url, keys);
  restarted.start();
  Api client(restarted.port());
  std::string token = client.login("admin");
  std::set<std::string> present;
  std::string cursor;
  for (;;) {
    auto page = client.get("/api/v1/organizations?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    ASSERT_EQ(page.status, 200);
    for (const auto& o : page.body["items"]) present.insert(o["name"].get<std::string>());
    if (!page.body["next_cursor"].is_string()) break;
    cursor = page.body["next_cursor"];
  }
  for (const auto& name : acknowledged) EXPECT_TRUE(present.contains(name)) << "lost acknowledged write " << name;
  EXPECT_EQ(restarted.stop(), 0);
  std::string out;
  EXPECT_EQ(run_cli({"--db", url, "--keys", keys.string(), "audit", "verify"}, out), 0) << out;
}

TEST(AuditVerify, PassesThenNamesTheAlteredEntry) {
  auto keys = temp_dir("audkeys") / "keys.json";
  std::string url = fresh_database_url("auditverify");
  {
    ServerProcess server(url, keys);
    server.start();
    Api(server.port()).login("admin");
    ASSERT_EQ(server.stop(), 0);
  }
  std::string out;
  ASSERT_EQ(run_cli({"--db", url, "--keys", keys.string(), "audit", "verify"}, out), 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;
  raw_session(url)->once << "UPDATE audit_log SET action = 'user.delete' WHERE id = 5";
  EXPECT_NE(run_cli({"--db", url, "--keys", keys.string(), "audit", "verify"}, out), 0);
  EXPECT_NE(out.find("entry 5"), std::string::npos) << out;
}

TEST(Privacy, SensitiveColumnsHoldNoPlaintext) {
  auto keys = temp_dir("privkeys") / "keys.json";
  std::string url = fresh_database_url("privacy");
  const std::string phone = "17077770042";
  {
    ServerProcess server(url, keys);
    server.start();
    Api client(server.port());
    ASSERT_EQ(client.post("/api/v1/auth/registration-codes", {{"phone", phone}}).status, 202);
    auto code = client.get("/api/v1/demo/last-registration-code?phone=" + phone);
    ASSERT_EQ(client.post("/api/v1/auth/registrations", {{"phone", phone}, {"code", code.body["code"]},
                                                         {"password", "Patient-pass-1"}, {"display_name", "隐私测试"}})
                  .status,
              201);
    ASSERT_EQ(server.stop(), 0);
    EXPECT_EQ(server.log().find(phone), std::string::npos) << "the phone number must not appear in the log";
  }
  auto session = raw_session(url);
  std::vector<std::string> values(100);
  *session << "SELECT COALESCE(phone_enc, '') || ' ' || COALESCE(phone_index, '') FROM users", soci::into(values);
  for (const auto& v : values) EXPECT_EQ(v.find(phone), std::string::npos) << v;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    std::string bytes = slurp(path) + slurp(path + "-wal");
    EXPECT_EQ(bytes.find(phone), std::string::npos) << "the raw database file holds the phone in plaintext";
    EXPECT_NE(bytes.find(crypto_suite() == crypto::Suite::gm ? "gm1:" : "enc1:"), std::string::npos)
        << "ciphertext of the run's suite is where the phone was";
  }
}

// Issue 16 through the operator commands: `keys init --suite gm`, a server writing under it, then
// `keys rotate --suite default` re-encrypts everything and moves the audit chain; the patient still logs
// in by phone (blind index), the chain verifies across both suites, and the rows hold no plaintext.
TEST(CryptoSuites, KeysInitGmThenRotateToDefaultThroughTheCommandLine) {
  auto keys = temp_dir("suitecli") / "keys.json";
  std::string url = fresh_database_url("suitecli");
  const std::string phone = "17077770316";
  std::string out;
  ASSERT_EQ(run_cli({"--db", url, "--keys", keys.string(), "keys", "init", "--suite", "gm"}, out), 0) << out;
  EXPECT_NE(run_cli({"--db", url, "--keys", keys.string(), "keys", "init", "--suite", "gm"}, out), 0)
      << "an existing key file is never overwritten";
  EXPECT_NE(
      run_cli({"--db", url, "--keys", (keys.parent_path() / "x.json").string(), "keys", "init", "--suite", "aes"}, out),
      0);
  {
    ServerProcess server(url, keys);
    server.start();
    Api client(server.port());
    ASSERT_EQ(client.post("/api/v1/auth/registration-codes", {{"phone", phone}}).status, 202);
    auto code = client.get("/api/v1/demo/last-registration-code?phone=" + phone);
    ASSERT_EQ(client
                  .post("/api/v1/auth/registrations", {{"phone", phone},
                                                       {"code", code.body["code"]},
                                                       {"password", "Patient-pass-1"},
                                                       {"display_name", "国密测试"}})
                  .status,
              201);
    ASSERT_EQ(server.stop(), 0);
  }
  auto column = [&](const std::string& sql) {
    std::string v;
    *raw_session(url) << sql, soci::into(v);
    return v;
  };
  const std::string phone_enc = "SELECT phone_enc FROM users WHERE phone_enc IS NOT NULL";
  EXPECT_TRUE(column(phone_enc).starts_with("gm1:k1:")) << column(phone_enc);
  EXPECT_EQ(column("SELECT suite FROM audit_log ORDER BY id DESC LIMIT 1"), "gm");

  ASSERT_EQ(run_cli({"--db", url, "--keys", keys.string(), "keys", "rotate", "--suite", "default"}, out), 0) << out;
  EXPECT_NE(out.find("active key k2 (suite default)"), std::string::npos) << out;
  EXPECT_TRUE(column(phone_enc).starts_with("enc1:k2:")) << column(phone_enc);
  EXPECT_EQ(column("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), "audit.suite_change");
  EXPECT_EQ(column("SELECT suite FROM audit_log ORDER BY id DESC LIMIT 1"), "default");
  ASSERT_EQ(run_cli({"--db", url, "--keys", keys.string(), "audit", "verify"}, out), 0) << out;
  EXPECT_NE(out.find("intact"), std::string::npos) << out;
  {
    ServerProcess server(url, keys);
    server.start();
    Api client(server.port());
    EXPECT_EQ(client.post("/api/v1/auth/login", {{"username", phone}, {"password", "Patient-pass-1"}}).status, 200)
        << "found by its (unchanged, HMAC-SM3) blind index after the move";
    ASSERT_EQ(server.stop(), 0);
  }
  std::vector<std::string> values(100);
  *raw_session(url) << "SELECT COALESCE(phone_enc, '') || ' ' || COALESCE(phone_index, '') FROM users",
      soci::into(values);
  for (const auto& v : values) EXPECT_EQ(v.find(phone), std::string::npos) << v;
}

}  // namespace
}  // namespace medrisk::testing
