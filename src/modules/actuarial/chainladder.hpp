// Chain-ladder development: age-to-age factors (volume-weighted, simple, regression averages with
// exclusions and a window of recent diagonals), tail factor, ultimates and IBNR. Mack (1993), ASTIN
// Bulletin 23(2) §3, gives the weighted family f_k = Σ w C^α F / Σ w C^α used here.
#pragma once

#include <string_view>

#include "kernel/result.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

// The per-period regression C[i,k+1] ≈ f_k C[i,k] with Var ∝ σ²_k C[i,k]^(2-α).
struct DevelopmentFit {
  double alpha = 1;
  std::vector<double> ldf;          // f_k, k = 0..n_dev-2
  std::vector<double> volume;       // S_k = Σ_i w_ik C_ik^α over the link ratios used
  std::vector<std::size_t> count;   // number of link ratios used
  std::vector<double> sigma2;       // σ²_k; NaN where fewer than two link ratios
  std::vector<double> weight;       // w_ik (0/1), row-major n_origins × (n_dev-1)
};

double alpha_of(Average average);
std::string_view to_string(Average average);
bool parse_average(std::string_view text, Average& out);

// Errors: triangle_too_small, exclusion_out_of_range, tail_factor_invalid, development_volume_zero.
Result<DevelopmentFit> fit_development(const Triangle& triangle, const ChainLadderOptions& options);

// Errors: those of fit_development.
Result<ChainLadderResult> chain_ladder(const Triangle& triangle, const ChainLadderOptions& options = {});

// Ultimates from a fitted pattern (shared with Mack, BF and Cape Cod).
ChainLadderResult project(const Triangle& triangle, const DevelopmentFit& fit, const ChainLadderOptions& options);

}  // namespace medrisk::actuarial
