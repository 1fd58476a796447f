// Reads the compensation parameters from data/compensation/ (rules-2022.json and regions/*.json) into a
// ParameterSet. Figures are whole yuan in the files and become fen here; null means "not found".
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/result.hpp"
#include "modules/compensation/model.hpp"

namespace medrisk::compensation {

// compensation_parameters_invalid (with the offending key in the detail) when a file does not fit.
Result<ParameterSet> parse_parameters(const nlohmann::json& rules, const std::vector<nlohmann::json>& regions);

// Loads `dir`/rules-2022.json and every `dir`/regions/*.json; throws std::runtime_error when they are
// missing or invalid (the server refuses to start without its parameters).
ParameterSet load_parameters(const std::filesystem::path& dir);

}  // namespace medrisk::compensation
