// 国密 primitives over OpenSSL EVP (see gm.hpp).
#include "platform/crypto/gm.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdint>
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

constexpr std::string_view kSm2UserId = "1234567812345678";
using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

BioPtr memory_bio(std::string_view text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), &BIO_free);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

PkeyPtr read_private(std::string_view pem) {
  auto bio = memory_bio(pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key || !EVP_PKEY_is_a(key.get(), "SM2")) throw std::runtime_error("sm2: not an SM2 private key");
  return key;
}

PkeyPtr read_public(std::string_view pem) {
  auto bio = memory_bio(pem);
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key || !EVP_PKEY_is_a(key.get(), "SM2")) throw std::runtime_error("sm2: not an SM2 public key");
  return key;
}

// A digest-sign/verify context for SM2 with SM3 and the default user id.
MdCtxPtr sm2_context(EVP_PKEY* key, bool sign) {
  MdCtxPtr md(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  int ok = sign ? EVP_DigestSignInit_ex(md.get(), &pctx, "SM3", nullptr, nullptr, key, nullptr)
                : EVP_DigestVerifyInit_ex(md.get(), &pctx, "SM3", nullptr, nullptr, key, nullptr);
  if (ok != 1) throw std::runtime_error("sm2: init failed");
  if (EVP_PKEY_CTX_set1_id(pctx, kSm2UserId.data(), kSm2UserId.size()) != 1)
    throw std::runtime_error("sm2: cannot set the user id");
  return md;
}

void append_length(std::string& m, std::size_t n) {
  for (int shift = 56; shift >= 0; shift -= 8) m += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
}

std::string tag_of(std::string_view mac_key, std::string_view header, std::string_view iv, std::string_view aad,
                   std::string_view ciphertext) {
  std::string m;
  m.reserve(header.size() + iv.size() + aad.size() + ciphertext.size() + 16);
  append_length(m, header.size());
  m += header;
  m += iv;
  append_length(m, aad.size());
  m += aad;
  m += ciphertext;
  return hmac_sm3(mac_key, m);
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

std::string hmac_sm3(std::string_view key, std::string_view message) {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);  // fetched once, kept for the process
  if (!md) throw std::runtime_error("hmac-sm3: the OpenSSL provider offers no SM3");
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
            message.size(), out, &n))
    throw std::runtime_error("hmac-sm3 failed");
  return std::string(reinterpret_cast<const char*>(out), n);
}

std::string hmac_sm3_hex(std::string_view key, std::string_view message) {
  std::string mac = hmac_sm3(key, message);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string sm4_ecb_encrypt(std::string_view key, std::string_view plaintext) {
  return sm4_ecb(key, plaintext, true);
}
std::string sm4_ecb_decrypt(std::string_view key, std::string_view ciphertext) {
  return sm4_ecb(key, ciphertext, false);
}

std::string sm4_ctr(std::string_view key, std::string_view iv, std::string_view data) {
  if (key.size() != 16 || iv.size() != 16) throw std::runtime_error("sm4-ctr: 16-byte key and IV");
  static const EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "SM4-CTR", nullptr);
  if (!cipher) throw std::runtime_error("sm4-ctr: the OpenSSL provider offers no SM4-CTR");
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.data());
  const auto* v = reinterpret_cast<const unsigned char*>(iv.data());
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), cipher, k, v, nullptr) != 1)
    throw std::runtime_error("sm4-ctr: init failed");
  std::string out(data.size() + 16, '\0');
  int n = 0, tail = 0;
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_EncryptUpdate(ctx.get(), o, &n, reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), o + n, &tail) != 1)
    throw std::runtime_error("sm4-ctr: cipher failed");
  out.resize(static_cast<std::size_t>(n + tail));
  return out;
}

SealKey derive_seal_key(std::string_view key) {
  if (key.size() != 32) throw std::runtime_error("gm seal: the key must be 32 bytes");
  return {hmac_sm3(key, "medrisk gm1 sm4-ctr").substr(0, 16), hmac_sm3(key, "medrisk gm1 hmac-sm3")};
}

std::string seal(const SealKey& k, std::string_view header, std::string_view aad, std::string_view plaintext) {
  std::string iv(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(iv.data()), 16) != 1)
    throw std::runtime_error("gm seal: no randomness");
  std::string ciphertext = sm4_ctr(k.enc, iv, plaintext);
  std::string out = iv + ciphertext;
  out += tag_of(k.mac, header, iv, aad, ciphertext);
  return out;
}

std::optional<std::string> open(const SealKey& k, std::string_view header, std::string_view aad,
                                std::string_view sealed) {
  if (sealed.size() < kSealOverhead) return std::nullopt;
  std::string_view iv = sealed.substr(0, 16);
  std::string_view ciphertext = sealed.substr(16, sealed.size() - kSealOverhead);
  std::string_view tag = sealed.substr(sealed.size() - 32);
  std::string expected = tag_of(k.mac, header, iv, aad, ciphertext);
  if (CRYPTO_memcmp(expected.data(), tag.data(), 32) != 0) return std::nullopt;
  return sm4_ctr(k.enc, iv, ciphertext);
}

Sm2KeyPair sm2_generate() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"), &EVP_PKEY_free);
  if (!key) throw std::runtime_error("sm2: key generation failed");
  BioPtr priv(BIO_new(BIO_s_mem()), &BIO_free);
  if (PEM_write_bio_PrivateKey(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("sm2: cannot write the private key");
  BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  if (PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) throw std::runtime_error("sm2: cannot write the public key");
  return {bio_text(priv.get()), bio_text(pub.get())};
}

std::string sm2_public_pem(std::string_view private_pem) {
  PkeyPtr key = read_private(private_pem);
  BioPtr pub(BIO_new(BIO_s_mem()), &BIO_free);
  if (PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) throw std::runtime_error("sm2: cannot write the public key");
  return bio_text(pub.get());
}

std::string sm2_sign(std::string_view private_pem, std::string_view message) {
  PkeyPtr key = read_private(private_pem);
  MdCtxPtr md = sm2_context(key.get(), true);
  const auto* m = reinterpret_cast<const unsigned char*>(message.data());
  std::size_t n = 0;
  if (EVP_DigestSign(md.get(), nullptr, &n, m, message.size()) != 1) throw std::runtime_error("sm2: sign failed");
  std::string sig(n, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &n, m, message.size()) != 1)
    throw std::runtime_error("sm2: sign failed");
  sig.resize(n);
  return sig;
}

bool sm2_verify(std::string_view public_pem, std::string_view message, std::string_view signature) {
  PkeyPtr key = read_public(public_pem);
  MdCtxPtr md = sm2_context(key.get(), false);
  return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

bool sm4_gcm_available() {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "SM4-GCM", nullptr);
  EVP_CIPHER_free(c);
  return c != nullptr;
}

}  // namespace medrisk::crypto::gm
