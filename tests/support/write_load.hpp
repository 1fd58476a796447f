// Mixed write load for the crash (tests/faults) and backup (tests/ops) suites, as clients meet the
// server: per-visit policies through the signed partner API, a case event (medical-record copying)
// and claim payments with an Idempotency-Key. Every thread keeps the writes the server acknowledged
// (2xx) and those left in doubt (sent, no answer: the server died). `read_stored` reads what the
// database holds, directly, so a test can count lost and duplicated writes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/server_process.hpp"

namespace medrisk::testing {

// Made once per database, on the first start of `medrisk serve --demo` (fresh database).
struct LoadFixture {
  std::string partner_key, partner_secret;  // the demo hospital's key, from the first start's log
  std::string adjuster_token, officer_token;
  std::int64_t claim_id = 0;  // an approved claim of 50,000.00 CNY payable, paid 1 CNY at a time
  std::int64_t case_id = 0;   // a demo case of the officer's hospital
  static LoadFixture prepare(ServerProcess& first_start);
};

enum class WriteKind { visit_policy, case_event, payment };
const char* to_string(WriteKind k);

struct Write {
  WriteKind kind;
  std::string key;  // visit id, case event note, payment Idempotency-Key
  std::chrono::steady_clock::time_point acked_at;
};

struct LoadCounts {
  int visit_threads = 2, event_threads = 1, payment_threads = 1;
};

class MixedWriteLoad {
 public:
  MixedWriteLoad(int port, const LoadFixture& fx, std::string tag, LoadCounts counts = {});
  ~MixedWriteLoad();
  void start();
  void stop();  // joins the threads (after a kill they return on their own)
  std::vector<Write> acknowledged() const;
  std::vector<Write> in_doubt() const;
  // Answers other than 2xx and "could not connect" (each a test failure): "status body" lines.
  std::vector<std::string> unexpected() const;
  // Sends every in-doubt visit and payment again to `port` with the same key and body, as a client
  // does after an outage; what is answered 2xx moves to the acknowledged writes. Case events carry no
  // idempotency key and stay in doubt. Returns the number of retries not answered 2xx.
  int retry_in_doubt(int port);

 private:
  enum class Outcome { acked, in_doubt, not_sent, unexpected };
  Outcome send(int port, WriteKind kind, const std::string& key, std::string* detail);
  void loop(WriteKind kind, int thread);

  int port_;
  LoadFixture fx_;
  std::string tag_;
  LoadCounts counts_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  std::vector<Write> acked_, doubt_;
  std::vector<std::string> unexpected_;
};

// What the database holds for the fixture, counted per key, and its money.
struct Stored {
  std::map<std::string, int> visits, events, payments;
  long long confirmed_payment_fen = 0;                    // Σ confirmed payments of the claim
  long long ledger_debit_fen = 0, ledger_credit_fen = 0;  // the claim's ledger lines
  long long claim_paid_fen = 0;
};
Stored read_stored(const std::string& db_url, const LoadFixture& fx);

struct Tally {
  long long acknowledged = 0, lost = 0, duplicated = 0;
  std::vector<std::string> problems;  // one line per lost or duplicated write
};
// Acknowledged writes missing from `s` (lost) and keys stored more than once (duplicated).
Tally compare(const std::vector<Write>& acknowledged, const Stored& s);

}  // namespace medrisk::testing
