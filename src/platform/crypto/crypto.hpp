// Cryptographic primitives of the platform, all from libsodium: random tokens, SHA-256, HMAC,
// Argon2id password hashing with a concurrency cap, and base64. Field encryption is in keyring.hpp.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace medrisk::crypto {

// Must be called once before any other function (the composition root and tests do it).
void init();

std::string random_token(std::size_t bytes = 32);  // base64url without padding
std::string random_digits(std::size_t count);       // one-time codes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);
bool constant_time_equal(std::string_view a, std::string_view b);

// The crypto suite of a key file (`"crypto": {"suite": …}`): "default" — XChaCha20-Poly1305, HMAC-SHA256,
// SHA-256 (libsodium); "gm" — the 国密 suite SM4/HMAC-SM3/SM3/SM2 (OpenSSL, see gm.hpp and keyring.hpp).
enum class Suite { standard, gm };
std::string_view suite_name(Suite suite);  // "default" | "gm"
// Throws std::invalid_argument for any other name.
Suite parse_suite(std::string_view name);

std::string base64_encode(std::string_view bytes);
// Throws std::invalid_argument on malformed input.
std::string base64_decode(std::string_view text);

// Argon2id with libsodium's interactive limits (≈70–95 ms and 64 MiB per hash): at most
// `kMaxConcurrentHashes` run at once so that a login flood cannot exhaust CPU or memory, and at most
// `kMaxWaitingHashes` callers wait for a slot; one more is refused at once with HashingBusy (the HTTP
// server answers 503 `password_hashing_busy` with Retry-After), so a flood of logins holds at most
// four of the server's worker threads and every other request keeps being served.
inline constexpr int kMaxConcurrentHashes = 2;
inline constexpr int kMaxWaitingHashes = 2;
struct HashingBusy : std::runtime_error {
  HashingBusy() : std::runtime_error("password hashing is at its limit; try again shortly") {}
};
std::string hash_password(std::string_view password);
bool verify_password(std::string_view encoded_hash, std::string_view password);
// Counters of the gate since the process started (the server's /metrics).
struct HashingStats {
  long long completed = 0, refused = 0;
  int running = 0, waiting = 0, peak_running = 0;
};
HashingStats hashing_stats();

}  // namespace medrisk::crypto
