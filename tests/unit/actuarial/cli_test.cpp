// `medrisk actuarial …` run in-process through CLI11 (argv parsed, std::cout captured) on the shared
// RAA file: the JSON carries total.ibnr 52,135 and total.mack_se 26,909 (Mack 1994).
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "support.hpp"
// The command-line adapter of the module, driven in-process.
#include "modules/actuarial/cli.hpp"

namespace medrisk::actuarial {
namespace {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun run(std::vector<std::string> args) {
  args.insert(args.begin(), "medrisk");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  CLI::App app{"test"};
  CliRun r;
  medrisk::actuarial::add_actuarial_commands(app, r.exit_code);
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    r.exit_code = app.exit(e);
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string raa() { return testing::data_file("raa.csv").string(); }

TEST(Cli, MackJsonOnRaa) {
  const CliRun r = run({"actuarial", "mack", "--csv", raa(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(std::lround(j["total"]["ibnr"].get<double>()), 52135);
  EXPECT_EQ(std::lround(j["total"]["mack_se"].get<double>()), 26909);
  ASSERT_EQ(j["origins"].size(), 10u);
  EXPECT_EQ(j["origins"][9]["origin"], "1990");
  EXPECT_EQ(std::lround(j["origins"][9]["mack_se"].get<double>()), 24566);
}

TEST(Cli, MackOptionsLogLinearAndTail) {
  CliRun r = run({"actuarial", "mack", "--csv", raa(), "--sigma-rule", "loglinear", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["total"]["mack_se"].get<double>(), 26880.74, 0.005);
  r = run({"actuarial", "mack", "--csv", raa(), "--tail", "1.05", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["total"]["mack_se"].get<double>(), 28669.91, 0.005);
}

TEST(Cli, TablesPrint) {
  for (const char* cmd : {"chainladder", "mack"}) {
    const CliRun r = run({"actuarial", cmd, "--csv", raa()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("52,135"), std::string::npos) << r.out;
  }
  const CliRun bf = run({"actuarial", "bf", "--csv", raa(), "--premium", "40000", "--apriori", "0.7"});
  ASSERT_EQ(bf.exit_code, 0) << bf.err;
  EXPECT_NE(bf.out.find("75,203"), std::string::npos) << bf.out;
}

TEST(Cli, BfAndCapeCodJson) {
  CliRun r = run({"actuarial", "bf", "--csv", raa(), "--premium", "40000", "--apriori", "0.7", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["origins"][9]["ibnr"].get<double>(), 24861.068855, 1e-5);
  r = run({"actuarial", "capecod", "--csv", testing::data_file("xyz.csv").string(), "--value-col", "Paid",
           "--premium-col", "Premium", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["elr"].get<double>(), 0.763919, 5e-7);
}

TEST(Cli, FilterOnClrd) {
  const CliRun r = run({"actuarial", "chainladder", "--csv", testing::data_file("clrd.csv").string(), "--value-col",
                     "CumPaidLoss", "--filter", "GRCODE=86", "--filter", "LOB=wkcomp", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["origins"].size(), 10u);
}

TEST(Cli, AggregateJson) {
  const CliRun r = run({"actuarial", "aggregate", "--frequency", "poisson:3", "--severity", "gamma:2,100", "--method",
                     "fft", "--levels", "0.95,0.995", "--retention", "1000", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["mean"].get<double>(), 600, 1e-3);
  EXPECT_NEAR(j["sd"].get<double>(), std::sqrt(3 * 2 * 3 * 100.0 * 100), 0.5);  // λ E[X²]
  ASSERT_EQ(j["levels"].size(), 2u);
  EXPECT_GT(j["levels"][1]["var"].get<double>(), j["levels"][0]["var"].get<double>());
  EXPECT_GT(j["stop_loss"][0]["premium"].get<double>(), 0);
  const CliRun mc = run({"actuarial", "aggregate", "--frequency", "poisson:3", "--severity", "gamma:2,100", "--method",
                      "mc", "--draws", "20000", "--seed", "5"});
  ASSERT_EQ(mc.exit_code, 0) << mc.err;
  EXPECT_NE(mc.out.find("TVaR"), std::string::npos);
}

TEST(Cli, RefusalsGoToStderrWithCode) {
  CliRun r = run({"actuarial", "mack", "--csv", raa(), "--value-col", "paid"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("csv_column_missing"), std::string::npos) << r.err;
  r = run({"actuarial", "mack", "--csv", "/nonexistent.csv"});
  EXPECT_NE(r.err.find("csv_file_unreadable"), std::string::npos) << r.err;
  r = run({"actuarial", "mack", "--csv", raa(), "--sigma-rule", "median"});
  EXPECT_NE(r.err.find("sigma_rule_unknown"), std::string::npos) << r.err;
  r = run({"actuarial", "aggregate", "--frequency", "poisson:x", "--severity", "gamma:2,1"});
  EXPECT_NE(r.err.find("frequency_spec_invalid"), std::string::npos) << r.err;
  r = run({"actuarial", "aggregate", "--frequency", "poisson:1", "--severity", "gamma:2,1", "--levels", "1.5"});
  EXPECT_NE(r.err.find("level_invalid"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace medrisk::actuarial
