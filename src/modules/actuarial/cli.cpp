// The actuarial subcommands: decode flags, call one pure function of modules/actuarial, print a
// table or the same JSON the HTTP routes will return (modules/actuarial/json.hpp).
#include "modules/actuarial/cli.hpp"

#include <cstdarg>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "modules/actuarial/json.hpp"
#include "modules/actuarial/rules.hpp"

namespace medrisk::actuarial {
namespace {

namespace act = medrisk::actuarial;

struct ReservingArgs {
  std::string csv, origin_col, dev_col, value_col, dev_kind = "auto", average = "volume", sigma_rule = "mack";
  std::string premium_col;
  std::vector<std::string> filters, exclusions;
  std::vector<double> premium, apriori;
  double tail = 1.0;
  std::optional<double> tail_se, tail_sigma;
  std::size_t periods = 0;
  bool json = false, incremental = false, allow_negative = false;
};

struct AggregateArgs {
  std::string frequency, severity, method = "panjer", discretization = "unbiased", levels = "0.9,0.95,0.99,0.995";
  double span = 0;
  std::size_t points = 8192, draws = 100000;
  std::uint64_t seed = 20240601;
  std::vector<double> retentions;
  bool json = false;
};

// printf-style output to std::cout (not stdout) so that callers and tests can redirect it.
__attribute__((format(printf, 1, 2))) void say(const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  std::cout << buf;
}

int refuse(const Error& e) {
  std::cerr << "error: " << e.code << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
  return 1;
}

std::string fixed(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;  // thousands separators for readability
  const auto dot = s.find('.');
  std::size_t end = dot == std::string::npos ? s.size() : dot;
  const std::size_t begin = s[0] == '-' ? 1 : 0;
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(end) - 3; i > static_cast<std::ptrdiff_t>(begin); i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

Result<act::CsvTriangle> load(const ReservingArgs& a) {
  act::CsvTriangleOptions o;
  o.origin_column = a.origin_col;
  o.development_column = a.dev_col;
  o.value_column = a.value_col;
  o.exposure_column = a.premium_col;
  o.build.incremental_input = a.incremental;
  o.build.allow_negative = a.allow_negative;
  if (a.dev_kind == "lag") o.development = act::DevelopmentKind::lag;
  else if (a.dev_kind == "calendar") o.development = act::DevelopmentKind::calendar;
  for (const auto& f : a.filters) {
    MEDRISK_TRY(auto pair, act::parse_filter(f));
    o.filters.push_back(std::move(pair));
  }
  MEDRISK_TRY(std::string text, act::read_text_file(a.csv));
  return act::triangle_from_csv_text(text, o);
}

// "1982:3" = leave out origin 1982's link ratio from lag 3 to lag 4.
Result<act::ChainLadderOptions> chain_ladder_options(const ReservingArgs& a, const act::Triangle& t) {
  act::ChainLadderOptions o;
  if (!act::parse_average(a.average, o.average))
    return Error::of(std::string(act::errors::average_unknown), "\"" + a.average + "\"");
  o.tail = a.tail;
  o.n_periods = a.periods;
  for (const auto& x : a.exclusions) {
    const auto colon = x.find(':');
    std::size_t row = t.n_origins();
    for (std::size_t i = 0; i < t.n_origins() && colon != std::string::npos; ++i)
      if (t.origins[i] == x.substr(0, colon)) row = i;
    int lag = 0;
    try {
      lag = colon == std::string::npos ? 0 : std::stoi(x.substr(colon + 1));
    } catch (const std::exception&) {
      lag = 0;
    }
    if (row == t.n_origins() || lag < 1)
      return Error::of(std::string(act::errors::exclusion_out_of_range), "\"" + x + "\" (expected ORIGIN:LAG)");
    o.exclusions.emplace_back(row, static_cast<std::size_t>(lag - 1));
  }
  return o;
}

void print_rows(const nlohmann::json& j, const std::vector<std::pair<const char*, int>>& columns) {
  say("%-10s", "origin");
  for (const auto& [name, decimals] : columns) say(" %16s", name);
  say("\n");
  const auto row = [&](const std::string& label, const nlohmann::json& o) {
    say("%-10s", label.c_str());
    for (const auto& [name, decimals] : columns)
      say(" %16s", o.contains(name) ? fixed(o[name].get<double>(), decimals).c_str() : "");
    say("\n");
  };
  for (const auto& o : j["origins"]) row(o["origin"].get<std::string>(), o);
  row("total", j["total"]);
}

void print_table(const std::string& command, const nlohmann::json& j) {
  say("%s (%s average, tail %.4f)\n\n", command.c_str(), j["average"].get<std::string>().c_str(), j["tail"].get<double>());
  say("%-10s %14s %14s", "lag", "ldf", "cdf");
  if (command == "mack") say(" %14s %14s", "sigma2", "ldf_se");
  say("\n");
  for (const auto& d : j["development"]) {
    say("%-10s %14.6f %14.6f", (std::to_string(d["from_lag"].get<int>()) + "-" + std::to_string(d["to_lag"].get<int>())).c_str(),
                d["ldf"].get<double>(), d["cdf_to_ultimate"].get<double>());
    if (command == "mack") say(" %14.4f %14.6f", d["sigma2"].get<double>(), d["ldf_se"].get<double>());
    say("\n");
  }
  say("\n");
  if (command == "mack")
    print_rows(j, {{"latest", 0}, {"ultimate", 0}, {"ibnr", 0}, {"mack_se", 0}, {"process_se", 0}, {"parameter_se", 0}});
  else if (command == "chainladder")
    print_rows(j, {{"latest", 0}, {"cdf", 6}, {"ultimate", 0}, {"ibnr", 0}});
  else
    print_rows(j, {{"latest", 0}, {"exposure", 0}, {"elr", 6}, {"pct_unreported", 6}, {"ultimate", 0}, {"ibnr", 0}});
  if (j.contains("elr")) say("\nCape Cod expected loss ratio: %.6f\n", j["elr"].get<double>());
  if (command == "mack")
    say("\nsigma rule: %s; CV of total reserve: %.4f\n", j["sigma_rule"].get<std::string>().c_str(), j["total"]["cv"].get<double>());
}

int run_reserving(const std::string& command, const ReservingArgs& a) {
  auto loaded = load(a);
  if (!loaded) return refuse(loaded.error());
  const act::Triangle& t = loaded->triangle;
  auto cl = chain_ladder_options(a, t);
  if (!cl) return refuse(cl.error());
  nlohmann::json out;
  if (command == "chainladder") {
    auto r = act::chain_ladder(t, *cl);
    if (!r) return refuse(r.error());
    out = act::to_json(*r);
  } else if (command == "mack") {
    act::MackOptions o;
    o.chain_ladder = *cl;
    o.tail_se = a.tail_se;
    o.tail_sigma = a.tail_sigma;
    if (!act::parse_sigma_rule(a.sigma_rule, o.sigma_rule))
      return refuse(Error::of(std::string(act::errors::sigma_rule_unknown), "\"" + a.sigma_rule + "\""));
    auto r = act::mack(t, o);
    if (!r) return refuse(r.error());
    out = act::to_json(*r);
  } else {
    const std::vector<double> exposure = !loaded->exposure.empty() ? loaded->exposure : a.premium;
    if (exposure.empty())
      return refuse(Error::of(std::string(act::errors::exposure_count_mismatch), "give --premium or --premium-col"));
    if (command == "bf") {
      act::BornhuetterFergusonOptions o{*cl, exposure, a.apriori};
      if (a.apriori.empty())
        return refuse(Error::of(std::string(act::errors::apriori_loss_ratio_invalid), "give --apriori"));
      auto r = act::bornhuetter_ferguson(t, o);
      if (!r) return refuse(r.error());
      out = act::to_json(*r);
    } else {
      auto r = act::cape_cod(t, act::CapeCodOptions{*cl, exposure});
      if (!r) return refuse(r.error());
      out = act::to_json(*r);
    }
  }
  out["input"] = {{"csv", a.csv}, {"origin_column", loaded->origin_column},
                  {"development_column", loaded->development_column}, {"value_column", loaded->value_column}};
  if (a.json) std::cout << out.dump(2) << "\n";
  else print_table(command, out);
  std::cout.flush();
  return 0;
}

Result<std::vector<double>> parse_levels(const std::string& text) {
  std::vector<double> levels;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    double v = 0;
    try {
      std::size_t used = 0;
      v = std::stod(item, &used);
      if (used != item.size()) v = -1;
    } catch (const std::exception&) {
      v = -1;
    }
    if (!(v > 0 && v < 1)) return Error::of(std::string(act::errors::level_invalid), "\"" + item + "\"");
    levels.push_back(v);
  }
  return levels;
}

int run_aggregate(const AggregateArgs& a) {
  auto freq = act::parse_frequency(a.frequency);
  if (!freq) return refuse(freq.error());
  auto sev = act::parse_severity(a.severity);
  if (!sev) return refuse(sev.error());
  auto levels = parse_levels(a.levels);
  if (!levels) return refuse(levels.error());
  act::AggregateOptions o;
  if (!act::parse_aggregate_method(a.method, o.method))
    return refuse(Error::of(std::string(act::errors::method_unknown), "\"" + a.method + "\" (panjer, fft or mc)"));
  if (a.discretization == "rounding") o.discretization = act::Discretization::rounding;
  else if (a.discretization != "unbiased")
    return refuse(Error::of(std::string(act::errors::method_unknown), "discretization \"" + a.discretization + "\""));
  o.span = a.span;
  o.points = a.points;
  o.draws = a.draws;
  o.seed = a.seed;
  auto d = act::aggregate(*freq, *sev, o);
  if (!d) return refuse(d.error());
  nlohmann::json j = act::to_json(*d, *levels);
  j["frequency"] = {{"spec", a.frequency}, {"mean", freq->mean()}, {"variance", freq->variance()}};
  j["severity"] = {{"spec", a.severity}, {"mean", sev->mean()}};
  auto stop_loss = nlohmann::json::array();
  for (double r : a.retentions) stop_loss.push_back({{"retention", r}, {"premium", d->stop_loss(r)}});
  j["stop_loss"] = std::move(stop_loss);
  if (a.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    say("aggregate loss: %s × %s by %s\n", a.frequency.c_str(), a.severity.c_str(), a.method.c_str());
    say("mean %s   sd %s\n", fixed(j["mean"].get<double>(), 2).c_str(), fixed(j["sd"].get<double>(), 2).c_str());
    if (j.contains("span"))
      say("grid: %zu points of %.6g, probability on grid %.10f\n", d->pmf.size(), d->span, d->total_mass());
    say("\n%-10s %18s %18s\n", "level", "VaR", "TVaR");
    for (const auto& row : j["levels"])
      say("%-10.4f %18s %18s\n", row["level"].get<double>(),
                  row["var"].is_null() ? "beyond grid" : fixed(row["var"].get<double>(), 2).c_str(),
                  row["tvar"].is_null() ? "beyond grid" : fixed(row["tvar"].get<double>(), 2).c_str());
    for (const auto& row : j["stop_loss"])
      say("stop-loss premium above %s: %s\n", fixed(row["retention"].get<double>(), 2).c_str(),
                  fixed(row["premium"].get<double>(), 2).c_str());
  }
  std::cout.flush();
  return 0;
}

void add_reserving_command(CLI::App& parent, const std::string& name, const std::string& about, int& exit_code) {
  auto args = std::make_shared<ReservingArgs>();
  CLI::App* c = parent.add_subcommand(name, about);
  c->add_option("--csv", args->csv, "long-layout CSV: one row per origin × development cell")->required();
  c->add_option("--origin-col", args->origin_col, "origin column (default: origin, AccidentYear, …)");
  c->add_option("--dev-col", args->dev_col, "development column: lag, or calendar year/month/quarter");
  c->add_option("--dev-kind", args->dev_kind, "auto|lag|calendar");
  c->add_option("--value-col", args->value_col, "value column (default: values, value, loss)");
  c->add_option("--filter", args->filters, "COL=VALUE, repeatable (all must match)");
  c->add_flag("--incremental", args->incremental, "values are increments (cumulated before use)");
  c->add_flag("--allow-negative", args->allow_negative, "accept negative cumulative values");
  c->add_option("--average", args->average, "volume|simple|regression");
  c->add_option("--periods", args->periods, "use only the latest N diagonals of link ratios");
  c->add_option("--exclude", args->exclusions, "ORIGIN:LAG link ratio to leave out, repeatable");
  c->add_option("--tail", args->tail, "tail factor to ultimate (default 1)");
  c->add_flag("--json", args->json, "print JSON");
  if (name == "mack") {
    c->add_option("--sigma-rule", args->sigma_rule, "mack (default) | loglinear");
    c->add_option("--tail-se", args->tail_se, "standard error of the tail factor (default: extrapolated)");
    c->add_option("--tail-sigma", args->tail_sigma, "sigma of the tail (default: extrapolated)");
  }
  if (name == "bf" || name == "capecod") {
    c->add_option("--premium", args->premium, "exposure: one value for all origins or one per origin")->delimiter(',');
    c->add_option("--premium-col,--exposure-col", args->premium_col, "exposure column in the CSV");
  }
  if (name == "bf") c->add_option("--apriori", args->apriori, "a-priori loss ratio: one, or one per origin")->delimiter(',');
  c->callback([args, name, &exit_code] { exit_code = run_reserving(name, *args); });
}

}  // namespace

void add_actuarial_commands(CLI::App& app, int& exit_code) {
  CLI::App* act_cmd = app.add_subcommand("actuarial", "reserving (chain ladder, Mack, BF, Cape Cod) and aggregate loss");
  act_cmd->require_subcommand(1);
  add_reserving_command(*act_cmd, "chainladder", "chain-ladder development factors, ultimates, IBNR", exit_code);
  add_reserving_command(*act_cmd, "mack", "chain ladder with Mack (1993) standard errors", exit_code);
  add_reserving_command(*act_cmd, "bf", "Bornhuetter–Ferguson with a-priori loss ratios", exit_code);
  add_reserving_command(*act_cmd, "capecod", "Cape Cod (Stanard–Bühlmann)", exit_code);

  auto args = std::make_shared<AggregateArgs>();
  CLI::App* agg = act_cmd->add_subcommand("aggregate", "aggregate loss distribution: mean, sd, VaR, TVaR");
  agg->add_option("--frequency", args->frequency, "poisson:LAMBDA | negbin:R,P | binomial:N,P")->required();
  agg->add_option("--severity", args->severity, "lognormal:MU,SIGMA | gamma:SHAPE,SCALE | pareto:ALPHA,THETA | empirical:X1,X2,…")->required();
  agg->add_option("--method", args->method, "panjer|fft|mc");
  agg->add_option("--discretization", args->discretization, "unbiased (default) | rounding");
  agg->add_option("--span", args->span, "grid step (default: grid covers mean + 10 sd)");
  agg->add_option("--points", args->points, "grid points (default 8192)");
  agg->add_option("--draws", args->draws, "Monte Carlo draws (default 100000)");
  agg->add_option("--seed", args->seed, "Monte Carlo seed");
  agg->add_option("--levels", args->levels, "VaR/TVaR levels, comma-separated");
  agg->add_option("--retention", args->retentions, "stop-loss retention(s)")->delimiter(',');
  agg->add_flag("--json", args->json, "print JSON");
  agg->callback([args, &exit_code] { exit_code = run_aggregate(*args); });
}

}  // namespace medrisk::actuarial
