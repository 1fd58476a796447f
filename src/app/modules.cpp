// The one list of modules. Adding a module is one line here (and its folder under src/modules/): the
// server builds them in this order — each may use the services of those above it — and seeds the demo
// in the same order; migrations, encrypted columns and commands come from the same list.
#include "app/app.hpp"
#include "modules/accounts/api.hpp"
#include "modules/actuarial/api.hpp"
#include "modules/appraisal/api.hpp"
#include "modules/claims/api.hpp"
#include "modules/compensation/api.hpp"
#include "modules/consent/api.hpp"
#include "modules/disputes/api.hpp"
#include "modules/incidents/api.hpp"
#include "modules/insurance/api.hpp"
#include "modules/reviews/api.hpp"
#include "modules/risk/api.hpp"
#include "modules/witnessing/api.hpp"

namespace medrisk::app {

const std::vector<modules::ModuleSpec>& module_list() {
  static const std::vector<modules::ModuleSpec> list = {
      accounts::module_spec(),      // organizations, users, sessions; the directory the others ask
      consent::module_spec(),       // the patient's data-sharing grants and access log (the others ask it)
      actuarial::module_spec(),     // reserving and aggregate losses
      insurance::module_spec(),     // products, policies, per-visit policies, compliance
      appraisal::module_spec(),     // expert pool, panels, Delphi
      disputes::module_spec(),      // complaints and cases (asks insurance for cover)
      reviews::module_spec(),       // patient evaluations (asks insurance and disputes whose visit/case)
      compensation::module_spec(),  // damages calculator (demo: for a disputes case)
      claims::module_spec(),        // claims and payments (from disputes' outbox topics)
      incidents::module_spec(),     // incident reports (links to disputes cases; tells the insurer early)
      risk::module_spec(),          // exposure, rates, credibility, risk coefficients (reads the modules above)
      witnessing::module_spec(),    // consent-talk witnessing sealed into the ledger
  };
  return list;
}

}  // namespace medrisk::app
