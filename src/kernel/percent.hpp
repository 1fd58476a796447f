// A share in basis points (10,000 bp = 100 %) as documents print it: "60%", "33.33%", "0.05%".
#pragma once

#include <cstdint>
#include <string>

namespace medrisk {

std::string percent_text(std::int64_t basis_points);

}  // namespace medrisk
