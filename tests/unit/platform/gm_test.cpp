// 国密 primitives over OpenSSL: the standards' own test vectors (GB/T 32905-2016 SM3 appendix A,
// GB/T 32907-2016 SM4 appendix A, including the 1,000,000-fold encryption), and HMAC-SM3 keyed apart.
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

}  // namespace
}  // namespace medrisk::crypto::gm
