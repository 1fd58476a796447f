// 国密 primitives over OpenSSL: the standards' own test vectors (GB/T 32905-2016 SM3 appendix A,
// GB/T 32907-2016 SM4 appendix A, including the 1,000,000-fold encryption), HMAC-SM3 keyed apart, SM4-CTR
// against the block cipher, the SM4-CTR + HMAC-SM3 authenticated encryption and SM2 signatures.
#include <gtest/gtest.h>

#include <string>

#include "platform/crypto/gm.hpp"

namespace medrisk::crypto::gm {
namespace {

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}
std::string to_hex(const std::string& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) out += d[c >> 4], out += d[c & 15];
  return out;
}

TEST(Sm3, MatchesTheGbT32905Vectors) {
  EXPECT_EQ(sm3_hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "abcd";
  EXPECT_EQ(sm3_hex(sixteen), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm4, MatchesTheGbT32907Vectors) {
  const std::string key = unhex("0123456789abcdeffedcba9876543210");
  const std::string plain = key;  // the standard encrypts the key itself
  std::string c = sm4_ecb_encrypt(key, plain);
  EXPECT_EQ(to_hex(c), "681edf34d206965e86b3e94f536e4246");
  EXPECT_EQ(sm4_ecb_decrypt(key, c), plain);
  std::string x = plain;
  for (int i = 0; i < 1'000'000; ++i) x = sm4_ecb_encrypt(key, x);
  EXPECT_EQ(to_hex(x), "595298c7c6fd271f0402f804c33d3f66");
}

TEST(HmacSm3, DependsOnTheKey) {
  EXPECT_EQ(hmac_sm3_hex("k", "13800138000").size(), 64u);
  EXPECT_NE(hmac_sm3_hex("k1", "13800138000"), hmac_sm3_hex("k2", "13800138000"));
  EXPECT_EQ(hmac_sm3_hex("k1", "13800138000"), hmac_sm3_hex("k1", "13800138000"));
}

TEST(HmacSm3, MatchesTheRfc2104ConstructionOverSm3) {
  // HMAC by hand from SM3 (block 64 bytes): H((K ^ opad) ‖ H((K ^ ipad) ‖ m)) — OpenSSL's HMAC must agree.
  const std::string key = "medrisk index key";
  const std::string msg =
      "phone\x00"
      "13800138000";
  std::string k = key + std::string(64 - key.size(), '\0'), ipad, opad;
  for (char c : k) ipad += static_cast<char>(c ^ 0x36), opad += static_cast<char>(c ^ 0x5c);
  std::string inner = unhex(sm3_hex(ipad + msg));
  EXPECT_EQ(hmac_sm3_hex(key, msg), sm3_hex(opad + inner));
}

TEST(Sm4Ctr, IsTheBlockCipherOverACounter) {
  const std::string key = unhex("0123456789abcdeffedcba9876543210");
  const std::string iv16 = unhex("0102030405060708090a0b0c0d0effff");  // the counter carries into byte 13
  const std::string plain = "四十九个字节的明文，跨越四个分组!";       // 16 × 3 + 1 bytes: a partial last block
  std::string c = sm4_ctr(key, iv16, plain);
  ASSERT_EQ(c.size(), plain.size());
  std::string counter = iv16, expected;
  for (std::size_t off = 0; off < plain.size(); off += 16) {
    std::string ks = sm4_ecb_encrypt(key, counter);
    for (std::size_t i = 0; i < 16 && off + i < plain.size(); ++i)
      expected += static_cast<char>(plain[off + i] ^ ks[i]);
    for (int i = 15; i >= 0 && ++reinterpret_cast<unsigned char&>(counter[static_cast<std::size_t>(i)]) == 0; --i) {
    }
  }
  EXPECT_EQ(to_hex(c), to_hex(expected));
  EXPECT_EQ(sm4_ctr(key, iv16, c), plain);
}

class Seal : public ::testing::Test {
 protected:
  const std::string key = unhex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  const std::string header = "gm1:k1";
  const std::string aad = "users.phone_enc";
};

TEST_F(Seal, RoundTripsWithAFreshIvEachTime) {
  for (const std::string& plain :
       {std::string(), std::string("1"), std::string("110101199003074514"), std::string(1000, 'x')}) {
    std::string a = seal(key, header, aad, plain), b = seal(key, header, aad, plain);
    EXPECT_EQ(a.size(), plain.size() + kSealOverhead);
    EXPECT_NE(a, b) << "a random IV per message";
    EXPECT_EQ(open(key, header, aad, a), plain);
    EXPECT_EQ(open(key, header, aad, b), plain);
    if (plain.size() > 4) {
      EXPECT_EQ(a.find(plain), std::string::npos);
    }
  }
}

TEST_F(Seal, RefusesEveryFlippedByte) {
  std::string sealed = seal(key, header, aad, "13800138000");
  for (std::size_t i = 0; i < sealed.size(); ++i)
    for (unsigned char bit : {0x01, 0x80}) {
      std::string t = sealed;
      t[i] = static_cast<char>(t[i] ^ bit);
      EXPECT_FALSE(open(key, header, aad, t).has_value()) << "byte " << i << " bit " << int(bit);
    }
  EXPECT_FALSE(open(key, header, aad, sealed.substr(0, sealed.size() - 1)));
  EXPECT_FALSE(open(key, header, aad, sealed + "x"));
  EXPECT_FALSE(open(key, header, aad, sealed.substr(0, kSealOverhead - 1)));
}

TEST_F(Seal, RefusesAnotherAadHeaderOrKey) {
  std::string sealed = seal(key, header, aad, "13800138000");
  EXPECT_FALSE(open(key, header, "users.id_number_enc", sealed)) << "moved to another column";
  EXPECT_FALSE(open(key, header, aad + "x", sealed));
  EXPECT_FALSE(open(key, "gm1:k2", aad, sealed)) << "relabelled with another key id";
  EXPECT_FALSE(open(key, "enc1:k1", aad, sealed)) << "relabelled with another suite";
  std::string other = key;
  other[0] = static_cast<char>(other[0] ^ 1);
  EXPECT_FALSE(open(other, header, aad, sealed));
  // The header and aad lengths are bound: moving a byte from one to the other does not verify.
  std::string s2 = seal(key, "gm1:k1", "ab", "v");
  EXPECT_FALSE(open(key, "gm1:k1a", "b", s2));
}

TEST(Sm2, SignsAndVerifies) {
  Sm2KeyPair pair = sm2_generate();
  EXPECT_TRUE(pair.private_pem.starts_with("-----BEGIN PRIVATE KEY-----")) << pair.private_pem;
  EXPECT_EQ(sm2_public_pem(pair.private_pem), pair.public_pem);
  const std::string msg = "赔付指令 #42: 1234500 分";
  std::string sig = sm2_sign(pair.private_pem, msg);
  EXPECT_TRUE(sm2_verify(pair.public_pem, msg, sig));
  EXPECT_NE(sm2_sign(pair.private_pem, msg), sig) << "SM2 signatures are randomized";
  EXPECT_TRUE(sm2_verify(pair.public_pem, msg, sm2_sign(pair.private_pem, msg)));
}

TEST(Sm2, RefusesATamperedMessageSignatureOrKey) {
  Sm2KeyPair pair = sm2_generate(), other = sm2_generate();
  const std::string msg = "赔付指令 #42: 1234500 分";
  std::string sig = sm2_sign(pair.private_pem, msg);
  std::string m2 = msg;
  m2.back() = static_cast<char>(m2.back() ^ 1);
  EXPECT_FALSE(sm2_verify(pair.public_pem, m2, sig));
  for (std::size_t i = 0; i < sig.size(); ++i) {
    std::string t = sig;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_FALSE(sm2_verify(pair.public_pem, msg, t)) << "signature byte " << i;
  }
  EXPECT_FALSE(sm2_verify(other.public_pem, msg, sig));
  EXPECT_THROW(sm2_sign("not a key", msg), std::runtime_error);
}

}  // namespace
}  // namespace medrisk::crypto::gm
