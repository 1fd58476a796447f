// Types of the actuarial module: loss-development triangles, reserving options and results, and the
// named limits. Figures are doubles: actuarial estimates, never amounts that are paid (DESIGN.md §3).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace medrisk::actuarial {

// Named limits (TigerBeetle style): every input that grows has a ceiling with a test at the boundary.
inline constexpr std::size_t kMaxOrigins = 400;
inline constexpr std::size_t kMaxDevelopmentPeriods = 400;
inline constexpr std::size_t kMaxCsvBytes = 256u * 1024u * 1024u;
inline constexpr std::size_t kMaxGridPoints = std::size_t{1} << 22;  // Panjer / FFT output points
inline constexpr std::size_t kMaxFftPoints = std::size_t{1} << 24;   // padded FFT length
inline constexpr std::size_t kMaxDraws = 100'000'000;               // Monte Carlo draws

inline constexpr double kNotObserved = std::numeric_limits<double>::quiet_NaN();

// A run-off triangle: rows are origin (accident / report / underwriting) periods, oldest first;
// columns are development periods 1..n_dev. Unobserved cells are NaN. The observed cells of a row are
// one contiguous run [first_observed, last_observed] (leading cells may be missing when the data
// starts at a calendar date, as in Friedland's XYZ).
struct Triangle {
  std::vector<std::string> origins;
  std::size_t n_dev = 0;
  std::vector<double> cells;  // row-major, origins.size() × n_dev
  bool cumulative = true;

  std::size_t n_origins() const { return origins.size(); }
  double at(std::size_t i, std::size_t k) const { return cells[i * n_dev + k]; }
  double& at(std::size_t i, std::size_t k) { return cells[i * n_dev + k]; }
  bool observed(std::size_t i, std::size_t k) const { return !std::isnan(at(i, k)); }
  // Index of the last observed development period of row i; n_dev when the row is empty.
  std::size_t last_observed(std::size_t i) const {
    for (std::size_t k = n_dev; k-- > 0;)
      if (observed(i, k)) return k;
    return n_dev;
  }
  double latest(std::size_t i) const { return at(i, last_observed(i)); }
};

// One cell from any source (CSV, the claims module's payments or reserve history). `lag` is 1-based.
struct CellRecord {
  std::string origin;
  int lag = 1;
  double value = 0;
};

// Which age-to-age average (Mack 1993 §3 weights C^alpha): volume-weighted (alpha 1), simple mean
// of link ratios (alpha 0), least-squares regression through the origin (alpha 2).
enum class Average { volume, simple, regression };

// How the σ² of a development period with a single link ratio is extrapolated.
enum class SigmaRule {
  mack,        // Mack (1993): min(σ⁴ₖ₋₁/σ²ₖ₋₂, σ²ₖ₋₂, σ²ₖ₋₁)
  log_linear,  // regression of log σₖ on k over the estimable periods (R ChainLadder default)
};

struct ChainLadderOptions {
  Average average = Average::volume;
  // Only the latest `n_periods` calendar diagonals of link ratios are used; 0 = all.
  std::size_t n_periods = 0;
  // Link ratios left out: (origin row index, development index k of C[i,k] → C[i,k+1]), 0-based.
  std::vector<std::pair<std::size_t, std::size_t>> exclusions;
  double tail = 1.0;  // factor from the last development period to ultimate
};

struct MackOptions {
  ChainLadderOptions chain_ladder;
  SigmaRule sigma_rule = SigmaRule::mack;
  // Tail uncertainty (Mack 1999); when absent and tail > 1 they are extrapolated log-linearly on the
  // position of the tail among the link ratios, as R ChainLadder does.
  std::optional<double> tail_se;
  std::optional<double> tail_sigma;
};

struct ChainLadderResult {
  std::vector<std::string> origins;
  Average average = Average::volume;
  std::vector<double> ldf;              // n_dev-1 age-to-age factors
  double tail = 1.0;
  std::vector<double> cdf_by_period;    // n_dev: factor from period k to ultimate (incl. tail)
  std::vector<std::size_t> latest_period;  // per origin, 0-based development index of the latest cell
  std::vector<double> latest;           // per origin
  std::vector<double> cdf;              // per origin: development factor from latest to ultimate
  std::vector<double> ultimate;
  std::vector<double> ibnr;             // ultimate - latest (IBNR incl. IBNER for incurred triangles)
  double total_latest = 0;
  double total_ultimate = 0;
  double total_ibnr = 0;
};

struct MackResult {
  ChainLadderResult chain_ladder;
  SigmaRule sigma_rule = SigmaRule::mack;
  std::vector<double> sigma2;   // n_dev-1 (+1 for the tail when tail > 1)
  std::vector<double> ldf_se;   // standard error of each age-to-age factor (and of the tail)
  std::vector<double> mack_se;  // per origin, sqrt(process² + parameter²)
  std::vector<double> process_se;
  std::vector<double> parameter_se;
  std::vector<double> cv;       // mack_se / ibnr (0 when ibnr is 0)
  double total_mack_se = 0;
  double total_process_se = 0;
  double total_parameter_se = 0;
  double cv_total = 0;
};

struct BornhuetterFergusonResult {
  ChainLadderResult chain_ladder;  // development pattern used
  std::vector<double> exposure;    // premium or other exposure per origin
  std::vector<double> elr;         // a-priori expected loss ratio per origin
  std::vector<double> pct_unreported;  // 1 - 1/CDF
  std::vector<double> ultimate;
  std::vector<double> ibnr;
  double total_ultimate = 0;
  double total_ibnr = 0;
};

struct CapeCodResult {
  BornhuetterFergusonResult bf;  // BF with the Cape Cod ELR in every origin
  double elr = 0;
  double used_exposure = 0;  // Σ exposure / CDF
};

}  // namespace medrisk::actuarial
