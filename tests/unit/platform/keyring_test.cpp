// KeyRing in both suites: the ciphertext names its suite and key id, the gm suite seals with SM4-CTR +
// HMAC-SM3 and indexes with HMAC-SM3, key files written before the suites existed still load, and a
// rotation from one suite to the other keeps every older ciphertext readable.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sodium.h>

#include "platform/crypto/crypto.hpp"
#include "platform/crypto/gm.hpp"
#include "platform/crypto/keyring.hpp"

namespace medrisk::crypto {
namespace {

std::filesystem::path fresh_path() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("medrisk-keyring-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir / "keys.json";
}

nlohmann::json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

void write_json(const std::filesystem::path& p, const nlohmann::json& j) {
  std::ofstream(p, std::ios::trunc) << j.dump(2);
  std::filesystem::permissions(p, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
}

class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override { init(); }
};

TEST_F(KeyRingTest, GmCiphertextNamesItsSuiteAndKeyAndRoundTrips) {
  KeyRing ring = KeyRing::ephemeral(Suite::gm);
  EXPECT_EQ(ring.suite(), Suite::gm);
  std::string c = ring.encrypt("110101199003074514", "users.id_number_enc");
  EXPECT_TRUE(c.starts_with("gm1:k1:")) << c;
  EXPECT_EQ(ring.current_prefix(), "gm1:k1:");
  EXPECT_TRUE(ring.is_current(c));
  EXPECT_EQ(c.find("110101199003074514"), std::string::npos);
  EXPECT_EQ(ring.decrypt(c, "users.id_number_enc"), "110101199003074514");
  EXPECT_EQ(base64_decode(c.substr(7)).size(), 18 + gm::kSealOverhead);
  EXPECT_NE(ring.encrypt("110101199003074514", "users.id_number_enc"), c);
}

TEST_F(KeyRingTest, DefaultCiphertextKeepsItsFormat) {
  KeyRing ring = KeyRing::ephemeral();
  std::string c = ring.encrypt("13800138000", "users.phone_enc");
  EXPECT_TRUE(c.starts_with("enc1:k1:")) << c;
  EXPECT_EQ(base64_decode(c.substr(8)).size(), 24 + 11 + 16u) << "XChaCha20-Poly1305 nonce ‖ ct ‖ tag";
  EXPECT_EQ(ring.decrypt(c, "users.phone_enc"), "13800138000");
}

TEST_F(KeyRingTest, GmRefusesEveryAlteredByteAndAnotherAad) {
  KeyRing ring = KeyRing::ephemeral(Suite::gm);
  const std::string aad = "insured_visits.phone_enc";
  std::string c = ring.encrypt("13800138000", aad);
  std::size_t body = c.rfind(':') + 1;
  for (std::size_t i = 0; i < body; ++i) {  // the header "gm1:k1:"
    std::string t = c;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_THROW(ring.decrypt(t, aad), std::runtime_error) << "header byte " << i << ": " << t;
  }
  std::string raw = base64_decode(c.substr(body));
  for (std::size_t i = 0; i < raw.size(); ++i) {  // IV, ciphertext and tag
    std::string t = raw;
    t[i] = static_cast<char>(t[i] ^ 0x40);
    EXPECT_THROW(ring.decrypt(c.substr(0, body) + base64_encode(t), aad), std::runtime_error) << "byte " << i;
  }
  EXPECT_THROW(ring.decrypt(c, "users.phone_enc"), std::runtime_error) << "moved to another column";
  EXPECT_THROW(ring.decrypt("enc1:" + c.substr(4), aad), std::runtime_error) << "relabelled as the default suite";
  EXPECT_THROW(KeyRing::ephemeral(Suite::gm).decrypt(c, aad), std::runtime_error) << "another ring's key k1";
}

TEST_F(KeyRingTest, GmBlindIndexIsHmacSm3UnderTheIndexKey) {
  auto path = fresh_path();
  KeyRing::create_file(path, Suite::gm);
  auto j = read_json(path);
  EXPECT_EQ(j["crypto"]["suite"], "gm");
  EXPECT_EQ(j["index_suite"], "gm");
  EXPECT_TRUE(j.contains("sm2_private_key"));
  KeyRing ring = KeyRing::load(path);
  std::string index_key = base64_decode(j["index_key"].get<std::string>());
  EXPECT_EQ(ring.blind_index("phone", "13800138000"),
            gm::hmac_sm3_hex(index_key, std::string("phone\0", 6) + "13800138000"));
  EXPECT_NE(ring.blind_index("phone", "13800138000"), ring.blind_index("id_number", "13800138000"));
  KeyRing::rotate_file(path, Suite::standard);
  EXPECT_EQ(KeyRing::load(path).blind_index("phone", "13800138000"), ring.blind_index("phone", "13800138000"))
      << "rotation keeps the index key and its suite";
}

TEST_F(KeyRingTest, AKeyFileFromBeforeTheSuitesLoadsAsDefault) {
  auto path = fresh_path();
  std::string key(32, 'k'), index(32, 'i');
  write_json(path, {{"format", "medrisk-keyring-1"},
                    {"active", "k1"},
                    {"index_key", base64_encode(index)},
                    {"keys", {{{"id", "k1"}, {"key", base64_encode(key)}}}}});
  KeyRing ring = KeyRing::load(path);
  EXPECT_EQ(ring.suite(), Suite::standard);
  EXPECT_EQ(ring.index_suite(), Suite::standard);
  EXPECT_EQ(ring.blind_index("phone", "1"), hmac_sha256_hex(index, std::string("phone\0", 6) + "1"));
  EXPECT_FALSE(ring.has_signing_key());
  EXPECT_TRUE(ring.encrypt("x", "a").starts_with("enc1:k1:"));
}

TEST_F(KeyRingTest, ADeclaredSuiteThatIsNotTheActiveKeysIsRefused) {
  auto path = fresh_path();
  KeyRing::create_file(path);
  auto j = read_json(path);
  j["crypto"]["suite"] = "gm";
  write_json(path, j);
  EXPECT_THROW(KeyRing::load(path), std::runtime_error);
  j["crypto"]["suite"] = "aes";
  write_json(path, j);
  EXPECT_THROW(KeyRing::load(path), std::runtime_error);
}

TEST_F(KeyRingTest, RotatingToTheOtherSuiteKeepsOlderCiphertextReadable) {
  auto path = fresh_path();
  KeyRing::create_file(path);
  KeyRing r1 = KeyRing::load(path);
  std::string old = r1.encrypt("6222020200112233445", "claims.account_enc");
  KeyRing r2 = KeyRing::rotate_file(path, Suite::gm);
  EXPECT_EQ(r2.active_key_id(), "k2");
  EXPECT_EQ(r2.suite(), Suite::gm);
  EXPECT_TRUE(r2.has_signing_key());
  EXPECT_FALSE(r2.is_current(old));
  EXPECT_EQ(r2.decrypt(old, "claims.account_enc"), "6222020200112233445");
  std::string fresh = r2.encrypt("6222020200112233445", "claims.account_enc");
  EXPECT_TRUE(fresh.starts_with("gm1:k2:"));
  EXPECT_THROW(r2.decrypt("enc1:k2:" + fresh.substr(7), "claims.account_enc"), std::runtime_error)
      << "a gm key is never used as an XChaCha20 key";
  KeyRing r3 = KeyRing::rotate_file(path, Suite::standard);
  EXPECT_TRUE(r3.encrypt("v", "a").starts_with("enc1:k3:"));
  EXPECT_EQ(r3.decrypt(fresh, "claims.account_enc"), "6222020200112233445");
  EXPECT_EQ(r3.decrypt(old, "claims.account_enc"), "6222020200112233445");
  EXPECT_EQ(read_json(path)["crypto"]["suite"], "default");
  EXPECT_TRUE(KeyRing::rotate_file(path).encrypt("v", "a").starts_with("enc1:k4:")) << "no --suite: stay";
}

TEST_F(KeyRingTest, GmRingSignsWithSm2) {
  KeyRing ring = KeyRing::ephemeral(Suite::gm);
  std::string sig = ring.sign("payment instruction 42");
  EXPECT_TRUE(ring.verify_signature("payment instruction 42", sig));
  EXPECT_FALSE(ring.verify_signature("payment instruction 43", sig));
  EXPECT_TRUE(gm::sm2_verify(ring.signing_public_key_pem(), "payment instruction 42", sig));
  EXPECT_THROW(KeyRing::ephemeral().sign("x"), std::logic_error);
}

TEST_F(KeyRingTest, TheLedgerKeySignsWithEd25519AndRotationKeepsOlderKeysForVerifying) {
  auto path = fresh_path();
  KeyRing::create_file(path);
  auto ring = KeyRing::load(path);
  ASSERT_TRUE(ring.has_ledger_key());
  auto sig = ring.ledger_sign("tree head");
  EXPECT_EQ(sig.key_id, "l1");
  auto pk = ring.ledger_public_key("l1");
  ASSERT_TRUE(pk);
  EXPECT_EQ(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.signature.data()),
                                        reinterpret_cast<const unsigned char*>("tree head"), 9,
                                        reinterpret_cast<const unsigned char*>(pk->data())),
            0);
  auto rotated = KeyRing::rotate_file(path);
  EXPECT_EQ(rotated.ledger_key_id(), "l2");
  EXPECT_EQ(rotated.ledger_public_key("l1"), pk) << "older heads stay verifiable";
  EXPECT_NE(rotated.ledger_public_key("l2"), pk);
  // A key file from before the ledger gets a key on the first serve; the file keeps only the seed.
  auto j = read_json(path);
  j.erase("ledger_keys");
  j.erase("ledger_active");
  std::ofstream(path) << j.dump();
  EXPECT_FALSE(KeyRing::load(path).has_ledger_key());
  EXPECT_TRUE(KeyRing::ensure_ledger_key_file(path).has_ledger_key());
  EXPECT_TRUE(KeyRing::load(path).has_ledger_key());
  EXPECT_THROW(KeyRing().ledger_sign("x"), std::logic_error);
}

}  // namespace
}  // namespace medrisk::crypto
