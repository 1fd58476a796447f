// See percent.hpp.
#include "kernel/percent.hpp"

namespace medrisk {

std::string percent_text(std::int64_t basis_points) {
  std::string sign = basis_points < 0 ? "-" : "";
  std::int64_t bp = basis_points < 0 ? -basis_points : basis_points;
  std::string whole = sign + std::to_string(bp / 100);
  if (bp % 100 == 0) return whole + "%";
  std::string hundredths = std::to_string(bp % 100);
  if (hundredths.size() < 2) hundredths = "0" + hundredths;
  return whole + "." + hundredths + "%";
}

}  // namespace medrisk
