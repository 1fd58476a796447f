// Chinese capital amounts (see chinese_amount.hpp for the rules followed).
#include "kernel/chinese_amount.hpp"

#include <array>
#include <cstdint>

namespace medrisk {
namespace {

constexpr std::array<const char*, 10> kDigits = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<const char*, 4> kPlaces = {"", "拾", "佰", "仟"};

// 1 … 9999: one 零 for a run of inner zeros, none for trailing zeros.
std::string below_ten_thousand(std::uint64_t v) {
  std::string out;
  bool zero_pending = false;
  for (int place = 3; place >= 0; --place) {
    std::uint64_t scale = 1;
    for (int i = 0; i < place; ++i) scale *= 10;
    auto d = (v / scale) % 10;
    if (d == 0) {
      if (!out.empty()) zero_pending = true;
      continue;
    }
    if (zero_pending) out += kDigits[0];
    zero_pending = false;
    out += kDigits[d];
    out += kPlaces[place];
  }
  return out;
}

// Any positive whole number of yuan: 亿 and 万 sections, recursively above 亿 (so 亿亿 for 10^16).
std::string whole(std::uint64_t v) {
  constexpr std::uint64_t kYi = 100'000'000, kWan = 10'000;
  if (v >= kYi) {
    std::uint64_t rest = v % kYi;
    std::string out = whole(v / kYi) + "亿";
    if (rest == 0) return out;
    return out + (rest < kYi / 10 ? kDigits[0] : "") + whole(rest);
  }
  if (v >= kWan) {
    std::uint64_t rest = v % kWan;
    std::string out = below_ten_thousand(v / kWan) + "万";
    if (rest == 0) return out;
    return out + (rest < kWan / 10 ? kDigits[0] : "") + below_ten_thousand(rest);
  }
  return below_ten_thousand(v);
}

}  // namespace

std::string chinese_capital_amount(Money amount) {
  std::int64_t fen = amount.fen();
  // Magnitude in unsigned arithmetic so that INT64_MIN has one too.
  std::uint64_t magnitude =
      fen < 0 ? std::uint64_t(0) - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  std::uint64_t yuan = magnitude / 100;
  auto jiao = (magnitude / 10) % 10, fen_digit = magnitude % 10;
  if (magnitude == 0) return "零元整";
  std::string out = fen < 0 ? "负" : "";
  if (yuan > 0) out += whole(yuan) + "元";
  if (jiao == 0 && fen_digit == 0) return out + "整";
  if (yuan > 0 && (jiao == 0 || yuan % 10 == 0)) out += kDigits[0];
  if (jiao != 0) out += std::string(kDigits[jiao]) + "角";
  if (fen_digit != 0) out += std::string(kDigits[fen_digit]) + "分";
  return out;
}

}  // namespace medrisk
