// 国密 primitives through OpenSSL 3's EVP interface (Debian's libssl-dev; no hand-written cipher):
// SM3 (GB/T 32905-2016), HMAC-SM3, the SM4 block cipher (GB/T 32907-2016) in ECB and CTR mode, SM2
// signatures (GB/T 32918-2016) and the authenticated encryption that the `gm` suite of KeyRing uses.
//
// Not SM4-GCM: Debian bookworm's OpenSSL 3.0 has no SM4-GCM (OpenSSL adds it in 3.2), and a database
// written with it on a newer OpenSSL could not be read back on 3.0. The suite's AEAD is therefore the
// generic encrypt-then-MAC composition of two standard primitives (see `seal`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace medrisk::crypto::gm {

std::string sm3_hex(std::string_view data);
std::string hmac_sm3(std::string_view key, std::string_view message);  // 32 raw bytes
std::string hmac_sm3_hex(std::string_view key, std::string_view message);
// One SM4 block operation in ECB mode without padding (input a multiple of 16 bytes; 16-byte key): the
// standard's test vector and a check that the provider offers SM4. Throws std::runtime_error.
std::string sm4_ecb_encrypt(std::string_view key, std::string_view plaintext);
std::string sm4_ecb_decrypt(std::string_view key, std::string_view ciphertext);
// SM4 in CTR mode (16-byte key, 16-byte initial counter block; encryption and decryption are the same).
std::string sm4_ctr(std::string_view key, std::string_view iv, std::string_view data);
// Whether this OpenSSL offers SM4-GCM (false on OpenSSL 3.0).
bool sm4_gcm_available();

// Authenticated encryption SM4-CTR + HMAC-SM3, encrypt-then-MAC. From the 32-byte `key` two sub-keys are
// derived, enc = HMAC-SM3(key, "medrisk gm1 sm4-ctr")[0..16) and mac = HMAC-SM3(key, "medrisk gm1
// hmac-sm3"); a random 16-byte IV; tag = HMAC-SM3(mac, len‖header ‖ IV ‖ len‖aad ‖ ciphertext) with
// 8-byte big-endian lengths. `header` is bound but not stored (KeyRing passes "gm1:<key id>").
// Returns IV ‖ ciphertext ‖ 32-byte tag.
inline constexpr std::size_t kSealOverhead = 16 + 32;
struct SealKey {  // the derived sub-keys (KeyRing derives them once per key)
  std::string enc, mac;
};
SealKey derive_seal_key(std::string_view key);  // throws std::runtime_error unless 32 bytes
std::string seal(const SealKey& key, std::string_view header, std::string_view aad, std::string_view plaintext);
// The plaintext, or nullopt when anything was altered (tags compared in constant time).
std::optional<std::string> open(const SealKey& key, std::string_view header, std::string_view aad,
                                std::string_view sealed);
inline std::string seal(std::string_view key, std::string_view header, std::string_view aad,
                        std::string_view plaintext) {
  return seal(derive_seal_key(key), header, aad, plaintext);
}
inline std::optional<std::string> open(std::string_view key, std::string_view header, std::string_view aad,
                                       std::string_view sealed) {
  return open(derive_seal_key(key), header, aad, sealed);
}

// SM2 signatures with SM3 and the standard's default user id "1234567812345678" (GB/T 35276-2017).
// Keys are PEM (PKCS#8 private key, SubjectPublicKeyInfo public key); signatures DER. Throws
// std::runtime_error on a malformed key.
struct Sm2KeyPair {
  std::string private_pem;
  std::string public_pem;
};
Sm2KeyPair sm2_generate();
std::string sm2_public_pem(std::string_view private_pem);
std::string sm2_sign(std::string_view private_pem, std::string_view message);
bool sm2_verify(std::string_view public_pem, std::string_view message, std::string_view signature);

}  // namespace medrisk::crypto::gm
