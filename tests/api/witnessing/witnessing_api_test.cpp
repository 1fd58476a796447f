// The witnessing API as its users meet it on the demo province: the surgeon records a talk, the patient
// acknowledges each risk and signs, the record seals and refuses every later change (409); the
// certificate is a PDF; the public verification route needs no login and shows initials only.
#include "support/api_fixture.hpp"
#include "support/pdf.hpp"
#include "kernel/clock.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::testing {
namespace {

using nlohmann::json;

class WitnessingApi : public ApiTest {};

std::string tomorrow() {
  auto d = SystemClock().now().shanghai_date().add_days(3);
  return d.to_string();
}

TEST_F(WitnessingApi, SurgeonRecordsPatientAcknowledgesBothSignAndTheRecordSeals) {
  auto client = api();
  std::string doctor = client.login("doctor"), patient = client.login("patient");
  auto templates = client.get("/api/v1/witness-templates", doctor);
  ASSERT_EQ(templates.status, 200);
  EXPECT_GE(templates.body["items"].size(), 5u);
  auto created = client.post("/api/v1/witness-records",
                             {{"procedure_code", "47.01"},
                              {"procedure_date", tomorrow()},
                              {"patient_name", "郑晓禾"},
                              {"patient_phone", "17012340001"},
                              {"questions", {{{"question", "多久能出院？"}, {"answer", "一般2至3天。"}}}},
                              {"alternatives", {"抗生素保守治疗"}}},
                             doctor);
  ASSERT_EQ(created.status, 201) << created.raw;
  std::string path = "/api/v1/witness-records/" + std::to_string(created.body["id"].get<std::int64_t>());
  EXPECT_EQ(created.body["stage"], "draft");
  expect_problem(client.post(path + "/signatures", {{"signature_text", "郑晓禾"}}, patient), 422,
                 "witness_risks_not_all_acknowledged");
  for (const auto& risk : created.body["risks"]) {
    auto ack = client.post(path + "/acknowledgements", {{"risk_key", risk["key"]}}, patient);
    ASSERT_EQ(ack.status, 200) << ack.raw;
  }
  expect_problem(client.post(path + "/acknowledgements", {{"risk_key", created.body["risks"][0]["key"]}}, patient),
                 409, "witness_risk_already_acknowledged");
  ASSERT_EQ(client.post(path + "/signatures", {{"signature_text", "郑晓禾"}}, patient).status, 200);
  auto sealed = client.post(path + "/signatures", {{"signature_text", "吴思齐"}}, doctor);
  ASSERT_EQ(sealed.status, 200) << sealed.raw;
  EXPECT_EQ(sealed.body["status"], "sealed");
  EXPECT_EQ(sealed.body["risks_acknowledged"], sealed.body["risks"].size());
  std::string hash = sealed.body["record_hash"];

  // Any change after the seal: 409.
  expect_problem(client.post(path + "/signatures", {{"signature_text", "x"}}, patient), 409, "witness_record_sealed");
  expect_problem(client.post(path + "/acknowledgements", {{"risk_key", "bleeding"}}, patient), 409,
                 "witness_record_sealed");
  expect_problem(client.post_raw(path + "/attachments?file_name=a.jpg", "\xFF\xD8\xFF\xE0", "image/jpeg", doctor), 409,
                 "witness_record_sealed");

  // The certificate.
  auto pdf = client.get(path + "/certificate.pdf", patient);
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 300);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  std::string flat = without_whitespace(pdf_to_text(pdf.raw));
  for (const std::string& shown : {std::string("术前谈话见证证书"), std::string("腹腔镜阑尾切除术"), std::string("郑**"),
                                   sealed.body["public_id"].get<std::string>(), hash.substr(0, 16)})
    EXPECT_NE(flat.find(shown), std::string::npos) << shown;
  EXPECT_EQ(flat.find("郑晓禾"), std::string::npos) << "initials only";
  EXPECT_TRUE(uncovered_code_points(pdf_to_text(pdf.raw)).empty());
  EXPECT_GE(rendered_pages(pdf.raw), 1);

  // The public page's route: no login, initials only, the canonical form hashes to the record hash.
  std::string public_id = sealed.body["public_id"];
  auto pub = client.get("/api/v1/witness-verifications/" + public_id);
  ASSERT_EQ(pub.status, 200) << pub.raw;
  EXPECT_EQ(pub.body["record_hash"], hash);
  EXPECT_EQ(crypto::sha256_hex(pub.body["canonical"].get<std::string>()), hash);
  EXPECT_EQ(pub.body["patient_initials"], "郑**");
  EXPECT_EQ(pub.raw.find("郑晓禾"), std::string::npos);
  EXPECT_EQ(pub.raw.find("17012340001"), std::string::npos);
  EXPECT_EQ(pub.raw.find("多久能出院"), std::string::npos);
  expect_problem(client.get("/api/v1/witness-verifications/not-a-record"), 404, "resource_not_found");
}

TEST_F(WitnessingApi, OthersGet404AndTheDemoHasSealedCorrectedAndWaitingRecords) {
  auto client = api();
  std::string officer = client.login("officer");
  auto list = client.get("/api/v1/witness-records?limit=100", officer);
  ASSERT_EQ(list.status, 200) << list.raw;
  int sealed = 0, corrected = 0, waiting = 0;
  std::int64_t any_id = 0;
  for (const auto& r : list.body["items"]) {
    any_id = r["id"];
    if (r["status"] == "sealed") ++sealed;
    if (!r["corrected_by_id"].is_null()) ++corrected;
    if (r["stage"] == "awaiting_patient") ++waiting;
  }
  EXPECT_GE(sealed, 3);
  EXPECT_GE(corrected, 1);
  EXPECT_GE(waiting, 1);
  std::string path = "/api/v1/witness-records/" + std::to_string(any_id);
  for (const char* other : {"doctor2", "regulator", "adjuster", "demo_patient08"})
    expect_problem(client.get(path, client.login(other)), 404, "resource_not_found");
  expect_problem(client.get(path), 401, "authentication_required");
  auto waiting_for_patient = client.get("/api/v1/witness-records", client.login("patient"));
  ASSERT_EQ(waiting_for_patient.status, 200);
  bool found = false;
  for (const auto& r : waiting_for_patient.body["items"]) found = found || r["stage"] == "awaiting_patient";
  EXPECT_TRUE(found) << "the demo patient has a talk to acknowledge and sign";
}

// Consent: the regulator (no role purpose: under any grant naming it) and an insurer's adjuster (insurer
// claim) read a sealed record only while the patient's grant over witness records is live; each read is
// in the patient's access history; after the revocation the very next request is 404 and nothing is logged.
TEST_F(WitnessingApi, APartyWithThePatientsGrantReadsTheRecordAndEveryReadIsInTheAccessHistory) {
  auto client = api();
  std::string doctor = client.login("doctor"), patient = client.login("patient");
  std::string regulator = client.login("regulator"), adjuster = client.login("adjuster");
  auto created = client.post("/api/v1/witness-records",
                             {{"procedure_code", "47.01"}, {"procedure_date", tomorrow()}, {"patient_name", "郑晓禾"},
                              {"patient_phone", "17012340001"}, {"questions", json::array()}, {"alternatives", json::array()}},
                             doctor);
  ASSERT_EQ(created.status, 201) << created.raw;
  std::int64_t id = created.body["id"];
  std::string path = "/api/v1/witness-records/" + std::to_string(id);
  for (const auto& risk : created.body["risks"])
    ASSERT_EQ(client.post(path + "/acknowledgements", {{"risk_key", risk["key"]}}, patient).status, 200);
  ASSERT_EQ(client.post(path + "/signatures", {{"signature_text", "郑晓禾"}}, patient).status, 200);
  auto sealed = client.post(path + "/signatures", {{"signature_text", "吴思齐"}}, doctor);
  ASSERT_EQ(sealed.status, 200) << sealed.raw;

  const std::string resource = "witness_record:" + std::to_string(id);
  auto reads_of_record = [&] {
    int n = 0;
    for (const auto& e : list_all_pages("/api/v1/consent/access-log", "", patient, 50))
      if (e["resource"] == resource) ++n;
    return n;
  };
  for (const auto* who : {&regulator, &adjuster}) expect_problem(client.get(path, *who), 404, "resource_not_found");
  EXPECT_EQ(reads_of_record(), 0) << "nothing shown, nothing logged";

  auto org_of = [&](const std::string& token) {
    return client.get("/api/v1/me", token).body["user"]["organization"]["id"].get<std::int64_t>();
  };
  std::string until = SystemClock().now().shanghai_date().add_days(90).to_string();
  auto grant = [&](std::int64_t org, const std::string& purpose) {
    auto r = client.post("/api/v1/consents",
                         {{"grantee", {{"kind", "organization"}, {"organization_id", org}}}, {"purpose", purpose},
                          {"data_kinds", {"witness_records"}}, {"valid_until", until}},
                         patient);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<std::int64_t>();
  };
  std::int64_t to_regulator = grant(org_of(regulator), "risk_database");
  auto read = client.get(path, regulator);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(read.body["viewer"], "grantee");
  EXPECT_EQ(read.body["record_hash"], sealed.body["record_hash"]);
  expect_problem(client.get(path, adjuster), 404, "resource_not_found");  // the regulator's grant is not the insurer's
  expect_problem(client.post(path + "/signatures", {{"signature_text", "x"}}, regulator), 404, "resource_not_found");
  EXPECT_EQ(reads_of_record(), 1) << "the regulator's read, and only the granted one";

  std::int64_t to_insurer = grant(org_of(adjuster), "insurer_claim");
  ASSERT_EQ(client.get(path, adjuster).status, 200);
  auto log = list_all_pages("/api/v1/consent/access-log", "", patient, 50);
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0]["resource"], resource);
  EXPECT_EQ(log[0]["module"], "witnessing");
  EXPECT_EQ(log[0]["purpose"], "insurer_claim");
  EXPECT_EQ(log[0]["data_kind"], "witness_records");
  EXPECT_EQ(reads_of_record(), 2);

  for (std::int64_t g : {to_regulator, to_insurer}) {
    auto r = client.post("/api/v1/consents/" + std::to_string(g) + "/revoke", json::object(), patient);
    ASSERT_EQ(r.status, 200) << r.raw;
  }
  for (const auto* who : {&regulator, &adjuster}) expect_problem(client.get(path, *who), 404, "resource_not_found");
  EXPECT_EQ(reads_of_record(), 2) << "a refused read is not logged";
  ASSERT_EQ(client.get(path, doctor).status, 200) << "the record's own side reads without a grant";
}

TEST_F(WitnessingApi, ThePatientBuysSurgicalAccidentCoverBeforeTheProcedureDateOnly) {
  auto client = api();
  std::string doctor = client.login("doctor"), patient = client.login("patient");
  auto record = [&](const std::string& date) {
    auto r = client.post("/api/v1/witness-records",
                         {{"procedure_code", "81.54"}, {"procedure_date", date}, {"patient_name", "郑晓禾"},
                          {"patient_phone", "17012340001"}},
                         doctor);
    EXPECT_EQ(r.status, 201) << r.raw;
    return "/api/v1/witness-records/" + std::to_string(r.body["id"].get<std::int64_t>());
  };
  std::string later = record(tomorrow());
  auto offer = client.get(later, patient);
  ASSERT_EQ(offer.status, 200);
  ASSERT_TRUE(offer.body["surgical_cover_offer"].is_object()) << offer.raw;
  EXPECT_EQ(offer.body["surgical_cover_offer"]["sum_insured_fen"], 30000000) << "data/products/surgical_accident.json";
  expect_problem(client.post(later + "/surgical-cover", json::object(), doctor), 403, "witness_not_the_patient");
  auto bought = client.post(later + "/surgical-cover", json::object(), patient);
  ASSERT_EQ(bought.status, 201) << bought.raw;
  EXPECT_EQ(bought.body["premium_fen"], offer.body["surgical_cover_offer"]["premium_fen"]);
  EXPECT_EQ(bought.body["period_start"], tomorrow());
  expect_problem(client.post(later + "/surgical-cover", json::object(), patient), 409, "surgical_cover_already_bought");
  EXPECT_EQ(client.get(later, doctor).body["surgical_cover"]["policy_number"], bought.body["policy_number"]);

  std::string today = record(SystemClock().now().shanghai_date().to_string());
  expect_problem(client.post(today + "/surgical-cover", json::object(), patient), 422,
                 "surgical_cover_after_procedure_date");
}

TEST_F(WitnessingApi, BadInputIsRefusedWithStableCodes) {
  auto client = api();
  std::string doctor = client.login("doctor");
  json base = {{"procedure_code", "81.54"}, {"procedure_date", tomorrow()}, {"patient_name", "郑晓禾"},
               {"patient_phone", "17012340001"}};
  json unknown = base;
  unknown["procedure_code"] = "99.99";
  expect_problem(client.post("/api/v1/witness-records", unknown, doctor), 400, "witness_procedure_unknown");
  json rel = base;
  rel["representative_name"] = "郑大山";
  rel["representative_relationship"] = "neighbour";
  expect_problem(client.post("/api/v1/witness-records", rel, doctor), 400, "witness_relationship_unknown");
  json extra = base;
  extra["hacked"] = true;
  expect_problem(client.post("/api/v1/witness-records", extra, doctor), 400, "request_invalid");
  expect_problem(client.post("/api/v1/witness-records", base, client.login("patient")), 403, "permission_denied");
  auto created = client.post("/api/v1/witness-records", base, doctor);
  ASSERT_EQ(created.status, 201);
  std::string path = "/api/v1/witness-records/" + std::to_string(created.body["id"].get<std::int64_t>());
  expect_problem(client.post_raw(path + "/attachments?file_name=a.png", "\xFF\xD8\xFF\xE0", "image/png", doctor), 400,
                 "witness_attachment_content_does_not_match_type");
  auto up = client.post_raw(path + "/attachments?file_name=talk.mp3", "ID3\x03 recording", "audio/mpeg", doctor);
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["kind"], "audio");
  expect_problem(client.get(path + "/certificate.pdf", doctor), 409, "witness_not_sealed");
}

}  // namespace
}  // namespace medrisk::testing
