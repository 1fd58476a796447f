// 国密 primitives over OpenSSL EVP (see gm.hpp).
#include "platform/crypto/gm.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

namespace medrisk::crypto::gm {
namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += digits[p[i] >> 4], out += digits[p[i] & 15];
  return out;
}

std::string sm4_ecb(std::string_view key, std::string_view in, bool encrypt) {
  if (key.size() != 16 || in.size() % 16 != 0) throw std::runtime_error("sm4: 16-byte key and whole blocks");
  std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(EVP_CIPHER_fetch(nullptr, "SM4-ECB", nullptr),
                                                                 &EVP_CIPHER_free);
  if (!cipher) throw std::runtime_error("sm4: the OpenSSL provider offers no SM4-ECB");
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), k, nullptr, encrypt ? 1 : 0, nullptr) != 1)
    throw std::runtime_error("sm4: init failed");
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(in.size() + 16, '\0');
  int n = 0, tail = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), o + n, &tail) != 1)
    throw std::runtime_error("sm4: cipher failed");
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

}  // namespace

std::string sm3_hex(std::string_view data) {
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SM3", nullptr), &EVP_MD_free);
  if (!md) throw std::runtime_error("sm3: the OpenSSL provider offers no SM3");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_Digest(data.data(), data.size(), out, &n, md.get(), nullptr) != 1) throw std::runtime_error("sm3 failed");
  return hex(out, n);
}

std::string hmac_sm3_hex(std::string_view key, std::string_view message) {
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, "SM3", nullptr), &EVP_MD_free);
  if (!md) throw std::runtime_error("hmac-sm3: the OpenSSL provider offers no SM3");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!HMAC(md.get(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
            message.size(), out, &n))
    throw std::runtime_error("hmac-sm3 failed");
  return hex(out, n);
}

std::string sm4_ecb_encrypt(std::string_view key, std::string_view plaintext) {
  return sm4_ecb(key, plaintext, true);
}
std::string sm4_ecb_decrypt(std::string_view key, std::string_view ciphertext) {
  return sm4_ecb(key, ciphertext, false);
}

bool sm4_gcm_available() {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-GCM", nullptr);
  EVP_CIPHER_free(c);
  return c != nullptr;
}

}  // namespace medrisk::crypto::gm
