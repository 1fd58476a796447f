// Cape Cod / Stanard–Bühlmann: one ELR for all origins from the used-up exposure, trend 0, decay 1.
#include "modules/actuarial/capecod.hpp"

#include <string>

#include "modules/actuarial/bf.hpp"
#include "modules/actuarial/chainladder.hpp"
#include "modules/actuarial/errors.hpp"

namespace medrisk::actuarial {

Result<CapeCodResult> cape_cod(const Triangle& t, const CapeCodOptions& o) {
  MEDRISK_TRY(ChainLadderResult cl, chain_ladder(t, o.chain_ladder));
  MEDRISK_TRY(std::vector<double> exposure, per_origin(o.exposure, t.n_origins(), "exposure"));
  CapeCodResult r;
  for (std::size_t i = 0; i < exposure.size(); ++i) {
    if (!(exposure[i] > 0) || !std::isfinite(exposure[i]))
      return Error::of(std::string(errors::exposure_not_positive), "origin " + t.origins[i]);
    r.used_exposure += exposure[i] / cl.cdf[i];
  }
  r.elr = cl.total_latest / r.used_exposure;
  r.bf = bf_from_pattern(cl, std::move(exposure), std::vector<double>(t.n_origins(), r.elr));
  return r;
}

}  // namespace medrisk::actuarial
