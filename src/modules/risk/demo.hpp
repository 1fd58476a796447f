// The risk module's demo data: three years of invented exposure for every demo hospital and department.
#pragma once

#include "kernel/clock.hpp"
#include "modules/risk/api.hpp"

namespace medrisk::risk {

// Deterministic (a fixed seed) and fast: one import of ~700 rows.
void seed_demo_risk(RiskService& service, const modules::DemoDirectory& dir, const Clock& clock);

// The invented rows themselves (also used by the benchmark's generator and the tests).
std::vector<ExposureRecord> demo_exposure(const std::vector<std::pair<std::int64_t, std::string>>& hospitals,
                                          const std::string& last_month, int months, std::uint64_t seed);

}  // namespace medrisk::risk
