// libsodium-backed implementations of crypto.hpp.
#include "platform/crypto/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace medrisk::crypto {
namespace {

struct HashGate {
  std::mutex mutex;
  std::condition_variable freed;
  HashingStats stats;
};

HashGate& gate() {
  static HashGate g;
  return g;
}

// A running hash: waits for one of kMaxConcurrentHashes slots, unless kMaxWaitingHashes already wait.
struct SlotGuard {
  SlotGuard() {
    HashGate& g = gate();
    std::unique_lock lock(g.mutex);
    if (g.stats.running >= kMaxConcurrentHashes) {
      if (g.stats.waiting >= kMaxWaitingHashes) {
        ++g.stats.refused;
        throw HashingBusy();
      }
      ++g.stats.waiting;
      g.freed.wait(lock, [&] { return g.stats.running < kMaxConcurrentHashes; });
      --g.stats.waiting;
    }
    ++g.stats.running;
    g.stats.peak_running = std::max(g.stats.peak_running, g.stats.running);
  }
  ~SlotGuard() {
    HashGate& g = gate();
    {
      std::lock_guard lock(g.mutex);
      --g.stats.running;
      ++g.stats.completed;
    }
    g.freed.notify_one();
  }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
};

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.resize(n * 2);
  return out;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

void init() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string random_token(std::size_t n) {
  std::vector<unsigned char> buf(n);
  randombytes_buf(buf.data(), n);
  std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string random_digits(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + randombytes_uniform(10)));
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, bytes(data), data.size());
  return to_hex(out, sizeof out);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state st;
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&st, bytes(key), key.size());
  crypto_auth_hmacsha256_update(&st, bytes(message), message.size());
  crypto_auth_hmacsha256_final(&st, out);
  return to_hex(out, sizeof out);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view suite_name(Suite suite) {
  return suite == Suite::gm ? "gm" : "default";
}

Suite parse_suite(std::string_view name) {
  if (name == "default") return Suite::standard;
  if (name == "gm") return Suite::gm;
  throw std::invalid_argument("unknown crypto suite \"" + std::string(name) + "\" (default | gm)");
}

std::string base64_encode(std::string_view data) {
  std::string out(sodium_base64_encoded_len(data.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes(data), data.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

std::string base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    throw std::invalid_argument("malformed base64");
  out.resize(len);
  return out;
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  std::string h(encoded_hash);
  SlotGuard slot;
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

HashingStats hashing_stats() {
  std::lock_guard lock(gate().mutex);
  return gate().stats;
}

}  // namespace medrisk::crypto
