// Actuarial use cases behind /api/v1/actuarial/…: reserving on a posted or reference triangle, aggregate
// loss distributions under the API's named limits, the reference datasets of data/actuarial/, and the
// platform's own triangle (from the claims module, through the ClaimsHistory port it provides).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kernel/date.hpp"
#include "kernel/result.hpp"
#include "modules/actuarial/rules.hpp"
#include "platform/context.hpp"
#include "platform/db/database.hpp"
#include "platform/modules/module.hpp"

namespace medrisk::actuarial {

// Named limits of the HTTP API, tighter than the engine's (model.hpp) so that one request cannot
// hold a worker for long or take much memory.
inline constexpr std::size_t kApiMaxCells = 20'000;               // cells of a posted triangle
inline constexpr std::size_t kApiMaxCsvBytes = 2u * 1024u * 1024u;  // CSV text in a request
inline constexpr std::size_t kApiMaxBodyBytes = 4u * 1024u * 1024u;
inline constexpr std::size_t kApiMaxGridPoints = std::size_t{1} << 20;    // FFT output points
inline constexpr std::size_t kApiMaxPanjerPoints = std::size_t{1} << 16;  // Panjer is O(points²)
inline constexpr std::size_t kApiMaxFftLength = std::size_t{1} << 22;     // padded transform
inline constexpr std::size_t kApiMaxDraws = 1'000'000;
inline constexpr double kApiMaxSimulatedClaims = 1e8;  // draws × E[N] for Monte Carlo
inline constexpr std::size_t kApiMaxLevels = 20;
inline constexpr std::size_t kApiMaxRetentions = 20;
inline constexpr std::size_t kApiCdfPoints = 401;  // CDF points returned for a chart
inline constexpr std::size_t kApiMaxExclusions = 200;

enum class ReservingMethod { chainladder, mack, bf, capecod };
enum class TriangleBasis { paid, incurred };
// The rows of the platform triangle: the year of the medical event (accident year) or the year the
// insurer was notified of the claim (report year).
enum class TriangleOrigin { accident, report };

// Where the triangle of a reserving request comes from: exactly one of the four.
struct TriangleSource {
  std::optional<TriangleOrigin> platform;  // the platform's own triangle (ClaimsHistory) on the request's basis
  std::optional<std::string> dataset;    // a reference dataset of data/actuarial/ by name
  std::optional<std::string> csv;        // long-layout CSV text
  std::vector<CellRecord> cells;         // {origin, development lag, value}
  CsvTriangleOptions csv_options;        // columns, filters, development kind (dataset and csv)
  BuildOptions build;                    // incremental input, negative values allowed
};

struct Exclusion {
  std::string origin;
  int lag = 0;  // link ratio from this lag to the next
};

struct ReservingRequest {
  TriangleSource source;
  TriangleBasis basis = TriangleBasis::paid;
  ReservingMethod method = ReservingMethod::mack;
  ChainLadderOptions chain_ladder;  // exclusions are filled from `exclusions` once origins are known
  std::vector<Exclusion> exclusions;
  SigmaRule sigma_rule = SigmaRule::mack;
  std::optional<double> tail_se;
  std::optional<double> tail_sigma;
  std::vector<double> exposure;  // BF and Cape Cod: one value, or one per origin
  std::vector<double> apriori;   // BF: one loss ratio, or one per origin
  bool exposure_from_csv = false;  // the CSV's exposure column gives the exposure
};

struct ReservingOutcome {
  Triangle triangle;
  std::variant<ChainLadderResult, MackResult, BornhuetterFergusonResult, CapeCodResult> result;
};

struct AggregateRequest {
  std::string frequency;  // "poisson:10", "negbin:R,P", "binomial:N,P"
  std::string severity;   // "lognormal:MU,SIGMA", "gamma:…", "pareto:…", "empirical:X1,…"
  AggregateOptions options;
  std::vector<double> levels{0.9, 0.95, 0.99, 0.995};
  std::vector<double> retentions;
};

struct CdfPoint {
  double x = 0;
  double cdf = 0;
};

struct AggregateOutcome {
  Frequency frequency;
  Severity severity;
  AggregateDistribution distribution;
  std::vector<double> levels;
  std::vector<double> retentions;
  std::vector<CdfPoint> cdf;  // at most kApiCdfPoints, for a chart
};

// A reference triangle file of data/actuarial/ (listed in data/actuarial/datasets.json).
struct Dataset {
  std::string name;
  std::string file;
  std::string title_zh;
  std::string title_en;
  std::string basis;
  std::string source;
};

struct PlatformTriangle {
  TriangleBasis basis = TriangleBasis::paid;
  TriangleOrigin origin = TriangleOrigin::accident;
  bool available = false;
  std::optional<std::string> note;  // platform_claims_not_available while there is no claims data
  Triangle triangle;
};

// Port: implemented by the claims module (built after this one), which provides it in the service
// registry; the actuarial module resolves it when a platform triangle is asked for. It gives the cells
// by origin year (accident or report) and development lag (lag 1 = the origin year, lag k = the k-th
// calendar year, up to the year of `as_of`): confirmed payments as increments (paid), or paid to date +
// case reserve at each year end (at `as_of` on the last diagonal) as cumulative values (incurred);
// triangle_from_records builds the triangle. No records: no claims yet.
class ClaimsHistory {
 public:
  virtual ~ClaimsHistory() = default;
  virtual Result<std::vector<CellRecord>> triangle_records(TriangleBasis basis, TriangleOrigin origin, Date as_of) = 0;
  virtual bool records_are_increments(TriangleBasis basis) const = 0;
};
// How the service finds the port: asked on each use, so a module built later can provide it.
using ClaimsHistoryLookup = std::function<ClaimsHistory*()>;

std::string_view to_string(ReservingMethod method);
bool parse_reserving_method(std::string_view text, ReservingMethod& out);
std::string_view to_string(TriangleBasis basis);
bool parse_basis(std::string_view text, TriangleBasis& out);
std::string_view to_string(TriangleOrigin origin);
bool parse_origin(std::string_view text, TriangleOrigin& out);

class ActuarialService {
 public:
  // `data_dir` is data/actuarial/ (datasets.json and the CSV files); `claims` may be empty or answer null
  // (no claims module): the platform triangle is then empty with its note.
  ActuarialService(db::Database& db, std::filesystem::path data_dir, ClaimsHistoryLookup claims = {});

  Result<ReservingOutcome> reserve(const RequestContext& ctx, const ReservingRequest& request);
  Result<AggregateOutcome> aggregate_loss(const RequestContext& ctx, const AggregateRequest& request);
  Result<std::vector<Dataset>> datasets(const RequestContext& ctx);
  Result<std::pair<Dataset, Triangle>> dataset_triangle(const RequestContext& ctx, const std::string& name);
  Result<PlatformTriangle> platform_triangle(const RequestContext& ctx, TriangleBasis basis,
                                             TriangleOrigin origin = TriangleOrigin::accident);

 private:
  Result<Dataset> find_dataset(const std::string& name) const;
  Result<CsvTriangle> load_triangle(const TriangleSource& source) const;
  Result<PlatformTriangle> build_platform_triangle(TriangleBasis basis, TriangleOrigin origin, Date as_of);

  db::Database& db_;
  std::filesystem::path data_dir_;
  ClaimsHistoryLookup claims_;
  std::vector<Dataset> datasets_;
};

// The module's entry in src/app/modules.cpp.
modules::ModuleSpec module_spec();

}  // namespace medrisk::actuarial
