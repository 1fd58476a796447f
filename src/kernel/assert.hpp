// MEDRISK_ASSERT: invariants that must hold whatever the input (money sums, ledger balance, state
// transitions, shares summing to 10,000 bp). Unlike assert() it stays on in release builds: a broken
// invariant is a bug, and carrying on would write wrong money. It throws medrisk::InvariantViolation,
// which the HTTP boundary turns into a 500 and the transaction rolls back, so nothing half-written
// remains; the message names the file, line and condition, never personal data.
#pragma once

#include <stdexcept>
#include <string>

namespace medrisk {

struct InvariantViolation : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] void invariant_failed(const char* condition, const char* file, int line, const std::string& what);

}  // namespace medrisk

#define MEDRISK_ASSERT(condition, what)                                                    \
  do {                                                                                     \
    if (!(condition)) ::medrisk::invariant_failed(#condition, __FILE__, __LINE__, (what)); \
  } while (false)
