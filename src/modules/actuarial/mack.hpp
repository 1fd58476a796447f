// Mack's distribution-free standard error of chain-ladder reserves: Mack (1993) ASTIN Bulletin 23(2)
// 213–225 (closed form), Mack (1999) ASTIN Bulletin 29(2) 361–366 (recursion, tail factor).
// Process and parameter error per origin and for the total reserve.
#pragma once

#include <string_view>

#include "kernel/result.hpp"
#include "modules/actuarial/chainladder.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

std::string_view to_string(SigmaRule rule);
bool parse_sigma_rule(std::string_view text, SigmaRule& out);

// Fills σ²_k of periods with a single link ratio. Errors: sigma_not_estimable.
Status extrapolate_sigma2(std::vector<double>& sigma2, const std::vector<std::size_t>& count, SigmaRule rule);

// Errors: those of fit_development, sigma_not_estimable, tail_se_not_estimable, triangle_too_small.
Result<MackResult> mack(const Triangle& triangle, const MackOptions& options = {});

}  // namespace medrisk::actuarial
