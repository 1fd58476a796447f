// Result<T>: the value of a business decision that may be refused. A refusal is an Error with a
// stable, sentence-like code (`incident_date_before_policy_start`) that is also the i18n key and the
// JSON `code`; the HTTP status and the zh-CN/en-US messages come from the error catalogue
// (data/errors/*.json), never from the code that refuses. Bugs assert; infrastructure failures throw.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace medrisk {

// One offending input field: JSON pointer-like path ("/patient/phone") and its own code.
struct Violation {
  std::string field;
  std::string code;
  std::string detail;  // English, for developers; never personal data
};

struct Error {
  std::string code;
  std::string detail;  // English, for developers; never personal data
  std::vector<Violation> violations;
  // RFC 9457 extension members with an integer value, e.g. {"existing_claim_id", 12}: what a client needs
  // to act on the refusal. Never personal data.
  std::vector<std::pair<std::string, std::int64_t>> members;

  static Error of(std::string code, std::string detail = {}) {
    return Error{std::move(code), std::move(detail), {}, {}};
  }
  Error& with(std::string field, std::string code, std::string detail = {}) {
    violations.push_back({std::move(field), std::move(code), std::move(detail)});
    return *this;
  }
  Error& with_member(std::string name, std::int64_t value) {
    members.emplace_back(std::move(name), value);
    return *this;
  }
};

// The one builder of a refusal from an error code constant (`return err(errors::policy_not_found);`).
inline Error err(std::string_view code, std::string detail = {}) { return Error::of(std::string(code), std::move(detail)); }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(state_); }
  Error&& take_error() { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(failed_); return error_; }
  Error&& take_error() { assert(failed_); return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

// Propagate a refusal from a nested call: `MEDRISK_TRY(auto x, parse(...));`
#define MEDRISK_CONCAT_INNER(a, b) a##b
#define MEDRISK_CONCAT(a, b) MEDRISK_CONCAT_INNER(a, b)
#define MEDRISK_TRY(decl, expr) MEDRISK_TRY_IMPL(MEDRISK_CONCAT(medrisk_try_, __LINE__), decl, expr)
#define MEDRISK_TRY_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                      \
  if (!tmp.ok()) return tmp.take_error(); \
  decl = std::move(tmp).value()
#define MEDRISK_CHECK(expr)                            \
  do {                                                 \
    auto medrisk_check_ = (expr);                      \
    if (!medrisk_check_.ok()) return medrisk_check_.take_error(); \
  } while (0)

}  // namespace medrisk
