// JSON of the compensation API: the calculation input decoded with JsonReader (collecting every
// violation), and the calculation, saved calculations and parameters encoded. Money is integer fen.
#pragma once

#include <nlohmann/json.hpp>

#include "kernel/json.hpp"
#include "modules/compensation/model.hpp"

namespace medrisk::compensation {

// Decodes an input object into `out`; violations are collected in `in` (the caller calls finish()).
void decode_input(JsonReader& in, CompensationInput& out);

nlohmann::json to_json(const Line& l);
nlohmann::json to_json(const Calculation& c);
nlohmann::json to_json(const SavedCalculation& c);
nlohmann::json to_json(const ParameterSet& p);

}  // namespace medrisk::compensation
