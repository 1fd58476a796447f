// Visit-policy and partner-signature rules (see visit_rules.hpp).
#include "modules/insurance/visit_rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "modules/insurance/visit_errors.hpp"
#include "platform/crypto/crypto.hpp"

namespace medrisk::insurance {
namespace {


bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace

std::string canonical_request(std::string_view method, std::string_view path, std::string_view timestamp,
                              std::string_view nonce, std::string_view body) {
  std::string out;
  out.reserve(method.size() + path.size() + timestamp.size() + nonce.size() + 70);
  out.append(method).append("\n").append(path).append("\n").append(timestamp).append("\n").append(nonce);
  out.append("\n").append(crypto::sha256_hex(body));
  return out;
}

std::string sign_request(std::string_view secret, std::string_view canonical) {
  return crypto::hmac_sha256_hex(secret, canonical);
}

Status check_timestamp(std::string_view unix_seconds, Timestamp now) {
  long long seconds = 0;
  auto [end, ec] = std::from_chars(unix_seconds.data(), unix_seconds.data() + unix_seconds.size(), seconds);
  if (ec != std::errc() || end != unix_seconds.data() + unix_seconds.size() || unix_seconds.empty() ||
      unix_seconds.size() > 12)
    return err(visit_errors::partner_timestamp_stale, "timestamp is not Unix seconds");
  auto at = Timestamp::from_micros(seconds * 1'000'000);
  auto skew = at > now ? at - now : now - at;
  if (skew > kMaxClockSkew) return err(visit_errors::partner_timestamp_stale);
  return {};
}

Status check_nonce(std::string_view nonce) {
  if (nonce.size() < kNonceMinLength || nonce.size() > kNonceMaxLength ||
      !std::all_of(nonce.begin(), nonce.end(), is_token_char))
    return err(visit_errors::partner_nonce_invalid);
  return {};
}

Result<std::string> normalize_id_number(std::string_view text) {
  // ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 and check characters, GB 11643-1999 §5.
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (text.size() != 18) return err(visit_errors::id_number_invalid, "18 characters");
  std::string id(text);
  if (id[17] == 'x') id[17] = 'X';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return err(visit_errors::id_number_invalid, "17 digits first");
    sum += (id[i] - '0') * kWeights[i];
  }
  if (id[17] != kCheck[sum % 11]) return err(visit_errors::id_number_invalid, "check digit");
  auto birth = Date::from_ymd(std::stoi(id.substr(6, 4)), std::stoi(id.substr(10, 2)), std::stoi(id.substr(12, 2)));
  if (!birth.ok()) return err(visit_errors::id_number_invalid, "birth date");
  return id;
}

bool is_valid_visit_id(std::string_view v) {
  return !v.empty() && v.size() <= kVisitIdMaxLength &&
         std::all_of(v.begin(), v.end(), [](char c) { return is_token_char(c) || c == '.'; });
}

Status check_visit_date(Date visit_date, Date today) {
  if (visit_date < today.add_days(-kVisitDateMaxDaysBack) || visit_date > today.add_days(kVisitDateMaxDaysAhead))
    return err(visit_errors::visit_date_out_of_window);
  return {};
}

std::string mask_id_number(std::string_view id) {
  if (id.size() != 18) return "***";
  return std::string(id.substr(0, 6)) + std::string(8, '*') + std::string(id.substr(14));
}

DateInterval cover_period(Date visit_date, const VisitProduct& product) {
  return {visit_date, visit_date.add_days(std::max(product.cover_days, 1) - 1)};
}

}  // namespace medrisk::insurance
