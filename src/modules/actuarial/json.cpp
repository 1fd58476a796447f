// Result → JSON. Field names follow docs/GLOSSARY.md spelling: ibnr, mack_se, ldf, cdf, elr.
#include "modules/actuarial/json.hpp"

#include "modules/actuarial/chainladder.hpp"
#include "modules/actuarial/mack.hpp"

namespace medrisk::actuarial {
namespace {

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json development_rows(const ChainLadderResult& r) {
  auto rows = nlohmann::json::array();
  for (std::size_t k = 0; k < r.ldf.size(); ++k)
    rows.push_back({{"from_lag", k + 1}, {"to_lag", k + 2}, {"ldf", r.ldf[k]}, {"cdf_to_ultimate", r.cdf_by_period[k]}});
  return rows;
}

}  // namespace

nlohmann::json to_json(const ChainLadderResult& r) {
  nlohmann::json j;
  j["method"] = "chainladder";
  j["average"] = std::string(to_string(r.average));
  j["tail"] = r.tail;
  j["development"] = development_rows(r);
  auto origins = nlohmann::json::array();
  for (std::size_t i = 0; i < r.origins.size(); ++i)
    origins.push_back({{"origin", r.origins[i]},
                       {"latest_lag", r.latest_period[i] + 1},
                       {"latest", r.latest[i]},
                       {"cdf", r.cdf[i]},
                       {"ultimate", r.ultimate[i]},
                       {"ibnr", r.ibnr[i]}});
  j["origins"] = std::move(origins);
  j["total"] = {{"latest", r.total_latest}, {"ultimate", r.total_ultimate}, {"ibnr", r.total_ibnr}};
  return j;
}

nlohmann::json to_json(const MackResult& r) {
  nlohmann::json j = to_json(r.chain_ladder);
  j["method"] = "mack";
  j["sigma_rule"] = std::string(to_string(r.sigma_rule));
  for (std::size_t k = 0; k < j["development"].size(); ++k) {
    j["development"][k]["sigma2"] = r.sigma2[k];
    j["development"][k]["ldf_se"] = r.ldf_se[k];
  }
  if (r.sigma2.size() > r.chain_ladder.ldf.size()) {
    j["tail_se"] = r.ldf_se.back();
    j["tail_sigma"] = std::sqrt(r.sigma2.back());
  }
  for (std::size_t i = 0; i < r.mack_se.size(); ++i) {
    auto& o = j["origins"][i];
    o["mack_se"] = r.mack_se[i];
    o["process_se"] = r.process_se[i];
    o["parameter_se"] = r.parameter_se[i];
    o["cv"] = r.cv[i];
  }
  auto& t = j["total"];
  t["mack_se"] = r.total_mack_se;
  t["process_se"] = r.total_process_se;
  t["parameter_se"] = r.total_parameter_se;
  t["cv"] = r.cv_total;
  return j;
}

nlohmann::json to_json(const BornhuetterFergusonResult& r) {
  nlohmann::json j;
  j["method"] = "bf";
  j["average"] = std::string(to_string(r.chain_ladder.average));
  j["tail"] = r.chain_ladder.tail;
  j["development"] = development_rows(r.chain_ladder);
  auto origins = nlohmann::json::array();
  for (std::size_t i = 0; i < r.ultimate.size(); ++i)
    origins.push_back({{"origin", r.chain_ladder.origins[i]},
                       {"latest", r.chain_ladder.latest[i]},
                       {"cdf", r.chain_ladder.cdf[i]},
                       {"exposure", r.exposure[i]},
                       {"elr", r.elr[i]},
                       {"pct_unreported", r.pct_unreported[i]},
                       {"ultimate", r.ultimate[i]},
                       {"ibnr", r.ibnr[i]}});
  j["origins"] = std::move(origins);
  j["total"] = {{"latest", r.chain_ladder.total_latest}, {"ultimate", r.total_ultimate}, {"ibnr", r.total_ibnr}};
  return j;
}

nlohmann::json to_json(const CapeCodResult& r) {
  nlohmann::json j = to_json(r.bf);
  j["method"] = "capecod";
  j["elr"] = r.elr;
  j["used_exposure"] = r.used_exposure;
  return j;
}

nlohmann::json to_json(const Triangle& t) {
  nlohmann::json j;
  j["origins"] = t.origins;
  auto lags = nlohmann::json::array();
  for (std::size_t k = 0; k < t.n_dev; ++k) lags.push_back(k + 1);
  j["development_lags"] = std::move(lags);
  j["cumulative"] = t.cumulative;
  auto cells = nlohmann::json::array();
  for (std::size_t i = 0; i < t.n_origins(); ++i) {
    auto row = nlohmann::json::array();
    for (std::size_t k = 0; k < t.n_dev; ++k) row.push_back(number_or_null(t.at(i, k)));
    cells.push_back(std::move(row));
  }
  j["cells"] = std::move(cells);
  return j;
}

nlohmann::json to_json(const AggregateDistribution& d, const std::vector<double>& levels) {
  nlohmann::json j;
  j["method"] = std::string(to_string(d.method));
  j["mean"] = d.mean();
  j["sd"] = d.sd();
  if (d.samples.empty()) {
    j["span"] = d.span;
    j["points"] = d.pmf.size();
    j["mass_on_grid"] = d.total_mass();
    j["severity_mass_outside"] = d.severity_mass_outside;
    if (d.transform_points) j["transform_points"] = d.transform_points;
  } else {
    j["draws"] = d.samples.size();
  }
  auto rows = nlohmann::json::array();
  for (double level : levels) {
    nlohmann::json row{{"level", level}};
    auto var = value_at_risk(d, level);
    auto tvar = tail_value_at_risk(d, level);
    row["var"] = var ? nlohmann::json(*var) : nlohmann::json(nullptr);
    row["tvar"] = tvar ? nlohmann::json(*tvar) : nlohmann::json(nullptr);
    if (!var) row["error"] = var.error().code;
    rows.push_back(std::move(row));
  }
  j["levels"] = std::move(rows);
  return j;
}

}  // namespace medrisk::actuarial
