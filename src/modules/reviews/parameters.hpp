// Reads data/reviews/{aspects,moderation,outreach,aggregates}.json into the rules' parameters.
// A malformed file (or an unknown validator, an invalid pattern) is an operator error: throws.
#pragma once

#include <filesystem>

#include "modules/reviews/rules.hpp"

namespace medrisk::reviews {

Parameters load_parameters(const std::filesystem::path& dir);

}  // namespace medrisk::reviews
