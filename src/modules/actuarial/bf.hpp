// Bornhuetter–Ferguson reserves: Bornhuetter & Ferguson (1972), "The Actuary and IBNR", PCAS 59.
// IBNR_i = exposure_i × ELR_i × (1 − 1/CDF_i) with the chain-ladder development pattern.
#pragma once

#include "kernel/result.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

struct BornhuetterFergusonOptions {
  ChainLadderOptions chain_ladder;
  std::vector<double> exposure;  // one per origin, or one value for every origin
  std::vector<double> apriori;   // a-priori loss ratio: one per origin, or one for every origin
};

// Errors: those of chain_ladder, exposure_count_mismatch, exposure_not_positive,
// apriori_loss_ratio_invalid.
Result<BornhuetterFergusonResult> bornhuetter_ferguson(const Triangle& triangle, const BornhuetterFergusonOptions& options);

// BF on an already projected chain ladder (shared with Cape Cod). Inputs already expanded per origin.
BornhuetterFergusonResult bf_from_pattern(const ChainLadderResult& cl, std::vector<double> exposure, std::vector<double> elr);

// One value per origin from `values` (one per origin or a single value); error code on mismatch.
Result<std::vector<double>> per_origin(const std::vector<double>& values, std::size_t origins, const char* what);

}  // namespace medrisk::actuarial
