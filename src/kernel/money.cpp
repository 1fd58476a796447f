// Money parsing, formatting and checked arithmetic. Intermediates are 128-bit so that a product
// or a quota can never wrap before it is range-checked.
#include "kernel/money.hpp"

#include "kernel/assert.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "kernel/errors.hpp"

namespace medrisk {
namespace {

// __extension__: 128-bit integers are a GCC/Clang extension, used deliberately here.
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

// Magnitude of INT64_MIN: the largest magnitude a negative amount may have.
constexpr u128 kMaxNegativeMagnitude = u128(1) << 63;
constexpr u128 kMaxPositiveMagnitude = kMaxNegativeMagnitude - 1;

Error money_error(std::string_view code, std::string detail) {
  return Error::of(std::string(code), std::move(detail));
}

Error out_of_range(std::string_view what) {
  return money_error(kernel_errors::money_out_of_range, std::string(what) + " overflows the fen range");
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Integer part "1,500,000" or "1500000": returns false unless commas, if any, separate groups of
// exactly three digits after a first group of one to three.
bool valid_integer_part(std::string_view s) {
  if (s.empty()) return false;
  if (s.find(',') == std::string_view::npos) return std::all_of(s.begin(), s.end(), is_digit);
  std::size_t first = s.find(',');
  if (first == 0 || first > 3) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool comma_here = i >= first && (i - first) % 4 == 0;
    if (comma_here ? s[i] != ',' : !is_digit(s[i])) return false;
  }
  return (s.size() - first) % 4 == 0;
}

bool valid_fraction_part(std::string_view s) {
  return (s.size() == 1 || s.size() == 2) && std::all_of(s.begin(), s.end(), is_digit);
}

// Appends digits to a magnitude, stopping early once it exceeds any representable amount.
u128 accumulate(u128 magnitude, std::string_view digits) {
  for (char c : digits) {
    if (c == ',') continue;
    magnitude = magnitude * 10 + u128(c - '0');
    if (magnitude > kMaxNegativeMagnitude * 100) return kMaxNegativeMagnitude * 100 + 1;
  }
  return magnitude;
}

std::int64_t to_int64(bool negative, u128 magnitude) {
  return negative ? std::int64_t(-i128(magnitude)) : std::int64_t(magnitude);
}

// Exact division n / d with the given rounding; d != 0.
i128 divide_rounded(i128 n, i128 d, Rounding rounding) {
  if (d < 0) {
    n = -n;
    d = -d;
  }
  i128 q = n / d;
  i128 r = n % d;
  if (r == 0) return q;
  i128 away = n < 0 ? -1 : 1;
  i128 twice_r = r < 0 ? -2 * r : 2 * r;
  switch (rounding) {
    case Rounding::down: return q;
    case Rounding::up: return q + away;
    case Rounding::floor: return n < 0 ? q - 1 : q;
    case Rounding::ceiling: return n > 0 ? q + 1 : q;
    case Rounding::half_up: return twice_r >= d ? q + away : q;
    case Rounding::half_even:
      if (twice_r != d) return twice_r > d ? q + away : q;
      return q % 2 == 0 ? q : q + away;
  }
  return q;
}

bool fits_int64(i128 v) {
  return v >= std::numeric_limits<std::int64_t>::min() && v <= std::numeric_limits<std::int64_t>::max();
}

std::string group_thousands(std::string digits) {
  for (int pos = int(digits.size()) - 3; pos > 0; pos -= 3) digits.insert(std::size_t(pos), 1, ',');
  return digits;
}

std::string format(std::int64_t fen, bool grouped) {
  u128 magnitude = fen < 0 ? u128(-i128(fen)) : u128(fen);
  std::string yuan = std::to_string(std::uint64_t(magnitude / 100));
  unsigned cents = unsigned(magnitude % 100);
  std::string out = fen < 0 ? "-" : "";
  out += grouped ? group_thousands(std::move(yuan)) : yuan;
  out += '.';
  out += char('0' + cents / 10);
  out += char('0' + cents % 10);
  return out;
}

}  // namespace

Result<Money> Money::parse(std::string_view text) {
  std::string_view rest = text;
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  std::size_t dot = rest.find('.');
  std::string_view integer = rest.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  if (!valid_integer_part(integer) || (dot != std::string_view::npos && !valid_fraction_part(fraction))) {
    return money_error(kernel_errors::invalid_money_format,
                       "expected digits with optional thousands commas and at most two decimals");
  }
  u128 magnitude = accumulate(accumulate(0, integer), fraction);
  for (std::size_t i = fraction.size(); i < 2; ++i) magnitude *= 10;
  if (magnitude > (negative ? kMaxNegativeMagnitude : kMaxPositiveMagnitude)) return out_of_range("amount");
  return Money(to_int64(negative, magnitude));
}

std::string Money::to_string() const { return format(fen_, true); }
std::string Money::to_plain_string() const { return format(fen_, false); }

Result<Money> Money::checked_add(Money other) const {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(fen_, other.fen_, &sum)) return out_of_range("sum");
  return Money(sum);
}

Result<Money> Money::checked_sub(Money other) const {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(fen_, other.fen_, &difference)) return out_of_range("difference");
  return Money(difference);
}

Result<Money> Money::checked_mul(std::int64_t factor) const {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(fen_, factor, &product)) return out_of_range("product");
  return Money(product);
}

Result<Money> Money::mul_ratio(std::int64_t numerator, std::int64_t denominator, Rounding rounding) const {
  if (denominator == 0) return money_error(kernel_errors::money_ratio_invalid, "denominator is zero");
  // |fen × numerator| <= 2^126, so the product cannot overflow 128 bits.
  i128 result = divide_rounded(i128(fen_) * numerator, denominator, rounding);
  if (!fits_int64(result)) return out_of_range("ratio");
  return Money(std::int64_t(result));
}

Result<Money> Money::mul_basis_points(std::int64_t basis_points, Rounding rounding) const {
  return mul_ratio(basis_points, 10'000, rounding);
}

Money Money::operator+(Money other) const {
  auto sum = checked_add(other);
  if (!sum) throw std::overflow_error("Money addition overflow");
  return *sum;
}

Money Money::operator-(Money other) const {
  auto difference = checked_sub(other);
  if (!difference) throw std::overflow_error("Money subtraction overflow");
  return *difference;
}

Money Money::operator-() const { return Money(0) - *this; }
Money& Money::operator+=(Money other) { return *this = *this + other; }
Money& Money::operator-=(Money other) { return *this = *this - other; }

Result<std::vector<Money>> split_largest_remainder(Money total, std::span<const std::int64_t> weights) {
  i128 weight_sum = 0;
  for (std::int64_t w : weights) {
    if (w < 0) return money_error(kernel_errors::split_weights_invalid, "a weight is negative");
    weight_sum += w;
  }
  if (weight_sum == 0) return money_error(kernel_errors::split_weights_invalid, "weights are empty or all zero");

  bool negative = total.fen() < 0;
  u128 magnitude = negative ? u128(-i128(total.fen())) : u128(total.fen());
  std::vector<u128> parts(weights.size());
  std::vector<u128> remainders(weights.size());
  u128 assigned = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    // magnitude < 2^64 and weight < 2^63: the product fits in 127 bits.
    u128 quota = magnitude * u128(weights[i]);
    parts[i] = quota / u128(weight_sum);
    remainders[i] = quota % u128(weight_sum);
    assigned += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  // Fewer leftover fen than parts with a non-zero remainder, so a zero weight never receives one.
  for (u128 k = 0; k < magnitude - assigned; ++k) parts[order[std::size_t(k)]] += 1;

  std::vector<Money> out;
  out.reserve(parts.size());
  for (u128 p : parts) out.push_back(Money::from_fen(to_int64(negative, p)));
  u128 check = 0;
  for (u128 p : parts) check += p;
  MEDRISK_ASSERT(check == magnitude, "the parts of a largest-remainder split add up to the total");
  return out;
}

}  // namespace medrisk
