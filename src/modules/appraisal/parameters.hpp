// Reads the appraisal module's versioned parameter files (data/appraisal/panel.json, delphi.json,
// causation.json) into the structs the pure rules take. A malformed file is an operator error: throws.
#pragma once

#include <filesystem>

#include "modules/appraisal/delphi.hpp"
#include "modules/appraisal/rules.hpp"

namespace medrisk::appraisal {

struct Parameters {
  PanelParameters panel;
  DelphiParameters delphi;
  CausationParameters causation;
};

Parameters load_parameters(const std::filesystem::path& dir);

}  // namespace medrisk::appraisal
