// Cape Cod (Stanard–Bühlmann) reserves: Stanard (1985) PCAS 72; Bühlmann (1983). The expected loss
// ratio is estimated from the triangle itself: ELR = Σ latest_i / Σ (exposure_i / CDF_i), then BF.
#pragma once

#include "kernel/result.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

struct CapeCodOptions {
  ChainLadderOptions chain_ladder;
  std::vector<double> exposure;  // one per origin, or one value for every origin
};

// Errors: those of chain_ladder, exposure_count_mismatch, exposure_not_positive.
Result<CapeCodResult> cape_cod(const Triangle& triangle, const CapeCodOptions& options);

}  // namespace medrisk::actuarial
