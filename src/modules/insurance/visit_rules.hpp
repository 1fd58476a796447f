// Pure rules of the partner API and visit policies: the canonical string a partner signs, the
// clock-skew and nonce checks, resident ID numbers (GB 11643-1999, ISO 7064 MOD 11-2 check digit),
// visit ids and the issuance date window. No I/O; parameters are arguments.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/insurance/visit_model.hpp"

namespace medrisk::insurance {

// Named limits of the hot path.
inline constexpr std::size_t kMaxVisitsPerBatch = 1000;
inline constexpr std::chrono::seconds kMaxClockSkew{300};        // 5 minutes either way
inline constexpr std::chrono::seconds kNonceRetention{600};      // > 2 × skew: a replay is always caught
inline constexpr std::size_t kNonceMinLength = 16;
inline constexpr std::size_t kNonceMaxLength = 64;
inline constexpr std::size_t kVisitIdMaxLength = 64;
inline constexpr std::size_t kDepartmentMaxLength = 64;
inline constexpr int kVisitDateMaxDaysBack = 1;    // registration happens on the visit day (or late at night)
inline constexpr int kVisitDateMaxDaysAhead = 30;  // appointments booked ahead

// method \n path \n timestamp \n nonce \n hex(sha256(body))
std::string canonical_request(std::string_view method, std::string_view path, std::string_view timestamp,
                              std::string_view nonce, std::string_view body);
// Lower-case hex HMAC-SHA256 of the canonical request under the secret.
std::string sign_request(std::string_view secret, std::string_view canonical);

// The timestamp header is Unix seconds; stale when more than kMaxClockSkew from `now`.
Status check_timestamp(std::string_view unix_seconds, Timestamp now);
Status check_nonce(std::string_view nonce);

// GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character (0–9 or X). Returns the
// upper-case form; a lower-case x is accepted.
Result<std::string> normalize_id_number(std::string_view text);
bool is_valid_visit_id(std::string_view visit_id);
Status check_visit_date(Date visit_date, Date today);

// "110101********123X": the first 6 and last 4 characters; phones as 170****0001.
std::string mask_id_number(std::string_view id_number);

// The policy's cover period: the visit day and the product's further days.
DateInterval cover_period(Date visit_date, const VisitProduct& product);

}  // namespace medrisk::insurance
