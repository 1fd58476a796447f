// Actuarial use cases: authorize with `actuarial.read` (actuaries and regulators, accounts/rules.cpp),
// build the triangle, run one pure method of the engine, and hold aggregate requests to the API limits.
// Nothing is stored, so nothing is audited: these are reads and computations.
#include "modules/actuarial/api.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "modules/accounts/api.hpp"

namespace medrisk::actuarial {
namespace {

constexpr std::string_view kPermission = "actuarial.read";

Error fail(std::string_view code, std::string detail) { return Error::of(std::string(code), std::move(detail)); }

std::vector<Dataset> load_manifest(const std::filesystem::path& dir) {
  std::ifstream in(dir / "datasets.json");
  if (!in) throw std::runtime_error("cannot read " + (dir / "datasets.json").string());
  const auto doc = nlohmann::json::parse(in);
  std::vector<Dataset> out;
  for (const auto& d : doc.at("datasets"))
    out.push_back({d.at("name"), d.at("file"), d.at("title_zh"), d.at("title_en"), d.at("basis"), d.at("source")});
  return out;
}

Result<ChainLadderOptions> resolve_exclusions(const ReservingRequest& r, const Triangle& t) {
  ChainLadderOptions o = r.chain_ladder;
  for (const auto& x : r.exclusions) {
    const auto it = std::find(t.origins.begin(), t.origins.end(), x.origin);
    if (it == t.origins.end() || x.lag < 1 || static_cast<std::size_t>(x.lag) >= t.n_dev)
      return fail(errors::exclusion_out_of_range, "origin " + x.origin + " lag " + std::to_string(x.lag));
    o.exclusions.emplace_back(static_cast<std::size_t>(it - t.origins.begin()), static_cast<std::size_t>(x.lag - 1));
  }
  return o;
}

Result<decltype(ReservingOutcome::result)> run_method(const ReservingRequest& r, const CsvTriangle& loaded,
                                                      const ChainLadderOptions& cl) {
  const Triangle& t = loaded.triangle;
  switch (r.method) {
    case ReservingMethod::chainladder: {
      MEDRISK_TRY(auto res, chain_ladder(t, cl));
      return decltype(ReservingOutcome::result)(std::move(res));
    }
    case ReservingMethod::mack: {
      MackOptions o{cl, r.sigma_rule, r.tail_se, r.tail_sigma};
      MEDRISK_TRY(auto res, mack(t, o));
      return decltype(ReservingOutcome::result)(std::move(res));
    }
    default: break;
  }
  const std::vector<double>& exposure = r.exposure_from_csv ? loaded.exposure : r.exposure;
  if (exposure.empty()) return fail(errors::exposure_count_mismatch, "give exposure (or exposure_column)");
  if (r.method == ReservingMethod::bf) {
    if (r.apriori.empty()) return fail(errors::apriori_loss_ratio_invalid, "give apriori_loss_ratios");
    MEDRISK_TRY(auto res, bornhuetter_ferguson(t, BornhuetterFergusonOptions{cl, exposure, r.apriori}));
    return decltype(ReservingOutcome::result)(std::move(res));
  }
  MEDRISK_TRY(auto res, cape_cod(t, CapeCodOptions{cl, exposure}));
  return decltype(ReservingOutcome::result)(std::move(res));
}

// The API's limits on a request before any work is done (the engine has its own, wider ones).
Status check_aggregate_limits(const AggregateRequest& r, const Frequency& f) {
  const auto& o = r.options;
  if (o.method == AggregateMethod::monte_carlo) {
    if (o.draws > kApiMaxDraws)
      return fail(errors::draws_above_api_limit, std::to_string(o.draws) + " > " + std::to_string(kApiMaxDraws));
    if (static_cast<double>(o.draws) * f.mean() > kApiMaxSimulatedClaims)
      return fail(errors::simulated_claims_above_api_limit, "draws × expected claim count > 1e8");
    return {};
  }
  const std::size_t limit = o.method == AggregateMethod::panjer ? kApiMaxPanjerPoints : kApiMaxGridPoints;
  if (o.points > limit)
    return fail(errors::grid_points_above_api_limit,
                std::to_string(o.points) + " > " + std::to_string(limit) + " for " + std::string(to_string(o.method)));
  return {};
}

// FFT length the engine would pad to (aggregate.cpp: max(2 × points, mean + 12 sd) in grid units).
Status check_fft_length(const Frequency& freq, const std::vector<double>& f, std::size_t points) {
  double m1 = 0, m2 = 0;
  for (std::size_t j = 0; j < f.size(); ++j) {
    const double x = static_cast<double>(j);
    m1 += x * f[j];
    m2 += x * x * f[j];
  }
  const double var = freq.mean() * (m2 - m1 * m1) + freq.variance() * m1 * m1;
  const double needed = std::max(2.0 * static_cast<double>(points), freq.mean() * m1 + 12.0 * std::sqrt(std::max(0.0, var)));
  if (needed > static_cast<double>(kApiMaxFftLength))
    return fail(errors::fft_length_above_api_limit, "the transform would need " + std::to_string(static_cast<long long>(needed)) + " points");
  return {};
}

// F at kApiCdfPoints evenly spaced x from 0 to the largest requested VaR (at least the 99.9 % point).
std::vector<CdfPoint> cdf_points(const AggregateDistribution& d, const std::vector<double>& levels) {
  double top_level = 0.999;
  for (double l : levels) top_level = std::max(top_level, l);
  auto top = value_at_risk(d, top_level);
  double x_max = top ? *top : (d.samples.empty() ? d.span * static_cast<double>(d.pmf.size() - 1) : d.samples.back());
  if (!(x_max > 0)) x_max = 1;
  std::vector<CdfPoint> out;
  out.reserve(kApiCdfPoints);
  double cum = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < kApiCdfPoints; ++i) {
    const double x = x_max * static_cast<double>(i) / static_cast<double>(kApiCdfPoints - 1);
    if (d.samples.empty()) {
      for (; k < d.pmf.size() && static_cast<double>(k) * d.span <= x + 1e-9 * d.span; ++k) cum += d.pmf[k];
      out.push_back({x, std::min(1.0, cum)});
    } else {
      const auto n = std::upper_bound(d.samples.begin(), d.samples.end(), x) - d.samples.begin();
      out.push_back({x, static_cast<double>(n) / static_cast<double>(d.samples.size())});
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(ReservingMethod m) {
  switch (m) {
    case ReservingMethod::chainladder: return "chainladder";
    case ReservingMethod::mack: return "mack";
    case ReservingMethod::bf: return "bf";
    case ReservingMethod::capecod: return "capecod";
  }
  return "mack";
}

bool parse_reserving_method(std::string_view text, ReservingMethod& out) {
  for (auto m : {ReservingMethod::chainladder, ReservingMethod::mack, ReservingMethod::bf, ReservingMethod::capecod})
    if (text == to_string(m)) {
      out = m;
      return true;
    }
  return false;
}

std::string_view to_string(TriangleBasis b) { return b == TriangleBasis::paid ? "paid" : "incurred"; }

bool parse_basis(std::string_view text, TriangleBasis& out) {
  if (text == "paid") out = TriangleBasis::paid;
  else if (text == "incurred") out = TriangleBasis::incurred;
  else return false;
  return true;
}

std::string_view to_string(TriangleOrigin o) { return o == TriangleOrigin::accident ? "accident" : "report"; }

bool parse_origin(std::string_view text, TriangleOrigin& out) {
  if (text == "accident") out = TriangleOrigin::accident;
  else if (text == "report") out = TriangleOrigin::report;
  else return false;
  return true;
}

ActuarialService::ActuarialService(db::Database& db, std::filesystem::path data_dir, ClaimsHistoryLookup claims)
    : db_(db), data_dir_(std::move(data_dir)), claims_(std::move(claims)), datasets_(load_manifest(data_dir_)) {}

Result<Dataset> ActuarialService::find_dataset(const std::string& name) const {
  for (const auto& d : datasets_)
    if (d.name == name) return d;
  return fail(errors::dataset_not_found, "no reference dataset \"" + name + "\"");
}

Result<CsvTriangle> ActuarialService::load_triangle(const TriangleSource& s) const {
  if (s.dataset) {
    MEDRISK_TRY(Dataset d, find_dataset(*s.dataset));
    MEDRISK_TRY(std::string text, read_text_file((data_dir_ / d.file).string()));
    return triangle_from_csv_text(text, s.csv_options);
  }
  if (s.csv) return triangle_from_csv_text(*s.csv, s.csv_options);
  MEDRISK_TRY(Triangle t, triangle_from_records(s.cells, s.build));
  CsvTriangle out;
  out.triangle = std::move(t);
  return out;
}

Result<ReservingOutcome> ActuarialService::reserve(const RequestContext& ctx, const ReservingRequest& r) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  CsvTriangle loaded;
  if (r.source.platform) {
    MEDRISK_TRY(PlatformTriangle p, build_platform_triangle(r.basis, *r.source.platform, ctx.now().shanghai_date()));
    if (!p.available) return fail(errors::platform_triangle_empty, "the platform has no claims history yet");
    loaded.triangle = std::move(p.triangle);
  } else {
    MEDRISK_TRY(CsvTriangle from_source, load_triangle(r.source));
    loaded = std::move(from_source);
  }
  if (r.exposure_from_csv && loaded.exposure.empty())
    return fail(errors::exposure_count_mismatch, "the CSV has no exposure column");
  MEDRISK_TRY(ChainLadderOptions cl, resolve_exclusions(r, loaded.triangle));
  MEDRISK_TRY(auto result, run_method(r, loaded, cl));
  return ReservingOutcome{std::move(loaded.triangle), std::move(result)};
}

Result<AggregateOutcome> ActuarialService::aggregate_loss(const RequestContext& ctx, const AggregateRequest& r) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  MEDRISK_TRY(Frequency freq, parse_frequency(r.frequency));
  MEDRISK_TRY(Severity sev, parse_severity(r.severity));
  MEDRISK_CHECK(check_aggregate_limits(r, freq));
  AggregateOutcome out{freq, sev, {}, r.levels, r.retentions, {}};
  const auto& o = r.options;
  if (o.method == AggregateMethod::monte_carlo) {
    MEDRISK_TRY(auto d, monte_carlo(freq, sev, o.draws, o.seed));
    out.distribution = std::move(d);
  } else {
    const double span = o.span > 0 ? o.span : default_span(freq, sev, o.points);
    MEDRISK_TRY(std::vector<double> f, discretize(sev, span, o.points, o.discretization));
    if (o.method == AggregateMethod::fft) MEDRISK_CHECK(check_fft_length(freq, f, o.points));
    MEDRISK_TRY(auto d, o.method == AggregateMethod::panjer ? panjer(freq, f, span, o.points)
                                                           : fft_aggregate(freq, f, span, o.points));
    out.distribution = std::move(d);
  }
  out.cdf = cdf_points(out.distribution, r.levels);
  return out;
}

Result<std::vector<Dataset>> ActuarialService::datasets(const RequestContext& ctx) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  return datasets_;
}

Result<std::pair<Dataset, Triangle>> ActuarialService::dataset_triangle(const RequestContext& ctx, const std::string& name) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  MEDRISK_TRY(Dataset d, find_dataset(name));
  TriangleSource s;
  s.dataset = name;
  MEDRISK_TRY(CsvTriangle t, load_triangle(s));
  return std::pair<Dataset, Triangle>{std::move(d), std::move(t.triangle)};
}

Result<PlatformTriangle> ActuarialService::platform_triangle(const RequestContext& ctx, TriangleBasis basis,
                                                             TriangleOrigin origin) {
  MEDRISK_CHECK(accounts::authorize(ctx.actor, kPermission));
  return build_platform_triangle(basis, origin, ctx.now().shanghai_date());
}

Result<PlatformTriangle> ActuarialService::build_platform_triangle(TriangleBasis basis, TriangleOrigin origin,
                                                                   Date as_of) {
  PlatformTriangle out;
  out.basis = basis;
  out.origin = origin;
  ClaimsHistory* claims = claims_ ? claims_() : nullptr;
  if (claims == nullptr) {
    out.note = std::string(errors::platform_claims_not_available);
    return out;
  }
  MEDRISK_TRY(std::vector<CellRecord> records, claims->triangle_records(basis, origin, as_of));
  if (records.empty()) {
    out.note = std::string(errors::platform_claims_not_available);
    return out;
  }
  BuildOptions build;
  build.incremental_input = claims->records_are_increments(basis);
  build.sum_duplicates = build.incremental_input;
  build.allow_negative = basis == TriangleBasis::incurred;
  MEDRISK_TRY(Triangle t, triangle_from_records(records, build));
  out.available = true;
  out.triangle = std::move(t);
  return out;
}

}  // namespace medrisk::actuarial
