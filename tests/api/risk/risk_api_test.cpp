// The risk database over HTTP against `serve --demo` (three years of demo exposure for every demo
// hospital): rates, coefficients and exposure under confidentiality (an officer sees their own
// hospital and the province, another hospital's figures are 404; a clinician without risk.read 403);
// the operator's `medrisk risk import-exposure` (all or nothing, every bad row listed in zh/en); and
// the hospital system's signed CSV upload (signed like POST /visit-policies; replays refused).
#include <fstream>
#include <regex>

#include "platform/crypto/crypto.hpp"
#include "support/api_fixture.hpp"

namespace medrisk::testing {
namespace {

class RiskApi : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    ApiTest::SetUpTestSuite();
    crypto::init();
    Api a(server()->port());
    std::string admin = a.login("admin");
    auto orgs = a.get("/api/v1/organizations?kind=medical_institution&limit=200", admin);
    for (const auto& o : orgs.body["items"]) {
      if (o["name"] == "明湖市第一人民医院") hospital1() = o["id"].get<std::int64_t>();
      if (o["name"] == "明湖市中医院") hospital3() = o["id"].get<std::int64_t>();
    }
    std::string out;
    int rc = run_cli({"--db", db_url(), "--keys", keys_path().string(), "partner-key", "create", "--org",
                      std::to_string(hospital1())}, out);
    ASSERT_EQ(rc, 0) << out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, std::regex("key_id (\\S+)\\nsecret (\\S+)"))) << out;
    key_id() = m[1];
    secret() = m[2];
  }
  static std::int64_t& hospital1() { static std::int64_t id = 0; return id; }
  static std::int64_t& hospital3() { static std::int64_t id = 0; return id; }
  static std::string& key_id() { static std::string s; return s; }
  static std::string& secret() { static std::string s; return s; }

  // The documented wire format (the same as POST /visit-policies), written out independently.
  ApiResponse upload(const std::string& body, const std::string& nonce_in = {}) {
    static int counter = 0;
    std::string path = "/api/v1/risk/exposure";
    std::string ts = std::to_string(std::time(nullptr));
    std::string nonce = nonce_in.empty() ? "risk-nonce-" + std::to_string(++counter) + "-" + crypto::random_token(6) : nonce_in;
    std::string sig = crypto::hmac_sha256_hex(secret(), "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + crypto::sha256_hex(body));
    httplib::Headers h = {{"X-MedRisk-Key", key_id()}, {"X-MedRisk-Timestamp", ts}, {"X-MedRisk-Nonce", nonce},
                          {"X-MedRisk-Signature", sig}};
    httplib::Client c("127.0.0.1", server()->port());
    auto r = c.Post(path, h, body, "text/csv");
    ApiResponse out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.content_type = r->get_header_value("Content-Type");
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }
  static std::string header() { return "organization_id,department,month,outpatient_visits,discharges,bed_days,ops_14\n"; }
};

TEST_F(RiskApi, TheRegulatorSeesEveryHospitalWithCredibilityAndCoefficients) {
  std::string token = api().login("regulator");
  auto r = api().get("/api/v1/risk/rates?level=department", token);
  ASSERT_EQ(r.status, 200) << r.raw;
  std::set<std::int64_t> orgs;
  for (const auto& i : r.body["items"]) orgs.insert(i["organization_id"].get<std::int64_t>());
  EXPECT_EQ(orgs.size(), 4u) << "the four demo hospitals";
  ASSERT_FALSE(r.body["province_rows"].empty());
  const auto& first = r.body["items"][0];
  EXPECT_GT(first["exposure_units"].get<double>(), 1000);
  for (const std::string m : {"complaints", "cases", "claims", "claims_incurred", "incidents"}) {
    ASSERT_TRUE(first["measures"].contains(m)) << m;
    EXPECT_GE(first["measures"][m]["z"].get<double>(), 0);
    EXPECT_LE(first["measures"][m]["z"].get<double>(), 1);
  }
  auto c = api().get("/api/v1/risk/coefficients?level=institution", token);
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["items"].size(), 4u);
  EXPECT_TRUE(c.body["items"][0]["coefficients"].contains("claims"));
}

TEST_F(RiskApi, AnOfficerSeesOwnHospitalAndTheProvinceButNotAnotherHospital) {
  std::string token = api().login("officer");
  auto r = api().get("/api/v1/risk/rates?level=department", token);
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["items"].empty());
  for (const auto& i : r.body["items"]) EXPECT_EQ(i["organization_id"], hospital1());
  EXPECT_FALSE(r.body["province_rows"].empty());
  expect_problem(api().get("/api/v1/risk/rates?organization_id=" + std::to_string(hospital3()), token), 404,
                 "resource_not_found");
  expect_problem(api().get("/api/v1/risk/exposure?organization_id=" + std::to_string(hospital3()), token), 404,
                 "resource_not_found");
  auto own = api().get("/api/v1/risk/exposure?organization_id=" + std::to_string(hospital1()) + "&limit=5", token);
  ASSERT_EQ(own.status, 200) << own.raw;
  EXPECT_EQ(own.body["items"].size(), 5u);
  EXPECT_FALSE(own.body["next_cursor"].is_null());
  // A clinician has no risk.read at all.
  expect_problem(api().get("/api/v1/risk/rates", api().login("doctor")), 403, "permission_denied");
  expect_problem(api().get("/api/v1/risk/rates?level=ward", token), 400, "risk_level_invalid");
  expect_problem(api().get("/api/v1/risk/rates?from=2026-05&to=2026-01", token), 400, "risk_period_invalid");
}

TEST_F(RiskApi, TheCommandLineImportRefusesAFileWithABadRowWholeAndListsIt) {
  auto dir = temp_dir("risk-cli");
  std::string bad = header() + std::to_string(hospital1()) + ",骨科,2020-01,100,10,50,1\n" + std::to_string(hospital1()) +
                    ",骨科,2020-13,100,10,50,1\n" + std::to_string(hospital1()) + ",骨科,2020-03,100,-1,50,1\n";
  std::ofstream(dir / "bad.csv") << bad;
  std::string out;
  int rc = run_cli({"--db", db_url(), "--keys", keys_path().string(), "risk", "import-exposure", (dir / "bad.csv").string()}, out);
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("第 3 行，列 month"), std::string::npos) << out;
  EXPECT_NE(out.find("line 3, column month"), std::string::npos) << out;
  EXPECT_NE(out.find("line 4, column discharges"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing was imported"), std::string::npos) << out;
  std::string token = api().login("officer");
  auto none = api().get("/api/v1/risk/exposure?from=2020-01&to=2020-12", token);
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.body["items"].empty()) << "not even the good row";

  std::ofstream(dir / "good.csv") << header() + std::to_string(hospital1()) + ",骨科,2020-01,100,10,50,1\n";
  rc = run_cli({"--db", db_url(), "--keys", keys_path().string(), "risk", "import-exposure", (dir / "good.csv").string()}, out);
  EXPECT_EQ(rc, 0) << out;
  auto one = api().get("/api/v1/risk/exposure?from=2020-01&to=2020-12", token);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body["items"].size(), 1u);
  auto imports = api().get("/api/v1/risk/imports", api().login("regulator"));
  ASSERT_EQ(imports.status, 200);
  bool refused_listed = false;
  for (const auto& i : imports.body["items"])
    if (i["status"] == "refused" && i["issues"].size() == 2u) refused_listed = true;
  EXPECT_TRUE(refused_listed) << imports.raw;
}

TEST_F(RiskApi, AHospitalSystemUploadsSignedCsvForItsOwnInstitutionOnly) {
  std::string csv = header() + std::to_string(hospital1()) + ",骨科,2019-06,100,10,50,3\n";
  auto ok = upload(csv);
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["status"], "imported");
  EXPECT_EQ(ok.body["rows"], 1);
  // The same institution × department × month again: replaced, not added.
  auto again = upload(header() + std::to_string(hospital1()) + ",骨科,2019-06,200,20,80,4\n");
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(again.body["replaced"], 1);
  // Another institution's rows: refused whole, the row listed.
  auto other = upload(csv + std::to_string(hospital3()) + ",骨科,2019-06,100,10,50,3\n");
  expect_problem(other, 400, "exposure_import_refused");
  ASSERT_EQ(other.body["violations"].size(), 1u);
  EXPECT_EQ(other.body["violations"][0]["field"], "/rows/3/organization_id");
  EXPECT_EQ(other.body["violations"][0]["code"], "exposure_organization_not_partner");
  // A replayed nonce and a forged signature: 401, nothing imported.
  std::string july = header() + std::to_string(hospital1()) + ",骨科,2019-07,100,10,50,3\n";
  std::string nonce = "risk-replay-" + crypto::random_token(6);
  ASSERT_EQ(upload(july, nonce).status, 201);
  EXPECT_EQ(upload(july, nonce).status, 401);
  httplib::Client c("127.0.0.1", server()->port());
  auto forged = c.Post("/api/v1/risk/exposure", {{"X-MedRisk-Key", key_id()}, {"X-MedRisk-Timestamp", "1"},
                                                 {"X-MedRisk-Nonce", "n"}, {"X-MedRisk-Signature", "00"}},
                       csv, "text/csv");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
  auto list = api().get("/api/v1/risk/exposure?from=2019-01&to=2019-12", api().login("officer"));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 2u) << "2019-06 (replaced) and 2019-07; nothing of the refused file";
  for (const auto& i : list.body["items"])
    EXPECT_EQ(i["discharges"], i["month"] == "2019-06" ? 20 : 10);
}

}  // namespace
}  // namespace medrisk::testing
