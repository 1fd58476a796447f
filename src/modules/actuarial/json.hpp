// JSON views of actuarial results, shared by the CLI (`--json`) and the future HTTP routes. Objects
// always (they can grow); `total` carries the totals, `origins[]` one object per origin.
#pragma once

#include <nlohmann/json.hpp>

#include "modules/actuarial/aggregate.hpp"
#include "modules/actuarial/model.hpp"

namespace medrisk::actuarial {

nlohmann::json to_json(const ChainLadderResult& result);
nlohmann::json to_json(const MackResult& result);
nlohmann::json to_json(const BornhuetterFergusonResult& result);
nlohmann::json to_json(const CapeCodResult& result);
nlohmann::json to_json(const Triangle& triangle);  // { origins, development_lags, cells (null = unobserved) }

// Summary of a distribution at the given levels: mean, sd, levels[{level, var, tvar}], and the grid
// facts (span, points, mass on the grid) or the number of draws.
nlohmann::json to_json(const AggregateDistribution& distribution, const std::vector<double>& levels);

}  // namespace medrisk::actuarial
