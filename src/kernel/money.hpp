// Money: an exact amount of CNY as a whole number of fen (分). Amounts that are paid never pass
// through floating point; every division names its rounding and every overflow is detected.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/result.hpp"

namespace medrisk {

// How a division that does not come out even is rounded. "Half" modes decide only exact ties.
enum class Rounding {
  half_up,    // ties away from zero (商业四舍五入): 0.5 -> 1, -0.5 -> -1
  half_even,  // ties to the even neighbour (banker's rounding)
  down,       // toward zero (truncate)
  up,         // away from zero
  floor,      // toward negative infinity
  ceiling,    // toward positive infinity
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_fen(std::int64_t fen) { return Money(fen); }
  static constexpr Money zero() { return Money(0); }
  static constexpr Money max() { return Money(INT64_MAX); }
  static constexpr Money min() { return Money(INT64_MIN); }

  // "1,500,000.00", "1500000", "0.5", "-12.30": optional '-', digits with optional thousands commas
  // (all groups of three), optional '.' and one or two decimals. Nothing else, no spaces.
  static Result<Money> parse(std::string_view text);

  constexpr std::int64_t fen() const { return fen_; }
  std::string to_string() const;        // "1,500,000.00", "-0.05"
  std::string to_plain_string() const;  // "1500000.00", "-0.05"

  constexpr bool is_zero() const { return fen_ == 0; }
  constexpr bool is_negative() const { return fen_ < 0; }

  Result<Money> checked_add(Money other) const;
  Result<Money> checked_sub(Money other) const;
  Result<Money> checked_mul(std::int64_t factor) const;
  // this × numerator / denominator, rounded once at the end (e.g. 6000/10000 for 60 %).
  Result<Money> mul_ratio(std::int64_t numerator, std::int64_t denominator, Rounding rounding) const;
  Result<Money> mul_basis_points(std::int64_t basis_points, Rounding rounding) const;

  // Throwing forms for code where overflow would be a bug (std::overflow_error).
  Money operator+(Money other) const;
  Money operator-(Money other) const;
  Money operator-() const;
  Money& operator+=(Money other);
  Money& operator-=(Money other);

  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(std::int64_t fen) : fen_(fen) {}
  std::int64_t fen_ = 0;
};

// Divides `total` in proportion to `weights` so that the parts add up to `total` exactly: each part
// gets the rounded-down quota, then the leftover fen go one each to the largest remainders (equal
// remainders: lower index first). A zero weight gets zero; negative weights, no weights or weights
// that are all zero are refused (split_weights_invalid). A negative total splits by magnitude.
Result<std::vector<Money>> split_largest_remainder(Money total, std::span<const std::int64_t> weights);

}  // namespace medrisk
