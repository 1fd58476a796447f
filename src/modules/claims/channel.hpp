// The payment channel between the claims service and the bank: send an instruction, take confirmations
// back. The default FileBankChannel exchanges JSON files in a bank directory (outbox/ instructions,
// inbox/ confirmations, each moved to done/ once handled); DemoBank plays the bank for `--demo-bank`.
// Sending is idempotent per reference, so a retry, a crash or a resend never instructs twice.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kernel/money.hpp"
#include "kernel/result.hpp"
#include "modules/claims/model.hpp"

namespace medrisk::claims {

struct Instruction {
  std::string reference;  // PAY-<payment id>-<attempt>
  std::int64_t payment_id = 0, claim_id = 0;
  std::string kind, payee;
  Money amount_fen;
  BankAccount account;
};

struct Confirmation {
  std::string reference;
  std::string status;  // confirmed, failed
  std::string bank_transaction_id;
  std::optional<std::string> reason;
  std::string handle;  // channel-specific (the inbox file name)
};

class PaymentChannel {
 public:
  virtual ~PaymentChannel() = default;
  // Hands an instruction to the bank; sending the same reference again is success, not a second payment.
  virtual Status send(const Instruction& instruction) = 0;
  // Confirmations waiting to be processed (at most `limit`); malformed ones are set aside and logged.
  virtual std::vector<Confirmation> receive(int limit) = 0;
  // The confirmation was processed (committed): it will not be received again.
  virtual void done(const Confirmation& confirmation) = 0;
};

class FileBankChannel final : public PaymentChannel {
 public:
  explicit FileBankChannel(std::filesystem::path dir);
  Status send(const Instruction& instruction) override;
  std::vector<Confirmation> receive(int limit) override;
  void done(const Confirmation& confirmation) override;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// The demo bank: confirms every instruction in <dir>/outbox older than `delay` by writing
// <dir>/inbox/<reference>.json and moving the instruction to <dir>/outbox/done/ (a reference it has
// already confirmed is not confirmed again). Returns the number confirmed.
class DemoBank {
 public:
  DemoBank(std::filesystem::path dir, std::chrono::milliseconds delay) : dir_(std::move(dir)), delay_(delay) {}
  int run_once();

 private:
  std::filesystem::path dir_;
  std::chrono::milliseconds delay_;
};

}  // namespace medrisk::claims
