// Throughput of KeyRing operations per suite (issue 16): how much the 国密 suite (SM4-CTR + HMAC-SM3,
// HMAC-SM3 index) costs next to the default one (XChaCha20-Poly1305, HMAC-SHA256) on an 18-byte ID
// number, the typical sensitive field. One thread; each figure is the best of 3 runs of ~0.5 s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "platform/crypto/crypto.hpp"
#include "platform/crypto/keyring.hpp"

namespace {

using medrisk::crypto::KeyRing;
using medrisk::crypto::Suite;

double ops_per_second(const std::function<void()>& op) {
  double best = 0;
  for (int run = 0; run < 3; ++run) {
    auto start = std::chrono::steady_clock::now();
    long n = 0;
    double elapsed = 0;
    while (elapsed < 0.5) {
      for (int i = 0; i < 256; ++i) op();
      n += 256;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    best = std::max(best, n / elapsed);
  }
  return best;
}

}  // namespace

int main() {
  medrisk::crypto::init();
  const std::string value = "110101199003074514", aad = "visit_policies.id_number_enc";
  std::printf("%-8s %14s %14s %14s\n", "suite", "encrypt/s", "decrypt/s", "blind_index/s");
  for (Suite suite : {Suite::standard, Suite::gm}) {
    KeyRing ring = KeyRing::ephemeral(suite);
    std::string c = ring.encrypt(value, aad);
    volatile std::size_t sink = 0;
    double enc = ops_per_second([&] { sink = sink + ring.encrypt(value, aad).size(); });
    double dec = ops_per_second([&] { sink = sink + ring.decrypt(c, aad).size(); });
    double idx = ops_per_second([&] { sink = sink + ring.blind_index("id_number", value).size(); });
    std::printf("%-8s %14.0f %14.0f %14.0f\n", std::string(medrisk::crypto::suite_name(suite)).c_str(), enc, dec, idx);
  }
}
