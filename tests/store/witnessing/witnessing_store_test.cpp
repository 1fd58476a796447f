// The witnessing module on a real database (SQLite, and PostgreSQL in the pg tier): a talk recorded by
// the surgeon, acknowledged risk by risk and signed by the patient, sealed when both have signed and
// never changed afterwards; corrections; encrypted personal fields and attachments; who sees what.
#include <soci/soci.h>

#include <fstream>

#include "modules/witnessing/api.hpp"
#include "modules/witnessing/errors.hpp"
#include "modules/witnessing/rules.hpp"
#include "platform/audit/audit_log.hpp"
#include "platform/crypto/crypto.hpp"
#include "platform/ledger/ledger.hpp"
#include "platform/ledger/merkle.hpp"

#include <set>
#include <thread>
#include "support/store_fixture.hpp"
#include "support/test_env.hpp"

namespace medrisk::testing {
namespace {

using namespace medrisk::witnessing;
using nlohmann::json;

class WitnessingStore : public StoreTest {
 protected:
  std::vector<db::Migration> extra_migrations() override { return WitnessingService::migrations(); }

  void SetUp() override {
    StoreTest::SetUp();
    hospital = org("测试第一医院", "medical_institution");
    other_hospital = org("测试第二医院", "medical_institution");
    surgeon = user("surgeon", "clinician", hospital);
    colleague = user("colleague", "clinician", hospital);
    officer = user("officer", "medical_officer", hospital);
    other_surgeon = user("other", "clinician", other_hospital);
    regulator = user("regulator", "regulator", org("测试卫健委", "regulator"));
    patient = patient_with("patient", "17012340001");
    other_patient = patient_with("patient2", "17012340002");
    files = temp_dir("witness");
    service = std::make_unique<WitnessingService>(*db, keys, clock, load_templates(source_dir() / "data/witnessing"),
                                                  WitnessingConfig{files});
    ledger = std::make_unique<medrisk::ledger::Ledger>(*db, keys, clock);
    port = record_ledger(*ledger);
    service->set_ledger(port.get());
  }

  RequestContext patient_with(const std::string& name, const std::string& phone) {
    auto u = accounts->create_user_as_system({name, name, "Strong-pass-1", {"patient"}, std::nullopt, phone});
    EXPECT_TRUE(u.ok());
    RequestContext c = ctx_for(*u);
    c.actor.session_id = 42;
    return c;
  }

  RecordView create(const std::string& code = "51.23") {
    NewRecord n{code, *Date::parse("2026-03-10"), "郑晓禾", "170 1234 0001", "郑大山", "parent",
                {{"住院几天？", "两到三天。"}}, {"开腹胆囊切除术"}};
    auto v = service->create(surgeon, n);
    EXPECT_TRUE(v.ok()) << v.error().code;
    return *v;
  }

  RecordView seal(const RecordView& v) {
    for (const auto& k : v.record.risks) EXPECT_TRUE(service->acknowledge(patient, v.record.id, k.key).ok());
    EXPECT_TRUE(service->sign(patient, v.record.id, "郑晓禾").ok());
    auto sealed = service->sign(surgeon, v.record.id, "吴思齐");
    EXPECT_TRUE(sealed.ok());
    return *sealed;
  }

  std::string column(const std::string& sql) {
    std::string out;
    db->read([&](db::Tx& tx) { tx.sql() << sql, soci::into(out); });
    return out;
  }

  std::int64_t hospital = 0, other_hospital = 0;
  RequestContext surgeon, colleague, officer, other_surgeon, regulator, patient, other_patient;
  std::filesystem::path files;
  std::unique_ptr<WitnessingService> service;
  std::unique_ptr<medrisk::ledger::Ledger> ledger;
  std::unique_ptr<RecordLedger> port;
};

TEST_F(WitnessingStore, TheSecondSignatureSealsTheCanonicalFormWhoseHashIsStored) {
  RecordView v = create();
  EXPECT_EQ(v.record.risks.size(), 6u) << "the risks of the laparoscopic cholecystectomy template";
  EXPECT_EQ(v.record.personal.patient_phone, "17012340001") << "normalized";
  auto early = service->sign(patient, v.record.id, "郑晓禾");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, errors::witness_risks_not_all_acknowledged);
  for (const auto& k : v.record.risks) ASSERT_TRUE(service->acknowledge(patient, v.record.id, k.key).ok());
  auto signed_once = service->sign(patient, v.record.id, "郑晓禾");
  ASSERT_TRUE(signed_once.ok());
  EXPECT_EQ(signed_once->record.status, "draft");
  auto sealed = service->sign(surgeon, v.record.id, "吴思齐");
  ASSERT_TRUE(sealed.ok()) << sealed.error().code;
  const WitnessRecord& r = sealed->record;
  EXPECT_EQ(r.status, "sealed");
  ASSERT_TRUE(r.canonical && r.record_hash);
  EXPECT_EQ(*r.record_hash, crypto::sha256_hex(*r.canonical));
  auto again = service->get(officer, v.record.id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->record.canonical, r.canonical) << "stored as sealed";
  EXPECT_EQ(json::parse(*r.canonical)["personal_digest"], personal_digest(again->record.personal))
      << "the decrypted personal part still matches what was sealed";
  EXPECT_EQ(json::parse(*r.canonical)["signatures"]["patient"]["session_digest"], session_digest(42, r.public_id));
}

TEST_F(WitnessingStore, TheSealedFormIsALeafOfTheLedgerProvableAgainstASignedTreeHead) {
  RecordView first = seal(create());
  RecordView second = seal(create("74.1"));
  ASSERT_TRUE(first.record.leaf_index && second.record.leaf_index);
  EXPECT_EQ(*second.record.leaf_index, *first.record.leaf_index + 1);
  auto pub = service->public_view(first.record.public_id);
  ASSERT_TRUE(pub.ok() && pub->proof);
  const json& p = *pub->proof;
  EXPECT_EQ(p["leaf"]["data"], *first.record.canonical) << "the ledger holds the canonical form";
  EXPECT_EQ(p["leaf"]["kind"], kLedgerKind);
  // Verified the way the public page does, with the ledger's pure rules: leaf → path → signed root.
  namespace L = medrisk::ledger;
  std::vector<L::Hash> path;
  for (const auto& h : p["audit_path"]) path.push_back(*L::from_hex(h.get<std::string>()));
  auto root = L::root_from_inclusion(p["leaf_index"].get<std::uint64_t>(), p["tree_size"].get<std::uint64_t>(), L::leaf_hash(pub->canonical), path);
  ASSERT_TRUE(root);
  EXPECT_EQ(L::to_hex(*root), p["tree_head"]["root_hash"]);
  auto head = L::head_from_json(p["tree_head"]);
  ASSERT_TRUE(head);
  EXPECT_TRUE(L::verify_head_signature(*head, keys));
  std::string altered = pub->canonical;
  altered[altered.find("\"risks\"")] = 'R';
  EXPECT_NE(L::to_hex(*L::root_from_inclusion(p["leaf_index"].get<std::uint64_t>(), p["tree_size"].get<std::uint64_t>(), L::leaf_hash(altered), path)),
            p["tree_head"]["root_hash"]);
}

TEST_F(WitnessingStore, ASealedRecordNeverChanges) {
  RecordView v = seal(create());
  std::string hash = *v.record.record_hash;
  auto edit = service->update_content(surgeon, v.record.id, {{}, {}});
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code, errors::witness_record_sealed);
  EXPECT_EQ(service->acknowledge(patient, v.record.id, v.record.risks[0].key).error().code, errors::witness_record_sealed);
  EXPECT_EQ(service->sign(patient, v.record.id, "x").error().code, errors::witness_record_sealed);
  EXPECT_EQ(service->upload(surgeon, v.record.id, "a.jpg", "image/jpeg", "\xFF\xD8\xFF\xE0").error().code,
            errors::witness_record_sealed);
  EXPECT_EQ(*service->get(surgeon, v.record.id)->record.record_hash, hash);
}

TEST_F(WitnessingStore, ContentLocksOnceAPartySigned) {
  RecordView v = create();
  ASSERT_TRUE(service->update_content(surgeon, v.record.id, {{{"会留疤吗？", "腹部有3至4个小切口。"}}, {}}).ok());
  ASSERT_TRUE(service->sign(surgeon, v.record.id, "吴思齐").ok());
  EXPECT_EQ(service->update_content(surgeon, v.record.id, {{}, {}}).error().code, errors::witness_record_signed);
  EXPECT_EQ(service->sign(surgeon, v.record.id, "吴思齐").error().code, errors::witness_already_signed);
}

TEST_F(WitnessingStore, PersonalFieldsAndAttachmentsAreEncryptedAtRest) {
  RecordView v = create();
  std::string photo = std::string("\xFF\xD8\xFF\xE0", 4) + "signed consent form 郑晓禾";
  auto a = service->upload(surgeon, v.record.id, "form.jpg", "image/jpeg", photo);
  ASSERT_TRUE(a.ok()) << a.error().code;
  EXPECT_EQ(a->kind, "photo");
  EXPECT_EQ(a->sha256, crypto::sha256_hex(photo));
  std::string stored = column("SELECT personal_enc FROM witness_records");
  for (const char* plain : {"郑晓禾", "17012340001", "住院几天", "郑大山"})
    EXPECT_EQ(stored.find(plain), std::string::npos) << plain;
  std::ifstream in(files / std::to_string(v.record.id) / a->storage_key, std::ios::binary);
  std::string on_disk((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(on_disk.empty());
  EXPECT_EQ(on_disk.find("signed consent form"), std::string::npos);
  auto back = service->download(patient, v.record.id, a->id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->bytes, photo);
  RecordView sealed = seal(v);
  EXPECT_EQ(json::parse(*sealed.record.canonical)["attachments"][0]["sha256"], a->sha256)
      << "only the attachment's SHA-256 goes into the sealed record";
}

TEST_F(WitnessingStore, TheInstitutionAndThePatientSeeTheRecordOthersDoNot) {
  RecordView v = create();
  EXPECT_EQ(service->get(colleague, v.record.id)->viewer, Viewer::institution);
  EXPECT_EQ(service->get(officer, v.record.id)->viewer, Viewer::institution);
  EXPECT_EQ(service->get(patient, v.record.id)->viewer, Viewer::patient);
  for (const RequestContext* c : {&other_surgeon, &other_patient, &regulator}) {
    auto r = service->get(*c, v.record.id);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, errors::resource_not_found) << "the regulator needs the patient's consent";
  }
  EXPECT_EQ(service->list(patient, 0, 10)->size(), 1u);
  EXPECT_TRUE(service->list(other_patient, 0, 10)->empty());
  EXPECT_EQ(service->list(officer, 0, 10)->size(), 1u);
  EXPECT_TRUE(service->list(other_surgeon, 0, 10)->empty());
  EXPECT_EQ(service->sign(officer, v.record.id, "x").error().code, errors::witness_not_the_surgeon);
  EXPECT_EQ(service->acknowledge(surgeon, v.record.id, v.record.risks[0].key).error().code,
            errors::witness_not_the_patient);
  EXPECT_EQ(service->update_content(colleague, v.record.id, {{}, {}}).error().code, errors::witness_not_the_surgeon);
}

TEST_F(WitnessingStore, ACorrectionIsANewRecordAndMarksTheOldOneWhenSealed) {
  RecordView old = seal(create());
  auto draft = service->correct(officer, old.record.id);
  ASSERT_FALSE(draft.ok()) << "officers read, clinicians record";
  auto fix = service->correct(surgeon, old.record.id);
  ASSERT_TRUE(fix.ok()) << fix.error().code;
  EXPECT_EQ(fix->record.corrects_id, old.record.id);
  EXPECT_EQ(fix->record.personal.questions.size(), 1u) << "starts from the old content";
  EXPECT_EQ(service->correct(surgeon, old.record.id).error().code, errors::witness_already_corrected);
  EXPECT_FALSE(service->get(surgeon, old.record.id)->record.corrected_by_id) << "marked only when the correction seals";
  ASSERT_TRUE(service->update_content(surgeon, fix->record.id, {{{"住院几天？", "三天。"}}, {"开腹胆囊切除术"}}).ok());
  RecordView sealed = seal(*fix);
  EXPECT_EQ(json::parse(*sealed.record.canonical)["corrects"], old.record.public_id);
  auto marked = service->get(patient, old.record.id);
  EXPECT_EQ(marked->record.corrected_by_id, sealed.record.id);
  EXPECT_EQ(marked->record.record_hash, old.record.record_hash) << "the old record itself is unchanged";
  auto pub = service->public_view(old.record.public_id);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub->view["corrected_by"], sealed.record.public_id);
}

TEST_F(WitnessingStore, ThePublicViewShowsInitialsOnlyAndOnlyOnceSealed) {
  RecordView v = create();
  EXPECT_EQ(service->public_view(v.record.public_id).error().code, errors::resource_not_found);
  seal(v);
  auto pub = service->public_view(v.record.public_id);
  ASSERT_TRUE(pub.ok());
  std::string text = pub->view.dump() + pub->canonical;
  for (const char* personal : {"郑晓禾", "17012340001", "住院几天", "吴思齐", "郑大山"})
    EXPECT_EQ(text.find(personal), std::string::npos) << personal;
  EXPECT_EQ(pub->view["patient_initials"], "郑**");
  EXPECT_EQ(pub->view["risks_acknowledged"], 6);
  EXPECT_EQ(pub->view["record_hash"], crypto::sha256_hex(pub->canonical));
  EXPECT_EQ(service->public_view("nonexistent").error().code, errors::resource_not_found);
}

TEST_F(WitnessingStore, RefusalsChangeNothingAndEveryChangeIsAudited) {
  NewRecord past{"51.23", *Date::parse("2026-03-01"), "郑晓禾", "17012340001", {}, {}, {}, {}};
  EXPECT_EQ(service->create(surgeon, past).error().code, errors::witness_procedure_date_past);
  NewRecord unknown{"99.99", *Date::parse("2026-03-10"), "郑晓禾", "17012340001", {}, {}, {}, {}};
  EXPECT_EQ(service->create(surgeon, unknown).error().code, errors::witness_procedure_unknown);
  EXPECT_FALSE(service->create(patient, unknown).ok()) << "patients do not record talks";
  EXPECT_EQ(column("SELECT CAST(COUNT(*) AS TEXT) FROM witness_records"), "0");
  seal(create());
  std::string actions = column(
      "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action LIKE 'witness.%'");
  EXPECT_EQ(actions, std::to_string(1 + 6 + 1 + 1))
      << "create, six acknowledgements, the patient's signature, the surgeon's signature that seals (one entry)";
  EXPECT_EQ(column("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'witness.seal'"), "1");
}

// Concurrent signatures are written in groups (one transaction, one ledger batch, one signed tree head per
// group); each caller still gets its own sealed record with its own leaf, provable at once, and the other
// party's signature of the same record arriving in the same moment is applied in order.
TEST_F(WitnessingStore, ConcurrentSealsAreGroupedAndEachIsProvableAtOnce) {
  constexpr int kRecords = 40;
  std::vector<RecordView> ready;
  for (int i = 0; i < kRecords; ++i) {
    RecordView v = create(i % 2 ? "74.1" : "51.23");
    for (const auto& k : v.record.risks) ASSERT_TRUE(service->acknowledge(patient, v.record.id, k.key).ok());
    if (i > 0) ASSERT_TRUE(service->sign(patient, v.record.id, "郑晓禾").ok());
    ready.push_back(v);
  }
  std::size_t heads_before = db->read([&](db::Tx& tx) { return ledger->heads(tx).size(); });
  std::vector<std::optional<Result<RecordView>>> results(kRecords);
  std::optional<Result<RecordView>> patient_result;
  std::vector<std::thread> callers;
  for (int i = 0; i < kRecords; ++i)
    callers.emplace_back([&, i] { results[i] = service->sign(surgeon, ready[i].record.id, "吴思齐"); });
  // Record 0: the patient signs in the same moment as the surgeon; whichever comes second seals it.
  callers.emplace_back([&] { patient_result = service->sign(patient, ready[0].record.id, "郑晓禾"); });
  for (auto& t : callers) t.join();

  std::set<std::int64_t> leaves;
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_TRUE(results[i]->ok()) << i << ": " << (*results[i]).error().code;
    auto again = service->get(surgeon, ready[i].record.id);
    ASSERT_EQ(again->record.status, "sealed") << i;
    ASSERT_TRUE(again->record.leaf_index) << i;
    leaves.insert(*again->record.leaf_index);
    // Provable at once: the group's transaction signed a head covering it (no periodic job in this test).
    auto pub = service->public_view(again->record.public_id);
    ASSERT_TRUE(pub.ok() && pub->proof) << i;
    EXPECT_EQ((*pub->proof)["leaf"]["data"], *again->record.canonical);
  }
  ASSERT_TRUE(patient_result && patient_result->ok());
  EXPECT_EQ(leaves.size(), static_cast<std::size_t>(kRecords)) << "one leaf per record";
  std::size_t heads = db->read([&](db::Tx& tx) { return ledger->heads(tx).size(); }) - heads_before;
  EXPECT_GE(heads, 1u);
  EXPECT_LE(heads, static_cast<std::size_t>(kRecords)) << "at most one head per group";
  EXPECT_EQ(column("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'witness.seal'"), std::to_string(kRecords));
  auto verified = medrisk::ledger::verify_ledger(*db, keys, {});
  EXPECT_TRUE(verified.ok) << (verified.findings.empty() ? "" : verified.findings[0].what);
  // Signing a sealed record again is still refused, one caller at a time.
  EXPECT_EQ(service->sign(surgeon, ready[1].record.id, "吴思齐").error().code, errors::witness_record_sealed);
}

TEST_F(WitnessingStore, TwoSealsOfOneRecordAtOnceSealItOnce) {
  // Both calls work out the seal from the same read before the writer takes them: the second one's write
  // finds the record changed and is read again in its own transaction, where it is refused.
  for (int round = 0; round < 5; ++round) {
    RecordView v = create("51.23");
    for (const auto& k : v.record.risks) ASSERT_TRUE(service->acknowledge(patient, v.record.id, k.key).ok());
    ASSERT_TRUE(service->sign(patient, v.record.id, "郑晓禾").ok());
    std::optional<Result<RecordView>> a, b;
    std::thread ta([&] { a = service->sign(surgeon, v.record.id, "吴思齐"); });
    std::thread tb([&] { b = service->sign(surgeon, v.record.id, "吴思齐"); });
    ta.join();
    tb.join();
    ASSERT_NE(a->ok(), b->ok()) << "exactly one seal";
    EXPECT_EQ((a->ok() ? *b : *a).error().code, errors::witness_record_sealed);
    const std::string id = std::to_string(v.record.id);
    EXPECT_EQ(column("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'witness.seal' AND resource_id = '" +
                     id + "'"),
              "1");
    auto sealed = service->get(surgeon, v.record.id);
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(sealed->record.leaf_index, (a->ok() ? *a : *b)->record.leaf_index);
  }
  auto verified = medrisk::ledger::verify_ledger(*db, keys, {});
  EXPECT_TRUE(verified.ok) << (verified.findings.empty() ? "" : verified.findings[0].what);
}

}  // namespace
}  // namespace medrisk::testing
