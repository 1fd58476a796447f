// The disputes module's demo data (internal; `medrisk serve --demo`, seeded once after the modules before it).
#pragma once

#include <functional>
#include <memory>

#include "modules/disputes/api.hpp"

namespace medrisk::disputes {

// Case 1, the filed orthopaedic case the demo appraisal panel and compensation calculation are for (they
// name it by id): filed before the history so that it keeps id 1.
void seed_demo_case_one(DisputesService& s, const modules::DemoDirectory& dir, const Clock& clock);
// Today's showcase complaint and cases at several stages (after the history, so they are the newest).
void seed_demo_disputes(DisputesService& s, const modules::DemoDirectory& dir, const Clock& clock);  // after insurance

// Builds a disputes service like the server's on another clock (the history is played on past days).
using DisputesServiceAt = std::function<std::unique_ptr<DisputesService>(const Clock&)>;
// Three years of invented complaints and cases at every state of the case state machine (demo_history.cpp),
// deterministic from a fixed seed. Adds the invented patients to `dir.users` (demo_patient01…) for the
// claims module's history. Runs between seed_demo_case_one and seed_demo_disputes.
void seed_demo_history(accounts::AccountsService& accounts, modules::DemoDirectory& dir, const Clock& clock,
                       const DisputesServiceAt& disputes_at);

}  // namespace medrisk::disputes
