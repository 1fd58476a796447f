// Bornhuetter & Ferguson (1972): the unreported share 1 − 1/CDF of an a-priori ultimate
// (exposure × ELR) is added to the latest value.
#include "modules/actuarial/bf.hpp"

#include <string>

#include "modules/actuarial/chainladder.hpp"
#include "modules/actuarial/errors.hpp"

namespace medrisk::actuarial {

Result<std::vector<double>> per_origin(const std::vector<double>& values, std::size_t origins, const char* what) {
  if (values.size() == 1) return std::vector<double>(origins, values[0]);
  if (values.size() != origins)
    return Error::of(std::string(errors::exposure_count_mismatch),
                     std::string(what) + ": " + std::to_string(values.size()) + " values for " +
                         std::to_string(origins) + " origins");
  return values;
}

BornhuetterFergusonResult bf_from_pattern(const ChainLadderResult& cl, std::vector<double> exposure, std::vector<double> elr) {
  BornhuetterFergusonResult r;
  r.chain_ladder = cl;
  for (std::size_t i = 0; i < cl.origins.size(); ++i) {
    const double unreported = 1.0 - 1.0 / cl.cdf[i];
    const double ibnr = exposure[i] * elr[i] * unreported;
    r.pct_unreported.push_back(unreported);
    r.ibnr.push_back(ibnr);
    r.ultimate.push_back(cl.latest[i] + ibnr);
    r.total_ibnr += ibnr;
    r.total_ultimate += cl.latest[i] + ibnr;
  }
  r.exposure = std::move(exposure);
  r.elr = std::move(elr);
  return r;
}

Result<BornhuetterFergusonResult> bornhuetter_ferguson(const Triangle& t, const BornhuetterFergusonOptions& o) {
  MEDRISK_TRY(ChainLadderResult cl, chain_ladder(t, o.chain_ladder));
  MEDRISK_TRY(std::vector<double> exposure, per_origin(o.exposure, t.n_origins(), "exposure"));
  MEDRISK_TRY(std::vector<double> elr, per_origin(o.apriori, t.n_origins(), "a-priori loss ratio"));
  for (std::size_t i = 0; i < exposure.size(); ++i) {
    if (!(exposure[i] > 0) || !std::isfinite(exposure[i]))
      return Error::of(std::string(errors::exposure_not_positive), "origin " + t.origins[i]);
    if (!(elr[i] >= 0) || !std::isfinite(elr[i]))
      return Error::of(std::string(errors::apriori_loss_ratio_invalid), "origin " + t.origins[i]);
  }
  return bf_from_pattern(cl, std::move(exposure), std::move(elr));
}

}  // namespace medrisk::actuarial
