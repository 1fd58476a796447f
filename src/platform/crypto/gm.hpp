// 国密 primitives through OpenSSL 3's EVP interface (Debian's libssl-dev; no hand-written cipher):
// SM3 (GB/T 32905-2016), HMAC-SM3 and the SM4 block cipher (GB/T 32907-2016). These are the building
// blocks of the `crypto.suite = "gm"` option of issue 16, which is NOT wired into KeyRing yet: Debian
// bookworm's OpenSSL 3.0 has no SM4-GCM (OpenSSL adds it in 3.2), see the issue note.
#pragma once

#include <string>
#include <string_view>

namespace medrisk::crypto::gm {

std::string sm3_hex(std::string_view data);
std::string hmac_sm3_hex(std::string_view key, std::string_view message);
// One SM4 block operation in ECB mode without padding (input a multiple of 16 bytes; 16-byte key): the
// standard's test vector and a check that the provider offers SM4. Throws std::runtime_error.
std::string sm4_ecb_encrypt(std::string_view key, std::string_view plaintext);
std::string sm4_ecb_decrypt(std::string_view key, std::string_view ciphertext);
// Whether this OpenSSL offers SM4-GCM (false on OpenSSL 3.0).
bool sm4_gcm_available();

}  // namespace medrisk::crypto::gm
